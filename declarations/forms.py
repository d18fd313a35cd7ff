"""Forms validate input; declarations.services decides (its refusals go back on the form)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from declarations.models import Declaration
from declarations.services import FIELDS, REQUIRED
from portal.lookups import EnterpriseField
from portal.models import Enterprise, User

K = Declaration.Kind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _text(label, required=False, rows=None, max_length=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    kwargs = {"label": label, "required": required}
    if widget is not None:
        kwargs["widget"] = widget
    if max_length:
        kwargs["max_length"] = max_length
    return forms.CharField(**kwargs)


# Labels per kind where the same column reads differently (a gift's "what", an interest's details).
DATE_LABELS = {K.EVENT: _("活动日期"), K.HOSPITALITY: _("用餐日期"), K.GIFT: _("收受日期"),
               K.INTEREST: _("报告日期"), K.CELEBRATION: _("举办日期")}
DESCRIPTION_LABELS = {K.GIFT: _("礼品礼金内容"), K.INTEREST: _("具体情况（企业、股份或借贷金额等）"),
                      K.CELEBRATION: _("收受礼品礼金情况")}
ENTERPRISE_LABELS = {K.EVENT: _("邀请企业/商会"), K.HOSPITALITY: _("接待企业"), K.GIFT: _("赠送企业"),
                     K.INTEREST: _("涉及企业")}


def _field(kind: str, name: str) -> forms.Field:
    if name == "enterprise":
        return EnterpriseField(label=ENTERPRISE_LABELS.get(kind, _("涉及企业")),
                               help_text=_("输入企业名称或统一社会信用代码，可从提示中选择"))
    if name == "date":
        return forms.DateField(label=DATE_LABELS[kind], widget=DateInput())
    if name == "description":
        return _text(DESCRIPTION_LABELS[kind], rows=2)
    return {
        "place": lambda: _text(_("地点"), max_length=200),
        "purpose": lambda: _text(_("活动内容"), rows=2),
        "paid_by": lambda: _text(_("费用承担方"), max_length=200),
        "people": lambda: forms.IntegerField(label=_("用餐人数"), min_value=1),
        "cost_per_head": lambda: forms.DecimalField(label=_("人均费用（元）"), min_value=0, max_digits=8,
                                                    decimal_places=2),
        "reason": lambda: _text(_("超标准理由"), rows=2),
        "value": lambda: forms.DecimalField(label=_("估计价值（元）"), min_value=0, max_digits=12, decimal_places=2),
        "disposition": lambda: forms.ChoiceField(label=_("处理方式"), choices=Declaration.Disposition.choices),
        "handed_to": lambda: _text(_("上交单位"), max_length=200),
        "receipt_no": lambda: _text(_("收据编号"), max_length=100),
        "relative": lambda: _text(_("亲属姓名"), max_length=100),
        "relation": lambda: _text(_("与本人关系"), max_length=50),
        "nature": lambda: forms.ChoiceField(label=_("事项类别"), choices=Declaration.Nature.choices),
        "occasion": lambda: _text(_("事由"), max_length=200),
        "guests": lambda: _text(_("企业来宾"), rows=2),
    }[name]()


class DeclarationForm(forms.Form):
    """The kind's fields, in the order of services.FIELDS; required as services.REQUIRED says."""

    def __init__(self, *args, kind: str, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in FIELDS[kind]:
            field = _field(kind, name)
            field.required = name in REQUIRED[kind]
            self.fields[name] = field
        if "enterprise" in self.fields:
            qs = Enterprise.objects.order_by("id")
            self.fields["enterprise"].queryset = qs.filter(jurisdiction_id=user.jurisdiction_id) \
                if user.jurisdiction_id else qs
        if kind == K.CELEBRATION:
            self.fields["disposition"].choices = [("", "—"), *Declaration.Disposition.choices]
        self.initial.setdefault("date", timezone.localdate())
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("活动实际情况"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                              help_text=_("参加人员、活动内容、用餐及费用承担等实际情况"))
