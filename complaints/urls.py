from django.urls import path

from complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/assign/", views.assign_many, name="assign-many"),
    path("queue/", views.queue, name="queue"),
    path("all/", views.all_complaints, name="all"),
    path("overdue/", views.overdue, name="overdue"),
    path("first-asked/", views.first_asked, name="first-asked"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/refuse/", views.refuse, name="refuse"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/transfer/", views.request_transfer, name="request-transfer"),
    path("<int:pk>/extend/", views.request_extension, name="request-extension"),
    path("<int:pk>/responder-answer/", views.responder_answer, name="responder-answer"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/supervise/", views.supervise, name="supervise"),
    path("<int:pk>/notice/", views.notice_new, name="notice-new"),
    path("requests/<int:pk>/decide/", views.decide, name="decide"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice-detail"),
]
