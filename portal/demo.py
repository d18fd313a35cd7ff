"""Demo people and data. Apps add their own demo data with `@demo_step` (called after the people exist)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import Group
from django.db import transaction

from portal import creditcode
from portal.directory import seed_directory
from portal.models import Department, Enterprise, Jurisdiction, Role, User
from portal.roles import ensure_groups

STEPS: list[Callable[[dict], None]] = []
DEFAULT_PASSWORD = "Qingqing2026"


def demo_step(func: Callable[[dict], None]) -> Callable[[dict], None]:
    if func not in STEPS:
        STEPS.append(func)
    return func


def make_credit_code(seed: int, prefix: str = "91610900") -> str:
    """A valid 统一社会信用代码 for demo and test data (安康 division code 610900)."""
    body = f"{prefix}{seed:09d}"[:17].upper()
    body = body.replace("I", "1").replace("O", "0").replace("S", "5").replace("V", "U").replace("Z", "2")
    return body + creditcode.check_character(body)


# username, role, department name or None, enterprise key or None, full name, title
PEOPLE = [
    ("enterprise1", Role.ENTERPRISE, None, "e1", "王经理", "企业联络人"),
    ("enterprise2", Role.ENTERPRISE, None, "e2", "李总", "企业负责人"),
    ("official1", Role.OFFICIAL, "党政综合办公室", None, "张书记", "党工委委员"),
    ("dispatcher1", Role.DISPATCHER, "经济发展与招商局", None, "刘受理", "受理员"),
    ("handler1", Role.HANDLER, "应急管理和市场监督管理局", None, "陈承办", "政策联络员"),
    ("handler2", Role.HANDLER, "社会事务管理局", None, "赵承办", "政策联络员"),
    ("oversight1", Role.OVERSIGHT, "效能督查办公室", None, "孙督查", "督查专员"),
    # The second tracking office (measure 三): the same role, another office; every 督办 notice names its office.
    ("dzb_oversight1", Role.OVERSIGHT, "党政办督查室", None, "郑督查", "督查室专员"),
    ("investigator1", Role.INVESTIGATOR, "监察审计局", None, "周监察", "监察专员"),
    ("approver1", Role.APPROVER, "党政综合办公室", None, "吴主任", "党政综合办公室主任"),
    ("leader1", Role.LEADERSHIP, None, None, "郑主任", "党工委副书记、管委会主任"),
    ("party1", Role.HANDLER, "党务群团工作局", None, "何组织", "党建工作专员"),
    ("admin", Role.ADMIN, None, None, "系统管理员", ""),
]

ENTERPRISES = {
    "e1": dict(name="安康恒口绿源农业科技有限公司", industry="农副食品加工", is_key=True, party_member_count=4,
               legal_representative="王建国", address="恒口示范区恒口镇工业园1号"),
    "e2": dict(name="恒口华兴建材有限公司", industry="建材", is_key=True, party_member_count=1,
               legal_representative="李华", address="恒口示范区月河大道88号"),
}


# 湛江: a real second jurisdiction with its own structure (the lists name no department; these are the city's
# bodies that the lists' duties fall to): 市政务服务和数据管理局 receives and routes complaints (12345 and the
# 营商环境 desk), 市政府督查室 is the efficiency office, 市纪委监委 the discipline body.
ZJ_DEPARTMENTS = [
    ("市政务服务和数据管理局", "dispatch"),
    ("市政府督查室", "efficiency"),
    ("市纪委监委", "discipline"),
    ("市发展和改革局", "ordinary"),
    ("市工业和信息化局", "ordinary"),
    ("市商务局", "ordinary"),
    ("市市场监督管理局", "ordinary"),
    ("市司法局", "ordinary"),
    ("市自然资源局", "ordinary"),
    ("市人力资源和社会保障局", "ordinary"),
]
# 湛江's own yearly targets (set by its admins; the lists give no number): leaders 挂点 up to three key industrial
# enterprises, serve each at least quarterly, and the city holds forums quarterly.
ZJ_QUOTAS = dict(pairing_limit=3, visit_quota=4, forum_target=4)
ZJ_ENTERPRISES = {
    "zj1": dict(name="湛江湾海洋食品科技有限公司", industry="水产品加工", is_key=True, party_member_count=3,
                legal_representative="梁海", address="湛江市霞山区海滨大道南8号"),
}
ZJ_PEOPLE = [
    ("zj_enterprise1", Role.ENTERPRISE, None, "zj1", "梁经理", "企业联络人"),
    ("zj_dispatcher1", Role.DISPATCHER, "市政务服务和数据管理局", None, "黄受理", "受理员"),
    ("zj_handler1", Role.HANDLER, "市工业和信息化局", None, "林承办", "政策联络员"),
    ("zj_official1", Role.OFFICIAL, "市工业和信息化局", None, "陈局长", "局长"),
    ("zj_oversight1", Role.OVERSIGHT, "市政府督查室", None, "吴督查", "督查专员"),
]


def _people(jurisdiction, people, enterprises, password: str) -> dict:
    users = {}
    for username, role, dept_name, ent_key, full_name, title in people:
        dept = Department.objects.get(jurisdiction=jurisdiction, name=dept_name) if dept_name else None
        user, _ = User.objects.update_or_create(
            username=username,
            defaults=dict(full_name=full_name, title=title, jurisdiction=jurisdiction, department=dept,
                          enterprise=enterprises.get(ent_key), email=f"{username}@demo.invalid", is_active=True,
                          is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN),
        )
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get_or_create(name=role)[0]])
        users[username] = user
    return users


def seed_zhanjiang(password: str) -> dict:
    """湛江's departments, quotas, one enterprise and its staff (idempotent; an admin's quota edit is kept)."""
    zj = Jurisdiction.objects.get(code="ZJ")
    for name, kind in ZJ_DEPARTMENTS:
        Department.objects.get_or_create(jurisdiction=zj, name=name, defaults={"kind": kind})
    # Only replace the copy of 恒口's numbers that older databases were given, never an admin's own figures.
    Jurisdiction.objects.filter(pk=zj.pk, pairing_limit=2, visit_quota=3, forum_target=3).update(**ZJ_QUOTAS)
    enterprises = {}
    for i, (key, fields) in enumerate(ZJ_ENTERPRISES.items(), start=1):
        enterprises[key], _ = Enterprise.objects.update_or_create(
            credit_code=make_credit_code(100 + i, prefix="91440800"),
            defaults={**fields, "jurisdiction": zj, "contact_name": fields["legal_representative"]})
    users = _people(zj, ZJ_PEOPLE, enterprises, password)
    Department.objects.filter(jurisdiction=zj, name="市工业和信息化局").update(
        head=users["zj_official1"], liaison_officer=users["zj_handler1"])
    return {"zj_jurisdiction": zj, "zj_enterprises": enterprises, "zj_users": users}


@transaction.atomic
def seed(password: str = DEFAULT_PASSWORD) -> dict:
    """Create (or refresh) the demo people; returns a context for the app steps. Idempotent."""
    seed_directory(Jurisdiction, Department)
    ensure_groups()
    hk = Jurisdiction.objects.get(code="HK")
    enterprises = {}
    for i, (key, fields) in enumerate(ENTERPRISES.items(), start=1):
        enterprises[key], _ = Enterprise.objects.update_or_create(
            credit_code=make_credit_code(100 + i), defaults={**fields, "jurisdiction": hk,
                                                             "contact_name": fields["legal_representative"]},
        )
    users = _people(hk, PEOPLE, enterprises, password)
    for dept_name, head in (("应急管理和市场监督管理局", "handler1"), ("社会事务管理局", "handler2")):
        Department.objects.filter(jurisdiction=hk, name=dept_name).update(head=users[head], liaison_officer=users[head])
    zhanjiang = seed_zhanjiang(password)
    # The 湛江 people are in `users` too, so tests and steps find everybody by user name.
    users.update(zhanjiang["zj_users"])
    context = {"jurisdiction": hk, "enterprises": enterprises, "users": users, **zhanjiang}
    for step in STEPS:
        step(context)
    return context
