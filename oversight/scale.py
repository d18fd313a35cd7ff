"""seed_scale's last step: the dashboard's stored summaries, so the first page view after a bulk load is
as fast as every later one (the Celery beat refresh would otherwise do it within 10 minutes)."""

from __future__ import annotations

from oversight import rollups
from portal.scale import analyze, scale_step


@scale_step(order=950, name="oversight.summaries")
def refresh_summaries(ctx, options, progress) -> None:
    analyze()  # the summaries' grouped queries need the loaded rows' statistics to plan well
    rollups.refresh_all()
