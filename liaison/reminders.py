"""The daily reminder sweep (journey 7): a list of steps, each `step(today) -> int` (reminders created).

Every reminder carries a key naming its subject and period, so Notification's unique (recipient, key)
constraint makes it go once per person however often, or however concurrently, the sweep runs. Steps
walk their rows in batches of BATCH_SIZE with a fixed number of queries per batch (pinned in tests).

Checkpoints (measures 一 and 二): by 30 April a third of the year's quota, by 31 August two thirds, by
31 December all of it (ceil(quota*k/3)). During April, August and December the official behind the next
checkpoint is reminded; in May, September and January (for the previous December) the jurisdiction's
oversight users are told of every pairing that missed it. Forums: the same checkpoints against the
jurisdiction's forum target; the organiser is the 经济发展与招商局 (the jurisdiction's dispatch department:
its head and its dispatchers), who schedule forums for the jurisdiction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

import complaints.reminders
from liaison.models import CHECKPOINTS, Forum, InspectionReport, KeyProject, Pairing, checkpoint_target
from portal.models import Department, Jurisdiction, Role, User
from portal.roles import group_id, holders
from portal.services import Draft, notify_many

BATCH_SIZE = 500


def _batches(queryset, size: int | None = None):
    """Yield lists of rows ordered by pk, one query per batch (keyset pagination)."""
    size = size or BATCH_SIZE
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        if len(batch) < size:
            return
        last = batch[-1].pk


def _coming_checkpoint(today: dt.date) -> tuple[int, dt.date] | None:
    """(k, checkpoint date) when today is in the month before checkpoint k (April, August, December)."""
    for k, (month, day) in enumerate(CHECKPOINTS, start=1):
        if today.month == month:
            return k, dt.date(today.year, month, day)
    return None


def _missed_checkpoint(today: dt.date) -> tuple[int, dt.date] | None:
    """(k, checkpoint date) when today is in the month after checkpoint k (May, September, January)."""
    for k, (month, day) in enumerate(CHECKPOINTS, start=1):
        if today.month == month % 12 + 1:
            year = today.year - 1 if month == 12 else today.year
            return k, dt.date(year, month, day)
    return None


def _oversight_by_jurisdiction() -> dict[int, list[User]]:
    """Active oversight users grouped by jurisdiction (one query)."""
    grouped: dict[int, list[User]] = defaultdict(list)
    for user in holders(Role.OVERSIGHT).filter(jurisdiction__isnull=False):
        grouped[user.jurisdiction_id].append(user)
    return grouped


def _pairings_for(checkpoint: dt.date):
    """Pairings in force on the checkpoint day, with the checkpoint year's counted visits up to it.

    Only the columns the reminders use: the sweep walks every pairing of the city (100k), and building
    full model instances was a third of its time.
    """
    return (
        Pairing.objects.active(checkpoint)
        .filter(enterprise__is_key=True)
        .with_year_counts(checkpoint.year, until=checkpoint)
        .select_related("official", "enterprise__jurisdiction")
        .only("official__is_active", "official__email", "official__full_name", "official__first_name",
              "official__last_name", "official__username", "enterprise__name", "enterprise__jurisdiction_id",
              "enterprise__jurisdiction__visit_quota")
    )


def _pairings_behind(checkpoint: dt.date, k: int):
    """Batches of (pairing, visits due) for the pairings short of checkpoint k's target, one query a batch."""
    for batch in _batches(_pairings_for(checkpoint)):
        yield [(p, due) for p in batch
               if p.visit_count < (due := checkpoint_target(p.enterprise.jurisdiction.visit_quota, k))]


def _forums_behind(year: int, k: int) -> list[tuple[Jurisdiction, int]]:
    """(jurisdiction, forums due) for the jurisdictions short of checkpoint k's forum target."""
    return [(j, due) for j in _forum_counts(year) if j.held < (due := checkpoint_target(j.forum_target, k))]


def _pairing_url() -> str:
    """The pairing page's URL with a {} for the id: one reverse() per sweep instead of one per pairing."""
    return reverse("liaison:pairing-detail", args=[0]).replace("/0/", "/{}/")


# ---------------------------------------------------------------- steps


def visit_quota_reminders(today: dt.date) -> int:
    """April, August, December: remind each official behind the coming checkpoint (once per pairing)."""
    coming = _coming_checkpoint(today)
    if coming is None:
        return 0
    k, checkpoint = coming
    sent = 0
    subject = _("走访提醒：%(name)s 本年已走访 %(n)d 次，%(date)s 前应达到 %(due)d 次")
    body = _("请在 %(date)s 前完成对联系企业的走访并登记。") % {"date": checkpoint}
    url = _pairing_url()
    for behind in _pairings_behind(checkpoint, k):
        sent += len(notify_many([Draft(
            recipient=p.official,
            subject=subject % {"name": p.enterprise.name, "n": p.visit_count, "date": f"{checkpoint:%m-%d}",
                               "due": due},
            body=body, url=url.format(p.pk), key=f"visit-quota:{checkpoint:%Y}-{k}:pairing:{p.pk}",
        ) for p, due in behind]))
    return sent


def visit_quota_escalations(today: dt.date) -> int:
    """May, September, January: tell oversight of every pairing that missed the checkpoint just passed."""
    missed = _missed_checkpoint(today)
    if missed is None:
        return 0
    k, checkpoint = missed
    oversight = _oversight_by_jurisdiction()
    sent = 0
    subject = _("督办：%(official)s 联系 %(name)s 截至 %(date)s 走访 %(n)d 次，未达到 %(due)d 次")
    url = _pairing_url()
    for behind in _pairings_behind(checkpoint, k):
        sent += len(notify_many([Draft(
            recipient=user,
            subject=subject % {"official": p.official.display_name, "name": p.enterprise.name,
                               "date": checkpoint, "n": p.visit_count, "due": due},
            url=url.format(p.pk), key=f"visit-quota-missed:{checkpoint:%Y}-{k}:pairing:{p.pk}",
        ) for p, due in behind for user in oversight.get(p.enterprise.jurisdiction_id, [])]))
    return sent


def _forum_counts(year: int) -> list[Jurisdiction]:
    """Every jurisdiction with `held` = forums held in the year (one query)."""
    return list(Jurisdiction.objects.annotate(
        held=Count("forums", filter=Q(forums__kind=Forum.Kind.FORUM, forums__status=Forum.Status.HELD,
                                      forums__date__year=year))
    ).order_by("pk"))


def _forum_organisers() -> dict[int, list[User]]:
    """The dispatch department's head and dispatchers, by jurisdiction (one query)."""
    grouped: dict[int, list[User]] = defaultdict(list)
    heads = Department.objects.filter(kind=Department.Kind.DISPATCH, is_active=True).values("head_id")
    users = User.objects.filter(is_active=True).filter(
        Q(pk__in=heads)
        | Q(groups=group_id(Role.DISPATCHER), department__kind=Department.Kind.DISPATCH)
    ).select_related("department").distinct()
    for user in users:
        jurisdiction_id = user.department.jurisdiction_id if user.department_id else user.jurisdiction_id
        if jurisdiction_id:
            grouped[jurisdiction_id].append(user)
    return grouped


def forum_target_reminders(today: dt.date) -> int:
    """April, August, December: remind the forum organiser when the year's held forums fall behind."""
    coming = _coming_checkpoint(today)
    if coming is None:
        return 0
    k, checkpoint = coming
    organisers = _forum_organisers()
    return len(notify_many([Draft(
        recipient=user,
        subject=_("座谈会提醒：%(name)s本年已召开 %(n)d 次，%(date)s 前应达到 %(due)d 次") % {
            "name": j.name, "n": j.held, "date": f"{checkpoint:%m-%d}", "due": due},
        url=reverse("liaison:forums"),
        key=f"forum-target:{checkpoint:%Y}-{k}:jurisdiction:{j.pk}",
    ) for j, due in _forums_behind(checkpoint.year, k) for user in organisers.get(j.pk, [])]))


def forum_target_escalations(today: dt.date) -> int:
    """May, September, January: tell oversight when the jurisdiction missed the forum checkpoint."""
    missed = _missed_checkpoint(today)
    if missed is None:
        return 0
    k, checkpoint = missed
    oversight = _oversight_by_jurisdiction()
    return len(notify_many([Draft(
        recipient=user,
        subject=_("督办：%(name)s截至 %(date)s 召开座谈会 %(n)d 次，未达到 %(due)d 次") % {
            "name": j.name, "date": checkpoint, "n": j.held, "due": due},
        url=reverse("liaison:forums"),
        key=f"forum-target-missed:{checkpoint:%Y}-{k}:jurisdiction:{j.pk}",
    ) for j, due in _forums_behind(checkpoint.year, k) for user in oversight.get(j.pk, [])]))


def forum_invitee_reminders(today: dt.date) -> int:
    """Enterprise users of invited enterprises: once within 7 days of a forum, and again the day before."""
    upcoming = Forum.objects.filter(status=Forum.Status.SCHEDULED, date__gte=today,
                                    date__lte=today + dt.timedelta(days=7))
    sent = 0
    for batch in _batches(upcoming):
        forums = {f.pk: f for f in batch}
        invited = list(Forum.invited_enterprises.through.objects.filter(forum_id__in=list(forums))
                       .values_list("forum_id", "enterprise_id"))
        users_by_enterprise: dict[int, list[User]] = defaultdict(list)
        for user in holders(Role.ENTERPRISE).filter(enterprise_id__in={e for _f, e in invited}):
            users_by_enterprise[user.enterprise_id].append(user)
        drafts = []
        for forum_id, enterprise_id in invited:
            forum = forums[forum_id]
            for user in users_by_enterprise[enterprise_id]:
                drafts.append(_invitee_draft(forum, user, today))
        sent += len(notify_many(drafts))
    return sent


def _invitee_draft(forum: Forum, user: User, today: dt.date) -> Draft:
    days = (forum.date - today).days
    which = "d1" if days <= 1 else "d7"
    return Draft(
        recipient=user,
        subject=_("会议提醒：%(title)s 将于 %(date)s 在%(place)s召开") % {
            "title": forum.title, "date": forum.date, "place": forum.place},
        body=forum.agenda,
        url=reverse("liaison:forum-detail", args=[forum.pk]),
        key=f"forum-invitee:{forum.pk}:{which}",
    )


def project_report_reminders(today: dt.date) -> int:
    """Team members of projects missing last month's report: reminded on the 1st–5th, told it is late from the 6th."""
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    late = today.day > 5
    missing = KeyProject.objects.filter(is_active=True).filter(
        ~Exists(InspectionReport.objects.filter(project=OuterRef("pk"), month=month))
    ).prefetch_related("members")
    sent = 0
    for batch in _batches(missing):
        drafts = []
        for project in batch:
            if late:
                subject = _("巡查督导报告逾期：%(name)s %(month)s 月度报告未按期（%(due)s 前）提交") % {
                    "name": project.name, "month": f"{month:%Y-%m}", "due": f"{today:%Y-%m}-05"}
            else:
                subject = _("巡查督导报告提醒：%(name)s %(month)s 月度报告请于 %(due)s 前提交") % {
                    "name": project.name, "month": f"{month:%Y-%m}", "due": f"{today:%Y-%m}-05"}
            for user in project.members.all():
                drafts.append(Draft(
                    recipient=user, subject=subject,
                    url=reverse("liaison:project-detail", args=[project.pk]),
                    key=f"project-report-{'late' if late else 'due'}:{month:%Y-%m}:project:{project.pk}",
                ))
        sent += len(notify_many(drafts))
    return sent


def complaint_deadlines(today: dt.date) -> int:
    """Complaint deadline reminders, 催办, escalations and auto-close (the complaints app's own sweep)."""
    return complaints.reminders.sweep(today)


STEPS: list[Callable[[dt.date], int]] = [
    complaint_deadlines,
    visit_quota_reminders,
    visit_quota_escalations,
    forum_target_reminders,
    forum_target_escalations,
    forum_invitee_reminders,
    project_report_reminders,
]


def register(step: Callable[[dt.date], int]) -> None:
    """Add another app's step to the sweep (called from its AppConfig.ready(); liaison imports no such app)."""
    if step not in STEPS:
        STEPS.append(step)


def run_sweep(today: dt.date) -> dict[str, int]:
    """Run every step for the given day (liaison's, then those other apps registered in portal.sweep);
    returns reminders created per step."""
    from portal import sweep

    return {step.__name__: step(today) for step in [*STEPS, *sweep.STEPS]}
