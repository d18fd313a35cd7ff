"""A 听证会/论证会 is a forum of kind hearing; it is not one of the 座谈会 that 恒口 一's yearly target counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from liaison import queries, services
from liaison.models import Forum
from liaison.reminders import _forum_counts
from oversight import queries as oversight

pytestmark = pytest.mark.django_db


def test_a_held_hearing_does_not_count_towards_the_forum_target(people):
    department = people["handler1"].department
    year = 2026
    with time_machine.travel(dt.datetime(year, 3, 1, 9), tick=False):
        before = (queries.forums_held(department.jurisdiction_id, year),
                  next(j.held for j in _forum_counts(year) if j.pk == department.jurisdiction_id),
                  oversight.forum_figures(oversight.scope_for(people["oversight1"], {"year": year}))["held"])
        hearing = services.schedule_forum(by=people["official1"], title="《涉企检查规范》听证会", date=dt.date(year, 3, 1),
                                          place="管委会", organiser=department, agenda="听取意见",
                                          kind=Forum.Kind.HEARING)
        services.hold_forum(forum=hearing, by=people["official1"], minutes="到会企业发表意见。")
        forum = services.schedule_forum(by=people["official1"], title="一季度政企座谈会", date=dt.date(year, 3, 1),
                                        place="管委会", organiser=department, agenda="通报经济运行")
        services.hold_forum(forum=forum, by=people["official1"], minutes="纪要")
        after = (queries.forums_held(department.jurisdiction_id, year),
                 next(j.held for j in _forum_counts(year) if j.pk == department.jurisdiction_id),
                 oversight.forum_figures(oversight.scope_for(people["oversight1"], {"year": year}))["held"])
    assert after == tuple(n + 1 for n in before)  # the 座谈会 only
