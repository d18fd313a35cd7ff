"""API resources of the conduct app: registers (public), conduct-reports (investigators), integrity-list."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from conduct import queries, services
from conduct.models import CITE_PROHIBITIONS_ONLY, ConductReport, IntegrityEntry, Register, ReportAccessLog, Rule
from portal.models import Enterprise, Role
from portal.uploads import check_uploads

# ---- registers ------------------------------------------------------------------------------


class RuleSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Rule
        fields = ["id", "number", "label", "text", "effective_from", "order"]


class RegisterSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.SlugRelatedField(slug_field="code", read_only=True)
    rules = RuleSerializer(many=True, read_only=True, source="current_rules")

    class Meta:
        model = Register
        fields = ["id", "key", "jurisdiction", "title", "short_name", "preamble", "responsible_body", "is_draft",
                  "effective_from", "source_document", "source_measure", "binds", "kind", "order", "rules"]


class RegisterViewSet(viewsets.ReadOnlyModelViewSet):
    """Every register with its rules in force (retired rules are left out); readable without login."""

    serializer_class = RegisterSerializer
    permission_classes = [AllowAny]
    queryset = Register.objects.none()
    filterset_fields = ["binds", "kind", "jurisdiction__code"]

    def get_queryset(self):
        return queries.public_registers()


# ---- conduct reports ------------------------------------------------------------------------


class ReportRuleSerializer(serializers.ModelSerializer):
    register = serializers.CharField(source="register.key", read_only=True)

    class Meta:
        model = Rule
        fields = ["id", "register", "number", "text"]


class ReportSerializer(serializers.ModelSerializer):
    """What an investigator reads, reporter included (only investigators ever get this serializer)."""

    rules = ReportRuleSerializer(many=True, read_only=True)
    # Statuses render as plain strings so the schema keeps one enum per choice set (no name collisions).
    status = serializers.CharField(read_only=True)
    reporter = serializers.SerializerMethodField()
    subject_enterprise = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = ConductReport
        fields = ["id", "number", "status", "created_at", "concluded_at", "anonymous", "reporter", "rules",
                  "subject_name", "subject_enterprise", "description", "notes", "outcome", "evidence"]

    def get_reporter(self, obj) -> dict:
        return {"id": obj.reporter_id, "name": obj.reporter.display_name, "username": obj.reporter.username}

    def get_evidence(self, obj) -> list[dict]:
        return [{"id": e.pk, "name": e.original_name, "size": e.size} for e in obj.evidence.all()]


class ReceiptSerializer(serializers.ModelSerializer):
    """What a reporter reads about their own report: no notes, no evidence, no handler."""

    rules = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = ConductReport
        fields = ["id", "number", "status", "created_at", "concluded_at", "anonymous", "rules", "outcome"]


class ReportInputSerializer(serializers.Serializer):
    rules = serializers.PrimaryKeyRelatedField(many=True, queryset=Rule.objects.current().select_related("register"),
                                               allow_empty=False)
    description = serializers.CharField()
    subject_name = serializers.CharField(required=False, allow_blank=True, default="")
    subject_enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False,
                                                            allow_null=True, default=None)
    # The name is kept for API clients; it is not anonymity (every 举报 is 实名保密, named and kept confidential).
    anonymous = serializers.BooleanField(
        required=False, default=False,
        help_text="the reporter asks for particular confidentiality (要求特别保密); not anonymity: every report is "
                  "named and its reporter kept confidential (实名保密)")
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate_evidence(self, files):
        return check_uploads(files) if files else []

    def validate_rules(self, rules):
        if any(rule.register.kind != Register.Kind.PROHIBITION for rule in rules):
            raise serializers.ValidationError(str(CITE_PROHIBITIONS_ONLY))
        return rules

    def validate(self, attrs):
        if not (attrs.get("subject_name", "").strip() or attrs.get("subject_enterprise")):
            raise serializers.ValidationError(_("请填写被举报的人员，或选择被举报的企业。"))
        return attrs


class ConcludeInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[s.value for s in ConductReport.CONCLUSIONS])
    outcome = serializers.CharField()


class NoteInputSerializer(serializers.Serializer):
    note = serializers.CharField()


class ConductReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                           viewsets.GenericViewSet):
    """Investigators list and read reports (each read is logged); any logged-in user files one.

    Anybody else gets an empty list and 404 on a report; their own receipts are at `mine/`.
    """

    serializer_class = ReportSerializer
    permission_classes = [IsAuthenticated]
    queryset = ConductReport.objects.none()
    filterset_fields = ["status", "anonymous"]

    def get_queryset(self):
        return queries.report_list(self.request.user).prefetch_related("evidence").order_by("-created_at", "-id")

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        services.log_access(request.user, rows, via=ReportAccessLog.Via.API_LIST)
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_object(self):
        report = queries.get_report_for_user(self.request.user, self.kwargs["pk"])
        services.log_access(self.request.user, [report], via=ReportAccessLog.Via.API)
        return report

    @extend_schema(request=ReportInputSerializer, responses={201: ReceiptSerializer})
    def create(self, request, *args, **kwargs):
        data = request.data
        if hasattr(data, "getlist"):  # multipart: lists arrive as repeated keys
            data = {k: data.get(k) for k in data}
            data["rules"] = request.data.getlist("rules")
            data["evidence"] = request.FILES.getlist("evidence")
        serializer = ReportInputSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        report = services.file_report(
            reporter=request.user, rules=d["rules"], description=d["description"], subject_name=d["subject_name"],
            subject_enterprise=d["subject_enterprise"], anonymous=d["anonymous"], files=d["evidence"],
        )
        return Response(ReceiptSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReceiptSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)  # the latest 200, one plain list
    def mine(self, request):
        rows = list(queries.reports_filed_by(request.user).order_by("-created_at", "-id")[:200])
        services.log_access(request.user, rows, via=ReportAccessLog.Via.RECEIPT)
        return Response(ReceiptSerializer(rows, many=True).data)

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def investigate(self, request, pk=None):
        report = services.start_investigation(self.get_object(), by=request.user)
        return Response(ReportSerializer(queries.get_report_for_user(request.user, report.pk)).data)

    @extend_schema(request=NoteInputSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def note(self, request, pk=None):
        report = self.get_object()  # 404 for anyone who may not see it, before the body is read
        serializer = NoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.add_note(report, by=request.user, note=serializer.validated_data["note"])
        return Response(ReportSerializer(queries.get_report_for_user(request.user, report.pk)).data)

    @extend_schema(request=ConcludeInputSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        report = self.get_object()  # 404 for anyone who may not see it, before the body is read
        serializer = ConcludeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.conclude(report, by=request.user, **serializer.validated_data)
        return Response(ReportSerializer(queries.get_report_for_user(request.user, report.pk)).data)


# ---- integrity list -------------------------------------------------------------------------


class IntegrityEntrySerializer(serializers.ModelSerializer):
    """The public columns: never the proposer, the approver or the report an entry rests on."""

    enterprise = serializers.SerializerMethodField()

    class Meta:
        model = IntegrityEntry
        fields = ["id", "enterprise", "list", "reason", "valid_from", "valid_until"]

    def get_enterprise(self, obj) -> dict:
        return {"id": obj.enterprise_id, "name": obj.enterprise.name,
                "jurisdiction": obj.enterprise.jurisdiction.code}


class IntegrityStaffSerializer(IntegrityEntrySerializer):
    proposed_by = serializers.CharField(source="proposed_by.username", read_only=True)
    approved_by = serializers.CharField(source="approved_by.username", read_only=True, default=None)
    status = serializers.CharField(read_only=True)

    class Meta(IntegrityEntrySerializer.Meta):
        fields = [*IntegrityEntrySerializer.Meta.fields, "status", "basis", "basis_report", "proposed_by",
                  "proposed_at", "approved_by", "approved_at", "published_at", "closed_at", "close_reason"]


class IntegrityViewSet(viewsets.ReadOnlyModelViewSet):
    """The red/black list: anybody reads the published entries in force; oversight, investigators and
    admins read every entry with its workflow columns."""

    permission_classes = [AllowAny]
    queryset = IntegrityEntry.objects.none()
    filterset_fields = ["list", "enterprise"]

    def _staff(self) -> bool:
        user = self.request.user
        return user.is_authenticated and user.has_role(Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN)

    def get_serializer_class(self):
        return IntegrityStaffSerializer if self._staff() else IntegrityEntrySerializer

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        if self._staff():
            services.log_integrity_read(request.user, entry, via="api")
        return Response(self.get_serializer(entry).data)

    def get_queryset(self):
        qs = queries.integrity_visible_to(self.request.user).order_by("-valid_from", "-id")
        status_ = self.request.query_params.get("status")
        if self._staff() and status_ in IntegrityEntry.Status.values:
            qs = qs.filter(status=status_)
        return qs


def register(router) -> None:
    """Add this app's viewsets to the site-wide API router."""
    router.register("registers", RegisterViewSet, basename="register")
    router.register("conduct-reports", ConductReportViewSet, basename="conduct-report")
    router.register("integrity-list", IntegrityViewSet, basename="integrity-entry")

