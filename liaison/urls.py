from django.urls import path

from liaison import views

app_name = "liaison"
urlpatterns = [
    path("", views.pairing_list, name="pairings"),
    path("mine/", views.my_pairings, name="my-pairings"),
    path("pairings/new/", views.pairing_create, name="pairing-create"),
    path("pairings/<int:pk>/", views.pairing_detail, name="pairing-detail"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="pairing-end"),
    path("pairings/<int:pk>/visits/new/", views.visit_create, name="visit-create"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/confirm/", views.visit_confirm, name="visit-confirm"),
    path("visits/<int:pk>/dispute/", views.visit_dispute, name="visit-dispute"),
    path("problems/<str:kind>/<int:pk>/resolve/", views.problem_resolve, name="problem-resolve"),
    path("problems/<str:kind>/<int:pk>/convert/", views.problem_convert, name="problem-convert"),
    path("forums/", views.forum_list, name="forums"),
    path("forums/new/", views.forum_create, name="forum-create"),
    path("forums/<int:pk>/", views.forum_detail, name="forum-detail"),
    path("forums/<int:pk>/hold/", views.forum_hold, name="forum-hold"),
    path("forums/<int:pk>/cancel/", views.forum_cancel, name="forum-cancel"),
    path("forums/<int:pk>/resolutions/new/", views.resolution_create, name="resolution-create"),
    path("projects/", views.project_list, name="projects"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/reports/new/", views.report_create, name="report-create"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
]
