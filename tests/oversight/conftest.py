"""A known data set for the oversight figures: every number the summary reports can be counted by hand.

Year 2026, 恒口示范区 (HK); D1 = 应急管理和市场监督管理局 (handler1), D2 = 社会事务管理局 (handler2).

  c1  submitted 03-02, never routed                                  (no department)
  c2  submitted 03-02, assigned to D1, never signed → overdue; 督办 notice 04-01, deadline 04-03, unanswered
  c3  D1, answered 03-04 (48 h), rated 满意 → closed
  c4  D1, first answer 03-03 (24 h), rated 不满意(办理不及时) → reopened, re-routed to D1, answered 03-06
  c5  D2 (other category), answered 03-10 (192 h), rated 基本满意 → closed
  c6  refused                                                          (no department)
  c0  2025, D1, closed — in no 2026 figure
Summary day: 2026-04-10.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from complaints import services
from complaints.models import Category, Complaint
from conduct.models import ConductReport, IntegrityEntry, Register, Rule
from liaison.models import Forum, InspectionReport, KeyProject, Pairing, Visit
from portal.demo import make_credit_code
from portal.models import Department, Enterprise

TZ = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 4, 10)


def at(month: int, day: int, hour: int = 10, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


@pytest.fixture
def world(people):
    """Build the data set of the module docstring (on a slate cleared of the demo's rows); returns the objects
    the tests name."""
    from conduct.models import CreditRepair

    for model in (CreditRepair, IntegrityEntry, ConductReport, Visit, Pairing, Forum, InspectionReport, KeyProject,
                  Complaint):
        model.objects.all().delete()
    hk = people["oversight1"].jurisdiction
    d1, d2 = people["handler1"].department, people["handler2"].department
    cats = {c.name: c for c in Category.objects.filter(jurisdiction=hk)}
    cat_a, cat_b = cats["投诉举报"], cats["意见建议"]  # 15 and 10 working days to answer
    e1 = people["enterprise1"].enterprise
    ent, disp, h1, h2, ov = (people[u] for u in ("enterprise1", "dispatcher1", "handler1", "handler2", "oversight1"))

    def submit(when, category=cat_a):
        with time_machine.travel(when, tick=False):
            return services.submit_complaint(enterprise=e1, submitter=ent, category=category, title="道路", description="x")

    def step(when, fn, **kw):
        with time_machine.travel(when, tick=False):
            return fn(**kw)

    c = {}
    c0 = submit(at(6, 1, year=2025))
    step(at(6, 1, 11, 2025), services.assign, complaint=c0, department=d1, by=disp)
    step(at(6, 2, 10, 2025), services.accept, complaint=c0, by=h1)
    step(at(6, 3, 10, 2025), services.answer, complaint=c0, by=h1, text="ok")
    step(at(6, 4, 10, 2025), services.rate, complaint=c0, by=ent, rating="satisfied")

    c["c1"] = submit(at(3, 2))
    c["c2"] = submit(at(3, 2))
    step(at(3, 2, 11), services.assign, complaint=c["c2"], department=d1, by=disp)
    c["c3"] = submit(at(3, 2))
    step(at(3, 2, 11), services.assign, complaint=c["c3"], department=d1, by=disp)
    step(at(3, 3, 9), services.accept, complaint=c["c3"], by=h1)
    step(at(3, 4, 10), services.answer, complaint=c["c3"], by=h1, text="已处理")
    step(at(3, 5), services.rate, complaint=c["c3"], by=ent, rating="satisfied")
    c["c4"] = submit(at(3, 2))
    step(at(3, 2, 11), services.assign, complaint=c["c4"], department=d1, by=disp)
    step(at(3, 2, 12), services.accept, complaint=c["c4"], by=h1)
    step(at(3, 3, 10), services.answer, complaint=c["c4"], by=h1, text="已处理")
    step(at(3, 3, 12), services.rate, complaint=c["c4"], by=ent, rating="dissatisfied", reason="slow")
    step(at(3, 4, 10), services.assign, complaint=c["c4"], department=d1, by=disp)
    step(at(3, 4, 11), services.accept, complaint=c["c4"], by=h1)
    step(at(3, 6, 10), services.answer, complaint=c["c4"], by=h1, text="再次答复")
    c["c5"] = submit(at(3, 2), cat_b)
    step(at(3, 2, 11), services.assign, complaint=c["c5"], department=d2, by=disp)
    step(at(3, 3, 10), services.accept, complaint=c["c5"], by=h2)
    step(at(3, 10, 10), services.answer, complaint=c["c5"], by=h2, text="已处理")
    step(at(3, 11), services.rate, complaint=c["c5"], by=ent, rating="basic")
    c["c6"] = submit(at(3, 2))
    step(at(3, 2, 11), services.refuse, complaint=c["c6"], by=disp, reason="不属于受理范围")
    c["notice"] = step(at(4, 1), services.issue_notice, complaint=c["c2"], by=ov, instruction="请立即签收办理",
                       deadline=dt.date(2026, 4, 3))

    # Visits: official1 ↔ e1 (3 counted: 2 confirmed + 1 logged; 1 disputed), ↔ e2 (1 logged), and a
    # pairing that ended in 2025 (not in 2026's figures); a 2025 visit that does not count.
    e2 = people["enterprise2"].enterprise
    off = people["official1"]
    p1 = Pairing.objects.create(official=off, enterprise=e1, start=dt.date(2025, 1, 1))
    p2 = Pairing.objects.create(official=off, enterprise=e2, start=dt.date(2026, 2, 1))
    Pairing.objects.create(official=off, enterprise=e2, start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30))
    for d, status in (((2, 1), "confirmed"), ((3, 1), "confirmed"), ((3, 20), "logged"), ((4, 2), "disputed")):
        Visit.objects.create(pairing=p1, date=dt.date(2026, *d), discussed="x", status=status, logged_by=off)
    Visit.objects.create(pairing=p1, date=dt.date(2025, 12, 1), discussed="x", status="confirmed", logged_by=off)
    Visit.objects.create(pairing=p2, date=dt.date(2026, 3, 3), discussed="x", status="logged", logged_by=off)
    c["pairings"] = (p1, p2)

    # Forums: 2 held, 1 scheduled, 1 cancelled in 2026 (organised by 经济发展与招商局); 1 held in 2025.
    econ = disp.department
    for d, status in (((2, 10), "held"), ((3, 15), "held"), ((6, 1), "scheduled"), ((3, 1), "cancelled")):
        Forum.objects.create(jurisdiction=hk, title="座谈会", date=dt.date(2026, *d), place="会议室", organiser=econ,
                             agenda="x", status=status, created_by=disp)
    Forum.objects.create(jurisdiction=hk, title="座谈会", date=dt.date(2025, 5, 1), place="会议室", organiser=econ,
                         agenda="x", status="held", created_by=disp)

    # Key projects: one active (lead D1) with January on time, February late; one inactive.
    project = KeyProject.objects.create(jurisdiction=hk, name="项目", lead_department=d1)
    KeyProject.objects.create(jurisdiction=hk, name="停建项目", lead_department=d1, is_active=False)
    for month, submitted in ((1, at(2, 3)), (2, at(3, 9))):
        InspectionReport.objects.create(project=project, month=dt.date(2026, month, 1), progress="x",
                                        investment_month=1, investment_total=1, submitted_by=off,
                                        submitted_at=submitted)

    # Conduct: rule r1 cited twice, r2 once in 2026 (one report cites both); r1 once in 2025.
    reg = Register.objects.create(key="t-officials", jurisdiction=hk, title="测试清单", source_document="x",
                                  binds="officials", kind="prohibition")
    r1 = Rule.objects.create(register=reg, number=1, text="不准吃拿卡要")
    r2 = Rule.objects.create(register=reg, number=2, text="不准收受礼金")
    Rule.objects.create(register=reg, number=3, text="不准插手工程")
    for rules, status, when in (([r1], "received", at(2, 1)), ([r1, r2], "founded", at(3, 1)),
                                ([r1], "received", at(5, 1, year=2025))):
        report = ConductReport.objects.create(jurisdiction=hk, reporter=ent, description="x", status=status,
                                              created_at=when)
        report.rules.set(rules)
    c["rules"] = (r1, r2)

    # Integrity: red published in force; black published, lapsed 03-01; one proposed. All proposed in 2026.
    e3 = Enterprise.objects.create(jurisdiction=hk, name="第三企业", credit_code=make_credit_code(777))
    for ent_, lst, status, until, published in ((e1, "red", "published", None, at(1, 10)),
                                                (e2, "black", "published", dt.date(2026, 3, 1), at(1, 12)),
                                                (e3, "black", "proposed", None, None)):
        IntegrityEntry.objects.create(enterprise=ent_, list=lst, reason="x", basis="x", valid_from=dt.date(2026, 1, 1),
                                      valid_until=until, status=status, proposed_by=ov, proposed_at=at(1, 5),
                                      published_at=published)
    c.update(hk=hk, d1=d1, d2=d2, cat_a=cat_a, cat_b=cat_b, econ=econ)
    return c


def no_department_names(department: Department | None):
    return department.name if department else ""
