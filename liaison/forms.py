"""Forms validate input; the services decide. Services' refusals are put back on the form (nothing is lost)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Category
from liaison.models import Chamber, Forum, Resolution, Visit
from portal.lookups import EnterpriseField, EnterpriseMultipleField, UserField, UserMultipleField
from portal.models import Department, Enterprise, Role, User
from portal.roles import holders


def add_service_error(form: forms.Form, exc: Exception) -> None:
    """Put a service's ValidationError or TransitionRefused on the form, on the field it names if any."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    else:
        form.add_error(None, str(exc))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


def _control(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


def official_choices(jurisdiction_id: int | None):
    qs = holders(Role.OFFICIAL).order_by("id")
    return qs.filter(jurisdiction_id=jurisdiction_id) if jurisdiction_id else qs


class PairingForm(forms.Form):
    # Lookups, not selects: a city has tens of thousands of officials and key enterprises (portal/lookups.py).
    official = UserField(label=_("联系领导"), params={"role": Role.OFFICIAL},
                         help_text=_("输入姓名或用户名，可从提示中选择"))
    enterprise = EnterpriseField(label=_("联系企业"), params={"key": "1"},
                                 help_text=_("只能选择重点企业；输入名称或统一社会信用代码，可从提示中选择"))
    start = forms.DateField(label=_("开始日期"), widget=DateInput())
    end = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())
    delegates = UserMultipleField(label=_("委托登记人"), required=False,
                                  help_text=_("可代联系领导登记走访的人员；每行一人，可在上方搜索后点“添加”"))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        jurisdiction_id = None if user.has_role(Role.ADMIN) else user.jurisdiction_id
        self.fields["official"].queryset = official_choices(jurisdiction_id)
        enterprises = Enterprise.objects.filter(is_key=True).order_by("id")
        self.fields["enterprise"].queryset = (
            enterprises.filter(jurisdiction_id=jurisdiction_id) if jurisdiction_id else enterprises)
        staff = User.objects.filter(is_active=True, enterprise__isnull=True).order_by("id")
        self.fields["delegates"].queryset = staff.filter(jurisdiction_id=jurisdiction_id) if jurisdiction_id else staff
        self.initial.setdefault("start", timezone.localdate())
        _control(self)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data


class VisitForm(forms.Form):
    date = forms.DateField(label=_("走访日期"), widget=DateInput())
    form = forms.ChoiceField(label=_("走访形式"), choices=Visit.Form.choices)
    companions = forms.CharField(label=_("陪同人员"), max_length=200, required=False)
    discussed = forms.CharField(label=_("交流内容"), widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label=_("发现问题"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("每行一个问题，可留空"))
    follow_up = forms.CharField(label=_("后续跟进"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    had_meal = forms.BooleanField(label=_("在企业用餐（须另行报备工作餐）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        _control(self)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("走访日期不能晚于今天。"))
        return date

    def problem_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("problems", "").splitlines() if line.strip()]


class DisputeForm(forms.Form):
    reason = forms.CharField(label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)


class ForumForm(forms.Form):
    kind = forms.TypedChoiceField(label=_("会议类型"), choices=Forum.Kind.choices, initial=Forum.Kind.FORUM,
                                  required=False, empty_value=Forum.Kind.FORUM)
    title = forms.CharField(label=_("会议名称"), max_length=200)
    date = forms.DateField(label=_("召开日期"), widget=DateInput())
    time = forms.TimeField(label=_("开始时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("地点"), max_length=200)
    organiser = forms.ModelChoiceField(Department.objects.none(), label=_("组织部门"))
    agenda = forms.CharField(label=_("议程"), widget=forms.Textarea(attrs={"rows": 4}))
    invited_enterprises = EnterpriseMultipleField(label=_("邀请企业"), required=False, params={"key": "1"},
                                                  help_text=_("重点企业，每行一家；可在上方搜索后点“添加”"))
    invited_chambers = forms.ModelMultipleChoiceField(Chamber.objects.none(), label=_("邀请商会/协会"),
                                                      required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        jurisdiction_id = None if user.has_role(Role.ADMIN) else user.jurisdiction_id
        departments = Department.objects.filter(is_active=True).order_by("jurisdiction_id", "id")
        enterprises = Enterprise.objects.order_by("id")
        chambers = Chamber.objects.order_by("id")
        if jurisdiction_id:
            departments = departments.filter(jurisdiction_id=jurisdiction_id)
            enterprises = enterprises.filter(jurisdiction_id=jurisdiction_id)
            chambers = chambers.filter(jurisdiction_id=jurisdiction_id)
        self.fields["organiser"].queryset = departments
        # Forums invite key enterprises (measure 一); others can be added in the admin.
        self.fields["invited_enterprises"].queryset = enterprises.filter(is_key=True)
        self.fields["invited_chambers"].queryset = chambers
        dispatch = departments.filter(kind=Department.Kind.DISPATCH).first()
        self.initial.setdefault("organiser", user.department_id or (dispatch.pk if dispatch else None))
        _control(self)

    def clean_invited_enterprises(self):
        return list(self.cleaned_data["invited_enterprises"])


class HoldForumForm(forms.Form):
    attended_enterprises = forms.ModelMultipleChoiceField(Enterprise.objects.none(), label=_("到会企业"),
                                                          required=False, widget=forms.CheckboxSelectMultiple)
    attended_chambers = forms.ModelMultipleChoiceField(Chamber.objects.none(), label=_("到会商会/协会"),
                                                       required=False, widget=forms.CheckboxSelectMultiple)
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended_enterprises"].queryset = forum.invited_enterprises.all()
        self.fields["attended_chambers"].queryset = forum.invited_chambers.all()
        _control(self)


class CancelForumForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)


class ResolutionForm(forms.Form):
    text = forms.CharField(label=_("议定事项"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("类型"), choices=Resolution.Kind.choices)
    owner = UserField(label=_("责任人"), required=False)
    enterprise = forms.ModelChoiceField(Enterprise.objects.none(), label=_("涉及企业"), required=False)
    due = forms.DateField(label=_("完成期限"), required=False, widget=DateInput())

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, enterprise__isnull=True, jurisdiction_id=forum.jurisdiction_id).order_by("id")
        self.fields["enterprise"].queryset = forum.invited_enterprises.all()
        _control(self)


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    enterprise = EnterpriseField(label=_("建设单位"), required=False, params={"key": "1"},
                                 help_text=_("重点企业；输入名称或统一社会信用代码，可从提示中选择"))
    lead_department = forms.ModelChoiceField(Department.objects.none(), label=_("牵头部门"))
    members = UserMultipleField(label=_("专班成员"), required=False)
    planned_investment = forms.DecimalField(label=_("计划总投资（万元）"), required=False, min_value=0,
                                            max_digits=14, decimal_places=2)
    description = forms.CharField(label=_("项目概况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        jurisdiction_id = None if user.has_role(Role.ADMIN) else user.jurisdiction_id
        departments = Department.objects.filter(is_active=True).order_by("jurisdiction_id", "id")
        enterprises = Enterprise.objects.order_by("id")
        staff = User.objects.filter(is_active=True, enterprise__isnull=True).order_by("id")
        if jurisdiction_id:
            departments = departments.filter(jurisdiction_id=jurisdiction_id)
            enterprises = enterprises.filter(jurisdiction_id=jurisdiction_id)
            staff = staff.filter(jurisdiction_id=jurisdiction_id)
        self.fields["lead_department"].queryset = departments
        # Key projects are built by key enterprises; a 100k directory would not fit in a select.
        self.fields["enterprise"].queryset = enterprises.filter(is_key=True)
        self.fields["members"].queryset = staff
        _control(self)


class ReportForm(forms.Form):
    month = forms.DateField(label=_("月份"), widget=MonthInput(), input_formats=["%Y-%m", "%Y-%m-%d"])
    progress = forms.CharField(label=_("形象进度"), widget=forms.Textarea(attrs={"rows": 3}))
    investment_month = forms.DecimalField(label=_("本月完成投资（万元）"), min_value=0, max_digits=14, decimal_places=2)
    investment_total = forms.DecimalField(label=_("累计完成投资（万元）"), min_value=0, max_digits=14, decimal_places=2)
    problems = forms.CharField(label=_("存在问题"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("每行一个问题；行首加“#”表示提交联席会议研究"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.initial.setdefault("month", (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1))
        _control(self)

    def problem_rows(self) -> list[tuple[str, bool]]:
        rows = []
        for line in self.cleaned_data.get("problems", "").splitlines():
            line = line.strip()
            if line:
                joint = line.startswith("#")
                rows.append((line.lstrip("#").strip(), joint))
        return rows


class ConvertProblemForm(forms.Form):
    """Turn a problem into a complaint on the enterprise's behalf: the category routes it."""

    category = forms.ModelChoiceField(Category.objects.none(), label=_("诉求类别"), empty_label=None)
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, jurisdiction_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(jurisdiction_id=jurisdiction_id, is_active=True)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field, forms.ModelChoiceField) else "form-control")
