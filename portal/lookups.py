"""Choosing one enterprise out of a city's directory.

A <select> of every enterprise works for a demo district and breaks at city scale: 100k options are
megabytes of HTML on every page load. Forms that pick an enterprise from the whole directory use
`EnterpriseField` instead: a text box that takes the enterprise's full name or its 统一社会信用代码,
with suggestions fetched while typing (htmx → `enterprise_lookup`, at most `SUGGESTIONS` names).
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from portal.models import Enterprise, Role

SUGGESTIONS = 10
# 18 characters of the credit-code alphabet, anywhere in the text (a suggestion reads "名称（代码）").
CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Z])")


def label(enterprise: Enterprise) -> str:
    """What a suggestion reads, and what the box shows for a chosen enterprise."""
    return f"{enterprise.name}（{enterprise.credit_code}）"


class EnterpriseLookupInput(forms.TextInput):
    """A text box with a datalist that htmx fills from `enterprise_lookup` as the user types."""

    def __init__(self, attrs=None):
        super().__init__({"class": "form-control", "autocomplete": "off", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        options = f"{attrs.get('id') or name}-options"
        attrs.update({
            "list": options,
            "hx-get": f"{reverse('portal:enterprise-lookup')}?field={name}",
            "hx-trigger": "input changed delay:300ms",
            "hx-target": f"#{options}",
            "hx-swap": "innerHTML",
        })
        return format_html('{}<datalist id="{}"></datalist>', super().render(name, value, attrs, renderer), options)


class EnterpriseField(forms.Field):
    """One enterprise of `queryset`, given by its 统一社会信用代码 or its exact name."""

    widget = EnterpriseLookupInput
    default_error_messages = {
        "unknown": _("未找到该企业：请输入完整的企业名称或18位统一社会信用代码（输入时可从提示中选择）。"),
        "ambiguous": _("有多家企业名为“%(name)s”，请输入其统一社会信用代码。"),
    }

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("help_text", _("输入企业名称或统一社会信用代码，可从提示中选择。"))
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Enterprise.objects.none()

    def prepare_value(self, value):
        if isinstance(value, Enterprise):
            return label(value)
        if isinstance(value, int):  # an initial pk
            enterprise = self.queryset.filter(pk=value).first()
            return label(enterprise) if enterprise else ""
        return value

    def to_python(self, value):
        text = (value or "").strip()
        if text in self.empty_values:
            return None
        code = CODE.search(text.upper())
        if code:
            matches = list(self.queryset.filter(credit_code=code.group())[:2])
        else:
            matches = list(self.queryset.filter(name=text)[:2])
        if not matches:
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        if len(matches) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"name": text})
        return matches[0]


def lookup_scope(user):
    """The enterprises a user may be suggested: staff of a jurisdiction see theirs, admins and staff
    without one the whole directory, an enterprise user its own jurisdiction's (to name one in a report)."""
    qs = Enterprise.objects.all()
    if user.has_role(Role.ADMIN):
        return qs
    jurisdiction_id = user.jurisdiction_id or (user.enterprise.jurisdiction_id if user.enterprise_id else None)
    return qs.filter(jurisdiction_id=jurisdiction_id) if jurisdiction_id else qs


@require_GET
@login_required
def enterprise_lookup(request):
    """Suggestions for an EnterpriseField: up to SUGGESTIONS enterprises whose name contains the text, or
    whose credit code starts with it."""
    text = (request.GET.get(request.GET.get("field", ""), "") or request.GET.get("q", "")).strip()
    enterprises = []
    if len(text) >= 2:
        qs = lookup_scope(request.user)
        if re.fullmatch(r"[0-9A-Za-z]+", text):
            qs = qs.filter(credit_code__startswith=text.upper())
        else:
            qs = qs.filter(name__contains=text)
        enterprises = list(qs.only("name", "credit_code").order_by("name", "id")[:SUGGESTIONS])
    return render(request, "portal/enterprise_options.html", {"options": [label(e) for e in enterprises]})
