"""API: /api/v1/monthly-reports/ — the stored monthly reports with links to their PDF and XLSX files, which
download with the same session or token (…/<id>/pdf/, …/<id>/xlsx/)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.reverse import reverse

from leadership import queries, views
from leadership.models import MonthlyReport
from portal.api.permissions import role_permission


class MonthlyReportSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.CharField(source="jurisdiction.code")
    jurisdiction_name = serializers.CharField(source="jurisdiction.name")
    month = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()
    xlsx = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyReport
        fields = ["id", "jurisdiction", "jurisdiction_name", "month", "built_at", "sent_at", "pdf", "xlsx", "page"]

    def get_month(self, obj) -> str:
        return obj.label

    def _link(self, name: str, obj) -> str:
        return reverse(name, args=[obj.pk], request=self.context.get("request"))

    def get_pdf(self, obj) -> str:
        return self._link("api:monthly-report-pdf", obj)

    def get_xlsx(self, obj) -> str:
        return self._link("api:monthly-report-xlsx", obj)

    def get_page(self, obj) -> str:
        return self._link("leadership:report", obj)


class MonthlyReportDetailSerializer(MonthlyReportSerializer):
    class Meta(MonthlyReportSerializer.Meta):
        fields = [*MonthlyReportSerializer.Meta.fields, "figures"]


class MonthlyReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Monthly reports (月报) of the caller's jurisdiction (admins: every jurisdiction), newest first; the
    leadership, 效能督查办公室 and admins read them. Read-only."""

    permission_classes = [role_permission(*queries.READER_ROLES)]
    serializer_class = MonthlyReportSerializer
    filter_backends: list = []  # newest first; a year's reports fit a page

    def get_queryset(self):
        return queries.reports_visible_to(self.request.user).order_by("-month", "jurisdiction_id")

    def get_serializer_class(self):
        return MonthlyReportDetailSerializer if self.action == "retrieve" else MonthlyReportSerializer

    def filter_queryset(self, queryset):
        return queryset.defer("figures") if self.action == "list" else queryset

    def perform_content_negotiation(self, request, force=False):
        # A download answers with the file whatever the client accepts (Accept: application/pdf included), and its
        # errors in JSON like every other operation: no renderer of its own, so no `?format=` to document.
        return super().perform_content_negotiation(request, force=force or self.action in ("pdf", "xlsx"))

    def _file(self, pk, fmt):
        return views.file_response(queries.get_report_for_user(self.request.user, pk), fmt)

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        return self._file(pk, "pdf")

    @extend_schema(responses={
        (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        return self._file(pk, "xlsx")


def register(router) -> None:
    router.register("monthly-reports", MonthlyReportViewSet, basename="monthly-report")
