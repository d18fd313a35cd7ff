"""OpenAPI post-processing: every operation documents the errors the API answers (README "API").

400 — the input cannot be read or fails validation ({"field": ["message"]} or {"detail": "message"});
403 — the caller's role may not do this (or no credentials); 404 — no such object, or one the caller may not see;
409 — the workflow refuses the change now (a message says why). The body is an object; `detail` holds the message.
"""

from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: `detail` says why; a validation error names each field with its messages.",
    "properties": {"detail": {"description": "the message (a list of messages for some validation errors)"}},
    "additionalProperties": True,
}
ERRORS = {
    "400": "The input cannot be read or is invalid.",
    "403": "Not logged in, or the caller's role may not do this.",
    "404": "No such object, or one the caller may not see.",
    "409": "The workflow refuses this change now.",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                responses.setdefault(code, {"description": text, "content": ref})
    return result
