"""API: GET /api/v1/dashboard/summary?year=&jurisdiction=&department= — the dashboard's figures."""

from __future__ import annotations

from django.urls import path
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from oversight import queries, rollups
from portal.api.permissions import role_permission
from portal.dbrouters import reads_from_replica

Int = serializers.IntegerField
Rate = lambda: serializers.FloatField(allow_null=True, help_text="share 0..1; null without data")  # noqa: E731
Text = serializers.CharField


class ScopeOut(serializers.Serializer):
    year, jurisdiction, jurisdiction_id, jurisdiction_name = Int(), Text(), Int(), Text()
    department_id, department, today = Int(allow_null=True), Text(), serializers.DateField()


class StatusCount(serializers.Serializer):
    status, label, count = Text(), Text(), Int()


class CategoryRow(serializers.Serializer):
    category_id, category, count, open, overdue = Int(), Text(), Int(), Int(), Int()


class DepartmentRow(serializers.Serializer):
    department_id, department = Int(allow_null=True), Text()
    total, open, overdue, answered, on_time, due = Int(), Int(), Int(), Int(), Int(), Int()
    timeliness, reopened, reopen_rate, ratings, satisfied = Rate(), Int(), Rate(), Int(), Int()
    satisfaction_rate, dissatisfied, notices, notices_open, notices_late = Rate(), Int(), Int(), Int(), Int()


class MonthRow(serializers.Serializer):
    month, submitted, answered, reopened = Int(), Int(), Int(), Int()


class OverdueItem(serializers.Serializer):
    id, number, title, enterprise, department, status = Int(), Text(), Text(), Text(), Text(), Text()
    answer_deadline = serializers.DateField(allow_null=True)
    sign_deadline = serializers.DateField(allow_null=True)


class ComplaintFigures(serializers.Serializer):
    total, open, overdue, supervised, answered, on_time, due = Int(), Int(), Int(), Int(), Int(), Int(), Int()
    timeliness, reopened, reopen_rate = Rate(), Int(), Rate()
    median_hours = serializers.FloatField(allow_null=True, help_text="submission → first answer, hours")
    p90_hours = serializers.FloatField(allow_null=True, help_text="90th percentile, hours")
    by_status, by_category = StatusCount(many=True), CategoryRow(many=True)
    by_department, by_month, overdue_items = DepartmentRow(many=True), MonthRow(many=True), OverdueItem(many=True)


class ReasonCount(serializers.Serializer):
    reason, label, count = Text(), Text(), Int()


class SatisfactionFigures(serializers.Serializer):
    ratings, satisfied, basic, dissatisfied, rate = Int(), Int(), Int(), Int(), Rate()
    reasons = ReasonCount(many=True)


class NoticeFigures(serializers.Serializer):
    issued, open, answered, late = Int(), Int(), Int(), Int()


class OfficialRow(serializers.Serializer):
    official_id, official, department_id, department = Int(), Text(), Int(allow_null=True), Text()
    pairings, quota, logged, confirmed, credited, completion = Int(), Int(), Int(), Int(), Int(), Rate()


class PairingRow(serializers.Serializer):
    pairing_id, official_id, official, enterprise = Int(), Int(), Text(), Text()
    quota, logged, confirmed, disputed, completion = Int(), Int(), Int(), Int(), Rate()


class DepartmentQuota(serializers.Serializer):
    department_id, credited, quota = Int(), Int(), Int()


class VisitFigures(serializers.Serializer):
    pairings, quota_per_pairing, quota, logged, confirmed, completion = Int(), Int(), Int(), Int(), Int(), Rate()
    # The lowest-completion officials and pairings (at most 50 each; the totals say how many there are —
    # the dashboard's CSV/XLSX exports carry them all).
    officials, by_pairing = OfficialRow(many=True), PairingRow(many=True)
    officials_total, pairings_total = Int(), Int()
    by_department = DepartmentQuota(many=True)


class ForumFigures(serializers.Serializer):
    held, scheduled, cancelled, target = Int(), Int(), Int(), Int()
    held_by_month = serializers.ListField(child=Int())


class ProjectFigures(serializers.Serializer):
    projects, months_due, expected, submitted, on_time, on_time_rate = Int(), Int(), Int(), Int(), Int(), Rate()


class RuleCount(serializers.Serializer):
    rule_id, register, rule, text, count = Int(), Text(), Text(), Text(), Int()


class IntegrityFigures(serializers.Serializer):
    red_in_force, black_in_force, proposed, published = Int(), Int(), Int(), Int()


class ConductFigures(serializers.Serializer):
    reports_total = Int()
    reports_by_status, reports_by_rule = StatusCount(many=True), RuleCount(many=True)
    integrity = IntegrityFigures()


class SummarySerializer(serializers.Serializer):
    computed_at = serializers.DateTimeField(help_text="when these figures were computed (refreshed every 10 min)")
    scope = ScopeOut()
    complaints = ComplaintFigures()
    satisfaction = SatisfactionFigures()
    notices = NoticeFigures()
    visits = VisitFigures()
    forums = ForumFigures()
    projects = ProjectFigures()
    conduct = ConductFigures()


class DashboardSummaryView(APIView):
    """The oversight dashboard's figures for a year, jurisdiction and (optionally) department (see
    oversight/queries.py for every definition); read from the summary refreshed every 10 minutes."""

    permission_classes = [role_permission(*queries.DASHBOARD_ROLES)]

    @extend_schema(
        operation_id="dashboard_summary",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="default: this year"),
            OpenApiParameter("jurisdiction", OpenApiTypes.STR, description="id or code (admins; others: their own)"),
            OpenApiParameter("department", OpenApiTypes.INT),
        ],
        responses=SummarySerializer,
    )
    @method_decorator(reads_from_replica)
    def get(self, request):
        scope = queries.scope_for(request.user, request.query_params)
        snap = rollups.current(scope)
        # The stored summary is already plain JSON of SummarySerializer's shape (tests/oversight check it):
        # rendering it through the serializer would cost more than the whole read at city scale.
        return Response({"computed_at": snap.computed_at, **snap.data})


def register(router) -> None:
    """No router resources: the summary is a single view (extra_urlpatterns)."""


extra_urlpatterns = [
    path("dashboard/summary", DashboardSummaryView.as_view(), name="dashboard-summary"),
]
