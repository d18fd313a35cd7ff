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


BATCH = 500  # drafts per notify_many call: a fixed number of queries per batch


def due_drafts(complaint: Complaint, today: date, cal: calendar.WorkingCalendar, staff,
               office=services.efficiency_office) -> tuple[list[Draft], int]:
    """The warnings and 催办 due today for one open complaint, and how many escalations were made.

    Escalations change the complaint (督办), so they go through the service one by one; the plain reminders
    are returned for the sweep to send in batches. `staff(department)` gives the department's handlers and head,
    `office(jurisdiction_id)` the efficiency office told of escalations.
    """
    drafts: list[Draft] = []
    escalated = 0
    for stage, deadline in _deadlines(complaint):
        label = _("签收") if stage == "sign" else _("答复")
        key = f"complaint:{complaint.pk}:{stage}:{deadline.isoformat()}"
        late = cal.working_days_between(deadline, today)  # >0: working days past the deadline
        url = services._url(complaint)
        if today <= deadline and cal.working_days_between(today, deadline) <= 1:
            subject = f"【{complaint.number}】" + _("%(stage)s期限将至：%(date)s") % {
                "stage": label, "date": deadline.isoformat()}
            drafts += [Draft(u, subject, complaint.title, url, key + ":warn") for u in staff(complaint.department)]
        elif late >= ESCALATE_AFTER:
            if services.escalate(complaint=complaint, stage=stage, deadline=deadline,
                                 office=office(complaint.jurisdiction_id)):
                escalated += 1
        elif late >= 1:
            subject = f"【{complaint.number}】" + _("催办：%(stage)s已超期（期限%(date)s）") % {
                "stage": label, "date": deadline.isoformat()}
            recipients = [*staff(complaint.department)]
            if complaint.handler and complaint.handler not in recipients:
                recipients.append(complaint.handler)
            drafts += [Draft(u, subject, complaint.title, url, key + ":urge") for u in recipients]
    return drafts, escalated


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
    # One staff query per department and one office query per jurisdiction, not per complaint.
    staff_of: dict[int | None, list] = {}
    office_of: dict[int, list] = {}

    def staff(department):
        key = department.pk if department else None
        if key not in staff_of:
            staff_of[key] = services.department_staff(department)
        return staff_of[key]

    def office(jurisdiction_id: int):
        if jurisdiction_id not in office_of:
            office_of[jurisdiction_id] = services.efficiency_office(jurisdiction_id)
        return office_of[jurisdiction_id]

    pending: list[Draft] = []
    for complaint in due.iterator(chunk_size=BATCH):
        try:
            drafts, escalated = due_drafts(complaint, today, cal, staff, office)
        except Exception:  # one bad row must not stop the sweep
            log.exception("deadline reminder for complaint %s failed", complaint.pk)
            continue
        done += escalated
        pending += drafts
        if len(pending) >= BATCH:
            done += len(notify_many(pending))
            pending = []
    if pending:
        done += len(notify_many(pending))
    cutoff = today - timedelta(days=AUTO_CLOSE_DAYS)
    stale = Complaint.objects.filter(status=S.ANSWERED, answered_at__date__lte=cutoff).select_related("jurisdiction")
    for complaint in stale.order_by("id").iterator(chunk_size=BATCH):
        done += services.auto_close(complaint=complaint)
    return done
