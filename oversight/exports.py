"""The one export helper: any Table to CSV (UTF-8 with BOM, so Excel reads the Chinese) or XLSX.

Every cell goes through `portal.spreadsheets.safe_cell` (formula injection, CWE-1236); in XLSX text cells are
written as strings, never as formulas. Rows are read once, as they come: a table whose rows are a generator (a
province's million pairings) is streamed as CSV while the database cursor moves, and written to XLSX through
openpyxl's write-only mode into a temporary file, so neither holds the whole table in memory."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from oversight.tables import Table
from portal import audit
from portal.spreadsheets import csv_lines, safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel and WPS open at most 1,048,576 rows: an XLSX stops there (the CSV has every row).
XLSX_MAX_ROWS = 1_048_575


def _xlsx_file(table: Table, header: list):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(table.title)[:31])
    bold = Font(bold=True)
    head = []
    for value in header:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    for n, row in enumerate(table.rows):
        if n >= XLSX_MAX_ROWS:
            break
        cells = []
        for value in safe_row(row.cells):
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl reads a leading "=" as a formula: text stays text
            cells.append(cell)
        ws.append(cells)
    out = tempfile.TemporaryFile()
    wb.save(out)
    out.seek(0)
    return out


def export_response(table: Table, fmt: str, *, filename: str, rows_total: int | None = None):
    """The table's header and rows (exactly the cells the page shows) as a download. `rows_total`: how many rows a
    streamed table holds, for the audit row (a list counts itself)."""
    header = safe_row(str(c.label) for c in table.columns)
    ext = "xlsx" if fmt == "xlsx" else "csv"
    if rows_total is None and isinstance(table.rows, list):
        rows_total = len(table.rows)
    # Recorded before the first byte: an export cut short by the client was still an export.
    audit.record("export", object_type="export", object_id=f"{filename}.{ext}", rows=rows_total, format=ext)
    if ext == "xlsx":
        response = FileResponse(_xlsx_file(table, header), content_type=XLSX)
    else:
        response = StreamingHttpResponse(csv_lines(header, (row.cells for row in table.rows)),
                                         content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{ext}"'
    return response
