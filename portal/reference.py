"""Kazakhstan's reference data: regions from the sourced CSV, and the state bodies.

The loaders take the model classes as arguments so that a data migration can pass its
historical models; `manage.py load_reference_data` runs them again after the CSV changes.
"""

import csv
from datetime import date
from pathlib import Path

REGIONS_CSV = Path(__file__).resolve().parent / "data" / "kz_regions.csv"
DISTRICTS_CSV = Path(__file__).resolve().parent / "data" / "kz_districts.csv"

GOVERNMENT = (
    "government",
    "Қазақстан Республикасының Үкіметі",
    "Правительство Республики Казахстан",
    "Government of the Republic of Kazakhstan",
)

# Ministries that petitions and councils address: (slug, kk, ru, en).
MINISTRIES = [
    ("misd", "Ақпарат және қоғамдық даму министрлігі",
     "Министерство информации и общественного развития",
     "Ministry of Information and Social Development"),
    ("health", "Денсаулық сақтау министрлігі", "Министерство здравоохранения",
     "Ministry of Health"),
    ("education", "Оқу-ағарту министрлігі", "Министерство просвещения",
     "Ministry of Education"),
    ("science", "Ғылым және жоғары білім министрлігі",
     "Министерство науки и высшего образования", "Ministry of Science and Higher Education"),
    ("labour", "Еңбек және халықты әлеуметтік қорғау министрлігі",
     "Министерство труда и социальной защиты населения",
     "Ministry of Labour and Social Protection of the Population"),
    ("internal-affairs", "Ішкі істер министрлігі", "Министерство внутренних дел",
     "Ministry of Internal Affairs"),
    ("justice", "Әділет министрлігі", "Министерство юстиции", "Ministry of Justice"),
    ("ecology", "Экология және табиғи ресурстар министрлігі",
     "Министерство экологии и природных ресурсов",
     "Ministry of Ecology and Natural Resources"),
    ("energy", "Энергетика министрлігі", "Министерство энергетики", "Ministry of Energy"),
    ("finance", "Қаржы министрлігі", "Министерство финансов", "Ministry of Finance"),
    ("national-economy", "Ұлттық экономика министрлігі",
     "Министерство национальной экономики", "Ministry of National Economy"),
    ("transport", "Көлік министрлігі", "Министерство транспорта", "Ministry of Transport"),
    ("industry", "Өнеркәсіп және құрылыс министрлігі",
     "Министерство промышленности и строительства", "Ministry of Industry and Construction"),
    ("agriculture", "Ауыл шаруашылығы министрлігі", "Министерство сельского хозяйства",
     "Ministry of Agriculture"),
    ("culture", "Мәдениет министрлігі", "Министерство культуры", "Ministry of Culture"),
    ("sport", "Туризм және спорт министрлігі", "Министерство туризма и спорта",
     "Ministry of Tourism and Sport"),
    ("emergencies", "Төтенше жағдайлар министрлігі",
     "Министерство по чрезвычайным ситуациям", "Ministry of Emergency Situations"),
    ("water", "Су ресурстары және ирригация министрлігі",
     "Министерство водных ресурсов и ирригации",
     "Ministry of Water Resources and Irrigation"),
    ("digital", "Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрлігі",
     "Министерство цифрового развития, инноваций и аэрокосмической промышленности",
     "Ministry of Digital Development, Innovation and Aerospace Industry"),
    ("trade", "Сауда және интеграция министрлігі", "Министерство торговли и интеграции",
     "Ministry of Trade and Integration"),
    ("foreign-affairs", "Сыртқы істер министрлігі", "Министерство иностранных дел",
     "Ministry of Foreign Affairs"),
]  # fmt: skip

# Russian genitive of the cities' names, for "Акимат города …".
CITY_GENITIVE_RU = {"KZ-71": "Астаны", "KZ-75": "Алматы", "KZ-79": "Шымкента"}


def region_genitive_ru(region):
    """The Russian genitive of a region's name: «Акмолинской области», «города Астаны»."""
    name = region.name_ru
    if region.code in CITY_GENITIVE_RU:
        return f"города {CITY_GENITIVE_RU[region.code]}"
    if name.startswith("область "):
        return "области " + name.removeprefix("область ")
    adjective, _noun = name.split(" ", 1)
    return adjective.removesuffix("ая") + "ой области"


def load_regions(Region):
    """Create or update the 20 regions from the sourced CSV."""
    with REGIONS_CSV.open(encoding="utf-8") as source:
        for row in csv.DictReader(source):
            Region.objects.update_or_create(
                code=row["code"],
                defaults={
                    "kind": row["kind"],
                    "name_kk": row["name_kk"],
                    "name_ru": row["name_ru"],
                    "name_en": row["name_en"],
                    "centre_en": row["centre_en"],
                    "population": int(row["population"]),
                    "population_date": date.fromisoformat(row["population_date"]),
                    "source_url": row["source_url"],
                },
            )


def load_state_bodies(Region, StateBody):
    """Create or update the Government, the ministries, and each region's akimat and maslikhat."""
    slug, kk, ru, en = GOVERNMENT
    central = {"kind": "government", "level": "central", "region": None}
    StateBody.objects.update_or_create(
        slug=slug, defaults={**central, "name_kk": kk, "name_ru": ru, "name_en": en}
    )
    central["kind"] = "ministry"
    for slug, kk, ru, en in MINISTRIES:
        StateBody.objects.update_or_create(
            slug=slug, defaults={**central, "name_kk": kk, "name_ru": ru, "name_en": en}
        )
    for region in Region.objects.all():
        _akimat_and_maslikhat(
            StateBody, region.code.removeprefix("KZ-"), level="regional", region=region,
            name_kk=region.name_kk, genitive_ru=region_genitive_ru(region),
            name_en=region.name_en,
        )  # fmt: skip


def _akimat_and_maslikhat(StateBody, key, *, name_kk, genitive_ru, name_en, **fields):
    """Create or update a unit's akimat (`akimat-<key>`) and maslikhat (`maslikhat-<key>`)."""
    for kind, kk_word, ru_word in (
        ("akimat", "әкімдігі", "Акимат"),
        ("maslikhat", "мәслихаты", "Маслихат"),
    ):
        StateBody.objects.update_or_create(
            slug=f"{kind}-{key}",
            defaults={
                "kind": kind,
                "name_kk": f"{name_kk}ның {kk_word}",
                "name_ru": f"{ru_word} {genitive_ru}",
                "name_en": f"{kind.capitalize()} of {name_en}",
                **fields,
            },
        )


def district_rows():
    """The districts and cities of regional significance, as rows of the sourced CSV."""
    with DISTRICTS_CSV.open(encoding="utf-8") as source:
        return list(csv.DictReader(source))


def genitive_ru(name):
    """The Russian genitive of a district's or city's name, for «Акимат …».

    «Аккольский район» → «Аккольского района», «район Биржан сал» → «района Биржан сал»,
    «город Кокшетау» → «города Кокшетау» (a city's own name stays undeclined, as in official
    names).
    """
    if name.startswith("город "):
        return "города " + name.removeprefix("город ")
    if name.startswith("район "):
        return "района " + name.removeprefix("район ")
    adjective, _noun = name.split(" ", 1)
    return adjective.removesuffix("ий") + "ого района"


def load_district_bodies(Region, StateBody):
    """Create or update each district's and city's akimat and maslikhat from the sourced CSV.

    Keyed by slug, so running it again updates names and populations in place.
    """
    regions = {region.code: region for region in Region.objects.all()}
    for row in district_rows():
        _akimat_and_maslikhat(
            StateBody, row["slug"], level="district", region=regions[row["region"]],
            name_kk=row["name_kk"], genitive_ru=genitive_ru(row["name_ru"]),
            name_en=row["name_en"],
            population=int(row["population"]) if row["population"] else None,
            population_date=(
                date.fromisoformat(row["population_date"]) if row["population_date"] else None
            ),
            population_source=row["source_url"],
        )  # fmt: skip
