"""The change log of the registers: every history row with who, when, and each field before → after.

A page of history rows costs a fixed number of queries: the rows (each annotated with the id of the
row before it), the previous rows in one `in_bulk`, and the registers they point to in one more.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from conduct.models import Register, Rule

FIELDS = {
    "rule": (Rule, ["register", "number", "text", "effective_from", "retired_at", "order"]),
    "register": (Register, ["jurisdiction", "title", "short_name", "preamble", "responsible_body", "is_draft",
                            "effective_from", "source_document", "source_measure", "binds", "kind", "numbering",
                            "order"]),
}


@dataclass
class Change:
    field: str
    before: str
    after: str


def history_rows(kind: str):
    """History rows of rules or registers, newest first, each knowing its predecessor's id."""
    model = FIELDS[kind][0].history.model
    previous = (model.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
                .order_by("-history_id").values("history_id")[:1])
    return (model.objects.select_related("history_user").annotate(prev_id=Subquery(previous))
            .order_by("-history_date", "-history_id"))


def _show(model, field: str, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    f = model._meta.get_field(field)
    if f.is_relation:
        return names.get((field, value), str(value))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "hour") else value.strftime("%Y-%m-%d")
    return str(value)


def annotate_changes(kind: str, rows: list) -> list:
    """Attach `.changes` (list of Change), `.previous` and `.subject` to each row of a page."""
    model, fields = FIELDS[kind]
    history = model.history.model
    previous = history.objects.in_bulk([r.prev_id for r in rows if r.prev_id])
    names: dict = {}
    if kind == "rule":
        register_ids = {r.register_id for r in rows} | {p.register_id for p in previous.values()}
        for reg in Register.objects.filter(pk__in=register_ids).only("id", "title", "short_name", "numbering"):
            names[("register", reg.pk)] = reg.name
            names[("register_obj", reg.pk)] = reg
    else:
        from portal.models import Jurisdiction

        ids = {r.jurisdiction_id for r in rows} | {p.jurisdiction_id for p in previous.values()}
        names.update({("jurisdiction", j.pk): j.name for j in Jurisdiction.objects.filter(pk__in=ids)})
    for row in rows:
        before = previous.get(row.prev_id)
        row.previous = before
        row.changes = []
        for field in fields:
            attname = model._meta.get_field(field).attname
            new = getattr(row, attname)
            old = getattr(before, attname) if before is not None else None
            if before is None and row.history_type == "+":
                if new in (None, ""):
                    continue
                row.changes.append(Change(_show_label(model, field), "—", _show(model, field, new, names)))
            elif before is not None and old != new:
                row.changes.append(Change(_show_label(model, field), _show(model, field, old, names),
                                          _show(model, field, new, names)))
        if kind == "rule":
            reg = names.get(("register_obj", row.register_id))
            row.subject = f"{reg.name} {reg.label_for(row.number)}" if reg else str(row.number)
        else:
            row.subject = row.title
    return rows


def _show_label(model, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def action_label(row) -> str:
    return {"+": _("新增"), "~": _("修改"), "-": _("删除")}.get(row.history_type, row.history_type)
