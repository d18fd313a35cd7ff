from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.lookups import UserField
from portal.models import User


class CoverageForm(forms.Form):
    instructor = UserField(label=_("党建指导员"), required=False)
    follow_up_on = forms.DateField(label=_("跟进日期"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date", "class": "form-control"},
                                                          format="%Y-%m-%d"))
    note = forms.CharField(label=_("跟进情况"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff of the enterprise's jurisdiction: the instructor is reminded there.
        self.fields["instructor"].queryset = User.objects.filter(
            is_active=True, enterprise__isnull=True, jurisdiction_id=enterprise.jurisdiction_id)


class OrganisedForm(forms.Form):
    organised_on = forms.DateField(label=_("党组织建立日期"),
                                   widget=forms.DateInput(attrs={"type": "date", "class": "form-control"},
                                                          format="%Y-%m-%d"))
