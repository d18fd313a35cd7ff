"""API: one enterprise's file (一企一档) as JSON — the same access rules and the same queries as the page."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dossier import queries
from portal.api.permissions import role_permission


def _d(value):
    return value.isoformat() if value is not None else None


def _person(user) -> dict | None:
    return {"id": user.pk, "name": user.display_name} if user is not None else None


def as_json(p: dict) -> dict:
    e = p["enterprise"]
    coverage = p["coverage"]
    return {
        "enterprise": {
            "id": e.pk, "name": e.name, "credit_code": e.credit_code, "jurisdiction": e.jurisdiction.code,
            "industry": e.industry, "is_key": e.is_key, "address": e.address,
            "legal_representative": e.legal_representative, "contact_name": e.contact_name,
            "contact_phone": e.contact_phone,
        },
        "complaints": {
            "total": p["complaint_total"], "open": p["complaint_open"],
            "by_status": {f["status"]: f["count"] for f in p["complaint_figures"]},
            "recent": [{"id": c.pk, "number": c.number, "title": c.title, "status": c.status,
                        "category": c.category.name, "department": c.department.name if c.department else None,
                        "created_at": _d(c.created_at), "closed_at": _d(c.closed_at), "rating": c.rating or None}
                       for c in p["complaints"]],
        },
        "visits": {
            "pairings": [{"id": x.pk, "official": _person(x.official), "start": _d(x.start), "end": _d(x.end)}
                         for x in p["pairings"]],
            "recent": [{"id": v.pk, "date": _d(v.date), "form": v.form, "status": v.status, "pairing": v.pairing_id,
                        "official": _person(v.pairing.official)} for v in p["visits"]],
        },
        "forums": [{"id": f.pk, "title": f.title, "date": _d(f.date), "status": f.status,
                    "organiser": f.organiser.name} for f in p["forums"]],
        "projects": [{"id": x.pk, "name": x.name, "is_active": x.is_active, "lead_department": x.lead_department.name}
                     for x in p["projects"]],
        "integrity": {
            "status": e.integrity or None,
            "entries": [{"id": i.pk, "list": i.list, "reason": i.reason, "valid_from": _d(i.valid_from),
                         "valid_until": _d(i.valid_until)} for i in p["integrity"]],
        },
        "party": {
            "members": e.party_member_count, "has_organisation": e.has_party_organisation,
            "needs_organisation": p["needs_party_organisation"],
            "instructor": _person(coverage.instructor) if coverage else None,
            "follow_up_on": _d(coverage.follow_up_on) if coverage else None,
            "organised_on": _d(coverage.organised_on) if coverage else None,
        },
        "declarations": {
            "declarations": [{"id": d.pk, "number": d.number, "kind": d.kind, "status": d.status, "date": _d(d.date),
                              "official": _person(d.official)} for d in p["declarations"]],
            "flags": [{"id": f.pk, "kind": f.kind, "status": f.status, "year": f.year, "detail": f.detail,
                       "official": _person(f.official)} for f in p["flags"]],
        },
        "policies": [{"id": m.policy.pk, "title": m.policy.title, "reasons": m.reasons, "pushed_at": _d(m.pushed_at)}
                     for m in p["policies"]],
        "timeline": [{"at": _d(ev.at), "kind": ev.kind, "label": str(ev.label), "title": ev.title, "url": ev.url,
                      "status": str(ev.status)} for ev in p["timeline"]],
    }


class EnterpriseProfileView(APIView):
    """一企一档: staff of the enterprise's jurisdiction (admins: any); an enterprise user is refused (403), an
    enterprise of another jurisdiction is not found (404)."""

    permission_classes = [role_permission(*queries.READER_ROLES)]

    @extend_schema(operation_id="enterprise_profile", responses=inline_serializer("EnterpriseProfile", {
        key: serializers.JSONField() for key in ("enterprise", "complaints", "visits", "forums", "projects",
                                                 "integrity", "party", "timeline", "declarations", "policies")}))
    def get(self, request, pk: int):
        enterprise = queries.get_enterprise_for(request.user, pk)
        profile = queries.profile(enterprise, request.user)
        queries.record_flag_read(request, enterprise, profile["flags"])
        return Response(as_json(profile))


extra_urlpatterns = [
    path("enterprises/<int:pk>/profile/", EnterpriseProfileView.as_view(), name="enterprise-profile"),
]


def register(router) -> None:
    """No router resources: the profile is a single view (extra_urlpatterns)."""
