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
    ("investigator1", Role.INVESTIGATOR, "监察审计局", None, "周监察", "监察专员"),
    ("approver1", Role.APPROVER, "党政综合办公室", None, "吴主任", "党政综合办公室主任"),
    ("admin", Role.ADMIN, None, None, "系统管理员", ""),
]

ENTERPRISES = {
    "e1": dict(name="安康恒口绿源农业科技有限公司", industry="农副食品加工", is_key=True, party_member_count=4,
               legal_representative="王建国", address="恒口示范区恒口镇工业园1号"),
    "e2": dict(name="恒口华兴建材有限公司", industry="建材", is_key=True, party_member_count=1,
               legal_representative="李华", address="恒口示范区月河大道88号"),
}


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
    users = {}
    for username, role, dept_name, ent_key, full_name, title in PEOPLE:
        dept = Department.objects.get(jurisdiction=hk, name=dept_name) if dept_name else None
        user, _ = User.objects.update_or_create(
            username=username,
            defaults=dict(full_name=full_name, title=title, jurisdiction=hk, department=dept,
                          enterprise=enterprises.get(ent_key), email=f"{username}@demo.invalid", is_active=True,
                          is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN),
        )
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get_or_create(name=role)[0]])
        users[username] = user
    for dept_name, head in (("应急管理和市场监督管理局", "handler1"), ("社会事务管理局", "handler2")):
        Department.objects.filter(jurisdiction=hk, name=dept_name).update(head=users[head], liaison_officer=users[head])
    context = {"jurisdiction": hk, "enterprises": enterprises, "users": users}
    for step in STEPS:
        step(context)
    return context
