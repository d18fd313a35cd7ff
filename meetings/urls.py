from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/pull/", views.pull, name="pull"),
    path("<int:pk>/items/<int:item>/decide/", views.decide, name="decide"),
    path("<int:pk>/close/", views.close, name="close"),
]
