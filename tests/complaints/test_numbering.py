"""Tracking numbers never repeat, also when twenty complaints are filed at the same moment (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from complaints import services
from complaints.models import Complaint, TrackingCounter


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_submissions_get_twenty_numbers(people, categories):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    enterprise1 = people["enterprise1"]
    category = categories["政策咨询"]
    barrier = threading.Barrier(20)
    numbers, errors = [], []

    def file(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            c = services.submit_complaint(enterprise=enterprise1.enterprise, submitter=enterprise1, category=category,
                                          title=f"并发{i}", description="同时提交")
            numbers.append(c.number)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=file, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(numbers) == len(set(numbers)) == 20
    assert Complaint.objects.filter(title__startswith="并发").count() == 20
    tails = sorted(int(n[-6:]) for n in numbers)
    assert tails == list(range(tails[0], tails[0] + 20))
    assert TrackingCounter.objects.get(jurisdiction__code="HK").last >= 20


@pytest.mark.django_db
def test_number_format_is_code_year_six_digits(make_complaint):
    import re

    assert re.fullmatch(r"HK-20\d\d-\d{6}", make_complaint().number)
