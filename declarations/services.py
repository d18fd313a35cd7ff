"""Every state change of a declaration or a flag: declare, edit, approve, refuse, record, withdraw, close a flag.

Views, the API, the reminder step and the commands call these; none keeps its own copy. Each change locks
the row, checks the transition, saves through the model (django-simple-history keeps who, when, before and
after) and recomputes the declaration's flags in the same transaction: a flag exists as soon as the
declaration is saved.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from declarations.models import Declaration, DeclarationSettings, Flag
from portal import audit
from portal.errors import TransitionRefused
from portal.models import Enterprise, Role, User
from portal.roles import holders
from portal.services import notify

K = Declaration.Kind
S = Declaration.Status

# Public servants who declare: officials, and handlers and dispatchers as public servants.
DECLARANT_ROLES = (Role.OFFICIAL, Role.HANDLER, Role.DISPATCHER)
# Who reads the cross-check and closes flags.
CHECKER_ROLES = (Role.OVERSIGHT, Role.INVESTIGATOR)

# The columns each kind uses (besides kind and date); the rest stay empty. Stable API names.
FIELDS: dict[str, tuple[str, ...]] = {
    K.EVENT: ("enterprise", "date", "place", "purpose", "paid_by"),
    K.HOSPITALITY: ("enterprise", "date", "people", "cost_per_head", "reason"),
    K.GIFT: ("enterprise", "date", "description", "value", "disposition", "handed_to", "receipt_no"),
    K.INTEREST: ("enterprise", "date", "relative", "relation", "nature", "description"),
    K.CELEBRATION: ("date", "occasion", "guests", "description", "value", "disposition", "handed_to",
                    "receipt_no"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    K.EVENT: ("enterprise", "date", "place", "purpose", "paid_by"),
    K.HOSPITALITY: ("enterprise", "date", "people", "cost_per_head"),
    K.GIFT: ("date", "description", "value", "disposition"),
    K.INTEREST: ("date", "relative", "relation", "nature"),
    K.CELEBRATION: ("date", "occasion"),
}
ALL_FIELDS = sorted({f for fields in FIELDS.values() for f in fields})


def settings_for(jurisdiction_id: int) -> DeclarationSettings:
    """The jurisdiction's standards (created with the defaults the first time they are asked for)."""
    return DeclarationSettings.objects.get_or_create(jurisdiction_id=jurisdiction_id)[0]


def can_declare(user: User) -> bool:
    return user.has_role(*DECLARANT_ROLES) and user.jurisdiction_id is not None


def can_approve(user: User, declaration: Declaration) -> bool:
    """The configured approver, an approver of the jurisdiction, or the head of the declarant's department."""
    if not user.is_authenticated or user.pk == declaration.official_id:
        return False
    configured = settings_for(declaration.jurisdiction_id).approver_id
    if configured:
        if user.pk == configured:
            return True
    elif user.has_role(Role.APPROVER) and user.jurisdiction_id == declaration.jurisdiction_id:
        return True
    department = declaration.official.department
    return department is not None and department.head_id == user.pk


def approvers_for(declaration: Declaration) -> list[User]:
    """Who is asked to decide an event request (never the declarant)."""
    found: list[User] = []
    configured = settings_for(declaration.jurisdiction_id).approver
    if configured is not None:
        found.append(configured)
    else:
        found += list(holders(Role.APPROVER).filter(jurisdiction_id=declaration.jurisdiction_id))
    department = declaration.official.department
    if department is not None and department.head_id:
        found.append(department.head)
    return [u for u in found if u.pk != declaration.official_id]


# ---- validation ------------------------------------------------------------------------------------


def _clean(kind: str, data: dict, *, jurisdiction_id: int) -> dict:
    """The kind's columns from `data`, checked; raises ValidationError naming the fields."""
    if kind not in FIELDS:
        raise ValidationError({"kind": _("未知的报备类型。")})
    values = {name: data.get(name) for name in FIELDS[kind]}
    errors: dict[str, str] = {}
    for name in REQUIRED[kind]:
        if values.get(name) in (None, ""):
            errors[name] = _("此项为必填项。")
    enterprise = values.get("enterprise")
    if enterprise is not None and not isinstance(enterprise, Enterprise):
        enterprise = Enterprise.objects.filter(pk=enterprise).first()
        if enterprise is None:
            errors["enterprise"] = _("企业不存在。")
        values["enterprise"] = enterprise
    for name in ("cost_per_head", "value"):
        if values.get(name) not in (None, ""):
            values[name] = Decimal(str(values[name]))
            if values[name] < 0:
                errors[name] = _("金额不能为负数。")
    if values.get("people") not in (None, "") and int(values["people"]) < 1:
        errors["people"] = _("用餐人数至少为 1。")
    if values.get("disposition") and values["disposition"] not in Declaration.Disposition.values:
        errors["disposition"] = _("处理方式只能是已拒收、已上交或限额内自留。")
    if values.get("nature") and values["nature"] not in Declaration.Nature.values:
        errors["nature"] = _("事项类别只能是经商办企业、持股或借贷。")
    standards = settings_for(jurisdiction_id)
    if kind == K.HOSPITALITY and values.get("cost_per_head") is not None and "cost_per_head" not in errors:
        if values["cost_per_head"] > standard_of(standards) and not (values.get("reason") or "").strip():
            errors["reason"] = _("人均费用超过本辖区公务接待标准（%(std)s 元/人），请说明理由。") % {
                "std": standard_of(standards)}
    if kind == K.INTEREST and not values.get("enterprise") and not (values.get("description") or "").strip():
        errors["description"] = _("未选择企业时请写明所涉企业、股份或借贷的具体情况。")
    if values.get("disposition") == Declaration.Disposition.HANDED_IN:
        for name in ("handed_to", "receipt_no"):
            if not (values.get(name) or "").strip():
                errors[name] = _("上交的礼品礼金请填写上交单位和收据编号。")
    if errors:
        raise ValidationError(errors)
    for name in ("place", "purpose", "paid_by", "reason", "description", "handed_to", "receipt_no", "relative",
                 "relation", "nature", "occasion", "guests", "disposition"):
        if name in values and values[name] is None:
            values[name] = ""
    return values


def standard_of(standards: DeclarationSettings) -> Decimal:
    return standards.hospitality_standard


def _apply(declaration: Declaration, values: dict) -> None:
    """Set the kind's columns; the other kinds' columns are emptied."""
    for name in ALL_FIELDS:
        field = Declaration._meta.get_field(name)
        if name in values:
            setattr(declaration, name, values[name])
        elif name != "date":
            setattr(declaration, name, None if field.null else "")


def _lock(declaration: Declaration) -> Declaration:
    return (Declaration.objects.select_for_update(of=("self",)).select_related("official__department")
            .get(pk=declaration.pk))


def _save(declaration: Declaration, *, by: User, reason: str, fields: list[str] | None = None) -> None:
    declaration._history_user = by
    declaration._change_reason = reason
    declaration.save(update_fields=fields) if fields else declaration.save()


# ---- flags -------------------------------------------------------------------------------------------


def _wanted_flags(declaration: Declaration) -> dict[str, dict]:
    """The flags the declaration calls for, by kind, with the records behind them."""
    from complaints.models import Complaint
    from liaison.models import Pairing

    standards = settings_for(declaration.jurisdiction_id)
    wanted: dict[str, dict] = {}
    kind = declaration.kind
    if kind == K.EVENT:
        decided_late = declaration.decided_at is not None and timezone.localtime(declaration.decided_at).date() > declaration.date
        if declaration.late or (declaration.status in (S.APPROVED, S.REPORTED) and decided_late):
            wanted[Flag.Kind.UNAPPROVED_EVENT] = {"detail": _("活动日期 %(date)s，报备于 %(asked)s") % {
                "date": declaration.date, "asked": timezone.localtime(declaration.created_at).date()}}
    elif kind == K.HOSPITALITY:
        if declaration.cost_per_head is not None and declaration.cost_per_head > standards.hospitality_standard:
            wanted[Flag.Kind.OVER_STANDARD] = {"detail": _("人均 %(cost)s 元，标准 %(std)s 元") % {
                "cost": declaration.cost_per_head, "std": standards.hospitality_standard}}
    if kind in (K.GIFT, K.CELEBRATION) and declaration.value is not None and declaration.value > standards.gift_threshold:
        detail = {"detail": _("估计价值 %(value)s 元，限额 %(limit)s 元") % {
            "value": declaration.value, "limit": standards.gift_threshold}}
        if declaration.disposition == Declaration.Disposition.KEPT:
            wanted[Flag.Kind.GIFT_KEPT] = detail
        elif declaration.disposition == Declaration.Disposition.HANDED_IN:
            wanted[Flag.Kind.GIFT_HANDED_IN] = detail
    if kind == K.INTEREST and declaration.enterprise_id:
        pairing = (Pairing.objects.active(declaration.date).filter(official_id=declaration.official_id,
                                                                  enterprise_id=declaration.enterprise_id)
                   .order_by("-id").first())
        if pairing is not None:
            wanted[Flag.Kind.INTEREST_PAIRED] = {"pairing": pairing, "detail": _("本人联系该企业")}
        department_id = declaration.official.department_id
        if department_id:
            complaint = (Complaint.objects.filter(enterprise_id=declaration.enterprise_id, department_id=department_id)
                         .order_by("-id").first())
            if complaint is not None:
                wanted[Flag.Kind.INTEREST_COMPLAINT] = {"complaint": complaint,
                                                       "detail": _("本部门承办该企业诉求 %(no)s") % {"no": complaint.number}}
    return wanted


# A meal at a visit is matched by a hospitality declaration of the same official and enterprise within this
# many days of the visit; the sweep flags a meal still undeclared this many days after the visit.
MEAL_WINDOW_DAYS = 3


def _close_meal_flags(declaration: Declaration, *, by: User | None) -> None:
    """A hospitality declaration answers the open meal flags of the same official and enterprise around its date."""
    if declaration.kind != K.HOSPITALITY or declaration.status == S.WITHDRAWN or not declaration.enterprise_id:
        return
    window = dt.timedelta(days=MEAL_WINDOW_DAYS)
    for flag in Flag.objects.filter(kind=Flag.Kind.MEAL_UNDECLARED, status=Flag.Status.OPEN,
                                    official_id=declaration.official_id, enterprise_id=declaration.enterprise_id,
                                    visit__date__gte=declaration.date - window,
                                    visit__date__lte=declaration.date + window):
        flag.status, flag.closed_at = Flag.Status.CLOSED, timezone.now()
        flag.note = _("已补报工作餐（%(number)s）。") % {"number": declaration.number}
        flag._history_user = by
        flag.save(update_fields=["status", "closed_at", "note"])


def flag_undeclared_meals(today: dt.date) -> int:
    """The sweep's step: visits with a meal at the enterprise and no hospitality declaration around them.

    Visits between 60 and MEAL_WINDOW_DAYS days old; one SELECT and one INSERT (a flag per visit at most).
    """
    from django.db.models import Exists, OuterRef

    from liaison.models import Visit

    window = dt.timedelta(days=MEAL_WINDOW_DAYS)
    declared = Declaration.objects.filter(
        kind=K.HOSPITALITY, official_id=OuterRef("pairing__official_id"),
        enterprise_id=OuterRef("pairing__enterprise_id"), date__gte=OuterRef("date") - window,
        date__lte=OuterRef("date") + window).exclude(status=S.WITHDRAWN)
    flagged = Flag.objects.filter(visit_id=OuterRef("pk"), kind=Flag.Kind.MEAL_UNDECLARED)
    meals = (Visit.objects.filter(had_meal=True, date__lte=today - window, date__gte=today - dt.timedelta(days=60))
             .filter(~Exists(declared), ~Exists(flagged))
             .values_list("pk", "date", "pairing__official_id", "pairing__official__jurisdiction_id",
                          "pairing__enterprise_id", "pairing__enterprise__jurisdiction_id"))
    rows = [Flag(jurisdiction_id=official_jurisdiction or enterprise_jurisdiction, official_id=official, visit_id=pk,
                 enterprise_id=enterprise, kind=Flag.Kind.MEAL_UNDECLARED, year=day.year,
                 detail=_("%(date)s 走访在企业用餐，前后 %(n)s 日内无工作餐报备") % {"date": day, "n": MEAL_WINDOW_DAYS})
            for pk, day, official, official_jurisdiction, enterprise, enterprise_jurisdiction in meals]
    return len(Flag.objects.bulk_create(rows, ignore_conflicts=True))


def compute_flags(declaration: Declaration, *, by: User | None = None) -> list[Flag]:
    """Store the flags the declaration calls for (once each); close open ones it no longer calls for."""
    _close_meal_flags(declaration, by=by)
    wanted = _wanted_flags(declaration)
    existing = {f.kind: f for f in Flag.objects.filter(declaration=declaration)}
    created = []
    for kind, extra in wanted.items():
        flag = existing.get(kind)
        if flag is None:
            created.append(Flag.objects.create(
                jurisdiction_id=declaration.jurisdiction_id, official_id=declaration.official_id,
                declaration=declaration, enterprise_id=declaration.enterprise_id, kind=kind, year=declaration.date.year,
                detail=extra.get("detail", "")[:300], pairing=extra.get("pairing"), complaint=extra.get("complaint")))
    for kind, flag in existing.items():
        if kind not in wanted and flag.is_open:
            flag.status, flag.closed_at = Flag.Status.CLOSED, timezone.now()
            flag.note = _("报备修改后不再符合提示条件，自动关闭。")
            flag._history_user = by
            flag.save(update_fields=["status", "closed_at", "note"])
    return created


# ---- declarations ----------------------------------------------------------------------------------


@transaction.atomic
def declare(*, by: User, kind: str, data: dict, today: dt.date | None = None) -> Declaration:
    """File a declaration; an event request waits for approval (marked late when asked after the event)."""
    if not can_declare(by):
        raise PermissionDenied(_("报备由公职人员本人提交。"))
    today = today or timezone.localdate()
    values = _clean(kind, data, jurisdiction_id=by.jurisdiction_id)
    declaration = Declaration(jurisdiction_id=by.jurisdiction_id, official=by, kind=kind,
                              status=S.PENDING if kind == K.EVENT else S.FILED)
    _apply(declaration, values)
    declaration.late = kind == K.EVENT and declaration.date < today
    _save(declaration, by=by, reason="declare")
    compute_flags(declaration, by=by)
    if kind == K.EVENT:
        declaration.official = by
        notify(approvers_for(declaration),
               subject=_("待审批：%(name)s 申请参加 %(enterprise)s 的活动（%(date)s）") % {
                   "name": by.display_name, "enterprise": declaration.enterprise, "date": declaration.date},
               url=reverse("declarations:detail", args=[declaration.pk]))
    return declaration


@transaction.atomic
def update_declaration(declaration: Declaration, *, by: User, data: dict) -> Declaration:
    """The declarant corrects a pending request or a filed declaration; history keeps the earlier version."""
    declaration = _lock(declaration)
    if declaration.official_id != by.pk:
        raise PermissionDenied(_("只有报备人本人可以修改报备。"))
    if declaration.status not in (S.PENDING, S.FILED):
        raise TransitionRefused(_("该报备当前状态为“%(status)s”，不能修改。") % {
            "status": declaration.get_status_display()})
    values = _clean(declaration.kind, {**{f: getattr(declaration, f) for f in FIELDS[declaration.kind]}, **data},
                    jurisdiction_id=declaration.jurisdiction_id)
    _apply(declaration, values)
    if declaration.kind == K.EVENT:
        declaration.late = declaration.late or declaration.date < timezone.localdate()
    _save(declaration, by=by, reason="edit")
    compute_flags(declaration, by=by)
    return declaration


def _decide(declaration: Declaration, *, by: User, to: str, note: str, event: str) -> Declaration:
    declaration = _lock(declaration)
    if not can_approve(by, declaration):
        raise PermissionDenied(_("您不是该报备的审批人。"))
    if declaration.status != S.PENDING:
        raise TransitionRefused(_("该报备当前状态为“%(status)s”，不能审批。") % {
            "status": declaration.get_status_display()})
    declaration.status, declaration.approver, declaration.decided_at = to, by, timezone.now()
    declaration.decision_note = note
    _save(declaration, by=by, reason=event, fields=["status", "approver", "decided_at", "decision_note"])
    compute_flags(declaration, by=by)
    audit.record(f"declaration_{event}", user=by, obj=declaration, official=declaration.official_id)
    notify(declaration.official,
           subject=_("您的活动报备%(result)s：%(enterprise)s（%(date)s）") % {
               "result": declaration.get_status_display(), "enterprise": declaration.enterprise or "",
               "date": declaration.date},
           body=note, url=reverse("declarations:detail", args=[declaration.pk]))
    return declaration


@transaction.atomic
def approve(declaration: Declaration, *, by: User, note: str = "") -> Declaration:
    """The approver agrees to the official attending the event."""
    return _decide(declaration, by=by, to=S.APPROVED, note=note, event="approve")


@transaction.atomic
def refuse(declaration: Declaration, *, by: User, note: str) -> Declaration:
    """The approver refuses the request, with a reason."""
    if not (note or "").strip():
        raise ValidationError({"note": _("不批准时请说明理由。")})
    return _decide(declaration, by=by, to=S.REFUSED, note=note, event="refuse")


@transaction.atomic
def record_outcome(declaration: Declaration, *, by: User, outcome: str, today: dt.date | None = None) -> Declaration:
    """After an approved event (on its day or later) the official records what happened."""
    declaration = _lock(declaration)
    today = today or timezone.localdate()
    if declaration.official_id != by.pk:
        raise PermissionDenied(_("只有报备人本人可以记录活动情况。"))
    if declaration.kind != K.EVENT or declaration.status != S.APPROVED:
        raise TransitionRefused(_("只有已批准的活动报备可以记录活动情况。"))
    if declaration.date > today:
        raise TransitionRefused(_("活动尚未举行（%(date)s），请在活动后记录。") % {"date": declaration.date})
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("请填写活动实际情况。")})
    declaration.status, declaration.outcome = S.REPORTED, outcome.strip()
    _save(declaration, by=by, reason="record", fields=["status", "outcome"])
    return declaration


@transaction.atomic
def withdraw(declaration: Declaration, *, by: User) -> Declaration:
    """The declarant withdraws a declaration: kept with its history and flags, shown as withdrawn."""
    declaration = _lock(declaration)
    if declaration.official_id != by.pk:
        raise PermissionDenied(_("只有报备人本人可以撤回报备。"))
    if declaration.status not in Declaration.OPEN:
        raise TransitionRefused(_("该报备当前状态为“%(status)s”，不能撤回。") % {
            "status": declaration.get_status_display()})
    declaration.status = S.WITHDRAWN
    _save(declaration, by=by, reason="withdraw", fields=["status"])
    return declaration


@transaction.atomic
def close_flag(flag: Flag, *, by: User, note: str) -> Flag:
    """Oversight or an investigator closes a flag after checking it, with a note."""
    if not by.has_role(*CHECKER_ROLES):
        raise PermissionDenied(_("只有督查人员和监察审计调查员可以关闭核查提示。"))
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写核查说明。")})
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if not flag.is_open:
        raise TransitionRefused(_("该核查提示已关闭。"))
    flag.status, flag.closed_by, flag.closed_at, flag.note = Flag.Status.CLOSED, by, timezone.now(), note.strip()
    flag._history_user = by
    flag.save(update_fields=["status", "closed_by", "closed_at", "note"])
    audit.record("declaration_flag_close", user=by, obj=flag, official=flag.official_id)
    return flag
