"""API resources: policies (published ones readable without login; staff draft and publish) and consultations
(readable without login with paragraphs and published responses; enterprises comment per paragraph)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from liaison.models import Forum
from policies import queries, services
from policies.models import Comment, Consultation, ConsultationVersion, Paragraph, Policy, Size, Topic, tokens
from portal.models import Department, Role

# ---- policies ------------------------------------------------------------------------------------


class PolicySerializer(serializers.ModelSerializer):
    department = serializers.SerializerMethodField()
    jurisdiction = serializers.CharField(source="jurisdiction.code", read_only=True)
    liaison_officer = serializers.SerializerMethodField()
    industries = serializers.SerializerMethodField()
    sizes = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True)
    topic = serializers.CharField(read_only=True)

    class Meta:
        model = Policy
        fields = ["id", "title", "number", "department", "jurisdiction", "liaison_officer", "issued_on",
                  "effective_from", "expires_on", "topic", "summary", "body", "industries", "sizes", "areas", "tags",
                  "status", "published_at"]

    def get_department(self, obj) -> dict:
        return {"id": obj.department_id, "name": obj.department.name}

    def get_liaison_officer(self, obj) -> dict | None:
        officer = obj.department.liaison_officer
        return {"name": officer.display_name, "title": officer.title} if officer else None

    def get_industries(self, obj) -> list[str]:
        return tokens(obj.industries)

    def get_sizes(self, obj) -> list[str]:
        return tokens(obj.sizes)

    def get_areas(self, obj) -> list[str]:
        return tokens(obj.areas)

    def get_tags(self, obj) -> list[str]:
        return tokens(obj.tags)


class PolicyInputSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True), required=False)
    title = serializers.CharField(max_length=200)
    number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    effective_from = serializers.DateField(required=False, allow_null=True, default=None)
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    topic = serializers.ChoiceField(choices=Topic.choices, required=False, default=Topic.OTHER)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    body = serializers.CharField()
    industries = serializers.ListField(child=serializers.CharField(max_length=8), required=False, default=list)
    sizes = serializers.ListField(child=serializers.ChoiceField(choices=Size.choices), required=False, default=list)
    areas = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list)
    tags = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list)


class PolicyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """Published policies for anybody (filters as on /policies/: q, department, jurisdiction, topic, industry,
    size, year); drafts also for the issuing department's handlers and admins, who create drafts and publish."""

    serializer_class = PolicySerializer
    permission_classes = [AllowAny]
    queryset = Policy.objects.none()

    def get_queryset(self):
        qs = queries.policies_visible_to(self.request.user).select_related(
            "department", "department__liaison_officer", "jurisdiction")
        return queries.filter_policies(qs, self.request.query_params).order_by("-published_at", "-id")

    def get_object(self):
        return queries.get_policy_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=PolicyInputSerializer, responses={201: PolicySerializer})
    def create(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            raise NotAuthenticated
        if not user.has_role(Role.HANDLER, Role.ADMIN):
            raise PermissionDenied(_("只有发文部门的承办人（政策联络员）或管理员可以起草政策。"))
        serializer = PolicyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = dict(serializer.validated_data)
        department = d.pop("department", None) or user.department
        if department is None:
            raise serializers.ValidationError({"department": _("请选择发文部门。")})
        policy = services.create_policy(by=user, department=department, **d)
        return Response(PolicySerializer(queries.get_policy_for_user(user, policy.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PolicySerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        if not request.user.is_authenticated:
            raise NotAuthenticated
        policy = services.publish_policy(self.get_object(), by=request.user)
        return Response(PolicySerializer(queries.get_policy_for_user(request.user, policy.pk)).data)


# ---- consultations -------------------------------------------------------------------------------


class ParagraphSerializer(serializers.ModelSerializer):
    class Meta:
        model = Paragraph
        fields = ["id", "number", "text"]


class VersionSerializer(serializers.ModelSerializer):
    paragraphs = ParagraphSerializer(many=True, read_only=True)

    class Meta:
        model = ConsultationVersion
        fields = ["number", "note", "created_at", "paragraphs"]


class ResponseSerializer(serializers.ModelSerializer):
    """One row of the published response table; the enterprise is named only if it chose so."""

    paragraph = serializers.IntegerField(source="paragraph.number", read_only=True)
    author = serializers.CharField(source="public_author", read_only=True)
    author_kind = serializers.CharField(read_only=True, help_text="enterprise or chamber")
    decision = serializers.CharField(read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "paragraph", "author", "author_kind", "text", "decision", "reason", "answered_at"]


class HearingSerializer(serializers.ModelSerializer):
    """A 听证会/论证会 held on the draft (a liaison forum of kind hearing)."""

    status = serializers.CharField(read_only=True)

    class Meta:
        model = Forum
        fields = ["id", "title", "date", "place", "status"]


class ConsultationSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name", read_only=True)
    jurisdiction = serializers.CharField(source="jurisdiction.code", read_only=True)
    phase = serializers.SerializerMethodField()
    versions = VersionSerializer(many=True, read_only=True)
    responses = serializers.SerializerMethodField()
    register = serializers.SlugRelatedField(slug_field="key", read_only=True,
                                            help_text="the conduct register this is a draft of (its key), if any")
    hearings = HearingSerializer(many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = ["id", "title", "summary", "department", "jurisdiction", "policy", "register", "opens_on",
                  "closes_on", "phase", "hearings", "versions", "response_note", "responded_at", "responses"]

    def get_phase(self, obj) -> str:
        return obj.phase()

    @extend_schema(responses=ResponseSerializer(many=True))
    def get_responses(self, obj) -> list[dict]:
        return ResponseSerializer(getattr(obj, "published_comments", []), many=True).data


class CommentInputSerializer(serializers.Serializer):
    paragraph = serializers.IntegerField(min_value=1, help_text="the paragraph's number in the draft put out for comment")
    text = serializers.CharField(max_length=3000)
    show_name = serializers.BooleanField(required=False, default=False)


class OwnCommentSerializer(serializers.ModelSerializer):
    paragraph = serializers.IntegerField(source="paragraph.number", read_only=True)
    decision = serializers.CharField(read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "paragraph", "text", "show_name", "created_at", "decision", "reason"]


class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    """Consultations put out for comment, with every version's paragraphs and, once published, the response
    table; readable without login. A logged-in enterprise comments with POST …/comments/ (paragraph, text)."""

    serializer_class = ConsultationSerializer
    permission_classes = [AllowAny]
    queryset = Consultation.objects.none()

    def get_queryset(self):
        return queries.with_texts(queries.consultations_visible_to(self.request.user)).order_by("-opens_on", "-id")

    def get_object(self):
        return queries.get_consultation_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=CommentInputSerializer, responses={201: OwnCommentSerializer})
    @action(detail=True, methods=["post"])
    def comments(self, request, pk=None):
        if not request.user.is_authenticated:
            raise NotAuthenticated
        consultation = self.get_object()
        serializer = CommentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        paragraph = Paragraph.objects.select_related("version").filter(
            version__consultation=consultation, version__number=1, number=d["paragraph"]).first()
        if paragraph is None:
            raise serializers.ValidationError({"paragraph": _("征求意见稿中没有该段落。")})
        comment = services.add_comment(consultation, by=request.user, paragraph=paragraph, text=d["text"],
                                       show_name=d["show_name"])
        return Response(OwnCommentSerializer(comment).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("policies", PolicyViewSet, basename="policy")
    router.register("consultations", ConsultationViewSet, basename="consultation")
