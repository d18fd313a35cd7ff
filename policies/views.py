"""Pages: the public library and consultations, the department's drafting and answers; thin over services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.models import Chamber
from policies import queries, services
from policies.forms import (
    AnswerForm,
    AskForm,
    CommentForm,
    CommitmentForm,
    ConsultationForm,
    DeliverForm,
    FaqForm,
    HearingForm,
    ListBeneficiaryForm,
    PolicyForm,
    ProfileForm,
    ResponseForm,
)
from policies.models import Comment, Consultation, EnterpriseProfile, Paragraph, Policy, PolicyQuestion
from portal import audit
from portal.errors import TransitionRefused
from portal.models import Enterprise, Role
from portal.pagination import CappedPaginator as Paginator
from portal.roles import role_required
from portal.uploads import private_response

PAGE_SIZE = 20


def _refused(request, exc) -> None:
    messages.error(request, str(exc))


# ---- the public library --------------------------------------------------------------------------


def policy_list(request):
    """Published policies, searchable and filtered; no login. A fixed number of queries."""
    qs = queries.filter_policies(Policy.objects.published().for_list(), request.GET)
    page = Paginator(qs.order_by("-published_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "policies/list.html", {
        "page": page, "params": params.urlencode(), "f": request.GET, **queries.filter_choices(),
        "can_draft": queries.managed_departments(request.user).exists() if request.user.is_authenticated else False,
    })


def policy_detail(request, pk: int):
    policy = queries.get_policy_for_user(request.user, pk)
    context = queries.policy_page(policy, request.user)
    is_enterprise = request.user.is_authenticated and request.user.has_role(Role.ENTERPRISE)
    return render(request, "policies/detail.html", {
        "policy": policy, **context, "commitments": queries.commitments_of(policy, request.user),
        "commitment_form": CommitmentForm() if context["can_manage"] else None,
        "ask_form": AskForm() if is_enterprise and policy.status == Policy.Status.PUBLISHED else None,
    })


def policy_attachment(request, pk: int, attachment_pk: int):
    policy = queries.get_policy_for_user(request.user, pk)
    attachment = get_object_or_404(policy.attachments, pk=attachment_pk)
    return private_response(attachment.file, filename=attachment.name, content_type=attachment.content_type)


# ---- drafting and publishing (the department's handlers, admins) -------------------------------------


@role_required(Role.HANDLER, Role.ADMIN)
def policy_manage(request):
    """The department's policies, drafts included."""
    departments = queries.managed_departments(request.user)
    qs = Policy.objects.filter(department__in=departments).for_list().order_by("-created_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "policies/manage.html", {"page": page})


def _save_form(request, form, policy=None):
    d = dict(form.cleaned_data)
    files = d.pop("attachments", [])
    if policy is None:
        department = d.pop("department")
        policy = services.create_policy(by=request.user, department=department, **d)
    else:
        services.update_policy(policy, by=request.user, **d)
    if files:
        services.add_attachments(policy, by=request.user, files=files)
    return policy


@role_required(Role.HANDLER, Role.ADMIN)
def policy_new(request):
    departments = queries.managed_departments(request.user)
    form = PolicyForm(request.POST or None, request.FILES or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        try:
            policy = _save_form(request, form)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("政策草稿已保存。"))
            return redirect("policies:detail", policy.pk)
    return render(request, "policies/form.html", {"form": form, "title": _("起草政策")})


@role_required(Role.HANDLER, Role.ADMIN)
def policy_edit(request, pk: int):
    policy = queries.get_policy_for_user(request.user, pk)
    if not services.can_manage(request.user, policy.department):
        raise PermissionDenied
    form = PolicyForm(request.POST or None, request.FILES or None, instance=policy,
                      departments=queries.managed_departments(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            _save_form(request, form, policy)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("政策草稿已保存。"))
            return redirect("policies:detail", policy.pk)
    return render(request, "policies/form.html", {"form": form, "title": _("修改政策"), "policy": policy})


@require_POST
@role_required(Role.HANDLER, Role.ADMIN)
def policy_publish(request, pk: int):
    policy = queries.get_policy_for_user(request.user, pk)
    try:
        services.publish_policy(policy, by=request.user)
    except TransitionRefused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("政策已发布，将推送给符合条件的企业。"))
    return redirect("policies:detail", policy.pk)


# ---- questions and FAQ ---------------------------------------------------------------------------


@require_POST
@role_required(Role.ENTERPRISE)
def policy_ask(request, pk: int):
    policy = queries.get_policy_for_user(request.user, pk)
    form = AskForm(request.POST)
    if not form.is_valid():
        _refused(request, _("请填写咨询内容。"))
        return redirect("policies:detail", policy.pk)
    try:
        question = services.ask_question(policy=policy, by=request.user, text=form.cleaned_data["text"],
                                         consent_faq=form.cleaned_data["consent_faq"])
    except TransitionRefused as exc:
        _refused(request, exc)
        return redirect("policies:detail", policy.pk)
    messages.success(request, _("咨询已提交，政策联络员将在期限内答复。"))
    return redirect("complaints:detail", question.complaint_id)


@role_required(Role.HANDLER, Role.ADMIN)
def faq_publish(request, pk: int):
    question = get_object_or_404(PolicyQuestion.objects.select_related("policy", "policy__department", "complaint"),
                                 pk=pk)
    if not services.can_manage(request.user, question.policy.department):
        raise Http404
    complaint = question.complaint
    form = FaqForm(request.POST or None, initial={"question": complaint.description, "answer": complaint.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_faq(question=question, by=request.user, question_text=form.cleaned_data["question"],
                                 answer_text=form.cleaned_data["answer"])
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已公开为常见问题。"))
            return redirect("policies:detail", question.policy_id)
    return render(request, "policies/faq_form.html", {"form": form, "question": question, "policy": question.policy})


@role_required(Role.ENTERPRISE)
def profile(request):
    """The enterprise states its industry, size, area and tags, which policies are matched against."""
    enterprise = request.user.enterprise
    if enterprise is None:
        raise Http404
    current = EnterpriseProfile.objects.filter(enterprise=enterprise).first()
    initial = {"industry_code": current.industry_code, "size": current.size, "area": current.area,
               "tags": " ".join(current.tag_list)} if current else {}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(enterprise, by=request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("企业信息已保存，新发布的政策将按此推送。"))
            return redirect("portal:home")
    return render(request, "policies/profile.html", {"form": form})


# ---- consultations -------------------------------------------------------------------------------


def consultation_list(request):
    qs = queries.consultations_visible_to(request.user).select_related("department").order_by("-opens_on", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    can_draft = request.user.is_authenticated and queries.managed_departments(request.user).exists()
    return render(request, "policies/consultations.html", {"page": page, "can_draft": can_draft})


def _side_by_side(consultation: Consultation) -> tuple[list, list]:
    """Versions as columns, paragraph numbers as rows."""
    versions = list(consultation.versions.all())
    rows = {}
    for i, version in enumerate(versions):
        for p in version.paragraphs.all():
            rows.setdefault(p.number, [""] * len(versions))[i] = p.text
    return versions, sorted(rows.items())


def consultation_detail(request, pk: int):
    consultation = queries.get_consultation_for_user(request.user, pk)
    user = request.user
    manager = services.can_manage(user, consultation.department)
    versions, rows = _side_by_side(consultation)
    first = versions[0] if versions else None
    comment_form = comment_as_chamber = None
    if user.is_authenticated and user.has_role(Role.ENTERPRISE) and consultation.phase() == "open" and first:
        comment_form = CommentForm(paragraphs=Paragraph.objects.filter(version=first).order_by("number"))
        comment_as_chamber = Chamber.objects.filter(account_id=user.enterprise_id).first()
    staff_comments = []
    if manager:
        staff_comments = list(queries.comments_for_staff(consultation))
        if staff_comments:
            audit.record("consultation_comments_read", request=request, obj=consultation, count=len(staff_comments))
    return render(request, "policies/consultation_detail.html", {
        "c": consultation, "versions": versions, "rows": rows, "first": first, "manager": manager,
        "comment_form": comment_form, "comment_as_chamber": comment_as_chamber, "staff_comments": staff_comments,
        "own_comments": list(queries.own_comments(consultation, user)),
        "answer_form": AnswerForm(), "response_form": ResponseForm(),
        "hearing_form": HearingForm(consultation=consultation) if manager else None,
        "phase": consultation.phase(),
    })


@require_POST
@login_required
def consultation_comment(request, pk: int):
    consultation = queries.get_consultation_for_user(request.user, pk)
    versions = list(consultation.versions.all())
    form = CommentForm(request.POST, paragraphs=Paragraph.objects.filter(version=versions[0]) if versions
                       else Paragraph.objects.none())
    if form.is_valid():
        try:
            services.add_comment(consultation, by=request.user, paragraph=form.cleaned_data["paragraph"],
                                 text=form.cleaned_data["text"], show_name=form.cleaned_data["show_name"])
            messages.success(request, _("意见已提交。"))
        except (TransitionRefused, PermissionDenied) as exc:
            _refused(request, exc)
    else:
        _refused(request, _("请选择段落并填写意见内容。"))
    return redirect("policies:consultation", consultation.pk)


@role_required(Role.HANDLER, Role.ADMIN)
def consultation_new(request):
    departments = queries.managed_departments(request.user)
    form = ConsultationForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.create_consultation(by=request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("policies:consultation", consultation.pk)
    return render(request, "policies/form.html", {"form": form, "title": _("发起征求意见")})


@require_POST
@role_required(Role.HANDLER, Role.ADMIN)
def consultation_hearing(request, pk: int):
    consultation = queries.get_consultation_for_user(request.user, pk)
    if not services.can_manage(request.user, consultation.department):
        raise Http404
    form = HearingForm(request.POST, consultation=consultation)
    if form.is_valid():
        try:
            services.link_hearing(consultation, by=request.user, forum=form.cleaned_data["forum"])
            messages.success(request, _("已关联听证会/论证会。"))
        except TransitionRefused as exc:
            _refused(request, exc)
    else:
        _refused(request, _("请选择听证会/论证会。"))
    return redirect("policies:consultation", consultation.pk)


@require_POST
@role_required(Role.HANDLER, Role.ADMIN)
def consultation_open(request, pk: int):
    consultation = queries.get_consultation_for_user(request.user, pk)
    try:
        services.open_consultation(consultation, by=request.user)
        messages.success(request, _("已发布征求意见。"))
    except TransitionRefused as exc:
        _refused(request, exc)
    return redirect("policies:consultation", consultation.pk)


@require_POST
@role_required(Role.HANDLER, Role.ADMIN)
def comment_answer(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("consultation", "consultation__department"), pk=pk)
    if not services.can_manage(request.user, comment.consultation.department):
        raise Http404
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_comment(comment, by=request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            _refused(request, exc)
    else:
        _refused(request, _("请选择采纳情况并填写理由。"))
    return redirect("policies:consultation", comment.consultation_id)


@require_POST
@role_required(Role.HANDLER, Role.ADMIN)
def consultation_respond(request, pk: int):
    consultation = queries.get_consultation_for_user(request.user, pk)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.publish_response(consultation, by=request.user, **form.cleaned_data)
            messages.success(request, _("采纳情况已公布。"))
        except TransitionRefused as exc:
            _refused(request, exc)
    return redirect("policies:consultation", consultation.pk)


# ---- 政策兑现 commitments ------------------------------------------------------------------------


@require_POST
@role_required(Role.HANDLER, Role.ADMIN)
def commitment_new(request, pk: int):
    policy = queries.get_policy_for_user(request.user, pk)
    form = CommitmentForm(request.POST)
    if form.is_valid():
        try:
            services.add_commitment(policy, by=request.user, **form.cleaned_data)
            messages.success(request, _("兑现事项已添加。"))
        except TransitionRefused as exc:
            _refused(request, exc)
    else:
        _refused(request, _("请填写兑现事项。"))
    return redirect("policies:detail", policy.pk)


@require_POST
@role_required(Role.ENTERPRISE)
def commitment_apply(request, pk: int):
    commitment = queries.get_commitment_for_user(request.user, pk)
    try:
        services.apply_for(commitment, by=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("已申请兑现，发文部门将按期兑现。"))
    except TransitionRefused as exc:
        _refused(request, exc)
    return redirect("policies:detail", commitment.policy_id)


@role_required(Role.HANDLER, Role.ADMIN, Role.OVERSIGHT, Role.INVESTIGATOR)
def commitment_detail(request, pk: int):
    """Who applied or was listed, and what each got when; the department lists and marks delivered."""
    commitment = queries.get_commitment_for_user(request.user, pk)
    manager = services.can_manage(request.user, commitment.policy.department)
    rows = (queries.beneficiaries_visible_to(request.user).filter(commitment=commitment)
            .select_related("enterprise").order_by("status", "due_on", "id"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    form = ListBeneficiaryForm(request.POST or None)
    form.fields["enterprise"].queryset = Enterprise.objects.filter(jurisdiction_id=commitment.policy.jurisdiction_id)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.list_beneficiary(commitment, by=request.user, **form.cleaned_data)
            except TransitionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已列入兑现名单。"))
                return redirect("policies:commitment", commitment.pk)
    return render(request, "policies/commitment.html", {
        "commitment": commitment, "page": page, "manager": manager, "form": form, "deliver_form": DeliverForm(),
        "today": timezone.localdate()})


@require_POST
@role_required(Role.HANDLER, Role.ADMIN)
def beneficiary_deliver(request, pk: int):
    beneficiary = get_object_or_404(queries.beneficiaries_visible_to(request.user)
                                    .select_related("commitment", "commitment__policy__department"), pk=pk)
    form = DeliverForm(request.POST)
    if form.is_valid():
        try:
            services.deliver(beneficiary, by=request.user, **form.cleaned_data)
            messages.success(request, _("已记录兑现。"))
        except TransitionRefused as exc:
            _refused(request, exc)
    else:
        _refused(request, _("请填写兑现日期。"))
    return redirect("policies:commitment", beneficiary.commitment_id)


@role_required(*queries.COMMITMENT_READERS, Role.HANDLER)
def commitment_overview(request):
    """Per department what is pending and overdue (oversight sees its jurisdiction, handlers their department)."""
    today = timezone.localdate()
    overdue = (queries.beneficiaries_visible_to(request.user).overdue(today)
               .select_related("enterprise", "department", "commitment").order_by("due_on", "id"))
    page = Paginator(overdue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "policies/commitments.html", {
        "departments": queries.overdue_by_department(request.user, today), "page": page, "today": today})
