"""政策兑现: enterprises apply or are listed; the department records delivery; oversight sees per department
what is overdue; the department is reminded once a month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from policies import services
from policies.models import Beneficiary
from policies.reminders import commitment_overdue_reminders
from portal.errors import TransitionRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(people, make_policy):
    policy = make_policy(publish=True, title="技改补助办法")
    return services.add_commitment(policy, by=people["handler1"], title="设备补助", standard="投资额10%", due_days=30)


def test_apply_list_and_deliver(people, commitment):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10), tick=False):
        applied = services.apply_for(commitment, by=people["enterprise1"])
        listed = services.list_beneficiary(commitment, by=people["handler1"], enterprise=people["enterprise2"].enterprise)
    assert applied.due_on == dt.date(2026, 4, 1) and applied.source == "applied" and listed.source == "listed"
    with pytest.raises(TransitionRefused):
        services.apply_for(commitment, by=people["enterprise1"])
    with pytest.raises(PermissionDenied):
        services.deliver(applied, by=people["handler2"], delivered_on=dt.date(2026, 3, 20))
    with time_machine.travel(dt.datetime(2026, 3, 20, 10), tick=False):
        services.deliver(applied, by=people["handler1"], delivered_on=dt.date(2026, 3, 20), amount=Decimal("50000"))
        with pytest.raises(TransitionRefused):
            services.deliver(applied, by=people["handler1"], delivered_on=dt.date(2026, 3, 20))
    applied.refresh_from_db()
    assert (applied.status, applied.amount) == (Beneficiary.Status.DELIVERED, Decimal("50000.00"))
    assert people["enterprise1"].notifications.filter(subject__contains="政策已兑现").exists()


def test_oversight_sees_overdue_per_department(client, people, commitment, django_assert_max_num_queries):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10), tick=False):
        services.apply_for(commitment, by=people["enterprise1"])
        services.apply_for(commitment, by=people["enterprise2"])
    client.force_login(people["oversight1"])
    with time_machine.travel(dt.datetime(2026, 4, 10, 10), tick=False):
        page = client.get("/policies/commitments/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-department="{commitment.policy.department_id}"' in html and 'data-overdue="2"' in html
    client.force_login(people["enterprise1"])
    assert client.get("/policies/commitments/").status_code == 403


def test_department_reminded_once_a_month_of_overdue_commitments(people, commitment):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10), tick=False):
        services.apply_for(commitment, by=people["enterprise1"])
    assert commitment_overdue_reminders(dt.date(2026, 3, 31)) == 0
    assert commitment_overdue_reminders(dt.date(2026, 4, 2)) == 1  # handler1, also the department's head
    assert commitment_overdue_reminders(dt.date(2026, 4, 20)) == 0
    assert commitment_overdue_reminders(dt.date(2026, 5, 2)) == 1
    assert people["handler1"].notifications.filter(key__startswith="commitment-overdue:").count() == 2


def test_enterprise_applies_from_the_policy_page(client, people, commitment):
    client.force_login(people["enterprise1"])
    assert client.post(f"/policies/commitments/{commitment.pk}/apply/").status_code == 302
    page = client.get(f"/policies/{commitment.policy_id}/").content.decode()
    assert 'data-mine="pending"' in page
    client.force_login(people["handler1"])
    assert people["enterprise1"].enterprise.name in client.get(f"/policies/commitments/{commitment.pk}/").content.decode()
