"""Declarations test helpers: the demo cast plus an event request, built through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from declarations import services


def make_event(official, enterprise, *, date=None):
    return services.declare(by=official, kind="event", data={
        "enterprise": enterprise, "date": date or timezone.localdate() + dt.timedelta(days=3),
        "place": "企业会议室", "purpose": "企业年会", "paid_by": "本单位"})


def make_hospitality(official, enterprise, *, cost=Decimal("80"), reason=""):
    return services.declare(by=official, kind="hospitality", data={
        "enterprise": enterprise, "date": timezone.localdate(), "people": 4, "cost_per_head": cost, "reason": reason})


@pytest.fixture
def e1(people):
    return people["enterprise1"].enterprise


@pytest.fixture
def official(people):
    return people["official1"]
