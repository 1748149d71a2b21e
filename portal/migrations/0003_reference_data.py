from django.db import migrations

from portal.reference import load_regions, load_state_bodies


def load(apps, schema_editor):
    Region = apps.get_model("portal", "Region")
    StateBody = apps.get_model("portal", "StateBody")
    load_regions(Region)
    load_state_bodies(Region, StateBody)


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_roles")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
