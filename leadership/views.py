"""Pages: the monthly reports list, one report (printable), its PDF and XLSX. Reads only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from leadership import documents, queries
from portal import audit
from portal.params import parse_int
from portal.roles import role_required
from portal.uploads import private_response

CONTENT_TYPES = {"pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@role_required(*queries.READER_ROLES)
def reports(request):
    qs = queries.reports_visible_to(request.user).defer("figures").order_by("-month", "jurisdiction_id")
    page = Paginator(qs, 24).get_page(parse_int(request.GET.get("page"), lo=1) or 1)
    return render(request, "leadership/reports.html", {"page": page})


@role_required(*queries.READER_ROLES)
def report(request, pk: int):
    report = queries.get_report_for_user(request.user, pk)
    return render(request, "leadership/report.html", {
        "report": report, "f": report.figures, "tables": documents.tables(report.figures),
        "title": documents.title(report.figures)})


def file_response(report, fmt: str):
    """The stored PDF or XLSX of a report the caller may read (pages and API alike)."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    field = getattr(report, fmt)
    if not field:
        raise Http404
    audit.record("export", obj=report, format=fmt)
    return private_response(field, filename=f"{report.file_stem()}.{fmt}", content_type=CONTENT_TYPES[fmt])


@role_required(*queries.READER_ROLES)
def report_file(request, pk: int, fmt: str):
    return file_response(queries.get_report_for_user(request.user, pk), fmt)
