from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conduct.models import ConductReport, IntegrityEntry, Register, Rule
from conduct.queries import reports_visible_to
from portal.forms import SubmitOnceMixin
from portal.lookups import EnterpriseField
from portal.models import Enterprise
from portal.uploads import MultipleFileField

# The form offers only the reporter's own jurisdiction's prohibitions; a posted id outside them is one of these.
CITE_OWN_PROHIBITIONS = _("所选条文不能作为举报依据：只能引用本辖区规范清单中的禁止性条文，正面清单的鼓励事项不能引用。")


class RuleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Rule) -> str:
        text = obj.text if len(obj.text) <= 60 else obj.text[:60] + "…"
        return f"{obj.register.name} {obj.label} {text}"


class ReportForm(SubmitOnceMixin, forms.Form):
    rules = RuleChoiceField(
        label=_("涉及的规范条文"), queryset=Rule.objects.none(),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 10}),
        help_text=_("可多选（按住 Ctrl 或 ⌘ 键）。"),
        error_messages={"required": _("请至少选择一条涉及的规范条文。"), "invalid_choice": CITE_OWN_PROHIBITIONS},
    )
    subject_name = forms.CharField(label=_("被举报人（姓名、单位、职务）"), max_length=200, required=False,
                                   widget=forms.TextInput(attrs={"class": "form-control"}))
    subject_enterprise = EnterpriseField(Enterprise.objects.all(), label=_("被举报企业"), required=False)
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 6}),
                                  error_messages={"required": _("请描述举报的问题。")})
    evidence = MultipleFileField(label=_("证据材料"))
    anonymous = forms.BooleanField(label=_("要求特别保密（调查中不透露线索来源，不经单位联系本人）"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only prohibitions can be breached: a positive list's encouraged items are not cited in a report.
        rules = Rule.objects.current().filter(register__kind=Register.Kind.PROHIBITION)
        # A report cites its own jurisdiction's registers (conduct.services.file_report checks it too).
        if user is not None and user.home_jurisdiction_id:
            rules = rules.filter(register__jurisdiction_id=user.home_jurisdiction_id)
        self.fields["rules"].queryset = (rules.select_related("register")
                                         .order_by("register__order", "register_id", "order", "number"))

    def clean(self):
        data = super().clean()
        if not (data.get("subject_name", "").strip() or data.get("subject_enterprise")):
            raise forms.ValidationError(_("请填写被举报的人员，或选择被举报的企业。"))
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=_("调查记录"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
                           error_messages={"required": _("请填写调查记录。")})


class ConcludeForm(forms.Form):
    status = forms.ChoiceField(label=_("办结结论"), choices=[(s.value, s.label) for s in ConductReport.CONCLUSIONS],
                               widget=forms.Select(attrs={"class": "form-select"}))
    outcome = forms.CharField(label=_("处理结果"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
                              error_messages={"required": _("请填写处理结果。")})


class EntryForm(forms.Form):
    enterprise = EnterpriseField(Enterprise.objects.all(), label=_("企业"), error_messages={"required": _("请填写企业。")})
    list = forms.ChoiceField(label=_("榜单"), choices=IntegrityEntry.List.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    reason = forms.CharField(label=_("上榜事由"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
                             error_messages={"required": _("请填写上榜事由。")})
    basis = forms.CharField(label=_("依据"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
                            help_text=_("如查实的举报、行贿记录、表彰文件等"),
                            error_messages={"required": _("请填写依据。")})
    basis_report = forms.ModelChoiceField(label=_("依据的查实举报（可选）"), queryset=ConductReport.objects.none(),
                                          required=False, widget=forms.Select(attrs={"class": "form-select"}))
    valid_from = forms.DateField(label=_("有效期起"), widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}))
    valid_until = forms.DateField(label=_("有效期止"), required=False,
                                  widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}))

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("initial", {"valid_from": timezone.localdate()})
        super().__init__(*args, **kwargs)
        # Only investigators may see reports; for them, founded ones can be cited (by number, no reporter).
        if user is not None and user.has_role("investigator"):
            self.fields["basis_report"].queryset = reports_visible_to(user).filter(status__in=ConductReport.BORNE_OUT)
        else:
            del self.fields["basis_report"]

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("有效期止不能早于有效期起。"))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
                             error_messages={"required": _("请填写理由。")})


class RepairForm(forms.Form):
    entry = forms.ModelChoiceField(label=_("黑榜条目"), queryset=IntegrityEntry.objects.none(),
                                   widget=forms.Select(attrs={"class": "form-select"}))
    reason = forms.CharField(label=_("申请理由（整改情况）"),
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 5}),
                             error_messages={"required": _("请填写申请理由。")})
    evidence = MultipleFileField(label=_("证明材料"), required=True)

    def __init__(self, *args, entries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries if entries is not None else IntegrityEntry.objects.none()
        self.fields["evidence"].error_messages["required"] = _("请上传整改的证明材料。")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("审核结果"), choices=[("approve", _("同意修复（移出黑榜）")),
                                                             ("reject", _("不予同意"))],
                                 widget=forms.RadioSelect)
    note = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
                           error_messages={"required": _("请填写审核意见。")})
