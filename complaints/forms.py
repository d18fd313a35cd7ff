from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Category, Complaint
from portal.forms import SubmitOnceMixin
from portal.lookups import EnterpriseField
from portal.models import Department, Enterprise
from portal.uploads import MultipleFileField


class BootstrapMixin:
    """Give every widget Bootstrap's classes (the shared form_fields snippet draws them as they are)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return _("%(name)s（%(days)d个工作日内答复）") % {"name": obj.name, "days": obj.answer_days}


class ComplaintForm(BootstrapMixin, SubmitOnceMixin, forms.Form):
    """File a complaint; an official also picks the enterprise and says where the problem came from."""

    enterprise = EnterpriseField(label=_("企业"), required=False)
    category = CategoryChoiceField(
        Category.objects.none(), label=_("诉求类别"), empty_label=_("请选择类别"),
        help_text=_("举报公职人员违反政商交往规范，请使用“违规举报”（实名保密，由监察审计局受理），不要作为诉求提交。"))
    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    source = forms.CharField(label=_("来源"), max_length=100, required=False, help_text=_("如：走访 2026-05-01"))
    attachments = MultipleFileField(label=_("附件"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.enterprise_id and not user.has_role("official"):
            jurisdiction_id = user.enterprise.jurisdiction_id
            del self.fields["enterprise"]
            del self.fields["source"]
        else:
            jurisdiction_id = user.jurisdiction_id
            self.fields["enterprise"].required = True
            self.fields["enterprise"].queryset = Enterprise.objects.filter(jurisdiction_id=jurisdiction_id)
        self.fields["category"].queryset = Category.objects.filter(jurisdiction_id=jurisdiction_id, is_active=True)


class AssignForm(BootstrapMixin, forms.Form):
    department = forms.ModelChoiceField(Department.objects.none(), label=_("承办部门"), empty_label=_("请选择部门"))
    note = forms.CharField(label=_("分办意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            jurisdiction_id=complaint.jurisdiction_id, is_active=True)
        # The category's routing rule suggests the department (or, after a reopen, the one that had it).
        suggested = complaint.category.default_department_id or complaint.department_id
        self.fields["department"].initial = suggested


class BulkAssignForm(BootstrapMixin, forms.Form):
    """The inbox's 批量分办: one department for the ticked rows (their ids come as a list, see the view)."""

    department = forms.ModelChoiceField(Department.objects.none(), label=_("承办部门"), empty_label=_("请选择部门"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(is_active=True)
        if user.jurisdiction_id:
            departments = departments.filter(jurisdiction_id=user.jurisdiction_id)
        self.fields["department"].queryset = departments


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class AnswerForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)


class ResponderAnswerForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("说明（诉求为何多次转办、您做了哪些协调）"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=5000)


class ExtensionForm(BootstrapMixin, forms.Form):
    new_deadline = forms.DateField(label=_("延期至"), widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("最多延长10个工作日，只能延期一次。"))
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class DecisionForm(BootstrapMixin, forms.Form):
    approve = forms.TypedChoiceField(label=_("审批结果"), coerce=lambda v: v == "1",
                                     choices=[("1", _("同意")), ("0", _("驳回"))], widget=forms.RadioSelect)
    note = forms.CharField(label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("approve") is False and not (data.get("note") or "").strip():
            self.add_error("note", _("驳回时请填写理由。"))
        return data


class RateForm(BootstrapMixin, forms.Form):
    rating = forms.ChoiceField(label=_("满意度"), choices=Complaint.Rating.choices, widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("不满意原因"), required=False,
                               choices=[("", _("请选择原因")), *Complaint.Reason.choices])
    comment = forms.CharField(label=_("评价说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("rating") == Complaint.Rating.DISSATISFIED:
            if not data.get("reason"):
                self.add_error("reason", _("选择“不满意”时请选择原因。"))
            elif data["reason"] == Complaint.Reason.OTHER and not (data.get("comment") or "").strip():
                self.add_error("comment", _("原因选择“其他”时请填写说明。"))
        return data


class SuperviseForm(BootstrapMixin, forms.Form):
    notice = forms.CharField(label=_("督办意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class NoticeForm(BootstrapMixin, forms.Form):
    """督办通知: what the department must do, and by when it must answer."""

    instruction = forms.CharField(label=_("督办要求"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    # ISO format: a date input shows nothing for a localised value such as 2026/04/03.
    deadline = forms.DateField(label=_("反馈期限"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                               help_text=_("被督办部门须在此日期前书面反馈。"))


class NoticeAnswerForm(BootstrapMixin, forms.Form):
    response = forms.CharField(label=_("反馈内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000,
                               help_text=_("已采取的措施、办理进展和预计办结时间。"))
