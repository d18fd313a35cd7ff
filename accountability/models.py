"""问责 (measure 十六): accountability cases opened by oversight on a department or an official.

A case is opened from a 问责 flag of a complaint (踢皮球, 督办后仍超期), from a 督办 notice or from a complaint,
and records the grounds, the facts, the measure, the date and who decided. Cases count in the department
assessment (oversight/assessment.py) by the deduction of their measure (DEDUCTIONS, overridable in settings).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from complaints.models import Complaint, SupervisionNotice
from portal.models import Department, Jurisdiction, User


class Measure(models.TextChoices):
    """问责方式, mildest first."""

    REMINDER = "reminder", _("提醒谈话")
    INTERVIEW = "interview", _("约谈")
    CRITICISM = "criticism", _("通报批评")
    ADMONITION = "admonition", _("诫勉")
    REFERRAL = "referral", _("移送纪检监察")


# Points deducted from a department's 亲清考核 score per case of each measure decided in the year, on the
# department or on one of its officials. The documents set no figure (十五 asks for an assessment system, 十六
# for accountability), so these are a setting: ACCOUNTABILITY_DEDUCTIONS in portal/settings.py overrides any of
# them; they grow with the measure's weight.
DEFAULT_DEDUCTIONS = {
    Measure.REMINDER: 1,
    Measure.INTERVIEW: 2,
    Measure.CRITICISM: 3,
    Measure.ADMONITION: 4,
    Measure.REFERRAL: 5,
}


def deductions() -> dict[str, float]:
    """Measure → points deducted per case (the defaults, with the settings' overrides)."""
    return {**DEFAULT_DEDUCTIONS, **getattr(settings, "ACCOUNTABILITY_DEDUCTIONS", {})}


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """Oversight and investigators: their jurisdiction's cases; admins: all; nobody else."""
        from accountability.queries import READER_ROLES
        from portal.models import Role

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(Role.ADMIN):
            return self
        if user.has_role(*READER_ROLES) and user.jurisdiction_id:
            return self.filter(jurisdiction_id=user.jurisdiction_id)
        return self.none()

    def for_list(self) -> CaseQuerySet:
        return self.select_related("department", "official", "complaint", "created_by")


class Case(models.Model):
    class Target(models.TextChoices):
        DEPARTMENT = "department", _("部门")
        OFFICIAL = "official", _("干部个人")

    class Source(models.TextChoices):
        FLAG_BOUNCED = "flag_bounced", _("问责提示：多次转办（踢皮球）")
        FLAG_LATE = "flag_late", _("问责提示：督办后仍超期")
        NOTICE = "notice", _("督办通知")
        COMPLAINT = "complaint", _("诉求")

    Measure = Measure

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区"))
    target = models.CharField(_("问责对象类型"), max_length=12, choices=Target.choices)
    # For a case on an official: the official's department when the case was opened (it counts there).
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="accountability_cases", verbose_name=_("部门"))
    official = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="accountability_cases", verbose_name=_("干部"))
    source = models.CharField(_("线索来源"), max_length=12, choices=Source.choices)
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="accountability_cases", verbose_name=_("诉求"))
    notice = models.ForeignKey(SupervisionNotice, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="accountability_cases", verbose_name=_("督办通知"))
    grounds = models.TextField(_("问责事由及依据"))
    facts = models.TextField(_("查明事实"))
    measure = models.CharField(_("问责方式"), max_length=12, choices=Measure.choices)
    decided_on = models.DateField(_("决定日期"))
    decided_by = models.CharField(_("决定机关"), max_length=100)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    history = HistoricalRecords()
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("问责案件")
        verbose_name_plural = _("问责案件")
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["jurisdiction", "decided_on"], name="case_jur_decided"),
            models.Index(fields=["department", "decided_on"], name="case_dept_decided"),
            models.Index(fields=["official", "decided_on"], name="case_official_decided"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target="department", department__isnull=False)
                | models.Q(target="official", official__isnull=False),
                name="case_has_its_target"),
        ]

    def __str__(self) -> str:
        who = self.official.display_name if self.official_id else (self.department.name if self.department_id else "")
        return f"{who} {self.get_measure_display()} {self.decided_on}"

    @property
    def deduction(self) -> float:
        return deductions().get(self.measure, 0)
