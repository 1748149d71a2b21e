from django.db import migrations, models

from portal.reference import load_district_bodies


def load(apps, schema_editor):
    load_district_bodies(apps.get_model("portal", "Region"), apps.get_model("portal", "StateBody"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_sent_email")]

    operations = [
        migrations.AddField(
            model_name="statebody",
            name="population_date",
            field=models.DateField(blank=True, null=True, verbose_name="population as of"),
        ),
        migrations.AddField(
            model_name="statebody",
            name="population_source",
            field=models.URLField(
                blank=True, max_length=500, verbose_name="source of the population figure"
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
