"""Demo petitions in every state, with signatures spread over regions and days (seed_demo)."""

import random
from datetime import timedelta

from django.utils import timezone

from petitions import law, services
from petitions.models import Category, GroundVersion, Petition, Signature
from portal.identity import signer_key
from portal.models import Region, StateBody

# (final state, author email, addressee slug, category slug, region code or None,
#  title, demand, text, signatures, days ago it opened)
PETITIONS = [
    ("draft", "citizen@qogam.kz", "education", "education", None,
     "Мектептерде медиа сауаттылық сабағын енгізу",
     "Жалпы білім беретін мектептердің 7–11 сыныптарына медиа сауаттылық пәнін енгізу.",
     "Балалар жалған ақпаратты ажырата білуі керек. Қазір бұл тақырып бағдарламада жоқ, "
     "ал мұғалімдерде әдістемелік құралдар жетіспейді.", 0, 0),
    ("in_moderation", "citizen01@qogam.kz", "transport", "transport", None,
     "Ввести единый проездной для междугородних электричек",
     "Ввести единый месячный проездной для пригородных и междугородних электричек.",
     "Тысячи людей ежедневно ездят на работу из пригородов. Единый проездной снизит их "
     "расходы и разгрузит автомобильные дороги.", 0, 0),
    ("overdue_moderation", "citizen02@qogam.kz", "health", "health", None,
     "Бесплатная вакцинация от ВПЧ для девочек 11–13 лет",
     "Включить вакцинацию от вируса папилломы человека в национальный календарь прививок.",
     "Рак шейки матки — одна из главных причин смерти женщин. Вакцинация в раннем возрасте "
     "снижает риск в разы, а в Казахстане она пока платная.", 0, 0),
    ("gathering_support", "citizen03@qogam.kz", "akimat-62", "youth", "KZ-62",
     "Жезқазғанда жастар орталығын ашу",
     "Жезқазған қаласында жастарға арналған тегін коворкинг пен үйірмелер орталығын ашу.",
     "Қалада жастардың бос уақытын өткізетін, оқып, жоба жасайтын тегін орын жоқ.", 18, 2),
    ("open", "citizen04@qogam.kz", "akimat-62", "ecology", "KZ-62",
     "Ұлытау облысындағы тарихи ескерткіштерді қорғау",
     "Ұлытау облысының тарихи-мәдени ескерткіштерін қорғауға және туристік жолдар салуға "
     "қаржы бөлу.",
     "Облыстағы көптеген кесенелер мен петроглифтер қараусыз қалған. Оларды сақтау — "
     "болашақ ұрпаққа борышымыз.", 1400, 40),
    ("open", "citizen05@qogam.kz", "health", "health", None,
     "Увеличить число бесплатных МРТ-обследований по направлению врача",
     "Увеличить квоты на бесплатные МРТ-обследования в рамках ОСМС и сократить очереди до 10 "
     "дней.",
     "Сейчас пациенты ждут бесплатного МРТ по два-три месяца. За это время болезнь может "
     "перейти в тяжёлую стадию.", 8200, 75),
    ("open", "citizen06@qogam.kz", "maslikhat-71", "housing", "KZ-71",
     "Астанада аулаларды абаттандыру бағдарламасын кеңейту",
     "Астана қаласының ескі аудандарындағы аулаларды абаттандыру бағдарламасын кеңейту.",
     "Ескі аулаларда балалар алаңдары мен жарық жоқ, жолдар бұзылған.", 2600, 20),
    ("under_consideration", "citizen07@qogam.kz", "akimat-62", "social", "KZ-62",
     "Ұлытау облысында мүгедектігі бар адамдарға әлеуметтік такси",
     "Облыс орталығында мүгедектігі бар адамдарға тегін әлеуметтік такси қызметін енгізу.",
     "Арбамен жүретін адамдар қоғамдық көлікті пайдалана алмайды.", 2300, 15),
    ("answered", "citizen08@qogam.kz", "akimat-10", "ecology", "KZ-10",
     "Семейде ауаның ластануын бақылау бекеттерін орнату",
     "Семей қаласының әр ауданында ауа сапасын бақылайтын автоматты бекеттер орнату және "
     "деректерді ашық жариялау.",
     "Қыста қала түтінге оранады. Тұрғындар ауаның сапасы туралы нақты деректерді білуі керек.",
     6100, 120),
    ("closed", "citizen09@qogam.kz", "culture", "culture", None,
     "Создать единую электронную библиотеку казахской литературы",
     "Создать открытую электронную библиотеку произведений казахской литературы на трёх "
     "языках.",
     "Многие книги доступны только в бумажном виде в нескольких библиотеках страны.",
     900, 200),
    ("rejected", "citizen10@qogam.kz", "internal-affairs", "law", None,
     "Отменить приговор по делу моего соседа",
     "Пересмотреть приговор суда по уголовному делу.",
     "Считаю приговор несправедливым и прошу его отменить.", 0, 0),
    ("lapsed", "citizen11@qogam.kz", "sport", "youth", None,
     "Ауылдық мектептерге спорт залдарын салу",
     "Спорт залы жоқ ауылдық мектептердің барлығына спорт залын салу.",
     "Ауылдағы балалар дене шынықтыру сабағын сыныпта немесе далада өткізеді.", 12, 30),
    ("withdrawn", "citizen12@qogam.kz", "digital", "digital", None,
     "Добавить вход в eGov по биометрии для пожилых людей",
     "Добавить вход в портал eGov по биометрии лица для людей старше 65 лет.",
     "Пожилым людям трудно работать с ЭЦП и одноразовыми паролями.", 300, 10),
    ("hidden", "citizen13@qogam.kz", "government", "other", None,
     "Тестовая петиция с повторяющимся текстом",
     "Повторяющийся текст, не содержащий требования к государственному органу.",
     "Повторяющийся текст, не содержащий требования к государственному органу.", 0, 0),
    # More open petitions, so that the public list fills two pages and paging shows.
    ("open", "citizen03@qogam.kz", "akimat-62", "youth", None,
     "Открыть бесплатные кружки робототехники в сельских школах",
     "Открыть в каждой сельской школе области бесплатный кружок робототехники.",
     "Городские дети учатся программировать с детства, сельские — нет. Кружок стоит недорого, "
     "а даёт профессию.", 140, 20),
    ("open", "citizen04@qogam.kz", "transport", "transport", None,
     "Пустить ночные автобусы между Астаной и Косшы",
     "Пустить ночные рейсы автобуса между Астаной и Косшы с полуночи до пяти утра.",
     "Тысячи людей работают в ночные смены в столице и живут в Косшы; такси ночью им не по "
     "карману.", 320, 35),
    ("open", "citizen05@qogam.kz", "health", "health", None,
     "Ауылдық амбулаторияларға дефибриллятор орнату",
     "Әр ауылдық амбулаторияға автоматты сыртқы дефибриллятор орнату.",
     "Жүрек тоқтаған кезде алғашқы минуттар шешуші. Ауылдан ауруханаға дейін жол ұзақ.", 95, 12),
    ("open", "citizen06@qogam.kz", "education", "education", None,
     "Сократить домашние задания в начальной школе",
     "Ограничить время на домашние задания в 1–4 классах тридцатью минутами в день.",
     "Дети младших классов проводят за уроками по три часа. Врачи говорят о "
     "переутомлении.", 610, 48),
    ("open", "citizen07@qogam.kz", "culture", "culture", None,
     "Открыть музеи бесплатно в первое воскресенье месяца",
     "Сделать вход в государственные музеи бесплатным в первое воскресенье каждого месяца.",
     "Семьи с детьми редко ходят в музеи из-за цены билетов; бесплатный день это "
     "изменит.", 230, 27),
    ("open", "citizen08@qogam.kz", "digital", "digital", None,
     "Дать доступ к eGov без смартфона в ЦОНах",
     "Поставить в каждом ЦОНе терминал для входа в eGov без собственного смартфона.",
     "Не у всех пожилых людей есть смартфон, а многие услуги теперь только онлайн.", 180, 16),
    ("open", "citizen09@qogam.kz", "akimat-10", "ecology", None,
     "Алматы облысында өзен жағалауларын тазарту күндері",
     "Облыста жыл сайын көктемде өзен жағалауларын тазарту күндерін өткізу.",
     "Өзен жағасында қоқыс көп. Еріктілер дайын, тек ұйымдастыру мен қап керек.", 75, 9),
    ("open", "citizen10@qogam.kz", "sport", "youth", None,
     "Построить открытые спортплощадки в каждом микрорайоне",
     "Построить в каждом микрорайоне областных центров открытую спортивную площадку.",
     "Подросткам негде заниматься спортом бесплатно; платные секции доступны не всем.", 410, 40),
    ("open", "citizen11@qogam.kz", "maslikhat-71", "housing", None,
     "Установить пандусы во всех подъездах новостроек",
     "Обязать застройщиков ставить пандусы у каждого подъезда новых домов.",
     "Маломобильные люди и родители с колясками не могут выйти из дома без помощи.", 260, 30),
    ("open", "citizen01@qogam.kz", "internal-affairs", "law", None,
     "Поставить камеры у пешеходных переходов возле школ",
     "Установить камеры фиксации скорости у всех пешеходных переходов возле школ.",
     "Возле школ водители часто не пропускают детей; камеры заставят снизить скорость.", 520, 55),
    ("open", "citizen02@qogam.kz", "akimat-62", "social", None,
     "Открыть дневной центр для пожилых в каждом районе",
     "Открыть в каждом районе области дневной центр для одиноких пожилых людей.",
     "Одинокие пенсионеры проводят дни в одиночестве; центр даст им общение и заботу.", 130, 22),
    ("open", "citizen12@qogam.kz", "education", "education", None,
     "Мектеп асханаларында тегін ыстық тамақ",
     "Барлық мектептерде 1–5 сынып оқушыларына тегін ыстық тамақ беру.",
     "Кейбір отбасылар балаға түскі асқа ақша бере алмайды; аш бала нашар оқиды.", 340, 44),
    ("open", "citizen13@qogam.kz", "transport", "transport", None,
     "Добавить велодорожки вдоль главных улиц областных центров",
     "Проложить выделенные велодорожки вдоль главных улиц всех областных центров.",
     "Всё больше людей ездит на велосипедах и самокатах, но им приходится делить дорогу с "
     "машинами.", 150, 18),
]  # fmt: skip


def _fake_signatures(count, *, start, days, regions, rng, serial):
    """Signatures of made-up adults, spread over regions and over `days` days from `start`."""
    signatures = []
    weights = [region.population for region in regions]
    for n in range(count):
        # Most signatures come early, as with real petitions; the long tail spreads evenly.
        day = int(rng.expovariate(4 / days))
        if day >= days:
            day = rng.randrange(days)
        signatures.append(
            Signature(
                signer_key=signer_key(f"demo-{serial}-{n}"),
                region=rng.choices(regions, weights)[0],
                created_at=start + timedelta(days=day, minutes=rng.randrange(24 * 60)),
            )
        )
    return signatures


def _backdate(petition, days):
    """Date a demo petition's steps as if it had been published `days` days ago."""
    start = timezone.now() - timedelta(days=days)
    steps = {"created": -6, "submitted": -5, "published": -2, "opened": 1,
             "threshold_reached": days // 2, "answered": days - 5}  # fmt: skip

    def at(step):
        return start + timedelta(days=steps[step])

    fields = {"created_at": at("created"), "submitted_at": at("submitted"),
              "moderation_deadline": law.moderation_deadline(at("submitted").date())}  # fmt: skip
    if petition.published_at:
        fields["published_at"] = at("published")
        fields["support_deadline"] = law.support_deadline(at("published").date())
    if petition.opened_at:
        fields["opened_at"] = at("opened")
        fields["deadline"] = law.collection_deadline(at("opened").date())
    if petition.threshold_reached_at:
        fields["threshold_reached_at"] = fields["ended_at"] = at("threshold_reached")
        fields["consideration_deadline"] = law.consideration_deadline(
            petition.addressee, at("threshold_reached").date()
        )
    if petition.answered_at:
        fields["answered_at"] = at("answered")
    Petition.objects.filter(pk=petition.pk).update(**fields)
    for event in petition.events.all():
        event.created_at = at(event.action) if event.action in steps else timezone.now()
        event.save(update_fields=["created_at"])


# Letters of Kazakh's alphabet that Russian's lacks: the demo's texts are in one of the two.
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def _language_of(text):
    """The language a demo petition is written in (its authors' own may differ)."""
    return "kk" if KAZAKH_LETTERS & set(text) else "ru"


def load_demo_petitions(people):
    """Create the demo petitions through the services, then age them.

    `people` holds seed_demo's accounts by email; their petition moderator decides.
    """
    moderator = people["petitions.moderator@qogam.kz"]
    rng = random.Random(2026)
    regions = list(Region.objects.all())
    bodies = {body.slug: body for body in StateBody.objects.all()}
    categories = {category.slug: category for category in Category.objects.all()}
    for serial, row in enumerate(PETITIONS):
        state, email, body, category, region, title, demand, text, count, days = row
        author = people[email]
        petition = services.create_petition(
            author=author, title=title, demand=demand, text=text, addressee=bodies[body],
            category=categories[category],
            region=Region.objects.get(code=region) if region else None,
            language=_language_of(title + demand + text),
        )  # fmt: skip
        if state == "draft":
            continue
        petition = services.submit_petition(petition=petition, actor=author)
        if state in ("in_moderation", "overdue_moderation"):
            if state == "overdue_moderation":
                _backdate(petition, 35)
            continue
        if state == "rejected":
            services.reject_petition(
                petition=petition, moderator=moderator,
                reason=GroundVersion.objects.in_force(petition.submitted_day).get(ground__code="justice"),
                explanation="Пересмотр судебных актов не входит в компетенцию адресата петиции.",
            )  # fmt: skip
            continue
        petition = services.publish_petition(petition=petition, moderator=moderator)
        if state == "hidden":
            services.hide_petition(
                petition=petition, moderator=moderator, reason="Текст не содержит требования."
            )
            continue
        start = timezone.now() - timedelta(days=days)
        petition = services.import_signatures(
            petition=petition,
            signatures=_fake_signatures(
                count, start=start, days=max(days, 1), regions=regions, rng=rng, serial=serial
            ),
        )
        if state == "withdrawn":
            services.withdraw_petition(petition=petition, actor=author)
        if state == "answered":
            services.record_response(
                petition=petition, moderator=moderator,
                response_text=(
                    "Облыс әкімдігі 2027 жылы Семейдің төрт ауданында ауа сапасын бақылайтын "
                    "автоматты бекеттер орнатады. Деректер ашық деректер порталында сағат сайын "
                    "жарияланады. Қоғамдық талқылау өтті, оның хаттамасы жарияланды."
                ),
                discussion_date=(timezone.now() - timedelta(days=12)).date(),
                discussion_place="Семей қаласының әкімдігі, мәжіліс залы",
                media_statement_url="https://abai.gov.kz/",
            )  # fmt: skip
        if days:
            _backdate(Petition.objects.get(pk=petition.pk), days)
    from petitions.services import expire_petitions

    expire_petitions()
    # A real citizen's own signature, so the demo shows "you signed" and withdrawal.
    open_petition = Petition.objects.filter(status="open").order_by("pk").first()
    services.sign_petition(petition=open_petition, user=people["citizen@qogam.kz"], show_name=True)
