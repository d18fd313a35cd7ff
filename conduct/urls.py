from django.urls import path

from conduct import views

app_name = "conduct"
urlpatterns = [
    path("registers/", views.registers, name="registers"),
    path("registers/changes/", views.changes, name="changes"),
    path("reports/", views.report_list, name="reports"),
    path("reports/new/", views.report_new, name="report-new"),
    path("reports/mine/", views.my_reports, name="my-reports"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/investigate/", views.report_investigate, name="report-investigate"),
    path("reports/<int:pk>/note/", views.report_note, name="report-note"),
    path("reports/<int:pk>/conclude/", views.report_conclude, name="report-conclude"),
    path("reports/<int:pk>/evidence/<int:evidence_pk>/", views.report_evidence, name="report-evidence"),
    path("integrity/", views.integrity, name="integrity"),
    path("integrity/manage/", views.integrity_manage, name="integrity-manage"),
    path("integrity/new/", views.integrity_new, name="integrity-new"),
    path("integrity/<int:pk>/", views.integrity_detail, name="integrity-detail"),
    path("integrity/<int:pk>/<slug:action>/", views.integrity_act, name="integrity-act"),
    path("repair/", views.repair_mine, name="repair-mine"),
    path("repairs/", views.repair_list, name="repairs"),
    path("repairs/<int:pk>/", views.repair_detail, name="repair-detail"),
    path("repairs/<int:pk>/evidence/<int:evidence_pk>/", views.repair_evidence, name="repair-evidence"),
    path("pledge/", views.pledge, name="pledge"),
    path("pledges/outstanding/", views.pledge_outstanding, name="pledge-outstanding"),
]
