"""Trigram indexes for the enterprise searches that use Django's icontains (PostgreSQL only; SQLite: plain LIKE).

The directory search (/enterprises/?q=, dossier.queries.search) and the API's `?search=` (DRF SearchFilter on the
name and the credit code) write `UPPER(column::text) LIKE UPPER('%term%')`, which the trigram index on the bare
name (complaints 0005, for the look-up's LIKE and the complaint search's ILIKE) does not serve: at 1M enterprises
each was a sequential scan of the directory (0.8–1.5 s for a rare name). These indexes are on that expression, as
complaints 0005 does for the complaint columns.
"""

from django.db import migrations

INDEXES = [
    ("enterprise_name_upper_trgm", "portal_enterprise", "UPPER(name::text)"),
    ("enterprise_credit_code_upper_trgm", "portal_enterprise", "UPPER(credit_code::text)"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0009_supervision_office_kind")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
