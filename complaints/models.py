"""Complaints (诉求): categories with their routing rule, complaints, attachments, requests, the timeline."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Department, Enterprise, Jurisdiction, Role, User
from portal.uploads import private_upload_to

# Defaults after the published 12345 practice (see issue 3).
TRANSFER_WINDOW_DAYS = 2  # a department may ask to send a complaint back within 2 working days of assignment
MAX_EXTENSION_DAYS = 10  # one extension of at most 10 working days
AUTO_CLOSE_DAYS = 7  # an answered complaint without a rating closes after 7 days
# 踢皮球: a complaint sent back (退回 approved) this many times is flagged for 问责, and its first responder is
# asked to answer for it.
BOUNCE_TRANSFERS = 2


class Category(models.Model):
    """A kind of complaint and its routing rule: default department and deadlines in working days."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="complaint_categories", verbose_name=_("辖区")
    )
    name = models.CharField(_("名称"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    default_department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("默认承办部门")
    )
    sign_days = models.PositiveSmallIntegerField(_("签收时限（工作日）"), default=1)
    answer_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"), default=10)
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering = ["jurisdiction_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="category_unique_name")]

    def __str__(self) -> str:
        return self.name


class TrackingCounter(models.Model):
    """The last tracking number used per jurisdiction and year (incremented in one UPSERT … RETURNING)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("诉求编号计数器")
        verbose_name_plural = _("诉求编号计数器")
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "year"], name="tracking_counter_unique")]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id}-{self.year}: {self.last}"


# The roles visible_to lets see any complaint at all (which ones, it decides): a link to a complaint page asks this.
READER_ROLES = (Role.ADMIN, Role.ENTERPRISE, Role.OFFICIAL, Role.DISPATCHER, Role.OVERSIGHT, Role.INVESTIGATOR,
                Role.HANDLER)


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user) -> ComplaintQuerySet:
        """The one place that says who sees which complaints."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        roles = user.roles
        if Role.ADMIN in roles:
            return self
        q = Q(pk__in=[])
        if Role.ENTERPRISE in roles and user.enterprise_id:
            q |= Q(enterprise_id=user.enterprise_id)
        if Role.OFFICIAL in roles:
            q |= Q(submitter_id=user.pk)
        if roles & {Role.DISPATCHER, Role.OVERSIGHT, Role.INVESTIGATOR} and user.jurisdiction_id:
            q |= Q(jurisdiction_id=user.jurisdiction_id)
        if roles & {Role.OFFICIAL, Role.DISPATCHER, Role.HANDLER}:
            # 首问负责制: whoever first received a complaint follows it wherever it is routed.
            q |= Q(first_responder_id=user.pk)
        if Role.HANDLER in roles:
            if user.department_id:
                q |= Q(department_id=user.department_id)
            q |= Q(pk__in=Event.objects.filter(actor_id=user.pk).values("complaint_id"))
        return self.filter(q)

    def open(self) -> ComplaintQuerySet:
        return self.exclude(status__in=[Complaint.Status.CLOSED, Complaint.Status.REFUSED])

    def overdue(self, today: date | None = None) -> ComplaintQuerySet:
        """Past the sign-for or answer deadline and not yet done."""
        today = today or timezone.localdate()
        S = Complaint.Status
        return self.filter(
            Q(status__in=[S.ASSIGNED, S.ACCEPTED], answer_deadline__lt=today)
            | Q(status=S.ASSIGNED, sign_deadline__lt=today)
        )

    def with_flags(self, today: date | None = None) -> ComplaintQuerySet:
        """Annotate the two 问责 flags, computed in the database:

        - `bounced` (踢皮球): transferred (退回 approved) twice or more;
        - `late_after_notice` (督办后仍超期): a 督办 notice's feedback deadline passed and the complaint was
          not answered between the notice and that deadline (still unanswered, or answered later).
        """
        today = today or timezone.localdate()
        late = SupervisionNotice.objects.filter(complaint_id=OuterRef("pk"), deadline__lt=today).filter(
            Q(complaint__answered_at__isnull=True) | Q(complaint__answered_at__lt=F("issued_at"))
            | Q(complaint__answered_at__date__gt=F("deadline")))
        return self.annotate(bounced=Q(transfer_count__gte=BOUNCE_TRANSFERS), late_after_notice=Exists(late))

    def flagged(self, today: date | None = None) -> ComplaintQuerySet:
        """Complaints carrying at least one 问责 flag (see with_flags).

        The candidates come first from two small sets — the bounced (a partial index) and the complaints with a
        notice past its deadline — so the flags are evaluated on those rows only, not on a jurisdiction's
        every complaint.
        """
        today = today or timezone.localdate()
        bounced = self.model.objects.filter(transfer_count__gte=BOUNCE_TRANSFERS).order_by().values("pk")
        noticed = SupervisionNotice.objects.filter(deadline__lt=today).order_by().values("complaint_id")
        return (self.filter(pk__in=bounced.union(noticed)).with_flags(today)
                .filter(Q(bounced=True) | Q(late_after_notice=True)))

    def for_list(self) -> ComplaintQuerySet:
        """What a list row shows, in one query."""
        return self.select_related("enterprise", "category", "department", "jurisdiction")


class Complaint(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待受理")
        ASSIGNED = "assigned", _("已分办")
        ACCEPTED = "accepted", _("已签收")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已办结")
        REFUSED = "refused", _("不予受理")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")

    class Reason(models.TextChoices):
        UNSOLVED = "unsolved", _("问题未解决")
        SLOW = "slow", _("办理不及时")
        PERFUNCTORY = "perfunctory", _("答复敷衍、不清楚")
        ATTITUDE = "attitude", _("工作态度差")
        OTHER = "other", _("其他")

    number = models.CharField(_("诉求编号"), max_length=32, unique=True)
    # The submission form's one-time token: the same form posted twice files once (SubmitOnceMixin).
    submission_token = models.UUIDField(_("提交令牌"), null=True, blank=True, unique=True, editable=False)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区"))
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("企业")
    )
    submitter = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("提交人"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("类别"))
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("诉求内容"))
    source = models.CharField(_("来源"), max_length=100, blank=True, help_text=_("如：走访 2026-05-01"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints",
        verbose_name=_("承办部门"),
    )
    first_responder = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("首问责任人")
    )
    handler = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("承办人")
    )
    assigned_at = models.DateTimeField(_("分办时间"), null=True, blank=True)
    sign_deadline = models.DateField(_("签收期限"), null=True, blank=True)
    answer_deadline = models.DateField(_("预计答复日期"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # The first answer ever given (answered_at moves on after a reopen): handling time counts to this.
    first_answered_at = models.DateTimeField(_("首次答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    refuse_reason = models.TextField(_("不予受理理由"), blank=True)
    rating = models.CharField(_("满意度"), max_length=12, choices=Rating.choices, blank=True)
    rating_reason = models.CharField(_("不满意原因"), max_length=12, choices=Reason.choices, blank=True)
    rating_comment = models.TextField(_("评价说明"), blank=True)
    supervised = models.BooleanField(_("督办"), default=False)
    supervision_notice = models.TextField(_("督办意见"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    # db_default: bulk loaders (complaints/scale.py COPY) leave the column out.
    transfer_count = models.PositiveSmallIntegerField(_("转办次数"), default=0, db_default=0)
    # Set when the first responder is asked to answer for a bounced complaint; cleared by their answer.
    responder_asked_at = models.DateTimeField(_("请首问责任人说明时间"), null=True, blank=True)
    extension_used = models.BooleanField(_("已延期"), default=False)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["jurisdiction", "status"], name="complaint_jur_status"),
            models.Index(fields=["department", "status"], name="complaint_dept_status"),
            models.Index(fields=["enterprise", "-id"], name="complaint_enterprise"),
            models.Index(fields=["status", "answer_deadline"], name="complaint_deadline"),
            # The oversight figures: one year of one jurisdiction (the dashboard's filter) …
            models.Index(fields=["jurisdiction", "created_at"], name="complaint_jur_created"),
            models.Index(fields=["department", "created_at"], name="complaint_dept_created"),
            # … and the open items past a deadline (a small slice of the table at any time).
            models.Index(fields=["jurisdiction", "answer_deadline"], name="complaint_open_deadline",
                         condition=Q(status__in=["assigned", "accepted"])),
            # A department's queue (待签收/办理中, sorted by answer deadline): the page is the first rows of this
            # index and its count an index-only scan of it, not a sort of everything the department ever had.
            models.Index(fields=["department", "answer_deadline", "id"], name="complaint_dept_queue",
                         condition=Q(status__in=["assigned", "accepted"])),
            # The open complaints' counts (inbox tabs, home cards: complaints.queries.summary) as an index-only
            # scan: every column they filter or count on is in the index, which holds only the open rows. Keyed
            # by (status, id), it is also the dispatcher's 待受理 list in number order (10M: 37 ms → 0.5 ms,
            # which had walked the primary key through the closed complaints older than the first new one).
            models.Index(fields=["status", "id"], name="complaint_open_counts",
                         include=["jurisdiction", "first_responder", "department", "enterprise", "submitter",
                                  "supervised", "answer_deadline", "sign_deadline"],
                         condition=Q(status__in=["submitted", "assigned", "accepted", "answered"])),
            # 我首问的诉求 (a home card and a list per first responder).
            models.Index(fields=["first_responder", "-id"], name="complaint_first_responder"),
            # The bounced ones (踢皮球, a small slice) for the 问责 flag list.
            models.Index(fields=["jurisdiction", "-id"], name="complaint_bounced",
                         condition=Q(transfer_count__gte=BOUNCE_TRANSFERS)),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.CLOSED, self.Status.REFUSED)

    @property
    def is_overdue(self) -> bool:
        today = timezone.localdate()
        if self.status == self.Status.ASSIGNED and self.sign_deadline and today > self.sign_deadline:
            return True
        return self.status in (self.Status.ASSIGNED, self.Status.ACCEPTED) and bool(
            self.answer_deadline and today > self.answer_deadline
        )


_private_path = private_upload_to("complaints")


def attachment_path(instance, filename: str) -> str:
    """A random path under complaints/ (a module-level function, so migrations can name it)."""
    return _private_path(instance, filename)


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("诉求"))
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=120)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人"))
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Request(models.Model):
    """A department's request to send a complaint back (退回) or to extend its deadline (延期)."""

    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("退回")
        EXTENSION = "extension", _("延期")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("已驳回")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="requests", verbose_name=_("诉求"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请部门"))
    reason = models.TextField(_("理由"))
    new_deadline = models.DateField(_("申请延期至"), null=True, blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人"))
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("审批人")
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("退回/延期申请")
        verbose_name_plural = _("退回/延期申请")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"], condition=Q(status="pending"), name="request_one_pending_per_complaint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.complaint_id}"


class Event(models.Model):
    """One step of a complaint's timeline: who, when, what, why, from which state to which."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交诉求")
        ASSIGN = "assign", _("分办")
        REFUSE = "refuse", _("不予受理")
        ACCEPT = "accept", _("签收")
        REQUEST_TRANSFER = "request_transfer", _("申请退回")
        REQUEST_EXTENSION = "request_extension", _("申请延期")
        APPROVE_TRANSFER = "approve_transfer", _("同意退回")
        REJECT_TRANSFER = "reject_transfer", _("驳回退回申请")
        APPROVE_EXTENSION = "approve_extension", _("同意延期")
        REJECT_EXTENSION = "reject_extension", _("驳回延期申请")
        ANSWER = "answer", _("答复")
        RATE = "rate", _("评价")
        REOPEN = "reopen", _("重新办理")
        SUPERVISE = "supervise", _("督办")
        NOTICE_REPLY = "notice_reply", _("督办反馈")
        ESCALATE = "escalate", _("超期升级督办")
        AUTO_CLOSE = "auto_close", _("逾期未评价自动办结")
        ASK_RESPONDER = "ask_responder", _("请首问责任人说明")
        RESPONDER_ANSWER = "responder_answer", _("首问责任人说明")
        DEADLINE = "deadline", _("调整答复期限")
        MEETING = "meeting", _("联席会议交办")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events", verbose_name=_("诉求"))
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("操作人")
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("原状态"), max_length=12, choices=Complaint.Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Complaint.Status.choices, blank=True)
    # `note` is internal: the staff timeline shows it (a 退回 reason, a dispatcher's 分办 note). The enterprise
    # never sees it; its timeline shows `public_note`, written by the service as a plain line it may read
    # (已分办至…, 部门已签收, 答复期限已延至…) or a copy of its own words and the answer.
    note = models.TextField(_("内部说明"), blank=True)
    public_note = models.TextField(_("企业可见说明"), blank=True, default="", db_default="")
    # Events the enterprise does not see at all (internal requests and decisions) stay on the staff timeline.
    public = models.BooleanField(_("企业可见"), default=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["actor", "complaint"], name="event_actor")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action}"

    @property
    def public_label(self) -> str:
        """The step as the enterprise reads it: internal steps get a plain line, not the staff's wording."""
        return str(PUBLIC_LABELS.get(self.action) or self.get_action_display())


# How the enterprise's timeline names each public step (the staff timeline uses Event.Action's labels).
PUBLIC_LABELS = {
    Event.Action.ASSIGN: _("已分办"),
    Event.Action.ACCEPT: _("部门已签收"),
    Event.Action.APPROVE_TRANSFER: _("已转办"),
    Event.Action.APPROVE_EXTENSION: _("答复期限已延长"),
    Event.Action.DEADLINE: _("预计答复日期调整"),
    Event.Action.ANSWER: _("部门已答复"),
}


class Evaluation(models.Model):
    """One rating the enterprise gave an answer; kept per round, so 不满意 reasons survive a reopen."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evaluations",
                                  verbose_name=_("诉求"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("承办部门"))
    rating = models.CharField(_("满意度"), max_length=12, choices=Complaint.Rating.choices)
    reason = models.CharField(_("不满意原因"), max_length=12, choices=Complaint.Reason.choices, blank=True)
    comment = models.TextField(_("评价说明"), blank=True)
    rated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("评价人"))
    created_at = models.DateTimeField(_("评价时间"), default=timezone.now)

    class Meta:
        verbose_name = _("满意度评价")
        verbose_name_plural = _("满意度评价")
        ordering = ["id"]
        # The oversight figures count the ratings given in a year, per department.
        indexes = [models.Index(fields=["department", "created_at"], name="evaluation_dept_created")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.rating}"


class SupervisionNoticeQuerySet(models.QuerySet):
    def open(self) -> SupervisionNoticeQuerySet:
        return self.filter(status=SupervisionNotice.Status.OPEN)

    def late(self, today: date | None = None) -> SupervisionNoticeQuerySet:
        """Answered after the deadline, or still unanswered past it."""
        today = today or timezone.localdate()
        return self.filter(Q(status=SupervisionNotice.Status.OPEN, deadline__lt=today)
                           | Q(status=SupervisionNotice.Status.ANSWERED, answered_at__date__gt=models.F("deadline")))

    def visible_to(self, user) -> SupervisionNoticeQuerySet:
        """Oversight, investigators and dispatchers: their jurisdiction's; handlers and heads: their department's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        roles = user.roles
        if Role.ADMIN in roles:
            return self
        q = Q(pk__in=[])
        if roles & {Role.OVERSIGHT, Role.INVESTIGATOR, Role.DISPATCHER} and user.jurisdiction_id:
            q |= Q(complaint__jurisdiction_id=user.jurisdiction_id)
        if Role.HANDLER in roles and user.department_id:
            q |= Q(department_id=user.department_id)
        q |= Q(department__head_id=user.pk)
        return self.filter(q)


class SupervisionNotice(models.Model):
    """督办通知: oversight tells a department to act on an overdue or reopened complaint by a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("待反馈")
        ANSWERED = "answered", _("已反馈")

    class Reason(models.TextChoices):
        OVERDUE = "overdue", _("超期未办")
        REOPENED = "reopened", _("重新办理")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notices", verbose_name=_("诉求"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="supervision_notices",
                                   verbose_name=_("被督办部门"))
    reason = models.CharField(_("督办原因"), max_length=12, choices=Reason.choices)
    instruction = models.TextField(_("督办要求"))
    deadline = models.DateField(_("反馈期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("督办人"))
    # Which tracking office issued it (效能督查办公室 or 党政办督查室): the issuer's office at the time, so the
    # notice keeps its office if the person moves; both offices see each other's notices.
    office = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("督办单位"))
    issued_at = models.DateTimeField(_("督办时间"), default=timezone.now)
    response = models.TextField(_("反馈内容"), blank=True)
    answered_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("反馈人"))
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)

    objects = SupervisionNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办通知")
        verbose_name_plural = _("督办通知")
        ordering = ["-id"]
        indexes = [models.Index(fields=["department", "status"], name="notice_dept_status")]
        constraints = [
            models.UniqueConstraint(fields=["complaint"], condition=Q(status="open"), name="notice_one_open_per_complaint")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.deadline}"

    @property
    def is_late(self) -> bool:
        if self.status == self.Status.ANSWERED:
            return bool(self.answered_at and timezone.localdate(self.answered_at) > self.deadline)
        return timezone.localdate() > self.deadline
