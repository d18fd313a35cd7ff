"""The monthly report (月报) to the leadership: one stored row per jurisdiction and month, rebuilt in place."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Jurisdiction


def report_file_path(instance, filename: str) -> str:
    """leadership/reports/HK-2026-05.pdf — one name per jurisdiction and month (a rebuild replaces the file)."""
    return f"leadership/reports/{filename}"


class MonthlyReport(models.Model):
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="monthly_reports",
                                     verbose_name=_("辖区"))
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    built_at = models.DateTimeField(_("生成时间"))
    figures = models.JSONField(_("数据"), encoder=DjangoJSONEncoder)
    pdf = models.FileField(_("PDF 文件"), upload_to=report_file_path, blank=True)
    xlsx = models.FileField(_("XLSX 文件"), upload_to=report_file_path, blank=True)
    # Set once, by the task that claims the sending (compare-and-set): a rebuild or a second run never resends.
    sent_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("领导月报")
        verbose_name_plural = _("领导月报")
        ordering = ["-month", "jurisdiction_id"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "month"], name="monthly_report_once")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.month:%Y-%m}"

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"

    def file_stem(self) -> str:
        return f"{self.jurisdiction.code}-{self.month:%Y-%m}"
