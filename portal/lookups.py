"""Choosing enterprises and people out of a city's directory.

A <select> of every enterprise or every official works for a demo district and breaks at city scale:
100k enterprises or 50k staff are megabytes of HTML and seconds of rendering on every page load. Forms
that pick from the whole directory use the fields below instead: a text box that takes the full name
or the identifier (统一社会信用代码 for an enterprise, the user name for a person), with suggestions
fetched while typing (htmx → `lookup`, at most `SUGGESTIONS`). The multiple-choice fields keep the
chosen ones as lines of a text area; the search box adds a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from portal.models import Enterprise, Role, User
from portal.queries import STAFF_ROLES
from portal.roles import holders

SUGGESTIONS = 10
# 18 characters of the credit-code alphabet, anywhere in the text (a suggestion reads "名称（代码）").
CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Z])")
# The identifier at the end of a suggestion: "张局长（official1）".
TRAILING = re.compile(r"（([^（）]+)）\s*$")


@dataclass(frozen=True)
class Kind:
    """What can be looked up: how an item reads, how a text names exactly one, how suggestions match."""

    name: str
    label: Callable[[object], str]
    exact: Callable[[QuerySet, str], QuerySet]
    search: Callable[[QuerySet, str], QuerySet]
    scope: Callable[[User, dict], QuerySet]
    unknown: str
    # Suggestions start at this many characters: a Chinese name is two or three characters, so one (the
    # surname) must suggest people; one character of an enterprise name would match a city's directory.
    min_chars: int = 2


def _within(qs: QuerySet, user: User, jurisdiction_id: int | None) -> QuerySet:
    """Admins are suggested the whole directory; anybody else their jurisdiction's (all of it without one)."""
    if user.has_role(Role.ADMIN) or not jurisdiction_id:
        return qs
    return qs.filter(jurisdiction_id=jurisdiction_id)


# ---- enterprises ---------------------------------------------------------------------------------


def enterprise_label(enterprise: Enterprise) -> str:
    return f"{enterprise.name}（{enterprise.credit_code}）"


def _enterprise_exact(qs, text):
    code = CODE.search(text.upper())
    return qs.filter(credit_code=code.group()) if code else qs.filter(name=text)


def _enterprise_search(qs, text):
    if re.fullmatch(r"[0-9A-Za-z]+", text):
        return qs.filter(credit_code__startswith=text.upper())
    return qs.filter(name__contains=text)


def _enterprise_scope(user, params):
    """Staff of a jurisdiction are suggested theirs, admins the whole directory, an enterprise user its own
    jurisdiction's (to name one in a report); `key=1` narrows to key enterprises (重点企业)."""
    qs = Enterprise.objects.filter(is_key=True) if params.get("key") == "1" else Enterprise.objects.all()
    return _within(qs, user, user.home_jurisdiction_id)


ENTERPRISE = Kind(
    "enterprise", enterprise_label, _enterprise_exact, _enterprise_search, _enterprise_scope,
    _("未找到企业“%(text)s”：请输入完整的企业名称或18位统一社会信用代码（输入时可从提示中选择）。"),
)


# ---- people (staff) --------------------------------------------------------------------------------


def user_label(user: User) -> str:
    return f"{user.display_name}（{user.username}）"


def _user_exact(qs, text):
    trailing = TRAILING.search(text)
    if trailing:
        return qs.filter(username=trailing.group(1).strip())
    return qs.filter(Q(username=text) | Q(full_name=text))


def _user_search(qs, text):
    if len(text) == 1:  # a surname (or a user name's first letter): names that begin with it
        return qs.filter(Q(full_name__startswith=text) | Q(username__startswith=text))
    return qs.filter(Q(full_name__contains=text) | Q(username__startswith=text))


def _user_scope(user, params):
    """Active staff (no enterprise users) of the asking user's jurisdiction, all for admins; `role=…` narrows
    to the holders of a role. Only staff are suggested people: no form of an enterprise user names one, and
    user names are half of a login."""
    if not user.has_role(*STAFF_ROLES):
        return User.objects.none()
    role = params.get("role")
    qs = holders(role) if role in Role.values else User.objects.filter(is_active=True)
    return _within(qs.filter(enterprise__isnull=True), user, user.jurisdiction_id)


USER = Kind(
    "user", user_label, _user_exact, _user_search, _user_scope,
    _("未找到人员“%(text)s”：请输入完整的姓名或用户名（输入时可从提示中选择）。"),
    min_chars=1,
)

KINDS = {k.name: k for k in (ENTERPRISE, USER)}


# ---- widgets -------------------------------------------------------------------------------------


def _search_attrs(kind: Kind, name: str, options: str, params: dict) -> dict:
    query = urlencode({"field": name, **params})
    return {
        "list": options,
        "autocomplete": "off",
        "hx-get": f"{reverse('portal:lookup', args=[kind.name])}?{query}",
        "hx-trigger": "input changed delay:300ms",
        "hx-target": f"#{options}",
        "hx-swap": "innerHTML",
    }


class LookupInput(forms.TextInput):
    """A text box with a datalist that htmx fills from `lookup` as the user types."""

    def __init__(self, kind: Kind, params: dict | None = None, attrs=None):
        super().__init__({"class": "form-control", **(attrs or {})})
        self.kind, self.params = kind, dict(params or {})

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        options = f"{attrs.get('id') or name}-options"
        attrs.update(_search_attrs(self.kind, name, options, self.params))
        return format_html('{}<datalist id="{}"></datalist>', super().render(name, value, attrs, renderer), options)


class LookupMultipleInput(forms.Textarea):
    """The chosen ones, a line each, under a search box whose 添加 button appends the typed suggestion."""

    def __init__(self, kind: Kind, params: dict | None = None, attrs=None):
        super().__init__({"class": "form-control", "rows": 3, **(attrs or {})})
        self.kind, self.params = kind, dict(params or {})

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        area = attrs.get("id") or name
        search, options = f"{area}-search", f"{area}-options"
        search_attrs = {"id": search, "class": "form-control", "type": "text", "name": f"{name}-search",
                        "placeholder": _("输入名称搜索，选中后点“添加”"), "data-lookup-add": area,
                        **_search_attrs(self.kind, f"{name}-search", options, self.params)}
        return format_html(
            '<div class="input-group mb-1"><input{}><button type="button" class="btn btn-outline-secondary" '
            'data-lookup-add-for="{}">{}</button></div><datalist id="{}"></datalist>{}',
            forms.utils.flatatt(search_attrs), search, _("添加"), options,
            super().render(name, value, attrs, renderer),
        )


# ---- fields --------------------------------------------------------------------------------------


class LookupField(forms.Field):
    """One item of `queryset`, named by a text the kind resolves to exactly one."""

    default_error_messages = {"ambiguous": _("“%(text)s”对应多条记录，请输入完整的标识（可从提示中选择）。")}

    def __init__(self, kind: Kind, queryset=None, *, params: dict | None = None, **kwargs):
        kwargs.setdefault("widget", LookupInput(kind, params))
        kwargs.setdefault("help_text", _("输入名称或标识，可从提示中选择。"))
        super().__init__(**kwargs)
        self.kind, self.queryset = kind, queryset

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        if self.queryset is not None:
            result.queryset = self.queryset.all()
        return result

    def _label_of(self, value) -> str:
        """An item, or an initial primary key, as it reads in the box; typed text stays as typed."""
        if isinstance(value, int) and self.queryset is not None:
            value = self.queryset.filter(pk=value).first()
        if value is None or isinstance(value, str):
            return value or ""
        return self.kind.label(value)

    def prepare_value(self, value):
        return self._label_of(value)

    def resolve(self, text: str):
        matches = list(self.kind.exact(self.queryset, text)[:2])
        if not matches:
            raise ValidationError(self.kind.unknown, code="unknown", params={"text": text})
        if len(matches) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"text": text})
        return matches[0]

    def to_python(self, value):
        text = (value or "").strip()
        return None if text in self.empty_values else self.resolve(text)


class LookupMultipleField(LookupField):
    """Several items of `queryset`, a line each; every line must name exactly one."""

    def __init__(self, kind: Kind, queryset=None, *, params: dict | None = None, **kwargs):
        kwargs.setdefault("widget", LookupMultipleInput(kind, params))
        kwargs.setdefault("help_text", _("每行一个；可在上方搜索后点“添加”。"))
        super().__init__(kind, queryset, params=params, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str) or value is None:
            return value
        return "\n".join(self._label_of(v) for v in value)

    def to_python(self, value):
        chosen, errors = {}, []
        for line in (value or "").splitlines():
            if line.strip():
                try:
                    item = self.resolve(line.strip())
                except ValidationError as e:
                    errors.append(e)
                else:
                    chosen.setdefault(item.pk, item)
        if errors:
            raise ValidationError(errors)
        return list(chosen.values())  # an empty list is one of Field.empty_values: `required` holds as it is


class EnterpriseField(LookupField):
    def __init__(self, queryset=None, **kwargs):
        super().__init__(ENTERPRISE, queryset, **kwargs)


class EnterpriseMultipleField(LookupMultipleField):
    def __init__(self, queryset=None, **kwargs):
        super().__init__(ENTERPRISE, queryset, **kwargs)


class UserField(LookupField):
    def __init__(self, queryset=None, **kwargs):
        super().__init__(USER, queryset, **kwargs)


class UserMultipleField(LookupMultipleField):
    def __init__(self, queryset=None, **kwargs):
        super().__init__(USER, queryset, **kwargs)


# ---- suggestions ---------------------------------------------------------------------------------


@require_GET
@login_required
def lookup(request, kind: str):
    """Suggestions for a lookup field: up to SUGGESTIONS items of what the asking user may be suggested."""
    found = KINDS.get(kind)
    if found is None:
        raise Http404
    text = (request.GET.get(request.GET.get("field", ""), "") or request.GET.get("q", "")).strip()
    items = []
    if len(text) >= found.min_chars:
        qs = found.search(found.scope(request.user, request.GET), text)
        items = list(qs.order_by("pk")[:SUGGESTIONS])
    return render(request, "portal/lookup_options.html", {"options": [found.label(i) for i in items]})
