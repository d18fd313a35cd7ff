from __future__ import annotations


def dossier(request) -> dict:
    """`dossier_links`: the user may open enterprise files — the navigation shows the search box and enterprise
    names link to their file (the roles are read once per request, as the menu does)."""
    from dossier.queries import may_read

    user = getattr(request, "user", None)
    return {"dossier_links": bool(user is not None and may_read(user))}
