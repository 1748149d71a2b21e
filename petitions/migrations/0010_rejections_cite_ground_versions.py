"""A rejected petition cites the version of the ground it was rejected under (see 0008)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("petitions", "0009_grounds_register")]

    operations = [
        migrations.RemoveConstraint(model_name="petition", name="petition_rejected_has_reason"),
        migrations.RemoveField(model_name="petition", name="rejection_reason"),
        migrations.RenameField("petition", "rejection_version", "rejection_reason"),
        migrations.AddConstraint(
            model_name="petition",
            constraint=models.CheckConstraint(
                condition=~models.Q(status="rejected") | models.Q(rejection_reason__isnull=False),
                name="petition_rejected_has_reason",
            ),
        ),
        migrations.DeleteModel(name="RejectionReason"),
    ]
