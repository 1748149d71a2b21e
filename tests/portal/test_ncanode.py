"""The NCANode client (GOST signatures) against a stand-in speaking NCANode 3.x's documented
HTTP API: real HTTP on loopback, the request and answer shaped as its openapi.yml documents
POST /cms/verify. No real NCANode is run here (see README, "Signing with EDS")."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portal import eds
from tests.eds_pki import PERSON_IIN, as_gost, sign_cms

pytestmark = pytest.mark.django_db


def certificate_info(**changes):
    """One CertificateInfo as NCANode documents it."""
    info = {
        "valid": True,
        "revocations": [{"revoked": False, "by": "OCSP", "revocationTime": None, "reason": None}],
        "notBefore": "2026-01-02T08:38:13.000+00:00",
        "notAfter": "2099-01-02T08:38:13.000+00:00",
        "keyUsage": "SIGN",
        "serialNumber": "60ba4568ae98fa522a13fa711c6cb60c69bee2c4",
        "signAlg": "ECGOST34310",
        "keyUser": ["INDIVIDUAL"],
        "publicKey": "AQEGCiqDDgMKAQMBAQADQwAEQNCA6hr4brWULD+tUvKCEqttjkgn",
        "signature": "wRgLVl6m2wBifamg/e2ZHAVfI1X9h0109c6/r2m8gJrVO9Zs",
        "subject": {
            "commonName": "ТЕСТОВ ТЕСТ",
            "lastName": "ТЕСТОВИЧ",
            "surName": "ТЕСТОВ",
            "gender": "MALE",
            "iin": PERSON_IIN,
            "country": "KZ",
            "dn": f"CN=ТЕСТОВ ТЕСТ, SURNAME=ТЕСТОВ, SERIALNUMBER=IIN{PERSON_IIN}, C=KZ",
        },  # fmt: skip
        "issuer": {"commonName": "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022", "country": "KZ"},
    }
    info.update(changes)
    return info


def verification(all_valid=True, **changes):
    """A CmsVerificationResponse: status, message, valid, and signers (CmsSignerInfo)."""
    return {"status": 200, "message": "OK", "valid": all_valid,
            "signers": [{"signers": [certificate_info(**changes)], "tsp": None}]}  # fmt: skip


class StandIn(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, self.headers["Content-Type"], json.loads(body)))
        status, answer = self.server.answer
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def ncanode(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    server.received, server.answer = [], (200, verification())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.NCANODE_URL = f"http://127.0.0.1:{server.server_address[1]}/"
    settings.EDS_GOST_VERIFIER = "portal.ncanode.NCANodeVerifier"
    settings.EDS_REVOCATION = "ocsp"
    yield server
    server.shutdown()
    server.server_close()


def gost_signature(pki):
    data = eds.challenge_text("9" * 64)
    return as_gost(sign_cms(data, pki.person)), data


def refusal(cms, data):
    with pytest.raises(eds.EDSRefused) as caught:
        eds.verify_signature(cms, data)
    return caught.value.code


def test_a_gost_signature_goes_to_ncanode_as_documented(ncanode, eds_pki):
    cms, data = gost_signature(eds_pki)

    person = eds.verify_signature(cms, data)

    assert (person.iin, person.surname, person.given_names) == (PERSON_IIN, "ТЕСТОВ", "ТЕСТ")
    assert person.certificate_serial == "60ba4568ae98fa522a13fa711c6cb60c69bee2c4"
    [(path, content_type, request)] = ncanode.received
    assert (path, content_type) == ("/cms/verify", "application/json")
    assert request == {
        "cms": cms, "data": base64.b64encode(data).decode(), "revocationCheck": ["OCSP"],
    }  # fmt: skip


def test_revocation_by_crl_is_asked_for_by_setting(ncanode, eds_pki, settings):
    settings.EDS_REVOCATION = "crl"

    eds.verify_signature(*gost_signature(eds_pki))

    assert ncanode.received[0][2]["revocationCheck"] == ["CRL"]


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (verification(False, valid=False, revocations=[{"revoked": True, "by": "OCSP"}]),
         "revoked"),
        (verification(False, valid=False, notAfter="2020-01-01T00:00:00.000+00:00"),
         "expired_certificate"),
        (verification(False, valid=False), "untrusted"),
        (verification(False), "bad_signature"),
        (verification(keyUsage="AUTH"), "key_usage"),
        (verification(keyUser=["ORGANIZATION", "CEO"]), "legal_entity"),
        (verification(subject={"commonName": "ТОО ТЕСТ", "bin": "050340000128",
                               "iin": PERSON_IIN}), "legal_entity"),
        (verification(subject={"commonName": "ТЕСТОВ ТЕСТ"}), "no_iin"),
        ({"status": 200, "message": "OK", "valid": True, "signers": []}, "malformed"),
    ],
)  # fmt: skip
def test_what_ncanode_finds_wrong_is_refused_with_its_reason(ncanode, eds_pki, answer, code):
    ncanode.answer = (200, answer)

    assert refusal(*gost_signature(eds_pki)) == code


def test_an_ncanode_error_or_silence_is_said_plainly(ncanode, eds_pki, settings):
    ncanode.answer = (500, {"status": 500, "message": "Internal error"})
    assert refusal(*gost_signature(eds_pki)) == "verifier_unreachable"

    ncanode.answer = (400, {"status": 400, "message": "Invalid CMS"})
    assert refusal(*gost_signature(eds_pki)) == "malformed"

    settings.NCANODE_URL = "http://127.0.0.1:9/"  # nothing listens there
    assert refusal(*gost_signature(eds_pki)) == "verifier_unreachable"
