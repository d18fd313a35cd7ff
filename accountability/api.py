"""API: /api/v1/accountability-cases/ (read-only; ?year=, ?department=, ?official=). The same rules as the pages:
oversight, investigators and admins; 404 for another jurisdiction's case."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets

from accountability import queries
from accountability.models import Case
from portal.api.permissions import role_permission
from portal.models import User
from portal.params import parse_id, parse_year


class CasePersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]
        ref_name = "AccountabilityPerson"


class CaseSerializer(serializers.ModelSerializer):
    official = CasePersonSerializer(read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default="")
    complaint_number = serializers.CharField(source="complaint.number", read_only=True, default="")
    target = serializers.CharField(read_only=True)
    source = serializers.CharField(read_only=True)
    measure = serializers.CharField(read_only=True)
    measure_display = serializers.CharField(source="get_measure_display", read_only=True)
    deduction = serializers.FloatField(read_only=True)

    class Meta:
        model = Case
        fields = ["id", "target", "department", "department_name", "official", "source", "complaint",
                  "complaint_number", "notice", "grounds", "facts", "measure", "measure_display", "deduction",
                  "decided_on", "decided_by", "created_at"]


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """问责案件 of the caller's jurisdiction, newest decision first."""

    serializer_class = CaseSerializer
    permission_classes = [role_permission(*queries.READER_ROLES)]
    queryset = Case.objects.none()

    def get_queryset(self):
        params = self.request.query_params
        return queries.case_list(self.request.user, year=parse_year(params.get("year")),
                                 department_id=parse_id(params.get("department")),
                                 official_id=parse_id(params.get("official")))

    def get_object(self):
        return queries.get_case_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("department", int),
                               OpenApiParameter("official", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


def register(router) -> None:
    router.register("accountability-cases", CaseViewSet, basename="accountability-case")
