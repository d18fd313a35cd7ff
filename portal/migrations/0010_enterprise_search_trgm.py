"""Trigram indexes for the enterprise searches that use Django's icontains (PostgreSQL only; SQLite: plain LIKE).

The directory search (/enterprises/?q=, dossier.queries.search) and the API's `?search=` (DRF SearchFilter on the
name and the credit code) write `UPPER(column::text) LIKE UPPER('%term%')`, which the trigram index on the bare
name (complaints 0005, for the look-up's LIKE and the complaint search's ILIKE) does not serve: at 1M enterprises
each was a sequential scan of the directory (0.8–1.5 s for a rare name). These indexes are on that expression, as
complaints 0005 does for the complaint columns.
"""

from django.db import migrations

from portal import trigram

INDEXES = [
    ("enterprise_name_upper_trgm", "portal_enterprise", "UPPER(name::text)"),
    ("enterprise_credit_code_upper_trgm", "portal_enterprise", "UPPER(credit_code::text)"),
]


class Migration(migrations.Migration):
    dependencies = [("portal", "0009_supervision_office_kind")]

    operations = [trigram.indexes(INDEXES)]
