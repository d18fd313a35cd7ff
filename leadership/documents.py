"""The monthly report as tables, and those tables as a printable page, a PDF and an XLSX file.

The PDF embeds a TrueType CJK font found on the machine (REPORT_FONT, else Droid Sans Fallback from Debian's
fonts-droid-fallback, which the Dockerfile and CI install): no network, and the file reads the same on a
machine without Chinese fonts. With no such font at all the PDF falls back to reportlab's built-in STSong-Light
(a CID font the viewer supplies) rather than failing the monthly build.
"""

from __future__ import annotations

import io
import logging
import os
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from portal.spreadsheets import safe_row

log = logging.getLogger(__name__)

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
FONT_NAME = "ReportCJK"
# CJK fallback fonts such as Droid Sans Fallback carry no Latin letters or digits: runs of characters the CJK
# font lacks are set in Helvetica, one of the PDF standard fonts every viewer has.
LATIN_FONT = "Helvetica"
_covered: set[int] | None = None


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    # In the PDF, each row as a block of its own (column name | value): a table too wide for A4 portrait, whose
    # long texts would otherwise wrap within narrow columns.
    records: bool = False


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def title(figures: dict) -> str:
    return _("%(name)s %(month)s 月度报告") % {"name": figures["jurisdiction"]["name"], "month": figures["month"]}


def tables(figures: dict) -> list[Table]:
    """Every table of the report, in the order the page, the PDF and the XLSX show them."""
    c, s, n = figures["complaints"], figures["satisfaction"], figures["notices"]
    v, f, p, k = figures["visits"], figures["forums"], figures["projects"], figures["conduct"]
    # Reports built before the joint meetings existed have no "meetings" figures: they list none.
    m = figures.get("meetings") or {"decided": 0, "decisions": []}
    summary = Table("summary", _("概况"), [_("指标"), _("数值")], [
        [_("受理诉求"), c["received"]],
        [_("办结诉求"), c["closed"]],
        [_("超期未答复"), c["overdue"]],
        [_("评价次数"), s["ratings"]],
        [_("满意率（满意+基本满意）"), _pct(s["rate"])],
        [_("本月走访（登记+确认）"), v["in_month"]["counted"]],
        [_("年度走访完成（截至月末）"), f'{v["credited_to_date"]} / {v["expected_to_date"]}'],
        [_("走访进度落后的联系"), v["behind"]],
        [_("本月召开座谈会"), f["held"]],
        [_("年度座谈会（已召开/目标）"), f'{f["held_year"]} / {f["target"]}'],
        [_("项目月报（已报/应报）"), f'{p["filed"]} / {p["expected"]}'],
        [_("项目月报未报"), p["missing"]],
        [_("督办通知（下发/反馈/逾期）"), f'{n["issued"]} / {n["answered"]} / {n["late"]}'],
        [_("联席会议交办事项"), m["decided"]],
        [_("违规举报（受理/办结）"), f'{k["received"]} / {k["concluded"]}'],
        [_("本月亲清承诺"), k["pledges_month"]],
        [_("公职人员年度承诺（已承诺/应承诺）"), f'{k["officials_pledged"]} / {k["officials"]}'],
    ])
    departments = Table("departments", _("诉求办理（按部门）"), [
        _("部门"), _("受理"), _("办结"), _("超期"), _("评价"), _("满意率"), _("不满意"), _("督办下发"), _("督办逾期")],
        [[d["department"], d["received"], d["closed"], d["overdue"], d["ratings"], _pct(d["satisfaction_rate"]),
          d["dissatisfied"], d["notices_issued"], d["notices_late"]] for d in c["by_department"]])
    visits = Table("visits", _("走访配额（按部门，截至月末）"), [
        _("部门"), _("联系企业"), _("年度应走访"), _("截至月末应走访"), _("已完成（计入配额）"), _("进度落后")],
        [[d["department"], d["pairings"], d["quota"], d["expected"], d["credited"], d["behind"]]
         for d in v["by_department"]])
    project_rows = [[r["project"], r["department"], _("按时") if r["on_time"] else _("逾期"), r["submitted_on"]]
                    for r in p["filed_list"]]
    project_rows += [[r["project"], r["department"], _("未报"), ""] for r in p["missing_list"]]
    projects = Table("projects", _("重点项目专班 %(month)s 月报（%(due)s 前报送）") % {
        "month": p["report_month"], "due": p["due"]}, [_("项目专班"), _("牵头部门"), _("报送情况"), _("报送日期")],
        project_rows)
    conduct = Table("conduct", _("违规举报办结情况"), [_("结论"), _("件数")],
                    [[r["label"], r["count"]] for r in k["conclusions"]])
    decisions = Table("decisions", _("联席会议交办事项"), [
        _("会议"), _("交办问题"), _("涉及企业"), _("责任部门"), _("办结期限"), _("议定措施"), _("办理情况（生成时）")],
        [[f'{d["meeting"]}（{d["meeting_date"]}）', d["problem"], d["enterprise"], d["department"], d["deadline"],
          d["action"], f'{d["status_label"]} {d["complaint_number"]}'.strip()] for d in m["decisions"]],
        records=True)
    return [summary, departments, visits, projects, conduct, decisions]


# ---- XLSX ----------------------------------------------------------------------------------------------


def xlsx(figures: dict) -> bytes:
    """One sheet per table; every cell through portal.spreadsheets (formula-safe)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables(figures):
        sheet = book.create_sheet(re.sub(r"[\\/*?:\[\]]", "-", table.title)[:31])
        sheet.append(safe_row([title(figures)]))
        sheet.append(safe_row(table.columns))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(safe_row(row))
        sheet.column_dimensions["A"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---- PDF -----------------------------------------------------------------------------------------------


def font_paths() -> list[str]:
    """The TrueType CJK fonts present, in order of preference: REPORT_FONT if set, then the candidates."""
    configured = getattr(settings, "REPORT_FONT", "")
    return [p for p in ([configured] if configured else []) + list(FONT_CANDIDATES) if p and os.path.exists(p)]


def font_path() -> str | None:
    """The first TrueType CJK font present (the one embedded unless reportlab refuses it)."""
    paths = font_paths()
    return paths[0] if paths else None


def _font() -> str:
    global _covered
    from reportlab.pdfbase import pdfmetrics

    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for path in font_paths():
        try:
            font = TTFont(FONT_NAME, path, subfontIndex=0) if path.endswith(".ttc") else TTFont(FONT_NAME, path)
        except (TTFError, OSError):  # e.g. an OpenType font with PostScript outlines, which reportlab cannot embed
            log.warning("cannot embed %s in the monthly report PDF; trying the next font", path, exc_info=True)
            continue
        _covered = set(font.face.charToGlyph)
        pdfmetrics.registerFont(font)
        return FONT_NAME
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    log.warning("no TrueType CJK font found (set REPORT_FONT); the monthly report PDF uses STSong-Light, not embedded")
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def pdf(figures: dict) -> bytes:
    """An A4 PDF of the report's tables, Chinese text in an embedded font."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    font = _font()
    h1 = ParagraphStyle("h1", fontName=font, fontSize=16, leading=22, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    small = ParagraphStyle("small", fontName=font, fontSize=8, leading=11, textColor=colors.grey)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=title(figures), author=figures["jurisdiction"]["name"])
    story = [Paragraph(_esc(title(figures)), h1),
             Paragraph(_esc(_("统计期间 %(start)s 至 %(end)s · 生成于 %(built)s") % {
                 "start": figures["period"]["start"], "end": figures["period"]["end"],
                 "built": figures["built_on"]}), small)]
    width = A4[0] - 30 * mm
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for table in tables(figures):
        story.append(Paragraph(_esc(table.title), h2))
        if table.records:
            for row in table.rows:
                cells = [[Paragraph(_esc(str(name)), body), Paragraph(_esc("" if cell is None else str(cell)), body)]
                         for name, cell in zip(table.columns, row, strict=True)]
                grid = PdfTable(cells, colWidths=[width * 0.2, width * 0.8])
                grid.setStyle(TableStyle([*style, ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e9ecef"))]))
                story += [grid, Spacer(1, 2 * mm)]
            if not table.rows:
                story.append(Paragraph(_esc(_("无")), body))
            story.append(Spacer(1, 2 * mm))
            continue
        rows = [[Paragraph(_esc(str(cell)), body) for cell in table.columns]]
        rows += [[Paragraph(_esc("" if cell is None else str(cell)), body) for cell in row] for row in table.rows]
        if len(rows) == 1:
            rows.append([Paragraph(_esc(_("无")), body)] + [""] * (len(table.columns) - 1))
        first = width * (0.4 if len(table.columns) <= 4 else 0.26)
        rest = (width - first) / max(len(table.columns) - 1, 1)
        grid = PdfTable(rows, colWidths=[first] + [rest] * (len(table.columns) - 1), repeatRows=1)
        grid.setStyle(TableStyle([*style, ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef"))]))
        story += [grid, Spacer(1, 4 * mm)]
    doc.build(story)
    return out.getvalue()


def _esc(text: str) -> str:
    """Paragraph markup for the text: escaped (reportlab reads a small XML markup), and the runs the CJK font
    has no glyphs for (digits, Latin letters) set in LATIN_FONT."""
    def escape(run: str) -> str:
        return run.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    if _covered is None:
        return escape(text)
    out, run, latin = [], "", False
    for ch in text:
        is_latin = ord(ch) not in _covered and not ch.isspace()
        if run and is_latin != latin:
            out.append(f'<font name="{LATIN_FONT}">{escape(run)}</font>' if latin else escape(run))
            run = ""
        run += ch
        latin = is_latin
    if run:
        out.append(f'<font name="{LATIN_FONT}">{escape(run)}</font>' if latin else escape(run))
    return "".join(out)
