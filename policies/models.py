"""Policies (政策) reach enterprises: the library, who they match, questions and FAQ, 征求意见 consultations.

Targets are kept as space-separated tokens (" C13 C30 ") rather than arrays or JSON, so one `LIKE` finds them on
SQLite (the embedded default) as on PostgreSQL, and a policy's matching enterprises are one SQL WHERE clause.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conduct.models import Register
from liaison.models import Chamber, Forum
from portal.models import Department, Enterprise, Jurisdiction, User
from portal.uploads import private_upload_to

# 国民经济行业分类 (GB/T 4754-2017): the 门类 letters, with their names. A policy targets a 门类 ("C") or a 大类
# ("C13"); an enterprise carries its 大类 (or finer) code, matched by prefix.
INDUSTRY_SECTIONS = {
    "A": _("农、林、牧、渔业"), "B": _("采矿业"), "C": _("制造业"), "D": _("电力、热力、燃气及水生产和供应业"),
    "E": _("建筑业"), "F": _("批发和零售业"), "G": _("交通运输、仓储和邮政业"), "H": _("住宿和餐饮业"),
    "I": _("信息传输、软件和信息技术服务业"), "J": _("金融业"), "K": _("房地产业"), "L": _("租赁和商务服务业"),
    "M": _("科学研究和技术服务业"), "N": _("水利、环境和公共设施管理业"), "O": _("居民服务、修理和其他服务业"),
    "P": _("教育"), "Q": _("卫生和社会工作"), "R": _("文化、体育和娱乐业"), "S": _("公共管理、社会保障和社会组织"),
    "T": _("国际组织"),
}


def tokens(value: str) -> list[str]:
    """The tokens of a target field, in order, without repeats."""
    return list(dict.fromkeys(value.replace(",", " ").replace("，", " ").replace("、", " ").split()))


def pack(values) -> str:
    """Store tokens space-padded (" a b "), so `contains=" a "` finds a whole token."""
    values = tokens(values) if isinstance(values, str) else list(dict.fromkeys(v.strip() for v in values if v.strip()))
    return f" {' '.join(values)} " if values else ""


class Size(models.TextChoices):
    """Enterprise size class (《统计上大中小微型企业划分办法》)."""

    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class EnterpriseProfile(models.Model):
    """What policies target about an enterprise. Kept here rather than on portal.Enterprise: the targeting
    vocabulary belongs to the policy work and changes with it, and portal's busiest table needs no migration.
    An enterprise without a profile matches only policies that target nobody in particular."""

    enterprise = models.OneToOneField(Enterprise, on_delete=models.CASCADE, primary_key=True,
                                      related_name="policy_profile", verbose_name=_("企业"))
    industry_code = models.CharField(_("行业代码"), max_length=8, blank=True,
                                     help_text=_("国民经济行业分类代码，如 C13（农副食品加工业）"))
    size = models.CharField(_("企业规模"), max_length=8, choices=Size.choices, blank=True)
    area = models.CharField(_("注册地"), max_length=50, blank=True, help_text=_("镇、街道或园区，如 恒口镇"))
    tags = models.CharField(_("企业标签"), max_length=300, blank=True, help_text=_("以空格分隔，如 高新技术企业 专精特新"))

    class Meta:
        verbose_name = _("企业画像")
        verbose_name_plural = _("企业画像")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.industry_code}"

    def save(self, *args, **kwargs):
        self.industry_code = self.industry_code.strip().upper()
        self.tags = pack(self.tags)
        super().save(*args, **kwargs)

    @property
    def tag_list(self) -> list[str]:
        return tokens(self.tags)


class PolicyQuerySet(models.QuerySet):
    def published(self) -> PolicyQuerySet:
        return self.filter(status=Policy.Status.PUBLISHED)

    def for_list(self) -> PolicyQuerySet:
        """What a list row shows, in one query."""
        return self.select_related("department", "jurisdiction")


class Topic(models.TextChoices):
    TAX = "tax", _("减税降费")
    FINANCE = "finance", _("金融支持")
    TALENT = "talent", _("人才就业")
    INNOVATION = "innovation", _("科技创新")
    INDUSTRY = "industry", _("产业发展")
    LAND = "land", _("用地用能")
    MARKET = "market", _("市场准入")
    OTHER = "other", _("其他")


class Policy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="policies",
                                   verbose_name=_("发文部门"))
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("文号"), max_length=100, blank=True)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    body = models.TextField(_("正文"))
    topic = models.CharField(_("主题"), max_length=12, choices=Topic.choices, default=Topic.OTHER)
    industries = models.CharField(_("适用行业"), max_length=200, blank=True,
                                  help_text=_("行业代码，以空格分隔（C 为整个制造业，C13 为农副食品加工业）；留空为不限"))
    sizes = models.CharField(_("适用企业规模"), max_length=40, blank=True, help_text=_("留空为不限"))
    areas = models.CharField(_("适用区域"), max_length=200, blank=True, help_text=_("镇、街道或园区，以空格分隔；留空为全辖区"))
    tags = models.CharField(_("适用企业标签"), max_length=300, blank=True,
                            help_text=_("企业具备其中任一标签即适用，以空格分隔；留空为不限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("起草人"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("发布人"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    pushed_at = models.DateTimeField(_("推送完成时间"), null=True, blank=True)
    matched_count = models.PositiveIntegerField(_("推送企业数"), default=0)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策")
        verbose_name_plural = _("政策")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at", "-id"], name="policy_published")]

    def __str__(self) -> str:
        return self.title

    @property
    def industry_list(self) -> list[str]:
        return tokens(self.industries)

    @property
    def size_list(self) -> list[str]:
        return tokens(self.sizes)

    @property
    def area_list(self) -> list[str]:
        return tokens(self.areas)

    @property
    def tag_list(self) -> list[str]:
        return tokens(self.tags)

    @property
    def size_labels(self) -> list[str]:
        return [str(Size(s).label) for s in self.size_list if s in Size.values]

    @property
    def is_targeted(self) -> bool:
        return bool(self.industries or self.sizes or self.areas or self.tags)

    def matches_q(self, prefix: str = "") -> Q:
        """Enterprises this policy targets, as a filter on Enterprise (`prefix` for a relation to it)."""
        p = prefix
        q = Q(**{f"{p}jurisdiction_id": self.jurisdiction_id})
        if self.industry_list:
            q &= _any(Q(**{f"{p}policy_profile__industry_code__startswith": c}) for c in self.industry_list)
        if self.size_list:
            q &= Q(**{f"{p}policy_profile__size__in": self.size_list})
        if self.area_list:
            q &= Q(**{f"{p}policy_profile__area__in": self.area_list})
        if self.tag_list:
            q &= _any(Q(**{f"{p}policy_profile__tags__contains": f" {t} "}) for t in self.tag_list)
        return q

    def reasons_for(self, profile: EnterpriseProfile | None) -> list[str]:
        """Why this policy concerns an enterprise with this profile, in words (the home card's line)."""
        reasons = []
        if profile is not None:
            if self.industry_list and profile.industry_code:
                code = next((c for c in self.industry_list if profile.industry_code.startswith(c)), "")
                if code:
                    reasons.append(_("行业 %(code)s") % {"code": profile.industry_code})
            if self.size_list and profile.size:
                reasons.append(_("规模 %(size)s") % {"size": profile.get_size_display()})
            if self.area_list and profile.area:
                reasons.append(_("注册地 %(area)s") % {"area": profile.area})
            shared = [t for t in self.tag_list if t in profile.tag_list]
            if shared:
                reasons.append(_("标签 %(tags)s") % {"tags": "、".join(shared)})
        if not reasons:
            reasons.append(_("适用于%(jurisdiction)s全部企业") % {"jurisdiction": self.jurisdiction.name})
        return [str(r) for r in reasons]


def _any(qs) -> Q:
    result = Q(pk__in=[])
    for q in qs:
        result |= q
    return result


_attachment_path = private_upload_to("policies")


def attachment_path(instance, filename: str) -> str:
    return _attachment_path(instance, filename)


class PolicyAttachment(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("政策"))
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=120)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人"))
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("政策附件")
        verbose_name_plural = _("政策附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PolicyMatch(models.Model):
    """An enterprise the policy was pushed to: written once (unique), so a repeated push tells nobody twice."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="matches", verbose_name=_("政策"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="policy_matches",
                                   verbose_name=_("企业"))
    # The push run and batch that wrote the row: its inbox messages go to exactly the rows it wrote.
    batch = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("推送时间"), db_default=Now())

    class Meta:
        verbose_name = _("政策推送")
        verbose_name_plural = _("政策推送")
        constraints = [models.UniqueConstraint(fields=["policy", "enterprise"], name="policy_match_once")]
        indexes = [models.Index(fields=["enterprise", "-id"], name="policy_match_enterprise"),
                   models.Index(fields=["batch"], name="policy_match_batch")]

    def __str__(self) -> str:
        return f"{self.policy_id} → {self.enterprise_id}"


class PolicyQuestion(models.Model):
    """An enterprise's question about a policy: a 政策咨询 complaint routed to the department's 政策联络员."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="questions", verbose_name=_("政策"))
    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.CASCADE, related_name="policy_question",
                                     verbose_name=_("诉求"))
    consent_faq = models.BooleanField(_("同意匿名公开为常见问题"), default=False)
    created_at = models.DateTimeField(_("提问时间"), default=timezone.now)

    class Meta:
        verbose_name = _("政策咨询")
        verbose_name_plural = _("政策咨询")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.policy_id}: {self.complaint_id}"


class FaqEntry(models.Model):
    """A question and its answer published on the policy page, without the enterprise's name."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="faq", verbose_name=_("政策"))
    question = models.TextField(_("问题"))
    answer = models.TextField(_("解答"))
    source = models.OneToOneField(PolicyQuestion, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="faq", verbose_name=_("来源咨询"))
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("发布人"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.question[:50]


# ---- 征求意见 consultations ------------------------------------------------------------------------


class ConsultationQuerySet(models.QuerySet):
    def public(self) -> ConsultationQuerySet:
        """Put out for comment (open, closed or answered): drafts stay with their department."""
        return self.exclude(status=Consultation.Status.DRAFT)


class Consultation(models.Model):
    """A draft put out for comment between two dates, in numbered paragraphs; every comment gets an answer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("征求意见")  # closes by date: see `phase`
        RESPONDED = "responded", _("已公布采纳情况")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="consultations",
                                   verbose_name=_("起草部门"))
    # What the draft is a draft of: a policy, or a conduct register (规范清单) — at most one of them.
    policy = models.ForeignKey(Policy, on_delete=models.SET_NULL, null=True, blank=True, related_name="consultations",
                               verbose_name=_("相关政策"))
    register = models.ForeignKey(Register, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="consultations", verbose_name=_("相关规范清单"))
    # The 听证会/论证会 held on the draft (liaison forums of kind hearing).
    hearings = models.ManyToManyField(Forum, blank=True, related_name="consultations",
                                      limit_choices_to={"kind": Forum.Kind.HEARING}, verbose_name=_("听证会/论证会"))
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("起草说明"), blank=True)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("起草人"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    response_note = models.TextField(_("采纳情况说明"), blank=True)
    responded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("公布人"))
    responded_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["-opens_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                              name="consultation_dates_in_order"),
                       models.CheckConstraint(condition=Q(policy__isnull=True) | Q(register__isnull=True),
                                              name="consultation_of_policy_or_register")]

    def __str__(self) -> str:
        return self.title

    def phase(self, today=None) -> str:
        """draft, upcoming, open, closed (awaiting answers) or responded."""
        today = today or timezone.localdate()
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.status == self.Status.RESPONDED:
            return "responded"
        if today < self.opens_on:
            return "upcoming"
        return "open" if today <= self.closes_on else "closed"

    @property
    def phase_label(self) -> str:
        return str(PHASES[self.phase()])


PHASES = {"draft": _("草稿"), "upcoming": _("即将开始"), "open": _("征求意见中"), "closed": _("已截止，待答复"),
          "responded": _("已公布采纳情况")}


class ConsultationVersion(models.Model):
    """One text of the draft: version 1 is what was put out for comment, later ones the revised texts."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="versions",
                                     verbose_name=_("征求意见"))
    number = models.PositiveSmallIntegerField(_("版本"))
    note = models.CharField(_("版本说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("征求意见稿版本")
        verbose_name_plural = _("征求意见稿版本")
        ordering = ["consultation_id", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="consultation_version_unique")]

    def __str__(self) -> str:
        return f"{self.consultation_id} v{self.number}"


class Paragraph(models.Model):
    version = models.ForeignKey(ConsultationVersion, on_delete=models.CASCADE, related_name="paragraphs",
                                verbose_name=_("版本"))
    number = models.PositiveSmallIntegerField(_("段落编号"))
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("段落")
        verbose_name_plural = _("段落")
        ordering = ["version_id", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="paragraph_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class Comment(models.Model):
    """An enterprise's (or chamber's) comment on one paragraph; staff see who, the public only if allowed.

    A chamber comments through its login (liaison.Chamber.account, its row in the enterprise register): the
    comment then records the chamber, and the response table names it as a chamber."""

    class Decision(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        REJECTED = "rejected", _("不采纳")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments",
                                     verbose_name=_("征求意见"))
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="comments", verbose_name=_("段落"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("提出人"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("企业"))
    chamber = models.ForeignKey(Chamber, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("商会/协会"))
    text = models.TextField(_("意见内容"))
    show_name = models.BooleanField(_("公开显示企业名称"), default=False)
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    decision = models.CharField(_("采纳情况"), max_length=10, choices=Decision.choices, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    answered_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("答复人"))
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        ordering = ["paragraph__number", "id"]
        indexes = [models.Index(fields=["consultation", "id"], name="comment_consultation")]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def author_kind(self) -> str:
        return "chamber" if self.chamber_id else "enterprise"

    @property
    def author_name(self) -> str:
        """Who commented, for staff: the chamber, or the enterprise."""
        if self.chamber_id:
            return self.chamber.name
        return self.enterprise.name if self.enterprise_id else ""

    @property
    def public_author(self) -> str:
        if self.show_name and (self.chamber_id or self.enterprise_id):
            return self.author_name
        return str(_("匿名商会/协会")) if self.chamber_id else str(_("匿名企业"))


# ---- 政策兑现 commitments (恒口 十) ------------------------------------------------------------------


class Commitment(models.Model):
    """What a policy promises (a subsidy, a fee cut …) and by when it is to be delivered."""

    class Kind(models.TextChoices):
        SUBSIDY = "subsidy", _("补贴奖励")
        FEE_CUT = "fee_cut", _("减免费用")
        OTHER = "other", _("其他")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("政策"))
    title = models.CharField(_("兑现事项"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.SUBSIDY)
    standard = models.CharField(_("兑现标准"), max_length=300, blank=True)
    due_days = models.PositiveSmallIntegerField(_("兑现时限（天）"), default=30,
                                                help_text=_("自企业申请或列入名单之日起"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("兑现事项")
        verbose_name_plural = _("兑现事项")
        ordering = ["policy_id", "id"]

    def __str__(self) -> str:
        return self.title


class BeneficiaryQuerySet(models.QuerySet):
    def overdue(self, today=None) -> BeneficiaryQuerySet:
        today = today or timezone.localdate()
        return self.filter(status=Beneficiary.Status.PENDING, due_on__lt=today)


class Beneficiary(models.Model):
    """An enterprise that applied for, or was listed under, a commitment: who got what and when (no payments)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待兑现")
        DELIVERED = "delivered", _("已兑现")

    class Source(models.TextChoices):
        APPLIED = "applied", _("企业申请")
        LISTED = "listed", _("部门列入")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="beneficiaries",
                                   verbose_name=_("兑现事项"))
    # Copied from the policy, so per-department figures need no join through policies.
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("兑现部门"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="policy_benefits",
                                   verbose_name=_("企业"))
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("申请/列入时间"), default=timezone.now)
    due_on = models.DateField(_("应兑现日期"))
    delivered_on = models.DateField(_("兑现日期"), null=True, blank=True)
    delivered_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("经办人"))

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("兑现对象")
        verbose_name_plural = _("兑现对象")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["commitment", "enterprise"], name="beneficiary_once")]
        indexes = [models.Index(fields=["department", "status", "due_on"], name="beneficiary_dept_due")]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.enterprise_id} {self.status}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.PENDING and timezone.localdate() > self.due_on
