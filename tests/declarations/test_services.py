"""Declaration rules at the service level: kinds, approval, flags, history, nothing deleted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from declarations import services
from declarations.models import Declaration, Flag
from portal.errors import TransitionRefused
from tests.declarations.conftest import make_event, make_hospitality

pytestmark = pytest.mark.django_db


def test_event_request_waits_for_the_approver_who_is_told(people, official, e1):
    d = make_event(official, e1)
    assert d.status == "pending" and not d.late
    assert people["approver1"].notifications.filter(url__endswith=f"/declarations/{d.pk}/").exists()
    services.approve(d, by=people["approver1"], note="同意")
    d.refresh_from_db()
    assert d.status == "approved" and d.approver == people["approver1"]
    assert not Flag.objects.filter(declaration=d).exists()


def test_event_asked_after_its_date_is_late_and_flagged(official, e1):
    d = make_event(official, e1, date=timezone.localdate() - dt.timedelta(days=2))
    assert d.late
    assert list(d.flags.values_list("kind", flat=True)) == ["unapproved_event"]


def test_only_the_approver_decides_and_only_once(people, official, e1):
    d = make_event(official, e1)
    with pytest.raises(PermissionDenied):
        services.approve(d, by=people["oversight1"])
    with pytest.raises(PermissionDenied):
        services.approve(d, by=official)  # never one's own
    services.refuse(d, by=people["approver1"], note="与公务无关")
    with pytest.raises(TransitionRefused):
        services.approve(d, by=people["approver1"])


def test_refusal_needs_a_reason(people, official, e1):
    with pytest.raises(ValidationError):
        services.refuse(make_event(official, e1), by=people["approver1"], note=" ")


def test_department_head_approves_as_superior(people, e1):
    from portal.models import Department

    handler = people["handler1"]  # head of 应急管理和市场监督管理局 in the demo
    member = people["handler2"]
    Department.objects.filter(pk=member.department_id).update(head=handler)
    d = make_event(member, e1)
    assert services.can_approve(handler, Declaration.objects.get(pk=d.pk))
    services.approve(d, by=handler)


def test_outcome_only_after_approval_and_on_or_after_the_date(people, official, e1):
    d = make_event(official, e1, date=timezone.localdate())
    with pytest.raises(TransitionRefused):
        services.record_outcome(d, by=official, outcome="参加")
    services.approve(d, by=people["approver1"])
    future = make_event(official, e1)
    services.approve(future, by=people["approver1"])
    with pytest.raises(TransitionRefused):
        services.record_outcome(future, by=official, outcome="参加")
    d = services.record_outcome(d, by=official, outcome="参加年会，未用餐")
    assert d.status == "reported"


def test_hospitality_above_standard_needs_a_reason_and_is_flagged(official, e1):
    with pytest.raises(ValidationError) as exc:
        make_hospitality(official, e1, cost=Decimal("300"))
    assert "reason" in exc.value.message_dict
    d = make_hospitality(official, e1, cost=Decimal("300"), reason="外地客商来访")
    assert list(d.flags.values_list("kind", flat=True)) == ["over_standard"]
    assert not make_hospitality(official, e1).flags.exists()


def test_standard_is_per_jurisdiction(official, e1):
    settings = services.settings_for(official.jurisdiction_id)
    settings.hospitality_standard = Decimal("500")
    settings.save()
    assert not make_hospitality(official, e1, cost=Decimal("300"), reason="x").flags.exists()


def _gift(official, e1, **kw):
    return services.declare(by=official, kind="gift", data={"enterprise": e1, "date": timezone.localdate(),
                                                            "description": "茶叶两盒", **kw})


def test_gift_kept_over_threshold_is_flagged_handed_in_needs_a_receipt(official, e1):
    assert not _gift(official, e1, value=Decimal("100"), disposition="kept").flags.exists()
    assert _gift(official, e1, value=Decimal("1000"), disposition="kept").flags.get().kind == "gift_kept"
    with pytest.raises(ValidationError):
        _gift(official, e1, value=Decimal("1000"), disposition="handed_in")
    d = _gift(official, e1, value=Decimal("1000"), disposition="handed_in", handed_to="纪工委", receipt_no="SJ-1")
    assert d.flags.get().kind == "gift_handed_in"
    assert not _gift(official, e1, value=Decimal("1000"), disposition="refused").flags.exists()


def test_interest_in_a_paired_enterprise_or_one_with_a_complaint_of_the_department(people, official, e1):
    from complaints.models import Category, Complaint

    d = services.declare(by=official, kind="interest", data={
        "enterprise": e1, "date": timezone.localdate(), "relative": "张某", "relation": "配偶", "nature": "shareholding"})
    assert set(d.flags.values_list("kind", flat=True)) == {"interest_paired"}  # official1 is paired with e1 (demo)
    handler = people["handler1"]
    Complaint.objects.create(number="HK-T-1", jurisdiction=handler.jurisdiction, enterprise=e1,
                             submitter=people["enterprise1"], category=Category.objects.first(), title="t",
                             description="d", department=handler.department)
    d = services.declare(by=handler, kind="interest", data={
        "enterprise": e1, "date": timezone.localdate(), "relative": "陈某", "relation": "子女", "nature": "loan"})
    assert set(d.flags.values_list("kind", flat=True)) == {"interest_complaint"}


def test_edit_and_withdraw_keep_history_and_flags(official, e1):
    d = make_hospitality(official, e1, cost=Decimal("300"), reason="外地客商")
    d = services.update_declaration(d, by=official, data={"cost_per_head": Decimal("100"), "reason": ""})
    flag = Flag.objects.get(declaration=d)
    assert flag.status == "closed"  # no longer above the standard
    services.withdraw(d, by=official)
    d.refresh_from_db()
    assert d.status == "withdrawn"
    assert [h.history_change_reason for h in d.history.order_by("history_date")] == ["declare", "edit", "withdraw"]
    assert d.history.first().history_user == official
    with pytest.raises(TransitionRefused):
        services.withdraw(d, by=official)


def test_enterprise_users_and_others_cannot_declare(people, e1):
    for name in ("enterprise1", "oversight1", "approver1"):
        with pytest.raises(PermissionDenied):
            make_event(people[name], e1)


def test_close_flag_needs_a_note_and_a_checker(people, official, e1):
    d = make_hospitality(official, e1, cost=Decimal("300"), reason="外地客商")
    flag = d.flags.get()
    with pytest.raises(PermissionDenied):
        services.close_flag(flag, by=official, note="x")
    with pytest.raises(ValidationError):
        services.close_flag(flag, by=people["oversight1"], note="")
    services.close_flag(flag, by=people["oversight1"], note="已核实为招商接待")
    flag.refresh_from_db()
    assert flag.status == "closed" and flag.closed_by == people["oversight1"]
    with pytest.raises(TransitionRefused):
        services.close_flag(flag, by=people["oversight1"], note="again")


def test_a_visit_with_a_meal_and_no_hospitality_declaration_is_flagged_by_the_sweep(people, official, e1):
    from liaison.models import Pairing
    from liaison.reminders import run_sweep

    pairing = Pairing.objects.get(official=official, enterprise=e1)
    today = timezone.localdate()
    visit = pairing.visits.create(date=today - dt.timedelta(days=5), form="on_site", discussed="座谈",
                                  logged_by=official, had_meal=True)
    pairing.visits.create(date=today - dt.timedelta(days=5), form="on_site", discussed="无用餐", logged_by=official)
    assert services.flag_undeclared_meals(today - dt.timedelta(days=3)) == 0  # still within the window
    assert run_sweep(today)["flag_undeclared_meals"] == 1
    assert services.flag_undeclared_meals(today) == 0  # once per visit
    flag = Flag.objects.get(kind="meal_undeclared")
    assert flag.visit == visit and flag.official == official and flag.enterprise == e1 and flag.is_open
    # Declaring the meal afterwards closes the flag with a note naming the declaration.
    d = make_hospitality(official, e1)
    services.update_declaration(d, by=official, data={"date": visit.date + dt.timedelta(days=1)})
    flag.refresh_from_db()
    assert flag.status == "closed" and d.number in flag.note


def test_a_meal_declared_in_time_raises_no_flag(official, e1):
    from liaison.models import Pairing

    pairing = Pairing.objects.get(official=official, enterprise=e1)
    today = timezone.localdate()
    pairing.visits.create(date=today - dt.timedelta(days=10), form="on_site", discussed="座谈", logged_by=official,
                          had_meal=True)
    services.declare(by=official, kind="hospitality", data={
        "enterprise": e1, "date": today - dt.timedelta(days=9), "people": 3, "cost_per_head": Decimal("60")})
    assert services.flag_undeclared_meals(today) == 0
