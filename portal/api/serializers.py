from rest_framework import serializers

from portal.models import Department, Enterprise, Jurisdiction, Notification, User


class JurisdictionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["id", "code", "name", "pairing_limit", "visit_quota", "forum_target"]


class DepartmentSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "name", "kind", "jurisdiction", "is_active"]


class EnterpriseSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id", "name", "credit_code", "jurisdiction", "industry", "is_key", "address", "legal_representative",
            "contact_name", "contact_phone", "party_member_count", "has_party_organisation",
        ]


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "subject", "body", "url", "created_at", "read_at", "is_read"]

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    primary_role = serializers.CharField(read_only=True)
    department = DepartmentSerializer(read_only=True, allow_null=True)
    enterprise = EnterpriseSerializer(read_only=True, allow_null=True)
    jurisdiction = JurisdictionSerializer(read_only=True, allow_null=True)
    unread_notifications = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id", "username", "full_name", "email", "phone", "title", "roles", "primary_role", "jurisdiction",
            "department", "enterprise", "unread_notifications",
        ]

    def get_roles(self, obj) -> list[str]:
        return sorted(obj.roles)

    def get_unread_notifications(self, obj) -> int:
        return obj.notifications.filter(read_at__isnull=True).count()
