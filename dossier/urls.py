from django.urls import path

from dossier import views

app_name = "dossier"
urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.enterprise, name="enterprise"),
]
