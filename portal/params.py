"""Reading numbers, years and ids from a query string or a form: one place, so no input can raise a 500.

`str.isdigit()` is not a number check ("²" and "٣" pass it; int() refuses the first and a 5,000-digit string):
every parser here takes ASCII digits only, within a range a database column can hold, and answers None for
anything else. `year_param` raises a ValidationError (400 with a message) when the caller asked to be strict.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_DIGITS = re.compile(r"[0-9]{1,18}")  # < 2**63: fits every integer and bigint column
YEAR_MIN, YEAR_MAX = 2000, 2100


def parse_int(value, *, lo: int | None = None, hi: int | None = None) -> int | None:
    """An ASCII decimal within [lo, hi] (bigint range), else None."""
    text = str(value if value is not None else "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        return None
    return number


def parse_id(value) -> int | None:
    """A primary key (1 … 2**63-1) or None."""
    return parse_int(value, lo=1)


def parse_ids(values) -> list[int]:
    """The valid primary keys among `values`, the rest dropped."""
    return [i for i in (parse_id(v) for v in values) if i is not None]


def parse_year(value) -> int | None:
    return parse_int(value, lo=YEAR_MIN, hi=YEAR_MAX)


def year_param(params, name: str = "year", *, default: int | None = None, strict: bool = False) -> int | None:
    """The year asked for in `params` (a QueryDict), `default` when absent; an invalid one is `default`,
    or with strict=True a ValidationError naming the parameter (the API answers 400)."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    year = parse_year(raw)
    if year is None:
        if strict:
            raise ValidationError({name: [_("年份须为 %(lo)d–%(hi)d 之间的四位数字。") % {"lo": YEAR_MIN, "hi": YEAR_MAX}]})
        return default
    return year


def sort_param(params, allowed: dict[str, tuple[str, ...]], *, default: str, name: str = "sort"
               ) -> tuple[str, tuple[str, ...]]:
    """The sort a list was asked for: `?sort=key` ascending, `?sort=-key` descending, `key` one of `allowed`
    (a key → the model fields it orders by; the last should be unique so pages never overlap). Anything
    else is `default`. Returns the key as given (with its sign) and the order_by() arguments."""
    raw = str(params.get(name) or "").strip()
    key = raw.removeprefix("-")
    if key not in allowed:
        raw, key = default, default.removeprefix("-")
    descending = raw.startswith("-")
    fields = tuple(("-" + f.removeprefix("-") if not f.startswith("-") else f.removeprefix("-")) if descending else f
                   for f in allowed[key])
    return raw, fields
