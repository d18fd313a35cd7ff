"""Measure 十二: non-public enterprises with three or more party members and no party organisation are followed up
by 党务群团工作局 — one follow-up record per such enterprise: the 党建指导员 assigned and the next follow-up date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import Enterprise


class Coverage(models.Model):
    enterprise = models.OneToOneField(Enterprise, on_delete=models.CASCADE, related_name="party_coverage",
                                      verbose_name=_("企业"))
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="party_coverages", verbose_name=_("党建指导员"))
    follow_up_on = models.DateField(_("跟进日期"), null=True, blank=True)
    note = models.TextField(_("跟进情况"), blank=True)
    # Set when the enterprise's party organisation is recorded as established (Enterprise.has_party_organisation).
    organised_on = models.DateField(_("党组织建立日期"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("更新人"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党组织覆盖跟进")
        verbose_name_plural = _("党组织覆盖跟进")
        ordering = ["enterprise_id"]
        # The sweep's question: follow-ups due and not yet organised.
        indexes = [models.Index(fields=["follow_up_on"], condition=models.Q(organised_on__isnull=True),
                                name="party_coverage_due")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.instructor or '—'}"
