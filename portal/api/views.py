from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.generics import RetrieveAPIView
from rest_framework.response import Response

from portal import services
from portal.api.serializers import DepartmentSerializer, EnterpriseSerializer, MeSerializer, NotificationSerializer
from portal.models import Department, Enterprise, Notification
from portal.queries import enterprises_visible_to


class MeView(RetrieveAPIView):
    """The caller: roles, department, enterprise."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    filterset_fields = ["jurisdiction__code", "kind", "is_active"]
    search_fields = ["name"]

    def get_queryset(self):
        return Department.objects.select_related("jurisdiction").order_by("jurisdiction_id", "id")


class EnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    """Enterprise users see their own enterprise; staff see the directory."""

    serializer_class = EnterpriseSerializer
    queryset = Enterprise.objects.none()  # for the schema; get_queryset decides
    filterset_fields = ["jurisdiction__code", "is_key", "industry", "has_party_organisation"]
    search_fields = ["name", "credit_code"]
    ordering_fields = ["id", "name"]

    def get_queryset(self):
        return enterprises_visible_to(self.request.user).select_related("jurisdiction").order_by("id")


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's inbox."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()
    filterset_fields = {"read_at": ["isnull"]}

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user).order_by("-created_at", "-id")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        services.mark_read(request.user, [notification.pk])
        notification.read_at = notification.read_at or timezone.now()
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses={200: {"type": "object", "properties": {"marked": {"type": "integer"}}}})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_read(request.user)})


