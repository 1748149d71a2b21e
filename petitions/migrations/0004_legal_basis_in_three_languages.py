"""The legal basis of each rejection reason in Kazakh, Russian and English.

It was one English text, which Kazakh and Russian pages and emails showed as it was.
"""

from django.db import migrations, models

# The legal bases that 0002 loaded, in English, with their Kazakh and Russian texts.
TRANSLATIONS = {
    "Constitution of the Republic of Kazakhstan, art. 5(3), art. 20(3)": (
        "Қазақстан Республикасының Конституциясы, 5-баптың 3-тармағы, 20-баптың 3-тармағы",
        "Конституция Республики Казахстан, п. 3 ст. 5, п. 3 ст. 20",
    ),
    "Constitution of the Republic of Kazakhstan, art. 20(3), art. 39(2)": (
        "Қазақстан Республикасының Конституциясы, 20-баптың 3-тармағы, 39-баптың 2-тармағы",
        "Конституция Республики Казахстан, п. 3 ст. 20, п. 2 ст. 39",
    ),
    "Law «On Countering Extremism»; Law «On Countering Terrorism»": (
        "«Экстремизмге қарсы іс-қимыл туралы» Заң; «Терроризмге қарсы іс-қимыл туралы» Заң",
        "Закон «О противодействии экстремизму»; Закон «О противодействии терроризму»",
    ),
    "Law «On State Secrets»; Law «On Personal Data and Their Protection»": (
        "«Мемлекеттік құпиялар туралы» Заң; «Дербес деректер және оларды қорғау туралы» Заң",
        "Закон «О государственных секретах»; Закон «О персональных данных и их защите»",
    ),
    "Constitution of the Republic of Kazakhstan, art. 76, art. 77": (
        "Қазақстан Республикасының Конституциясы, 76-бап, 77-бап",
        "Конституция Республики Казахстан, ст. 76, ст. 77",
    ),
    "Constitution of the Republic of Kazakhstan, art. 17, art. 18": (
        "Қазақстан Республикасының Конституциясы, 17-бап, 18-бап",
        "Конституция Республики Казахстан, ст. 17, ст. 18",
    ),
    "Rules for filing and considering online petitions": (
        "Онлайн-петицияларды беру және қарау қағидалары",
        "Правила подачи и рассмотрения онлайн-петиций",
    ),
}


def translate(apps, schema_editor):
    RejectionReason = apps.get_model("petitions", "RejectionReason")
    for reason in RejectionReason.objects.all():
        # A basis the moderators wrote themselves stays as written until they translate it.
        kk, ru = TRANSLATIONS.get(reason.legal_basis_en, (reason.legal_basis_en,) * 2)
        reason.legal_basis_kk, reason.legal_basis_ru = kk, ru
        reason.save(update_fields=["legal_basis_kk", "legal_basis_ru"])


class Migration(migrations.Migration):
    dependencies = [("petitions", "0003_listed_order_indexes")]

    operations = [
        migrations.RenameField("rejectionreason", "legal_basis", "legal_basis_en"),
        migrations.AlterField(
            model_name="rejectionreason",
            name="legal_basis_en",
            field=models.CharField(max_length=255, verbose_name="legal basis in English"),
        ),
        migrations.AddField(
            model_name="rejectionreason",
            name="legal_basis_kk",
            field=models.CharField(
                default="", max_length=255, verbose_name="legal basis in Kazakh"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="rejectionreason",
            name="legal_basis_ru",
            field=models.CharField(
                default="", max_length=255, verbose_name="legal basis in Russian"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(translate, migrations.RunPython.noop),
    ]
