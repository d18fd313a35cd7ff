"""The demo's leader1: the leadership role of 恒口, the demo password, seeded once however often seed_demo runs."""

from __future__ import annotations

import pytest

from portal import demo
from portal.models import Role, User

pytestmark = pytest.mark.django_db


def test_leader1_is_hengkou_leadership_and_seeding_is_idempotent(people, password):
    demo.seed(password=password)
    leaders = User.objects.filter(username="leader1")
    assert leaders.count() == 1
    leader = leaders.get()
    assert leader.roles == frozenset({Role.LEADERSHIP})
    assert leader.jurisdiction.code == "HK" and leader.check_password(password)
    assert leader.primary_role == Role.LEADERSHIP
