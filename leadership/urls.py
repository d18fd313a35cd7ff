from django.urls import path

from leadership import views

app_name = "leadership"
urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/report.<slug:fmt>", views.report_file, name="report-file"),
]
