"""Conduct: rule registers (10/7/10 and the Zhanjiang lists), conduct reports, integrity lists, pledges."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import Enterprise, Jurisdiction
from portal.uploads import private_upload_to

CHINESE_NUMERALS = "一二三四五六七八九十"

# Module-level wrappers: migrations must be able to import an upload_to by name, which the closures
# returned by private_upload_to cannot offer.
_evidence_path = private_upload_to("conduct/evidence")
_repair_path = private_upload_to("conduct/repair")


def evidence_upload_to(instance, filename: str) -> str:
    return _evidence_path(instance, filename)


def repair_upload_to(instance, filename: str) -> str:
    return _repair_path(instance, filename)


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for any register)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十"
    return head + (CHINESE_NUMERALS[ones - 1] if ones else "")


class Register(models.Model):
    """One published list of rules (a document's measure), e.g. 恒口's officials' 10 不准."""

    class Binds(models.TextChoices):
        OFFICIALS = "officials", _("公职人员")
        ENTERPRISES = "enterprises", _("民营企业及其负责人")
        INVESTMENT = "investment", _("参与招商引资的公职人员")

    class Kind(models.TextChoices):
        PROHIBITION = "prohibition", _("负面（禁止）")
        ENCOURAGED = "encouraged", _("正面（鼓励）")

    class Numbering(models.TextChoices):
        ARABIC = "arabic", _("1. 2. 3.")
        CHINESE = "chinese", _("（一）（二）（三）")

    key = models.SlugField(_("代码"), max_length=40, unique=True)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="registers", verbose_name=_("辖区"))
    title = models.CharField(_("名称"), max_length=200, help_text=_("按文件原文表述，如：严禁下“十种行为”"))
    short_name = models.CharField(_("简称"), max_length=100, blank=True,
                                  help_text=_("通用简称，如：公职人员政商交往“十不准”；引用条文时显示"))
    preamble = models.TextField(_("导语"), blank=True, help_text=_("文件中清单前的段落，按原文"))
    responsible_body = models.CharField(_("责任部门"), max_length=200, blank=True,
                                        help_text=_("文件所列责任部门；文件未列明的留空"))
    # Both source documents are 征求意见稿 and set no date: a register shows a date of effect only when the
    # document or an admin sets one, and says it is a draft for comment while it is one.
    is_draft = models.BooleanField(_("征求意见稿"), default=False)
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    source_document = models.CharField(_("来源文件"), max_length=200)
    source_measure = models.CharField(_("来源条款"), max_length=200, blank=True)
    binds = models.CharField(_("约束对象"), max_length=16, choices=Binds.choices)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    numbering = models.CharField(_("编号样式"), max_length=8, choices=Numbering.choices, default=Numbering.ARABIC)
    order = models.PositiveIntegerField(_("排序"), default=0)
    seeded = models.BooleanField(_("由文件导入"), default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["seeded"])

    class Meta:
        verbose_name = _("规范清单")
        verbose_name_plural = _("规范清单")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """What a citation shows: the short name people use (the title when an admin gave none)."""
        return self.short_name or self.title

    def label_for(self, number: int) -> str:
        return f"（{chinese_number(number)}）" if self.numbering == self.Numbering.CHINESE else f"{number}."


# The one wording of the rule that a report cites prohibitions only (form, API and service all say it).
CITE_PROHIBITIONS_ONLY = _("举报只能引用禁止性条文，正面清单的鼓励事项不能作为举报依据。")


class RuleQuerySet(models.QuerySet):
    def current(self):
        """Rules not retired (the public page and the API show these)."""
        return self.filter(retired_at__isnull=True)


class Rule(models.Model):
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="rules", verbose_name=_("所属清单"))
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("条文"))
    # Only where an amendment takes effect on its own date; otherwise the register's date (if any) applies.
    effective_from = models.DateField(_("施行日期"), null=True, blank=True, help_text=_("留空则以所属清单的施行日期为准"))
    retired_at = models.DateTimeField(_("废止时间"), null=True, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    seeded = models.BooleanField(_("由文件导入"), default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["seeded"])

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("规范条文")
        verbose_name_plural = _("规范条文")
        ordering = ["register__order", "register_id", "order", "number"]
        constraints = [models.UniqueConstraint(fields=["register", "number"], name="rule_unique_number")]

    def __str__(self) -> str:
        return f"{self.register.name} {self.label}"

    @property
    def label(self) -> str:
        return self.register.label_for(self.number)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


# ---- conduct reports (举报) -------------------------------------------------------------------


class ConductReport(models.Model):
    """A suspected breach of registered rules; seen only by 监察审计局 investigators."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        INVESTIGATING = "investigating", _("调查中")
        FOUNDED = "founded", _("属实")
        PARTLY_FOUNDED = "partly_founded", _("部分属实")
        UNFOUNDED = "unfounded", _("不属实")
        FALSE_ACCUSATION = "false_accusation", _("诬告陷害")

    CONCLUSIONS = (Status.FOUNDED, Status.PARTLY_FOUNDED, Status.UNFOUNDED, Status.FALSE_ACCUSATION)
    # Conclusions an integrity entry may rest on (the report was at least partly borne out).
    BORNE_OUT = (Status.FOUNDED, Status.PARTLY_FOUNDED)

    # The jurisdiction whose registers it cites and whose 监察审计局 investigates it (a city runs several).
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="conduct_reports",
                                     verbose_name=_("辖区"))
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conduct_reports",
                                 verbose_name=_("举报人"))
    # Every report is 实名保密: the reporter is known to the 监察审计局 only. This flag records that the reporter
    # asked for particular care (no contact through their workplace, no disclosure of the report as a source);
    # it is not anonymity, which the portal does not offer.
    anonymous = models.BooleanField(_("要求特别保密"), default=False)
    rules = models.ManyToManyField(Rule, related_name="reports", verbose_name=_("涉及条文"))
    subject_name = models.CharField(_("被举报人（姓名、单位、职务）"), max_length=200, blank=True)
    subject_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("被举报人（平台用户）"))
    subject_enterprise = models.ForeignKey(Enterprise, on_delete=models.SET_NULL, null=True, blank=True,
                                           related_name="+", verbose_name=_("被举报企业"))
    description = models.TextField(_("问题描述"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("承办调查员"))
    notes = models.TextField(_("调查记录"), blank=True)
    outcome = models.TextField(_("处理结果"), blank=True)
    false_accusation_rule = models.ForeignKey(Rule, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                              verbose_name=_("诬告所违反条文"))
    created_at = models.DateTimeField(_("举报时间"), default=timezone.now)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # The report form's one-time token: the same form posted twice files once (portal.forms.SubmitOnceMixin).
    submission_token = models.UUIDField(_("提交令牌"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("违规举报")
        verbose_name_plural = _("违规举报")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="report_status_created")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"JB-{self.created_at:%Y}-{self.pk:06d}" if self.pk else "JB"

    @property
    def is_concluded(self) -> bool:
        return self.status in self.CONCLUSIONS

    @property
    def reporter_label(self) -> str:
        """What an investigator reads; pages for anybody else never show a reporter at all."""
        return self.reporter.display_name


class ReportEvidence(models.Model):
    report = models.ForeignKey(ConductReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("举报"))
    file = models.FileField(_("文件"), upload_to=evidence_upload_to)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("举报证据")
        verbose_name_plural = _("举报证据")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ReportEvent(models.Model):
    """Audit row of one step of a report (filed, investigation opened, concluded)."""

    class Action(models.TextChoices):
        FILE = "file", _("提交举报")
        INVESTIGATE = "investigate", _("开始调查")
        NOTE = "note", _("调查记录")
        CONCLUDE = "conclude", _("办结")

    report = models.ForeignKey(ConductReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("举报"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人"))
    action = models.CharField(_("动作"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20)
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("举报处理记录")
        verbose_name_plural = _("举报处理记录")
        ordering = ["at", "id"]

    @property
    def to_status_label(self) -> str:
        return ConductReport.Status(self.to_status).label


class ReportAccessLog(models.Model):
    """Every time a report is read (page, list, API, evidence download), who read it and how."""

    class Via(models.TextChoices):
        PAGE = "page", _("详情页")
        LIST = "list", _("列表")
        API = "api", _("API")
        API_LIST = "api_list", _("API 列表")
        EVIDENCE = "evidence", _("下载证据")
        RECEIPT = "receipt", _("举报人查看回执")

    report = models.ForeignKey(ConductReport, on_delete=models.CASCADE, related_name="access_log", verbose_name=_("举报"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("查看人"))
    via = models.CharField(_("方式"), max_length=10, choices=Via.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("举报查看记录")
        verbose_name_plural = _("举报查看记录")
        ordering = ["-at", "-id"]


# ---- integrity red/black list (诚信红黑榜) ------------------------------------------------------


class IntegrityEntryQuerySet(models.QuerySet):
    def in_force(self, today: datetime.date | None = None):
        """Published and within its period of validity today (a lapsed entry is never shown)."""
        today = today or timezone.localdate()
        return self.filter(
            status=IntegrityEntry.Status.PUBLISHED, valid_from__lte=today
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))


class IntegrityEntry(models.Model):
    class List(models.TextChoices):
        RED = "red", _("红榜")
        BLACK = "black", _("黑榜")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待审核")
        APPROVED = "approved", _("已审核待发布")
        PUBLISHED = "published", _("已发布")
        REJECTED = "rejected", _("未通过审核")
        WITHDRAWN = "withdrawn", _("已撤销")
        EXPIRED = "expired", _("已到期")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="integrity_entries",
                                   verbose_name=_("企业"))
    list = models.CharField(_("榜单"), max_length=5, choices=List.choices)
    reason = models.TextField(_("上榜事由"))
    basis = models.TextField(_("依据"), help_text=_("如查实的举报、行贿记录、表彰文件等"))
    basis_report = models.ForeignKey(ConductReport, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("依据的查实举报"))
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期止"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("提出人"))
    proposed_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("审核人"))
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("发布人"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("撤销/驳回人"))
    closed_at = models.DateTimeField(_("撤销/驳回/到期时间"), null=True, blank=True)
    close_reason = models.TextField(_("撤销/驳回理由"), blank=True)

    objects = IntegrityEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("诚信红黑榜条目")
        verbose_name_plural = _("诚信红黑榜条目")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="integrity_valid_period",
            )
        ]
        indexes = [models.Index(fields=["status", "valid_from", "valid_until"], name="integrity_in_force")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_list_display()}"

    def is_in_force(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (self.status == self.Status.PUBLISHED and self.valid_from <= today
                and (self.valid_until is None or self.valid_until >= today))


class CreditRepair(models.Model):
    """信用修复: a black-listed enterprise asks to be taken off; oversight decides, the decision is kept."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已同意（已移出黑榜）")
        REJECTED = "rejected", _("不予同意")

    entry = models.ForeignKey(IntegrityEntry, on_delete=models.PROTECT, related_name="repairs", verbose_name=_("黑榜条目"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("申请人"))
    reason = models.TextField(_("申请理由（整改情况）"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("审核人"))
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entry"], condition=Q(status="pending"), name="repair_one_pending_per_entry")
        ]

    def __str__(self) -> str:
        return f"{self.entry.enterprise} · {self.get_status_display()}"


class RepairEvidence(models.Model):
    repair = models.ForeignKey(CreditRepair, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("申请"))
    file = models.FileField(_("文件"), upload_to=repair_upload_to)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))

    class Meta:
        verbose_name = _("信用修复证明材料")
        verbose_name_plural = _("信用修复证明材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


# ---- yearly pledge (亲清承诺) -------------------------------------------------------------------


class Pledge(models.Model):
    """An official's yearly acknowledgement of the officials' registers (我已阅读并承诺遵守)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pledges",
                             verbose_name=_("承诺人"))
    year = models.PositiveSmallIntegerField(_("年度"))
    registers = models.ManyToManyField(Register, related_name="+", verbose_name=_("承诺遵守的清单"))
    created_at = models.DateTimeField(_("承诺时间"), default=timezone.now)

    class Meta:
        verbose_name = _("亲清承诺")
        verbose_name_plural = _("亲清承诺")
        ordering = ["-year", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "year"], name="pledge_once_a_year")]

    def __str__(self) -> str:
        return f"{self.user} {self.year}"
