from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin

from portal import services
from portal.models import Department, Enterprise, Holiday, Jurisdiction, Notification, User

# API tokens: the user by id, as DRF's documentation advises for many users (a select of a city's users was
# 3 MB and 4 s per page).
TokenAdmin.raw_id_fields = ["user"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """For models whose every change goes through a service (pages and API): the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "pairing_limit", "visit_quota", "forum_target"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "kind", "head", "liaison_officer", "is_active"]
    list_filter = ["jurisdiction", "kind", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["head", "liaison_officer"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "jurisdiction", "industry", "is_key", "party_member_count", "has_party_organisation"]
    list_filter = ["jurisdiction", "is_key", "has_party_organisation"]
    search_fields = ["name", "credit_code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "jurisdiction", "department", "enterprise", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "jurisdiction", "department"]
    search_fields = ["username", "full_name", "email", "enterprise__name"]
    raw_id_fields = ["enterprise"]
    show_full_result_count = False  # one COUNT over a city-sized table per page, not two
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("单位与岗位"), {"fields": ("full_name", "phone", "title", "jurisdiction", "department", "enterprise")}),
    )
    actions = ["activate"]

    @admin.action(description=_("激活所选账号"))
    def activate(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=False):
            services.activate_user(user, by=request.user)
            count += 1
        self.message_user(request, _("已激活 %(n)d 个账号。") % {"n": count}, messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at", "email_status"]
    list_filter = ["email_status"]
    search_fields = ["subject", "recipient__username"]
    raw_id_fields = ["recipient"]
    show_full_result_count = False  # one COUNT over a city-sized table per page, not two


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """The working-day calendar's exceptions; deadlines are counted from these rows."""

    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
