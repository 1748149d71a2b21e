"""The national-scale load benchmark: `make bench` (design §7, the README's "Performance").

1. Prepares a PostgreSQL database (BENCH_DATABASE_URL) with `manage.py seed_scale`, once:
   later runs reuse it.
2. Starts gunicorn with the portal's production settings (DEBUG off, Redis cache) and the
   repository's gunicorn.conf.py, and measures each scenario with wrk: requests per second,
   p50 and p99 latency, errors.
3. Measures the baselines in the same run, on the same server and database: a Django view
   that runs one query (bench/baseline.py, the same gunicorn settings) and raw psycopg
   signing transactions (insert a signature row, bump a counter) from as many clients.
4. Checks the signed petition's counts against its rows, and writes bench/results.md,
   bench/results.json and the README's table.
"""

import argparse
import contextlib
import hashlib
import hmac
import json
import multiprocessing
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/qogam_bench"
# A fixed key: the benchmark's database holds made-up people only.
# The signed-in browsers' CSRF cookie: a secret of 32 letters and digits, as Django makes.
CSRF_SECRET = "benchcsrf0secret1of2thirty3two4z"
BENCH_SECRET = "bench-only-7c1e9a5d3b8f2e6a4c0d9b7f5e3a1c8d6b4f2a0e9c7b5d3f1a8e6c4b2d0f9e7"
SEARCH_TERM = "мектеп"
# Sizes of a quick run (--small); the full run takes seed_scale's defaults (national scale).
SMALL_SIZES = {
    "petitions": 2_000,
    "signatures": 200_000,
    "signers": 100_000,
    "hot": 100_000,
    "organizations": 200,
}
GOALS = {
    "detail": 0.35,  # a petition's page, of the one-query view's req/s
    "list": 0.25,  # the petition list, of the one-query view's req/s
    "scoreboard": 0.35,  # the Hearing State scoreboard for visitors, of the one-query view's req/s
    "sign": 0.20,  # signing through the API, of the raw signing transactions
    "hot_vs_new": 1.2,  # the hottest petition's page against a new one's, at most
    # Signed in (issue 13): live pages, of the one-query view's req/s.
    "detail_live": 0.30,  # a petition's page, hot or new
    "list_live": 0.35,  # the petition list
    "workspace_live": 0.25,  # the moderation queue and a platform's workspace (a moderator)
}
# A goal whose rounds fall on both sides of it is judged by their median only if the rounds
# agree within this much (max - min, of the median). On a quiet machine rounds differ by a few
# percent; a whole run measured twice on a busy one moved by more than a quarter (issue 13:
# the baseline from 1,260 to 902 req/s), and a spread that wide says more about the machine's
# neighbours than about the portal: "cannot judge", run it again.
SPREAD_LIMIT = 0.25


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--duration", type=int, default=15, help="seconds per scenario")
    parser.add_argument("--warmup", type=int, default=3, help="seconds before each scenario")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--many", type=int, default=256, help="connections of the busy list")
    parser.add_argument("--small", action="store_true", help="a small database, for a try")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--only", help="run only the scenarios whose names contain this")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of each scenario, each beside its baseline"
    )
    parser.add_argument(
        "--output", type=Path, default=BENCH, help="folder for results.md and results.json"
    )
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    options = parser.parse_args()
    # Made now, not found missing after the whole run.
    options.output.mkdir(parents=True, exist_ok=True)
    database_url = options.database_url or DEFAULT_DATABASE
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it).")

    bench = Bench(database_url, options)
    bench.prepare_database()
    results = bench.run()
    bench.write(results)


class Bench:
    def __init__(self, database_url, options):
        self.database_url = database_url
        self.options = options
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "qogam.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": BENCH_SECRET,
            "IIN_HASH_KEY": BENCH_SECRET,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
            # Plain HTTP on the loopback: TLS ends at the proxy in front of gunicorn.
            "SECURE_SSL_REDIRECT": "0",
            "TASKS_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
            # As behind the production load balancer: the signing scenario's requests come from
            # many addresses (X-Forwarded-For), and every rate limit stays as in production.
            "TRUSTED_PROXY_COUNT": "1",
            "PYTHONPATH": str(ROOT),
        }
        self.workdir = Path(tempfile.mkdtemp(prefix="qogam-bench-"))

    # The database

    def manage(self, *args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True)

    def connect(self, **kwargs):
        return psycopg.connect(self.database_url, **kwargs)

    def prepare_database(self):
        """Create the database, migrate it and fill it with seed_scale once."""
        info = psycopg.conninfo.conninfo_to_dict(self.database_url)
        name = info.pop("dbname")
        with psycopg.connect(**info, dbname="postgres", autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                print(f"Creating database {name}")
                admin.execute(f'CREATE DATABASE "{name}"')
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("createcachetable")
        self.manage("collectstatic", "--noinput", "-v", "0")
        with self.connect() as conn:
            loaded = conn.execute(
                "SELECT 1 FROM portal_user WHERE email = 'scale-0@scale.qogam.kz'"
            ).fetchone()
        if not loaded:
            sizes = SMALL_SIZES if self.options.small else {}
            args = [f"--{key}={value}" for key, value in sizes.items()]
            print("Filling the database with seed_scale (minutes at full size)")
            self.manage("seed_scale", "--allow-production", *args)
        self.facts = self.read_facts()

    def read_facts(self):
        """The data's sizes and the petitions, pages and platform the scenarios visit."""
        with self.connect() as conn:
            one = lambda sql, *params: conn.execute(sql, params).fetchone()[0]  # noqa: E731
            listed = ("open", "under_consideration", "answered", "closed")
            facts = {
                "sizes": {
                    "petitions": one("SELECT count(*) FROM petitions_petition"),
                    "listed_petitions": one(
                        "SELECT count(*) FROM petitions_petition WHERE status = ANY(%s)",
                        list(listed),
                    ),
                    "signatures": one("SELECT count(*) FROM petitions_signature"),
                    "signers": one("SELECT count(DISTINCT signer_key) FROM petitions_signature"),
                    "users": one("SELECT count(*) FROM portal_user"),
                    "organizations": one("SELECT count(*) FROM platforms_organization"),
                    "platforms": one("SELECT count(*) FROM platforms_platform"),
                    "meetings": one("SELECT count(*) FROM platforms_meeting"),
                    "recommendations": one("SELECT count(*) FROM platforms_recommendation"),
                },
                "hot": one(
                    "SELECT id FROM petitions_petition WHERE status = ANY(%s) "
                    "ORDER BY signature_count DESC, id LIMIT 1",
                    ["gathering_support", "open", "under_consideration"],
                ),
                "new": one(
                    "SELECT id FROM petitions_petition WHERE status = 'open' "
                    "ORDER BY opened_at DESC, signature_count, id LIMIT 1"
                ),
                "platform": one(
                    "SELECT p.slug FROM platforms_platform p "
                    "LEFT JOIN platforms_meeting m ON m.platform_id = p.id "
                    "GROUP BY p.id ORDER BY count(m.id) DESC, p.id LIMIT 1"
                ),
                "region": one("SELECT id FROM portal_region ORDER BY population DESC LIMIT 1"),
            }
            facts["hot_signatures"] = one(
                "SELECT signature_count FROM petitions_petition WHERE id = %s", facts["hot"]
            )
            facts["new_signatures"] = one(
                "SELECT signature_count FROM petitions_petition WHERE id = %s", facts["new"]
            )
            # Twenty to a page (petitions/views.py): a page near the end of the list.
            facts["deep_page"] = max(1, facts["sizes"]["listed_petitions"] // 20 - 10)
            facts["postgresql"] = one("SHOW server_version")
        return facts

    # The servers

    @contextlib.contextmanager
    def server(self, application, probe, settings="qogam.settings", port=None):
        """gunicorn with the repository's gunicorn.conf.py, serving `application`."""
        port = port or self.options.port
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", application, "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env={**self.env, "DJANGO_SETTINGS_MODULE": settings},
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}{probe}"
            for _attempt in range(120):
                with (
                    contextlib.suppress(OSError),
                    urllib.request.urlopen(url, timeout=2) as response,  # noqa: S310
                ):
                    if response.status == 200:
                        break
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn ({application}) stopped at start")
                time.sleep(0.5)
            else:
                raise RuntimeError(f"gunicorn ({application}) did not answer {probe}")
            yield f"http://127.0.0.1:{port}"
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            self.wait_port_free(port)

    @staticmethod
    def wait_port_free(port):
        for _attempt in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) != 0:
                    return
            time.sleep(0.1)

    # wrk

    def wrk(self, base, path, connections, script="report.lua", args=(), warmup=True, headers=()):
        """One wrk run: its JSON summary, with req/s."""
        command = [
            "wrk", f"--threads={min(2, connections)}", f"--connections={connections}",
            "--timeout=10s", "--latency", "--script", str(BENCH / script), base + path,
            *(f"--header={header}" for header in headers),
        ]  # fmt: skip
        if args:
            command += ["--", *map(str, args)]
        env = {**os.environ, "BENCH_DIR": str(BENCH)}
        if warmup and self.options.warmup:
            subprocess.run(
                [*command[:1], f"--duration={self.options.warmup}s", *command[1:]],
                env=env, capture_output=True, check=True,
            )  # fmt: skip
        output = subprocess.run(
            [*command[:1], f"--duration={self.options.duration}s", *command[1:]],
            env=env, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        self.drain()
        line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
        data = json.loads(line.removeprefix("BENCH-JSON "))
        seconds = data["duration_us"] / 1e6
        errors = sum(data[key] for key in ("connect", "read", "write", "status", "timeout"))
        return {
            "rps": data["requests"] / seconds,
            "p50_ms": data["p50_us"] / 1000,
            "p99_ms": data["p99_us"] / 1000,
            "requests": data["requests"],
            "errors": errors,
            "codes": data["codes"],
            "connections": connections,
        }

    def drain(self):
        """Wait until the database has finished the queries of requests wrk gave up on, so
        that one scenario's backlog does not slow the next one down."""
        with self.connect(autocommit=True) as conn:
            for _attempt in range(600):
                busy = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state = 'active' AND pid <> pg_backend_pid()"
                ).fetchone()[0]
                if not busy:
                    return
                time.sleep(0.2)

    # The scenarios

    def run(self):
        facts = self.facts
        c, many = self.options.connections, self.options.many
        hot, new = facts["hot"], facts["new"]
        pages = [
            ("home", "Home page", "/", c, None),
            ("list", "Petition list, first page", "/petitions/", c, "list"),
            ("list_filter", "Petition list, a filter", "/petitions/?status=open&region="
             f"{facts['region']}", c, "list"),
            ("list_search", "Petition list, a text search", f"/petitions/?q={SEARCH_TERM}", c,
             "list"),
            ("list_deep", "Petition list, a deep page",
             f"/petitions/?page={facts['deep_page']}", c, "list"),
            ("detail_hot", f"Petition page, {facts['hot_signatures']:,} signatures",
             f"/petitions/{hot}/", c, "detail"),
            ("detail_new", f"Petition page, a new one ({facts['new_signatures']:,})",
             f"/petitions/{new}/", c, "detail"),
            ("platform", "Platform page", f"/platforms/{facts['platform']}/", c, None),
            ("hearing_state", "Hearing State scoreboard", "/hearing-state/", c, "scoreboard"),
            ("api_list", "API: petition list", "/api/v1/petitions", c, None),
            ("api_detail", "API: petition", f"/api/v1/petitions/{hot}", c, None),
            # The API's other orders, signed in so that every answer is read from the database
            # (the same partial indexes as the pages' orders).
            ("api_newest_live", "API: petition list, newest, signed in",
             "/api/v1/petitions?ordering=newest", c, None),
            ("api_ending_live", "API: petition list, ending soon, signed in",
             "/api/v1/petitions?ordering=ending", c, None),
            ("list_many", f"Petition list, {many} connections", "/petitions/", many, "list"),
            # Signed in: live pages, never whole from the visitors' cache (issue 13's goals).
            ("detail_hot_live", "Petition page (hot), signed in", f"/petitions/{hot}/", c,
             "detail_live"),
            ("detail_new_live", "Petition page (new), signed in", f"/petitions/{new}/", c,
             "detail_live"),
            ("list_live", "Petition list, signed in", "/petitions/", c, "list_live"),
            ("moderation_live", "Moderation queue, a moderator", "/moderation/petitions/", c,
             "workspace_live"),
            ("workspace_live", "Platform workspace, its moderator",
             f"/platforms/{facts['platform']}/workspace/", c, "workspace_live"),
        ]  # fmt: skip
        from urllib.parse import quote

        wanted = self.options.only
        chosen = [page for page in pages if not wanted or wanted in page[0]]
        rounds = max(1, self.options.rounds)
        results = {"scenarios": []}
        measured = {page[0]: [] for page in chosen}
        baselines = {c: [], many: []}
        # Both servers run side by side, so that each scenario's round is measured right beside
        # a round of its baseline: a machine that slows down slows both (issue 13).
        with (
            self.server("bench.baseline", "/one-query", "bench.settings",
                        port=self.options.port + 1) as one_query,
            self.server("qogam.wsgi", "/healthz") as base,
        ):  # fmt: skip
            for number in range(rounds):
                print(f"Round {number + 1} of {rounds}")
                for key, label, path, connections, kind in chosen:
                    headers = []
                    if key.endswith("_live"):
                        who = "moderator" if kind == "workspace_live" else "citizen"
                        # A signed-in browser sends its session and its CSRF cookie, set
                        # when it signed in.
                        headers = [
                            f"Cookie: sessionid={self.session(who)}; csrftoken={CSRF_SECRET}"
                        ]
                    # Odd rounds measure the page first: a drift within a pair cancels out.
                    order = ("baseline", "page") if number % 2 == 0 else ("page", "baseline")
                    done = {}
                    for name in order:
                        if name == "baseline":
                            done[name] = self.wrk(one_query, f"/one-query?id={hot}", connections)
                        else:
                            done[name] = self.wrk(
                                base, quote(path, safe="/?=&"), connections, headers=headers
                            )
                    baselines[connections].append(done["baseline"])
                    figures = {**done["page"], "baseline_rps": done["baseline"]["rps"]}
                    figures["ratio"] = figures["rps"] / figures["baseline_rps"]
                    measured[key].append(figures)
                    print(f"  {label}: {figures['rps']:.0f} req/s against "
                          f"{figures['baseline_rps']:.0f}, ratio {figures['ratio']:.2f}, "
                          f"errors {figures['errors']}")  # fmt: skip
            for key, label, path, connections, kind in chosen:
                results["scenarios"].append({
                    **summarise(measured[key]), "key": key, "label": label, "path": path,
                    "kind": kind,
                    "baseline": "one_query" if connections == c else "one_query_many",
                })  # fmt: skip
            results["baselines"] = {
                name: {**summarise(baselines[n]), "connections": n}
                for name, n in (("one_query", c), ("one_query_many", many)) if baselines[n]
            }  # fmt: skip
            if not wanted or wanted in "sign":
                results["signing"] = self.signing(base, rounds)
        return results

    def signing(self, base, rounds):
        """Signing the hot petition through the API, against raw psycopg transactions, in
        rounds side by side; the counts are checked after every round."""
        c = self.options.connections
        hot = self.facts["hot"]
        raws, apis, checks = [], [], []
        for number in range(rounds):
            raw = self.raw_signing(c)
            print(f"Raw signing: {raw['rps']:.0f} transactions/s")
            # Enough people for the fastest signing this machine could sustain, twice over.
            people = max(5_000, int(raw["rps"] * (self.options.duration + 2) * 2))
            keys_file = self.make_signers(people, number)
            before = self.count_rows(hot)
            print(f"Signing petition #{hot} through the API ({people:,} people ready)")
            figures = self.wrk(
                base,
                f"/api/v1/petitions/{hot}/signatures",
                c,
                script="sign.lua",
                args=(keys_file, min(2, c), hot),
                warmup=False,
            )
            after = self.count_rows(hot)
            created = figures["codes"].get("201", 0)
            added = after["rows"] - before["rows"]
            checks.append({
                "before": before, "after": after, "answered_201": created, "rows_added": added,
                # Requests still in flight when wrk stops are signed but not counted by wrk: at
                # most one per connection.
                "exact": (
                    after["stored"] == after["rows"] == after["by_day"] == after["by_region"]
                    and created <= added <= created + c
                ),
            })  # fmt: skip
            raws.append(raw)
            ratio = figures["rps"] / raw["rps"]
            apis.append({**figures, "baseline_rps": raw["rps"], "ratio": ratio})
            print(f"  {figures['rps']:.0f} signatures/s, p50 {figures['p50_ms']:.1f} ms, "
                  f"errors {figures['errors']}; counts exact: {checks[-1]['exact']}")  # fmt: skip
        check = {"rounds": checks, "mismatched_petitions": self.mismatched_petitions()}
        # The hot petition's public log, downloaded, verified and recounted as anyone would.
        check["log_verified"] = self.log_verifies(base, hot)
        check["exact"] = (
            all(one["exact"] for one in checks)
            and not check["mismatched_petitions"]
            and check["log_verified"]
        )
        api = {
            **summarise(apis), "key": "sign", "label": "Signing the hot petition (API)",
            "kind": "sign", "path": f"/api/v1/petitions/{hot}/signatures",
            "baseline": "raw_signing",
        }  # fmt: skip
        return {"raw": {**summarise(raws), "connections": c}, "api": api, "counts": check}

    def session(self, who="citizen"):
        """A signed-in citizen's or moderator's session key (made once), for the live pages.

        The moderator moderates petitions and the scenarios' platform."""
        sessions = self.__dict__.setdefault("_sessions", {})
        if who not in sessions:
            code = (
                (
                    "from importlib import import_module\n"
                    "from allauth.account.models import EmailAddress\n"
                    "from django.conf import settings\n"
                    "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, "
                    "SESSION_KEY\n"
                    "from django.contrib.auth.models import Group\n"
                    "from platforms.models import Platform\n"
                    "from portal.models import User\n"
                    "from portal.rules import PETITION_MODERATORS\n"
                    "user = User.objects.get(email='scale-1@scale.qogam.kz')\n"
                    "if WHO == 'moderator':\n"
                    "    user, _ = User.objects.get_or_create(email='moderator@bench.qogam.kz', "
                    "defaults={'first_name': 'Bench', 'last_name': 'Moderator'})\n"
                    "    EmailAddress.objects.get_or_create(user=user, email=user.email, "
                    "defaults={'verified': True, 'primary': True})\n"
                    "    user.groups.add(Group.objects.get(name=PETITION_MODERATORS))\n"
                    "    Platform.objects.get(slug=PLATFORM).moderators.add(user)\n"
                    "session = import_module(settings.SESSION_ENGINE).SessionStore()\n"
                    "session[SESSION_KEY] = str(user.pk)\n"
                    "session[BACKEND_SESSION_KEY] = 'portal.auth.PasswordBackend'\n"
                    "session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
                    "session.create()\n"
                    "print(session.session_key)\n"
                )
                .replace("WHO", repr(who))
                .replace("PLATFORM", repr(self.facts["platform"]))
            )
            result = subprocess.run(
                [sys.executable, "manage.py", "shell", "-c", code],
                cwd=ROOT, env=self.env, check=True, capture_output=True, text=True,
            )  # fmt: skip
            sessions[who] = result.stdout.strip().splitlines()[-1]
        return sessions[who]

    def log_verifies(self, base, petition):
        """Whether the petition's signature log verifies and recounts to its published count."""
        result = subprocess.run(
            [sys.executable, "manage.py", "verify_petition_log",
             f"{base}/petitions/{petition}/signature-log.csv"],
            cwd=ROOT, env=self.env, capture_output=True, text=True,
        )  # fmt: skip
        print(f"  {(result.stdout or result.stderr).strip()}")
        return result.returncode == 0

    def mismatched_petitions(self):
        """How many petitions in the whole database have a stored count that differs from
        their valid rows or from their per-day or per-region counts (should be none)."""
        with self.connect() as conn:
            return conn.execute(
                "WITH v AS (SELECT petition_id, count(*) AS n FROM petitions_signature "
                "  WHERE status = 'valid' GROUP BY petition_id), "
                "d AS (SELECT petition_id, sum(count) AS n FROM petitions_dailysignaturecount "
                "  GROUP BY petition_id), "
                "r AS (SELECT petition_id, sum(count) AS n FROM petitions_regionsignaturecount "
                "  GROUP BY petition_id) "
                "SELECT count(*) FROM petitions_petition p "
                "LEFT JOIN v ON v.petition_id = p.id LEFT JOIN d ON d.petition_id = p.id "
                "LEFT JOIN r ON r.petition_id = p.id "
                "WHERE p.signature_count <> coalesce(v.n, 0) "
                "OR p.signature_count <> coalesce(d.n, 0) OR p.signature_count <> coalesce(r.n, 0)"
            ).fetchone()[0]

    def count_rows(self, petition):
        """The stored count and the rows and aggregates behind it."""
        with self.connect() as conn:
            row = conn.execute(
                "SELECT p.signature_count, "
                "(SELECT count(*) FROM petitions_signature s "
                " WHERE s.petition_id = p.id AND s.status = 'valid'), "
                "(SELECT coalesce(sum(count), 0) FROM petitions_dailysignaturecount d "
                " WHERE d.petition_id = p.id), "
                "(SELECT coalesce(sum(count), 0) FROM petitions_regionsignaturecount r "
                " WHERE r.petition_id = p.id) "
                "FROM petitions_petition p WHERE p.id = %s",
                [petition],
            ).fetchone()
        return dict(zip(("stored", "rows", "by_day", "by_region"), map(int, row), strict=True))

    def make_signers(self, count, number=0):
        """`count` new citizens who may sign (verified email, IIN, adult, region), with API
        keys written to a file, one per line. Each round makes its own: one person signs once."""
        run = datetime.now(UTC).strftime("%Y%m%d%H%M%S") + f"r{number}"
        key = BENCH_SECRET.encode()
        keys = [secrets.token_hex(20) for _ in range(count)]
        now = datetime.now(UTC).isoformat()
        with self.connect() as conn, conn.cursor() as cursor:
            regions = [row[0] for row in cursor.execute("SELECT id FROM portal_region")]
            with cursor.copy(
                "COPY portal_user (password, is_superuser, email, first_name, last_name, "
                "preferred_language, is_staff, is_active, date_joined, region_id, iin_hash, "
                "birth_date) FROM STDIN"
            ) as copy:
                for n in range(count):
                    signer = hmac.new(key, f"bench-{run}-{n}".encode(), hashlib.sha256)
                    copy.write_row((
                        "!bench", False, f"bench-{run}-{n}@bench.qogam.kz", "Bench", f"{n}",
                        "kk", False, True, now, regions[n % len(regions)], signer.hexdigest(),
                        date(1990, 1, 1),
                    ))  # fmt: skip
            users = [
                row[0]
                for row in cursor.execute(
                    "SELECT id FROM portal_user WHERE email LIKE %s ORDER BY id",
                    [f"bench-{run}-%"],
                )
            ]
            cursor.execute(
                'INSERT INTO account_emailaddress (email, verified, "primary", user_id) '
                "SELECT email, true, true, id FROM portal_user WHERE email LIKE %s",
                [f"bench-{run}-%"],
            )
            with cursor.copy("COPY authtoken_token (key, created, user_id) FROM STDIN") as copy:
                for token, user in zip(keys, users, strict=True):
                    copy.write_row((token, now, user))
        path = self.workdir / "keys.txt"
        path.write_text("".join(f"{token}\n" for token in keys))
        return path

    def raw_signing(self, clients):
        """Insert a signature row and bump a counter, in one transaction, from `clients`
        connections at once, on a petition of its own (deleted afterwards)."""
        with self.connect() as conn:
            petition = conn.execute(
                "INSERT INTO petitions_petition (title, text, demand, status, threshold, "
                "signature_count, created_at, updated_at, overdue, rejection_explanation, "
                "hidden_reason, status_before_hidden, response_text, discussion_place, "
                "media_statement_url, discussion_link, signed_answer, addressee_id, author_id, "
                "category_id) "
                "SELECT 'bench: raw signing', text, demand, 'open', threshold, 0, now(), now(), "
                "false, '', '', '', '', '', '', '', '', addressee_id, author_id, category_id "
                "FROM petitions_petition WHERE id = %s RETURNING id",
                [self.facts["hot"]],
            ).fetchone()[0]
            region = conn.execute("SELECT id FROM portal_region LIMIT 1").fetchone()[0]
        self.make_room(clients)
        try:
            processes = min(clients, 4)
            per_process = [clients // processes + (i < clients % processes) for i in
                           range(processes)]  # fmt: skip
            start_at = time.time() + 2
            job = (self.database_url, petition, region, start_at, self.options.duration)
            with multiprocessing.get_context("spawn").Pool(processes) as pool:
                parts = pool.starmap(
                    _raw_signers, [(*job, index, n) for index, n in enumerate(per_process)]
                )
            latencies = sorted(value for part in parts for value in part)
            with self.connect() as conn:
                stored = conn.execute(
                    "SELECT signature_count FROM petitions_petition WHERE id = %s", [petition]
                ).fetchone()[0]
        finally:
            with self.connect() as conn:
                conn.execute("DELETE FROM petitions_signature WHERE petition_id = %s", [petition])
                conn.execute("DELETE FROM petitions_petition WHERE id = %s", [petition])
        if stored != len(latencies):
            raise RuntimeError(f"raw signing: {stored} counted, {len(latencies)} made")
        return {
            "rps": len(latencies) / self.options.duration,
            "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
            "requests": len(latencies),
            "errors": 0,
            "connections": clients,
        }

    def make_room(self, clients):
        """Close the portal's idle pooled connections, so that the raw clients fit in the
        database's max_connections beside them. The pools replace a closed connection when
        they next hand it out (their health check), as after a database restart."""
        with self.connect(autocommit=True) as conn:
            limit = int(conn.execute("SHOW max_connections").fetchone()[0])
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND state = 'idle' "
                "AND pid <> pg_backend_pid()"
            )
            for _attempt in range(50):
                used = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                ).fetchone()[0]
                if used + clients <= limit:  # as a superuser, the reserved slots count too
                    return
                time.sleep(0.1)
        raise RuntimeError(
            f"raw signing: {clients} clients do not fit beside {used} connections in "
            f"max_connections = {limit}; raise it or lower --connections"
        )

    # The results

    def write(self, results):
        facts = self.facts
        report = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "postgresql": facts["postgresql"],
            "sizes": facts["sizes"],
            "hot_petition": {"id": facts["hot"], "signatures": facts["hot_signatures"]},
            "new_petition": {"id": facts["new"], "signatures": facts["new_signatures"]},
            "settings": {
                "duration_s": self.options.duration,
                "rounds": self.options.rounds,
                "connections": self.options.connections,
                "many_connections": self.options.many,
                "gunicorn": "gunicorn.conf.py (gthread)",
                "web_concurrency": os.environ.get("WEB_CONCURRENCY", "2 x cores + 1"),
            },
            **results,
        }
        report["goals"] = goals(report)
        output = self.options.output
        (output / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
        table = markdown(report)
        (output / "results.md").write_text(table)
        if not self.options.no_readme:
            readme = ROOT / "README.md"
            text = readme.read_text()
            text = re.sub(
                r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)",
                lambda m: m.group(1) + table_only(report) + m.group(2),
                text,
                flags=re.S,
            )
            readme.write_text(text)
        print(table)


def _raw_signers(database_url, petition, region, start_at, duration, index, clients):
    """One process's share of the raw signing clients: their latencies, in seconds."""
    latencies = [[] for _ in range(clients)]

    failures = []

    def client(number):
        mine = latencies[number]
        try:
            conn = psycopg.connect(database_url)
        except psycopg.OperationalError as error:
            failures.append(error)
            return
        with conn:
            time.sleep(max(0, start_at - time.time()))
            stop = start_at + duration
            n = 0
            while (began := time.perf_counter()) and time.time() < stop:
                key = hashlib.sha256(f"raw-{index}-{number}-{n}".encode()).hexdigest()
                with conn.transaction():
                    conn.execute(
                        "INSERT INTO petitions_signature (petition_id, signer_key, region_id, "
                        "created_at, status, show_name, public_name, notify_on_answer, "
                        "invalidated_reason) VALUES (%s, %s, %s, now(), 'valid', false, '', "
                        "false, '')",
                        [petition, key, region],
                    )
                    conn.execute(
                        "UPDATE petitions_petition SET signature_count = signature_count + 1 "
                        "WHERE id = %s",
                        [petition],
                    )
                mine.append(time.perf_counter() - began)
                n += 1

    workers = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        # A baseline with fewer clients than it says would flatter the API's ratio.
        raise RuntimeError(
            f"raw signing: {len(failures)} of {clients} clients could not connect "
            f"({failures[0]}); raise PostgreSQL's max_connections or lower --connections"
        )
    return [value for mine in latencies for value in mine]


def machine():
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = 0
    with contextlib.suppress(OSError, ValueError):
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def summarise(rounds):
    """One scenario's rounds as one row: the medians, the errors of all rounds, and the
    ratio's median with its lowest and highest round and its spread (max - min, of the median)."""
    median = lambda name: statistics.median(one[name] for one in rounds)  # noqa: E731
    summary = {
        "rps": median("rps"),
        "p50_ms": median("p50_ms"),
        "p99_ms": median("p99_ms"),
        "errors": sum(one["errors"] for one in rounds),
        "connections": rounds[0]["connections"],
        "rounds": rounds,
    }
    if "ratio" in rounds[0]:
        ratios = [one["ratio"] for one in rounds]
        summary.update(ratio=statistics.median(ratios), **spread(ratios, "ratio"))
    return summary


def spread(values, name):
    """The lowest and highest of a figure's rounds and how far apart they are, of the median."""
    middle = statistics.median(values)
    return {
        f"{name}_min": min(values),
        f"{name}_max": max(values),
        f"{name}_spread": (max(values) - min(values)) / middle if middle else 0.0,
    }


def verdict(values, goal, at_most=False):
    """True or False when the rounds tell, None ("cannot judge") when they do not.

    Every round on the same side of the goal decides it, however far apart they are; rounds on
    both sides are read by their median if they agree within SPREAD_LIMIT, else not at all."""
    meets = [value <= goal if at_most else value >= goal for value in values]
    if all(meets) or not any(meets):
        return meets[0]
    if spread(values, "v")["v_spread"] > SPREAD_LIMIT:
        return None
    middle = statistics.median(values)
    return middle <= goal if at_most else middle >= goal


def _ratios(scenario):
    return [one["ratio"] for one in scenario.get("rounds", [scenario])]


def _measured(values, form):
    """The median, and with several rounds their range and spread."""
    text = form.format(statistics.median(values))
    if len(values) > 1:
        low, high = form.format(min(values)), form.format(max(values))
        text += f" ({low}–{high}, spread {spread(values, 'v')['v_spread']:.0%})"
    return text


def goals(report):
    """Each performance goal (README, "Performance") against the measured rounds: met, missed,
    or None when the rounds are too far apart to judge it (SPREAD_LIMIT)."""
    rows = []
    for scenario in report["scenarios"]:
        kind = scenario["kind"]
        if kind in GOALS:
            ratios = _ratios(scenario)
            rows.append({
                "goal": f"{scenario['label']}: at least {GOALS[kind]:.0%} of the one-query view",
                "value": _measured([value * 100 for value in ratios], "{:.0f}%"),
                "met": verdict(ratios, GOALS[kind]),
            })  # fmt: skip
    by_key = {scenario["key"]: scenario for scenario in report["scenarios"]}
    if "detail_hot" in by_key and "detail_new" in by_key:
        # Round by round: the two pages of one round were measured minutes apart at most.
        hot, new = by_key["detail_hot"], by_key["detail_new"]
        pairs = list(zip(new.get("rounds", [new]), hot.get("rounds", [hot]), strict=False))
        if len(pairs) != len(hot.get("rounds", [hot])):
            pairs = [(new, hot)]  # not measured round by round: the medians
        slower = [one_new["rps"] / one_hot["rps"] for one_new, one_hot in pairs]
        rows.append({
            "goal": f"Hot petition's page within {GOALS['hot_vs_new']}x of a new one's",
            "value": _measured(slower, "{:.2f}x"),
            "met": verdict(slower, GOALS["hot_vs_new"], at_most=True),
        })  # fmt: skip
    if "list_many" in by_key:
        errors = by_key["list_many"]["errors"]
        rows.append({
            "goal": f"No errors at {report['settings']['many_connections']} connections",
            "value": str(errors), "met": errors == 0,
        })  # fmt: skip
    if "signing" in report:
        api = report["signing"]["api"]
        ratios = _ratios(api)
        rows.append({
            "goal": f"Signing at least {GOALS['sign']:.0%} of raw signing transactions",
            "value": _measured([value * 100 for value in ratios], "{:.0f}%"),
            "met": verdict(ratios, GOALS["sign"]),
        })  # fmt: skip
        rows.append({
            "goal": "Counts exact after signing (stored = rows = by day = by region, "
            "the signed petition and every other; its signature log verifies and recounts)",
            "value": "yes" if report["signing"]["counts"]["exact"] else "NO",
            "met": report["signing"]["counts"]["exact"],
        })  # fmt: skip
    return rows


MET = {True: "yes", False: "NO", None: "cannot judge"}


def table_only(report):
    lines = [
        "| scenario | req/s | p50 ms | p99 ms | errors | ratio (median) | rounds: lowest–highest"
        " | spread | baseline |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]

    def row(label, figures, baseline):
        if "ratio" in figures:
            ratio = f"{figures['ratio']:.2f}"
            low = figures.get("ratio_min", figures["ratio"])
            high = figures.get("ratio_max", figures["ratio"])
            span = f"{low:.2f}–{high:.2f}"
            wide = figures.get("ratio_spread", 0.0)
            width = f"{wide:.0%}" + (" (too wide)" if wide > SPREAD_LIMIT else "")
        else:
            ratio, span, width = "1.00", "", ""
        lines.append(
            f"| {label} | {figures['rps']:,.0f} | {figures['p50_ms']:.1f} | "
            f"{figures['p99_ms']:.1f} | {figures['errors']} | {ratio} | {span} | {width} | "
            f"{baseline} |"
        )

    base = report["baselines"]
    names = {
        "one_query": f"one-query view, {base.get('one_query', {}).get('connections')} connections",
        "one_query_many": f"one-query view, {base.get('one_query_many', {}).get('connections')} "
        "connections",
        "raw_signing": "raw signing transactions",
    }
    for name in ("one_query", "one_query_many"):
        if name in base:
            row(f"Baseline: {names[name]}", base[name], "")
    for scenario in report["scenarios"]:
        row(scenario["label"], scenario, names[scenario["baseline"]])
    if "signing" in report:
        raw = report["signing"]["raw"]
        row(f"Baseline: raw signing, {raw['connections']} clients", raw, "")
        api = report["signing"]["api"]
        row(f"{api['label']}, {api['connections']} connections", api, names["raw_signing"])
    lines.append("")
    lines.append("| goal | measured: median (rounds' range, spread) | met |")
    lines.append("|---|---:|---|")
    for goal in report["goals"]:
        lines.append(f"| {goal['goal']} | {goal['value']} | {MET[goal['met']]} |")
    machine_ = report["machine"]
    sizes = report["sizes"]
    settings = report["settings"]
    lines.append("")
    lines.append(
        f"Measured {report['date']} on {machine_['cores']} cores ({machine_['cpu']}), "
        f"{machine_['memory_gib']} GiB, PostgreSQL {report['postgresql']}, Python "
        f"{machine_['python']}; {sizes['petitions']:,} petitions, {sizes['signatures']:,} "
        f"signatures from {sizes['signers']:,} signers, {sizes['organizations']:,} NGOs, "
        f"{sizes['platforms']:,} platforms; {settings.get('rounds', 1)} round(s) of "
        f"{settings['duration_s']} s per scenario, each beside a round of its baseline."
    )
    lines.append("")
    return "\n".join(lines)


READING = """
How to read it:

- Pages and API answers are requested by visitors who are not signed in, as most readers of
  a viral petition are: after the first request they come from the shared cache (README,
  "Performance"), which any change to what they show invalidates at once.
- "Signed in": a citizen's petition list and petition page are the visitors' page kept as a
  shell, with the citizen's own parts drawn into it (header, messages, sign box, follow
  buttons); the moderators' queue and a platform's workspace are shells shared by their
  moderators. Every signed-in browser sends its session and CSRF cookies, as after signing
  in.
- Where a signed-in page's time went, profiled on this database (cProfile and wall time in
  one process; instructions counted with callgrind, which the machine's noise does not
  move): before the shells, a citizen's petition page ran 8 queries and drew the whole
  template (a QR code encoded anew each time, the header's menu of work built as a three-part
  UNION for everyone, the rules' groups and verified-email checks as separate queries):
  about 28 ms a page against 1 ms for a visitor's kept page. With the shells, about 5 ms:
  the person and their roles in one query (PostgreSQL took twice as long to plan its six
  subqueries as to run them), their signature and follows in another that read the roles
  again, two round trips to Redis for a kept page (its parts' versions, then the page), and
  the holes drawn for each reader (a third of the Python work, and two CSRF tokens of 32
  random letters each). The moderators' queue and workspace were drawn live: the header's
  "My work" counts (1.8 ms a page, a count of what waits) on every staff page, the workspace's
  moderator check built through the ORM for each request (1 ms).
- Now: the person's row and roles come from Redis (forgotten at once when they change), the
  role groups are one subquery where they were three, the petition page's own query has its
  ids as constants (planned once), a kept page and its versions come in one round trip, holes
  that are the same for everyone in a situation are drawn once per process, and the staff
  pages are shells with their work counts kept as pages are. A citizen's petition page runs
  one query and 5.9 million instructions against the one-query view's 2.4 million (9.1
  million before the holes were shared).
- The API's "newest" and "ending soon" lists, signed in, are read from the database on every
  request (through the same partial indexes as the pages, 0.2 ms of execution each). Their
  time went to PostgreSQL planning seven joined tables (8 ms, five times the rest of the
  query: a rejected petition's ground and its code were joined for every row) and to Django
  REST framework drawing 20 rows (about 6 ms). The ground is now read in a second query
  only when the page holds a rejected petition: 15 ms a request where it was 30 ms, in one
  process. There is no goal for them: they are here to show that every order of the API
  stays on its index at this size.
- gunicorn replaces a process after 200,000 requests (`GUNICORN_MAX_REQUESTS`). At 20,000,
  a process serving 200 requests a second was replaced every 100 s, and most 10 s rounds
  paid for one Django start (a second of a core) and cold in-process caches.
- Signing: every request is a different person with an API key, from an address of their own,
  through the same rate limits as in production. The raw baseline is bound by the hot
  petition's row lock and the commit's flush to disk; the portal's signing holds that lock as
  briefly (one statement and the commit) and is bound by the work of a Django request (key,
  rate limits, identity check) on the same two cores as PostgreSQL and wrk. Before its rounds
  the portal's idle pooled connections are closed (the pools open new ones when they need
  them), so that its 64 clients fit in PostgreSQL's 100 connections; a client that cannot
  connect stops the run. Before this, a few raw clients of each round could be refused
  ("too many clients") without a word, and the baseline ran with fewer than 64.
- The counts check reads the petition's stored count, its valid signature rows and its
  per-day and per-region counts after the signing run (requests still in flight when wrk
  stops are signed but not counted by wrk: at most one per connection), then compares the
  same for every petition in the database.
"""


def markdown(report):
    return (
        "# Benchmark results\n\n"
        "Written by `make bench` (bench/run.py); ratios are to the baseline measured in the "
        "same run, on the same server and database.\n\n" + table_only(report) + READING
    )


if __name__ == "__main__":
    main()
