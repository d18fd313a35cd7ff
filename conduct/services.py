"""Every state change of the conduct app: keyword-only, atomic, compare-and-set, audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conduct import registers as source
from conduct.models import (
    CITE_PROHIBITIONS_ONLY,
    ConductReport,
    CreditRepair,
    IntegrityEntry,
    Pledge,
    Register,
    RepairEvidence,
    ReportAccessLog,
    ReportEvent,
    ReportEvidence,
    Rule,
)
from conduct.queries import pledge_registers, pledges_as_enterprise
from portal import audit, figures
from portal.errors import RoleRefused, TransitionRefused
from portal.models import Enterprise, Jurisdiction, Role, User
from portal.roles import holders
from portal.services import notify

INTEGRITY_STAFF = (Role.OVERSIGHT, Role.INVESTIGATOR)
list_ = list  # propose_entry() takes a `list` argument (red or black), like the model field


# ---- registers ------------------------------------------------------------------------------


@transaction.atomic
def seed_registers() -> tuple[int, int]:
    """Create the five registers and their rules from conduct/registers.py; returns (registers, rules) created.

    Idempotent and respectful of admins: a register (by key) or rule (by register key and number) that
    exists — or ever existed, according to its history — is left exactly as an admin left it: edited,
    renumbered or deleted. Only what was never loaded is added. Nothing gets a date of effect: both documents
    are 征求意见稿 without one.
    """
    made_registers = made_rules = 0
    jurisdictions = {j.code: j for j in Jurisdiction.objects.filter(code__in={r[1] for r in source.REGISTERS})}
    for position, (key, code, title, document, measure, binds, kind, numbering) in enumerate(source.REGISTERS, 1):
        register = Register.objects.filter(key=key).first()
        if register is None:
            if Register.history.filter(key=key).exists() or code not in jurisdictions:
                continue  # the jurisdiction was removed by an admin: nothing to attach the register to
            register = Register(key=key, jurisdiction=jurisdictions[code], title=title,
                                short_name=source.SHORT_NAMES[key], preamble=source.PREAMBLES[key],
                                responsible_body=source.RESPONSIBLE_BODIES[key], is_draft=key in source.DRAFT_KEYS,
                                source_document=document, source_measure=measure, binds=binds, kind=kind,
                                numbering=numbering, order=position * 10, seeded=True)
            register._change_reason = "seed_registers"
            register.save()
            made_registers += 1
        existing = set(Rule.history.filter(register_id=register.pk).values_list("number", flat=True))
        for number, text in source.RULES[key]:
            if number in existing:
                continue
            # No date of effect: the documents set none (the register's date applies once an admin sets it).
            rule = Rule(register=register, number=number, text=text, order=number * 10, seeded=True)
            rule._change_reason = "seed_registers"
            rule.save()
            made_rules += 1
    return made_registers, made_rules


@transaction.atomic
def retire_rule(rule: Rule, *, by: User, when: datetime.datetime | None = None) -> Rule:
    """Take a rule off the public page; it stays in history and in reports that cite it."""
    if rule.retired_at is not None:
        raise TransitionRefused(_("该条文已废止。"))
    rule.retired_at = when or timezone.now()
    rule._history_user = by
    rule._change_reason = "retire"
    rule.save(update_fields=["retired_at"])
    return rule


@transaction.atomic
def restore_rule(rule: Rule, *, by: User) -> Rule:
    """Bring a retired rule back into force."""
    if rule.retired_at is None:
        raise TransitionRefused(_("该条文未废止。"))
    rule.retired_at = None
    rule._history_user = by
    rule._change_reason = "restore"
    rule.save(update_fields=["retired_at"])
    return rule


def false_accusation_rule() -> Rule | None:
    """Rule 6 of the enterprises' 7 不准 (诬告陷害), which a false accusation breaches."""
    key, number = source.FALSE_ACCUSATION_RULE
    return Rule.objects.filter(register__key=key, number=number).first()


# ---- conduct reports ------------------------------------------------------------------------


def investigators_of(jurisdiction_id: int):
    """The jurisdiction's investigators, and those with no jurisdiction (a city-wide 监察审计局)."""
    return holders(Role.INVESTIGATOR).filter(Q(jurisdiction_id=jurisdiction_id) | Q(jurisdiction__isnull=True))


def _report_jurisdiction(reporter: User, rules: list[Rule]) -> int:
    """The jurisdiction a report belongs to: the reporter's, whose registers it must cite; for a reporter
    with none (an admin), the one jurisdiction of the cited registers."""
    cited = set(Rule.objects.filter(pk__in=[r.pk for r in rules]).values_list("register__jurisdiction_id", flat=True))
    home = reporter.home_jurisdiction_id
    if home:
        if cited != {home}:
            raise TransitionRefused(_("只能引用本辖区规范清单中的条文。"))
        return home
    if len(cited) != 1:
        raise TransitionRefused(_("所引用的条文须属于同一辖区的规范清单。"))
    return cited.pop()


def file_report(*, reporter: User, rules: Iterable[Rule], description: str, subject_name: str = "",
                subject_user: User | None = None, subject_enterprise: Enterprise | None = None,
                anonymous: bool = False, files: Iterable = (), submission_token=None) -> ConductReport:
    """Any logged-in user reports a suspected breach; the jurisdiction's investigators are told (without the
    reporter's name).

    `submission_token` (the form's one-time token): a second filing with the same token returns the first
    report instead of filing again (the unique index decides, so two posts racing each other file once).
    """
    try:
        return _file_report(reporter=reporter, rules=rules, description=description, subject_name=subject_name,
                            subject_user=subject_user, subject_enterprise=subject_enterprise, anonymous=anonymous,
                            files=files, submission_token=submission_token or None)
    except IntegrityError:
        first = submission_token and ConductReport.objects.filter(submission_token=submission_token,
                                                                  reporter=reporter).first()
        if not first:
            raise
        return first


@transaction.atomic
def _file_report(*, reporter, rules, description, subject_name, subject_user, subject_enterprise, anonymous,
                 files, submission_token) -> ConductReport:
    rules = list(rules)
    if not rules:
        raise TransitionRefused(_("请至少选择一条涉及的规范条文。"))
    if any(r.retired_at is not None for r in rules):
        raise TransitionRefused(_("不能引用已废止的条文。"))
    if any(r.register.kind != Register.Kind.PROHIBITION for r in rules):
        raise TransitionRefused(str(CITE_PROHIBITIONS_ONLY))
    if not (subject_name.strip() or subject_user or subject_enterprise):
        raise TransitionRefused(_("请填写被举报的人员或企业。"))
    jurisdiction_id = _report_jurisdiction(reporter, rules)
    report = ConductReport.objects.create(
        jurisdiction_id=jurisdiction_id, reporter=reporter, anonymous=anonymous, description=description, subject_name=subject_name.strip(),
        subject_user=subject_user, subject_enterprise=subject_enterprise, submission_token=submission_token,
    )
    report.rules.set(rules)
    _save_files(ReportEvidence, files, report=report)
    ReportEvent.objects.create(report=report, actor=reporter, action="file", to_status=report.status)
    figures.changed(jurisdiction_id)
    notify(list(investigators_of(jurisdiction_id)), subject=_("收到新的违规举报 %(n)s") % {"n": report.number},
           body=_("请登录平台查看举报内容。"), url=reverse("conduct:report-detail", args=[report.pk]))
    return report


def _save_files(model, files, **owner) -> None:
    for upload, kind in files:
        row = model(original_name=upload.name[:200], content_type=kind.content_type, size=upload.size, **owner)
        row.file.save(upload.name, upload, save=False)
        row.save()


def _move(report: ConductReport, *, to: str, allowed_from: Iterable[str], by: User, action: str, note: str = "",
          **fields) -> ConductReport:
    if not by.has_role(Role.INVESTIGATOR):
        raise RoleRefused(_("只有监察审计局调查员可以处理举报。"))
    allowed_from = list(allowed_from)
    if report.status not in allowed_from:
        raise TransitionRefused(_("举报当前状态为“%(s)s”，不能执行此操作。") % {"s": report.get_status_display()})
    moved = ConductReport.objects.filter(pk=report.pk, status=report.status).update(status=to, **fields)
    if moved != 1:
        raise TransitionRefused(_("该举报已被他人处理，请刷新后重试。"))
    ReportEvent.objects.create(report=report, actor=by, action=action, from_status=report.status, to_status=to, note=note)
    report.refresh_from_db()
    return report


@transaction.atomic
def start_investigation(report: ConductReport, *, by: User, note: str = "") -> ConductReport:
    """received → investigating; the investigator becomes the handler."""
    return _move(report, to=ConductReport.Status.INVESTIGATING, allowed_from=[ConductReport.Status.RECEIVED], by=by,
                 action="investigate", note=note, handler=by)


@transaction.atomic
def add_note(report: ConductReport, *, by: User, note: str) -> ConductReport:
    """An investigator adds to the investigation record (kept as an event too)."""
    if not by.has_role(Role.INVESTIGATOR):
        raise RoleRefused(_("只有监察审计局调查员可以处理举报。"))
    if report.is_concluded:
        raise TransitionRefused(_("举报已办结，不能再添加调查记录。"))
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    report.notes = (report.notes + "\n" if report.notes else "") + f"[{stamp} {by.display_name}] {note}"
    report.save(update_fields=["notes"])
    ReportEvent.objects.create(report=report, actor=by, action="note", from_status=report.status,
                               to_status=report.status, note=note)
    return report


@transaction.atomic
def conclude(report: ConductReport, *, by: User, outcome: str, status: str) -> ConductReport:
    """investigating → founded / unfounded / false_accusation (诬告 cites the enterprises' rule 六)."""
    if status not in ConductReport.CONCLUSIONS:
        raise TransitionRefused(_("无效的办结结论。"))
    if not outcome.strip():
        raise TransitionRefused(_("请填写处理结果。"))
    extra = {}
    if status == ConductReport.Status.FALSE_ACCUSATION:
        extra["false_accusation_rule"] = false_accusation_rule()
    report = _move(report, to=status, allowed_from=[ConductReport.Status.INVESTIGATING], by=by, action="conclude",
                   note=outcome, outcome=outcome.strip(), concluded_at=timezone.now(), **extra)
    # The reporter learns the outcome on their receipt page; the message names nobody.
    notify(report.reporter, subject=_("您的举报 %(n)s 已办结") % {"n": report.number},
           url=reverse("conduct:my-reports"), confidential=True)
    return report


def log_access(user: User, reports: Iterable[ConductReport], *, via: str) -> None:
    """Record that `user` read these reports: the report's own access log and the security audit log
    (one insert each whatever their number)."""
    reports = list(reports)
    ReportAccessLog.objects.bulk_create([ReportAccessLog(report=r, user=user, via=via) for r in reports])
    audit.record_many("conduct_report_read", reports, user=user, via=via)


def log_integrity_read(user: User, entry: IntegrityEntry, *, via: str) -> None:
    """A staff read of a red/black-list entry or proposal, with its workflow columns: the security audit log."""
    audit.record("integrity_read", user=user, obj=entry, via=via, status=entry.status)


# ---- integrity red/black list ---------------------------------------------------------------


def sync_enterprise_integrity(enterprise_ids: Iterable[int], *, today: datetime.date | None = None) -> None:
    """Set portal.Enterprise.integrity from the entries in force (black wins over red); three updates."""
    ids = list(set(enterprise_ids))
    if not ids:
        return
    in_force = IntegrityEntry.objects.in_force(today).filter(enterprise_id__in=ids)
    black = set(in_force.filter(list=IntegrityEntry.List.BLACK).values_list("enterprise_id", flat=True))
    red = set(in_force.filter(list=IntegrityEntry.List.RED).values_list("enterprise_id", flat=True)) - black
    Enterprise.objects.filter(pk__in=black).exclude(integrity="black").update(integrity="black")
    Enterprise.objects.filter(pk__in=red).exclude(integrity="red").update(integrity="red")
    Enterprise.objects.filter(pk__in=set(ids) - black - red).exclude(integrity="").update(integrity="")


def _require_staff(by: User) -> None:
    if not by.has_role(*INTEGRITY_STAFF):
        raise RoleRefused(_("只有督查人员或监察审计调查员可以管理诚信红黑榜。"))


def _entry_move(entry: IntegrityEntry, *, frm: str, to: str, **fields) -> IntegrityEntry:
    if entry.status != frm:
        raise TransitionRefused(_("该条目当前状态为“%(s)s”，不能执行此操作。") % {"s": entry.get_status_display()})
    moved = IntegrityEntry.objects.filter(pk=entry.pk, status=frm).update(status=to, **fields)
    if moved != 1:
        raise TransitionRefused(_("该条目已被他人处理，请刷新后重试。"))
    entry.refresh_from_db()
    return entry


@transaction.atomic
def propose_entry(*, by: User, enterprise: Enterprise, list: str, reason: str, basis: str,
                  valid_from: datetime.date, valid_until: datetime.date | None = None,
                  basis_report: ConductReport | None = None) -> IntegrityEntry:
    """Propose an enterprise for the red or black list; a second user must approve it."""
    _require_staff(by)
    if valid_until is not None and valid_until < valid_from:
        raise TransitionRefused(_("有效期止不能早于有效期起。"))
    if basis_report is not None and basis_report.status not in ConductReport.BORNE_OUT:
        raise TransitionRefused(_("只能以查实的举报作为依据。"))
    entry = IntegrityEntry.objects.create(
        enterprise=enterprise, list=list, reason=reason, basis=basis, basis_report=basis_report,
        valid_from=valid_from, valid_until=valid_until, proposed_by=by,
    )
    approvers = User.objects.filter(groups__name__in=INTEGRITY_STAFF, is_active=True).exclude(pk=by.pk).distinct()
    notify(list_(approvers), subject=_("诚信红黑榜有新的待审核条目"),
           url=reverse("conduct:integrity-detail", args=[entry.pk]))
    return entry


@transaction.atomic
def approve_entry(entry: IntegrityEntry, *, by: User) -> IntegrityEntry:
    """proposed → approved, by a second oversight/investigator user (never the proposer)."""
    _require_staff(by)
    if entry.proposed_by_id == by.pk:
        raise TransitionRefused(_("提出人不能审核自己提出的条目，需由另一位督查人员审核。"))
    return _entry_move(entry, frm=IntegrityEntry.Status.PROPOSED, to=IntegrityEntry.Status.APPROVED,
                       approved_by=by, approved_at=timezone.now())


@transaction.atomic
def reject_entry(entry: IntegrityEntry, *, by: User, reason: str) -> IntegrityEntry:
    """proposed → rejected, with the reason kept."""
    _require_staff(by)
    if entry.proposed_by_id == by.pk:
        raise TransitionRefused(_("提出人不能审核自己提出的条目，需由另一位督查人员审核。"))
    return _entry_move(entry, frm=IntegrityEntry.Status.PROPOSED, to=IntegrityEntry.Status.REJECTED,
                       closed_by=by, closed_at=timezone.now(), close_reason=reason)


@transaction.atomic
def publish_entry(entry: IntegrityEntry, *, by: User) -> IntegrityEntry:
    """approved → published; the enterprise's flag follows at once."""
    _require_staff(by)
    entry = _entry_move(entry, frm=IntegrityEntry.Status.APPROVED, to=IntegrityEntry.Status.PUBLISHED,
                        published_by=by, published_at=timezone.now())
    sync_enterprise_integrity([entry.enterprise_id])
    return entry


@transaction.atomic
def withdraw_entry(entry: IntegrityEntry, *, by: User, reason: str) -> IntegrityEntry:
    """published → withdrawn (e.g. credit repair granted); the flag is recomputed."""
    _require_staff(by)
    if not reason.strip():
        raise TransitionRefused(_("请填写撤销理由。"))
    entry = _entry_move(entry, frm=IntegrityEntry.Status.PUBLISHED, to=IntegrityEntry.Status.WITHDRAWN,
                        closed_by=by, closed_at=timezone.now(), close_reason=reason)
    sync_enterprise_integrity([entry.enterprise_id])
    return entry


def expire_entries(*, today: datetime.date | None = None) -> int:
    """Daily: published entries past valid_until become expired; every flag is brought up to date.

    Safe to run twice or on two workers: the status update is compare-and-set, the flag sync idempotent.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        lapsed = IntegrityEntry.objects.filter(status=IntegrityEntry.Status.PUBLISHED, valid_until__lt=today)
        ids = list(lapsed.values_list("enterprise_id", flat=True))
        count = lapsed.update(status=IntegrityEntry.Status.EXPIRED, closed_at=timezone.now())
        # Entries whose period starts today, and flags set by hand, are put right too.
        ids += IntegrityEntry.objects.filter(status=IntegrityEntry.Status.PUBLISHED).values_list("enterprise_id", flat=True)
        ids += Enterprise.objects.exclude(integrity="").values_list("pk", flat=True)
        sync_enterprise_integrity(ids, today=today)
    return count


@transaction.atomic
def apply_for_repair(*, entry: IntegrityEntry, by: User, reason: str, files: Iterable = ()) -> CreditRepair:
    """A black-listed enterprise's user asks for credit repair with evidence."""
    if not (by.has_role(Role.ENTERPRISE) and by.enterprise_id == entry.enterprise_id):
        raise RoleRefused(_("只有该企业的用户可以申请信用修复。"))
    if entry.list != IntegrityEntry.List.BLACK or not entry.is_in_force():
        raise TransitionRefused(_("只有正在公布的黑榜条目可以申请信用修复。"))
    if CreditRepair.objects.filter(entry=entry, status=CreditRepair.Status.PENDING).exists():
        raise TransitionRefused(_("该条目已有待审核的信用修复申请。"))
    repair = CreditRepair.objects.create(entry=entry, applicant=by, reason=reason)
    _save_files(RepairEvidence, files, repair=repair)
    staff = holders(Role.OVERSIGHT)
    notify(list_(staff), subject=_("收到信用修复申请"), url=reverse("conduct:repair-detail", args=[repair.pk]))
    return repair


@transaction.atomic
def decide_repair(repair: CreditRepair, *, by: User, approve: bool, note: str) -> CreditRepair:
    """Oversight decides; approval withdraws the black entry. The decision is kept on the application."""
    if not by.has_role(Role.OVERSIGHT):
        raise RoleRefused(_("只有督查人员可以审核信用修复申请。"))
    if not note.strip():
        raise TransitionRefused(_("请填写审核意见。"))
    to = CreditRepair.Status.APPROVED if approve else CreditRepair.Status.REJECTED
    moved = CreditRepair.objects.filter(pk=repair.pk, status=CreditRepair.Status.PENDING).update(
        status=to, decided_by=by, decided_at=timezone.now(), decision_note=note.strip())
    if moved != 1:
        raise TransitionRefused(_("该申请已审核。"))
    repair.refresh_from_db()
    if approve and repair.entry.status == IntegrityEntry.Status.PUBLISHED:
        withdraw_entry(repair.entry, by=by, reason=_("信用修复：%(note)s") % {"note": note.strip()})
    notify(repair.applicant, subject=_("信用修复申请已审核：%(s)s") % {"s": repair.get_status_display()},
           body=note, url=reverse("conduct:repair-mine"))
    return repair


# ---- pledge ---------------------------------------------------------------------------------


@transaction.atomic
def make_pledge(*, user: User, year: int | None = None) -> Pledge:
    """我已阅读并承诺遵守: once per official, or enterprise user (廉洁承诺, 恒口 六), per year."""
    if not user.has_role(Role.OFFICIAL) and not pledges_as_enterprise(user):
        raise RoleRefused(_("亲清承诺由领导干部/公职人员作出。"))
    year = year or timezone.localdate().year
    if Pledge.objects.filter(user=user, year=year).exists():
        raise TransitionRefused(_("您已作出%(year)d年度的亲清承诺。") % {"year": year})
    pledge = Pledge.objects.create(user=user, year=year)
    pledge.registers.set(pledge_registers(user))
    return pledge

