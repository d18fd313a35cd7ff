from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from declarations.models import Declaration, DeclarationSettings, Flag


@admin.register(DeclarationSettings)
class DeclarationSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["jurisdiction", "hospitality_standard", "gift_threshold", "interest_due_month", "interest_due_day",
                    "approver"]
    raw_id_fields = ["approver"]


@admin.register(Declaration)
class DeclarationAdmin(SimpleHistoryAdmin):
    """Read-only: declarations change only through declarations.services (history kept, nothing deleted)."""

    list_display = ["id", "kind", "official", "enterprise", "date", "status", "created_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["official", "enterprise", "approver"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Flag)
class FlagAdmin(SimpleHistoryAdmin):
    list_display = ["id", "kind", "official", "enterprise", "year", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["official", "enterprise", "declaration", "pairing", "complaint", "visit", "closed_by"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
