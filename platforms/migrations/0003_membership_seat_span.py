from django.db import migrations, models


def seat_spans(apps, schema_editor):
    """Approved seats began at their decision. A seat that ended kept only the time it ended
    (in decided_at), not when it began: it gets its end, and no start that would be a guess."""
    PlatformMembership = apps.get_model("platforms", "PlatformMembership")
    PlatformMembership.objects.filter(status="approved").update(seated_at=models.F("decided_at"))
    PlatformMembership.objects.filter(status="left").update(left_at=models.F("decided_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("platforms", "0002_typed_event_actions"),
    ]

    operations = [
        migrations.AddField(
            model_name="platformmembership",
            name="left_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="left at"),
        ),
        migrations.AddField(
            model_name="platformmembership",
            name="seated_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="seated at"),
        ),
        migrations.RunPython(seat_spans, migrations.RunPython.noop),
    ]
