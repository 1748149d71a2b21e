"""Load a realistic, deterministic demo: staff, an account for every role, then each app's part.

Every demo account's password is DEMO_PASSWORD (README lists the logins).
"""

from contextlib import contextmanager
from datetime import date

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Replace
from django.test.utils import override_settings

from petitions.demo import load_demo_petitions
from platforms.demo import load_demo_platforms
from portal import services
from portal.models import Region, StateBody, User
from portal.rules import MINISTRY_STAFF, PETITION_MODERATORS, PLATFORM_MODERATORS
from portal.services import appoint_official
from portal.validators import make_iin


@contextmanager
def _commits_without_waiting_for_the_disk():
    """The demo's commits return before they reach the disk (PostgreSQL's
    synchronous_commit, SQLite's synchronous pragma): a crash may lose the last of them,
    never corrupt the database."""
    setting = {
        "postgresql": ("SET synchronous_commit TO off", "RESET synchronous_commit"),
        "sqlite": ("PRAGMA synchronous = OFF", "PRAGMA synchronous = FULL"),
    }.get(connection.vendor)
    if setting is None:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(setting[0])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(setting[1])


DEMO_PASSWORD = "qogam-demo-2026"  # noqa: S105 (documented demo login, refused in production)

# email, first name, last name, region code, language, groups, IIN birth date (or None)
ACCOUNTS = [
    ("admin@qogam.kz", "Ерлан", "Әбдіров", "KZ-71", "kk", "admin", None),
    ("petitions.moderator@qogam.kz", "Гүлнар", "Есенова", "KZ-71", "kk",
     (PETITION_MODERATORS, MINISTRY_STAFF), None),
    ("platforms.moderator@qogam.kz", "Дмитрий", "Ковалёв", "KZ-71", "ru",
     (PLATFORM_MODERATORS, MINISTRY_STAFF), None),
    ("citizen@qogam.kz", "Айгерім", "Сәрсенова", "KZ-75", "kk", (), date(1992, 4, 17)),
    ("ngo.representative@qogam.kz", "Нұрлан", "Жақсылықов", "KZ-35", "kk", (),
     date(1981, 11, 3)),
    ("ngo.member@qogam.kz", "Anna", "Petrova", "KZ-59", "en", (), date(1998, 2, 28)),
    ("akimat-62.official@qogam.kz", "Бақыт", "Омаров", "KZ-62", "kk", (), None),
    ("akimat-10.official@qogam.kz", "Ольга", "Ким", "KZ-10", "ru", (), None),
]  # fmt: skip

# The accounts above appointed to a state body: they answer its petitions in its workspace.
STATE_OFFICIALS = {
    "akimat-62.official@qogam.kz": "akimat-62",
    "akimat-10.official@qogam.kz": "akimat-10",
}

# Each app's demo, loaded in this order with the accounts above (by email).
DEMO_LOADERS = [load_demo_petitions, load_demo_platforms]

# More citizens, so that later parts of the demo have people to sign and take part.
FIRST_NAMES = [
    "Асель",
    "Бауыржан",
    "Динара",
    "Ержан",
    "Жанар",
    "Қайрат",
    "Мадина",
    "Нұрсұлтан",
    "Салтанат",
    "Тимур",
    "Әсем",
    "Олжас",
    "Ирина",
    "Сергей",
    "Камила",
    "Арман",
]
LAST_NAMES = ["Ахметова", "Бекенов", "Омарова", "Тұрсынов", "Исаева", "Сейтқали", "Ким",
              "Нұрланов", "Мұқанова", "Жұмабаев", "Ли", "Байжанов", "Смагулова",
              "Орлов"]  # fmt: skip


REAL_DOMAIN, RESERVED_DOMAIN = "@qogam.kz", "@qogam.test"


class Command(BaseCommand):
    help = "Load the demo accounts and NGOs (deterministic). Refused when DEBUG is off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the demo is already loaded."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even though DEBUG is off (its passwords are public).",
        )

    def handle(self, *args, if_empty=False, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: the demo's passwords are public. Pass --allow-production to "
                "load it anyway."
            )
        admin = ACCOUNTS[0][0]
        if User.objects.filter(
            email__in=[admin, admin.replace(REAL_DOMAIN, RESERVED_DOMAIN)]
        ).exists():
            if if_empty:
                self.stdout.write("The demo is already loaded.")
                return
            raise CommandError("The demo is already loaded; use a fresh database.")
        # One argon2 hash serves every demo account: hashing is deliberately slow.
        self.password_hash = make_password(DEMO_PASSWORD)
        # The demo's steps notify a thousand made-up people: their emails are sent nowhere,
        # at once, rather than queued for a worker that would send them for real.
        quiet = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        )
        # Each step is a service's own transaction, as in real life; the demo's many commits
        # need not each wait for the disk.
        with quiet, _commits_without_waiting_for_the_disk():
            try:
                self.load()
            except Exception as error:
                raise CommandError(
                    f"The demo stopped half loaded ({error!r}): start again on a fresh database."
                ) from error
        self.stdout.write(
            self.style.SUCCESS("Demo loaded. Password of every account: " + DEMO_PASSWORD)
        )

    def load(self):
        people = self.create_accounts()
        for email, slug in STATE_OFFICIALS.items():
            appoint_official(body=StateBody.objects.get(slug=slug), user=people[email],
                             actor=people["admin@qogam.kz"])  # fmt: skip
        for load in DEMO_LOADERS:
            load(people)
        if not settings.DEBUG:
            # A demo on a real server: its made-up people get addresses on a reserved
            # domain, so that none of its later emails can reach anyone.
            for model in (User, EmailAddress):
                model.objects.filter(email__endswith=REAL_DOMAIN).update(
                    email=Replace("email", Value(REAL_DOMAIN), Value(RESERVED_DOMAIN))
                )

    def create_account(self, email, first_name, last_name, region, language, birth_date, serial):
        user = User.objects.create(
            email=email, password=self.password_hash, first_name=first_name,
            last_name=last_name, region=region, preferred_language=language,
        )  # fmt: skip
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        if birth_date:
            sex = "female" if first_name[-1] in "аяAaі" or last_name.endswith("а") else "male"
            services.declare_iin(user=user, iin=make_iin(birth_date, sex, serial=serial))
        return user

    def create_accounts(self):
        regions = {region.code: region for region in Region.objects.all()}
        people = {}
        for serial, (email, first, last, code, language, groups, born) in enumerate(ACCOUNTS):
            user = self.create_account(email, first, last, regions[code], language, born, serial)
            if groups == "admin":
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            else:
                user.groups.add(*Group.objects.filter(name__in=groups))
            people[email] = user
        codes = sorted(regions)
        for n in range(40):
            first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n * 5) % len(LAST_NAMES)]
            born = date(1960 + (n * 7) % 45, 1 + n % 12, 1 + (n * 3) % 28)
            email = f"citizen{n + 1:02d}@qogam.kz"
            people[email] = self.create_account(
                email, first, last, regions[codes[n % len(codes)]],
                ("kk", "ru", "en")[n % 3], born, 100 + n,
            )  # fmt: skip
        return people
