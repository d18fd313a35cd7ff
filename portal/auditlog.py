"""The security audit log page (oversight and admins): search by user, event, date range and address; CSV.

Reads only; one COUNT (capped) and one page of rows whatever the table's size.
"""

from __future__ import annotations

import datetime
import ipaddress
import json

from django import forms
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.models import Role, SecurityEvent
from portal.pagination import CappedPaginator as Paginator
from portal.roles import role_required
from portal.spreadsheets import csv_lines  # the one formula-injection guard of every export

AUDIT_ROLES = (Role.OVERSIGHT, Role.ADMIN)
PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
HEADER = ["at", "event", "result", "username", "user_id", "ip", "user_agent", "method", "path", "object_type",
          "object_id", "detail"]
EVENTS = ["login", "login_failed", "lockout", "unlock", "logout", "session_expired", "password_change",
          "permission_denied", "not_found", "export", "admin_change", "conduct_report_read", "integrity_read",
          "audit_purge", "profile_change"]


class AuditFilter(forms.Form):
    user = forms.CharField(label=_("用户名"), required=False, max_length=150)
    event = forms.CharField(label=_("事件"), required=False, max_length=40)
    start = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ip = forms.CharField(label=_("IP 地址"), required=False, max_length=45)

    def clean_ip(self):
        value = self.cleaned_data["ip"].strip()
        if value:
            try:
                ipaddress.ip_address(value)
            except ValueError:
                raise forms.ValidationError(_("请输入有效的 IP 地址。")) from None
        return value


def filtered(request):
    form = AuditFilter(request.GET or None)
    qs = SecurityEvent.objects.order_by("-at", "-id")
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        if d["user"]:
            qs = qs.filter(username=d["user"].strip())
        if d["event"]:
            qs = qs.filter(event=d["event"].strip())
        if d["ip"]:
            qs = qs.filter(ip=d["ip"])
        tz = timezone.get_current_timezone()
        if d["start"]:
            qs = qs.filter(at__gte=datetime.datetime.combine(d["start"], datetime.time.min, tzinfo=tz))
        if d["end"]:
            qs = qs.filter(at__lt=datetime.datetime.combine(d["end"] + datetime.timedelta(days=1),
                                                            datetime.time.min, tzinfo=tz))
    elif form.is_bound:
        qs = qs.none()
    return form, qs


@role_required(*AUDIT_ROLES)
def audit_log(request):
    form, qs = filtered(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/audit_log.html", {
        "form": form, "page": page, "events": EVENTS, "query": request.GET.urlencode(),
    })


@role_required(*AUDIT_ROLES)
def audit_export(request):
    form, qs = filtered(request)
    rows = qs[:EXPORT_LIMIT]
    # Recorded before the first byte (an export cut short by the client was still an export); how many rows it
    # holds is one capped count, the rows themselves stream from a server-side cursor.
    audit.record("export", request=request, object_type="portal.securityevent", object_id="audit-log.csv",
                 rows=rows.count(), format="csv", query=request.GET.urlencode()[:300])
    response = StreamingHttpResponse(csv_lines(HEADER, _cells(rows.iterator(chunk_size=2000))), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="security-audit-log.csv"'
    return response


def _cells(events):
    for e in events:
        yield [timezone.localtime(e.at).isoformat(), e.event, e.result, e.username, e.user_pk or "", e.ip or "",
               e.user_agent, e.method, e.path, e.object_type, e.object_id, json.dumps(e.detail, ensure_ascii=False)]
