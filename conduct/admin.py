"""Admins edit, add, reorder and retire rules here; simple_history records who changed what.

Conduct reports are deliberately NOT in the admin: only investigators may read them, through their pages.
Integrity entries are shown read-only: their workflow (propose → approve → publish) runs through services.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from conduct import services
from conduct.models import IntegrityEntry, Register, Rule
from portal.admin import ReadOnlyAdmin
from portal.errors import TransitionRefused


class RuleInline(admin.TabularInline):
    model = Rule
    fields = ["number", "order", "text", "effective_from", "retired_at"]
    extra = 0
    show_change_link = True


@admin.register(Register)
class RegisterAdmin(SimpleHistoryAdmin):
    list_display = ["title", "short_name", "jurisdiction", "binds", "kind", "is_draft", "effective_from", "order"]
    list_editable = ["order"]
    list_filter = ["jurisdiction", "binds", "kind"]
    search_fields = ["title", "short_name", "source_document"]


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "short_text", "order", "effective_from", "retired_at"]
    list_editable = ["order"]
    list_filter = ["register", ("retired_at", admin.EmptyFieldListFilter)]
    list_select_related = ["register"]
    search_fields = ["text"]
    fields = ["register", "number", "text", "effective_from", "retired_at", "order"]
    actions = ["retire", "restore"]

    @admin.display(description=_("条文"))
    def short_text(self, obj: Rule) -> str:
        return obj.text if len(obj.text) <= 50 else obj.text[:50] + "…"

    @admin.action(description=_("废止所选条文"))
    def retire(self, request, queryset):
        done = 0
        for rule in queryset.filter(retired_at__isnull=True):
            try:
                services.retire_rule(rule, by=request.user)
                done += 1
            except TransitionRefused as exc:
                self.message_user(request, str(exc), messages.ERROR)
        self.message_user(request, _("已废止 %(n)d 条。") % {"n": done})

    @admin.action(description=_("恢复所选条文"))
    def restore(self, request, queryset):
        done = 0
        for rule in queryset.filter(retired_at__isnull=False):
            services.restore_rule(rule, by=request.user)
            done += 1
        self.message_user(request, _("已恢复 %(n)d 条。") % {"n": done})


@admin.register(IntegrityEntry)
class IntegrityEntryAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "list", "status", "valid_from", "valid_until"]
    list_filter = ["list", "status"]
    search_fields = ["enterprise__name"]
    exclude = ["basis_report"]
