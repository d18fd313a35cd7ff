"""The red/black list: propose → approve (a second user) → publish → expire; the enterprise flag; credit repair."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conduct import services, tasks
from conduct.models import CreditRepair, IntegrityEntry
from portal.errors import RoleRefused, TransitionRefused

from .conftest import PDF

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def e2(people):
    from portal.models import Enterprise

    return Enterprise.objects.get(users__username="enterprise2")


def publish(people, enterprise, list_="black", valid_from=TODAY, valid_until=None):
    entry = services.propose_entry(by=people["oversight1"], enterprise=enterprise, list=list_, reason="行贿记录",
                                   basis="法院判决书", valid_from=valid_from, valid_until=valid_until)
    services.approve_entry(entry, by=people["investigator1"])
    return services.publish_entry(entry, by=people["oversight1"])


@time_machine.travel(TODAY)
def test_the_proposer_cannot_approve_their_own_entry(people, e2):
    entry = services.propose_entry(by=people["oversight1"], enterprise=e2, list="black", reason="r", basis="b",
                                   valid_from=TODAY)
    with pytest.raises(TransitionRefused):
        services.approve_entry(entry, by=people["oversight1"])
    with pytest.raises(TransitionRefused):
        services.publish_entry(entry, by=people["oversight1"])  # not approved yet
    services.approve_entry(entry, by=people["investigator1"])
    entry = services.publish_entry(entry, by=people["oversight1"])
    assert entry.status == "published" and entry.approved_by == people["investigator1"]


def test_only_oversight_and_investigators_propose(people, e2):
    with pytest.raises(RoleRefused):
        services.propose_entry(by=people["official1"], enterprise=e2, list="red", reason="r", basis="b",
                               valid_from=TODAY)


@time_machine.travel(TODAY)
def test_publishing_flags_the_enterprise_and_black_wins_over_red(people, e2):
    publish(people, e2, "red")
    e2.refresh_from_db()
    assert e2.integrity == "red"
    black = publish(people, e2, "black")
    e2.refresh_from_db()
    assert e2.integrity == "black"
    services.withdraw_entry(black, by=people["oversight1"], reason="撤销")
    e2.refresh_from_db()
    assert e2.integrity == "red"


@time_machine.travel(TODAY)
def test_an_unpublished_entry_is_not_public(client, people, e2):
    entry = services.propose_entry(by=people["oversight1"], enterprise=e2, list="black", reason="尚未发布的事由",
                                   basis="b", valid_from=TODAY)
    assert "尚未发布的事由" not in client.get(reverse("conduct:integrity")).content.decode()
    assert entry.pk not in [r["id"] for r in client.get("/api/v1/integrity-list/").json()["results"]]
    e2.refresh_from_db()
    assert e2.integrity == ""


def test_a_lapsed_entry_is_hidden_before_the_task_runs_and_expires_with_it(client, people, e2):
    with time_machine.travel(TODAY):
        entry = publish(people, e2, valid_until=TODAY + datetime.timedelta(days=10))
        assert entry.pk in [r["id"] for r in client.get("/api/v1/integrity-list/").json()["results"]]
    with time_machine.travel(TODAY + datetime.timedelta(days=11)):
        assert client.get("/api/v1/integrity-list/").json()["results"] == [
            r for r in client.get("/api/v1/integrity-list/").json()["results"] if r["id"] != entry.pk]
        assert "行贿记录" not in client.get(reverse("conduct:integrity")).content.decode()
        assert tasks.expire_integrity_entries() == 1
        assert services.expire_entries() == 0  # running twice changes nothing
    entry.refresh_from_db()
    e2.refresh_from_db()
    assert entry.status == "expired" and e2.integrity == ""


def test_an_entry_starting_later_flags_the_enterprise_on_its_first_day(people, e2):
    with time_machine.travel(TODAY):
        publish(people, e2, valid_from=TODAY + datetime.timedelta(days=3))
        e2.refresh_from_db()
        assert e2.integrity == ""
    with time_machine.travel(TODAY + datetime.timedelta(days=3)):
        services.expire_entries()
    e2.refresh_from_db()
    assert e2.integrity == "black"


def test_the_beat_schedule_runs_the_expiry_daily():
    from portal.schedule import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["expire-integrity-entries"]["task"] == "conduct.tasks.expire_integrity_entries"


@time_machine.travel(TODAY)
def test_only_a_founded_report_can_be_the_basis(people, e2, make_report):
    report = make_report()
    with pytest.raises(TransitionRefused):
        services.propose_entry(by=people["investigator1"], enterprise=e2, list="black", reason="r", basis="b",
                               valid_from=TODAY, basis_report=report)


@time_machine.travel(TODAY)
def test_staff_pages_follow_the_workflow(client_for, people, e2):
    client = client_for("oversight1")
    response = client.post(reverse("conduct:integrity-new"), {
        "enterprise": e2.credit_code, "list": "black", "reason": "行贿", "basis": "判决书", "valid_from": "2026-03-02"})
    entry = IntegrityEntry.objects.get(reason="行贿")
    assert response.status_code == 302
    client.post(reverse("conduct:integrity-act", args=[entry.pk, "approve"]))
    entry.refresh_from_db()
    assert entry.status == "proposed"  # refused: the proposer
    client = client_for("investigator1")
    client.post(reverse("conduct:integrity-act", args=[entry.pk, "approve"]))
    client.post(reverse("conduct:integrity-act", args=[entry.pk, "publish"]))
    entry.refresh_from_db()
    assert entry.status == "published"


@pytest.mark.parametrize("username", ["official1", "handler1", "enterprise1", "dispatcher1"])
def test_management_pages_are_closed_to_others(client_for, people, username):
    client = client_for(username)
    assert client.get(reverse("conduct:integrity-manage")).status_code == 403
    entry = IntegrityEntry.objects.first()
    assert client.get(reverse("conduct:integrity-detail", args=[entry.pk])).status_code == 403


def test_integrity_lists_run_a_fixed_number_of_queries(client, client_for, people, e2, django_assert_num_queries):
    with time_machine.travel(TODAY):
        for _ in range(3):
            publish(people, e2, "red")
        with django_assert_num_queries(2):
            client.get(reverse("conduct:integrity"))
        with django_assert_num_queries(2):
            client.get("/api/v1/integrity-list/")
        staff = client_for("oversight1")
        staff.get(reverse("conduct:integrity-manage"))
        with django_assert_num_queries(5):
            staff.get(reverse("conduct:integrity-manage"))
        with django_assert_num_queries(4):
            staff.get("/api/v1/integrity-list/")


def test_the_public_api_hides_workflow_columns_but_staff_see_them(client, client_for, people):
    public = client.get("/api/v1/integrity-list/").json()["results"][0]
    assert "proposed_by" not in public and "basis_report" not in public and "status" not in public
    staff = client_for("oversight1").get("/api/v1/integrity-list/").json()["results"][0]
    assert staff["proposed_by"] == "oversight1" and staff["status"] == "published"


# ---- credit repair ----------------------------------------------------------------------


@time_machine.travel(TODAY)
def test_credit_repair_approved_withdraws_the_black_entry(client_for, people, e2):
    entry = publish(people, e2)
    client = client_for("enterprise2")
    response = client.post(reverse("conduct:repair-mine"), {
        "entry": entry.pk, "reason": "已整改并缴纳罚款", "evidence": [SimpleUploadedFile("整改报告.pdf", PDF)]})
    assert response.status_code == 302
    repair = CreditRepair.objects.get()
    assert repair.evidence.count() == 1
    assert client_for("enterprise1").get(reverse("conduct:repair-detail", args=[repair.pk])).status_code == 404
    client = client_for("oversight1")
    client.post(reverse("conduct:repair-detail", args=[repair.pk]), {"decision": "approve", "note": "整改到位"})
    repair.refresh_from_db()
    entry.refresh_from_db()
    e2.refresh_from_db()
    assert repair.status == "approved" and repair.decided_by == people["oversight1"] and repair.decision_note == "整改到位"
    assert entry.status == "withdrawn" and e2.integrity == ""


@time_machine.travel(TODAY)
def test_credit_repair_rejected_keeps_the_entry_and_the_decision(people, e2):
    entry = publish(people, e2)
    repair = services.apply_for_repair(entry=entry, by=people["enterprise2"], reason="r")
    with pytest.raises(TransitionRefused):
        services.apply_for_repair(entry=entry, by=people["enterprise2"], reason="again")
    with pytest.raises(RoleRefused):
        services.decide_repair(repair, by=people["handler1"], approve=True, note="x")
    services.decide_repair(repair, by=people["oversight1"], approve=False, note="证明不足")
    repair.refresh_from_db()
    entry.refresh_from_db()
    assert repair.status == "rejected" and repair.decision_note == "证明不足" and entry.status == "published"


@time_machine.travel(TODAY)
def test_another_enterprise_cannot_apply_and_red_entries_are_not_repairable(people, e2):
    black = publish(people, e2)
    with pytest.raises(RoleRefused):
        services.apply_for_repair(entry=black, by=people["enterprise1"], reason="r")
    from portal.models import Enterprise

    red = publish(people, Enterprise.objects.get(users__username="enterprise1"), "red")
    with pytest.raises(TransitionRefused):
        services.apply_for_repair(entry=red, by=people["enterprise1"], reason="r")
