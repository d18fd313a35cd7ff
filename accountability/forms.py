from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accountability import queries
from accountability.models import Case, Measure
from complaints.forms import BootstrapMixin


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name}（{obj.department.name}）" if obj.department_id else obj.display_name


class CaseForm(BootstrapMixin, forms.Form):
    target = forms.ChoiceField(label=_("问责对象类型"), choices=Case.Target.choices, initial=Case.Target.DEPARTMENT)
    department = forms.ModelChoiceField(label=_("被问责部门"), queryset=None, required=False,
                                        help_text=_("对象为部门时必选"))
    official = OfficialChoiceField(label=_("被问责干部"), queryset=None, required=False,
                                   help_text=_("对象为干部个人时必选；计入其所在部门的考核"))
    grounds = forms.CharField(label=_("问责事由及依据"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    facts = forms.CharField(label=_("查明事实"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    measure = forms.ChoiceField(label=_("问责方式"), choices=Measure.choices)
    decided_on = forms.DateField(label=_("决定日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    decided_by = forms.CharField(label=_("决定机关"), max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = queries.departments_of(user)
        self.fields["official"].queryset = queries.officials_of(user)

    def clean(self):
        data = super().clean()
        target = data.get("target")
        if target == Case.Target.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("请选择被问责部门。"))
        if target == Case.Target.OFFICIAL and not data.get("official"):
            self.add_error("official", _("请选择被问责干部。"))
        return data


class ReviseForm(BootstrapMixin, forms.Form):
    grounds = forms.CharField(label=_("问责事由及依据"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    facts = forms.CharField(label=_("查明事实"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    measure = forms.ChoiceField(label=_("问责方式"), choices=Measure.choices)
    decided_on = forms.DateField(label=_("决定日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    decided_by = forms.CharField(label=_("决定机关"), max_length=100)
    note = forms.CharField(label=_("修改原因"), max_length=100)
