"""Conduct reports belong to a jurisdiction: its registers are cited, its investigators see the report.

Existing reports take the jurisdiction of the first register they cite, else the reporter's (or the
reporter's enterprise's), else the first jurisdiction. The column becomes required in 0003 (PostgreSQL
refuses to alter a table with the backfill's deferred checks still pending in the same transaction).
"""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    ConductReport = apps.get_model("conduct", "ConductReport")
    Jurisdiction = apps.get_model("portal", "Jurisdiction")
    fallback = Jurisdiction.objects.order_by("id").values_list("id", flat=True).first()
    for report in ConductReport.objects.filter(jurisdiction__isnull=True).select_related(
            "reporter", "reporter__enterprise").iterator(chunk_size=2000):
        cited = report.rules.order_by("id").values_list("register__jurisdiction_id", flat=True).first()
        reporter = report.reporter
        report.jurisdiction_id = (cited or reporter.jurisdiction_id
                                  or (reporter.enterprise.jurisdiction_id if reporter.enterprise_id else None)
                                  or fallback)
        report.save(update_fields=["jurisdiction"])


class Migration(migrations.Migration):
    dependencies = [
        ("conduct", "0001_initial"),
        ("portal", "0004_holiday"),
    ]

    operations = [
        migrations.AddField(
            model_name="conductreport",
            name="jurisdiction",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="conduct_reports", to="portal.jurisdiction", verbose_name="辖区"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
