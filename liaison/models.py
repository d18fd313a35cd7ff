"""Liaison facts: pairings and visits (measure 二), forums (一), key projects and inspections (四)."""

from __future__ import annotations

import datetime as dt
from math import ceil

from django.db import models
from django.db.models import Count, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Department, Enterprise, Jurisdiction, User
from portal.queries import count_of

# The three yearly checkpoints (month, day) of measures 一 and 二: a third of the target by 30 April,
# two thirds by 31 August, all of it by 31 December.
CHECKPOINTS: tuple[tuple[int, int], ...] = ((4, 30), (8, 31), (12, 31))


def checkpoint_target(total: int, k: int) -> int:
    """How many are due by checkpoint k (1..3) when `total` are due in the year: ceil(total*k/3)."""
    return ceil(total * k / 3)


# ---------------------------------------------------------------- pairings and visits


class PairingQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None):
        """Pairings in force on the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))

    def with_year_counts(self, year: int, until: dt.date | None = None, *, paged: bool = False):
        """Annotate the year's visits (up to `until`): `visit_count` (logged or confirmed), `confirmed_count`,
        `disputed_count`.

        For every pairing at once (sweeps, dashboards) one GROUP BY is cheapest. `paged=True` counts with a
        subquery per row instead, so a list page orders and cuts its 20 rows first and counts only those (the
        GROUP BY made the pairings page aggregate a city's 300k visits: 0.8 s at 100k pairings).
        """
        start, end = dt.date(year, 1, 1), until or dt.date(year, 12, 31)
        if paged:
            visits = Visit.objects.filter(pairing=OuterRef("pk"), date__gte=start, date__lte=end)
            return self.annotate(visit_count=count_of(visits.filter(status__in=Visit.COUNTED)),
                                 confirmed_count=count_of(visits.filter(status=Visit.Status.CONFIRMED)),
                                 disputed_count=count_of(visits.filter(status=Visit.Status.DISPUTED)))
        in_year = Q(visits__date__gte=start, visits__date__lte=end)
        return self.annotate(
            visit_count=Count("visits", filter=in_year & Q(visits__status__in=Visit.COUNTED)),
            confirmed_count=Count("visits", filter=in_year & Q(visits__status=Visit.Status.CONFIRMED)),
            disputed_count=Count("visits", filter=in_year & Q(visits__status=Visit.Status.DISPUTED)),
        )


class Pairing(models.Model):
    """A leadership member paired (联系/包抓) with a key enterprise."""

    official = models.ForeignKey(User, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("联系领导"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("联系企业"))
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    delegates = models.ManyToManyField(
        User, blank=True, related_name="delegated_pairings", verbose_name=_("委托登记人"),
        help_text=_("可代联系领导登记走访的人员"),
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("联系企业")
        verbose_name_plural = _("联系企业")
        ordering = ["official_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="pairing_end_after_start"),
        ]
        indexes = [models.Index(fields=["enterprise", "official"], name="pairing_enterprise_official")]

    def __str__(self) -> str:
        return f"{self.official} ↔ {self.enterprise}"

    def is_active(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start <= on and (self.end is None or self.end >= on)


class VisitQuerySet(models.QuerySet):
    def counted(self):
        return self.filter(status__in=Visit.COUNTED)


class Visit(models.Model):
    class Form(models.TextChoices):
        ON_SITE = "on_site", _("实地走访")
        MEETING = "meeting", _("座谈")
        PHONE = "phone", _("电话")
        VIDEO = "video", _("视频")

    class Status(models.TextChoices):
        LOGGED = "logged", _("待企业确认")
        CONFIRMED = "confirmed", _("企业已确认")
        DISPUTED = "disputed", _("企业有异议")

    # Logged and confirmed visits count towards the quota; a disputed one does not until resolved.
    COUNTED = (Status.LOGGED, Status.CONFIRMED)

    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="visits", verbose_name=_("联系企业"))
    date = models.DateField(_("走访日期"))
    form = models.CharField(_("走访形式"), max_length=16, choices=Form.choices, default=Form.ON_SITE)
    companions = models.CharField(_("陪同人员"), max_length=200, blank=True)
    discussed = models.TextField(_("交流内容"))
    follow_up = models.TextField(_("后续跟进"), blank=True)
    # A meal taken at the enterprise: the declarations cross-check expects a hospitality declaration for it.
    had_meal = models.BooleanField(_("在企业用餐"), default=False)
    status = models.CharField(_("确认状态"), max_length=16, choices=Status.choices, default=Status.LOGGED)
    dispute_reason = models.TextField(_("异议理由"), blank=True)
    answered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("确认人"))
    answered_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    logged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["pairing", "date"], name="visit_pairing_date"),
                   # The visits page: newest first, cut to a page before anything is joined.
                   models.Index(fields=["date", "id"], name="visit_date_id")]

    def __str__(self) -> str:
        return f"{self.pairing.enterprise} {self.date}"


class ProblemStatus(models.TextChoices):
    """A problem found on a visit, at a forum or in an inspection; 'converted' ones link to their complaint."""

    OPEN = "open", _("待解决")
    RESOLVED = "resolved", _("已解决")
    CONVERTED = "converted", _("已转为诉求")
    # Pulled into a joint meeting (meetings app); it becomes 'converted' once the meeting decides on it.
    MEETING = "meeting", _("已提交联席会议")


class VisitProblem(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="problems", verbose_name=_("走访记录"))
    description = models.TextField(_("问题描述"))
    status = models.CharField(_("状态"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    # Set when the problem was filed as a complaint on the enterprise's behalf (the link both ways:
    # the complaint reaches back through the reverse accessor).
    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="visit_problem", verbose_name=_("对应诉求"))

    class Meta:
        verbose_name = _("走访发现问题")
        verbose_name_plural = _("走访发现问题")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:50]


# ---------------------------------------------------------------- forums


class Chamber(models.Model):
    """A chamber of commerce or trade association (商会/协会) that can be invited to a forum."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="chambers",
                                     verbose_name=_("辖区"))
    name = models.CharField(_("名称"), max_length=200)
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    # A chamber is a 社会团体 with its own 统一社会信用代码, so it signs in like an enterprise: through its row in the
    # enterprise register. Users of that row act for the chamber (e.g. comment on a consultation as the chamber).
    account = models.OneToOneField(Enterprise, on_delete=models.SET_NULL, null=True, blank=True, related_name="chamber",
                                   verbose_name=_("登录主体（企业名录中的本会）"),
                                   help_text=_("商会/协会以其在企业名录中的登记（统一社会信用代码）登录；该主体的用户代表本会"))

    class Meta:
        verbose_name = _("商会/协会")
        verbose_name_plural = _("商会/协会")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="chamber_unique_name")]

    def __str__(self) -> str:
        return self.name


class ForumQuerySet(models.QuerySet):
    def held_in(self, year: int):
        """座谈会 held in the year (恒口 一's yearly target counts these; a 听证会/论证会 is another meeting)."""
        return self.filter(kind=Forum.Kind.FORUM, status=Forum.Status.HELD, date__year=year)


class Forum(models.Model):
    """A government–enterprise forum (政企座谈会), or a hearing (听证会/论证会) on a rule being drafted."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("座谈会")
        # 恒口 一 and 湛江正面 二: rules affecting enterprises are drafted after 听证会、论证会; a consultation
        # (policies app) links the hearings held on its draft.
        HEARING = "hearing", _("听证会/论证会")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已安排")
        HELD = "held", _("已召开")
        CANCELLED = "cancelled", _("已取消")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="forums",
                                     verbose_name=_("辖区"))
    kind = models.CharField(_("会议类型"), max_length=10, choices=Kind.choices, default=Kind.FORUM)
    title = models.CharField(_("会议名称"), max_length=200)
    date = models.DateField(_("召开日期"))
    time = models.TimeField(_("开始时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200)
    organiser = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="forums",
                                  verbose_name=_("组织部门"))
    agenda = models.TextField(_("议程"))
    invited_enterprises = models.ManyToManyField(Enterprise, blank=True, related_name="invited_forums",
                                                 verbose_name=_("邀请企业"))
    invited_chambers = models.ManyToManyField(Chamber, blank=True, related_name="invited_forums",
                                              verbose_name=_("邀请商会/协会"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    attended_enterprises = models.ManyToManyField(Enterprise, blank=True, related_name="attended_forums",
                                                  verbose_name=_("到会企业"))
    attended_chambers = models.ManyToManyField(Chamber, blank=True, related_name="attended_forums",
                                               verbose_name=_("到会商会/协会"))
    minutes = models.TextField(_("会议纪要"), blank=True)
    cancel_reason = models.TextField(_("取消原因"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("安排人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    held_recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                         verbose_name=_("记录人"))

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("政企座谈会")
        verbose_name_plural = _("政企座谈会")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["jurisdiction", "status", "date"], name="forum_jur_status_date")]

    def __str__(self) -> str:
        return self.title


class Resolution(models.Model):
    """A decision taken at a forum: a task with an owner, or a matter to become a complaint."""

    class Kind(models.TextChoices):
        TASK = "task", _("交办任务")
        COMPLAINT = "complaint", _("转为诉求")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("座谈会"))
    text = models.TextField(_("议定事项"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.TASK)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("涉及企业"))
    owner = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="forum_tasks",
                              verbose_name=_("责任人"))
    due = models.DateField(_("完成期限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    # Set when the problem was filed as a complaint on the enterprise's behalf (the link both ways:
    # the complaint reaches back through the reverse accessor).
    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="forum_resolution", verbose_name=_("对应诉求"))

    class Meta:
        verbose_name = _("议定事项")
        verbose_name_plural = _("议定事项")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:50]


# ---------------------------------------------------------------- key projects


class KeyProject(models.Model):
    """A key project (重点项目) and its team (包抓专班)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="key_projects",
                                     verbose_name=_("辖区"))
    name = models.CharField(_("项目名称"), max_length=200)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="key_projects", verbose_name=_("建设单位"))
    description = models.TextField(_("项目概况"), blank=True)
    planned_investment = models.DecimalField(_("计划总投资（万元）"), max_digits=14, decimal_places=2, null=True,
                                             blank=True)
    lead_department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="key_projects",
                                        verbose_name=_("牵头部门"))
    members = models.ManyToManyField(User, blank=True, related_name="key_projects", verbose_name=_("专班成员"))
    is_active = models.BooleanField(_("在建"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


def report_due_date(month: dt.date) -> dt.date:
    """A month's inspection report is due by the 5th of the next month."""
    nxt = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return nxt.replace(day=5)


class InspectionReport(models.Model):
    """A project team's monthly inspection report (measure 四)."""

    project = models.ForeignKey(KeyProject, on_delete=models.CASCADE, related_name="reports", verbose_name=_("重点项目"))
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    progress = models.TextField(_("形象进度"))
    investment_month = models.DecimalField(_("本月完成投资（万元）"), max_digits=14, decimal_places=2)
    investment_total = models.DecimalField(_("累计完成投资（万元）"), max_digits=14, decimal_places=2)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("填报人"))
    submitted_at = models.DateTimeField(_("填报时间"), default=timezone.now)

    class Meta:
        verbose_name = _("月度巡查督导报告")
        verbose_name_plural = _("月度巡查督导报告")
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="inspection_once_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.month:%Y-%m}"

    @property
    def due_date(self) -> dt.date:
        return report_due_date(self.month)

    @property
    def on_time(self) -> bool:
        return timezone.localdate(self.submitted_at) <= self.due_date


class ProjectProblem(models.Model):
    report = models.ForeignKey(InspectionReport, on_delete=models.CASCADE, related_name="problems",
                               verbose_name=_("巡查督导报告"))
    description = models.TextField(_("问题描述"))
    to_joint_meeting = models.BooleanField(_("提交联席会议"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    # Set when the problem was filed as a complaint on the enterprise's behalf (the link both ways:
    # the complaint reaches back through the reverse accessor).
    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="project_problem", verbose_name=_("对应诉求"))

    class Meta:
        verbose_name = _("项目问题")
        verbose_name_plural = _("项目问题")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:50]
