from __future__ import annotations

from party import queries


def party_card(request) -> dict:
    """党务群团工作局's handlers: how many enterprises of the jurisdiction still need an organisation (one
    query; none for any other handler)."""
    if not queries.is_party_worker(request.user):
        return {"party_card": None}
    rows = queries.coverage_by_jurisdiction([request.user.jurisdiction_id])
    return {"party_card": rows[0] if rows else None}
