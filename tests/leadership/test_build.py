"""build_monthly_reports: stored once per jurisdiction and month, a PDF with Chinese text, an XLSX with the
figures, sent to the recipients once."""

from __future__ import annotations

import io
import subprocess

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from leadership import services
from leadership.models import MonthlyReport
from portal.models import Notification, OutboxMessage, SecurityEvent
from tests.leadership.conftest import BUILD_DAY, MONTH, at

pytestmark = pytest.mark.django_db


def _build(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=False):
        call_command("build_monthly_reports", month="2026-05", stdout=io.StringIO(), **kwargs)


def test_command_is_idempotent_per_jurisdiction_and_month(month_world, django_capture_on_commit_callbacks):
    _build(django_capture_on_commit_callbacks, no_send=True)
    first = {r.jurisdiction.code: (r.pk, r.figures) for r in MonthlyReport.objects.select_related("jurisdiction")}
    assert set(first) == {"HK", "ZJ"}
    _build(django_capture_on_commit_callbacks, no_send=True)
    again = {r.jurisdiction.code: (r.pk, r.figures) for r in MonthlyReport.objects.select_related("jurisdiction")}
    assert MonthlyReport.objects.count() == 2
    assert {k: v[0] for k, v in again.items()} == {k: v[0] for k, v in first.items()}
    assert again["HK"][1]["complaints"] == first["HK"][1]["complaints"]


def test_rebuild_replaces_the_files(month_world, django_capture_on_commit_callbacks):
    hk = month_world["hk"]
    with django_capture_on_commit_callbacks(execute=True):
        old = services.build_report(hk, MONTH, today=BUILD_DAY)
    old_names = (old.pdf.name, old.xlsx.name)
    with django_capture_on_commit_callbacks(execute=True):
        new = services.build_report(hk, MONTH, today=BUILD_DAY)
    assert new.pk == old.pk
    storage = new.pdf.storage
    assert storage.exists(new.pdf.name) and storage.exists(new.xlsx.name)
    assert not any(storage.exists(name) for name in old_names if name not in (new.pdf.name, new.xlsx.name))


def test_default_month_is_the_previous_one(month_world, django_capture_on_commit_callbacks):
    with time_machine.travel(at(6, 1), tick=False):
        _build_default(django_capture_on_commit_callbacks)
    assert set(MonthlyReport.objects.values_list("month", flat=True)) == {MONTH}


def _build_default(capture):
    with capture(execute=False):
        call_command("build_monthly_reports", "--no-send", stdout=io.StringIO())


def test_pdf_has_the_jurisdiction_name_in_chinese(month_world, tmp_path):
    report = services.build_report(month_world["hk"], MONTH, today=BUILD_DAY)
    path = tmp_path / "r.pdf"
    path.write_bytes(report.pdf.read())
    # pdftotext comes with poppler-utils (.ci/run installs it).
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "恒口示范区" in text
    assert "2026-05" in text  # digits are set in the Latin font the CJK font lacks
    assert "恒口水厂扩建" in text  # the team that missed its report


def test_pdf_embeds_its_cjk_font(month_world):
    from leadership.documents import font_path

    assert font_path(), "a TrueType CJK font must be installed (fonts-droid-fallback)"
    data = services.build_report(month_world["hk"], MONTH, today=BUILD_DAY).pdf.read()
    assert b"/FontFile2" in data  # an embedded TrueType program


def test_xlsx_opens_and_has_the_figures(month_world):
    from openpyxl import load_workbook

    report = services.build_report(month_world["hk"], MONTH, today=BUILD_DAY)
    book = load_workbook(io.BytesIO(report.xlsx.read()))
    summary = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=3, values_only=True)}
    assert summary["受理诉求"] == 4 and summary["办结诉求"] == 2 and summary["超期未答复"] == 2
    assert summary["项目月报未报"] == 1
    projects = [row for sheet in book.worksheets if sheet.title.startswith("重点项目")
                for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert ("恒口水厂扩建", month_world["d1"].name, "未报", None) in [tuple(r) for r in projects] or \
        ("恒口水厂扩建", month_world["d1"].name, "未报", "") in [tuple(r) for r in projects]


def test_xlsx_cells_are_formula_safe(month_world):
    from openpyxl import load_workbook

    from liaison.models import KeyProject

    KeyProject.objects.filter(name="恒口水厂扩建").update(name='=HYPERLINK("http://evil.example","x")')
    report = services.build_report(month_world["hk"], MONTH, today=BUILD_DAY)
    book = load_workbook(io.BytesIO(report.xlsx.read()))
    cells = [c for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row]
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)


def test_sent_once_to_leadership_and_configured_addresses(month_world, settings, people,
                                                          django_capture_on_commit_callbacks):
    settings.MONTHLY_REPORT_RECIPIENTS = {"HK": ["dgw@example.gov.cn"]}
    with django_capture_on_commit_callbacks(execute=False):
        report = services.build_report(month_world["hk"], MONTH, today=BUILD_DAY)
        services.queue_sending(report)
        services.queue_sending(report)  # a second build the same day queues nothing more
    assert OutboxMessage.objects.filter(task="leadership.tasks.send_monthly_report").count() == 1
    mail.outbox.clear()
    assert services.send_report(report.pk) is True
    assert services.send_report(report.pk) is False  # a retried or repeated task sends nothing
    external = [m for m in mail.outbox if m.to == ["dgw@example.gov.cn"]]
    assert len(external) == 1
    assert {name for name, _c, _t in external[0].attachments} == {"HK-2026-05.pdf", "HK-2026-05.xlsx"}
    told = Notification.objects.filter(recipient=people["leader1"], key=f"monthly-report:{report.pk}")
    assert told.count() == 1 and "2026-05" in told[0].subject
    report.refresh_from_db()
    assert report.sent_at is not None
    # The audit trail: built once (by the schedule: no user), sent once.
    assert [(e.event, e.username) for e in SecurityEvent.objects.filter(
        object_type="leadership.monthlyreport", object_id=str(report.pk)).order_by("id")] == [
        ("monthly_report_build", ""), ("monthly_report_send", "")]
    with django_capture_on_commit_callbacks(execute=False):
        services.queue_sending(report)  # once sent, a rebuild queues nothing
    assert OutboxMessage.objects.filter(task="leadership.tasks.send_monthly_report").count() == 1


def test_a_font_reportlab_cannot_embed_falls_back_to_the_next(month_world, settings, tmp_path):
    from reportlab.pdfbase import pdfmetrics

    from leadership import documents

    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    settings.REPORT_FONT = str(bad)
    pdfmetrics._fonts.pop(documents.FONT_NAME, None)  # registered once per process: forget it for this test
    try:
        data = services.build_report(month_world["hk"], MONTH, today=BUILD_DAY).pdf.read()
    finally:
        pdfmetrics._fonts.pop(documents.FONT_NAME, None)
    assert b"DroidSansFallback" in data and b"/FontFile2" in data
