from datetime import date

import pytest
from django.urls import reverse

from portal.models import User
from portal.validators import check_digit, make_iin
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(english_client):
    """These tests read the English wording; test_language checks the other languages."""
    return english_client


ADULT_IIN = make_iin(date(1990, 5, 17), "male", serial=1234)
# 17 March 1990 written as month 13: a correct check digit on an impossible date.
IMPOSSIBLE_DATE_IIN = "9013173" + "1235" + str(check_digit("90131731235"))


def declare(client, iin):
    return client.post(reverse("profile"), {"action": "iin", "iin": iin})


def test_the_profile_asks_a_visitor_to_sign_in(client):
    response = client.get(reverse("profile"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_person_edits_name_region_and_language(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("profile"),
        {
            "action": "profile",
            "first_name": "Әлия",
            "last_name": "Нұрова",
            "region": region("KZ-79").pk,
            "preferred_language": "en",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.region.code) == ("Әлия", "Нұрова", "KZ-79")
    assert user.preferred_language == "en"


def test_markup_in_a_name_is_refused_and_nothing_is_stored(client):
    user = UserFactory(first_name="Әлия")
    client.force_login(user)

    response = client.post(
        reverse("profile"),
        {
            "action": "profile",
            "first_name": "<b>Әлия</b>",
            "last_name": "Нұрова",
            "region": region().pk,
            "preferred_language": "kk",
        },
    )

    assert response.status_code == 200
    assert response.context["profile_form"].errors["first_name"]
    user.refresh_from_db()
    assert user.first_name == "Әлия"


def test_a_declared_iin_is_kept_only_as_its_keyed_hash(client):
    user = UserFactory()
    client.force_login(user)

    response = declare(client, ADULT_IIN)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.has_iin
    assert user.birth_date == date(1990, 5, 17)
    assert ADULT_IIN not in user.iin_hash
    stored = User.objects.filter(pk=user.pk).values().get()
    assert ADULT_IIN not in repr(stored)


@pytest.mark.parametrize(
    ("iin", "message"),
    [
        ("12345", "12"),
        ("abcdefghijkl", "12 digits"),
        (ADULT_IIN[:-1] + str((int(ADULT_IIN[-1]) + 1) % 10), "check digit"),
        (IMPOSSIBLE_DATE_IIN, "birth date"),
    ],
)
def test_a_malformed_iin_is_refused_with_a_clear_message_and_nothing_is_stored(
    client, iin, message
):
    user = UserFactory()
    client.force_login(user)

    response = declare(client, iin)

    assert response.status_code == 200
    errors = " ".join(response.context["iin_form"].errors["iin"])
    assert message in errors
    user.refresh_from_db()
    assert not user.has_iin


def test_a_second_account_with_the_same_iin_is_refused(client):
    UserFactory(iin=ADULT_IIN)
    second = UserFactory()
    client.force_login(second)

    response = declare(client, ADULT_IIN)

    assert response.status_code == 200
    assert "already declared on another account" in " ".join(
        response.context["iin_form"].errors["iin"]
    )
    second.refresh_from_db()
    assert not second.has_iin


def test_an_iin_cannot_be_replaced_once_declared(client):
    user = UserFactory(iin=ADULT_IIN)
    client.force_login(user)
    before = user.iin_hash

    response = declare(client, make_iin(date(1985, 1, 2), "female", serial=77))

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.iin_hash == before


def test_an_unverified_account_cannot_declare_an_iin(client):
    user = UserFactory(verified=False)
    client.force_login(user)

    response = declare(client, ADULT_IIN)

    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.has_iin


def test_a_minor_may_declare_an_iin_but_is_not_an_adult(client):
    born = date.today().replace(year=date.today().year - 16, day=1)
    user = UserFactory()
    client.force_login(user)

    declare(client, make_iin(born, "female", serial=5))

    user.refresh_from_db()
    assert user.has_iin
    assert not user.is_adult()


@pytest.mark.parametrize(
    ("language", "words"),
    [("kk", "ЖСН 12 цифрдан"), ("ru", "ИИН должен состоять"), ("en", "An IIN has exactly")],
)
def test_an_iin_error_speaks_the_persons_language(client, language, words):
    client.cookies["django_language"] = language
    client.force_login(UserFactory())

    response = declare(client, "abc")

    assert words in " ".join(response.context["iin_form"].errors["iin"])


def test_a_citizen_creates_and_revokes_an_api_key_on_the_profile(client):
    from django.test import Client
    from rest_framework.authtoken.models import Token

    user = UserFactory()
    client.force_login(user)

    client.post(reverse("profile"), {"action": "api_token"})
    key = Token.objects.get(user=user).key
    page = client.get(reverse("profile"))
    api = Client().get("/api/v1/me/petitions", headers={"authorization": f"Token {key}"})
    client.post(reverse("profile"), {"action": "revoke_api_token"})

    assert f'value="{key}"' in page.text
    assert api.status_code == 200
    assert not Token.objects.filter(user=user).exists()


def test_an_unverified_account_gets_no_api_key(client):
    from rest_framework.authtoken.models import Token

    user = UserFactory(verified=False)
    client.force_login(user)

    response = client.post(reverse("profile"), {"action": "api_token"})

    assert response.status_code == 403
    assert not Token.objects.exists()


def test_a_bidirectional_override_in_a_name_is_refused_and_nothing_is_stored(client):
    user = UserFactory(last_name="Нұрова")
    client.force_login(user)

    response = client.post(
        reverse("profile"),
        {
            "action": "profile",
            "first_name": "Әлия",
            "last_name": "\u202eаворуН",
            "region": region().pk,
            "preferred_language": "kk",
        },
    )

    assert response.status_code == 200
    assert response.context["profile_form"].errors["last_name"]
    assert "Remove the invisible characters that change the direction of the text." in response.text
    user.refresh_from_db()
    assert user.last_name == "Нұрова"
