from django.contrib import admin

from meetings.models import AgendaItem, Meeting, MeetingEvent


class ReadOnly(admin.ModelAdmin):
    """Meetings change only through meetings.services (history and audit kept); the admin reads."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ["id", "jurisdiction", "kind", "title", "date", "convenor_department", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["convenor", "created_by", "closed_by"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnly):
    list_display = ["id", "meeting", "source", "enterprise", "status", "department", "deadline", "complaint"]
    list_filter = ["source", "status"]
    raw_id_fields = ["meeting", "visit_problem", "project_problem", "resolution", "enterprise", "carried_from",
                     "complaint", "decided_by", "added_by"]
    show_full_result_count = False


@admin.register(MeetingEvent)
class MeetingEventAdmin(ReadOnly):
    list_display = ["id", "meeting", "action", "actor", "created_at"]
    raw_id_fields = ["meeting", "item", "actor"]
