"""Search of the complaint lists (`?q=`): words of the number, title or description, or part of the enterprise's name.

On PostgreSQL a term of three characters or more is an index search: pg_trgm GIN indexes on the title, description,
number and the enterprise's name (migration 0005) turn each `ILIKE '%term%'` arm into a bitmap index scan, and the
enterprise arm is `enterprise_id = ANY(ARRAY(…))` — an array computed once from the enterprise index, itself an index
condition — so the whole OR is one BitmapOr and PostgreSQL never walks the table. A shorter term (one or two Chinese
characters: common words that trigrams cannot narrow) is matched while walking the list's own order, which finds a
page of a common word quickly; its enterprise arm is the joined enterprise's name, not an array (which would scan
the directory). SQLite searches with plain LIKE.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from portal.models import Enterprise

TRIGRAM = 3
# Enterprises whose name matches, at most: a term that matches more names than this is not a name.
MAX_ENTERPRISES = 1000


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def matching(term: str) -> Q:
    """The condition a complaint must meet to be found by `term`."""
    own = Q(number__icontains=term) | Q(title__icontains=term) | Q(description__icontains=term)
    if not uses_index(term):
        # SQLite, or a term trigrams cannot narrow: the enterprise's name is checked on the row's own enterprise
        # (the list joins it anyway) while walking the list's order. The ARRAY of matching enterprises would be a
        # scan of the whole directory for such a term (0.3–2.6 s at 1M enterprises when few names match).
        return own | Q(enterprise__name__icontains=term)
    table = Enterprise._meta.db_table
    names = RawSQL(
        f'"complaints_complaint"."enterprise_id" = ANY(ARRAY(SELECT e.id FROM {table} e '
        f"WHERE e.name ILIKE %s LIMIT {MAX_ENTERPRISES}))", [_like(term)], output_field=BooleanField())
    return own | Q(names)


def uses_index(term: str) -> bool:
    return connection.vendor == "postgresql" and len(term) >= TRIGRAM
