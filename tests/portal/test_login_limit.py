"""The failed sign-in limit counts against the account alone: another Host header, port, alias
of the site or spelling of the email gives no fresh allowance (5 failures per 5 minutes)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HOSTS = ["127.0.0.1", "localhost", "localhost:8000", "127.0.0.1:8443", "testserver"]
SPELLINGS = [str, str.upper, " {} ".format, str.title, str.upper]


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def account():
    return UserFactory(iin=True, email="aigerim@example.org", password="the-right-password")


def test_failures_from_every_host_port_and_spelling_count_against_one_account(client, account):
    client.cookies["django_language"] = "en"
    for host, spelling in zip(HOSTS, SPELLINGS, strict=True):
        failed = client.post(reverse("account_login"), HTTP_HOST=host, data={
            "login": spelling(account.email), "password": "wrong"})  # fmt: skip
        assert failed.status_code == 200

    right_password = {"login": account.email, "password": "the-right-password"}
    right = client.post(reverse("account_login"), right_password, HTTP_HOST="localhost:9999")

    assert right.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in right.content.decode()


def test_the_api_counts_against_the_same_account_as_the_page(client, account):
    for host in HOSTS[:3]:
        client.post(reverse("account_login"), HTTP_HOST=host,
                    data={"login": account.email, "password": "wrong"})  # fmt: skip
    api = APIClient()
    for host in HOSTS[3:]:
        wrong = {"email": account.email.upper(), "password": "wrong"}
        assert api.post("/api/v1/auth/token", wrong, HTTP_HOST=host).status_code == 400

    right = api.post("/api/v1/auth/token", {"email": account.email,
                     "password": "the-right-password"}, HTTP_HOST="localhost:1234")  # fmt: skip

    assert right.status_code == 429


def test_another_account_is_not_locked_out(client, account):
    other = UserFactory(iin=True, email="nurlan@example.org", password="the-right-password")
    for host in HOSTS:
        client.post(reverse("account_login"), HTTP_HOST=host,
                    data={"login": account.email, "password": "wrong"})  # fmt: skip

    right = client.post(reverse("account_login"),
                        data={"login": other.email, "password": "the-right-password"})  # fmt: skip

    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)
