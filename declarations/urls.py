from django.urls import path

from declarations import views

app_name = "declarations"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/<slug:kind>/", views.new, name="new"),
    path("approvals/", views.approvals, name="approvals"),
    path("flags/", views.flags, name="flags"),
    path("flags/<int:pk>/close/", views.flag_close, name="flag-close"),
    path("officials/<int:pk>/", views.official, name="official"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
