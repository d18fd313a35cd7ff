"""The one export helper: any Table to CSV (UTF-8 with BOM, so Excel reads the Chinese) or XLSX.

Every cell goes through `portal.spreadsheets.safe_cell` (formula injection, CWE-1236); in XLSX text cells are
written as strings, never as formulas."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from oversight.tables import Table
from portal import audit
from portal.spreadsheets import safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_response(table: Table, fmt: str, *, filename: str) -> HttpResponse:
    """The table's header and rows (exactly the cells the page shows) as a download."""
    header = safe_row(str(c.label) for c in table.columns)
    rows = [safe_row(row.cells) for row in table.rows]
    if fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.title = str(table.title)[:31]
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in rows:
            ws.append(r)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl reads a leading "=" as a formula: text stays text
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(buf.getvalue(), content_type=XLSX)
        ext = "xlsx"
    else:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
        ext = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{ext}"'
    audit.record("export", object_type="export", object_id=f"{filename}.{ext}", rows=len(rows), format=ext)
    return response
