"""The directory every app shares: jurisdictions, departments, enterprises, people, notifications."""

from __future__ import annotations

import pgtrigger
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from portal import creditcode


class Role(models.TextChoices):
    """The role table of PRODUCT.md; each is a Django group of the same name."""

    ENTERPRISE = "enterprise", _("企业用户")
    OFFICIAL = "official", _("联系领导/公职人员")
    DISPATCHER = "dispatcher", _("受理员")
    HANDLER = "handler", _("部门承办人")
    OVERSIGHT = "oversight", _("督查人员")
    INVESTIGATOR = "investigator", _("监察审计调查员")
    APPROVER = "approver", _("审批人")
    # 党工委、管委会: reads the monthly reports and the dashboard of its jurisdiction, changes nothing.
    LEADERSHIP = "leadership", _("领导")
    ADMIN = "admin", _("系统管理员")


class Jurisdiction(models.Model):
    code = models.SlugField(_("代码"), max_length=16, unique=True, help_text=_("用于诉求编号前缀，如 HK"))
    name = models.CharField(_("名称"), max_length=100, unique=True)
    pairing_limit = models.PositiveSmallIntegerField(_("每位领导联系重点企业上限"), default=2)
    visit_quota = models.PositiveSmallIntegerField(_("每对联系每年走访次数下限"), default=3)
    forum_target = models.PositiveSmallIntegerField(_("每年政企座谈会次数下限"), default=3)

    class Meta:
        verbose_name = _("辖区")
        verbose_name_plural = _("辖区")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("职能部门")
        DISPATCH = "dispatch", _("诉求受理部门")
        EFFICIENCY = "efficiency", _("效能督查部门")
        # 党政办督查室: the second office that tracks the platform's items with 效能督查办公室 (恒口 measure 三).
        SUPERVISION = "supervision", _("党政督查部门")
        DISCIPLINE = "discipline", _("监察审计部门")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="departments", verbose_name=_("辖区"))
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.ORDINARY)
    head = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("部门负责人")
    )
    liaison_officer = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("政策联络员")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["jurisdiction_id", "id"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_tracking_office(self) -> bool:
        """One of the offices that track overdue items and issue 督办 notices (效能督查办公室, 党政办督查室)."""
        return self.kind in TRACKING_OFFICE_KINDS


TRACKING_OFFICE_KINDS = (Department.Kind.EFFICIENCY, Department.Kind.SUPERVISION)


def validate_credit_code(value: str) -> None:
    reason = creditcode.problem(value)
    if reason:
        raise ValidationError(reason, code="credit_code")


class Enterprise(models.Model):
    class Integrity(models.TextChoices):
        NONE = "", _("无")
        RED = "red", _("红榜")
        BLACK = "black", _("黑榜")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("辖区"))
    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code])
    industry = models.CharField(_("所属行业"), max_length=100, blank=True)
    is_key = models.BooleanField(_("重点企业"), default=False)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    party_member_count = models.PositiveIntegerField(_("党员人数"), default=0)
    has_party_organisation = models.BooleanField(_("已建立党组织"), default=False)
    # Kept by conduct.services from the integrity entries in force, so every page can flag a
    # black-listed enterprise from the row it already has, without a query per enterprise.
    integrity = models.CharField(_("诚信红黑榜"), max_length=5, choices=Integrity.choices, blank=True, default="")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["id"]
        indexes = [models.Index(fields=["jurisdiction", "is_key"], name="enterprise_jur_key")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.credit_code = creditcode.normalise(self.credit_code)
        super().save(*args, **kwargs)

    @property
    def needs_party_organisation(self) -> bool:
        """Measure 十二: three or more party members and no party organisation yet."""
        return self.party_member_count >= 3 and not self.has_party_organisation


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=30, blank=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("辖区")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("部门")
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("所属企业")
    )
    title = models.CharField(_("职务"), max_length=50, blank=True)
    # Set whenever set_password() is saved (portal/security.py); PASSWORD_EXPIRY_DAYS counts from it.
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def home_jurisdiction_id(self) -> int | None:
        """The user's jurisdiction; for an enterprise user, their enterprise's (loaded with the session user)."""
        return self.jurisdiction_id or (self.enterprise.jurisdiction_id if self.enterprise_id else None)

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def roles(self) -> frozenset[str]:
        """The user's role codes, read once per instance (prefetch 'groups' in lists)."""
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = frozenset(g.name for g in self.groups.all()) & frozenset(Role.values)
            if self.is_superuser:
                cached = cached | {Role.ADMIN.value}
            self._roles_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return self.is_authenticated and self.is_active and bool(self.roles & set(roles))

    @property
    def primary_role(self) -> str | None:
        """The role whose home page the user lands on."""
        for role in Role.values:
            if role in self.roles:
                return role
        return None

    @property
    def primary_role_label(self) -> str:
        role = self.primary_role
        return Role(role).label if role else ""


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_pending(self):
        return self.filter(email_status=Notification.EmailStatus.PENDING)


class Notification(models.Model):
    """One message in a user's inbox; also e-mailed when the user has an address."""

    class EmailStatus(models.TextChoices):
        NONE = "none", _("不发送")
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("收件人"))
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # A reminder's identity ("visit-quota:2026-04:pairing:5"): the unique constraint below makes
    # a reminder go once per recipient, subject and period however often a sweep runs.
    key = models.CharField(_("去重键"), max_length=200, blank=True)
    batch = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("时间"), db_default=Now())
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    email_status = models.CharField(_("邮件状态"), max_length=8, choices=EmailStatus.choices, default=EmailStatus.NONE)
    email_attempts = models.PositiveSmallIntegerField(_("邮件尝试次数"), default=0)
    # Ties the recipient to a confidential matter (a conduct reporter told about their own report): only the
    # recipient sees it; the admin never lists it (portal/admin.py).
    confidential = models.BooleanField(_("保密"), default=False, db_default=False, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="notification_once_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox"),
            models.Index(fields=["email_status"], condition=models.Q(email_status="pending"), name="notification_email_pending"),
        ]

    def __str__(self) -> str:
        return self.subject


class JoinRequest(models.Model):
    """A self-registered account that asks to join an enterprise which already exists (its credit code is public,
    so typing it proves nothing). The account is bound to the enterprise — and sees its complaints — only after
    one of the enterprise's active users or an admin approves (portal/accounts.py)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("已拒绝")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="join_request", verbose_name=_("申请账号"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="join_requests",
                                   verbose_name=_("申请加入的企业"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("申请时间"), db_default=Now())
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("审核人"))
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("加入企业申请")
        verbose_name_plural = _("加入企业申请")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "status"], name="joinrequest_pending")]

    def __str__(self) -> str:
        return f"{self.user} → {self.enterprise}"


class Holiday(models.Model):
    """One exception to the Monday–Friday week: a public holiday, or a make-up working day (调休上班).

    The working-day calendar (portal/calendar.py) reads this table; seeded from the `holidays` package,
    edited by admins when the State Council publishes a new year's arrangement.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("节假日")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, default=Kind.HOLIDAY)
    name = models.CharField(_("名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()


class SecurityEvent(models.Model):
    """One row of the security audit log (等保 2.0 安全审计): append-only, kept ≥ 180 days.

    Written only through portal.audit.record(). No foreign key to the user: a row must outlive the account
    it names and never be updated by a cascade (on PostgreSQL a trigger refuses UPDATE and DELETE).
    """

    class Result(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        REFUSED = "refused", _("拒绝")

    at = models.DateTimeField(_("时间"), db_default=Now(), db_index=True)
    event = models.CharField(_("事件"), max_length=40, db_index=True)
    result = models.CharField(_("结果"), max_length=8, choices=Result.choices, default=Result.SUCCESS)
    user_pk = models.BigIntegerField(_("用户ID"), null=True, blank=True, db_index=True)
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)
    method = models.CharField(_("请求方法"), max_length=8, blank=True)
    path = models.CharField(_("路径"), max_length=300, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象"), max_length=64, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("安全审计日志")
        verbose_name_plural = _("安全审计日志")
        ordering = ["-at", "-id"]
        # On PostgreSQL the application cannot rewrite history: no UPDATE ever, no DELETE of a row younger
        # than 180 days (the purge_audit_log command removes only rows past AUDIT_RETENTION_DAYS >= 180).
        triggers = [
            pgtrigger.Protect(name="securityevent_append_only", operation=pgtrigger.Update),
            pgtrigger.Protect(name="securityevent_keep_180_days", operation=pgtrigger.Delete,
                              condition=pgtrigger.Condition("OLD.\"at\" > NOW() - INTERVAL '180 days'")),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.event} {self.username} {self.result}"


class OutboxMessage(models.Model):
    """A task to publish to the broker, written in the same transaction as the change that asks for it.

    portal.outbox.send() writes the row; the relay publishes it once the transaction commits, or — when the
    broker is down — the beat schedule's relay does once it is back. Nothing a user submits waits on Redis.
    """

    task = models.CharField(_("任务"), max_length=200)
    args = models.JSONField(_("参数"), default=list, blank=True)
    # Optional identity: a second send() with the same key while one is unsent is dropped.
    key = models.CharField(_("去重键"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), db_default=Now())
    sent_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)

    class Meta:
        verbose_name = _("待发布任务")
        verbose_name_plural = _("待发布任务")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(sent_at__isnull=True) & ~models.Q(key=""), name="outbox_unsent_key"
            )
        ]
        indexes = [models.Index(fields=["id"], condition=models.Q(sent_at__isnull=True), name="outbox_unsent")]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
