"""The Celery app. Beat's schedule lives in settings.CELERY_BEAT_SCHEDULE, in one place."""

import os

from celery import Celery

from portal.schedule import BEAT_SCHEDULE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Beat's one schedule lives in portal/schedule.py (settings.py does not set CELERY_BEAT_SCHEDULE).
app.conf.beat_schedule = BEAT_SCHEDULE
