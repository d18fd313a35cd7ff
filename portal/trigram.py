"""pg_trgm GIN indexes made by migrations (PostgreSQL only; SQLite searches with plain LIKE).

Django's icontains is `UPPER(column::text) LIKE UPPER(pattern)` on PostgreSQL: an index meant for it is on that
expression; ILIKE and LIKE are served by an index on the bare column."""

from __future__ import annotations

from django.db import migrations


def indexes(specs: list[tuple[str, str, str]]) -> migrations.RunPython:
    """One migration operation creating (name, table, expression) trigram indexes, and dropping them backwards."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, expression in specs:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _table, _expression in specs:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards, elidable=False)
