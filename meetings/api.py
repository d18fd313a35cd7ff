"""API: /api/v1/meetings/ (read-only: the list and each meeting with its agenda and decisions)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets

from complaints.api import RefSerializer
from meetings import queries, services
from meetings.models import AgendaItem, DecisionStatus, Meeting
from portal.api.permissions import role_permission


class ComplaintRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.CharField(source="jurisdiction.code", read_only=True)
    convenor_department = RefSerializer(read_only=True)
    convenor = serializers.CharField(source="convenor.display_name", default="", read_only=True)
    item_count = serializers.IntegerField(read_only=True)
    decided_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "jurisdiction", "kind", "title", "date", "convenor_department", "convenor", "status",
                  "item_count", "decided_count", "created_at", "closed_at"]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    enterprise = RefSerializer(read_only=True)
    department = RefSerializer(read_only=True, allow_null=True)
    complaint = serializers.SerializerMethodField()
    decision_status = serializers.ChoiceField(choices=DecisionStatus.choices, read_only=True)
    carried_from_meeting = serializers.IntegerField(source="carried_from.meeting_id", default=None, allow_null=True,
                                                    read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "source", "text", "enterprise", "status", "department", "deadline", "action", "complaint",
                  "decision_status", "decided_at", "carried_from_meeting", "visit_problem", "project_problem",
                  "resolution"]
        read_only_fields = fields

    @extend_schema_field(ComplaintRefSerializer(allow_null=True))
    def get_complaint(self, obj) -> dict | None:
        c = obj.complaint
        return {"id": c.pk, "number": c.number, "status": c.status} if c else None


class MeetingDetailSerializer(MeetingSerializer):
    members = RefSerializer(many=True, read_only=True)
    items = AgendaItemSerializer(many=True, read_only=True)
    item_count = None
    decided_count = None

    class Meta(MeetingSerializer.Meta):
        fields = ["id", "jurisdiction", "kind", "title", "date", "convenor_department", "convenor", "members",
                  "status", "minutes", "items", "created_at", "closed_at"]
        read_only_fields = fields


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """联席会议 / 专题协调会 the caller may see (oversight and dispatchers: the jurisdiction's; a handler: those its
    department convenes or attends), each with its agenda and the decisions taken."""

    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    permission_classes = [role_permission(*services.VIEWERS)]
    filter_backends: list = []

    def get_queryset(self):
        return queries.meeting_list(self.request.user)

    def get_object(self):
        return queries.get_meeting_for_user(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer


def register(router) -> None:
    router.register("meetings", MeetingViewSet, basename="meeting")
