from django.db import migrations

CATEGORIES = [
    ("education", "Білім беру", "Образование", "Education"),
    ("health", "Денсаулық сақтау", "Здравоохранение", "Health"),
    ("social", "Әлеуметтік қорғау", "Социальная защита", "Social protection"),
    ("housing", "Тұрғын үй және коммуналдық шаруашылық", "Жильё и коммунальное хозяйство",
     "Housing and utilities"),
    ("transport", "Көлік және жолдар", "Транспорт и дороги", "Transport and roads"),
    ("ecology", "Экология", "Экология", "Environment"),
    ("culture", "Мәдениет, ақпарат және тіл", "Культура, информация и язык",
     "Culture, information and language"),
    ("youth", "Жастар, отбасы және спорт", "Молодёжь, семья и спорт", "Youth, family and sport"),
    ("economy", "Экономика және кәсіпкерлік", "Экономика и предпринимательство",
     "Economy and business"),
    ("agriculture", "Ауыл шаруашылығы", "Сельское хозяйство", "Agriculture"),
    ("law", "Құқық тәртібі және сот", "Правопорядок и суд", "Law and order"),
    ("digital", "Цифрлық қызметтер", "Цифровые услуги", "Digital services"),
    ("civil-society", "Азаматтық қоғам және дін", "Гражданское общество и религия",
     "Civil society and religion"),
    ("other", "Басқа", "Другое", "Other"),
]  # fmt: skip

# The prohibited subjects and the procedural grounds; moderators may edit the list.
REASONS = [
    ("Конституциялық құрылысты күшпен өзгертуге немесе аумақтық тұтастықты бұзуға шақыру",
     "Призыв к насильственному изменению конституционного строя или нарушению целостности",
     "Calls for a violent change of the constitutional order or for breaking territorial integrity",
     "Constitution of the Republic of Kazakhstan, art. 5(3), art. 20(3)"),
    ("Әлеуметтік, нәсілдік, ұлттық, діни, тектік-топтық араздықты қоздыру",
     "Возбуждение социальной, расовой, национальной, религиозной, сословной или родовой розни",
     "Incitement of social, racial, national, religious, class or tribal discord",
     "Constitution of the Republic of Kazakhstan, art. 20(3), art. 39(2)"),
    ("Экстремизмді, терроризмді немесе зорлық-зомбылықты насихаттау не ақтау",
     "Пропаганда или оправдание экстремизма, терроризма или насилия",
     "Propaganda or justification of extremism, terrorism or violence",
     "Law «On Countering Extremism»; Law «On Countering Terrorism»"),
    ("Мемлекеттік құпияларды немесе заңмен қорғалатын өзге де құпияны қамтиды",
     "Содержит государственные секреты или иную охраняемую законом тайну",
     "Contains state secrets or another secret protected by law",
     "Law «On State Secrets»; Law «On Personal Data and Their Protection»"),
    ("Соттың, тергеу органдарының құзыретіне жатады немесе сот актісін қайта қарауды талап етеді",
     "Относится к компетенции суда или органов следствия либо требует пересмотра судебного акта",
     "Falls to the courts or investigators, or asks to review a court decision",
     "Constitution of the Republic of Kazakhstan, art. 76, art. 77"),
    ("Балағат сөздер немесе адамның ар-намысы мен қадір-қасиетін қорлау",
     "Нецензурная лексика или оскорбление чести и достоинства человека",
     "Obscene language or an insult to a person's honour and dignity",
     "Constitution of the Republic of Kazakhstan, art. 17, art. 18"),
    ("Мазмұны бірдей петиция қазір қаралуда немесе соңғы бір жылда қаралды",
     "Петиция с тем же содержанием уже рассматривается или была рассмотрена в течение года",
     "A petition with the same content is under consideration or was considered in the past year",
     "Rules for filing and considering online petitions"),
    ("Мәселе көрсетілген мемлекеттік органның құзыретіне жатпайды",
     "Вопрос не относится к компетенции указанного государственного органа",
     "The question is outside the addressee's competence",
     "Rules for filing and considering online petitions"),
    ("Петицияның мәтіні түсініксіз немесе талабы жоқ",
     "Текст петиции неясен или не содержит требования",
     "The text is unclear or makes no request",
     "Rules for filing and considering online petitions"),
]  # fmt: skip


def load(apps, schema_editor):
    Category = apps.get_model("petitions", "Category")
    RejectionReason = apps.get_model("petitions", "RejectionReason")
    for position, (slug, kk, ru, en) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            slug=slug,
            defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "position": position},
        )
    for position, (kk, ru, en, basis) in enumerate(REASONS):
        RejectionReason.objects.get_or_create(
            title_en=en,
            defaults={"title_kk": kk, "title_ru": ru, "legal_basis": basis, "position": position},
        )


SEARCH_INDEXES = [
    # Full-text search over title, demand and text: the very expression that Django's
    # SearchVector("title", "demand", "text", config="simple") writes, so the list uses it.
    "CREATE INDEX IF NOT EXISTS petition_search ON petitions_petition USING gin "
    "(to_tsvector('simple'::regconfig, COALESCE(title, '') || ' ' || COALESCE(demand, '') "
    "|| ' ' || COALESCE(text, '')))",
    # Trigram similarity of titles, for the duplicate suggestions.
    "CREATE INDEX IF NOT EXISTS petition_title_trgm ON petitions_petition USING gin "
    "(title gin_trgm_ops)",
]


def create_search_indexes(apps, schema_editor):
    # PostgreSQL only: SQLite, the quick local engine, searches with a plain scan.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for statement in SEARCH_INDEXES:
        schema_editor.execute(statement)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS petition_search")
        schema_editor.execute("DROP INDEX IF EXISTS petition_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
