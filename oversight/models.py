"""The materialised summaries: one row per (year, jurisdiction, department or all), refreshed by Celery.

At a million complaints the live summary takes seconds (one pass over a year's rows per source table); the
pages and the API read the row instead (one query) and show when it was computed. The row is refreshed by
the beat entry "oversight-refresh-summaries" every 10 minutes (earlier years once), on demand by oversight
("立即刷新"), by a queued task when a page finds it older than MAX_AGE (the old row is shown meanwhile), and —
so a card agrees with the list behind it within seconds — by a task queued after the commit of every change
that moves a figure (portal.figures → rollups.on_figures_changed); it is computed live only when missing.
"""

from __future__ import annotations

import datetime as dt

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Department, Jurisdiction

MAX_AGE = dt.timedelta(minutes=30)


class SummarySnapshot(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"))
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="+", verbose_name=_("辖区"))
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                   verbose_name=_("部门"))
    data = models.JSONField(_("数据"), encoder=DjangoJSONEncoder)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("督查数据快照")
        verbose_name_plural = _("督查数据快照")
        constraints = [
            models.UniqueConstraint(fields=["year", "jurisdiction", "department"], name="snapshot_unique_scope"),
            models.UniqueConstraint(fields=["year", "jurisdiction"], condition=Q(department__isnull=True),
                                    name="snapshot_unique_all_departments"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id}-{self.year}-{self.department_id or 'all'}"
