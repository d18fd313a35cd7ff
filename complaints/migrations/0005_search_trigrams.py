"""Trigram indexes for search (PostgreSQL only; SQLite searches with a plain LIKE).

A complaint is found by any part of its number, title or description, and through its enterprise by any part of
the enterprise's name: pg_trgm GIN indexes make `ILIKE '%term%'` an index search for terms of three characters or
more (Chinese characters count one each), see complaints/search.py.
"""

from django.db import migrations

from portal import trigram

# Django's icontains is UPPER(column) LIKE UPPER(pattern) on PostgreSQL: the complaint indexes are on that
# expression (the ::text cast included, as Django writes it for varchar columns). The enterprise name is searched with
# ILIKE and LIKE (complaints/search.py, portal/lookups.py), which a trigram index on the column serves directly.
INDEXES = [
    ("complaint_title_trgm", "complaints_complaint", "UPPER(title::text)"),
    ("complaint_description_trgm", "complaints_complaint", "UPPER(description)"),
    ("complaint_number_trgm", "complaints_complaint", "UPPER(number::text)"),
    ("enterprise_name_trgm", "portal_enterprise", "name"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0004_supervision_notice_and_figures"),
        ("portal", "0005_audit_and_outbox"),
    ]

    operations = [trigram.indexes(INDEXES)]
