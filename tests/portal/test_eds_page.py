"""The EDS page: a person proves their IIN in NCALayer, and only proven accounts sign.

The signatures are made with the suite's test PKI (tests/eds_pki.py); the page is posted as
its script posts it (the browser test drives the script itself).
"""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from petitions import services
from petitions.models import PetitionEvent, Signature
from portal.identity import get_identity_provider
from portal.models import EDSChallenge, User
from tests.eds_pki import PERSON_IIN, sign_cms
from tests.factories import UserFactory, make_petition

pytestmark = pytest.mark.django_db
URL = reverse("prove_identity")


def page_challenge(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.context["nonce"], response.context["challenge"]


def prove(client, pki, issued=None, *, nonce=None, data=None):
    from portal.eds import challenge_text

    if nonce is None:
        nonce, _challenge = page_challenge(client)
    cms = sign_cms(data or challenge_text(nonce), issued or pki.person)
    return client.post(URL, {"nonce": nonce, "cms": cms})


def test_the_page_is_there_only_with_the_eds_provider(english_client, citizen):
    english_client.force_login(citizen)

    assert english_client.get(URL).status_code == 404


def test_a_visitor_is_sent_to_sign_in_and_an_unverified_account_is_refused(
    english_client, eds_provider
):
    assert english_client.get(URL).status_code == 302
    english_client.force_login(UserFactory(verified=False))
    assert english_client.get(URL).status_code == 403


def test_the_page_lets_the_script_reach_ncalayer_and_is_not_cached(
    english_client, citizen, eds_provider, settings
):
    settings.EDS_NCALAYER_URL = "wss://127.0.0.1:13579"
    english_client.force_login(citizen)
    response = english_client.get(URL)

    policy = response["Content-Security-Policy"]
    assert re.search(r"connect-src [^;]*wss://127\.0\.0\.1:13579", policy)
    assert response["Cache-Control"] == "no-store"
    assert 'src="/static/vendor/ncalayer-js-client/ncalayer-client.js"' in response.text


def test_a_proof_marks_the_account_proven_and_lets_the_person_sign(
    english_client, eds_provider, settings
):
    settings.PETITION_INITIAL_SUPPORT = 3
    person = UserFactory(first_name="x", last_name="y")
    petition = make_petition("open")
    english_client.force_login(person)
    refused = english_client.post(reverse("petition_sign", args=[petition.pk]), follow=True)
    assert "Prove your IIN with your digital signature (EDS)" in refused.text
    assert not Signature.objects.filter(petition=petition, user=person).exists()

    response = prove(english_client, eds_provider)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.iin_proven and person.has_iin
    assert person.iin_certificate_serial == format(
        eds_provider.person.certificate.serial_number, "x"
    )
    assert (person.last_name, person.first_name) == ("Тестов", "Тест")
    profile = english_client.get(reverse("profile"))
    assert "Your IIN is proven with your digital signature (EDS) since" in profile.text
    english_client.post(reverse("petition_sign", args=[petition.pk]))
    assert Signature.objects.filter(petition=petition, user=person).exists()


def test_a_declared_iin_alone_does_not_let_anyone_sign(eds_provider):
    petition = make_petition("open")
    declared = UserFactory(iin=PERSON_IIN)

    with pytest.raises(services.PetitionError, match="Prove your IIN"):
        services.sign_petition(petition=petition, user=declared)


def test_a_replayed_challenge_is_refused_on_the_page(english_client, citizen, eds_provider):
    english_client.force_login(citizen)
    nonce, _challenge = page_challenge(english_client)
    assert prove(english_client, eds_provider, nonce=nonce).status_code == 302

    again = prove(english_client, eds_provider, nonce=nonce)

    assert again.status_code == 400
    assert "This signing request was already used" in again.text


def test_challenges_and_attempts_are_limited_and_a_refused_one_stores_nothing(
    english_client, citizen, eds_provider, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "prove_identity": "3/m/user"}
    english_client.force_login(citizen)
    nonce, _challenge = page_challenge(english_client)
    page_challenge(english_client)
    page_challenge(english_client)
    assert EDSChallenge.objects.filter(user=citizen).count() == 3

    refused = [english_client.get(URL), prove(english_client, eds_provider, nonce=nonce)]

    assert [response.status_code for response in refused] == [429, 429]
    assert "Too many attempts in a short time. Wait a minute, then try again." in refused[1].text
    assert EDSChallenge.objects.filter(user=citizen).count() == 3
    assert not EDSChallenge.objects.filter(used_at__isnull=False).exists()
    citizen.refresh_from_db()
    assert citizen.iin_proven_at is None


def test_the_limit_counts_every_account_from_one_address(client, eds_provider, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "prove_identity": "2/m/ip"}
    people = [UserFactory(preferred_language="ru") for _ in range(3)]
    answers = []
    for person in people:
        client.force_login(person)
        answers.append(client.get(URL, HTTP_ACCEPT_LANGUAGE="ru"))

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert "Слишком много попыток" in answers[2].text


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("legal_entity", "certificate (it carries a BIN): sign with your personal certificate"),
        ("revoked", "The certificate was revoked"),
        ("expired", "The certificate was not valid at the time of signing"),
        ("untrusted", "not issued by a certification authority this portal trusts"),
    ],
)
def test_a_bad_certificate_proves_nothing_and_says_why(
    english_client, citizen, eds_provider, kind, message
):
    english_client.force_login(citizen)

    response = prove(english_client, eds_provider, getattr(eds_provider, kind))

    assert response.status_code == 400
    assert message in response.text
    citizen.refresh_from_db()
    assert not citizen.iin_proven


def test_a_signature_over_another_challenge_is_refused_on_the_page(
    english_client, citizen, eds_provider
):
    english_client.force_login(citizen)
    first, _ = page_challenge(english_client)
    second, _ = page_challenge(english_client)
    from portal.eds import challenge_text

    response = prove(english_client, eds_provider, nonce=second, data=challenge_text(first))

    assert response.status_code == 400
    assert "The signature is over other data" in response.text


def signed_under_a_declared_iin(squatter, settings):
    """An open petition that `squatter` signed while the deployment trusted declared IINs."""
    settings.PETITION_INITIAL_SUPPORT = 3
    petition = make_petition("open")
    settings.IDENTITY_PROVIDER = "portal.identity.DeclaredIINProvider"
    get_identity_provider.cache_clear()
    squatted = services.sign_petition(petition=petition, user=squatter).signature
    settings.IDENTITY_PROVIDER = "portal.eds.EDSProvider"
    get_identity_provider.cache_clear()
    return petition, squatted


def test_the_proof_wins_over_a_declaration_and_both_people_are_told(
    english_client, eds_provider, petition_moderator, django_capture_on_commit_callbacks, settings
):
    squatter = UserFactory(iin=PERSON_IIN, preferred_language="ru", email="squatter@example.kz")
    petition, squatted = signed_under_a_declared_iin(squatter, settings)
    owner = UserFactory(preferred_language="kk", email="owner@example.kz")
    english_client.force_login(owner)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert prove(english_client, eds_provider).status_code == 302

    squatter.refresh_from_db()
    assert not squatter.has_iin
    owner.refresh_from_db()
    assert owner.iin_proven
    squatted.refresh_from_db()
    assert squatted.review_reason == Signature.Review.PROVEN_ELSEWHERE
    assert squatted.status == Signature.Status.VALID  # counted until a moderator decides
    event = PetitionEvent.objects.get(petition=petition, action="signatures_to_review")
    assert (event.note, event.public) == ("1", False)
    sent = {message.to[0]: message for message in mail.outbox}
    assert "ЖСН" in sent["owner@example.kz"].subject or "ИИН" in sent["owner@example.kz"].subject
    assert "ИИН" in sent["squatter@example.kz"].subject
    assert "модератор" in sent["squatter@example.kz"].body

    # The moderators see it with why, and keep it counted (or invalidate it from there).
    english_client.force_login(petition_moderator)
    queue = english_client.get(reverse("signature_review_queue"))
    assert "another person proved this IIN by EDS" in queue.text
    assert f"signature_ids={squatted.pk}" in queue.text
    english_client.post(reverse("signature_review_queue"), {"signature": [squatted.pk]})
    squatted.refresh_from_db()
    assert squatted.review_reason == ""
    kept = PetitionEvent.objects.get(petition=petition, action="signatures_kept")
    assert (kept.actor, kept.note, kept.public) == (petition_moderator, "1", False)


def test_the_owner_signs_where_the_moderators_invalidated_a_declared_signature(
    english_client, eds_provider, petition_moderator, settings
):
    petition, squatted = signed_under_a_declared_iin(UserFactory(iin=PERSON_IIN), settings)
    owner = UserFactory()
    english_client.force_login(owner)
    assert prove(english_client, eds_provider).status_code == 302
    services.invalidate_signatures(
        petition=petition, moderator=petition_moderator, signature_ids=[squatted.pk],
        reason="Signed under another person's IIN.",
    )  # fmt: skip
    owner.refresh_from_db()

    response = english_client.post(reverse("petition_sign", args=[petition.pk]), follow=True)

    assert "Thank you: your signature is counted." in response.text
    signature = Signature.objects.get(pk=squatted.pk)
    assert (signature.user, signature.status, signature.invalidated_reason) == (owner, "valid", "")
    petition.refresh_from_db()
    assert (
        petition.signature_count
        == Signature.objects.filter(petition=petition, status="valid").count()
    )


def test_the_owner_hears_their_iin_is_counted_while_a_declared_signature_is_reviewed(
    english_client, eds_provider, settings
):
    petition, squatted = signed_under_a_declared_iin(UserFactory(iin=PERSON_IIN), settings)
    english_client.force_login(UserFactory())
    assert prove(english_client, eds_provider).status_code == 302

    response = english_client.post(reverse("petition_sign", args=[petition.pk]), follow=True)

    assert "A signature under your IIN is already counted on this petition" in response.text
    assert "You have already signed" not in response.text
    squatted.refresh_from_db()
    assert (squatted.status, squatted.review_reason) == ("valid", "proven_elsewhere")
    petition.refresh_from_db()
    assert Signature.objects.filter(petition=petition).count() == petition.signature_count


def test_an_iin_proven_on_another_account_is_refused(english_client, eds_provider):
    first, second = UserFactory(), UserFactory()
    english_client.force_login(first)
    assert prove(english_client, eds_provider).status_code == 302
    english_client.force_login(second)

    response = prove(english_client, eds_provider)

    assert response.status_code == 400
    assert "already proven with a digital signature on another account" in response.text
    assert User.objects.filter(iin_proven_at__isnull=False).count() == 1


def test_a_proven_account_cannot_prove_another_iin(english_client, citizen, eds_provider):
    english_client.force_login(citizen)
    assert prove(english_client, eds_provider).status_code == 302

    response = prove(english_client, eds_provider, eds_provider.other_person)

    assert "differs from the IIN proven on your account" in response.text


def test_the_review_queue_is_for_moderators_in_a_fixed_number_of_queries(
    english_client, citizen, petition_moderator, django_assert_num_queries
):
    client = english_client
    client.force_login(citizen)
    assert client.get(reverse("signature_review_queue")).status_code == 403
    for _number in range(3):
        signer = UserFactory(iin=True)
        signature = services.sign_petition(petition=make_petition("open"), user=signer).signature
        Signature.objects.filter(pk=signature.pk).update(review_reason="proven_elsewhere")
    client.force_login(petition_moderator)

    # The session, the user with their roles (the permission), the count and the page of
    # signatures, the header's menu of work.
    with django_assert_num_queries(5):
        response = client.get(reverse("signature_review_queue"))
    assert response.text.count("Invalidate signature") == 3


def test_the_vendored_client_is_the_recorded_release():
    folder = Path(django_settings.BASE_DIR) / "static" / "vendor" / "ncalayer-js-client"
    digest = hashlib.sha256((folder / "ncalayer-client.js").read_bytes()).hexdigest()

    assert digest in (folder / "README.md").read_text()
    assert (folder / "LICENSE").exists()
