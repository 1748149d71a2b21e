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
    "scoreboard": 0.35,  # the Hearing State scoreboard for visitors, of the one-query view's
    "sign": 0.20,  # signing through the API, of the raw signing transactions
    "hot_vs_new": 1.2,  # the hottest petition's page against a new one's, at most
}


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
    def server(self, application, probe, settings="qogam.settings"):
        """gunicorn with the repository's gunicorn.conf.py, serving `application`."""
        port = self.options.port
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
            # Signed in: the live pages, never from the cache (for comparison; no goal).
            ("detail_hot_live", "Petition page (hot), signed in", f"/petitions/{hot}/", c, None),
            ("detail_new_live", "Petition page (new), signed in", f"/petitions/{new}/", c, None),
            ("list_live", "Petition list, signed in", "/petitions/", c, None),
        ]  # fmt: skip
        from urllib.parse import quote

        wanted = self.options.only
        results = {"scenarios": []}
        with self.server("bench.baseline", "/one-query", "bench.settings") as base:
            print("Baseline: one-query view")
            one = self.wrk(base, f"/one-query?id={hot}", c)
            one_many = self.wrk(base, f"/one-query?id={hot}", many)
        results["baselines"] = {
            "one_query": one,
            "one_query_many": one_many,
        }
        print(f"  {one['rps']:.0f} req/s at {c}, {one_many['rps']:.0f} at {many}")
        with self.server("qogam.wsgi", "/healthz") as base:
            for key, label, path, connections, kind in pages:
                if wanted and wanted not in key:
                    continue
                print(f"{label} ({path})")
                path = quote(path, safe="/?=&")
                headers = [f"Cookie: sessionid={self.session()}"] if key.endswith("_live") else []
                figures = self.wrk(base, path, connections, headers=headers)
                baseline = one_many if connections == many else one
                figures.update(
                    key=key, label=label, path=path, kind=kind,
                    baseline="one_query" if connections == c else "one_query_many",
                    ratio=figures["rps"] / baseline["rps"],
                )  # fmt: skip
                results["scenarios"].append(figures)
                print(f"  {figures['rps']:.0f} req/s, p50 {figures['p50_ms']:.1f} ms, "
                      f"p99 {figures['p99_ms']:.1f} ms, errors {figures['errors']}")  # fmt: skip
            if not wanted or wanted in "sign":
                results["signing"] = self.signing(base)
        return results

    def signing(self, base):
        """Signing the hot petition through the API, against raw psycopg transactions."""
        c = self.options.connections
        hot = self.facts["hot"]
        raw = self.raw_signing(c)
        print(f"Raw signing: {raw['rps']:.0f} transactions/s")
        # Enough people for the fastest signing this machine could sustain, twice over.
        people = max(5_000, int(raw["rps"] * (self.options.duration + 2) * 2))
        keys_file = self.make_signers(people)
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
        check = {
            "before": before,
            "after": after,
            "answered_201": created,
            "rows_added": added,
            # Requests still in flight when wrk stops are signed but not counted by wrk: at
            # most one per connection.
            "exact": (
                after["stored"] == after["rows"] == after["by_day"] == after["by_region"]
                and created <= added <= created + c
            ),
        }
        check["mismatched_petitions"] = self.mismatched_petitions()
        # The hot petition's public log, downloaded, verified and recounted as anyone would.
        check["log_verified"] = self.log_verifies(base, hot)
        check["exact"] = (
            check["exact"] and not check["mismatched_petitions"] and check["log_verified"]
        )
        figures.update(
            key="sign", label="Signing the hot petition (API)", kind="sign",
            path=f"/api/v1/petitions/{hot}/signatures", baseline="raw_signing",
            ratio=figures["rps"] / raw["rps"],
        )  # fmt: skip
        print(f"  {figures['rps']:.0f} signatures/s, p50 {figures['p50_ms']:.1f} ms, "
              f"errors {figures['errors']}; counts exact: {check['exact']}")  # fmt: skip
        return {"raw": raw, "api": figures, "counts": check}

    def session(self):
        """A signed-in citizen's session key (made once), for the live pages."""
        if not hasattr(self, "_session"):
            code = (
                "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, "
                "SESSION_KEY\n"
                "from django.contrib.sessions.backends.db import SessionStore\n"
                "from portal.models import User\n"
                "user = User.objects.get(email='scale-1@scale.qogam.kz')\n"
                "session = SessionStore()\n"
                "session[SESSION_KEY] = str(user.pk)\n"
                "session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
                "session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
                "session.create()\n"
                "print(session.session_key)\n"
            )
            result = subprocess.run(
                [sys.executable, "manage.py", "shell", "-c", code],
                cwd=ROOT, env=self.env, check=True, capture_output=True, text=True,
            )  # fmt: skip
            self._session = result.stdout.strip().splitlines()[-1]
        return self._session

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

    def make_signers(self, count):
        """`count` new citizens who may sign (verified email, IIN, adult, region), with API
        keys written to a file, one per line. Each run makes its own: one person signs once."""
        run = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
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
                "media_statement_url, addressee_id, author_id, category_id) "
                "SELECT 'bench: raw signing', text, demand, 'open', threshold, 0, now(), now(), "
                "false, '', '', '', '', '', '', addressee_id, author_id, category_id "
                "FROM petitions_petition WHERE id = %s RETURNING id",
                [self.facts["hot"]],
            ).fetchone()[0]
            region = conn.execute("SELECT id FROM portal_region LIMIT 1").fetchone()[0]
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

    def client(number):
        mine = latencies[number]
        with psycopg.connect(database_url) as conn:
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


def goals(report):
    """Each performance goal (README, "Performance") against the measured figures: met or not."""
    rows = []
    for scenario in report["scenarios"]:
        kind = scenario["kind"]
        if kind in ("detail", "list", "scoreboard"):
            rows.append({
                "goal": f"{scenario['label']}: at least {GOALS[kind]:.0%} of the one-query view",
                "value": f"{scenario['ratio']:.0%}",
                "met": scenario["ratio"] >= GOALS[kind],
            })  # fmt: skip
    by_key = {scenario["key"]: scenario for scenario in report["scenarios"]}
    if "detail_hot" in by_key and "detail_new" in by_key:
        slower = by_key["detail_new"]["rps"] / by_key["detail_hot"]["rps"]
        rows.append({
            "goal": f"Hot petition's page within {GOALS['hot_vs_new']}x of a new one's",
            "value": f"{slower:.2f}x",
            "met": slower <= GOALS["hot_vs_new"],
        })  # fmt: skip
    if "list_many" in by_key:
        errors = by_key["list_many"]["errors"]
        rows.append({
            "goal": f"No errors at {report['settings']['many_connections']} connections",
            "value": str(errors), "met": errors == 0,
        })  # fmt: skip
    if "signing" in report:
        api = report["signing"]["api"]
        rows.append({
            "goal": f"Signing at least {GOALS['sign']:.0%} of raw signing transactions",
            "value": f"{api['ratio']:.0%}", "met": api["ratio"] >= GOALS["sign"],
        })  # fmt: skip
        rows.append({
            "goal": "Counts exact after signing (stored = rows = by day = by region, "
            "the signed petition and every other; its signature log verifies and recounts)",
            "value": "yes" if report["signing"]["counts"]["exact"] else "NO",
            "met": report["signing"]["counts"]["exact"],
        })  # fmt: skip
    return rows


def table_only(report):
    lines = [
        "| scenario | req/s | p50 ms | p99 ms | errors | ratio | baseline |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]

    def row(label, figures, ratio, baseline):
        lines.append(
            f"| {label} | {figures['rps']:,.0f} | {figures['p50_ms']:.1f} | "
            f"{figures['p99_ms']:.1f} | {figures['errors']} | {ratio} | {baseline} |"
        )

    base = report["baselines"]
    names = {
        "one_query": f"one-query view, {base['one_query']['connections']} connections",
        "one_query_many": f"one-query view, {base['one_query_many']['connections']} connections",
        "raw_signing": "raw signing transactions",
    }
    row(f"Baseline: {names['one_query']}", base["one_query"], "1.00", "")
    row(f"Baseline: {names['one_query_many']}", base["one_query_many"], "1.00", "")
    for scenario in report["scenarios"]:
        row(scenario["label"], scenario, f"{scenario['ratio']:.2f}", names[scenario["baseline"]])
    if "signing" in report:
        raw = report["signing"]["raw"]
        row(f"Baseline: raw signing, {raw['connections']} clients", raw, "1.00", "")
        api = report["signing"]["api"]
        row(f"{api['label']}, {api['connections']} connections", api, f"{api['ratio']:.2f}",
            names["raw_signing"])  # fmt: skip
    lines.append("")
    lines.append("| goal | measured | met |")
    lines.append("|---|---:|---|")
    for goal in report["goals"]:
        lines.append(f"| {goal['goal']} | {goal['value']} | {'yes' if goal['met'] else 'NO'} |")
    machine_ = report["machine"]
    sizes = report["sizes"]
    lines.append("")
    lines.append(
        f"Measured {report['date']} on {machine_['cores']} cores ({machine_['cpu']}), "
        f"{machine_['memory_gib']} GiB, PostgreSQL {report['postgresql']}, Python "
        f"{machine_['python']}; {sizes['petitions']:,} petitions, {sizes['signatures']:,} "
        f"signatures from {sizes['signers']:,} signers, {sizes['organizations']:,} NGOs, "
        f"{sizes['platforms']:,} platforms; {report['settings']['duration_s']} s per scenario."
    )
    lines.append("")
    return "\n".join(lines)


READING = """
How to read it:

- Pages and API answers are requested by visitors who are not signed in, as most readers of
  a viral petition are: after the first request they come from the shared cache (README,
  "Performance"), which any change to what they show invalidates at once. The "signed in"
  rows are live pages for comparison; only their shared parts come from the cache.
- Signing: every request is a different person with an API key, from an address of their own,
  through the same rate limits as in production. The raw baseline is bound by the hot
  petition's row lock and the commit's flush to disk; the portal's signing holds that lock as
  briefly (one statement and the commit) and is bound by the work of a Django request (key,
  rate limits, identity check) on the same two cores as PostgreSQL and wrk.
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
