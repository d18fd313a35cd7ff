"""Complaints bounced between departments (踢皮球), walked through the services as the pages would."""

from __future__ import annotations

import pytest

from complaints import services
from complaints.models import Category, Complaint


@pytest.fixture
def category(people):
    return Category.objects.get(jurisdiction__code="HK", name="投诉举报")


@pytest.fixture
def submit(people, category):
    def _submit(title: str = "厂区门口道路破损") -> Complaint:
        return services.submit_complaint(enterprise=people["enterprise1"].enterprise, submitter=people["enterprise1"],
                                         category=category, title=title, description="请尽快处理。")

    return _submit


@pytest.fixture
def transfer(people):
    """Assign to `handler`'s department, which asks to send it back; dispatcher1 approves."""

    def _transfer(c: Complaint, handler: str) -> Complaint:
        h = people[handler]
        services.assign(complaint=c, department=h.department, by=people["dispatcher1"])
        request = services.request_transfer(complaint=c, by=h, reason="不属于本部门职责")
        services.decide_transfer(request=request, by=people["dispatcher1"], approve=True, note="同意退回")
        c.refresh_from_db()
        return c

    return _transfer


@pytest.fixture
def bounced(submit, transfer):
    """A complaint sent back by handler1's department, then by handler2's: transferred twice."""

    def _bounced(title: str = "厂区门口道路破损") -> Complaint:
        c = submit(title)
        transfer(c, "handler1")
        return transfer(c, "handler2")

    return _bounced
