"""Admin: categories and routing rules are edited here; complaints are read here (the workflow lives in services)."""

from django.contrib import admin

from complaints.models import Attachment, Category, Complaint, Evaluation, Event, Request
from portal.admin import ReadOnlyAdmin


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "default_department", "sign_days", "answer_days", "is_active", "order"]
    list_filter = ["jurisdiction", "is_active"]
    list_editable = ["sign_days", "answer_days", "is_active", "order"]
    search_fields = ["name"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "default_department" in form.base_fields:
            form.base_fields["default_department"].queryset = obj.jurisdiction.departments.filter(is_active=True)
        return form


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = Event
    fields = ["created_at", "actor", "action", "from_status", "to_status", "note", "public"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["name", "content_type", "size", "uploaded_by", "created_at"]


class RequestInline(ReadOnlyInline):
    model = Request
    fields = ["kind", "status", "department", "reason", "new_deadline", "requested_by", "decided_by", "decision_note"]


class EvaluationInline(ReadOnlyInline):
    model = Evaluation
    fields = ["rating", "reason", "comment", "department", "rated_by", "created_at"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    """Read-only: every change of state goes through complaints.services (pages and API)."""

    list_display = ["number", "title", "enterprise", "category", "department", "status", "answer_deadline",
                    "supervised", "created_at"]
    # A date filter, not date_hierarchy: the hierarchy's DISTINCT/MIN/MAX over 1M rows cost 0.7 s per page.
    list_filter = ["status", "supervised", "jurisdiction", "category", "department", "created_at"]
    search_fields = ["number", "title", "enterprise__name"]
    list_select_related = ["enterprise", "category", "department"]
    show_full_result_count = False  # one COUNT over a city-sized table per page, not two
    inlines = [AttachmentInline, RequestInline, EvaluationInline, EventInline]
