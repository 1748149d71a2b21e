"""The prohibited subjects as a dated register (petitions/data/prohibited_grounds.csv).

Each ground keeps every wording it had, with its dates. The portal's earlier list of nine
reasons, which cited the Constitution, becomes old versions of the grounds they map to, kept
outside the register for the petitions rejected under them (0009 makes their reference
point at those versions and drops the old list).
"""

from datetime import date

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from petitions.grounds import load_grounds, read_grounds

# The ground each reason of 0002 maps to, by its English title.
OLD_REASONS = {
    "Calls for a violent change of the constitutional order or for breaking territorial "
    "integrity": "war-extremism",
    "Incitement of social, racial, national, religious, class or tribal discord": "war-extremism",
    "Propaganda or justification of extremism, terrorism or violence": "war-extremism",
    "Contains state secrets or another secret protected by law": "state-secrets",
    "Falls to the courts or investigators, or asks to review a court decision": "justice",
    "Obscene language or an insult to a person's honour and dignity": "honour-harmony",
    "A petition with the same content is under consideration or was considered in the past "
    "year": "duplicate",
    "The question is outside the addressee's competence": "outside-competence",
    "The text is unclear or makes no request": "unclear",
}
# The day the chapter on petitions came into force: the earliest the old reasons applied.
CHAPTER_IN_FORCE = date(2024, 4, 4)
LEGACY_NOTE = (
    "Wording of the portal's list of reasons before the register; kept unchanged for the "
    "petitions rejected under it, never offered to moderators."
)


def load_register(apps, schema_editor):
    Ground = apps.get_model("petitions", "Ground")
    GroundVersion = apps.get_model("petitions", "GroundVersion")
    Petition = apps.get_model("petitions", "Petition")
    RejectionReason = apps.get_model("petitions", "RejectionReason")
    load_grounds(Ground, GroundVersion, read_grounds())
    today = date.today()
    for reason in RejectionReason.objects.order_by("pk"):
        # A reason the moderators added themselves becomes a ground of its own.
        code = OLD_REASONS.get(reason.title_en, f"reason-{reason.pk}")
        ground, _created = Ground.objects.get_or_create(
            code=code, defaults={"position": 100 + reason.position}
        )
        citing = Petition.objects.filter(rejection_reason=reason)
        first = citing.exclude(submitted_at=None).order_by("submitted_at").first()
        start = min(CHAPTER_IN_FORCE, today, first.submitted_at.date() if first else today)
        legacy = GroundVersion.objects.create(
            ground=ground, in_register=False, effective_from=start, effective_until=today,
            title_kk=reason.title_kk, title_ru=reason.title_ru, title_en=reason.title_en,
            legal_basis_kk=reason.legal_basis_kk, legal_basis_ru=reason.legal_basis_ru,
            legal_basis_en=reason.legal_basis_en, source="petitions migrations 0002, 0004",
            note=LEGACY_NOTE if reason.active else LEGACY_NOTE + " (It was out of use.)",
        )  # fmt: skip
        citing.update(rejection_version=legacy)


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0008_signature_network_digest"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Ground",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(unique=True, verbose_name="code")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
            ],
            options={
                "verbose_name": "ground for rejection",
                "verbose_name_plural": "grounds for rejection",
                "ordering": ["position", "code"],
            },
        ),
        migrations.CreateModel(
            name="GroundVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title_kk", models.CharField(max_length=500, verbose_name="ground in Kazakh")),
                ("title_ru", models.CharField(max_length=500, verbose_name="ground in Russian")),
                ("title_en", models.CharField(max_length=500, verbose_name="ground in English")),
                (
                    "legal_basis_kk",
                    models.CharField(max_length=500, verbose_name="legal basis in Kazakh"),
                ),
                (
                    "legal_basis_ru",
                    models.CharField(max_length=500, verbose_name="legal basis in Russian"),
                ),
                (
                    "legal_basis_en",
                    models.CharField(max_length=500, verbose_name="legal basis in English"),
                ),
                ("effective_from", models.DateField(verbose_name="in force from")),
                (
                    "effective_until",
                    models.DateField(blank=True, null=True, verbose_name="in force until"),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True, max_length=500, verbose_name="source of the wording"
                    ),
                ),
                (
                    "confirmed",
                    models.BooleanField(
                        default=False,
                        verbose_name="wording and dates confirmed against the official text",
                    ),
                ),
                ("note", models.TextField(blank=True, max_length=2000, verbose_name="note")),
                (
                    "in_register",
                    models.BooleanField(default=True, verbose_name="part of the register"),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "ground",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="versions",
                        to="petitions.ground",
                    ),
                ),
            ],
            options={
                "verbose_name": "version of a ground",
                "verbose_name_plural": "versions of grounds",
                "ordering": ["ground__position", "ground__code", "effective_from", "pk"],
            },
        ),
        migrations.CreateModel(
            name="GroundEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[("added", "ground added"), ("amended", "ground amended")],
                        max_length=16,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "ground",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="petitions.ground",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="petitions.groundversion",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="groundversion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("effective_until__isnull", True),
                    ("effective_until__gte", models.F("effective_from")),
                    _connector="OR",
                ),
                name="ground_version_dates_in_order",
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="rejection_version",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="petitions.groundversion",
            ),
        ),
        migrations.RunPython(load_register, migrations.RunPython.noop),
    ]
