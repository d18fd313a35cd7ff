"""Declarations (报备) by public servants, the per-jurisdiction standards they are measured against, and flags.

One table for the five kinds (event, hospitality, gift, interest, celebration): the kind decides which
columns are required (declarations.services validates them). A flag is stored when a declaration is saved
(declarations.services.compute_flags), so the cross-check page and the API read rows, not rules.
Nothing is deleted: a withdrawal is a status, and every change is kept by django-simple-history.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import Enterprise, Jurisdiction


class DeclarationSettings(models.Model):
    """A jurisdiction's standards: the reception standard per head, the gift threshold, the interest due date."""

    jurisdiction = models.OneToOneField(Jurisdiction, on_delete=models.CASCADE, related_name="declaration_settings",
                                        verbose_name=_("辖区"))
    hospitality_standard = models.DecimalField(_("公务接待工作餐标准（元/人）"), max_digits=8, decimal_places=2,
                                               default=Decimal("120"))
    gift_threshold = models.DecimalField(_("礼品可自留限额（元）"), max_digits=10, decimal_places=2,
                                         default=Decimal("200"))
    interest_due_month = models.PositiveSmallIntegerField(_("年度个人事项报告截止月"), default=3)
    interest_due_day = models.PositiveSmallIntegerField(_("年度个人事项报告截止日"), default=31)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("指定审批人"),
                                 help_text=_("未指定时由本辖区审批人或报备人所在部门负责人审批"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报备标准")
        verbose_name_plural = _("报备标准")

    def __str__(self) -> str:
        return str(self.jurisdiction)


class Declaration(models.Model):
    class Kind(models.TextChoices):
        EVENT = "event", _("参加企业/商会活动报备")
        HOSPITALITY = "hospitality", _("接待/工作餐报备")
        GIFT = "gift", _("礼品礼金登记上交")
        INTEREST = "interest", _("亲属经商办企业、持股及借贷报告")
        CELEBRATION = "celebration", _("婚丧喜庆事宜报告")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")
        REPORTED = "reported", _("已记录活动情况")
        FILED = "filed", _("已报备")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Disposition(models.TextChoices):
        REFUSED = "refused", _("已拒收")
        HANDED_IN = "handed_in", _("已上交")
        KEPT = "kept", _("限额内自留")

    class Nature(models.TextChoices):
        BUSINESS = "business", _("经商办企业")
        SHAREHOLDING = "shareholding", _("持股")
        LOAN = "loan", _("借贷")

    # Statuses an official may still withdraw from; an approver decides only PENDING.
    OPEN = (Status.PENDING, Status.APPROVED, Status.FILED)

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("辖区"))
    official = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declarations",
                                 verbose_name=_("报备人"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="declarations", verbose_name=_("涉及企业"))
    date = models.DateField(_("日期"))
    # event
    place = models.CharField(_("地点"), max_length=200, blank=True)
    purpose = models.TextField(_("活动内容"), blank=True)
    paid_by = models.CharField(_("费用承担方"), max_length=200, blank=True)
    late = models.BooleanField(_("事后补报"), default=False)
    outcome = models.TextField(_("活动实际情况"), blank=True)
    # hospitality
    people = models.PositiveSmallIntegerField(_("用餐人数"), null=True, blank=True)
    cost_per_head = models.DecimalField(_("人均费用（元）"), max_digits=8, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("超标准理由"), blank=True)
    # gift (and a celebration's gifts)
    description = models.TextField(_("内容"), blank=True)
    value = models.DecimalField(_("估计价值（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    disposition = models.CharField(_("处理方式"), max_length=12, choices=Disposition.choices, blank=True)
    handed_to = models.CharField(_("上交单位"), max_length=200, blank=True)
    receipt_no = models.CharField(_("收据编号"), max_length=100, blank=True)
    # interest
    relative = models.CharField(_("亲属姓名"), max_length=100, blank=True)
    relation = models.CharField(_("与本人关系"), max_length=50, blank=True)
    nature = models.CharField(_("事项类别"), max_length=16, choices=Nature.choices, blank=True)
    # celebration
    occasion = models.CharField(_("事由"), max_length=200, blank=True)
    guests = models.TextField(_("企业来宾"), blank=True)
    # decision
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("审批人"))
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    created_at = models.DateTimeField(_("报备时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报备")
        verbose_name_plural = _("报备")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["official", "created_at"], name="declaration_official_created"),
            models.Index(fields=["jurisdiction", "status", "kind"], name="declaration_jur_status"),
            models.Index(fields=["enterprise", "official"], name="declaration_enterprise"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.official} · {self.date}"

    @property
    def number(self) -> str:
        return f"BB-{self.created_at:%Y}-{self.pk:06d}" if self.pk else "BB"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def summary(self) -> str:
        """One line for lists: what the declaration is about."""
        text = self.purpose or self.description or self.occasion or self.relative
        if self.kind == self.Kind.HOSPITALITY and self.cost_per_head is not None:
            text = f"{self.people} × {self.cost_per_head}"
        return (text or "")[:60]


class Flag(models.Model):
    """One finding of the cross-check; closed with a note by oversight or an investigator, never deleted."""

    class Kind(models.TextChoices):
        UNAPPROVED_EVENT = "unapproved_event", _("参加活动未经事先批准")
        OVER_STANDARD = "over_standard", _("接待超标准")
        GIFT_KEPT = "gift_kept", _("超过限额的礼品未上交")
        GIFT_HANDED_IN = "gift_handed_in", _("超过限额的礼品已上交，待核对上交凭证")
        INTEREST_PAIRED = "interest_paired", _("申报的利益关系涉及本人联系的企业")
        INTEREST_COMPLAINT = "interest_complaint", _("申报的利益关系涉及本部门承办诉求的企业")
        MEAL_UNDECLARED = "meal_undeclared", _("走访在企业用餐但未报备工作餐")

    class Status(models.TextChoices):
        OPEN = "open", _("待核查")
        CLOSED = "closed", _("已关闭")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("辖区"))
    official = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declaration_flags",
                                 verbose_name=_("公职人员"))
    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="flags", verbose_name=_("报备"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("涉及企业"))
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    detail = models.CharField(_("说明"), max_length=300, blank=True)
    # The records behind a flag besides the declaration: the pairing, the complaint, the visit.
    pairing = models.ForeignKey("liaison.Pairing", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("联系企业记录"))
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("诉求"))
    visit = models.ForeignKey("liaison.Visit", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("走访记录"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("关闭人"))
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    note = models.TextField(_("核查说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报备核查提示")
        verbose_name_plural = _("报备核查提示")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "kind"], name="flag_once_per_declaration",
                                    condition=Q(declaration__isnull=False)),
            models.UniqueConstraint(fields=["visit", "kind"], name="flag_once_per_visit", condition=Q(visit__isnull=False)),
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "year", "status"], name="flag_jur_year_status"),
            models.Index(fields=["year", "id"], name="flag_year_id"),
            models.Index(fields=["official", "year"], name="flag_official_year"),
            models.Index(fields=["enterprise"], name="flag_enterprise", condition=Q(status="open")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.official}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
