"""Every route of the URL conf and every operation of the API schema, for the security tests.

`site_routes()` walks the URL conf (the admin included); `schema_methods()` reads the OpenAPI schema that
/api/schema/ serves and maps each operation to the route name it resolves to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, resolve

# Converter / regex group → a value that resolves, used where a route's own row gives no kwargs.
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Route:
    name: str | None  # "app:name" with its namespace; None for an unnamed pattern
    pattern: str  # the route as written ("complaints/<int:pk>/", "api/v1/^complaints/(?P<pk>[^/.]+)/$")
    callback: object = field(compare=False, repr=False)

    @property
    def params(self) -> list[str]:
        return [m.group("name") or m.group("rname") for m in PARAM.finditer(self.pattern)]

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("admin/")

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), full)
        elif isinstance(p, URLPattern):
            name = (f"{namespace}:{p.name}" if namespace else p.name) if p.name else None
            yield Route(name, prefix + str(p.pattern), p.callback)


def site_routes() -> list[Route]:
    """Every route of the URL conf, in order (the first of a duplicated name wins, as reverse() does)."""
    seen, routes = set(), []
    for route in _walk(get_resolver().url_patterns):
        key = route.name or route.pattern
        if key not in seen:
            seen.add(key)
            routes.append(route)
    return routes


def schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def schema_methods() -> dict[str, set[str]]:
    """Route name → the HTTP methods (lower case) the API schema documents for it."""
    out: dict[str, set[str]] = {}
    for path, ops in schema()["paths"].items():
        concrete = re.sub(r"\{kind\}", "visit", path)
        concrete = re.sub(r"\{[^}]+\}", "1", concrete)
        match = resolve(concrete)
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        out.setdefault(name, set()).update(m for m in ops if m in {"get", "post", "put", "patch", "delete"})
    return out
