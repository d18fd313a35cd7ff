"""Reads: the access helpers (404 on what a user may not see), the public list's filters, policies for an
enterprise (also read by other apps' per-enterprise pages), consultations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404

from liaison.models import Forum
from policies.models import (
    INDUSTRY_SECTIONS,
    Beneficiary,
    Comment,
    Commitment,
    Consultation,
    ConsultationVersion,
    EnterpriseProfile,
    FaqEntry,
    Paragraph,
    Policy,
    PolicyMatch,
    PolicyQuestion,
    Size,
    Topic,
)
from portal.models import Department, Role
from portal.params import parse_id, parse_year

# ---- policies ------------------------------------------------------------------------------------


def managed_departments(user):
    """Departments whose policies the user drafts and publishes: their own (handlers), every one (admins)."""
    if not user.is_authenticated:
        return Department.objects.none()
    if user.has_role(Role.ADMIN):
        return Department.objects.filter(is_active=True)
    if user.has_role(Role.HANDLER) and user.department_id:
        return Department.objects.filter(pk=user.department_id)
    return Department.objects.none()


def policies_visible_to(user):
    """Published policies for everybody; drafts too for the issuing department's handlers and admins."""
    q = Q(status=Policy.Status.PUBLISHED)
    if user.is_authenticated and user.has_role(Role.ADMIN):
        return Policy.objects.all()
    if user.is_authenticated and user.has_role(Role.HANDLER) and user.department_id:
        q |= Q(department_id=user.department_id)
    return Policy.objects.filter(q)


def get_policy_for_user(user, pk) -> Policy:
    """The policy if this user may see it, else 404 (pages and API alike)."""
    policy = policies_visible_to(user).select_related(
        "department", "department__liaison_officer", "jurisdiction", "published_by").filter(pk=pk).first()
    if policy is None:
        raise Http404
    return policy


def filter_policies(qs, params):
    """The public list's filters: q (title, 文号, summary), department, jurisdiction (code), topic,
    industry (a code: policies for it, its 门类, or every industry), size (likewise), year (issued)."""
    q = (params.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(summary__icontains=q))
    department = params.get("department")
    if parse_id(department):
        qs = qs.filter(department_id=parse_id(department))
    jurisdiction = params.get("jurisdiction")
    if jurisdiction:
        qs = qs.filter(jurisdiction__code=str(jurisdiction)[:16])
    topic = params.get("topic")
    if topic in Topic.values:
        qs = qs.filter(topic=topic)
    industry = (params.get("industry") or "").strip().upper()[:8]
    if industry.isalnum():
        codes = {industry, industry[0]} | {industry[:n] for n in range(2, len(industry))}
        match = Q(industries="")
        for code in codes:
            match |= Q(industries__contains=f" {code} ")
        qs = qs.filter(match)
    size = params.get("size")
    if size in Size.values:
        qs = qs.filter(Q(sizes="") | Q(sizes__contains=f" {size} "))
    year = str(params.get("year") or "")
    if parse_year(year):
        qs = qs.filter(issued_on__year=parse_year(year))
    return qs


def filter_choices() -> dict:
    """The filter form's choices (one small query)."""
    return {
        "departments": Department.objects.filter(policies__status=Policy.Status.PUBLISHED).distinct()
        .order_by("jurisdiction_id", "id").only("id", "name"),
        "topics": Topic.choices,
        "sizes": Size.choices,
        "sections": sorted(INDUSTRY_SECTIONS.items()),
    }


def policy_page(policy: Policy, user) -> dict:
    """What the detail page shows beside the policy: attachments, FAQ, and for its managers the questions."""
    from policies.services import can_manage

    manager = can_manage(user, policy.department)
    context = {
        "attachments": list(policy.attachments.all()),
        "faq": list(FaqEntry.objects.filter(policy=policy).order_by("id")),
        "can_manage": manager,
        "questions": [],
        "consultations": list(Consultation.objects.public().filter(policy=policy)),
    }
    if manager:
        context["questions"] = list(PolicyQuestion.objects.filter(policy=policy)
                                    .select_related("complaint", "complaint__enterprise", "faq").order_by("-id")[:50])
    elif user.is_authenticated and user.has_role(Role.ENTERPRISE) and user.enterprise_id:
        context["questions"] = list(PolicyQuestion.objects.filter(policy=policy, complaint__enterprise_id=user.enterprise_id)
                                    .select_related("complaint").order_by("-id")[:20])
    return context


@dataclass(frozen=True)
class Matched:
    policy: Policy
    reasons: list[str]
    pushed_at: object


def matched_with_profile(enterprise_id: int, *, limit: int = 20) -> tuple[EnterpriseProfile | None, list[Matched]]:
    """The enterprise's profile and the published policies pushed to it, newest first, each with why it
    matched: two queries whatever the number."""
    profile = EnterpriseProfile.objects.filter(enterprise_id=enterprise_id).first()
    matches = (PolicyMatch.objects.filter(enterprise_id=enterprise_id, policy__status=Policy.Status.PUBLISHED)
               .select_related("policy", "policy__jurisdiction", "policy__department").order_by("-id")[:limit])
    return profile, [Matched(m.policy, m.policy.reasons_for(profile), m.created_at) for m in matches]


def policies_for_enterprise(enterprise_id: int, *, limit: int = 20) -> list[Matched]:
    """The policies matched to an enterprise with the reasons (two queries): the home card's, and for other
    apps' per-enterprise pages (一企一档)."""
    return matched_with_profile(enterprise_id, limit=limit)[1]


# ---- consultations -------------------------------------------------------------------------------


def consultations_visible_to(user):
    """Put out for comment: everybody; drafts: the department's handlers and admins."""
    q = ~Q(status=Consultation.Status.DRAFT)
    if user.is_authenticated and user.has_role(Role.ADMIN):
        return Consultation.objects.all()
    if user.is_authenticated and user.has_role(Role.HANDLER) and user.department_id:
        q |= Q(department_id=user.department_id)
    return Consultation.objects.filter(q)


def with_texts(qs):
    """Consultations with their hearings, every version's paragraphs and the published responses: four queries
    after the consultations' own."""
    return qs.select_related("department", "jurisdiction", "policy", "register").prefetch_related(
        Prefetch("hearings", queryset=Forum.objects.order_by("date", "id")),
        Prefetch("versions", queryset=ConsultationVersion.objects.order_by("number").prefetch_related(
            Prefetch("paragraphs", queryset=Paragraph.objects.order_by("number")))),
        Prefetch("comments", to_attr="published_comments",
                 queryset=Comment.objects.filter(consultation__status=Consultation.Status.RESPONDED)
                 .select_related("enterprise", "chamber", "paragraph").order_by("paragraph__number", "id")),
    )


def get_consultation_for_user(user, pk) -> Consultation:
    consultation = with_texts(consultations_visible_to(user)).filter(pk=pk).first()
    if consultation is None:
        raise Http404
    return consultation


def comments_for_staff(consultation: Consultation):
    """Every comment with its author and enterprise (staff of the department; the read is audited by the view)."""
    return (Comment.objects.filter(consultation=consultation)
            .select_related("author", "enterprise", "chamber", "paragraph").order_by("paragraph__number", "id"))


def own_comments(consultation: Consultation, user):
    if not (user.is_authenticated and user.enterprise_id):
        return Comment.objects.none()
    return Comment.objects.filter(consultation=consultation, enterprise_id=user.enterprise_id).select_related(
        "paragraph").order_by("paragraph__number", "id")


# ---- 政策兑现 commitments ------------------------------------------------------------------------

COMMITMENT_READERS = (Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)


def beneficiaries_visible_to(user):
    """Oversight, investigators (their jurisdiction's; admins every one), the department's handlers (theirs),
    an enterprise (its own rows)."""
    if not user.is_authenticated:
        return Beneficiary.objects.none()
    if user.has_role(Role.ADMIN):
        return Beneficiary.objects.all()
    q = Q(pk__in=[])
    if user.has_role(Role.OVERSIGHT, Role.INVESTIGATOR):
        q |= Q(department__jurisdiction_id=user.jurisdiction_id) if user.jurisdiction_id else Q(pk__isnull=False)
    if user.has_role(Role.HANDLER) and user.department_id:
        q |= Q(department_id=user.department_id)
    if user.has_role(Role.ENTERPRISE) and user.enterprise_id:
        q |= Q(enterprise_id=user.enterprise_id)
    return Beneficiary.objects.filter(q)


def commitments_of(policy: Policy, user) -> list[Commitment]:
    """A policy's commitments, each with `mine` (the asking enterprise's row, or None): two queries."""
    commitments = list(Commitment.objects.filter(policy=policy).order_by("id"))
    mine = {}
    if user.is_authenticated and user.enterprise_id and commitments:
        mine = {b.commitment_id: b for b in Beneficiary.objects.filter(
            commitment__in=commitments, enterprise_id=user.enterprise_id)}
    for c in commitments:
        c.mine = mine.get(c.pk)
    return commitments


def get_commitment_for_user(user, pk) -> Commitment:
    """A commitment of a policy the user may see, else 404."""
    commitment = (Commitment.objects.filter(policy__in=policies_visible_to(user))
                  .select_related("policy", "policy__department").filter(pk=pk).first())
    if commitment is None:
        raise Http404
    return commitment


def overdue_by_department(user, today) -> list[dict]:
    """Per department: pending, overdue, delivered, amount delivered (one GROUP BY over the visible rows)."""
    S = Beneficiary.Status
    return list(beneficiaries_visible_to(user).order_by().values("department_id", "department__name").annotate(
        pending=Count("pk", filter=Q(status=S.PENDING)),
        overdue=Count("pk", filter=Q(status=S.PENDING, due_on__lt=today)),
        delivered=Count("pk", filter=Q(status=S.DELIVERED)),
        amount=Sum("amount", filter=Q(status=S.DELIVERED)),
    ).order_by("-overdue", "department_id"))
