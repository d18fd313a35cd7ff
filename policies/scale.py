"""City-scale policy data for seed_scale (portal/scale.py): a profile for every scale enterprise, half of
them in industry C13 (农副食品加工) and half in C30, so `make bench` can time a push that matches 50k of 100k.
One INSERT … SELECT; a top-up run adds profiles only for enterprises that have none."""

from __future__ import annotations

from django.db import connection

from policies.models import EnterpriseProfile
from portal.models import Enterprise
from portal.scale import CREDIT_PREFIX, Progress, ScaleContext, scale_step

BENCH_TITLE = "bench: policy for industry C13"


@scale_step(order=400, name="policies.profiles")
def profiles(ctx: ScaleContext, options: dict, progress: Progress) -> None:
    qn = connection.ops.quote_name
    profile = qn(EnterpriseProfile._meta.db_table)
    enterprise = qn(Enterprise._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {profile} (enterprise_id, industry_code, size, area, tags) "
            f"SELECT e.id, CASE WHEN e.id %% 2 = 0 THEN 'C13' ELSE 'C30' END, 'small', '', '' FROM {enterprise} e "
            f"WHERE e.credit_code LIKE %s AND NOT EXISTS (SELECT 1 FROM {profile} p WHERE p.enterprise_id = e.id)",
            [CREDIT_PREFIX + "%"])


def bench_push() -> int:
    """`make bench`: publish a policy for C13 (half the scale enterprises) and run its push, as the worker does."""
    from policies import services
    from policies.models import Policy, PolicyMatch
    from portal.models import Department, Role, User

    department = Department.objects.filter(kind=Department.Kind.ORDINARY, jurisdiction__code="HK").first()
    admin = User.objects.filter(is_superuser=True).first() or User.objects.filter(groups__name=Role.ADMIN).first()
    Policy.objects.filter(title=BENCH_TITLE).delete()
    policy = services.create_policy(by=admin, department=department, title=BENCH_TITLE, body="bench", industries="C13")
    services.publish_policy(policy, by=admin)
    told = services.push_policy(policy.pk)
    PolicyMatch.objects.filter(policy=policy).delete()
    return told
