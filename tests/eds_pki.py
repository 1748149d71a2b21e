"""A test PKI made by the suite: an NCA-like root and intermediate, people's and a legal
entity's certificates (good, expired, revoked, from an untrusted root), the CRL and an OCSP
responder served over real HTTP on loopback, and CMS signatures made as NCALayer makes them."""

import base64
import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import algos, cms
from asn1crypto import x509 as asn1_x509
from asn1crypto.core import UTCTime
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from portal.validators import make_bin, make_iin

PERSON_IIN = make_iin(date(1990, 5, 17), "male", serial=4242)
OTHER_IIN = make_iin(date(1985, 2, 3), "female", serial=77)
COMPANY_BIN = make_bin(2005, 3, serial=123)
NCA_PERSON = x509.ObjectIdentifier("1.2.398.3.3.4.1.1")
NCA_LEGAL_ENTITY = x509.ObjectIdentifier("1.2.398.3.3.4.1.2")


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(**parts):
    oids = {"cn": NameOID.COMMON_NAME, "sn": NameOID.SURNAME, "g": NameOID.GIVEN_NAME,
            "serial": NameOID.SERIAL_NUMBER, "c": NameOID.COUNTRY_NAME,
            "ou": NameOID.ORGANIZATIONAL_UNIT_NAME, "o": NameOID.ORGANIZATION_NAME}  # fmt: skip
    return x509.Name([x509.NameAttribute(oids[key], value) for key, value in parts.items()])


@dataclass
class Issued:
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def der(self):
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self):
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _issue(subject, key, issuer, *, ca=False, days=(-30, 365), usage=None, eku=(), urls=None):
    now = datetime.now(UTC)
    issuer_cert, issuer_key = (issuer.certificate, issuer.key) if issuer else (None, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_cert.subject if issuer_cert else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + timedelta(days=days[0]))
        .not_valid_after(now + timedelta(days=days[1]))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer_cert is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    flags = dict.fromkeys(("digital_signature", "content_commitment", "key_encipherment",
                           "data_encipherment", "key_agreement", "key_cert_sign", "crl_sign",
                           "encipher_only", "decipher_only"), False)  # fmt: skip
    if ca:
        flags.update(key_cert_sign=True, crl_sign=True, digital_signature=True)
    else:
        for name in usage or ("digital_signature", "content_commitment"):
            flags[name] = True
    builder = builder.add_extension(x509.KeyUsage(**flags), critical=True)
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(eku)), critical=False)
    if urls:
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(urls["crl"])], relative_name=None,
            reasons=None, crl_issuer=None)]), critical=False)  # fmt: skip
        builder = builder.add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
            x509.oid.AuthorityInformationAccessOID.OCSP,
            x509.UniformResourceIdentifier(urls["ocsp"]))]), critical=False)  # fmt: skip
    return Issued(builder.sign(issuer_key, hashes.SHA256()), key)


@dataclass
class TestPKI:
    """Everything a test needs: the trust store folder and each kind of certificate."""

    root: Issued
    intermediate: Issued
    person: Issued
    other_person: Issued
    legal_entity: Issued
    expired: Issued
    revoked: Issued
    untrusted: Issued
    untrusted_root: Issued
    encryption_only: Issued
    unreachable: Issued
    trust_store: str
    base_url: str
    revoked_serials: set = field(default_factory=set)
    requests: list = field(default_factory=list)


def person_subject(iin, surname="ТЕСТОВ", given="ТЕСТ", **extra):
    return _name(cn=f"{surname} {given}", sn=surname, serial=f"IIN{iin}", c="KZ", g=given,
                 **extra)  # fmt: skip


def make_pki(folder, base_url, dead_url):
    """Issue the test PKI; its revocation data is served from `base_url` (see serve_pki)."""
    root = _issue(_name(cn="ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST ROOT)", c="KZ"), _key(), None,
                  ca=True, days=(-365, 3650))  # fmt: skip
    intermediate = _issue(_name(cn="ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST RSA)", c="KZ"), _key(),
                          root, ca=True, days=(-365, 3000))  # fmt: skip
    urls = {"crl": f"{base_url}/nca_rsa.crl", "ocsp": f"{base_url}/ocsp/"}
    eku_person = (ExtendedKeyUsageOID.EMAIL_PROTECTION, NCA_PERSON)
    person = _issue(person_subject(PERSON_IIN), _key(), intermediate, eku=eku_person, urls=urls)
    other = _issue(person_subject(OTHER_IIN, "АЙТОВА", "ӘСЕЛ"), _key(), intermediate,
                   eku=eku_person, urls=urls)  # fmt: skip
    legal = _issue(person_subject(PERSON_IIN, ou=f"BIN{COMPANY_BIN}", o="ТОО «ТЕСТ»"), _key(),
                   intermediate, eku=(ExtendedKeyUsageOID.EMAIL_PROTECTION, NCA_LEGAL_ENTITY),
                   urls=urls)  # fmt: skip
    expired = _issue(person_subject(PERSON_IIN), _key(), intermediate, days=(-400, -35),
                     eku=eku_person, urls=urls)  # fmt: skip
    revoked = _issue(person_subject(PERSON_IIN), _key(), intermediate, eku=eku_person, urls=urls)
    untrusted_root = _issue(_name(cn="SOMEONE ELSE'S ROOT", c="KZ"), _key(), None, ca=True)
    untrusted = _issue(person_subject(PERSON_IIN), _key(), untrusted_root, eku=eku_person)
    encryption_only = _issue(person_subject(PERSON_IIN), _key(), intermediate,
                             usage=("key_encipherment",), urls=urls)  # fmt: skip
    dead = {"crl": f"{dead_url}/nca_rsa.crl", "ocsp": f"{dead_url}/ocsp/"}
    unreachable = _issue(person_subject(PERSON_IIN), _key(), intermediate, eku=eku_person,
                         urls=dead)  # fmt: skip
    (folder / "root.cer").write_bytes(root.der)
    (folder / "intermediate.pem").write_bytes(intermediate.pem)
    (folder / "README.txt").write_text("not a certificate")
    return TestPKI(
        root=root, intermediate=intermediate, person=person, other_person=other,
        legal_entity=legal, expired=expired, revoked=revoked, untrusted=untrusted,
        untrusted_root=untrusted_root, encryption_only=encryption_only, unreachable=unreachable,
        trust_store=str(folder), base_url=base_url,
        revoked_serials={revoked.certificate.serial_number},
    )  # fmt: skip


def make_crl(pki):
    now = datetime.now(UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(pki.intermediate.certificate.subject)
        .last_update(now - timedelta(minutes=5))
        .next_update(now + timedelta(days=1))
    )
    for serial in pki.revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial)
            .revocation_date(now - timedelta(days=1)).build()
        )  # fmt: skip
    return builder.sign(pki.intermediate.key, hashes.SHA256()).public_bytes(
        serialization.Encoding.DER
    )


def make_ocsp_response(pki, request_der):
    request = ocsp.load_der_ocsp_request(request_der)
    issued = next(item for item in (pki.person, pki.other_person, pki.legal_entity, pki.expired,
                                    pki.revoked, pki.encryption_only)
                  if item.certificate.serial_number == request.serial_number)  # fmt: skip
    now = datetime.now(UTC)
    revoked = request.serial_number in pki.revoked_serials
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=issued.certificate, issuer=pki.intermediate.certificate,
        algorithm=request.hash_algorithm,
        cert_status=ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD,
        this_update=now - timedelta(minutes=1), next_update=now + timedelta(hours=1),
        revocation_time=now - timedelta(days=1) if revoked else None,
        revocation_reason=None,
    ).responder_id(ocsp.OCSPResponderEncoding.HASH, pki.intermediate.certificate)  # fmt: skip
    return builder.sign(pki.intermediate.key, hashes.SHA256()).public_bytes(
        serialization.Encoding.DER
    )


class _Handler(BaseHTTPRequestHandler):
    pki = None

    def log_message(self, *args):
        pass

    def _answer(self, body, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        self.server.pki.requests.append(("GET", self.path))
        if self.path.endswith(".crl"):
            return self._answer(make_crl(self.server.pki), "application/pkix-crl")
        self.send_error(404)

    def do_POST(self):  # noqa: N802
        self.server.pki.requests.append(("POST", self.path))
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        return self._answer(make_ocsp_response(self.server.pki, body),
                            "application/ocsp-response")  # fmt: skip


def serve_pki(folder):
    """The PKI and its CRL/OCSP server on loopback; stop the server with .shutdown()."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    closed = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    dead_url = f"http://127.0.0.1:{closed.server_address[1]}"
    closed.server_close()  # nothing answers there
    server.pki = make_pki(folder, f"http://127.0.0.1:{server.server_address[1]}", dead_url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# CMS signatures, as NCALayer's basics module makes them (detached, signed attributes)


def sign_cms(data, issued, *, chain=(), detached=True, signed_attributes=True):
    """A CMS SignedData over `data` by `issued`'s key, base64 (what NCALayer returns)."""
    certificate = asn1_x509.Certificate.load(issued.der)
    attributes = None
    to_sign = data
    if signed_attributes:
        attributes = cms.CMSAttributes([
            cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
            cms.CMSAttribute({"type": "signing_time",
                              "values": [cms.Time({"utc_time": UTCTime(datetime.now(UTC))})]}),
            cms.CMSAttribute({"type": "message_digest",
                              "values": [hashlib.sha256(data).digest()]}),
        ])  # fmt: skip
        to_sign = attributes.dump()
    signature = issued.key.sign(to_sign, padding.PKCS1v15(), hashes.SHA256())
    signer_info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
            "issuer": certificate.issuer, "serial_number": certificate.serial_number})}),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
        "signed_attrs": attributes,
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "rsassa_pkcs1v15"}),
        "signature": signature,
    })  # fmt: skip
    certificates = [certificate, *(asn1_x509.Certificate.load(item.der) for item in chain)]
    signed = cms.SignedData({
        "version": "v1",
        "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
        "encap_content_info": {"content_type": "data", "content": None if detached else data},
        "certificates": certificates,
        "signer_infos": [signer_info],
    })  # fmt: skip
    info = cms.ContentInfo({"content_type": "signed_data", "content": signed})
    return base64.b64encode(info.dump()).decode()


def as_gost(cms_base64):
    """The same CMS with its signature algorithm named GOST 34.10-2015 (NCA's OID): what an
    in-process verifier cannot check and hands to NCANode."""
    der = base64.b64decode(cms_base64)
    rsa_oid = bytes.fromhex("06092a864886f70d010101")
    gost_oid = bytes.fromhex("06092a830e030a01010202")
    position = der.rfind(rsa_oid)
    return base64.b64encode(der[:position] + gost_oid + der[position + len(rsa_oid) :]).decode()
