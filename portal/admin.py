from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import F, OuterRef
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin as DrfTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from portal import accounts, lockout, services, tokens
from portal.models import Department, Enterprise, Holiday, JoinRequest, Jurisdiction, Notification, SecurityEvent, User
from portal.queries import count_of

# API tokens: stored as digests (portal/tokens.py) and issued only by POST /api/v1/auth/token/. The admin lists
# whose token exists and until when, never a key, and may only revoke one (delete).
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(DrfTokenAdmin):
    """DRF's token admin (its pages are addressed by the user's id, it has no bulk actions) without the key."""

    list_display = ["user", "created", "expires"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "created", "expires"]
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("到期时间"))
    def expires(self, obj):
        return tokens.expires_at(obj)


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
    list_display = ["username", "full_name", "jurisdiction", "department", "enterprise", "pending_join",
                    "enterprise_accounts", "is_active", "last_login"]
    list_select_related = ["jurisdiction", "department", "enterprise", "join_request__enterprise"]
    list_filter = ["is_active", "groups", "jurisdiction", "department"]
    search_fields = ["username", "full_name", "email", "enterprise__name"]
    raw_id_fields = ["enterprise"]
    show_full_result_count = False  # one COUNT over a city-sized table per page, not two
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("单位与岗位"), {"fields": ("full_name", "phone", "title", "jurisdiction", "department", "enterprise")}),
    )
    actions = ["activate", "unlock"]

    def get_queryset(self, request):
        # How many accounts the user's enterprise has — or the enterprise a pending registration asks to join.
        target = Coalesce(F("enterprise_id"), F("join_request__enterprise_id"))
        return super().get_queryset(request).annotate(
            _enterprise_id=target, _accounts=count_of(User.objects.filter(enterprise_id=OuterRef("_enterprise_id"))))

    @admin.display(description=_("申请加入"))
    def pending_join(self, obj: User) -> str:
        join = getattr(obj, "join_request", None) if obj.enterprise_id is None else None
        if join is None:
            return ""
        return f"{join.enterprise.name}（{join.get_status_display()}）"

    @admin.display(description=_("企业已有账号"), ordering="_accounts")
    def enterprise_accounts(self, obj: User):
        return obj._accounts if obj._enterprise_id else "—"

    @admin.action(description=_("激活所选账号"))
    def activate(self, request, queryset):
        """Activate; an account that asks to join an enterprise that already has accounts joins it only after the
        admin has read, on a confirmation page, how many accounts that enterprise has."""
        users = list(queryset.filter(is_active=False).select_related("join_request__enterprise"))
        joins = [u.join_request for u in users if u.enterprise_id is None and hasattr(u, "join_request")
                 and u.join_request.status == JoinRequest.Status.PENDING]
        counts = accounts.account_counts(j.enterprise_id for j in joins)
        if joins and request.POST.get("confirm") != "yes":
            rows = [(j, counts.get(j.enterprise_id, 0)) for j in joins]
            return TemplateResponse(request, "admin/portal/user/activate_confirmation.html", {
                **self.admin_site.each_context(request), "title": _("确认激活"), "rows": rows, "users": users,
                "opts": self.model._meta, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            })
        count = 0
        for user in users:
            join = next((j for j in joins if j.user_id == user.pk), None)
            if join is not None:
                accounts.approve_join(join, by=request.user)
                self.message_user(request, _("%(u)s 已加入“%(e)s”（此前该企业已有%(c)d个账号）。") % {
                    "u": user.username, "e": join.enterprise.name, "c": counts.get(join.enterprise_id, 0)},
                    messages.WARNING)
            else:
                services.activate_user(user, by=request.user)
            count += 1
        self.message_user(request, _("已激活 %(n)d 个账号。") % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("解除所选账号的登录锁定"))
    def unlock(self, request, queryset):
        names = list(queryset.values_list("username", flat=True)[:500])
        for name in names:
            lockout.unlock(name, by=request.user, request=request, via="admin")
        self.message_user(request, _("已解除 %(n)d 个账号的登录锁定。") % {"n": len(names)}, messages.SUCCESS)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security audit log, read-only (the search page for oversight is /audit/)."""

    list_display = ["at", "event", "result", "username", "ip", "path", "object_type", "object_id"]
    list_filter = ["event", "result"]
    search_fields = ["username", "=ip"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at", "email_status"]
    list_filter = ["email_status"]
    search_fields = ["subject", "recipient__username"]
    raw_id_fields = ["recipient"]
    show_full_result_count = False  # one COUNT over a city-sized table per page, not two

    def get_queryset(self, request):
        # A conduct reporter's messages about their own report would name them: the admin never shows those
        # (list, search, change page alike) — only the recipient's inbox does.
        return super().get_queryset(request).filter(confidential=False)


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    """Registrations asking to join an enterprise that already has accounts; decided by the enterprise's users
    (/accounts/join-requests/) or by activating the account in the user list."""

    list_display = ["user", "enterprise", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "enterprise", "decided_by"]
    search_fields = ["user__username", "enterprise__name", "enterprise__credit_code"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """The working-day calendar's exceptions; deadlines are counted from these rows."""

    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
