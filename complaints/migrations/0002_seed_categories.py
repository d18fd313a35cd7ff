from django.db import migrations


def seed(apps, schema_editor):
    from complaints.seed import seed_categories

    seed_categories(
        apps.get_model("complaints", "Category"), apps.get_model("portal", "Department"),
        apps.get_model("portal", "Jurisdiction"),
    )


def unseed(apps, schema_editor):
    apps.get_model("complaints", "Category").objects.filter(complaints__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("portal", "0002_seed_directory"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
