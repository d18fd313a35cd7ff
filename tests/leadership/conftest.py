"""A known month for the monthly report: every figure can be counted by hand.

May 2026, 恒口示范区 (HK); D1 = 应急管理和市场监督管理局 (handler1), D2 = 社会事务管理局 (handler2). Built on 2026-06-01.

complaints  a  05-03 D1, first answer 05-08, closed 05-10, deadline 05-20    received D1, closed D1
            b  05-05 D1, accepted, deadline 05-15, no answer                received D1, overdue D1
            c  04-20 D2, deadline 05-06, first answer 05-08 (late)          overdue D2
            d  05-25 D2, assigned, deadline 06-10                           received D2
            e  05-12 refused, no department                                 received 未分办
            g  03-01 D2, closed 05-02                                       closed D2
            f  06-02 D1; z 05-10 in 湛江                                    in no figure
ratings     a 满意 (D1, 05-11), b 基本满意 (D1, 05-12), c 不满意 (D2, 05-09); one in June
visits      p1 (official1 ↔ enterprise1): 02-10 confirmed, 05-10 logged, 05-20 confirmed, 05-21 disputed, 06-03 logged
            p2 (official1 ↔ enterprise2): none.  Quota 3 a year → 1.25 each by the end of May.
forums      03-01 held, 05-15 held, 05-20 scheduled, 05-22 cancelled, 06-05 held
projects    April's reports (due 05-05): 月河大桥 (D1) filed 05-03, 工业园标准化厂房 (D2) filed 05-08,
            恒口水厂扩建 (D1) none (its May report does not count); inactive and May-created projects owe none
notices     n1 on b, D1, issued 05-16, deadline 05-20, open; n2 on c, D2, issued 04-28, deadline 05-05, answered 05-04
conduct     received 05-03; received 04-01 concluded 05-12 属实; received 05-20 concluded 05-25 不属实
pledges     official1 05-06 (2026), enterprise1 01-10 (2026)
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

TZ = ZoneInfo("Asia/Shanghai")
MONTH = dt.date(2026, 5, 1)
BUILD_DAY = dt.date(2026, 6, 1)


def at(month: int, day: int, hour: int = 10, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


@pytest.fixture
def month_world(people):
    from complaints.models import Category, Complaint, Evaluation, SupervisionNotice
    from conduct.models import ConductReport, CreditRepair, IntegrityEntry, Pledge
    from liaison.models import Forum, InspectionReport, KeyProject, Pairing, Visit
    from portal.models import Jurisdiction

    for model in (SupervisionNotice, Evaluation, CreditRepair, IntegrityEntry, ConductReport, Pledge, Visit, Pairing,
                  Forum, InspectionReport, KeyProject, Complaint):
        model.objects.all().delete()
    hk, zj = Jurisdiction.objects.get(code="HK"), Jurisdiction.objects.get(code="ZJ")
    d1, d2 = people["handler1"].department, people["handler2"].department
    cat = Category.objects.filter(jurisdiction=hk).order_by("id")[0]
    zj_cat = Category.objects.filter(jurisdiction=zj).order_by("id")[0]
    e1, e2 = people["enterprise1"].enterprise, people["enterprise2"].enterprise
    ent, off, ov = people["enterprise1"], people["official1"], people["oversight1"]
    S = Complaint.Status
    n = iter(range(1, 100))

    def complaint(created, status, dept=None, *, deadline=None, first=None, closed=None, j=hk, c=cat, e=e1):
        return Complaint.objects.create(
            number=f"T-{next(n)}", jurisdiction=j, enterprise=e, submitter=ent, category=c, title="t", description="d",
            status=status, department=dept, created_at=created, answer_deadline=deadline, first_answered_at=first,
            answered_at=first, closed_at=closed)

    a = complaint(at(5, 3), S.CLOSED, d1, deadline=dt.date(2026, 5, 20), first=at(5, 8), closed=at(5, 10))
    b = complaint(at(5, 5), S.ACCEPTED, d1, deadline=dt.date(2026, 5, 15))
    c = complaint(at(4, 20), S.ANSWERED, d2, deadline=dt.date(2026, 5, 6), first=at(5, 8))
    complaint(at(5, 25), S.ASSIGNED, d2, deadline=dt.date(2026, 6, 10))
    complaint(at(5, 12), S.REFUSED)
    complaint(at(3, 1), S.CLOSED, d2, deadline=dt.date(2026, 3, 15), first=at(3, 10), closed=at(5, 2))
    complaint(at(6, 2), S.ASSIGNED, d1, deadline=dt.date(2026, 6, 20))
    complaint(at(5, 10), S.ASSIGNED, zj.departments.order_by("id")[0], deadline=dt.date(2026, 5, 12), j=zj, c=zj_cat,
              e=people["zj_enterprise1"].enterprise)

    R = Complaint.Rating
    for comp, dept, rating, when in ((a, d1, R.SATISFIED, at(5, 11)), (b, d1, R.BASIC, at(5, 12)),
                                     (c, d2, R.DISSATISFIED, at(5, 9)), (c, d2, R.SATISFIED, at(6, 1))):
        Evaluation.objects.create(complaint=comp, department=dept, rating=rating, rated_by=ent, created_at=when)

    p1 = Pairing.objects.create(official=off, enterprise=e1, start=dt.date(2026, 1, 1))
    Pairing.objects.create(official=off, enterprise=e2, start=dt.date(2026, 1, 1))
    V = Visit.Status
    for day, status in ((dt.date(2026, 2, 10), V.CONFIRMED), (dt.date(2026, 5, 10), V.LOGGED),
                        (dt.date(2026, 5, 20), V.CONFIRMED), (dt.date(2026, 5, 21), V.DISPUTED),
                        (dt.date(2026, 6, 3), V.LOGGED)):
        Visit.objects.create(pairing=p1, date=day, status=status, discussed="x", logged_by=off)

    F = Forum.Status
    for day, status in ((dt.date(2026, 3, 1), F.HELD), (dt.date(2026, 5, 15), F.HELD),
                        (dt.date(2026, 5, 20), F.SCHEDULED), (dt.date(2026, 5, 22), F.CANCELLED),
                        (dt.date(2026, 6, 5), F.HELD)):
        Forum.objects.create(jurisdiction=hk, title="座谈会", date=day, place="会议室", organiser=d1, agenda="a",
                             status=status, created_by=off)

    april, may = dt.date(2026, 4, 1), dt.date(2026, 5, 1)

    def project(name, dept, *, active=True, created=None):
        p = KeyProject.objects.create(jurisdiction=hk, name=name, lead_department=dept, is_active=active)
        KeyProject.objects.filter(pk=p.pk).update(created_at=created or at(1, 5))
        return p

    def report(p, month, submitted):
        InspectionReport.objects.create(project=p, month=month, progress="p", investment_month=1, investment_total=2,
                                        submitted_by=off, submitted_at=submitted)

    report(project("月河大桥", d1), april, at(5, 3))
    report(project("工业园标准化厂房", d2), april, at(5, 8))
    report(project("恒口水厂扩建", d1), may, at(6, 1))
    project("已停建项目", d2, active=False)
    project("五月新立项目", d2, created=at(5, 10))

    SupervisionNotice.objects.create(complaint=b, department=d1, reason="overdue", instruction="i",
                                     deadline=dt.date(2026, 5, 20), issued_by=ov, issued_at=at(5, 16))
    SupervisionNotice.objects.create(complaint=c, department=d2, reason="overdue", instruction="i",
                                     deadline=dt.date(2026, 5, 5), issued_by=ov, issued_at=at(4, 28),
                                     status="answered", answered_by=people["handler2"], answered_at=at(5, 4))

    C = ConductReport.Status
    for created, status, concluded in ((at(5, 3), C.RECEIVED, None), (at(4, 1), C.FOUNDED, at(5, 12)),
                                       (at(5, 20), C.UNFOUNDED, at(5, 25))):
        ConductReport.objects.create(jurisdiction=hk, reporter=ent, description="d", status=status,
                                     created_at=created, concluded_at=concluded)
    Pledge.objects.create(user=off, year=2026, created_at=at(5, 6))
    Pledge.objects.create(user=ent, year=2026, created_at=at(1, 10))
    return {"hk": hk, "zj": zj, "d1": d1, "d2": d2}
