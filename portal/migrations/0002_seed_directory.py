from django.db import migrations


def seed(apps, schema_editor):
    from portal.directory import seed_directory

    seed_directory(apps.get_model("portal", "Jurisdiction"), apps.get_model("portal", "Department"))


def unseed(apps, schema_editor):
    from portal.directory import DEPARTMENTS

    Department = apps.get_model("portal", "Department")
    for _code, name, _kind in DEPARTMENTS:
        Department.objects.filter(name=name, members__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_directory")]
    operations = [migrations.RunPython(seed, unseed)]
