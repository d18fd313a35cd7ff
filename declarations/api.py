"""API: /api/v1/declarations/ (field `kind`; actions approve, refuse, record, withdraw) and
/api/v1/declarations/flags/?year= (and close). An input serializer validates, a service acts, an output
serializer renders; the same rules as the pages (403 role, 404 foreign, 409 refused transition)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from declarations import queries, services
from declarations.models import Declaration, Flag
from portal import audit
from portal.api.permissions import role_permission
from portal.models import User
from portal.params import parse_id


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]
        ref_name = "DeclarationPerson"


class DeclarationSerializer(serializers.ModelSerializer):
    official = PersonSerializer(read_only=True)
    approver = PersonSerializer(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    # Plain strings, not enums: several resources have a "status" with different choices (OpenAPI names clash).
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    disposition = serializers.CharField(read_only=True)
    nature = serializers.CharField(read_only=True)

    class Meta:
        model = Declaration
        fields = ["id", "number", "kind", "kind_display", "status", "status_display", "official", "enterprise",
                  "enterprise_name", "date", "place", "purpose", "paid_by", "late", "outcome", "people",
                  "cost_per_head", "reason", "description", "value", "disposition", "handed_to", "receipt_no",
                  "relative", "relation", "nature", "occasion", "guests", "approver", "decided_at", "decision_note",
                  "created_at"]


class DeclarationInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Declaration.Kind.choices)
    enterprise = serializers.IntegerField(required=False, allow_null=True)
    date = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    purpose = serializers.CharField(required=False, allow_blank=True)
    paid_by = serializers.CharField(required=False, allow_blank=True, max_length=200)
    people = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    cost_per_head = serializers.DecimalField(required=False, allow_null=True, max_digits=8, decimal_places=2,
                                             min_value=0)
    reason = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    value = serializers.DecimalField(required=False, allow_null=True, max_digits=12, decimal_places=2, min_value=0)
    disposition = serializers.ChoiceField(choices=Declaration.Disposition.choices, required=False, allow_blank=True)
    handed_to = serializers.CharField(required=False, allow_blank=True, max_length=200)
    receipt_no = serializers.CharField(required=False, allow_blank=True, max_length=100)
    relative = serializers.CharField(required=False, allow_blank=True, max_length=100)
    relation = serializers.CharField(required=False, allow_blank=True, max_length=50)
    nature = serializers.ChoiceField(choices=Declaration.Nature.choices, required=False, allow_blank=True)
    occasion = serializers.CharField(required=False, allow_blank=True, max_length=200)
    guests = serializers.CharField(required=False, allow_blank=True)


class DeclarationNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DeclarationOutcomeInput(serializers.Serializer):
    outcome = serializers.CharField()


class FlagSerializer(serializers.ModelSerializer):
    official = PersonSerializer(read_only=True)
    closed_by = PersonSerializer(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Flag
        fields = ["id", "kind", "kind_display", "status", "year", "official", "declaration", "enterprise",
                  "enterprise_name", "pairing", "complaint", "visit", "detail", "created_at", "closed_by", "closed_at",
                  "note"]


def _int(value: str | None) -> int | None:
    return parse_id(value)


class DeclarationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Declarations (报备): officials, handlers and dispatchers file theirs; the approver decides event requests;
    oversight and investigators read their jurisdiction's. Filters: ?kind=, ?status=, ?year=."""

    serializer_class = DeclarationSerializer
    permission_classes = [role_permission(*queries.READER_ROLES)]
    queryset = Declaration.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = queries.declarations_visible_to(self.request.user).select_related("official", "approver", "enterprise")
        params = self.request.query_params
        if params.get("kind") in Declaration.Kind.values:
            qs = qs.filter(kind=params["kind"])
        if params.get("status") in Declaration.Status.values:
            qs = qs.filter(status=params["status"])
        if year := _int(params.get("year")):
            qs = qs.filter(date__year=year)
        return qs.order_by("-created_at", "-id")

    def get_object(self):
        return queries.get_declaration_for_user(self.request.user, self.kwargs["pk"])

    def _render(self, declaration: Declaration, code: int = status.HTTP_200_OK) -> Response:
        fresh = queries.get_declaration_for_user(self.request.user, declaration.pk)
        return Response(DeclarationSerializer(fresh).data, status=code)

    @extend_schema(request=DeclarationInput, responses={201: DeclarationSerializer})
    def create(self, request, *args, **kwargs):
        if not services.can_declare(request.user):
            raise PermissionDenied
        serializer = DeclarationInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        kind = data.pop("kind")
        declaration = services.declare(by=request.user, kind=kind, data=data)
        return self._render(declaration, status.HTTP_201_CREATED)

    @extend_schema(request=DeclarationInput, responses=DeclarationSerializer)
    def partial_update(self, request, *args, **kwargs):
        declaration = self.get_object()
        serializer = DeclarationInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "kind"}
        return self._render(services.update_declaration(declaration, by=request.user, data=data))

    @extend_schema(request=DeclarationNoteInput, responses=DeclarationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        serializer = DeclarationNoteInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._render(services.approve(self.get_object(), by=request.user, note=serializer.validated_data["note"]))

    @extend_schema(request=DeclarationNoteInput, responses=DeclarationSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        serializer = DeclarationNoteInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._render(services.refuse(self.get_object(), by=request.user, note=serializer.validated_data["note"]))

    @extend_schema(request=DeclarationOutcomeInput, responses=DeclarationSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        serializer = DeclarationOutcomeInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._render(services.record_outcome(self.get_object(), by=request.user,
                                                    outcome=serializer.validated_data["outcome"]))

    @extend_schema(request=None, responses=DeclarationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._render(services.withdraw(self.get_object(), by=request.user))


class FlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The cross-check's flags (oversight, investigators, admins; scoped to the jurisdiction). ?year=, ?status=."""

    serializer_class = FlagSerializer
    permission_classes = [role_permission(*queries.FLAG_READER_ROLES)]
    queryset = Flag.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        params = self.request.query_params
        return queries.flag_list(self.request.user, year=_int(params.get("year")), status=params.get("status"),
                                 official_id=_int(params.get("official")))

    def get_object(self):
        return queries.get_flag_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("status", str),
                               OpenApiParameter("official", int)])
    def list(self, request, *args, **kwargs):
        audit.record("declaration_flags_read", request=request, year=request.query_params.get("year", ""))
        return super().list(request, *args, **kwargs)

    @extend_schema(request=DeclarationNoteInput, responses=FlagSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        serializer = DeclarationNoteInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        flag = services.close_flag(self.get_object(), by=request.user, note=serializer.validated_data["note"])
        return Response(FlagSerializer(queries.get_flag_for_user(request.user, flag.pk)).data)


def register(router) -> None:
    router.register("declarations/flags", FlagViewSet, basename="declaration-flag")
    router.register("declarations", DeclarationViewSet, basename="declaration")
