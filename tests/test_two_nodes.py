"""Two gunicorn nodes with the production settings behind nginx (deploy/nginx/qogam.conf), on
loopback ports, sharing one PostgreSQL database and one Redis: a session, a CSRF token, the
signing and sign-in limits and the page cache all hold across the nodes, and concurrent
signatures on both nodes are counted exactly."""

import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.test import Client

from petitions.models import Petition, Signature
from portal.rules import PETITION_MODERATORS
from tests.factories import PASSWORD, UserFactory, make_petition
from tests.servers import RedisServer, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NODE_SECRET = "two-nodes-only-4f1d8c2b7e6a5d3c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c"
SIGN_LIMIT = 3
CSRF = "t" * 32  # an unmasked CSRF secret: a client may choose its own cookie

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not Path(NGINX).exists(),
        reason="nginx is not installed (Debian: apt-get install nginx-light; .ci/run does)",
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is missing"),
]


@pytest.fixture(scope="module", autouse=True)
def _put_back(migrations_data_put_back):
    """Put the data migrations' rows back after this file's last test."""


def nginx_config(folder, port, node_ports):
    """deploy/nginx/qogam.conf on loopback ports: TLS taken off (the test speaks HTTP and says
    it is HTTPS, as TLS ending at nginx would), the nodes' addresses and static folder put in,
    and a header naming the node that answered."""
    site = (ROOT / "deploy" / "nginx" / "qogam.conf").read_text()
    servers = "".join(f"    server 127.0.0.1:{node} max_fails=3 fail_timeout=10s;\n"
                      for node in node_ports)  # fmt: skip
    site = re.sub(r"(    server 10\.0\.0\.\d+:8000 [^\n]*\n)+", servers, site)
    site = re.sub(r"\n *listen \[::\]:\d+[^;]*;", "", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    site = re.sub(r"\n *ssl_certificate[^;]*;", "", site)
    site = site.replace("X-Forwarded-Proto $scheme", "X-Forwarded-Proto https")
    site = site.replace("alias /srv/qogam/var/static/;", f"alias {ROOT / 'var' / 'static'}/;")
    site = site.replace(
        "proxy_http_version 1.1;",
        "proxy_http_version 1.1;\n        add_header X-Node $upstream_addr always;",
    )
    assert site.count("127.0.0.1:") == len(node_ports) + 2 and "ssl" not in site
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
        f" client_body_temp_path {folder}/body;\n proxy_temp_path {folder}/proxy;\n"
        f" fastcgi_temp_path {folder}/fastcgi;\n uwsgi_temp_path {folder}/uwsgi;\n"
        f" scgi_temp_path {folder}/scgi;\n{site}\n}}\n"
    )


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """nginx on a loopback port in front of two gunicorn nodes; yields the three base URLs."""
    database = connection.settings_dict
    cache = RedisServer()
    cache.start()
    folder = Path(tempfile.mkdtemp(prefix="qogam-nodes-"))
    environment = {
        key: value for key, value in os.environ.items()
        if key not in ("PYTEST_CURRENT_TEST", "REDIS_URL", "EMAIL_BACKEND")
    }  # fmt: skip
    environment.update(
        DEBUG="0",
        SECRET_KEY=NODE_SECRET,
        IIN_HASH_KEY=NODE_SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        DB_POOL_MIN="1",
        DB_POOL_MAX="6",
        REDIS_URL=cache.url,
        TASKS_BACKEND="database",
        EMAIL_FILE_PATH=str(folder / "mail"),
        PAGE_CACHE_SECONDS="300",
        PETITION_SIGN_RATE=f"{SIGN_LIMIT}/m/user,1000/m/ip",
        TRUSTED_PROXY_COUNT="1",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="4",
        LOG_LEVEL="WARNING",
    )
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   cwd=ROOT, env=environment, check=True, timeout=300)  # fmt: skip
    node_ports = [free_port(), free_port()]
    nodes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "qogam.wsgi", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=open(folder / f"node-{port}.log", "w"),  # noqa: SIM115
        )  # fmt: skip
        for port in node_ports
    ]
    port = free_port()
    (folder / "nginx.conf").write_text(nginx_config(folder, port, node_ports))
    proxy = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        for listening in (*node_ports, port):
            wait_for_port(listening, seconds=60)
        yield {
            "nginx": f"http://127.0.0.1:{port}",
            "nodes": [f"http://127.0.0.1:{node}" for node in node_ports],
            "redis": cache.url,
        }
    finally:
        proxy.terminate()
        for process in (proxy, *nodes):
            if process is not proxy:
                process.terminate()
            process.wait(timeout=30)
        cache.stop()
        shutil.rmtree(folder, ignore_errors=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Visitor:
    """A browser in a few lines: its cookies (Secure ones too: TLS is simulated), and the
    headers nginx would pass to a node (port-free Host, HTTPS) when it calls a node directly."""

    proxy = "http://nginx"

    def __init__(self):
        self.cookies = {"csrftoken": CSRF}

    def request(self, url, data=None):
        headers = {"X-Forwarded-Proto": "https",
                   "Origin": "https://127.0.0.1", "Accept-Language": "en",
                   "X-Forwarded-For": "203.0.113.7",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}  # fmt: skip
        if not url.startswith(Visitor.proxy):
            # What nginx sends a node; through nginx the Host keeps its port, which nginx drops.
            headers["Host"] = "127.0.0.1"
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        try:
            answer = OPENER.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            answer = error
        with answer:
            for header in answer.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return answer.status, answer.headers, answer.read().decode()

    def get(self, url):
        return self.request(url)

    def post(self, url, data=None):
        return self.request(url, {"csrfmiddlewaretoken": CSRF, **(data or {})})

    def log_in(self, base, email, password=PASSWORD):
        """Sign in on this node; the status of the answer (302 when signed in)."""
        return self.post(f"{base}/accounts/login/", {"login": email, "password": password})[0]

    def signed_in(self, base):
        return self.get(f"{base}/profile/")[0] == 200


@pytest.fixture(autouse=True)
def fresh_cache(site, settings):
    """Each test starts with an empty Redis; sessions signed here are the nodes' sessions."""
    redis.Redis.from_url(site["redis"]).flushdb()
    Visitor.proxy = site["nginx"]
    settings.SECRET_KEY = NODE_SECRET


def signed_in_visitor(user):
    """A visitor holding a session of `user`, made here and valid on every node."""
    client = Client()
    client.force_login(user)
    visitor = Visitor()
    visitor.cookies["sessionid"] = client.cookies["sessionid"].value
    return visitor


def test_nginx_spreads_requests_over_both_nodes_and_serves_static_files_itself(site):
    answers = [Visitor().get(f"{site['nginx']}/healthz/ready") for _ in range(6)]
    assert [status for status, _headers, _body in answers] == [200] * 6

    status, headers, page = Visitor().get(f"{site['nginx']}/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    static_status, static_headers, _css = Visitor().get(f"{site['nginx']}{stylesheet}")

    assert status == 200
    assert static_status == 200 and "immutable" in static_headers["Cache-Control"]
    # The static file came from disk: no node answered it.
    assert static_headers["X-Node"] is None
    nodes = {Visitor().get(f"{site['nginx']}/healthz/live")[1]["X-Node"] for _ in range(6)}
    assert nodes == {node.removeprefix("http://") for node in site["nodes"]}


def test_a_session_begun_on_one_node_is_signed_in_on_the_other(site):
    citizen = UserFactory(iin=True)
    first, second = site["nodes"]
    visitor = Visitor()
    assert not visitor.signed_in(second)

    assert visitor.log_in(first, citizen.email) == 302

    assert visitor.signed_in(second)
    assert visitor.signed_in(site["nginx"])


def test_a_csrf_token_of_one_node_is_accepted_by_the_other_and_a_post_without_it_refused(site):
    citizen = UserFactory(iin=True)
    petition = make_petition("open")
    first, second = site["nodes"]
    visitor = signed_in_visitor(citizen)
    # The node masks the visitor's CSRF secret into the page's form.
    page = visitor.get(f"{first}/petitions/{petition.pk}/")[2]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    sign = f"{second}/petitions/{petition.pk}/sign/"

    refused = visitor.request(sign, {"show_name": "on"})
    accepted = visitor.request(sign, {"csrfmiddlewaretoken": token, "show_name": "on"})

    assert refused[0] == 403
    assert accepted[0] == 302
    assert Signature.objects.filter(petition=petition, user=citizen).count() == 1


def test_the_signing_limit_counts_signatures_made_on_either_node(site):
    citizen = UserFactory(iin=True)
    petitions = [make_petition("open") for _ in range(SIGN_LIMIT + 1)]
    visitor = signed_in_visitor(citizen)

    for number, petition in enumerate(petitions):
        node = site["nodes"][number % 2]
        visitor.post(f"{node}/petitions/{petition.pk}/sign/")

    signed = set(Signature.objects.filter(user=citizen).values_list("petition_id", flat=True))
    assert signed == {petition.pk for petition in petitions[:SIGN_LIMIT]}


def test_failed_sign_ins_on_both_nodes_add_up_to_one_limit_on_the_account(site):
    citizen = UserFactory()
    first, second = site["nodes"]
    # login_failed allows 5 failures per account in 5 minutes, wherever they happen.
    for attempt in range(5):
        node = (first, second)[attempt % 2]
        assert Visitor().log_in(node, citizen.email, password="wrong-password-1") == 200

    visitor = Visitor()
    visitor.log_in(first, citizen.email)

    assert not visitor.signed_in(second)
    # Another account is not held back by the first one's failures.
    other = Visitor()
    assert other.log_in(second, UserFactory().email) == 302


def test_a_petition_hidden_on_one_node_leaves_the_other_nodes_cached_page_at_once(site):
    moderator = UserFactory(groups=[PETITION_MODERATORS])
    first, second = site["nodes"]
    petition = make_petition("open", title="Жаңа саябақ салу туралы өтініш")
    page = f"{second}/petitions/{petition.pk}/"
    # A visitor's page is kept in Redis: the second visit is served from the cache.
    before = [Visitor().get(page) for _ in range(2)]
    assert [status for status, _headers, _body in before] == [200, 200]
    assert petition.title in before[1][2]

    hide = f"{first}/petitions/{petition.pk}/moderate/hide/"
    status = signed_in_visitor(moderator).post(hide, {"reason": "Жала жабу"})[0]

    assert status == 302
    assert Petition.objects.get(pk=petition.pk).status == Petition.Status.HIDDEN
    assert Visitor().get(page)[0] == 404


def test_concurrent_signatures_on_both_nodes_are_counted_exactly(site):
    petition = make_petition("open")
    counted = petition.signature_count
    citizens = UserFactory.create_batch(12, iin=True, password=None)
    visitors = [signed_in_visitor(citizen) for citizen in citizens]
    # Each citizen signs twice at once, once on each node, and once through nginx.
    calls = [(visitor, base) for visitor in visitors for base in (*site["nodes"], site["nginx"])]

    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(
            lambda call: call[0].post(f"{call[1]}/petitions/{petition.pk}/sign/")[0], calls
        ))  # fmt: skip

    assert set(statuses) == {302}
    petition.refresh_from_db()
    valid = Signature.objects.filter(petition=petition, status=Signature.Status.VALID)
    assert valid.filter(user__in=citizens).count() == len(citizens)
    assert petition.signature_count == valid.count() == counted + len(citizens)
