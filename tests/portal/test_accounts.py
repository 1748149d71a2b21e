import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.urls import reverse

from portal.models import User
from tests.factories import PASSWORD, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(english_client):
    """These tests read the English wording; test_language checks the other languages."""
    return english_client


def signup_data(**overrides):
    data = {
        "email": "new.person@example.kz",
        "first_name": "Дана",
        "last_name": "Серікова",
        "region": region("KZ-35").pk,
        "preferred_language": "ru",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return {**data, **overrides}


def test_sign_up_creates_an_unverified_account_and_sends_the_verification_email(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), signup_data())

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.kz")
    assert (user.first_name, user.last_name, user.region.code) == ("Дана", "Серікова", "KZ-35")
    assert user.preferred_language == "ru"
    assert not EmailAddress.objects.get(user=user).verified
    assert identify_hasher(user.password).algorithm == "argon2"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.kz"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    # The email is written in the language the person chose at sign-up time's page.
    assert "_auth_user_id" not in client.session


def test_the_verification_email_is_sent_only_after_the_transaction_commits(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("account_signup"), signup_data())

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_the_verification_link_verifies_the_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), signup_data())
    link = next(word for word in mail.outbox[0].body.split() if "/confirm-email/" in word)
    path = link.split("testserver", 1)[1]

    client.post(path)

    assert EmailAddress.objects.get(email="new.person@example.kz").verified


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-email"),
        ("first_name", "<script>alert(1)</script>"),
        ("last_name", ""),
        ("region", "999999"),
        ("preferred_language", "de"),
        ("password2", "a-different-password-7"),
    ],
)
def test_bad_sign_up_input_is_refused_and_nothing_is_stored(client, field, value):
    response = client.post(reverse("account_signup"), signup_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not User.objects.exists()


def test_sign_up_with_a_taken_email_does_not_reveal_the_account(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.kz")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), signup_data(email="taken@example.kz"))

    # The same answer as for a new address; the owner is told by email instead.
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="taken@example.kz").count() == 1


def test_an_unverified_account_cannot_sign_in(client):
    UserFactory(email="fresh@example.kz", verified=False)

    response = client.post(
        reverse("account_login"), {"login": "fresh@example.kz", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_a_verified_account_signs_in_by_email_and_lands_on_its_profile(client, citizen):
    response = client.post(
        reverse("account_login"), {"login": citizen.email.upper(), "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("profile")
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(client, citizen):
    for _ in range(5):
        wrong = client.post(
            reverse("account_login"), {"login": citizen.email, "password": "wrong-password"}
        )
        assert wrong.status_code == 200
        assert wrong.context["form"].non_field_errors()

    response = client.post(reverse("account_login"), {"login": citizen.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "Too many failed login attempts" in str(response.context["form"].non_field_errors())
    assert "_auth_user_id" not in client.session


def test_password_reset_answers_the_same_for_known_and_unknown_emails(
    client, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_reset_password"), {"email": citizen.email})
        unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.kz"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("account_reset_password_done")
    reset_emails = [message for message in mail.outbox if message.to == [citizen.email]]
    assert len(reset_emails) == 1


def test_sign_out_ends_the_session(client, citizen):
    client.force_login(citizen)

    client.post(reverse("account_logout"))

    assert "_auth_user_id" not in client.session


def test_a_changed_email_takes_effect_only_once_the_new_address_is_verified(
    client, citizen, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    old_email = citizen.email

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "new.address@example.kz"}
        )

    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new.address@example.kz"]
    citizen.refresh_from_db()
    assert citizen.email == old_email
    link = next(word for word in mail.outbox[-1].body.split() if "/confirm-email/" in word)
    client.post(link.split("testserver", 1)[1])
    citizen.refresh_from_db()
    assert citizen.email == "new.address@example.kz"
    assert list(EmailAddress.objects.filter(user=citizen).values_list("email", flat=True)) == [
        "new.address@example.kz"
    ]


def test_sign_up_is_rate_limited_per_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/h/ip"}
    statuses = [
        client.post(
            reverse("account_signup"), signup_data(email=f"person{n}@example.kz")
        ).status_code
        for n in range(4)
    ]

    assert statuses == [302, 302, 302, 429]
    assert User.objects.count() == 3
