"""The policies app's steps of the daily sweep (registered in portal.sweep, run by liaison.reminders)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from policies.models import Beneficiary, Comment, Consultation
from portal import sweep
from portal.models import Department, Role, User
from portal.roles import holders
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


@sweep.step
def commitment_overdue_reminders(today: dt.date) -> int:
    """Commitments past their date and not delivered: each department's handlers and head are told once a month
    how many (one GROUP BY, one query for the staff, one insert)."""
    per_department = dict(Beneficiary.objects.overdue(today).order_by().values("department_id")
                          .annotate(n=Count("pk")).values_list("department_id", "n"))
    if not per_department:
        return 0
    staff = holders(Role.HANDLER).filter(department_id__in=per_department)
    recipients: dict[int, dict[int, User]] = {}
    for user in staff:
        recipients.setdefault(user.department_id, {})[user.pk] = user
    for department in Department.objects.filter(pk__in=per_department, head__isnull=False).select_related("head"):
        if department.head.is_active:
            recipients.setdefault(department.pk, {})[department.head_id] = department.head
    url = reverse("policies:commitments")
    drafts = [Draft(recipient=user, subject=_("政策兑现超期：%(n)d 项未按期兑现") % {"n": per_department[dept_id]},
                    body=_("请尽快兑现并登记兑现日期。"), url=url,
                    key=f"commitment-overdue:{dept_id}:{today:%Y-%m}")
              for dept_id, users in recipients.items() for user in users.values()]
    return len(notify_many(drafts))
