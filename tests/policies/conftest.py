"""Policy fixtures: a draft and a published policy of handler1's department, a make_enterprises helper."""

from __future__ import annotations

import pytest

from policies import services
from policies.models import EnterpriseProfile
from portal.demo import make_credit_code
from portal.models import Enterprise


@pytest.fixture
def department(people):
    return people["handler1"].department


@pytest.fixture
def make_policy(people, department):
    def _make(*, publish: bool = False, **fields):
        fields.setdefault("title", "支持农副食品加工企业技术改造")
        fields.setdefault("body", "一、补助标准……")
        policy = services.create_policy(by=people["handler1"], department=department, **fields)
        if publish:
            services.publish_policy(policy, by=people["handler1"])
        return policy

    return _make


@pytest.fixture
def make_enterprises(people):
    """n enterprises of enterprise1's jurisdiction with profiles in `industry` (bulk: three statements)."""

    def _make(n: int, *, industry: str, start: int = 10_000, size: str = "small") -> list[Enterprise]:
        hk = people["enterprise1"].enterprise.jurisdiction
        rows = Enterprise.objects.bulk_create(
            Enterprise(jurisdiction=hk, name=f"测试企业{start + i}", credit_code=make_credit_code(start + i))
            for i in range(n))
        EnterpriseProfile.objects.bulk_create(EnterpriseProfile(enterprise=e, industry_code=industry, size=size)
                                              for e in rows)
        return rows

    return _make
