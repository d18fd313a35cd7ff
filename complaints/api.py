"""API resources: `complaints` (with the workflow actions) and `categories`.

Input serializers validate, complaints.services acts, output serializers render. Permissions are the
pages' own: the action's roles first (403), then visibility (404), then the workflow (409).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from complaints import queries, services
from complaints.models import Attachment, Category, Complaint, Event, Request, SupervisionNotice
from portal.api.permissions import role_permission
from portal.errors import TransitionRefused
from portal.models import Department, Enterprise, Jurisdiction, Role
from portal.uploads import MAX_FILES, check_uploads

# ---- output --------------------------------------------------------------------------------------


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CategorySerializer(serializers.ModelSerializer):
    jurisdiction = serializers.SlugRelatedField(slug_field="code", queryset=Jurisdiction.objects.all())
    default_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), allow_null=True,
                                                            required=False)

    class Meta:
        model = Category
        fields = ["id", "jurisdiction", "name", "description", "default_department", "sign_days", "answer_days",
                  "is_active", "order"]

    def validate(self, data):
        dept = data.get("default_department")
        jurisdiction = data.get("jurisdiction") or getattr(self.instance, "jurisdiction", None)
        if dept and jurisdiction and dept.jurisdiction_id != jurisdiction.pk:
            raise ValidationError({"default_department": _("默认承办部门必须属于同一辖区。")})
        return data


class ComplaintSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    enterprise = RefSerializer(read_only=True)
    category = RefSerializer(read_only=True)
    department = RefSerializer(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    rating = serializers.ChoiceField(choices=Complaint.Rating.choices, allow_blank=True, read_only=True,
                                     help_text="blank until the enterprise rates the answer")

    class Meta:
        model = Complaint
        fields = ["id", "number", "status", "status_display", "enterprise", "category", "department", "title",
                  "source", "created_at", "sign_deadline", "answer_deadline", "answered_at", "closed_at", "rating",
                  "supervised", "reopen_count", "is_overdue"]
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "created_at", "url"]

    def get_url(self, obj) -> str:
        return reverse("complaints:attachment", args=[obj.complaint_id, obj.pk])


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", default="", read_only=True)
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    # Plain strings: the complaint's own `status` enum documents the values (one enum name per choice set).
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = Event
        fields = ["id", "action", "action_display", "actor", "from_status", "to_status", "note", "created_at"]


class PublicEventSerializer(EventSerializer):
    """The enterprise's timeline: the same fields, with the plain public line instead of the staff's note."""

    actor = serializers.SerializerMethodField()
    action_display = serializers.CharField(source="public_label", read_only=True)
    note = serializers.CharField(source="public_note", read_only=True)

    def get_actor(self, obj) -> str:
        # Its own users' names; a step taken inside government is the department's, not a person's.
        enterprise_id = self.context.get("enterprise_id")
        return obj.actor.display_name if obj.actor and obj.actor.enterprise_id == enterprise_id else ""


class RequestSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="pending / approved / rejected")
    class Meta:
        model = Request
        fields = ["id", "kind", "status", "reason", "new_deadline", "created_at", "decided_at", "decision_note"]


class ComplaintDetailSerializer(ComplaintSerializer):
    first_responder = serializers.CharField(source="first_responder.display_name", default="", read_only=True)
    handler = serializers.CharField(source="handler.display_name", default="", read_only=True)
    attachments = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    pending_request = serializers.SerializerMethodField()
    rating_reason = serializers.CharField(read_only=True, help_text="see RateInput.reason")

    class Meta(ComplaintSerializer.Meta):
        fields = ComplaintSerializer.Meta.fields + [
            "description", "first_responder", "handler", "answer", "refuse_reason", "rating_reason",
            "rating_comment", "extension_used", "attachments", "events", "pending_request"]
        read_only_fields = fields

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, obj) -> list[dict]:
        return AttachmentSerializer(obj.attachments.all(), many=True).data

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, obj) -> list[dict]:
        user = self.context["request"].user
        events = obj.events.select_related("actor").order_by("created_at", "id")
        if user.has_role(Role.ENTERPRISE) and not user.has_role(
                Role.DISPATCHER, Role.HANDLER, Role.OVERSIGHT, Role.INVESTIGATOR, Role.ADMIN):
            return PublicEventSerializer(events.filter(public=True), many=True,
                                         context={"enterprise_id": user.enterprise_id}).data
        return EventSerializer(events, many=True).data

    @extend_schema_field(RequestSerializer(allow_null=True))
    def get_pending_request(self, obj) -> dict | None:
        req = obj.requests.filter(status=Request.Status.PENDING).first()
        return RequestSerializer(req).data if req else None


# ---- input ---------------------------------------------------------------------------------------


class ComplaintCreateSerializer(serializers.Serializer):
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.filter(is_active=True))
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=5000)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False,
                                                    help_text="required when an official files on behalf of an enterprise")
    source = serializers.CharField(max_length=100, required=False, allow_blank=True)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, max_length=MAX_FILES + 5)

    def validate_attachments(self, files):
        try:
            return check_uploads(list(files))
        except DjangoValidationError as e:
            raise ValidationError(e.messages)


class AssignInput(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField()


class ExtendInput(serializers.Serializer):
    reason = serializers.CharField()
    new_deadline = serializers.DateField()


class ReplyInput(serializers.Serializer):
    text = serializers.CharField()


class RateInput(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Complaint.Rating.choices)
    reason = serializers.ChoiceField(choices=Complaint.Reason.choices, required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SuperviseInput(serializers.Serializer):
    notice = serializers.CharField()


class NoticeInput(serializers.Serializer):
    instruction = serializers.CharField(max_length=2000)
    deadline = serializers.DateField()


class NoticeAnswerInput(serializers.Serializer):
    response = serializers.CharField(max_length=4000)


class NoticeComplaintSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()


class NoticeSerializer(serializers.ModelSerializer):
    complaint = serializers.SerializerMethodField()
    department = RefSerializer(read_only=True)
    office = RefSerializer(read_only=True, allow_null=True, help_text="the tracking office that issued it")
    issued_by = serializers.CharField(source="issued_by.display_name", read_only=True)
    answered_by = serializers.CharField(source="answered_by.display_name", default="", read_only=True)
    is_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = SupervisionNotice
        fields = ["id", "complaint", "department", "office", "reason", "instruction", "deadline", "status", "issued_by",
                  "issued_at", "response", "answered_by", "answered_at", "is_late"]
        read_only_fields = fields

    @extend_schema_field(NoticeComplaintSerializer)
    def get_complaint(self, obj) -> dict:
        return {"id": obj.complaint_id, "number": obj.complaint.number, "title": obj.complaint.title}


class DecideInput(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


# ---- views ---------------------------------------------------------------------------------------

DISPATCH = (Role.DISPATCHER, Role.ADMIN)
ACTION_ROLES: dict[str, tuple[str, ...]] = {
    "create": (Role.ENTERPRISE, Role.OFFICIAL),
    "assign": DISPATCH,
    "refuse": DISPATCH,
    "decide_transfer": DISPATCH,
    "decide_extension": DISPATCH,
    "accept": (Role.HANDLER,),
    "transfer": (Role.HANDLER,),
    "extend": (Role.HANDLER,),
    "reply": (Role.HANDLER,),
    "rate": (Role.ENTERPRISE,),
    "reopen": (Role.DISPATCHER, Role.OVERSIGHT, Role.ADMIN),
    "supervise": (Role.OVERSIGHT, Role.ADMIN),
    "notice": (Role.OVERSIGHT, Role.ADMIN),
}

LIST_PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=Complaint.Status.values),
    OpenApiParameter("category", OpenApiTypes.INT),
    OpenApiParameter("department", OpenApiTypes.INT),
    OpenApiParameter("overdue", OpenApiTypes.BOOL),
    OpenApiParameter("supervised", OpenApiTypes.BOOL),
    OpenApiParameter("reopened", OpenApiTypes.BOOL),
    OpenApiParameter("notice", OpenApiTypes.BOOL, description="an open supervision notice"),
    OpenApiParameter("year", OpenApiTypes.INT, description="year of submission"),
    OpenApiParameter("jurisdiction", OpenApiTypes.INT),
    OpenApiParameter("q", OpenApiTypes.STR, description="编号、标题或企业名称"),
]


class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Complaints the caller may see; the workflow actions of complaints.services."""

    queryset = Complaint.objects.none()
    serializer_class = ComplaintSerializer
    filter_backends: list = []

    def get_permissions(self):
        roles = ACTION_ROLES.get(self.action)
        return [role_permission(*roles)()] if roles else [IsAuthenticated()]

    def get_queryset(self):
        qs = Complaint.objects.visible_to(self.request.user)
        return queries.filter_complaints(qs, self.request.query_params).for_list().order_by("-id")

    def get_object(self):
        return queries.get_complaint_for_user(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        return ComplaintSerializer if self.action == "list" else ComplaintDetailSerializer

    def _done(self, complaint: Complaint, code=status.HTTP_200_OK) -> Response:
        complaint = queries.get_complaint_for_user(self.request.user, complaint.pk)
        return Response(ComplaintDetailSerializer(complaint, context=self.get_serializer_context()).data, status=code)

    def _input(self, cls):
        s = cls(data=self.request.data)
        s.is_valid(raise_exception=True)
        return s.validated_data

    @extend_schema(parameters=LIST_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": ComplaintCreateSerializer, "application/json": ComplaintCreateSerializer},
                   responses={201: ComplaintDetailSerializer})
    def create(self, request):
        d = self._input(ComplaintCreateSerializer)
        user = request.user
        enterprise = d.get("enterprise")
        if user.has_role(Role.ENTERPRISE) and user.enterprise_id and not user.has_role(Role.OFFICIAL):
            enterprise = user.enterprise
        if enterprise is None:
            raise ValidationError({"enterprise": [_("请选择企业。")]})
        complaint = services.submit_complaint(
            enterprise=enterprise, submitter=user, category=d["category"], title=d["title"],
            description=d["description"], attachments=d.get("attachments") or (), source=d.get("source", ""))
        return self._done(complaint, status.HTTP_201_CREATED)

    @extend_schema(request=AssignInput, responses=ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        c, d = self.get_object(), self._input(AssignInput)
        return self._done(services.assign(complaint=c, department=d["department"], by=request.user, note=d["note"]))

    @extend_schema(request=ReasonInput, responses=ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        c, d = self.get_object(), self._input(ReasonInput)
        return self._done(services.refuse(complaint=c, by=request.user, reason=d["reason"]))

    @extend_schema(request=None, responses=ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._done(services.accept(complaint=self.get_object(), by=request.user))

    @extend_schema(request=ReasonInput, responses=ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        """The department asks to send the complaint back (退回); the dispatcher decides."""
        c, d = self.get_object(), self._input(ReasonInput)
        services.request_transfer(complaint=c, by=request.user, reason=d["reason"])
        return self._done(c)

    @extend_schema(request=ExtendInput, responses=ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """The department asks for a later answer date (延期); the dispatcher decides."""
        c, d = self.get_object(), self._input(ExtendInput)
        services.request_extension(complaint=c, by=request.user, reason=d["reason"], new_deadline=d["new_deadline"])
        return self._done(c)

    @extend_schema(request=ReplyInput, responses=ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        c, d = self.get_object(), self._input(ReplyInput)
        return self._done(services.answer(complaint=c, by=request.user, text=d["text"]))

    @extend_schema(request=RateInput, responses=ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        c, d = self.get_object(), self._input(RateInput)
        return self._done(services.rate(complaint=c, by=request.user, rating=d["rating"], reason=d["reason"],
                                        comment=d["comment"]))

    @extend_schema(request=ReasonInput, responses=ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        c, d = self.get_object(), self._input(ReasonInput)
        return self._done(services.reopen(complaint=c, by=request.user, reason=d["reason"]))

    @extend_schema(request=SuperviseInput, responses=ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def supervise(self, request, pk=None):
        c, d = self.get_object(), self._input(SuperviseInput)
        return self._done(services.supervise(complaint=c, by=request.user, notice=d["notice"]))

    @extend_schema(request=NoticeInput, responses={201: NoticeSerializer})
    @action(detail=True, methods=["post"])
    def notice(self, request, pk=None):
        """督办通知: oversight tells the department to act on this overdue or reopened complaint by a deadline."""
        c, d = self.get_object(), self._input(NoticeInput)
        notice = services.issue_notice(complaint=c, by=request.user, instruction=d["instruction"],
                                       deadline=d["deadline"])
        notice = queries.get_notice_for_user(request.user, notice.pk)
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)

    def _decide(self, kind: str, fn):
        c, d = self.get_object(), self._input(DecideInput)
        req = c.requests.filter(kind=kind, status=Request.Status.PENDING).first()
        if req is None:
            raise TransitionRefused(_("该诉求没有待审批的%(kind)s申请。") % {"kind": Request.Kind(kind).label})
        return self._done(fn(request=req, by=self.request.user, approve=d["approve"], note=d["note"]))

    @extend_schema(request=DecideInput, responses=ComplaintDetailSerializer)
    @action(detail=True, methods=["post"], url_path="decide-transfer")
    def decide_transfer(self, request, pk=None):
        return self._decide(Request.Kind.TRANSFER, services.decide_transfer)

    @extend_schema(request=DecideInput, responses=ComplaintDetailSerializer)
    @action(detail=True, methods=["post"], url_path="decide-extension")
    def decide_extension(self, request, pk=None):
        return self._decide(Request.Kind.EXTENSION, services.decide_extension)


NOTICE_PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=SupervisionNotice.Status.values),
    OpenApiParameter("late", OpenApiTypes.BOOL),
    OpenApiParameter("department", OpenApiTypes.INT),
    OpenApiParameter("office", OpenApiTypes.INT, description="the issuing office (a department id)"),
]


class SupervisionNoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """督办通知 the caller may see (oversight: the jurisdiction's; a department: its own); the department answers."""

    queryset = SupervisionNotice.objects.none()
    serializer_class = NoticeSerializer
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        return queries.filter_notices(queries.notice_list(self.request.user), self.request.query_params)

    def get_object(self):
        return queries.get_notice_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(parameters=NOTICE_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=NoticeAnswerInput, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        notice = self.get_object()
        if not services.can_answer_notice(notice, request.user):  # a role refusal (403) before the body is read
            raise PermissionDenied(_("只有被督办部门的承办人或负责人可以反馈。"))
        s = NoticeAnswerInput(data=request.data)
        s.is_valid(raise_exception=True)
        services.answer_notice(notice=notice, by=request.user, response=s.validated_data["response"])
        return Response(NoticeSerializer(queries.get_notice_for_user(request.user, notice.pk)).data)


class ReadOrAdmin(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or user.has_role(Role.ADMIN)


class CategoryViewSet(viewsets.ModelViewSet):
    """Complaint categories and their routing rules: read for everyone logged in, write for admins."""

    serializer_class = CategorySerializer
    permission_classes = [ReadOrAdmin]
    queryset = Category.objects.select_related("jurisdiction").order_by("jurisdiction_id", "order", "id")
    filterset_fields = ["jurisdiction__code", "is_active"]
    search_fields = ["name"]

    def perform_destroy(self, instance):
        if instance.complaints.exists():
            raise TransitionRefused(_("已有诉求使用该类别，不能删除；请改为停用。"))
        instance.delete()


def register(router) -> None:
    """Add this app's viewsets to the site-wide API router."""
    router.register("complaints", ComplaintViewSet, basename="complaint")
    router.register("categories", CategoryViewSet, basename="category")
    router.register("supervision-notices", SupervisionNoticeViewSet, basename="supervision-notice")
