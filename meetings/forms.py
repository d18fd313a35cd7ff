from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.forms import BootstrapMixin
from complaints.models import Category
from meetings.models import Meeting
from portal.lookups import UserField
from portal.models import Department, Role, User
from portal.roles import holders


class DateInput(forms.DateInput):
    input_type = "date"


def _departments(jurisdiction_id: int | None):
    qs = Department.objects.filter(is_active=True).order_by("jurisdiction_id", "id")
    return qs.filter(jurisdiction_id=jurisdiction_id) if jurisdiction_id else qs


class MeetingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=200)
    date = forms.DateField(label=_("会议日期"), widget=DateInput())
    convenor_department = forms.ModelChoiceField(Department.objects.none(), label=_("召集部门"))
    convenor = UserField(label=_("召集人"), required=False, help_text=_("默认为本人；输入姓名或用户名，可从提示中选择"))
    members = forms.ModelMultipleChoiceField(Department.objects.none(), label=_("成员单位"), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        departments = _departments(user.jurisdiction_id)
        if not user.has_role(Role.ADMIN, Role.OVERSIGHT, Role.DISPATCHER):
            # A handler convenes for their own department only.
            self.fields["convenor_department"].queryset = departments.filter(pk=user.department_id or 0)
        else:
            self.fields["convenor_department"].queryset = departments
        self.fields["members"].queryset = departments
        people = holders(Role.OFFICIAL) | holders(Role.HANDLER) | holders(Role.DISPATCHER) | holders(Role.OVERSIGHT)
        if user.jurisdiction_id:
            people = people.filter(jurisdiction_id=user.jurisdiction_id)
        self.fields["convenor"].queryset = people.distinct()


class DecideForm(forms.Form):
    department = forms.ModelChoiceField(Department.objects.none(), label=_("责任部门"))
    deadline = forms.DateField(label=_("办结期限"), widget=DateInput())
    action = forms.CharField(label=_("议定措施"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ModelChoiceField(Category.objects.none(), label=_("诉求类别"), required=False)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(meeting.jurisdiction_id)
        self.fields["category"].queryset = Category.objects.filter(jurisdiction_id=meeting.jurisdiction_id,
                                                                   is_active=True)


class CloseForm(BootstrapMixin, forms.Form):
    minutes = forms.CharField(label=_("会议纪要"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
