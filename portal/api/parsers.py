"""The API's JSON parser: a size limit, a nesting limit and no string PostgreSQL cannot store.

DRF's own parser hands the body to json.load: 100,000 "[" raise RecursionError (a 500), a body of any size is
read, and a lone surrogate ("\\ud800") or a NUL byte reaches the database and fails there. Here each is a 400.
"""

from __future__ import annotations

import codecs
import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
MAX_BYTES = 1024 * 1024  # settings.API_JSON_MAX_BYTES overrides; files go as multipart, never in JSON


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = getattr(settings, "API_JSON_MAX_BYTES", MAX_BYTES)
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(_("请求内容过大（上限 %(mb).1f MB）。") % {"mb": limit / 1024 / 1024})
        try:
            text = codecs.decode(raw, encoding)
            data = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(_("JSON 嵌套层数过多（上限 %(n)d 层）。") % {"n": MAX_DEPTH}) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(_("JSON 格式有误：%(error)s") % {"error": exc}) from None
        check(data)
        return data


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def check(data) -> None:
    """Depth ≤ MAX_DEPTH; every string and key storable (no NUL, no lone surrogate). Iterative: no recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise ParseError(_("JSON 嵌套层数过多（上限 %(n)d 层）。") % {"n": MAX_DEPTH})
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    _check_text(key)
                stack.append((item, depth + 1))
        elif isinstance(value, str):
            _check_text(value)


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise ParseError(_("请求内容包含无效字符（NUL）。"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ParseError(_("请求内容包含无效的 Unicode 字符。")) from None
