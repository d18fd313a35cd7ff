from django.urls import path

from accountability import views

app_name = "accountability"
urlpatterns = [
    path("", views.cases, name="cases"),
    path("flags/", views.flags, name="flags"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("officials/<int:pk>/", views.official, name="official"),
]
