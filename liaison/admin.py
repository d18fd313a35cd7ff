from django import forms
from django.contrib import admin

from liaison import services
from liaison.models import (
    Chamber,
    Forum,
    InspectionReport,
    KeyProject,
    Pairing,
    ProjectProblem,
    Resolution,
    Visit,
    VisitProblem,
)


class PairingAdminForm(forms.ModelForm):
    class Meta:
        model = Pairing
        fields = ["official", "enterprise", "start", "end", "delegates"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("official") and data.get("enterprise") and data.get("start"):
            reason = services.pairing_refusal(official=data["official"], enterprise=data["enterprise"],
                                              start=data["start"], end=data.get("end"))
            if reason:
                raise forms.ValidationError(reason)
        return data


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    """New pairings go through services.create_pairing, so the admin enforces the same limit as the page."""

    form = PairingAdminForm
    list_display = ["official", "enterprise", "start", "end"]
    list_filter = ["enterprise__jurisdiction"]
    search_fields = ["official__full_name", "official__username", "enterprise__name"]
    raw_id_fields = ["official", "enterprise"]
    autocomplete_fields = ["delegates"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = services.create_pairing(official=obj.official, enterprise=obj.enterprise, start=obj.start,
                                          end=obj.end, by=request.user)
        obj.pk, obj.created_by, obj.created_at = created.pk, created.created_by, created.created_at
        obj._state.adding = False


# At city scale a select of every complaint, enterprise or user is hundreds of megabytes (a visit's change page
# took 226 s with 1M complaints): related rows are picked by id or by autocomplete, never listed whole.
class VisitProblemInline(admin.TabularInline):
    model = VisitProblem
    extra = 0
    raw_id_fields = ["complaint"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["pairing", "date", "form", "status", "logged_by"]
    list_filter = ["status", "form"]
    search_fields = ["pairing__enterprise__name", "discussed"]
    raw_id_fields = ["pairing", "logged_by", "answered_by"]
    show_full_result_count = False  # one COUNT over a city-sized table per page, not two
    inlines = [VisitProblemInline]


@admin.register(Chamber)
class ChamberAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "contact", "account"]
    list_filter = ["jurisdiction"]
    search_fields = ["name"]
    raw_id_fields = ["account"]


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 0
    raw_id_fields = ["owner", "enterprise", "complaint"]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "jurisdiction", "organiser", "status"]
    list_filter = ["jurisdiction", "kind", "status"]
    search_fields = ["title", "place"]
    filter_horizontal = ["invited_chambers", "attended_chambers"]
    autocomplete_fields = ["invited_enterprises", "attended_enterprises"]
    raw_id_fields = ["created_by", "held_recorded_by"]
    inlines = [ResolutionInline]


@admin.register(KeyProject)
class KeyProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "lead_department", "is_active"]
    list_filter = ["jurisdiction", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["members"]
    raw_id_fields = ["enterprise"]


class ProjectProblemInline(admin.TabularInline):
    model = ProjectProblem
    extra = 0
    raw_id_fields = ["complaint"]


@admin.register(InspectionReport)
class InspectionReportAdmin(admin.ModelAdmin):
    list_display = ["project", "month", "investment_month", "investment_total", "submitted_by", "submitted_at"]
    list_filter = ["project__jurisdiction"]
    raw_id_fields = ["project", "submitted_by"]
    inlines = [ProjectProblemInline]

