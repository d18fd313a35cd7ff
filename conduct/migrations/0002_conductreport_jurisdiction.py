"""Conduct reports belong to a jurisdiction: its registers are cited, its investigators see the report.

Existing reports take the jurisdiction of the first register they cite, else the reporter's (or the
reporter's enterprise's), else the first jurisdiction. The column becomes required in 0003 (PostgreSQL
refuses to alter a table with the backfill's deferred checks still pending in the same transaction).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    """One UPDATE for all reports (no query per report)."""
    ConductReport = apps.get_model("conduct", "ConductReport")
    Jurisdiction = apps.get_model("portal", "Jurisdiction")
    User = apps.get_model("portal", "User")
    cited = (ConductReport.rules.through.objects.filter(conductreport_id=OuterRef("pk")).order_by("rule_id")
             .values("rule__register__jurisdiction_id")[:1])
    reporters = User.objects.filter(pk=OuterRef("reporter_id")).values(
        home=Coalesce("jurisdiction_id", "enterprise__jurisdiction_id"))[:1]
    fallback = Jurisdiction.objects.order_by("id").values_list("id", flat=True).first()
    ConductReport.objects.filter(jurisdiction__isnull=True).update(jurisdiction_id=Coalesce(
        Subquery(cited), Subquery(reporters), Value(fallback), output_field=models.BigIntegerField()))


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
