"""seed_scale's complaints step: consistent rows in every state, numbering that real submissions continue."""

import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Q
from django.http import HttpRequest

from complaints import scale as complaints_scale
from complaints import services
from complaints.models import Category, Complaint, Evaluation, Event, TrackingCounter
from portal.models import Department, Role, User
from portal.scale import CREDIT_PREFIX

S = Complaint.Status
PASSWORD = "pw-Scale-12345"


def seed(**options):
    options = {"enterprises": 150, "officials": 20, "pairings": 30, "notifications": 0, **options}
    call_command("seed_scale", quiet=True, password=PASSWORD, stdout=open("/dev/null", "w"), **options)


def scale_complaints():
    return Complaint.objects.filter(enterprise__credit_code__startswith=CREDIT_PREFIX)


def assert_consistent():
    qs = scale_complaints()
    hk = qs.first().jurisdiction
    # everything belongs to the jurisdiction
    assert not qs.exclude(jurisdiction=hk).exists()
    assert not qs.exclude(enterprise__jurisdiction=hk).exists()
    assert not qs.exclude(category__jurisdiction=hk).exists()
    assert not qs.filter(department__isnull=False).exclude(department__jurisdiction=hk).exists()
    # numbers: unique, HK-<year of submission>-NNNNNN, and the counters are at least the highest of each year
    numbers = list(Complaint.objects.values_list("number", "created_at"))
    assert len({n for n, _ in numbers}) == len(numbers)
    top: Counter = Counter()
    for number, created in numbers:
        m = re.fullmatch(r"HK-(\d{4})-(\d{6,})", number)
        assert m, number
        assert int(m.group(1)) == created.astimezone(complaints_scale.LOCAL).year
        top[int(m.group(1))] = max(top[int(m.group(1))], int(m.group(2)))
    counters = dict(TrackingCounter.objects.filter(jurisdiction=hk).values_list("year", "last"))
    assert all(counters.get(year, 0) >= last for year, last in top.items())
    # submitters: an account of the enterprise, or an official who filed on its behalf (then 首问责任人)
    by_account = qs.filter(submitter__enterprise_id=F("enterprise_id"), submitter__groups__name=Role.ENTERPRISE)
    on_behalf = qs.filter(submitter__groups__name=Role.OFFICIAL, first_responder_id=F("submitter_id"))
    assert by_account.count() + on_behalf.count() == qs.count()
    # state by state
    assert not qs.filter(status=S.CLOSED, closed_at__isnull=True).exists()
    assert not qs.filter(status=S.REFUSED).filter(Q(refuse_reason="") | Q(closed_at__isnull=True)).exists()
    assert not qs.filter(status__in=[S.ASSIGNED, S.ACCEPTED, S.ANSWERED, S.CLOSED], department__isnull=True).exists()
    assert not qs.filter(status__in=[S.ASSIGNED, S.ACCEPTED], sign_deadline__isnull=True).exists()
    assert not qs.filter(status__in=[S.ASSIGNED, S.ACCEPTED]).filter(answer_deadline__lt=F("sign_deadline")).exists()
    accepted = qs.filter(status__in=[S.ACCEPTED, S.ANSWERED, S.CLOSED], department__isnull=False,
                         handler__isnull=False)
    assert not accepted.exclude(handler__department_id=F("department_id")).exists()
    assert not qs.filter(status=S.ANSWERED, answered_at__isnull=True).exists()
    assert not qs.filter(status__in=[S.ANSWERED, S.CLOSED], answer="", refuse_reason="").filter(
        answered_at__isnull=True).exclude(status=S.CLOSED).exists()
    # the timeline: a submit event each, the latest transition for every complaint that moved
    events = Event.objects.filter(complaint__in=qs)
    assert events.filter(action=Event.Action.SUBMIT).values("complaint").distinct().count() == qs.count()
    moved = qs.exclude(status=S.SUBMITTED, reopen_count=0)
    assert moved.annotate(n=Count("events")).filter(n__lt=2).count() == 0
    last = {c: (a, to) for c, a, to in events.order_by("created_at", "id").values_list("complaint", "action",
                                                                                        "to_status")}
    for pk, status in qs.values_list("pk", "status"):
        assert last[pk][1] == status
    # evaluations: one per rating round, by an account of the enterprise
    rated = qs.exclude(rating="")
    assert Evaluation.objects.filter(complaint__in=rated).values("complaint").distinct().count() == rated.count()
    evals = Evaluation.objects.filter(complaint__in=qs)
    assert not evals.exclude(rated_by__enterprise_id=F("complaint__enterprise_id")).exists()
    reopened = qs.filter(reopen_count__gt=0)
    assert not reopened.filter(supervised=False).exists()
    assert evals.filter(complaint__in=reopened, rating=Complaint.Rating.DISSATISFIED).values(
        "complaint").distinct().count() == reopened.count()


@pytest.mark.django_db
def test_seed_scale_creates_consistent_complaints_in_every_state_over_five_years():
    seed(complaints=2500)
    qs = scale_complaints()
    assert qs.count() == 2500
    statuses = set(qs.values_list("status", flat=True))
    assert statuses == set(S.values), statuses
    years = {c.astimezone(complaints_scale.LOCAL).year for c in qs.values_list("created_at", flat=True)}
    assert years == {2022, 2023, 2024, 2025, 2026}
    assert qs.filter(status=S.CLOSED).count() > qs.count() * 0.75  # most are closed
    assert qs.filter(reopen_count__gt=0).exists() and qs.filter(extension_used=True).exists()
    assert qs.filter(source__startswith="走访").exists()  # filed on a visit by an official
    assert qs.overdue().exists()
    ordinary = set(Department.objects.filter(kind=Department.Kind.ORDINARY).values_list("pk", flat=True))
    assert set(qs.exclude(department=None).values_list("department", flat=True)) <= ordinary
    assert_consistent()


@pytest.mark.django_db
def test_seed_scale_tops_up_complaints_and_a_real_submission_takes_the_next_number():
    seed(complaints=600)
    seed(complaints=900)
    assert scale_complaints().count() == 900
    seed(complaints=900)
    assert scale_complaints().count() == 900
    assert_consistent()
    user = User.objects.filter(username__startswith="scale-enterprise-").first()
    category = Category.objects.filter(jurisdiction=user.enterprise.jurisdiction).first()
    year = Complaint.objects.order_by("-created_at").first().created_at.astimezone(complaints_scale.LOCAL).year
    last = TrackingCounter.objects.get(jurisdiction=user.enterprise.jurisdiction, year=year).last
    assert last == max(int(n.rsplit("-", 1)[1]) for n in Complaint.objects.filter(number__startswith=f"HK-{year}-")
                       .values_list("number", flat=True))
    complaint = services.submit_complaint(enterprise=user.enterprise, submitter=user, category=category,
                                          title="新诉求", description="规模数据之后的真实提交")
    from django.utils import timezone

    if timezone.localdate().year == year:
        assert complaint.number == f"HK-{year}-{last + 1:06d}"


@pytest.mark.django_db
def test_scale_complaints_show_on_the_normal_list_pages(client):
    seed(complaints=400)
    ent_user = User.objects.filter(username__startswith="scale-enterprise-", enterprise__complaints__isnull=False)[0]
    mine = scale_complaints().filter(enterprise=ent_user.enterprise).order_by("-id").first()
    client.login(request=HttpRequest(), username=ent_user.username, password=PASSWORD)
    page = client.get("/complaints/")
    assert page.status_code == 200 and mine.number in page.content.decode()
    api = client.get("/api/v1/complaints/")
    assert api.status_code == 200 and mine.number in api.content.decode()
    client.logout()
    client.login(request=HttpRequest(), username="scale-dispatcher-1", password=PASSWORD)
    waiting = scale_complaints().filter(status=S.SUBMITTED).order_by("id").first()
    inbox = client.get("/complaints/inbox/")
    assert inbox.status_code == 200 and waiting.number in inbox.content.decode()
    client.logout()
    client.login(request=HttpRequest(), username="scale-oversight-1", password=PASSWORD)
    assert scale_complaints().order_by("-id").first().number in client.get("/complaints/all/").content.decode()
    handler = User.objects.filter(username__startswith="scale-handler-",
                                  department__complaints__status=S.ASSIGNED).first()
    if handler:
        client.logout()
        client.login(request=HttpRequest(), username=handler.username, password=PASSWORD)
        queued = scale_complaints().filter(department=handler.department, status=S.ASSIGNED).order_by("-id").first()
        assert queued.number in client.get("/complaints/queue/").content.decode()


# Serialised like every other transactional test: a plain flush afterwards would re-create the role groups
# (post_migrate) under new ids, and the next serialised test's snapshot would then clash with them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_parallel_loader_on_postgresql_makes_the_same_consistent_data(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the forked builder and pre-formatted COPY are the PostgreSQL path")
    monkeypatch.setattr(complaints_scale, "CHUNK", 400)
    monkeypatch.setattr(complaints_scale, "PARALLEL_MIN", 800)
    seed(complaints=1300)
    assert scale_complaints().count() == 1300
    assert_consistent()
