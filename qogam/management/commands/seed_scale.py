"""Fill PostgreSQL with national-scale data for the benchmark (make bench); deterministic.

Rows go in through COPY; the stored counts are computed afterwards with one INSERT ... SELECT
per count table and one UPDATE, so every count equals the rows behind it.
"""

import hashlib
import hmac
import random
import time
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from petitions import law, receipts
from petitions.models import Category, GroundVersion, Petition
from platforms.models import Meeting, Organization, Platform, Recommendation, Sphere
from portal.models import Region, StateBody
from portal.validators import make_bin

Status = Petition.Status

# How the petitions' final states are spread (weights out of 1000): mostly open, closed, answered.
STATUS_WEIGHTS = {
    Status.DRAFT: 30, Status.IN_MODERATION: 20, Status.GATHERING_SUPPORT: 40, Status.OPEN: 250,
    Status.UNDER_CONSIDERATION: 40, Status.CLOSED: 300, Status.ANSWERED: 200,
    Status.REJECTED: 50, Status.LAPSED: 40, Status.WITHDRAWN: 20, Status.HIDDEN: 10,
}  # fmt: skip
# States that hold signatures, with how strongly each attracts them.
SIGNED = {
    Status.GATHERING_SUPPORT: 0.05, Status.LAPSED: 0.02, Status.OPEN: 1.0,
    Status.UNDER_CONSIDERATION: 5.0, Status.ANSWERED: 5.0, Status.CLOSED: 0.7,
    Status.WITHDRAWN: 0.3, Status.HIDDEN: 0.3,
}  # fmt: skip
SEED = 2026
# The tables it fills.
SCALE_TABLES = (
    "petitions_petition", "petitions_signature", "petitions_dailysignaturecount",
    "petitions_regionsignaturecount", "petitions_signaturelogline", "portal_user",
    "platforms_organization",
)  # fmt: skip
BATCH = 100_000
EMAIL_DOMAIN = "scale.qogam.kz"
NAMES = ["Айгерим С.", "Ерлан А.", "Динара О.", "Тимур К.", "Анна П.", "Нурлан Ж.", "Асель Б."]
WORDS = ["мектеп", "жол", "аурухана", "парк", "су", "жастар", "экология", "транспорт",
         "білім", "мәдениет", "спорт", "тұрғын үй", "ауыл", "қала", "денсаулық"]  # fmt: skip
# Signer keys are written in chunks of this many rows: COPY streams them to the server.
SIGNATURE_COLUMNS = (
    "petition_id, signer_key, user_id, region_id, created_at, status, show_name, public_name, "
    "notify_on_answer, invalidated_reason, receipt_digest"
)
LOG_COLUMNS = "petition_id, seq, event, receipt_digest, day, region_code, status, hash"


def _copy_lines(cursor, table_and_columns, lines):
    """Stream already-formatted text lines into one COPY, in batches of BATCH rows."""
    with cursor.copy(f"COPY {table_and_columns} FROM STDIN") as copy:
        chunk = []
        for line in lines:
            chunk.append(line)
            if len(chunk) >= BATCH:
                copy.write("".join(chunk))
                chunk.clear()
        if chunk:
            copy.write("".join(chunk))


def _text(value):
    """One field of COPY's text format."""
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _row(*values):
    return "\t".join(_text(value) for value in values) + "\n"


class Command(BaseCommand):
    help = (
        "Fill PostgreSQL with national-scale benchmark data through COPY (deterministic). "
        "Refused on SQLite, and when DEBUG is off unless --allow-production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--petitions", type=int, default=100_000)
        parser.add_argument("--signatures", type=int, default=10_000_000)
        parser.add_argument(
            "--signers",
            type=int,
            default=2_000_000,
            help="Distinct signer keys (widened to --hot: one person signs a petition once).",
        )
        parser.add_argument("--hot", type=int, default=6_000_000)
        parser.add_argument("--organizations", type=int, default=5_000)
        parser.add_argument(
            "--allow-production", action="store_true", help="Run even though DEBUG is off."
        )

    def handle(self, *args, allow_production=False, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"seed_scale needs PostgreSQL (COPY); this database is {connection.vendor}."
            )
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: this looks like production. Pass --allow-production to fill it "
                "with made-up data anyway."
            )
        sizes = {key: options[key] for key in ("petitions", "signatures", "signers", "hot")}
        sizes["organizations"] = options["organizations"]
        if min(sizes.values()) < 0 or sizes["petitions"] < 1:
            raise CommandError("Sizes must not be negative, and there must be a petition.")
        if sizes["hot"] > sizes["signatures"]:
            raise CommandError("--hot cannot exceed --signatures.")
        if sizes["signers"] < sizes["hot"]:
            # The unique (petition, signer key) constraint: the hot petition needs --hot people.
            self.stdout.write(
                f"--signers {sizes['signers']} < --hot {sizes['hot']}: one person signs a "
                f"petition once, so the pool is widened to {sizes['hot']} signers."
            )
            sizes["signers"] = sizes["hot"]
        if sizes["signers"] < 1 and sizes["signatures"]:
            raise CommandError("Signatures need at least one signer.")
        if self._loaded():
            raise CommandError("Scale data is already loaded; use a fresh database.")
        self.sizes = sizes
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        started = time.monotonic()
        with transaction.atomic(), connection.cursor() as django_cursor:
            self.cursor = django_cursor.connection.cursor()
            # Check foreign keys row by row: deferred, millions of checks would queue in memory.
            self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.cursor.execute("SELECT coalesce(max(id), 0) FROM petitions_petition")
            self.first_petition = self.cursor.fetchone()[0] + 1
            self.phase("reference data", self.load_reference)
            self.phase("users", self.create_users)
            self.phase("petitions", self.create_petitions)
            self.phase("signer keys", self.make_signers)
            self.phase("signatures", self.create_signatures)
            self.phase("counts", self.count_signatures)
            self.phase("signature logs", self.log_signatures)
            self.phase("organizations", self.create_organizations)
            self.phase("platforms", self.create_platforms)
            self.phase("analyze", self.analyze)
        if not connection.in_atomic_block:
            # The counts' UPDATE left a dead copy of every counted petition row behind; VACUUM
            # (which cannot run in a transaction) clears them and sets the visibility map that
            # index-only scans use.
            self.phase("vacuum", self.vacuum)
        self.stdout.write(
            self.style.SUCCESS(f"Scale data loaded in {time.monotonic() - started:.1f} s.")
        )

    def _loaded(self):
        from portal.models import User

        return User.objects.filter(email=f"scale-0@{EMAIL_DOMAIN}").exists()

    def phase(self, name, step):
        started = time.monotonic()
        detail = step()
        self.stdout.write(f"{name:>14}: {time.monotonic() - started:7.1f} s  {detail or ''}")
        self.stdout.flush()

    def load_reference(self):
        self.regions = list(Region.objects.order_by("pk"))
        self.bodies = list(StateBody.objects.order_by("pk"))
        self.categories = list(Category.objects.order_by("pk"))
        self.reasons = list(GroundVersion.objects.in_register().order_by("pk"))
        if not (self.regions and self.bodies and self.categories and self.reasons):
            raise CommandError("Reference data is missing: run the migrations first.")
        self.thresholds = {body.pk: body.petition_threshold for body in self.bodies}
        self.central = [body for body in self.bodies if body.level == "central"] or self.bodies
        return f"{len(self.regions)} regions, {len(self.bodies)} state bodies"

    def create_users(self):
        """Authors: a pool with unusable passwords and verified email addresses."""
        from portal.models import User

        self.user_count = max(50, self.sizes["petitions"] // 20)
        joined = timezone.now() - timedelta(days=1200)
        regions = [region.pk for region in self.regions]
        _copy_lines(
            self.cursor,
            "portal_user (password, is_superuser, email, first_name, last_name, "
            "preferred_language, is_staff, is_active, date_joined, region_id)",
            (
                _row(
                    f"!scale{n}",
                    False,
                    f"scale-{n}@{EMAIL_DOMAIN}",
                    "Scale",
                    f"User {n}",
                    ("kk", "ru", "en")[n % 3],
                    False,
                    True,
                    joined,
                    regions[n % len(regions)],
                )  # fmt: skip
                for n in range(self.user_count)
            ),
        )
        self.cursor.execute(
            'INSERT INTO account_emailaddress (email, verified, "primary", user_id) '
            "SELECT email, true, true, id FROM portal_user WHERE email LIKE %s",
            [f"%@{EMAIL_DOMAIN}"],
        )
        self.users = list(
            User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return f"{len(self.users)} users"

    def create_petitions(self):
        """Petitions in every state, dated as the law's clocks would date them."""
        rng = self.rng
        count = self.sizes["petitions"]
        states = list(STATUS_WEIGHTS)
        drawn = rng.choices(states, [STATUS_WEIGHTS[s] for s in states], k=count)
        # Every state exists, and the first petition is the hot one, to a central body: open,
        # or past its threshold and under consideration (signatures keep counting there).
        drawn[: len(states)] = states
        past = self.sizes["hot"] >= self.thresholds[self.central[0].pk]
        drawn[0] = Status.UNDER_CONSIDERATION if past else Status.OPEN
        self.plans = []
        lines = []
        for ordinal, status in enumerate(drawn):
            body = self.central[0] if ordinal == 0 else rng.choice(self.bodies)
            plan = self.plan_petition(ordinal, status, body)
            self.plans.append(plan)
            lines.append(plan.pop("line"))
        _copy_lines(
            self.cursor,
            "petitions_petition (title, text, demand, status, threshold, signature_count, "
            "created_at, updated_at, submitted_at, moderation_deadline, published_at, "
            "support_deadline, opened_at, deadline, threshold_reached_at, "
            "consideration_deadline, ended_at, overdue, rejection_explanation, hidden_reason, "
            "status_before_hidden, response_text, discussion_date, discussion_place, "
            "media_statement_url, answered_at, addressee_id, author_id, category_id, region_id, "
            "rejection_reason_id, discussion_link, signed_answer)",
            lines,
        )
        self.cursor.execute(
            "SELECT id FROM petitions_petition WHERE id >= %s ORDER BY id", [self.first_petition]
        )
        ids = [row[0] for row in self.cursor.fetchall()]
        if len(ids) != count:
            raise CommandError("Another writer added petitions meanwhile; use a fresh database.")
        for plan, pk in zip(self.plans, ids, strict=True):
            plan["id"] = pk
        return f"{count} petitions"

    def plan_petition(self, ordinal, status, body):
        """One petition's row and its signing window, as COPY text."""
        rng = self.rng
        hot = ordinal == 0
        months = settings.PETITION_COLLECTION_MONTHS
        if status in (Status.OPEN, Status.GATHERING_SUPPORT, Status.UNDER_CONSIDERATION):
            age = 14 if hot else rng.randrange(10, months * 30 - 5)
        else:
            age = rng.randrange(30, 1100)
        created = self.today - timedelta(days=age + 30)
        submitted = created + timedelta(days=1)
        published = opened = reached = ended = answered = None
        deadlines = {"moderation": _moderation(submitted)}
        if status not in (Status.DRAFT, Status.IN_MODERATION, Status.REJECTED):
            published = submitted + timedelta(days=10)
            deadlines["support"] = _support(published)
        if status not in (
            Status.DRAFT, Status.IN_MODERATION, Status.REJECTED, Status.GATHERING_SUPPORT,
            Status.LAPSED,
        ):  # fmt: skip
            opened = self.today - timedelta(days=age)
            deadlines["collection"] = _collection(opened)
        window = (published or created, self.today)
        if status == Status.LAPSED:
            ended = deadlines["support"]
            window = (published, ended)
        elif status == Status.CLOSED:
            ended = min(deadlines["collection"], self.today - timedelta(days=1))
        elif status == Status.WITHDRAWN:
            ended = opened + timedelta(days=rng.randrange(1, 60))
        elif status in (Status.UNDER_CONSIDERATION, Status.ANSWERED):
            reached = ended = opened + timedelta(days=min(age - 1, rng.randrange(5, 150)))
            deadlines["consideration"] = _consideration(body.level, reached)
            if status == Status.ANSWERED:
                answered = min(deadlines["consideration"], self.today)
        if status == Status.UNDER_CONSIDERATION:
            window = (opened, self.today)
        elif opened:
            window = (opened, min(ended or self.today, self.today))
        threshold = None
        if published or status == Status.HIDDEN:
            threshold = self.thresholds[body.pk]
        words = rng.sample(WORDS, 3)
        title = f"#{ordinal} " + " ".join(words).capitalize()
        region = body.region_id if body.level != "central" else None

        def at(day):
            if day is None:
                return None
            return timezone.make_aware(datetime(day.year, day.month, day.day, 10))

        line = _row(
            title, "Мәтін: " + " ".join(rng.choices(WORDS, k=40)),
            "Талап: " + " ".join(words), status, threshold, 0, at(created), at(created),
            at(submitted) if status != Status.DRAFT else None,
            deadlines["moderation"] if status != Status.DRAFT else None,
            at(published), deadlines.get("support") if published else None, at(opened),
            deadlines.get("collection"), at(reached), deadlines.get("consideration"), at(ended),
            False,
            "Не относится к компетенции." if status == Status.REJECTED else "",
            "Повторяющийся текст." if status == Status.HIDDEN else "",
            Status.OPEN if status == Status.HIDDEN else "",
            "Ответ государственного органа." if status == Status.ANSWERED else "",
            None, "", "", at(answered), body.pk, rng.choice(self.users),
            rng.choice(self.categories).pk, region,
            self.reasons[ordinal % len(self.reasons)].pk if status == Status.REJECTED else None,
            "", "",
        )  # fmt: skip
        # A petition below its threshold or its first support holds fewer signatures than that.
        cap = {
            Status.OPEN: threshold, Status.CLOSED: threshold,
            Status.GATHERING_SUPPORT: settings.PETITION_INITIAL_SUPPORT,
            Status.LAPSED: settings.PETITION_INITIAL_SUPPORT,
        }.get(status)  # fmt: skip
        room = None if hot or cap is None else max(0, cap - 1)
        return {"line": line, "status": status, "hot": hot, "window": window, "room": room}

    def make_signers(self):
        """The signer keys, exactly as portal.identity.signer_key makes them, and home regions."""
        size = self.sizes["signers"]
        key = settings.IIN_HASH_KEY.encode()
        sha256 = hashlib.sha256
        new = hmac.new
        self.keys = [new(key, f"scale-{n}".encode(), sha256).hexdigest() for n in range(size)]
        regions = [region.pk for region in self.regions]
        weights = [region.population for region in self.regions]
        self.home = random.Random(SEED + 1).choices(regions, weights, k=size)
        return f"{size} signers"

    def allocate(self):
        """How many signatures each petition gets: the hot one --hot, the rest heavy-tailed."""
        rng = random.Random(SEED + 2)
        pool = self.sizes["signers"]
        rest = self.sizes["signatures"] - self.sizes["hot"]
        counts = [0] * len(self.plans)
        counts[0] = self.sizes["hot"]
        signed = [i for i, plan in enumerate(self.plans[1:], 1) if plan["status"] in SIGNED]
        if rest and not signed:
            raise CommandError("No petition but the hot one can hold the other signatures.")
        weights = [min(rng.paretovariate(1.1), 2000) * SIGNED[self.plans[i]["status"]]
                   for i in signed]  # fmt: skip
        total = sum(weights)
        limit = [pool if plan["room"] is None else min(pool, plan["room"]) for plan in self.plans]
        for i, weight in zip(signed, weights, strict=True):
            counts[i] = min(limit[i], int(rest * weight / total))
        # Hand out what rounding and the caps left over, one petition at a time.
        left = rest - sum(counts[i] for i in signed)
        while left:
            room = [i for i in signed if counts[i] < limit[i]]
            if not room:
                raise CommandError("Too few signers for that many signatures.")
            for i in room[:left]:
                counts[i] += 1
            left = rest - sum(counts[i] for i in signed)
        return counts

    def create_signatures(self):
        """Signatures of made-up people (user NULL), each petition's from a distinct window of
        the signer pool, spread over its signing days with most of them early."""
        counts = self.allocate()
        rng = random.Random(SEED + 3)
        keys, home, pool = self.keys, self.home, self.sizes["signers"]
        times = [f" {h:02d}:{m:02d}:00+05" for h in range(24) for m in range(0, 60, 5)]
        ntimes = len(times)

        def lines():
            for plan, count in zip(self.plans, counts, strict=True):
                if not count:
                    continue
                pk = plan["id"]
                start, end = plan["window"]
                days = max(1, (end - start).days + 1)
                dates = [(start + timedelta(days=d)).isoformat() for d in range(days)]
                offset = rng.randrange(pool)
                rate = 4 / days
                expo, rand, bits = rng.expovariate, rng.random, rng.getrandbits
                for i in range(count):
                    n = offset + i
                    if n >= pool:
                        n -= pool
                    day = int(expo(rate))
                    if day >= days:
                        day = int(rand() * days)
                    ts = dates[day] + times[int(rand() * ntimes)]
                    draw = rand()
                    if plan["hot"] or draw > 0.02:
                        status, reason = "valid", ""
                    elif draw > 0.005:
                        status, reason = "withdrawn", ""
                    else:
                        status, reason = "invalidated", "Повторная подпись"
                    if draw > 0.95:
                        shown, name = "t", NAMES[n % 7]
                    else:
                        shown, name = "f", ""
                    # A receipt nobody holds: its digest is random.
                    yield (
                        f"{pk}\t{keys[n]}\t\\N\t{home[n]}\t{ts}\t{status}\t{shown}\t{name}\tf\t"
                        f"{reason}\t{bits(128):032x}\n"
                    )

        _copy_lines(self.cursor, f"petitions_signature ({SIGNATURE_COLUMNS})", lines())
        return f"{sum(counts)} signatures, hot petition #{self.plans[0]['id']}: {counts[0]}"

    def count_signatures(self):
        """Per-day and per-region counts, then each petition's count, from the valid rows."""
        first = self.first_petition
        tz = settings.TIME_ZONE
        self.cursor.execute(
            "INSERT INTO petitions_dailysignaturecount (petition_id, day, count) "
            "SELECT petition_id, (created_at AT TIME ZONE %s)::date, count(*) "
            "FROM petitions_signature WHERE petition_id >= %s AND status = 'valid' "
            "GROUP BY 1, 2",
            [tz, first],
        )
        self.cursor.execute(
            "INSERT INTO petitions_regionsignaturecount (petition_id, region_id, count) "
            "SELECT petition_id, region_id, count(*) FROM petitions_signature "
            "WHERE petition_id >= %s AND status = 'valid' GROUP BY 1, 2",
            [first],
        )
        self.cursor.execute(
            "UPDATE petitions_petition p SET signature_count = c.n "
            "FROM (SELECT petition_id, sum(count) AS n FROM petitions_regionsignaturecount "
            "WHERE petition_id >= %s GROUP BY 1) c WHERE p.id = c.petition_id",
            [first],
        )
        return f"{self.cursor.rowcount} petitions counted"

    def log_signatures(self):
        """Each petition's signature log, chained in the order its signatures were taken.

        The rows are read back through a server-side cursor, chained here (with the hash the
        site computes, petitions/receipts.py) and copied in, a batch at a time: the chain is
        sequential, and this keeps it one pass over the signatures in each direction.
        """
        reader = self.cursor.connection.cursor(name="seed_signature_log")
        reader.execute(
            "SELECT s.petition_id, s.receipt_digest, "
            "to_char(s.created_at AT TIME ZONE %s, 'YYYY-MM-DD'), r.code, s.status "
            "FROM petitions_signature s JOIN portal_region r ON r.id = s.region_id "
            "WHERE s.petition_id >= %s ORDER BY s.petition_id, s.created_at, s.id",
            [settings.TIME_ZONE, self.first_petition],
        )
        heads = {}
        petition, head, seq, total = None, "", 0, 0
        while rows := reader.fetchmany(BATCH):
            lines = []
            for petition_id, digest, day, code, status in rows:
                if petition_id != petition:
                    if petition is not None:
                        heads[petition] = (head, seq)
                    petition, head, seq = petition_id, "", 0
                events = ("signed",) if status == "valid" else ("signed", status)
                for event in events:
                    seq += 1
                    after = receipts.STATUS_AFTER[event]
                    head = receipts.line_hash(head, seq, event, digest, day, code, after)
                    lines.append(
                        f"{petition_id}\t{seq}\t{event}\t{digest}\t{day}\t{code}\t{after}\t{head}\n"
                    )
            total += len(lines)
            _copy_lines(self.cursor, f"petitions_signaturelogline ({LOG_COLUMNS})", lines)
        reader.close()
        if petition is not None:
            heads[petition] = (head, seq)
        self.cursor.execute(
            "UPDATE petitions_petition p SET log_head = h.head, log_length = h.length "
            "FROM unnest(%s::int[], %s::text[], %s::int[]) AS h(id, head, length) "
            "WHERE p.id = h.id",
            [list(heads), [head for head, _ in heads.values()], [n for _, n in heads.values()]],
        )
        return f"{total} log lines for {len(heads)} petitions"

    def create_organizations(self):
        """NGOs with valid, unique BINs."""
        rng = random.Random(SEED + 4)
        taken = set(Organization.objects.values_list("bin", flat=True))
        forms = [choice for choice, _label in Organization.LegalForm.choices]
        spheres = [choice for choice, _label in Sphere.choices]
        created = timezone.now()
        lines = []
        for n in range(self.sizes["organizations"]):
            serial = n
            bin_ = make_bin(1995 + n % 30, 1 + (n // 30) % 12, serial=serial)
            while bin_ in taken:
                serial += 100_003
                bin_ = make_bin(1995 + n % 30, 1 + (n // 30) % 12, serial=serial)
            taken.add(bin_)
            lines.append(
                _row(
                    f"«Ұйым {n}» қоғамдық бірлестігі",
                    f"Общественное объединение «Организация {n}»",
                    f"Organisation {n}",
                    bin_,
                    forms[n % len(forms)],
                    f'["{spheres[n % len(spheres)]}"]',
                    "",
                    "",
                    rng.random() < 0.8,
                    created,
                    rng.choice(self.regions).pk,
                )  # fmt: skip
            )
        _copy_lines(
            self.cursor,
            "platforms_organization (name_kk, name_ru, name_en, bin, legal_form, spheres, "
            "website, description, verified, created_at, region_id)",
            lines,
        )
        return f"{len(lines)} organizations"

    def create_platforms(self):
        """Platforms at a modest scale, each with meetings and recommendations."""
        rng = random.Random(SEED + 5)
        count = max(2, self.sizes["organizations"] // 100)
        spheres = [choice for choice, _label in Sphere.choices]
        platforms = Platform.objects.bulk_create(
            Platform(
                slug=f"scale-{n}",
                name_kk=f"Диалог алаңы {n}",
                name_ru=f"Диалоговая площадка {n}",
                name_en=f"Dialogue platform {n}",
                kind=Platform.Kind.choices[n % 2][0],
                sphere=spheres[n % len(spheres)],
                host=self.bodies[n % len(self.bodies)],
                term_start=self.today - timedelta(days=700),
                term_end=self.today + timedelta(days=400),
            )  # fmt: skip
            for n in range(count)
        )
        now = timezone.now()
        meetings = Meeting.objects.bulk_create(
            Meeting(
                platform=platform,
                title=f"Отырыс {m}",
                format=Meeting.Format.choices[m % 3][0],
                starts_at=now + timedelta(days=30 * m - 300, hours=rng.randrange(24)),
                place="Астана" if m % 3 != 1 else "",
            )  # fmt: skip
            for platform in platforms
            for m in range(12)
        )
        statuses = [choice for choice, _label in Recommendation.Status.choices]
        recommendations = Recommendation.objects.bulk_create(
            Recommendation(
                platform=meeting.platform,
                meeting=meeting,
                text=f"Ұсыныс {k}",
                addressee=rng.choice(self.bodies),
                status=rng.choice(statuses),
                due_date=self.today + timedelta(days=rng.randrange(-200, 200)),
            )  # fmt: skip
            for meeting in meetings
            for k in range(2)
        )
        return f"{len(platforms)} platforms, {len(meetings)} meetings, {len(recommendations)} recs"

    def analyze(self):
        """Fresh planner statistics, so the benchmark does not measure a stale plan."""
        for table in SCALE_TABLES:
            self.cursor.execute(f"ANALYZE {table}")

    def vacuum(self):
        with connection.cursor() as cursor:
            for table in SCALE_TABLES:
                cursor.execute(f"VACUUM (ANALYZE) {table}")


# The law's clocks, cached per date: 100,000 petitions share a thousand or so days.
@cache
def _moderation(day):
    return law.moderation_deadline(day)


@cache
def _support(day):
    return law.support_deadline(day)


@cache
def _collection(day):
    return law.collection_deadline(day)


@cache
def _consideration(level, day):
    return law.consideration_deadline(StateBody(level=level), day)
