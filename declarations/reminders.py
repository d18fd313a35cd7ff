"""The declarations' part of the one daily sweep (liaison.reminders.STEPS; registered in DeclarationsConfig.ready).

- approvers of event requests pending for a working day or more (once per request and approver);
- public servants who have not filed the year's interest declaration (亲属经商办企业、持股及借贷): reminded in the
  month before the jurisdiction's due date, told again once it has passed (once per year each);
- officials whose approved event is over and not yet recorded (once per event), from the working day after it.
Every reminder carries a key, so Notification's unique (recipient, key) makes it go once however often the
sweep runs. Rows are walked in batches with a fixed number of queries per batch.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from declarations import services
from declarations.models import Declaration, DeclarationSettings
from portal import calendar
from portal.models import Jurisdiction, User
from portal.roles import group_id
from portal.services import Draft, notify_many

BATCH_SIZE = 500
K, S = Declaration.Kind, Declaration.Status


def _batches(queryset):
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        if len(batch) < BATCH_SIZE:
            return
        last = batch[-1].pk


def _a_working_day_before(today: dt.date) -> dt.date:
    """The last day d whose next working day is today or earlier: what was due by then is a working day old."""
    cal = calendar.for_dates(today - dt.timedelta(days=30), today)
    day = today - dt.timedelta(days=1)
    while cal.add_working_days(day, 1) > today:
        day -= dt.timedelta(days=1)
    return day


def pending_approvals(today: dt.date) -> int:
    """Event requests filed a working day or more ago and still pending: their approvers are reminded."""
    cutoff = _a_working_day_before(today)
    pending = (Declaration.objects.filter(kind=K.EVENT, status=S.PENDING, created_at__date__lte=cutoff)
               .select_related("official__department__head", "enterprise"))
    sent = 0
    for batch in _batches(pending):
        drafts = []
        for declaration in batch:
            for approver in services.approvers_for(declaration):
                drafts.append(Draft(
                    recipient=approver,
                    subject=_("催办：%(name)s 参加 %(enterprise)s 活动（%(date)s）的报备待您审批") % {
                        "name": declaration.official.display_name, "enterprise": declaration.enterprise or "",
                        "date": declaration.date},
                    url=reverse("declarations:detail", args=[declaration.pk]),
                    key=f"declaration-pending:{declaration.pk}"))
        sent += len(notify_many(drafts))
    return sent


def _due_date(standards: DeclarationSettings | None, year: int) -> dt.date:
    month, day = (standards.interest_due_month, standards.interest_due_day) if standards else (3, 31)
    try:
        return dt.date(year, month, day)
    except ValueError:  # 29 February in a common year, or an impossible day an admin typed
        return dt.date(year, month, 28)


def interest_declarations(today: dt.date) -> int:
    """The yearly interest declaration: a reminder in the month before the due date, a notice once it has passed."""
    year = today.year
    standards = {s.jurisdiction_id: s for s in DeclarationSettings.objects.all()}
    sent = 0
    for jurisdiction in Jurisdiction.objects.order_by("id"):
        due = _due_date(standards.get(jurisdiction.pk), year)
        if due - dt.timedelta(days=30) <= today <= due:
            key, subject = f"interest-due:{year}", _("请于 %(due)s 前填报%(year)s年度亲属经商办企业、持股及借贷报告") % {
                "due": due, "year": year}
        elif today > due:
            key, subject = f"interest-overdue:{year}", _("%(year)s年度亲属经商办企业、持股及借贷报告已逾期（截止 %(due)s），请尽快填报") % {
                "due": due, "year": year}
        else:
            continue
        filed = Declaration.objects.filter(official=OuterRef("pk"), kind=K.INTEREST, date__year=year).exclude(
            status=S.WITHDRAWN)
        declarants = (User.objects.filter(is_active=True, jurisdiction=jurisdiction,
                                          groups__in=[group_id(r) for r in services.DECLARANT_ROLES])
                      .filter(~Exists(filed)).distinct())
        url = reverse("declarations:new", args=[K.INTEREST])
        for batch in _batches(declarants):
            sent += len(notify_many([Draft(recipient=u, subject=subject, url=url, key=key) for u in batch]))
    return sent


def event_reports(today: dt.date) -> int:
    """Approved events that are over and not recorded: the official is asked to record what happened."""
    cutoff = _a_working_day_before(today)
    late = Declaration.objects.filter(kind=K.EVENT, status=S.APPROVED, date__lte=cutoff).select_related(
        "official", "enterprise")
    sent = 0
    for batch in _batches(late):
        sent += len(notify_many([Draft(
            recipient=d.official,
            subject=_("请记录 %(date)s 参加 %(enterprise)s 活动的实际情况") % {"date": d.date, "enterprise": d.enterprise or ""},
            url=reverse("declarations:detail", args=[d.pk]), key=f"declaration-report:{d.pk}") for d in batch]))
    return sent


def declaration_reminders(today: dt.date) -> int:
    """The declarations' step of the daily sweep."""
    return pending_approvals(today) + interest_declarations(today) + event_reports(today)
