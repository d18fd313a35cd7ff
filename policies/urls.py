from django.urls import path

from policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="list"),
    path("manage/", views.policy_manage, name="manage"),
    path("new/", views.policy_new, name="new"),
    path("profile/", views.profile, name="profile"),
    path("<int:pk>/", views.policy_detail, name="detail"),
    path("<int:pk>/edit/", views.policy_edit, name="edit"),
    path("<int:pk>/publish/", views.policy_publish, name="publish"),
    path("<int:pk>/ask/", views.policy_ask, name="ask"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.policy_attachment, name="attachment"),
    path("questions/<int:pk>/faq/", views.faq_publish, name="faq-publish"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_new, name="consultation-new"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/comment/", views.consultation_comment, name="consultation-comment"),
    path("consultations/<int:pk>/open/", views.consultation_open, name="consultation-open"),
    path("consultations/<int:pk>/hearings/", views.consultation_hearing, name="consultation-hearing"),
    path("consultations/<int:pk>/respond/", views.consultation_respond, name="consultation-respond"),
    path("comments/<int:pk>/answer/", views.comment_answer, name="comment-answer"),
    path("<int:pk>/commitments/new/", views.commitment_new, name="commitment-new"),
    path("commitments/", views.commitment_overview, name="commitments"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment"),
    path("commitments/<int:pk>/apply/", views.commitment_apply, name="commitment-apply"),
    path("beneficiaries/<int:pk>/deliver/", views.beneficiary_deliver, name="beneficiary-deliver"),
]
