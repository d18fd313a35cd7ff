"""Account state changes: enterprise self-registration, and joining an enterprise that already has accounts.

A credit code is public (it is printed on the business licence and in every register), so typing one proves
nothing. A registration for a NEW enterprise creates it with an inactive account that an admin activates, as
before. A registration naming an enterprise that already exists creates an inactive account bound to nothing and
a JoinRequest: the account joins the enterprise only when one of its active users (their home page and
/accounts/join-requests/) or an admin (activation in the admin, which shows how many accounts the enterprise
already has) approves.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import TransitionRefused
from portal.models import Enterprise, JoinRequest, Role, User
from portal.roles import group_id, holders
from portal.services import notify


def enterprise_holders(enterprise_id: int):
    """The enterprise's active account holders: who may approve a stranger joining it."""
    return holders(Role.ENTERPRISE).filter(enterprise_id=enterprise_id)


def account_counts(enterprise_ids) -> dict[int, int]:
    """{enterprise id: number of accounts bound to it (active or not)} in one query."""
    rows = (User.objects.filter(enterprise_id__in=set(enterprise_ids)).order_by()
            .values("enterprise_id").annotate(n=Count("id")))
    return {r["enterprise_id"]: r["n"] for r in rows}


@transaction.atomic
def register_enterprise_user(*, jurisdiction, enterprise_name: str, credit_code: str, username: str, password: str,
                             full_name: str, phone: str, email: str) -> User:
    """Create an inactive enterprise user: for a new enterprise, bound to it (admins activate); for an existing
    one, bound to nothing until the enterprise's users or an admin approve its JoinRequest."""
    enterprise = Enterprise.objects.select_for_update().filter(credit_code=credit_code).first()
    existing = enterprise is not None
    if not existing:
        enterprise = Enterprise.objects.create(credit_code=credit_code, name=enterprise_name, jurisdiction=jurisdiction,
                                               contact_name=full_name, contact_phone=phone)
    user = User(username=username, full_name=full_name, phone=phone, email=email, is_active=False,
                enterprise=None if existing else enterprise, jurisdiction=enterprise.jurisdiction)
    user.set_password(password)
    user.save()
    user.groups.add(group_id(Role.ENTERPRISE))
    admin_url = reverse("admin:portal_user_change", args=[user.pk])
    if not existing:
        notify(list(holders(Role.ADMIN)), subject=_("新企业账号待激活：%(e)s") % {"e": enterprise.name},
               body=_("用户 %(u)s（%(n)s，%(p)s）申请注册企业账号，请核实后激活。") % {"u": username, "n": full_name, "p": phone},
               url=admin_url)
        return user
    JoinRequest.objects.create(user=user, enterprise=enterprise)
    count = account_counts([enterprise.pk]).get(enterprise.pk, 0)
    notify(list(enterprise_holders(enterprise.pk)), subject=_("有人申请加入本企业账号：%(u)s") % {"u": username},
           body=_("%(n)s（%(p)s）以本企业的统一社会信用代码注册了账号。如确为本企业人员请同意，否则请拒绝。")
           % {"n": full_name, "p": phone},
           url=reverse("join-requests"))
    notify(list(holders(Role.ADMIN)),
           subject=_("申请加入已有企业：%(e)s（已有%(c)d个账号）") % {"e": enterprise.name, "c": count},
           body=_("用户 %(u)s（%(n)s，%(p)s）申请加入已有企业“%(e)s”，该企业已有%(c)d个账号。请先与企业核实，或等待企业现有账号审核。")
           % {"u": username, "n": full_name, "p": phone, "e": enterprise.name, "c": count},
           url=admin_url)
    return user


def may_decide(by: User, join: JoinRequest) -> bool:
    """An active user of the enterprise itself, or an admin."""
    if not (by.is_authenticated and by.is_active):
        return False
    if by.has_role(Role.ADMIN) or by.is_superuser:
        return True
    return by.has_role(Role.ENTERPRISE) and by.enterprise_id == join.enterprise_id


def _decide(join: JoinRequest, by: User, status: str) -> JoinRequest:
    join = JoinRequest.objects.select_for_update().select_related("user", "enterprise").get(pk=join.pk)
    if not may_decide(by, join):
        raise TransitionRefused(_("只有该企业的现有账号或管理员可以审核加入申请。"))
    if join.status != JoinRequest.Status.PENDING:
        raise TransitionRefused(_("该申请已审核。"))
    join.status, join.decided_by, join.decided_at = status, by, timezone.now()
    join.save(update_fields=["status", "decided_by", "decided_at"])
    return join


@transaction.atomic
def approve_join(join: JoinRequest, *, by: User) -> JoinRequest:
    """Bind the account to the enterprise and let it in."""
    join = _decide(join, by, JoinRequest.Status.APPROVED)
    user = join.user
    user.enterprise, user.jurisdiction, user.is_active = join.enterprise, join.enterprise.jurisdiction, True
    user.save(update_fields=["enterprise", "jurisdiction", "is_active"])
    notify(user, subject=_("您加入“%(e)s”的申请已通过") % {"e": join.enterprise.name},
           body=_("%(by)s 已同意，现在可以登录。") % {"by": by.display_name}, url="/")
    others = enterprise_holders(join.enterprise_id).exclude(pk__in=[user.pk, by.pk])
    notify(list(others), subject=_("%(u)s 已加入本企业账号") % {"u": user.username},
           body=_("由 %(by)s 同意。") % {"by": by.display_name}, url=reverse("join-requests"))
    return join


@transaction.atomic
def refuse_join(join: JoinRequest, *, by: User) -> JoinRequest:
    """The account stays inactive and bound to no enterprise."""
    return _decide(join, by, JoinRequest.Status.REFUSED)


# ---- one's own profile (issue 15) ------------------------------------------------------------------------

PROFILE_FIELDS = ("full_name", "phone", "email")
ENTERPRISE_CONTACT_FIELDS = ("contact_name", "contact_phone")


@transaction.atomic
def update_profile(*, user: User, request=None, full_name: str, phone: str, email: str,
                   contact_name: str | None = None, contact_phone: str | None = None) -> list[str]:
    """A user changes their own name and contacts (the e-mail address is where notices go); an enterprise user
    also its enterprise's contact person and phone. Returns the changed fields; the audit log records which
    (not the values: they are personal data), so a hijacked account redirecting notices leaves a trace."""
    from portal import audit

    changed: list[str] = []
    values = {"full_name": full_name.strip(), "phone": phone.strip(), "email": email.strip()}
    for name, value in values.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if changed:
        user.save(update_fields=changed)
    enterprise = user.enterprise if user.enterprise_id and user.has_role(Role.ENTERPRISE) else None
    if enterprise is not None and contact_name is not None and contact_phone is not None:
        contact = {"contact_name": contact_name.strip(), "contact_phone": contact_phone.strip()}
        moved = [name for name, value in contact.items() if getattr(enterprise, name) != value]
        for name in moved:
            setattr(enterprise, name, contact[name])
        if moved:
            enterprise.save(update_fields=moved)
            changed += [f"enterprise.{name}" for name in moved]
    if changed:
        audit.record("profile_change", request=request, user=user, obj=user, fields=changed)
    return changed
