"""Read replicas (portal/replicas.py): which database each read goes to, and a real PostgreSQL
streaming replica, made on loopback by the test, whose replay is paused to make a lag."""

import http.cookiejar
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import psycopg
import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse

from petitions.models import Petition
from portal.replicas import STICKY_COOKIE, STICKY_SALT, ReplicaMiddleware, ReplicaRouter
from tests.servers import (
    PG_BIN,
    ROOT,
    PostgresCluster,
    manage,
    needs_postgres_binaries,
    portal_environment,
    seed_petitions_and_a_signer,
    start_portal,
    stop_portal,
)

REPLICAS = ["replica_1", "replica_2"]


@pytest.fixture
def replicas(settings, monkeypatch):
    """Two replica aliases named in the settings. The router's choices are tested here without
    opening them; real connections to a real replica are tested below."""
    settings.REPLICA_DATABASES = REPLICAS
    settings.REPLICA_STICKY_SECONDS = 5
    monkeypatch.setattr("portal.replicas._connected", lambda alias: True)


def serve(request, view=None):
    """The request through the middleware; (the databases its view's reads went to, response)."""
    router = ReplicaRouter()
    reads = []

    def respond(request):
        reads.append(router.db_for_read(Petition))
        if view is not None:
            view(router, reads)
        return HttpResponse()

    response = ReplicaMiddleware(respond)(request)
    return reads, response


def sticky_cookie(seconds_ago=0):
    """The sticky cookie as the portal signs it, `seconds_ago`."""
    with time_machine.travel(time.time() - seconds_ago, tick=False):
        return signing.get_cookie_signer(salt=STICKY_COOKIE + STICKY_SALT).sign("1")


def test_a_visitors_reads_go_to_a_replica_and_writes_to_the_primary(rf, replicas):
    reads, response = serve(rf.get("/petitions/"))

    assert reads[0] in REPLICAS
    assert ReplicaRouter().db_for_write(Petition) == "default"
    assert STICKY_COOKIE not in response.cookies


def test_a_request_reads_one_replica_throughout_and_requests_spread_over_all(rf, replicas):
    def read_again(router, reads):
        reads.extend(router.db_for_read(Petition) for _ in range(5))

    chosen = set()
    for _ in range(40):
        reads, _response = serve(rf.get("/"), read_again)
        assert len(set(reads)) == 1
        chosen.add(reads[0])

    assert chosen == set(REPLICAS)


@pytest.mark.parametrize(
    ("cookies", "headers"),
    [
        ({"sessionid": "abc"}, {}),
        ({"messages": "abc"}, {}),
        ({}, {"HTTP_AUTHORIZATION": "Token abc"}),
    ],
    ids=["signed-in", "message-waiting", "api-token"],
)
def test_signed_in_people_and_api_clients_read_the_primary(rf, replicas, cookies, headers):
    request = rf.get("/petitions/", **headers)
    request.COOKIES.update(cookies)

    assert serve(request)[0] == ["default"]


def test_a_post_reads_the_primary_and_keeps_the_person_there_for_the_sticky_seconds(rf, replicas):
    reads, response = serve(rf.post("/language/"))
    cookie = response.cookies[STICKY_COOKIE]
    after = rf.get("/petitions/")
    after.COOKIES[STICKY_COOKIE] = cookie.value

    assert reads == ["default"]
    assert cookie["max-age"] == 5 and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert serve(after)[0] == ["default"]


@pytest.mark.parametrize("forgery", ["unsigned", "bad-signature"])
def test_a_sticky_cookie_not_signed_by_the_portal_is_ignored(rf, replicas, forgery):
    request = rf.get("/petitions/")
    request.COOKIES[STICKY_COOKIE] = "1" if forgery == "unsigned" else sticky_cookie()[:-2] + "xx"

    assert serve(request)[0][0] in REPLICAS


def test_a_sticky_cookie_older_than_the_sticky_seconds_no_longer_counts(rf, replicas):
    fresh, stale = rf.get("/"), rf.get("/")
    fresh.COOKIES[STICKY_COOKIE] = sticky_cookie(seconds_ago=3)
    stale.COOKIES[STICKY_COOKIE] = sticky_cookie(seconds_ago=6)

    assert serve(fresh)[0] == ["default"]
    assert serve(stale)[0][0] in REPLICAS


def test_a_write_during_a_get_sends_the_later_reads_to_the_primary_and_sticks(rf, replicas):
    def write_then_read(router, reads):
        reads.append(router.db_for_write(Petition))
        reads.append(router.db_for_read(Petition))

    reads, response = serve(rf.get("/"), write_then_read)

    assert reads[0] in REPLICAS and reads[1:] == ["default", "default"]
    assert STICKY_COOKIE in response.cookies


def test_a_streamed_answer_reads_where_its_request_reads(rf, replicas):
    # Open data is read row by row as it is sent, after the middleware has returned.
    router = ReplicaRouter()
    reads = []

    def rows():
        reads.append(router.db_for_read(Petition))
        yield b"row"

    response = ReplicaMiddleware(lambda request: StreamingHttpResponse(rows()))(rf.get("/"))
    assert b"".join(response.streaming_content) == b"row"

    assert reads[0] in REPLICAS
    assert router.db_for_read(Petition) == "default"  # and the request's choice ends with it


def test_sessions_and_the_cache_table_are_on_the_primary_and_writing_them_does_not_stick(
    rf, replicas
):
    from django.core.cache.backends.db import DatabaseCache

    cache_entry = DatabaseCache("qogam_cache", {}).cache_model_class

    def bookkeeping(router, reads):
        for model in (Session, cache_entry):
            reads.extend([router.db_for_read(model), router.db_for_write(model)])
        reads.append(router.db_for_read(Petition))

    reads, response = serve(rf.get("/"), bookkeeping)

    assert reads[1:5] == ["default"] * 4 and reads[5] in REPLICAS
    assert STICKY_COOKIE not in response.cookies


def test_outside_a_request_everything_reads_the_primary(replicas):
    # The task worker, the clocks, commands and the shell.
    assert ReplicaRouter().db_for_read(Petition) == "default"


def test_migrations_run_on_the_primary_alone(replicas):
    router = ReplicaRouter()

    assert router.allow_migrate("default", "petitions", "petition")
    assert not any(router.allow_migrate(alias, "petitions", "petition") for alias in REPLICAS)
    assert not router.allow_migrate("replica_1", "django_cache", "cacheentry")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reads_inside_a_transaction_go_to_the_primary(rf, replicas, migrations_data_put_back):
    def in_a_transaction(router, reads):
        with transaction.atomic():
            reads.append(router.db_for_read(Petition))
        reads.append(router.db_for_read(Petition))

    reads = serve(rf.get("/"), in_a_transaction)[0]

    assert reads[1] == "default" and reads[2] in REPLICAS


def settings_of(**environment):
    """The databases, routers and middleware of settings read in a fresh process."""
    keep = {key: value for key, value in os.environ.items() if key != "PYTEST_CURRENT_TEST"}
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'databases': {a: (d['PORT'], d.get('TEST', {}).get('MIRROR')) "
        "for a, d in s.DATABASES.items()}, 'routers': s.DATABASE_ROUTERS, "
        "'middleware': [m for m in s.MIDDLEWARE if 'replicas' in m]}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env={**keep, "DEBUG": "1", **environment},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return result


def test_without_replica_urls_there_is_one_database_and_no_router():
    result = settings_of(DATABASE_URL="postgres://postgres@127.0.0.1:5432/qogam")

    assert json.loads(result.stdout.splitlines()[-1]) == {
        "databases": {"default": [5432, None]},
        "routers": [],
        "middleware": [],
    }


def test_replica_urls_add_replicas_mirrored_to_the_primary_in_tests():
    result = settings_of(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/qogam",
        DATABASE_REPLICA_URLS="postgres://reader@10.0.0.2:5433/qogam, "
        "postgres://reader@10.0.0.3:5434/qogam",
    )

    assert json.loads(result.stdout.splitlines()[-1]) == {
        "databases": {
            "default": [5432, None],
            "replica_1": [5433, "default"],
            "replica_2": [5434, "default"],
        },
        "routers": ["portal.replicas.ReplicaRouter"],
        "middleware": ["portal.replicas.ReplicaMiddleware"],
    }


def test_a_replica_url_that_is_not_postgresql_is_refused():
    result = settings_of(DATABASE_REPLICA_URLS="sqlite:////tmp/replica.sqlite3")

    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS: replica 1 is not PostgreSQL." in result.stderr


# The real thing: a primary, a streaming replica made from it with pg_basebackup, and gunicorn
# reading from both, on loopback ports.

CSRF = "r" * 32  # an unmasked CSRF secret: a client may choose its own cookie


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies kept, replaced and deleted as a browser would; redirects not followed."""

    def __init__(self, site, **cookies):
        self.site = site
        self.jar = http.cookiejar.CookieJar()
        for name, value in {"csrftoken": CSRF, **cookies}.items():
            self.jar.set_cookie(http.cookiejar.Cookie(
                0, name, value, None, False, "127.0.0.1", False, False, "/", True,
                False, None, False, None, None, {},
            ))  # fmt: skip
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def cookies(self):
        return {cookie.name for cookie in self.jar}

    def request(self, path, data=None):
        body = None if data is None else urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.site + path, data=body)  # noqa: S310 (http only)
        try:
            answer = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            answer = error
        with answer:
            return answer.status, answer.read().decode()

    def post(self, path, data=None):
        return self.request(path, {"csrfmiddlewaretoken": CSRF, **(data or {})})[0]

    def signatures(self, petition):
        """The petition's signature count as this browser reads it from the API."""
        status, body = self.request(f"/api/v1/petitions/{petition}")
        assert status == 200, body
        return json.loads(body)["signature_count"]

    def open_data_signatures(self, petition):
        """The petition's signature count as this browser reads it in the open data."""
        status, body = self.request("/open-data/petitions.json")
        assert status == 200, body
        return next(row["signature_count"] for row in json.loads(body) if row["id"] == petition)


def sql(cluster, statement, *parameters):
    """The first value of a statement's answer, on one of the test's clusters."""
    with psycopg.connect(cluster.url, autocommit=True) as connection:
        return connection.execute(statement, parameters).fetchone()[0]


@pytest.fixture(scope="module")
def replicated_portal():
    """gunicorn reading from a streaming replica of its primary; both clusters are the test's
    own, removed (and every process stopped) whatever happens."""
    primary, replica = PostgresCluster(), PostgresCluster()
    server = None
    try:
        primary.init()
        primary.start()
        environment = portal_environment(primary.url, DB_POOL_MIN="1")
        manage(environment, "migrate", "--noinput")
        manage(environment, "createcachetable")
        seeded = seed_petitions_and_a_signer(environment, ["Жаңа саябақ салу туралы"])
        # The replica: a base backup of the primary that streams from it (-R writes the
        # standby's settings), started on a port of its own.
        replica.run(str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port),
                    "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream",
                    "--checkpoint=fast", "--no-sync")  # fmt: skip
        replica.start()
        environment.update(
            DATABASE_REPLICA_URLS=replica.url, PAGE_CACHE_SECONDS="0", REPLICA_STICKY_SECONDS="600"
        )
        server, site = start_portal(environment)
        yield {
            "site": site,
            "primary": primary,
            "replica": replica,
            "environment": environment,
            "petition": seeded["petitions"][0],
            "session": seeded["session"],
        }
    finally:
        stop_portal(server)
        replica.remove()
        primary.remove()


@needs_postgres_binaries
def test_a_visitor_reads_the_replica_while_the_writer_reads_the_primary(replicated_portal):
    site, petition = replicated_portal["site"], replicated_portal["petition"]
    replica = replicated_portal["replica"]
    visitor = Browser(site)
    writer = Browser(site, sessionid=replicated_portal["session"])
    before = visitor.signatures(petition)
    assert sql(replica, "SELECT pg_is_in_recovery()") is True
    assert writer.signatures(petition) == before

    # A lag made on purpose: the replica stops applying what the primary sends it.
    sql(replica, "SELECT pg_wal_replay_pause()")
    try:
        assert writer.post(f"/petitions/{petition}/sign/") == 302

        assert writer.signatures(petition) == before + 1  # signed in: the primary
        assert visitor.signatures(petition) == before  # the replica, which has not replayed it
        assert visitor.open_data_signatures(petition) == before
        # A visitor who has just sent a form, any form, reads the primary for a while...
        switched = Browser(site)
        assert switched.post("/language/", {"language": "ru"}) == 302
        assert "qogam_primary" in switched.cookies()
        assert switched.signatures(petition) == before + 1
        assert switched.open_data_signatures(petition) == before + 1
        # ... and the signer too, once signed out: their sticky cookie came with the signature.
        assert writer.post("/accounts/logout/") == 302
        assert "sessionid" not in writer.cookies()
        assert writer.signatures(petition) == before + 1
        # A sticky cookie that the portal did not sign changes nothing.
        assert Browser(site, qogam_primary="1").signatures(petition) == before
    finally:
        sql(replica, "SELECT pg_wal_replay_resume()")

    deadline = time.monotonic() + 30
    while visitor.signatures(petition) != before + 1:
        assert time.monotonic() < deadline, "the replica did not catch up within 30 s"
        time.sleep(0.1)


@needs_postgres_binaries
def test_migrations_with_replicas_configured_touch_the_primary_alone(replicated_portal):
    environment = replicated_portal["environment"]
    primary, replica = replicated_portal["primary"], replicated_portal["replica"]

    # On the read-only replica, any of them would fail.
    migrated = manage(environment, "migrate", "--noinput")
    manage(environment, "createcachetable")

    assert "No migrations to apply." in migrated
    assert sql(replica, "SELECT pg_is_in_recovery()") is True
    assert sql(primary, "SELECT pg_is_in_recovery()") is False


@needs_postgres_binaries
def test_while_the_replica_is_down_visitors_read_the_primary(replicated_portal):
    site, petition = replicated_portal["site"], replicated_portal["petition"]
    primary, replica = replicated_portal["primary"], replicated_portal["replica"]
    latest = sql(primary, "SELECT signature_count FROM petitions_petition WHERE id = %s", petition)

    replica.stop()
    try:
        answers = [Browser(site).request(f"/api/v1/petitions/{petition}") for _ in range(5)]
        pages = [Browser(site).request(f"/petitions/{petition}/")[0] for _ in range(5)]
    finally:
        replica.start()

    assert [status for status, _body in answers] == [200] * 5
    assert {json.loads(body)["signature_count"] for _status, body in answers} == {latest}
    assert pages == [200] * 5
