import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conduct", "0002_conductreport_jurisdiction"),
    ]

    operations = [
        migrations.AlterField(
            model_name="conductreport",
            name="jurisdiction",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="conduct_reports",
                                    to="portal.jurisdiction", verbose_name="辖区"),
        ),
    ]
