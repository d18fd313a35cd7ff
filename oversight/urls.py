from django.urls import path

from oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh, name="refresh"),
    path("export/<slug:table>.<slug:fmt>", views.export, name="export"),
    path("assessment/", views.assessment, name="assessment"),
    path("assessment/export.<slug:fmt>", views.assessment_export, name="assessment-export"),
]
