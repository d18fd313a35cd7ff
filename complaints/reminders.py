"""The daily deadline sweep: warn, 催办, escalate, auto-close. Idempotent: every message has a Notification key.

`sweep(today)` is what the Celery beat task and liaison's `send_reminders` command call.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from complaints import services
from complaints.models import AUTO_CLOSE_DAYS, Complaint
from portal import calendar
from portal.services import Draft, notify_many

log = logging.getLogger(__name__)
S = Complaint.Status
ESCALATE_AFTER = 5  # working days past a deadline before 效能督查办公室 is told


def _deadlines(complaint: Complaint) -> list[tuple[str, date]]:
    """The deadlines still running for this complaint: (stage, date)."""
    stages = []
    if complaint.status == S.ASSIGNED and complaint.sign_deadline:
        stages.append(("sign", complaint.sign_deadline))
    if complaint.status in (S.ASSIGNED, S.ACCEPTED) and complaint.answer_deadline:
        stages.append(("answer", complaint.answer_deadline))
    return stages


def check_one(complaint: Complaint, today: date, cal: calendar.WorkingCalendar) -> int:
    """Send what is due for one open complaint today; returns how many notifications went out."""
    sent = 0
    for stage, deadline in _deadlines(complaint):
        label = _("签收") if stage == "sign" else _("答复")
        key = f"complaint:{complaint.pk}:{stage}:{deadline.isoformat()}"
        late = cal.working_days_between(deadline, today)  # >0: working days past the deadline
        url = services._url(complaint)
        drafts: list[Draft] = []
        if today <= deadline and cal.working_days_between(today, deadline) <= 1:
            subject = f"【{complaint.number}】" + _("%(stage)s期限将至：%(date)s") % {
                "stage": label, "date": deadline.isoformat()}
            drafts = [Draft(u, subject, complaint.title, url, key + ":warn")
                      for u in services.department_staff(complaint.department)]
        elif late >= ESCALATE_AFTER:
            if services.escalate(complaint=complaint, stage=stage, deadline=deadline):
                sent += 1
        elif late >= 1:
            subject = f"【{complaint.number}】" + _("催办：%(stage)s已超期（期限%(date)s）") % {
                "stage": label, "date": deadline.isoformat()}
            recipients = services.department_staff(complaint.department)
            if complaint.handler and complaint.handler not in recipients:
                recipients.append(complaint.handler)
            drafts = [Draft(u, subject, complaint.title, url, key + ":urge") for u in recipients]
        if drafts:
            sent += len(notify_many(drafts))
    return sent


def sweep(today: date) -> int:
    """One daily pass over open deadlines and unrated answers; returns how many things it did."""
    cal = calendar.for_dates(today - timedelta(days=60), today)
    done = 0
    horizon = cal.add_working_days(today, 1)
    due = (
        Complaint.objects.filter(status__in=[S.ASSIGNED, S.ACCEPTED])
        .filter(Q(answer_deadline__lte=horizon) | Q(status=S.ASSIGNED, sign_deadline__lte=horizon))
        .select_related("department", "handler", "jurisdiction")
        .order_by("id")
    )
    for complaint in due.iterator(chunk_size=500):
        try:
            done += check_one(complaint, today, cal)
        except Exception:  # one bad row must not stop the sweep
            log.exception("deadline reminder for complaint %s failed", complaint.pk)
    cutoff = today - timedelta(days=AUTO_CLOSE_DAYS)
    stale = Complaint.objects.filter(status=S.ANSWERED, answered_at__date__lte=cutoff).select_related("jurisdiction")
    for complaint in stale.order_by("id").iterator(chunk_size=500):
        done += services.auto_close(complaint=complaint)
    return done
