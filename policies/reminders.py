"""The policies app's steps of the daily sweep (registered in portal.sweep, run by liaison.reminders)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from policies.models import Comment, Consultation
from portal import sweep
from portal.services import Draft, notify_many


@sweep.step
def consultation_answer_reminders(today: dt.date) -> int:
    """A consultation closed with comments still unanswered: its department's 政策联络员 is reminded once
    (two queries whatever the number of consultations)."""
    unanswered = Comment.objects.filter(consultation=OuterRef("pk"), decision="")
    rows = (Consultation.objects.filter(status=Consultation.Status.OPEN, closes_on__lt=today)
            .filter(Exists(unanswered)).select_related("department__liaison_officer", "department__head"))
    drafts = []
    for c in rows:
        officer = c.department.liaison_officer or c.department.head
        if officer is None:
            continue
        drafts.append(Draft(recipient=officer, subject=_("征求意见已截止，请答复意见：%(title)s") % {"title": c.title},
                            body=_("截止日期：%(date)s。请逐条答复采纳情况并公布。") % {"date": c.closes_on.isoformat()},
                            url=reverse("policies:consultation", args=[c.pk]), key=f"consultation-unanswered:{c.pk}"))
    return len(notify_many(drafts))
