"""API resources of this app: input serializer validates → service acts → output serializer renders."""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from complaints import queries as complaint_queries
from complaints.api import ComplaintDetailSerializer
from complaints.models import Category
from liaison import queries, services
from liaison.models import Chamber, Forum, InspectionReport, KeyProject, Pairing, Resolution, Visit
from portal.models import Department, Enterprise, Role, User
from portal.params import year_param

# ---------------------------------------------------------------- output serializers


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]


class EnterpriseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enterprise
        fields = ["id", "name"]


class PairingSerializer(serializers.ModelSerializer):
    official = PersonSerializer(read_only=True)
    enterprise = EnterpriseRefSerializer(read_only=True)
    visit_count = serializers.IntegerField(read_only=True)
    confirmed_count = serializers.IntegerField(read_only=True)
    disputed_count = serializers.IntegerField(read_only=True)
    quota = serializers.IntegerField(source="enterprise.jurisdiction.visit_quota", read_only=True)

    class Meta:
        model = Pairing
        fields = ["id", "official", "enterprise", "start", "end", "visit_count", "confirmed_count", "disputed_count",
                  "quota"]


class VisitProblemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    status = serializers.CharField()


class VisitSerializer(serializers.ModelSerializer):
    official = PersonSerializer(source="pairing.official", read_only=True)
    enterprise = EnterpriseRefSerializer(source="pairing.enterprise", read_only=True)
    logged_by = PersonSerializer(read_only=True)
    problems = VisitProblemSerializer(many=True, read_only=True)
    # Plain strings, not enums: several resources have a "status" with different choices (OpenAPI names clash).
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Visit
        fields = ["id", "pairing", "official", "enterprise", "date", "form", "companions", "discussed", "follow_up",
                  "had_meal", "status", "status_display", "dispute_reason", "answered_at", "logged_by", "problems", "created_at"]


class ResolutionSerializer(serializers.ModelSerializer):
    owner = PersonSerializer(read_only=True)
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Resolution
        fields = ["id", "text", "kind", "owner", "enterprise", "due", "status"]


class ForumSerializer(serializers.ModelSerializer):
    organiser = serializers.CharField(source="organiser.name", read_only=True)
    jurisdiction = serializers.CharField(source="jurisdiction.code", read_only=True)
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Forum
        fields = ["id", "jurisdiction", "kind", "title", "date", "time", "place", "organiser", "agenda", "status",
                  "status_display", "minutes", "cancel_reason"]


class ForumDetailSerializer(ForumSerializer):
    invited_enterprises = EnterpriseRefSerializer(many=True, read_only=True)
    invited_chambers = serializers.StringRelatedField(many=True, read_only=True)
    attended_enterprises = EnterpriseRefSerializer(many=True, read_only=True)
    attended_chambers = serializers.StringRelatedField(many=True, read_only=True)
    resolutions = ResolutionSerializer(many=True, read_only=True)

    class Meta(ForumSerializer.Meta):
        fields = [*ForumSerializer.Meta.fields, "invited_enterprises", "invited_chambers", "attended_enterprises",
                  "attended_chambers", "resolutions"]


class ProjectSerializer(serializers.ModelSerializer):
    lead_department = serializers.CharField(source="lead_department.name", read_only=True)
    enterprise = EnterpriseRefSerializer(read_only=True)
    report_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = KeyProject
        fields = ["id", "name", "enterprise", "lead_department", "planned_investment", "description", "is_active",
                  "report_count"]


class ProjectProblemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    to_joint_meeting = serializers.BooleanField()
    status = serializers.CharField()


class InspectionReportSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    submitted_by = PersonSerializer(read_only=True)
    due_date = serializers.DateField(read_only=True)
    on_time = serializers.BooleanField(read_only=True)

    class Meta:
        model = InspectionReport
        fields = ["id", "project", "project_name", "month", "progress", "investment_month", "investment_total",
                  "submitted_by", "submitted_at", "due_date", "on_time"]


class ReportDetailSerializer(InspectionReportSerializer):
    problems = ProjectProblemSerializer(many=True, read_only=True)

    class Meta(InspectionReportSerializer.Meta):
        fields = [*InspectionReportSerializer.Meta.fields, "problems"]


# ---------------------------------------------------------------- input serializers


class PairingInput(serializers.Serializer):
    official = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True)
    delegates = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)


class VisitInput(serializers.Serializer):
    pairing = serializers.IntegerField()
    date = serializers.DateField()
    form = serializers.ChoiceField(choices=Visit.Form.choices)
    companions = serializers.CharField(required=False, allow_blank=True, default="")
    discussed = serializers.CharField()
    follow_up = serializers.CharField(required=False, allow_blank=True, default="")
    problems = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    had_meal = serializers.BooleanField(required=False, default=False)


class DisputeInput(serializers.Serializer):
    reason = serializers.CharField()


class ForumInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Forum.Kind.choices, required=False, default=Forum.Kind.FORUM)
    title = serializers.CharField(max_length=200)
    date = serializers.DateField()
    time = serializers.TimeField(required=False, allow_null=True)
    place = serializers.CharField(max_length=200)
    organiser = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    agenda = serializers.CharField()
    invited_enterprises = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), many=True,
                                                             required=False)
    invited_chambers = serializers.PrimaryKeyRelatedField(queryset=Chamber.objects.all(), many=True, required=False)


class HoldInput(serializers.Serializer):
    minutes = serializers.CharField()
    attended_enterprises = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), many=True,
                                                              required=False)
    attended_chambers = serializers.PrimaryKeyRelatedField(queryset=Chamber.objects.all(), many=True,
                                                           required=False)


class CancelInput(serializers.Serializer):
    reason = serializers.CharField()


class ResolutionInput(serializers.Serializer):
    text = serializers.CharField()
    kind = serializers.CharField(default=Resolution.Kind.TASK, help_text="task | complaint")
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False,
                                                    allow_null=True)
    due = serializers.DateField(required=False, allow_null=True)

    def validate_kind(self, value: str) -> str:
        if value not in Resolution.Kind.values:
            raise serializers.ValidationError(f"task | complaint, not {value!r}")
        return value


class ProblemInput(serializers.Serializer):
    description = serializers.CharField()
    to_joint_meeting = serializers.BooleanField(default=False)


class InspectionReportInput(serializers.Serializer):
    project = serializers.IntegerField()
    month = serializers.DateField()
    progress = serializers.CharField()
    investment_month = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    investment_total = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    problems = ProblemInput(many=True, required=False, default=list)


def _require(request, *roles: str) -> None:
    if not request.user.has_role(*roles):
        raise PermissionDenied


# ---------------------------------------------------------------- viewsets


class PairingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Pairings (联系/包抓) with this year's visit counts; admin and oversight create them."""

    serializer_class = PairingSerializer
    queryset = Pairing.objects.none()
    filterset_fields = ["official", "enterprise"]
    search_fields = ["enterprise__name", "official__full_name"]

    def get_queryset(self):
        year = year_param(self.request.query_params, default=timezone.localdate().year, strict=True)
        return queries.pairing_list(self.request.user, year=year)

    @extend_schema(request=PairingInput, responses={201: PairingSerializer})
    def create(self, request, *args, **kwargs):
        _require(request, *queries.PAIRING_MANAGERS)
        data = PairingInput(data=request.data)
        data.is_valid(raise_exception=True)
        pairing = services.create_pairing(by=request.user, **data.validated_data)
        pairing = self.get_queryset().get(pk=pairing.pk)
        return Response(PairingSerializer(pairing).data, status=status.HTTP_201_CREATED)


class VisitViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Visits; the paired official or a delegate logs them, the visited enterprise confirms or disputes."""

    serializer_class = VisitSerializer
    queryset = Visit.objects.none()
    filterset_fields = ["pairing", "status", "form"]
    search_fields = ["discussed", "pairing__enterprise__name"]

    def get_queryset(self):
        return queries.visits_visible_to(self.request.user).select_related(
            "pairing__official", "pairing__enterprise", "logged_by").prefetch_related("problems").order_by(
            "-date", "-id")

    def get_object(self):
        return queries.get_visit_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=VisitInput, responses={201: VisitSerializer})
    def create(self, request, *args, **kwargs):
        _require(request, *queries.STAFF_ROLES)  # an enterprise never logs a visit: 403, whatever the body
        data = VisitInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        pairing = queries.get_pairing_for_user(request.user, d.pop("pairing"))
        visit = services.log_visit(pairing=pairing, by=request.user, **d)
        return Response(VisitSerializer(self.get_queryset().get(pk=visit.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        visit = services.confirm_visit(visit=self.get_object(), by=request.user)
        return Response(VisitSerializer(self.get_queryset().get(pk=visit.pk)).data)

    @extend_schema(request=DisputeInput, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        visit = self.get_object()
        _require(request, Role.ENTERPRISE)  # only the visited enterprise disputes: 403 before the body is read
        data = DisputeInput(data=request.data)
        data.is_valid(raise_exception=True)
        visit = services.dispute_visit(visit=visit, by=request.user, reason=data.validated_data["reason"])
        return Response(VisitSerializer(self.get_queryset().get(pk=visit.pk)).data)


class ForumViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """政企座谈会: officials, the dispatcher and admins schedule and record them."""

    queryset = Forum.objects.none()
    filterset_fields = ["status"]
    search_fields = ["title", "place", "agenda"]

    def get_serializer_class(self):
        return ForumDetailSerializer if self.action != "list" else ForumSerializer

    def get_queryset(self):
        qs = queries.forum_list(self.request.user)
        year = year_param(self.request.query_params, strict=True)
        return qs.filter(date__year=year) if year else qs

    def get_object(self):
        return queries.get_forum_for_user(self.request.user, self.kwargs["pk"])

    def _render(self, forum):
        return Response(ForumDetailSerializer(queries.get_forum_for_user(self.request.user, forum.pk)).data)

    @extend_schema(request=ForumInput, responses={201: ForumDetailSerializer})
    def create(self, request, *args, **kwargs):
        _require(request, *queries.FORUM_ORGANISERS)
        data = ForumInput(data=request.data)
        data.is_valid(raise_exception=True)
        forum = services.schedule_forum(by=request.user, **data.validated_data)
        response = self._render(forum)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=HoldInput, responses=ForumDetailSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        _require(request, *queries.FORUM_ORGANISERS)
        data = HoldInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._render(services.hold_forum(forum=self.get_object(), by=request.user, **data.validated_data))

    @extend_schema(request=CancelInput, responses=ForumDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        _require(request, *queries.FORUM_ORGANISERS)
        data = CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._render(services.cancel_forum(forum=self.get_object(), by=request.user,
                                                  reason=data.validated_data["reason"]))

    @extend_schema(request=ResolutionInput, responses=ForumDetailSerializer)
    @action(detail=True, methods=["post"])
    def resolutions(self, request, pk=None):
        _require(request, *queries.FORUM_ORGANISERS)
        data = ResolutionInput(data=request.data)
        data.is_valid(raise_exception=True)
        forum = self.get_object()
        services.add_resolution(forum=forum, by=request.user, **data.validated_data)
        return self._render(forum)


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Key projects (重点项目) with their teams."""

    serializer_class = ProjectSerializer
    queryset = KeyProject.objects.none()
    filterset_fields = ["is_active", "lead_department"]
    search_fields = ["name"]

    def get_queryset(self):
        return queries.project_list(self.request.user)


class InspectionReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Monthly inspection reports; the project team files them (one per project and month)."""

    queryset = InspectionReport.objects.none()
    filterset_fields = ["project", "month"]

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action != "list" else InspectionReportSerializer

    def get_queryset(self):
        return queries.report_list(self.request.user).prefetch_related("problems")

    def get_object(self):
        return queries.get_report_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=InspectionReportInput, responses={201: ReportDetailSerializer})
    def create(self, request, *args, **kwargs):
        _require(request, *queries.STAFF_ROLES)  # project teams are staff: an enterprise is refused with 403
        data = InspectionReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        project = queries.get_project_for_user(request.user, d.pop("project"))
        problems = [(p["description"], p["to_joint_meeting"]) for p in d.pop("problems")]
        report = services.submit_report(project=project, by=request.user, problems=problems, **d)
        return Response(ReportDetailSerializer(queries.get_report_for_user(request.user, report.pk)).data,
                        status=status.HTTP_201_CREATED)


class ConvertProblemInput(serializers.Serializer):
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.filter(is_active=True))
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()


class ConvertProblemView(APIView):
    """问题转诉求: the paired official (or a delegate) files an open problem — found on a visit (`visit`), a
    forum resolution (`resolution`) or a project report (`project`) — as a complaint on the enterprise's
    behalf; it enters routing. The same service and checks as the page."""

    @extend_schema(request=ConvertProblemInput, responses={201: ComplaintDetailSerializer})
    def post(self, request, kind: str, pk: int):
        if not request.user.has_role(Role.OFFICIAL):  # as the page: 403 before anything is looked up
            raise PermissionDenied
        problem = queries.get_problem_for_user(request.user, kind, pk)
        data = ConvertProblemInput(data=request.data)
        data.is_valid(raise_exception=True)
        complaint = services.convert_problem(problem=problem, by=request.user, **data.validated_data)
        complaint = complaint_queries.get_complaint_for_user(request.user, complaint.pk)
        return Response(ComplaintDetailSerializer(complaint, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


extra_urlpatterns = [
    path("problems/<slug:kind>/<int:pk>/convert/", ConvertProblemView.as_view(), name="problem-convert"),
]


def register(router) -> None:
    """Add this app's viewsets to the site-wide API router."""
    router.register("pairings", PairingViewSet, basename="pairing")
    router.register("visits", VisitViewSet, basename="visit")
    router.register("forums", ForumViewSet, basename="forum")
    router.register("projects", ProjectViewSet, basename="project")
    router.register("inspection-reports", InspectionReportViewSet, basename="inspection-report")

