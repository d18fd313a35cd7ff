from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from party.models import Coverage


@admin.register(Coverage)
class CoverageAdmin(SimpleHistoryAdmin):
    """Read-only: follow-ups change through party.services (audit-logged, history kept)."""

    list_display = ["enterprise", "instructor", "follow_up_on", "organised_on", "updated_at"]
    raw_id_fields = ["enterprise", "instructor", "updated_by"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
