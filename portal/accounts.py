"""Account state changes: enterprise self-registration."""

from __future__ import annotations

from django.db import transaction

from portal.models import Enterprise, Role, User
from portal.roles import group_id, holders
from portal.services import notify


@transaction.atomic
def register_enterprise_user(*, jurisdiction, enterprise_name: str, credit_code: str, username: str, password: str,
                             full_name: str, phone: str, email: str) -> User:
    """Create an inactive enterprise user (and the enterprise if new); admins are told to activate it."""
    enterprise, _created = Enterprise.objects.get_or_create(
        credit_code=credit_code,
        defaults={"name": enterprise_name, "jurisdiction": jurisdiction, "contact_name": full_name, "contact_phone": phone},
    )
    user = User(username=username, full_name=full_name, phone=phone, email=email, is_active=False,
                enterprise=enterprise, jurisdiction=enterprise.jurisdiction)
    user.set_password(password)
    user.save()
    user.groups.add(group_id(Role.ENTERPRISE))
    notify(list(holders(Role.ADMIN)), subject=f"新企业账号待激活：{enterprise.name}",
           body=f"用户 {username}（{full_name}，{phone}）申请注册企业账号，请核实后激活。",
           url=f"/admin/portal/user/{user.pk}/change/")
    return user
