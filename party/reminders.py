"""The party-coverage step of the daily sweep: a 党建指导员 is reminded once when a follow-up date is reached."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from party.models import Coverage
from party.queries import MIN_MEMBERS
from portal import sweep
from portal.services import Draft, notify_many


@sweep.step
def party_follow_up_reminders(today: dt.date) -> int:
    """Follow-ups due (the date reached, the enterprise still without an organisation): one reminder per
    instructor, enterprise and follow-up date — two queries whatever the number."""
    due = (Coverage.objects.filter(follow_up_on__lte=today, organised_on__isnull=True, instructor__isnull=False,
                                   instructor__is_active=True, enterprise__has_party_organisation=False,
                                   enterprise__party_member_count__gte=MIN_MEMBERS)
           .select_related("enterprise", "instructor").order_by("follow_up_on", "pk"))
    drafts = [Draft(recipient=c.instructor,
                    subject=_("党建指导跟进到期：%(name)s") % {"name": c.enterprise.name},
                    body=_("跟进日期：%(date)s。该企业党员 %(n)d 人，尚未建立党组织，请跟进并更新跟进情况。") % {
                        "date": c.follow_up_on.isoformat(), "n": c.enterprise.party_member_count},
                    url=reverse("party:edit", args=[c.enterprise_id]),
                    key=f"party-follow-up:{c.pk}:{c.follow_up_on.isoformat()}")
              for c in due]
    return len(notify_many(drafts))
