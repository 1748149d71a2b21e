"""Proving an IIN with a digital signature (EDS): the challenge, the CMS, the certificate.

Every check runs for real against the suite's own PKI (tests/eds_pki.py): the CRL and OCSP
answers come over HTTP from a server on loopback.
"""

import base64
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portal import eds
from portal.models import EDSChallenge
from tests.eds_pki import OTHER_IIN, PERSON_IIN, as_gost, sign_cms
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pki(eds_provider):
    return eds_provider


def challenge(user, session="session-1"):
    nonce = eds.issue_challenge(user=user, session_key=session)
    return nonce, eds.challenge_text(nonce)


def refusal(callable_, *args, **kwargs):
    with pytest.raises(eds.EDSRefused) as caught:
        callable_(*args, **kwargs)
    return caught.value.code


# The challenge


def test_a_challenge_is_random_and_used_once(pki):
    user = UserFactory()
    nonce, data = challenge(user)
    assert challenge(user)[0] != nonce
    assert len(nonce) == 64

    assert eds.consume_challenge(user=user, session_key="session-1", nonce=nonce) == data
    assert refusal(eds.consume_challenge, user=user, session_key="session-1",
                   nonce=nonce) == "replayed"  # fmt: skip


def test_a_challenge_belongs_to_its_session_and_its_person(pki):
    user = UserFactory()
    nonce, _data = challenge(user)

    assert refusal(eds.consume_challenge, user=user, session_key="another",
                   nonce=nonce) == "unknown_challenge"  # fmt: skip
    assert refusal(eds.consume_challenge, user=UserFactory(), session_key="session-1",
                   nonce=nonce) == "unknown_challenge"  # fmt: skip
    for hostile in ("", "\x00" * 64, nonce.upper(), nonce + "0"):
        assert refusal(eds.consume_challenge, user=user, session_key="session-1",
                       nonce=hostile) == "unknown_challenge"  # fmt: skip
    # No attempt used it up.
    assert eds.consume_challenge(user=user, session_key="session-1", nonce=nonce)


def test_a_challenge_expires_within_minutes(pki, settings):
    user = UserFactory()
    nonce, _data = challenge(user)
    later = timezone.now() + timedelta(seconds=settings.EDS_CHALLENGE_SECONDS + 1)

    with time_machine.travel(later):
        assert refusal(eds.consume_challenge, user=user, session_key="session-1",
                       nonce=nonce) == "expired"  # fmt: skip
        challenge(user)  # a new one clears the expired ones
    assert not EDSChallenge.objects.filter(nonce=nonce).exists()


# The signature and the certificate


def test_a_persons_signature_over_the_challenge_proves_the_iin_and_names(pki):
    data = eds.challenge_text("a" * 64)

    person = eds.verify_signature(sign_cms(data, pki.person, chain=[pki.intermediate]), data)

    assert person.iin == PERSON_IIN
    assert (person.surname, person.given_names) == ("ТЕСТОВ", "ТЕСТ")
    assert person.certificate_serial == format(pki.person.certificate.serial_number, "x")
    assert ("GET", "/nca_rsa.crl") in pki.requests


def test_an_attached_signature_and_the_trust_stores_intermediate_are_accepted(pki):
    data = eds.challenge_text("b" * 64)

    cms = sign_cms(data, pki.person, detached=False)  # the chain only in the trust store

    assert eds.verify_signature(cms, data).iin == PERSON_IIN


def test_revocation_by_ocsp(pki, settings):
    settings.EDS_REVOCATION = "ocsp"
    data = eds.challenge_text("c" * 64)

    assert eds.verify_signature(sign_cms(data, pki.person), data).iin == PERSON_IIN
    assert ("POST", "/ocsp/") in pki.requests
    assert refusal(eds.verify_signature, sign_cms(data, pki.revoked), data) == "revoked"


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("legal_entity", "legal_entity"),
        ("expired", "expired_certificate"),
        ("revoked", "revoked"),
        ("untrusted", "untrusted"),
        ("encryption_only", "key_usage"),
        ("unreachable", "revocation_unknown"),
    ],
)
def test_each_bad_certificate_is_refused_with_its_own_reason(pki, kind, code):
    data = eds.challenge_text("d" * 64)
    issued = getattr(pki, kind)
    chain = [pki.untrusted_root] if kind == "untrusted" else [pki.intermediate]

    assert refusal(eds.verify_signature, sign_cms(data, issued, chain=chain), data) == code
    assert str(eds.MESSAGES[code]) if hasattr(pki, "MESSAGES") else True


def test_each_refusal_has_its_own_message():
    assert len({str(message) for message in eds.MESSAGES.values()}) == len(eds.MESSAGES)


def test_an_unreachable_responder_may_be_accepted_by_setting(pki, settings):
    settings.EDS_REVOCATION_UNREACHABLE = "accept"
    data = eds.challenge_text("e" * 64)

    assert eds.verify_signature(sign_cms(data, pki.unreachable), data).iin == PERSON_IIN
    # A revoked certificate is still refused: its CRL answers.
    assert refusal(eds.verify_signature, sign_cms(data, pki.revoked), data) == "revoked"


def test_a_signature_over_another_challenge_is_refused(pki):
    data = eds.challenge_text("f" * 64)
    other = eds.challenge_text("0" * 64)

    assert refusal(eds.verify_signature, sign_cms(other, pki.person), data) == "other_challenge"
    assert refusal(eds.verify_signature, sign_cms(other, pki.person, detached=False),
                   data) == "other_challenge"  # fmt: skip


def test_a_tampered_signature_is_refused(pki):
    data = eds.challenge_text("1" * 64)
    der = bytearray(base64.b64decode(sign_cms(data, pki.person)))
    der[-5] ^= 0x01  # inside the signature value, the last field

    assert refusal(eds.verify_signature, base64.b64encode(der).decode(), data) == "bad_signature"


@pytest.mark.parametrize("cms", ["", "not base64!", base64.b64encode(b"\x30\x03abc").decode()])
def test_what_is_not_a_cms_signature_is_refused(pki, cms):
    assert refusal(eds.verify_signature, cms, b"data") == "malformed"


def test_without_a_trust_store_nothing_is_proven(pki, settings):
    settings.EDS_TRUST_STORE_DIR = ""
    data = eds.challenge_text("2" * 64)

    assert refusal(eds.verify_signature, sign_cms(data, pki.person), data) == "not_configured"


def test_a_gost_signature_without_ncanode_is_refused_plainly(pki, settings):
    settings.NCANODE_URL = ""
    data = eds.challenge_text("3" * 64)

    assert refusal(eds.verify_signature, as_gost(sign_cms(data, pki.person)), data) == (
        "gost_unavailable"
    )


def test_other_iin_certificate_is_another_person(pki):
    data = eds.challenge_text("4" * 64)

    assert eds.verify_signature(sign_cms(data, pki.other_person), data).iin == OTHER_IIN


def test_a_signature_without_signed_attributes_covers_the_challenge_itself(pki):
    data = eds.challenge_text("5" * 64)

    assert eds.verify_signature(sign_cms(data, pki.person, signed_attributes=False), data).iin
    other = sign_cms(eds.challenge_text("6" * 64), pki.person, signed_attributes=False)
    assert refusal(eds.verify_signature, other, data) == "bad_signature"
