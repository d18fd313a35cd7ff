from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from portal import creditcode
from portal.models import Enterprise, Jurisdiction, User


class CreditCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("label", _("统一社会信用代码"))
        kwargs.setdefault("help_text", _("18位，见营业执照"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = creditcode.normalise(super().clean(value) or "")
        reason = creditcode.problem(value)
        if reason:
            raise forms.ValidationError(reason, code="credit_code")
        return value


class EnterpriseRegistrationForm(forms.Form):
    """Self-registration: the account stays inactive until an admin activates it."""

    jurisdiction = forms.ModelChoiceField(Jurisdiction.objects.all(), label=_("所属辖区"), empty_label=None)
    enterprise_name = forms.CharField(label=_("企业名称"), max_length=200)
    credit_code = CreditCodeField()
    full_name = forms.CharField(label=_("联系人姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号"), max_length=30)
    email = forms.EmailField(label=_("电子邮箱"))
    username = forms.RegexField(
        label=_("用户名"), max_length=30, regex=r"^[A-Za-z0-9_.-]{3,30}$",
        error_messages={"invalid": _("用户名只能包含字母、数字、下划线、点和横线，3–30位。")},
    )
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput, strip=False,
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput, strip=False)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该用户名已被使用。"))
        return username

    def clean(self):
        data = super().clean()
        code = data.get("credit_code")
        name = data.get("enterprise_name")
        if code and name:
            existing = Enterprise.objects.filter(credit_code=code).first()
            if existing and existing.name != name:
                self.add_error("enterprise_name", _("该信用代码已登记为“%(name)s”，请核对企业名称。") % {"name": existing.name})
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        if p1 and not self.errors.get("password1"):
            probe = User(username=data.get("username", ""), email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as e:
                self.add_error("password1", e)
        return data


class SubmitOnceMixin(forms.Form):
    """A hidden one-time token, new each time the empty form is shown: the same form posted twice (a double
    click, a resent request) files once — the service finds the first filing by its token (see
    complaints.services.submit_complaint, conduct.services.file_report). A form shown again with errors keeps its
    token, as nothing was filed."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class ProfileForm(forms.Form):
    """One's own name and contacts; an enterprise user also its enterprise's contact person and phone."""

    full_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.RegexField(label=_("手机号"), max_length=30, required=False, regex=r"^[0-9+\-() ]{5,30}$",
                             error_messages={"invalid": _("请输入有效的电话号码。")})
    email = forms.EmailField(label=_("接收通知的电子邮箱"), required=False,
                             help_text=_("办理进度、提醒等通知会同时发送到此邮箱；留空则只在平台内通知。"))
    contact_name = forms.CharField(label=_("企业联系人"), max_length=50, required=False)
    contact_phone = forms.RegexField(label=_("企业联系电话"), max_length=30, required=False,
                                     regex=r"^[0-9+\-() ]{5,30}$",
                                     error_messages={"invalid": _("请输入有效的电话号码。")})

    def __init__(self, *args, enterprise: Enterprise | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        if enterprise is None:
            del self.fields["contact_name"]
            del self.fields["contact_phone"]
