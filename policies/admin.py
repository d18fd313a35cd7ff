"""Admin: enterprise profiles are edited here; policies and consultations are read here (changes go through
policies.services, where publishing queues the push)."""

from django.contrib import admin

from policies.models import Comment, Consultation, EnterpriseProfile, FaqEntry, Policy, PolicyQuestion
from portal.admin import ReadOnlyAdmin


@admin.register(EnterpriseProfile)
class EnterpriseProfileAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "industry_code", "size", "area", "tags"]
    list_filter = ["size"]
    search_fields = ["enterprise__name", "industry_code", "area"]
    raw_id_fields = ["enterprise"]
    show_full_result_count = False


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "department", "status", "published_at", "matched_count"]
    list_filter = ["status", "topic", "jurisdiction"]
    search_fields = ["title", "number"]


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    """An admin may correct or withdraw an FAQ entry (it names no enterprise)."""

    list_display = ["policy", "question", "published_at"]
    raw_id_fields = ["policy", "source"]
    readonly_fields = ["published_by", "published_at"]


@admin.register(PolicyQuestion)
class PolicyQuestionAdmin(ReadOnlyAdmin):
    list_display = ["policy", "complaint", "consent_faq", "created_at"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["title", "department", "opens_on", "closes_on", "status"]
    list_filter = ["status", "jurisdiction"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "paragraph", "enterprise", "decision", "created_at"]
    list_filter = ["decision"]
