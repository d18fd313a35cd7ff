from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.forms import BootstrapMixin
from conduct.models import Register
from liaison.models import Forum
from policies.models import Comment, Commitment, Paragraph, Policy, Size, tokens
from portal.lookups import EnterpriseField
from portal.uploads import MultipleFileField


class PolicyForm(BootstrapMixin, forms.ModelForm):
    sizes = forms.MultipleChoiceField(label=_("适用企业规模"), choices=Size.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple, help_text=_("不选为不限"))
    attachments = MultipleFileField(label=_("附件"))

    class Meta:
        model = Policy
        fields = ["department", "title", "number", "issued_on", "effective_from", "expires_on", "topic", "summary",
                  "body", "industries", "sizes", "areas", "tags"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "effective_from": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["department"].empty_label = None
        if self.instance.pk:
            self.initial["sizes"] = self.instance.size_list
            for name in ("industries", "areas", "tags"):
                self.initial[name] = " ".join(tokens(getattr(self.instance, name)))
            del self.fields["department"]

    def clean_sizes(self):
        return " ".join(self.cleaned_data["sizes"])


class AskForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("咨询内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=3000)
    consent_faq = forms.BooleanField(label=_("同意答复后隐去企业名称，作为常见问题公开"), required=False)


class FaqForm(BootstrapMixin, forms.Form):
    question = forms.CharField(label=_("问题"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    answer = forms.CharField(label=_("解答"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)


class ProfileForm(BootstrapMixin, forms.Form):
    industry_code = forms.CharField(label=_("行业代码"), max_length=8, required=False,
                                    help_text=_("国民经济行业分类代码，如 C13（农副食品加工业）"))
    size = forms.ChoiceField(label=_("企业规模"), choices=[("", "—"), *Size.choices], required=False)
    area = forms.CharField(label=_("注册地"), max_length=50, required=False)
    tags = forms.CharField(label=_("企业标签"), max_length=300, required=False,
                           help_text=_("以空格分隔，如 高新技术企业 专精特新"))


class ConsultationForm(BootstrapMixin, forms.Form):
    department = forms.ModelChoiceField(queryset=None, label=_("起草部门"), empty_label=None)
    title = forms.CharField(label=_("标题"), max_length=200)
    summary = forms.CharField(label=_("起草说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    text = forms.CharField(label=_("征求意见稿"), widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("段落之间空一行，发布后按段落编号征求意见"))
    opens_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    policy = forms.ModelChoiceField(queryset=None, label=_("相关政策"), required=False,
                                    help_text=_("征求意见稿是某项政策的草案或修订稿时选择"))
    register = forms.ModelChoiceField(queryset=None, label=_("相关规范清单"), required=False,
                                      help_text=_("征求意见稿是政商交往规范清单的草案或修订稿时选择；与“相关政策”二选一"))

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        jurisdictions = departments.values("jurisdiction_id")
        self.fields["policy"].queryset = Policy.objects.filter(jurisdiction_id__in=jurisdictions).order_by("-id")
        self.fields["register"].queryset = Register.objects.filter(jurisdiction_id__in=jurisdictions).order_by(
            "order", "id")
        self.fields["register"].label_from_instance = lambda r: r.name

    def clean(self):
        data = super().clean()
        if data.get("policy") and data.get("register"):
            raise forms.ValidationError(_("征求意见稿只能对应一项政策或一份规范清单。"))
        return data


class HearingForm(BootstrapMixin, forms.Form):
    """Link a 听证会/论证会 (scheduled as a forum of kind hearing) to a consultation."""

    forum = forms.ModelChoiceField(queryset=None, label=_("听证会/论证会"), empty_label=None)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = (
            Forum.objects.filter(jurisdiction_id=consultation.jurisdiction_id, kind=Forum.Kind.HEARING)
            .exclude(status=Forum.Status.CANCELLED).order_by("-date", "-id"))
        self.fields["forum"].label_from_instance = lambda f: f"{f.date:%Y-%m-%d} {f.title}"


class CommentForm(BootstrapMixin, forms.Form):
    paragraph = forms.ModelChoiceField(queryset=Paragraph.objects.none(), label=_("段落"), empty_label=None)
    text = forms.CharField(label=_("意见内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000)
    show_name = forms.BooleanField(label=_("公开显示企业名称"), required=False)

    def __init__(self, *args, paragraphs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].queryset = paragraphs
        self.fields["paragraph"].label_from_instance = lambda p: f"{p.number}. {p.text[:40]}"


class AnswerForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("采纳情况"), choices=Comment.Decision.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ResponseForm(BootstrapMixin, forms.Form):
    final_text = forms.CharField(label=_("修改后的正文"), widget=forms.Textarea(attrs={"rows": 12}), required=False,
                                 help_text=_("段落之间空一行；留空则不新增版本"))
    note = forms.CharField(label=_("采纳情况说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CommitmentForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("兑现事项"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=Commitment.Kind.choices)
    standard = forms.CharField(label=_("兑现标准"), max_length=300, required=False)
    due_days = forms.IntegerField(label=_("兑现时限（天）"), min_value=1, max_value=365, initial=30)


class ListBeneficiaryForm(BootstrapMixin, forms.Form):
    enterprise = EnterpriseField(label=_("企业"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class DeliverForm(BootstrapMixin, forms.Form):
    delivered_on = forms.DateField(label=_("兑现日期"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=14, decimal_places=2, min_value=0, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
