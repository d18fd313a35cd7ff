"""Every state change of the policies app: drafting and publishing policies, the push to matching enterprises,
questions and FAQ entries, consultations and their answers."""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import services as complaint_services
from complaints.models import Category, Complaint
from conduct.models import Register
from liaison.models import Chamber, Forum
from policies.models import (
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
    pack,
)
from portal import outbox
from portal.errors import TransitionRefused
from portal.models import Department, Enterprise, Role, User
from portal.roles import holders
from portal.services import Audience, notify, notify_audiences

# Enterprises per INSERT … SELECT of the push (by id range): 100k enterprises are some twenty statements.
PUSH_BATCH = 5_000
POLICY_QUESTION_CATEGORY = "政策咨询"

POLICY_FIELDS = ("title", "number", "issued_on", "effective_from", "expires_on", "summary", "body", "topic",
                 "industries", "sizes", "areas", "tags")


# ---- who may -------------------------------------------------------------------------------------


def can_manage(user: User, department: Department | None) -> bool:
    """Handlers of the department (its 政策联络员 among them) and admins draft, publish and answer."""
    if not user.is_authenticated or department is None:
        return False
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(Role.HANDLER) and user.department_id == department.pk


def _require_manager(user: User, department: Department) -> None:
    if not can_manage(user, department):
        raise PermissionDenied(_("只有发文部门的承办人（政策联络员）或管理员可以操作。"))


def _clean(fields: dict) -> dict:
    fields = {k: v for k, v in fields.items() if k in POLICY_FIELDS}
    for name in ("industries", "areas", "tags"):
        if name in fields:
            fields[name] = pack(fields[name] or "")
    if "industries" in fields:
        fields["industries"] = fields["industries"].upper()
    if "sizes" in fields:
        sizes = fields["sizes"] if isinstance(fields["sizes"], list | tuple) else (fields["sizes"] or "").split()
        bad = [s for s in sizes if s not in Size.values]
        if bad:
            raise TransitionRefused(_("企业规模只能是：%(sizes)s") % {"sizes": " ".join(Size.values)})
        fields["sizes"] = pack(sizes)
    for name in ("title", "body"):
        if name in fields and not str(fields[name] or "").strip():
            raise TransitionRefused(_("请填写标题和正文。"))
    return fields


# ---- the library ---------------------------------------------------------------------------------


@transaction.atomic
def create_policy(*, by: User, department: Department, **fields) -> Policy:
    """A draft policy of `department`; only its handlers or an admin."""
    _require_manager(by, department)
    if "title" not in fields or "body" not in fields:
        raise TransitionRefused(_("请填写标题和正文。"))
    policy = Policy(department=department, jurisdiction_id=department.jurisdiction_id, created_by=by, **_clean(fields))
    policy.save(force_insert=True)
    return policy


@transaction.atomic
def update_policy(policy: Policy, *, by: User, **fields) -> Policy:
    """Edit a draft (a published policy's targets are fixed: enterprises were told on that basis)."""
    _require_manager(by, policy.department)
    if policy.status != Policy.Status.DRAFT:
        raise TransitionRefused(_("政策已发布，不能修改。"))
    fields = _clean(fields)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.save(update_fields=list(fields))
    return policy


@transaction.atomic
def publish_policy(policy: Policy, *, by: User) -> Policy:
    """发布: the policy goes public and ONE queued task pushes it to the enterprises it matches."""
    _require_manager(by, policy.department)
    now = timezone.now()
    issued_on = policy.issued_on or timezone.localdate(now)
    moved = Policy.objects.filter(pk=policy.pk, status=Policy.Status.DRAFT).update(
        status=Policy.Status.PUBLISHED, published_by=by, published_at=now, issued_on=issued_on)
    if moved != 1:
        raise TransitionRefused(_("该政策已发布。"))
    policy.status, policy.published_by, policy.published_at, policy.issued_on = (
        Policy.Status.PUBLISHED, by, now, issued_on)
    outbox.send("policies.tasks.push_policy", policy.pk, key=f"policy-push:{policy.pk}")
    return policy


def push_policy(policy_id: int, *, batch_size: int = PUSH_BATCH) -> int:
    """政策直达: record each matching enterprise once and tell its users (inbox and e-mail); returns how many
    enterprises were newly told.

    One pass over the jurisdiction's enterprises by id range: per range one INSERT … SELECT of the matches
    (a repeated push skips what exists) and one INSERT … SELECT of the inbox rows for exactly the rows it wrote.
    No query per enterprise; each range commits on its own, so a crash resumes where it stopped.
    """
    policy = Policy.objects.select_related("jurisdiction").filter(pk=policy_id, status=Policy.Status.PUBLISHED).first()
    if policy is None:
        return 0
    matching = Enterprise.objects.filter(policy.matches_q())
    bounds = matching.aggregate(lo=Min("pk"), hi=Max("pk"))
    told = 0
    if bounds["lo"] is not None:
        qn = connection.ops.quote_name
        table = qn(PolicyMatch._meta.db_table)
        url = reverse("policies:detail", args=[policy.pk])
        subject = _("政策推送：%(title)s") % {"title": policy.title}
        body = policy.summary[:300] or policy.title
        for lo in range(bounds["lo"], bounds["hi"] + 1, batch_size):
            token = f"{policy.pk}:{uuid.uuid4().hex}"
            sql, params = matching.filter(pk__gte=lo, pk__lt=lo + batch_size).order_by().values(eid=F("pk")).query.sql_with_params()
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"INSERT INTO {table} (policy_id, enterprise_id, batch) SELECT %s, m.eid, %s FROM ({sql}) AS m "
                        f"WHERE 1 = 1 ON CONFLICT (policy_id, enterprise_id) DO NOTHING", [policy.pk, token, *params])
                    written = cursor.rowcount
                if written:
                    told += written
                    notify_audiences([Audience(holders(Role.ENTERPRISE).filter(enterprise__policy_matches__batch=token),
                                               subject=subject, body=body, url=url)])
    Policy.objects.filter(pk=policy.pk).update(pushed_at=timezone.now(),
                                               matched_count=PolicyMatch.objects.filter(policy=policy).count())
    return told


@transaction.atomic
def save_profile(enterprise: Enterprise, *, by: User, industry_code: str = "", size: str = "", area: str = "",
                 tags: str = "") -> EnterpriseProfile:
    """The enterprise (or an admin) states what policies may target it by."""
    if not (by.has_role(Role.ADMIN) or (by.has_role(Role.ENTERPRISE) and by.enterprise_id == enterprise.pk)):
        raise PermissionDenied(_("只能维护本企业的信息。"))
    if size and size not in Size.values:
        raise TransitionRefused(_("请选择企业规模。"))
    profile, _created = EnterpriseProfile.objects.get_or_create(enterprise=enterprise)
    profile.industry_code, profile.size, profile.area, profile.tags = industry_code, size, area.strip(), tags
    profile.save()
    return profile


# ---- questions and FAQ ---------------------------------------------------------------------------


def ask_question(*, policy: Policy, by: User, text: str, consent_faq: bool = False) -> PolicyQuestion:
    """An enterprise asks about a published policy: a 政策咨询 complaint routed straight to the issuing
    department, its 政策联络员 the first responder, with the category's deadlines."""
    if policy.status != Policy.Status.PUBLISHED:
        raise TransitionRefused(_("只能咨询已发布的政策。"))
    if not by.has_role(Role.ENTERPRISE) or not by.enterprise_id:
        raise PermissionDenied(_("只有企业用户可以咨询政策。"))
    category = Category.objects.filter(jurisdiction_id=policy.jurisdiction_id, name=POLICY_QUESTION_CATEGORY,
                                       is_active=True).first()
    if category is None:
        raise TransitionRefused(_("本辖区未设置“政策咨询”诉求类别，请联系管理员。"))
    # Read afresh: the liaison officer named now, not when the policy object was loaded.
    department = Department.objects.select_related("liaison_officer").get(pk=policy.department_id)
    with transaction.atomic():
        complaint = complaint_services.submit_routed(
            enterprise=by.enterprise, submitter=by, category=category,
            title=_("关于《%(title)s》的咨询") % {"title": policy.title}, description=text,
            department=department, first_responder=department.liaison_officer,
            source=_("政策咨询：%(number)s") % {"number": policy.number or policy.title},
        )
        return PolicyQuestion.objects.create(policy=policy, complaint=complaint, consent_faq=consent_faq)


@transaction.atomic
def publish_faq(*, question: PolicyQuestion, by: User, question_text: str = "", answer_text: str = "") -> FaqEntry:
    """Publish an answered question on the policy page, only with the enterprise's consent and without its name
    (staff may reword both texts to leave out anything that would identify it)."""
    policy = question.policy
    _require_manager(by, policy.department)
    complaint = question.complaint
    if not question.consent_faq:
        raise TransitionRefused(_("企业未同意公开该咨询。"))
    if complaint.status not in (Complaint.Status.ANSWERED, Complaint.Status.CLOSED) or not complaint.answer:
        raise TransitionRefused(_("该咨询尚未答复。"))
    if FaqEntry.objects.filter(source=question).exists():
        raise TransitionRefused(_("该咨询已公开为常见问题。"))
    return FaqEntry.objects.create(policy=policy, source=question, published_by=by,
                                   question=(question_text or complaint.description).strip(),
                                   answer=(answer_text or complaint.answer).strip())


# ---- consultations -------------------------------------------------------------------------------


def _paragraph_texts(text: str | list[str]) -> list[str]:
    """A draft's paragraphs: a list, or a text split at blank lines."""
    if isinstance(text, str):
        parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    else:
        parts = [str(p).strip() for p in text]
    return [p for p in parts if p]


def _add_version(consultation: Consultation, paragraphs: list[str], *, by: User, note: str = "") -> ConsultationVersion:
    number = (consultation.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ConsultationVersion.objects.create(consultation=consultation, number=number, note=note, created_by=by)
    Paragraph.objects.bulk_create(Paragraph(version=version, number=i, text=t) for i, t in enumerate(paragraphs, 1))
    return version


@transaction.atomic
def create_consultation(*, by: User, department: Department, title: str, text: str | list[str], opens_on: date,
                        closes_on: date, summary: str = "", policy: Policy | None = None,
                        register: Register | None = None) -> Consultation:
    """A draft for comment, in numbered paragraphs (version 1): of a policy, of a conduct register (a new or
    revised 规范清单), or of neither (a rule not yet in the library)."""
    _require_manager(by, department)
    paragraphs = _paragraph_texts(text)
    if not title.strip() or not paragraphs:
        raise TransitionRefused(_("请填写标题和征求意见稿正文。"))
    if closes_on < opens_on:
        raise TransitionRefused(_("截止日期不能早于开始日期。"))
    if policy is not None and register is not None:
        raise TransitionRefused(_("征求意见稿只能对应一项政策或一份规范清单。"))
    subject = policy or register
    if subject is not None and subject.jurisdiction_id != department.jurisdiction_id:
        raise TransitionRefused(_("相关政策或规范清单须属于起草部门所在辖区。"))
    consultation = Consultation.objects.create(
        jurisdiction_id=department.jurisdiction_id, department=department, title=title.strip(), summary=summary,
        opens_on=opens_on, closes_on=closes_on, policy=policy, register=register, created_by=by)
    _add_version(consultation, paragraphs, by=by, note=_("征求意见稿"))
    return consultation


@transaction.atomic
def open_consultation(consultation: Consultation, *, by: User) -> Consultation:
    """Put the draft out for comment; enterprises of the jurisdiction are told in one statement."""
    _require_manager(by, consultation.department)
    moved = Consultation.objects.filter(pk=consultation.pk, status=Consultation.Status.DRAFT).update(
        status=Consultation.Status.OPEN)
    if moved != 1:
        raise TransitionRefused(_("该征求意见已发布。"))
    consultation.status = Consultation.Status.OPEN
    notify_audiences([Audience(
        holders(Role.ENTERPRISE).filter(enterprise__jurisdiction_id=consultation.jurisdiction_id),
        subject=_("征求意见：%(title)s") % {"title": consultation.title},
        body=_("意见征集时间：%(start)s 至 %(end)s") % {"start": consultation.opens_on.isoformat(),
                                                   "end": consultation.closes_on.isoformat()},
        url=reverse("policies:consultation", args=[consultation.pk]))], email=False)
    return consultation


@transaction.atomic
def link_hearing(consultation: Consultation, *, by: User, forum: Forum) -> Consultation:
    """Record that a 听证会/论证会 (a liaison forum of kind hearing, scheduled by its organisers) was held on this
    draft; the consultation page lists it."""
    _require_manager(by, consultation.department)
    if forum.kind != Forum.Kind.HEARING:
        raise TransitionRefused(_("只能关联类型为听证会/论证会的会议。"))
    if forum.jurisdiction_id != consultation.jurisdiction_id:
        raise TransitionRefused(_("听证会/论证会须属于征求意见所在辖区。"))
    if forum.status == Forum.Status.CANCELLED:
        raise TransitionRefused(_("该会议已取消，不能关联。"))
    consultation.hearings.add(forum)
    return consultation


@transaction.atomic
def add_comment(consultation: Consultation, *, by: User, paragraph: Paragraph, text: str,
                show_name: bool = False) -> Comment:
    """An enterprise — or a chamber, through its login (liaison.Chamber.account) — comments on one paragraph of
    the text put out for comment, while it is open."""
    if not by.has_role(Role.ENTERPRISE) or not by.enterprise_id:
        raise PermissionDenied(_("只有企业用户可以提出意见。"))
    if consultation.phase() != "open":
        raise TransitionRefused(_("该征求意见不在意见征集期内。"))
    if paragraph.version.consultation_id != consultation.pk or paragraph.version.number != 1:
        raise TransitionRefused(_("请选择征求意见稿中的段落。"))
    if not text.strip():
        raise TransitionRefused(_("请填写意见内容。"))
    chamber = Chamber.objects.filter(account_id=by.enterprise_id).first()
    return Comment.objects.create(consultation=consultation, paragraph=paragraph, author=by,
                                  enterprise_id=by.enterprise_id, chamber=chamber, text=text.strip(),
                                  show_name=show_name)


@transaction.atomic
def answer_comment(comment: Comment, *, by: User, decision: str, reason: str) -> Comment:
    """After closing, the department answers a comment: 采纳 / 部分采纳 / 不采纳, with the reason."""
    consultation = comment.consultation
    _require_manager(by, consultation.department)
    if consultation.phase() != "closed":
        raise TransitionRefused(_("意见征集截止后、公布采纳情况前才能答复意见。"))
    if decision not in Comment.Decision.values or not reason.strip():
        raise TransitionRefused(_("请选择采纳情况并填写理由。"))
    comment.decision, comment.reason, comment.answered_by, comment.answered_at = (
        decision, reason.strip(), by, timezone.now())
    comment.save(update_fields=["decision", "reason", "answered_by", "answered_at"])
    return comment


@transaction.atomic
def publish_response(consultation: Consultation, *, by: User, final_text: str | list[str] = "",
                     note: str = "") -> Consultation:
    """Publish the response table (every comment answered) with the final text as a new version; the
    commenters are told."""
    _require_manager(by, consultation.department)
    if consultation.phase() != "closed":
        raise TransitionRefused(_("意见征集截止后才能公布采纳情况。"))
    if consultation.comments.filter(decision="").exists():
        raise TransitionRefused(_("还有意见未答复。"))
    paragraphs = _paragraph_texts(final_text) if final_text else []
    if paragraphs:
        _add_version(consultation, paragraphs, by=by, note=_("修改稿"))
    moved = Consultation.objects.filter(pk=consultation.pk, status=Consultation.Status.OPEN).update(
        status=Consultation.Status.RESPONDED, responded_by=by, responded_at=timezone.now(), response_note=note.strip())
    if moved != 1:
        raise TransitionRefused(_("采纳情况已公布。"))
    consultation.refresh_from_db()
    notify(list(User.objects.filter(pk__in=consultation.comments.values("author_id"))),
           subject=_("征求意见采纳情况已公布：%(title)s") % {"title": consultation.title},
           url=reverse("policies:consultation", args=[consultation.pk]))
    return consultation


@transaction.atomic
def add_attachments(policy: Policy, *, by: User, files) -> int:
    """Attach checked uploads ((file, kind) pairs from portal.uploads) to a draft."""
    from policies.models import PolicyAttachment

    _require_manager(by, policy.department)
    if policy.status != Policy.Status.DRAFT:
        raise TransitionRefused(_("政策已发布，不能修改。"))
    if policy.attachments.count() + len(files) > 5:
        raise TransitionRefused(_("最多只能上传5个附件。"))
    for f, kind in files:
        PolicyAttachment.objects.create(policy=policy, file=f, name=getattr(f, "name", "file")[:200],
                                        content_type=kind.content_type, size=f.size, uploaded_by=by)
    return len(files)


# ---- 政策兑现 commitments ------------------------------------------------------------------------


@transaction.atomic
def add_commitment(policy: Policy, *, by: User, title: str, kind: str = "subsidy", standard: str = "",
                   due_days: int = 30) -> Commitment:
    """The department lists what a policy promises and how many days it has to deliver it."""
    _require_manager(by, policy.department)
    if not title.strip():
        raise TransitionRefused(_("请填写兑现事项。"))
    if kind not in Commitment.Kind.values:
        raise TransitionRefused(_("请选择兑现类型。"))
    return Commitment.objects.create(policy=policy, title=title.strip(), kind=kind, standard=standard.strip(),
                                     due_days=due_days, created_by=by)


def _add_beneficiary(commitment: Commitment, enterprise: Enterprise, source: str, note: str = "") -> Beneficiary:
    if enterprise.jurisdiction_id != commitment.policy.jurisdiction_id:
        raise TransitionRefused(_("该企业不在政策适用的辖区。"))
    if Beneficiary.objects.filter(commitment=commitment, enterprise=enterprise).exists():
        raise TransitionRefused(_("该企业已在兑现名单中。"))
    today = timezone.localdate()
    return Beneficiary.objects.create(
        commitment=commitment, department_id=commitment.policy.department_id, enterprise=enterprise, source=source,
        note=note.strip()[:300], due_on=today + dt.timedelta(days=commitment.due_days))


@transaction.atomic
def apply_for(commitment: Commitment, *, by: User, note: str = "") -> Beneficiary:
    """An enterprise applies for what a published policy promises; the department is told."""
    if not by.has_role(Role.ENTERPRISE) or not by.enterprise_id:
        raise PermissionDenied(_("只有企业用户可以申请兑现。"))
    if commitment.policy.status != Policy.Status.PUBLISHED:
        raise TransitionRefused(_("只能申请已发布政策的兑现事项。"))
    row = _add_beneficiary(commitment, by.enterprise, Beneficiary.Source.APPLIED, note)
    department = commitment.policy.department
    notify(holders(Role.HANDLER).filter(department_id=department.pk),
           subject=_("政策兑现申请：%(title)s") % {"title": commitment.title},
           body=_("%(enterprise)s 申请兑现，应于 %(date)s 前兑现。") % {"enterprise": by.enterprise.name,
                                                                  "date": row.due_on.isoformat()},
           url=reverse("policies:commitment", args=[commitment.pk]))
    return row


@transaction.atomic
def list_beneficiary(commitment: Commitment, *, by: User, enterprise: Enterprise, note: str = "") -> Beneficiary:
    """免申即享: the department lists an enterprise as a beneficiary without an application."""
    _require_manager(by, commitment.policy.department)
    return _add_beneficiary(commitment, enterprise, Beneficiary.Source.LISTED, note)


@transaction.atomic
def deliver(beneficiary: Beneficiary, *, by: User, delivered_on: date, amount=None, note: str = "") -> Beneficiary:
    """已兑现: the record of what the enterprise got and when; the enterprise is told."""
    _require_manager(by, beneficiary.commitment.policy.department)
    if delivered_on > timezone.localdate():
        raise TransitionRefused(_("兑现日期不能晚于今天。"))
    moved = Beneficiary.objects.filter(pk=beneficiary.pk, status=Beneficiary.Status.PENDING).update(
        status=Beneficiary.Status.DELIVERED, delivered_on=delivered_on, delivered_by=by, amount=amount,
        note=(note.strip() or beneficiary.note)[:300])
    if moved != 1:
        raise TransitionRefused(_("该企业已兑现。"))
    beneficiary.refresh_from_db()
    notify(holders(Role.ENTERPRISE).filter(enterprise_id=beneficiary.enterprise_id),
           subject=_("政策已兑现：%(title)s") % {"title": beneficiary.commitment.title},
           body=_("兑现日期：%(date)s") % {"date": delivered_on.isoformat()},
           url=reverse("policies:detail", args=[beneficiary.commitment.policy_id]))
    return beneficiary
