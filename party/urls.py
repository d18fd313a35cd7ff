from django.urls import path

from party import views

app_name = "party"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("<int:pk>/", views.edit, name="edit"),
]
