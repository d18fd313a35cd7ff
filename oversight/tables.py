"""The dashboard's tables, built once from the summary: the page draws them and the export writes them,
so a download always holds the rows the page shows. Each row links down to its items."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oversight.assessment import LABELS, WEIGHTS, Assessment


@dataclass
class Column:
    key: str
    label: str
    kind: str = "int"  # int, rate, text, hours


@dataclass
class Row:
    cells: list
    url: str = ""
    right: tuple = ()  # per cell: align right (numbers), set by the table

    @property
    def display(self):
        """(cell, right-aligned) pairs for the template: no per-cell lookups while rendering."""
        return zip(self.cells, self.right or (False,) * len(self.cells), strict=False)


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[Row] | Iterable[Row] = field(default_factory=list)  # a generator in a streamed export
    note: str = ""


PAGE_LIMIT = 50


def fmt(value, kind: str):
    """What a cell shows (and exports): rates as percentages with one decimal, '—' for no data."""
    if value is None:
        return "—"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    return value


def _table(name, title, columns, items, url=None, note="") -> Table:
    cols = [Column(*c) for c in columns]
    right = tuple(c.kind != "text" for c in cols)
    rows = [Row([fmt(item.get(c.key), c.kind) for c in cols], url(item) if url else "", right) for item in items]
    return Table(name, title, cols, rows, note)


def _list_url(scope_params: dict, **extra) -> str:
    return reverse("complaints:all") + "?" + urlencode({**scope_params, **extra})


def _relabel(summary: dict) -> None:
    """Labels in the reader's language (a stored summary holds the language it was computed in)."""
    from complaints.models import Complaint

    for r in summary["complaints"]["by_status"]:
        r["label"] = str(Complaint.Status(r["status"]).label)
    for r in summary["satisfaction"]["reasons"]:
        r["label"] = str(Complaint.Reason(r["reason"]).label)
    for r in summary["complaints"]["by_department"]:
        if not r["department_id"]:
            r["department"] = str(_("未分办"))


# The two visit tables: (title, columns). A city's page shows their lowest PAGE_LIMIT rows from the stored
# summary; their export streams every row from the database (export_visit_table).
VISIT_TABLES = {
    "officials": (_("走访完成情况（按联系领导）"),
                  [("official", _("联系领导"), "text"), ("department", _("部门"), "text"), ("pairings", _("联系企业")),
                   ("quota", _("应走访")), ("logged", _("已登记待确认")), ("confirmed", _("企业已确认")),
                   ("completion", _("完成率"), "rate")]),
    "pairings": (_("走访完成情况（按联系企业）"),
                 [("official", _("联系领导"), "text"), ("enterprise", _("企业"), "text"), ("quota", _("应走访")),
                  ("logged", _("已登记待确认")), ("confirmed", _("企业已确认")), ("disputed", _("有异议")),
                  ("completion", _("完成率"), "rate")]),
}


def _pairing_url(r: dict) -> str:
    return reverse("liaison:pairing-detail", args=[r["pairing_id"]])


def export_visit_table(name: str, items: Iterable[dict]) -> Table:
    """A visit table whose rows are made one at a time from `items` (a generator): for a streamed export."""
    title, columns = VISIT_TABLES[name]
    cols = [Column(*c) for c in columns]
    table = Table(name, title, cols)
    table.rows = (Row([fmt(item.get(c.key), c.kind) for c in cols]) for item in items)
    return table


def _lowest(rows: list[dict], key: str, full: bool) -> list[dict]:
    """Rows by completion, lowest first; the page gets the first PAGE_LIMIT only (the export gets all)."""
    rows = sorted(rows, key=lambda r: (r["completion"] or 0, r[key]))
    return rows if full else rows[:PAGE_LIMIT]


def dashboard_tables(summary: dict, scope_params: dict, *, full: bool = False,
                     links: Mapping[str, bool] | None = None) -> dict[str, Table]:
    """The tables of the page (full=False: the long visit tables cut at PAGE_LIMIT rows) or of an export.
    `links`: which kinds of page the reader may open (oversight.views.FIGURE_LINKS; None: all); the rows of a
    table whose links would be refused are plain text."""
    _relabel(summary)
    c = summary["complaints"]
    links = links or {}
    lists, details, pairings = (links.get(k, True) for k in ("complaints", "complaint", "pairing"))
    link = (lambda **kw: _list_url(scope_params, **kw)) if lists else None
    tables = [
        _table("status", _("诉求按状态"), [("label", _("状态"), "text"), ("count", _("件数"))], c["by_status"],
               link and (lambda r: link(status=r["status"]))),
        _table("category", _("诉求按类别"),
               [("category", _("类别"), "text"), ("count", _("件数")), ("open", _("办理中")), ("overdue", _("超期"))],
               c["by_category"], link and (lambda r: link(category=r["category_id"]))),
        _table("department", _("诉求按部门"),
               [("department", _("承办部门"), "text"), ("total", _("件数")), ("open", _("办理中")),
                ("overdue", _("超期")), ("answered", _("已答复")), ("timeliness", _("按时答复率"), "rate"),
                ("reopened", _("重办")), ("reopen_rate", _("重办率"), "rate"), ("ratings", _("评价数")),
                ("satisfaction_rate", _("满意率"), "rate"), ("notices", _("督办通知")),
                ("notices_late", _("督办逾期反馈"))],
               c["by_department"],
               link and (lambda r: link(department=r["department_id"]) if r["department_id"]
                         else link(status="submitted"))),
        _table("overdue", _("超期诉求"),
               [("number", _("诉求编号"), "text"), ("title", _("标题"), "text"), ("department", _("承办部门"), "text"),
                ("answer_deadline", _("答复期限"), "text")],
               c["overdue_items"], details and (lambda r: reverse("complaints:detail", args=[r["id"]])),
               note=_("最久超期的前20件；全部超期诉求见列表。")),
        _table("reasons", _("不满意原因"), [("label", _("原因"), "text"), ("count", _("次数"))],
               summary["satisfaction"]["reasons"]),
        _table("months", _("按月趋势（提交月份）"),
               [("month", _("月份")), ("submitted", _("提交")), ("answered", _("已答复")), ("reopened", _("重办"))],
               c["by_month"]),
        _table("officials", VISIT_TABLES["officials"][0], VISIT_TABLES["officials"][1],
               _lowest(summary["visits"]["officials"], "official_id", full)),
        _table("pairings", VISIT_TABLES["pairings"][0], VISIT_TABLES["pairings"][1],
               _lowest(summary["visits"]["by_pairing"], "pairing_id", full), pairings and _pairing_url),
        _table("rules", _("违规举报按条文（仅计数）"),
               [("register", _("清单"), "text"), ("rule", _("条文"), "text"), ("text", _("内容"), "text"),
                ("count", _("举报数"))],
               summary["conduct"]["reports_by_rule"]),
    ]
    totals = {"officials": summary["visits"].get("officials_total", len(summary["visits"]["officials"])),
              "pairings": summary["visits"].get("pairings_total", len(summary["visits"]["by_pairing"]))}
    for t in tables:
        if t.name in totals and totals[t.name] > PAGE_LIMIT and not full:
            t.note = _("完成率最低的前%(n)d条；导出可得全部%(total)d条。") % {"n": PAGE_LIMIT, "total": totals[t.name]}
    return {t.name: t for t in tables}


def assessment_table(rows: list[Assessment]) -> Table:
    cols = [Column("department", _("部门"), "text")]
    cols += [Column(k, f"{LABELS[k]}（{WEIGHTS[k]}）", "rate") for k in WEIGHTS]
    cols += [Column("base", _("基础分"), "text"), Column("notices", _("督办通知")), Column("notices_late", _("逾期反馈")),
             Column("cases", _("问责案件")), Column("penalty", _("扣分"), "text"), Column("score", _("考核得分"), "text")]
    table = Table("assessment", _("亲清考核"), cols)
    for a in rows:
        cells = [a.department] + [fmt(a.components[k], "rate") for k in WEIGHTS]
        cells += [fmt(a.base, "text"), a.notices, a.notices_late, a.cases, fmt(a.penalty, "text"),
                  fmt(a.score, "text")]
        table.rows.append(Row(cells, ""))
    return table
