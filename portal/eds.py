"""Identity proven with a digital signature (EDS) made in NCALayer (design §4.3).

The server gives a one-time challenge, the person signs it with their key in NCALayer, and
the CMS signature comes back. An RSA or ECDSA signature is verified here: the CMS structure
with asn1crypto, the signature with cryptography (through pyhanko-certvalidator's signature
validator), the certificate path, validity, key usage and revocation with
pyhanko-certvalidator against the trust store folder. A GOST signature goes to the verifier
named by EDS_GOST_VERIFIER (an NCANode server by default, portal/ncanode.py). Either way the
person is read from the certificate's subject: the IIN from SERIALNUMBER, the names, and a
BIN, which makes it a legal entity's certificate.
"""

import asyncio
import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from asn1crypto import cms, pem, x509
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from portal.errors import Refused
from portal.identity import PROVEN, DeclaredIINProvider, IdentityCheck
from portal.validators import parse_iin

# Each refusal has its own code and message: the person learns what to do about it.
MESSAGES = {
    "not_configured": _("Signing with EDS is not set up on this server yet."),
    "unknown_challenge": _(
        "This signing request is not known for your session: reload the page and sign again."
    ),
    "replayed": _("This signing request was already used: sign the new one on this page."),
    "expired": _("This signing request expired: sign the new one on this page."),
    "malformed": _("This is not a CMS signature made by NCALayer: sign again."),
    "other_challenge": _("The signature is over other data, not over this page's signing request."),
    "bad_signature": _("The signature does not verify: it was altered after signing."),
    "untrusted": _(
        "The certificate was not issued by a certification authority this portal trusts "
        "(the National Certification Authority of Kazakhstan)."
    ),
    "expired_certificate": _("The certificate was not valid at the time of signing (expired)."),
    "revoked": _("The certificate was revoked by its certification authority."),
    "revocation_unknown": _(
        "Whether the certificate is revoked could not be checked just now: try again later."
    ),
    "key_usage": _("This certificate may not be used to sign (its key usage does not allow it)."),
    "legal_entity": _(
        "This is a legal entity's certificate (it carries a BIN): sign with your personal "
        "certificate."
    ),
    "no_iin": _("The certificate carries no valid IIN."),
    "gost_unavailable": _(
        "Certificates with GOST keys are checked by a verification server that is not "
        "configured here."
    ),
    "verifier_unreachable": _("The signature verification server did not answer: try again later."),
    "wrong_iin": _("The certificate's IIN differs from the IIN proven on your account."),
}

# NCA marks a legal entity's certificate with this policy in its extended key usage
# (1.2.398.3.3.4.1.1 is a person's).
NCA_LEGAL_ENTITY_OID = "1.2.398.3.3.4.1.2"
# Signature algorithms verified in this process; any other (GOST) goes to EDS_GOST_VERIFIER.
IN_PROCESS_ALGORITHMS = {"rsassa_pkcs1v15", "rsassa_pss", "ecdsa"}
ALLOWED_KEY_USAGES = ({"digital_signature"}, {"non_repudiation"})


class EDSRefused(Refused):
    """A signature that does not prove who signed; the message says why."""

    def __init__(self, code):
        super().__init__(MESSAGES[code], code=code)


@dataclass(frozen=True)
class Subject:
    """What a verifier read from the signer's certificate."""

    serial_number: str  # the subject's SERIALNUMBER, e.g. "IIN900517300123"
    surname: str = ""
    given_names: str = ""
    common_name: str = ""
    bin: str = ""  # from OU=BIN..., or the verifier's own field
    legal_entity: bool = False
    certificate_serial: str = ""  # the certificate's serial number, hex


@dataclass(frozen=True)
class ProvenPerson:
    """A person proven by a signature: the IIN and names, and the certificate's serial."""

    iin: str
    surname: str
    given_names: str
    certificate_serial: str


def person_from(subject):
    """The person the subject names, or EDSRefused for a legal entity or a missing IIN."""
    if subject.legal_entity or subject.bin:
        raise EDSRefused("legal_entity")
    serial = subject.serial_number.strip().upper()
    if not serial.startswith("IIN"):
        raise EDSRefused("no_iin")
    try:
        iin = parse_iin(serial.removeprefix("IIN")).number
    except ValidationError:
        raise EDSRefused("no_iin") from None
    surname = subject.surname
    given = subject.given_names
    if not (surname and given) and subject.common_name:
        # NCA's CN is "SURNAME GIVEN-NAME".
        parts = subject.common_name.split(maxsplit=1)
        surname = surname or parts[0]
        given = given or (parts[1] if len(parts) > 1 else "")
    return ProvenPerson(iin=iin, surname=surname, given_names=given,
                        certificate_serial=subject.certificate_serial)  # fmt: skip


# Challenges


def challenge_text(nonce):
    """The exact bytes the person signs."""
    return f"Qogam: I confirm my identity. Request {nonce}".encode("ascii")


def _session_digest(session_key):
    return hashlib.sha256((session_key or "").encode()).hexdigest()


def issue_challenge(*, user, session_key):
    """A new challenge for this person in this session; old expired ones are cleared."""
    from portal.models import EDSChallenge

    now = timezone.now()
    EDSChallenge.objects.filter(user=user, expires_at__lt=now).delete()
    nonce = secrets.token_hex(32)
    EDSChallenge.objects.create(
        nonce=nonce, user=user, session_digest=_session_digest(session_key), created_at=now,
        expires_at=now + timedelta(seconds=settings.EDS_CHALLENGE_SECONDS),
    )  # fmt: skip
    return nonce


def consume_challenge(*, user, session_key, nonce):
    """Use the challenge once: its bytes, or EDSRefused (unknown, used or expired).

    One UPDATE marks it used, so two requests with the same challenge cannot both pass.
    """
    from portal.models import EDSChallenge

    nonce = str(nonce)
    if len(nonce) != 64 or not all(char in "0123456789abcdef" for char in nonce):
        raise EDSRefused("unknown_challenge")
    now = timezone.now()
    mine = EDSChallenge.objects.filter(
        nonce=nonce, user=user, session_digest=_session_digest(session_key)
    )
    if mine.filter(used_at__isnull=True, expires_at__gt=now).update(used_at=now) == 1:
        return challenge_text(nonce)
    row = mine.first()
    if row is None:
        raise EDSRefused("unknown_challenge")
    raise EDSRefused("replayed" if row.used_at is not None else "expired")


# Verifiers


class SignatureVerifier:
    """The interface of a verifier: the subject of the certificate that signed `data`."""

    def verify(self, cms_der, data, *, signed_info):
        """Verify the CMS signature over exactly `data`; return its Subject or EDSRefused."""
        raise NotImplementedError


def load_signed_data(cms_der):
    """The SignedData and its one SignerInfo, or EDSRefused("malformed")."""
    try:
        info = cms.ContentInfo.load(cms_der, strict=True)
        if info["content_type"].native != "signed_data":
            raise ValueError("not SignedData")
        signed = info["content"]
        signer_infos = signed["signer_infos"]
        if len(signer_infos) != 1:
            raise ValueError("one signer expected")
        signer_info = signer_infos[0]
        # Parse the parts used below now, so that a broken one is "malformed" here.
        signer_info["signature_algorithm"]["algorithm"].dotted  # noqa: B018
        signer_info["signed_attrs"].native  # noqa: B018
        signed["encap_content_info"].native  # noqa: B018
    except (ValueError, TypeError, KeyError):
        raise EDSRefused("malformed") from None
    return signed, signer_info


def _signer_certificate(signed, signer_info):
    sid = signer_info["sid"]
    for choice in signed["certificates"] or []:
        if choice.name != "certificate":
            continue
        certificate = choice.chosen
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (certificate.issuer == wanted["issuer"]
                    and certificate.serial_number == wanted["serial_number"].native):  # fmt: skip
                return certificate
        elif certificate.key_identifier == sid.chosen.native:
            return certificate
    raise EDSRefused("malformed")


def _signed_bytes(signed, signer_info, data):
    """What the signature covers, after checking that it is over exactly `data`."""
    content = signed["encap_content_info"]["content"]
    if content.native is not None and content.native != data:
        raise EDSRefused("other_challenge")
    attributes = signer_info["signed_attrs"]
    if not attributes:
        return data
    digest_name = signer_info["digest_algorithm"]["algorithm"].native
    values = {attribute["type"].native: attribute["values"].native for attribute in attributes}
    if values.get("content_type") != ["data"] or len(values.get("message_digest") or []) != 1:
        raise EDSRefused("malformed")
    if not hmac.compare_digest(
        values["message_digest"][0], hashlib.new(digest_name, data).digest()
    ):
        raise EDSRefused("other_challenge")
    # The signature covers the attributes as a SET OF, not under their [0] tag (RFC 5652 §5.4).
    return attributes.untag().dump()


def subject_of(certificate, certificate_serial=None):
    """The Subject of an asn1crypto certificate (a verifier's common step)."""
    names = certificate.subject.native
    ou = names.get("organizational_unit_name") or ""
    units = ou if isinstance(ou, list) else [ou]
    bin_number = next((unit.removeprefix("BIN") for unit in units if unit.startswith("BIN")), "")
    legal = False
    usage = certificate.extended_key_usage_value
    if usage is not None:
        legal = any(oid.dotted == NCA_LEGAL_ENTITY_OID or oid.dotted.startswith(
            NCA_LEGAL_ENTITY_OID + ".") for oid in usage)  # fmt: skip
    return Subject(
        serial_number=names.get("serial_number", "") or "",
        surname=names.get("surname", "") or "",
        given_names=names.get("given_name", "") or "",
        common_name=names.get("common_name", "") or "",
        bin=bin_number,
        legal_entity=legal,
        certificate_serial=certificate_serial or format(certificate.serial_number, "x"),
    )


@cache
def _trust_store(folder):
    """The trust store folder's certificates (PEM or DER files): roots and intermediates."""
    roots, intermediates = [], []
    for path in sorted(Path(folder).iterdir()):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        blocks = [der for _type, _headers, der in pem.unarmor(raw, multiple=True)] if (
            pem.detect(raw)) else [raw]  # fmt: skip
        for der in blocks:
            try:
                certificate = x509.Certificate.load(der)
                certificate.subject  # noqa: B018
            except ValueError:
                continue
            (roots if certificate.self_signed == "maybe" else intermediates).append(certificate)
    return tuple(roots), tuple(intermediates)


def _revocation_policy():
    from pyhanko_certvalidator.policy_decl import (
        CertRevTrustPolicy,
        RevocationCheckingPolicy,
        RevocationCheckingRule,
    )

    strict = settings.EDS_REVOCATION_UNREACHABLE != "accept"
    if not strict:
        rule = RevocationCheckingRule.CHECK_IF_DECLARED_SOFT
    else:
        rule = {
            "ocsp": RevocationCheckingRule.OCSP_REQUIRED,
            "crl": RevocationCheckingRule.CRL_REQUIRED,
        }.get(settings.EDS_REVOCATION, RevocationCheckingRule.CRL_OR_OCSP_REQUIRED)
    above = (RevocationCheckingRule.CHECK_IF_DECLARED if strict
             else RevocationCheckingRule.CHECK_IF_DECLARED_SOFT)  # fmt: skip
    return CertRevTrustPolicy(RevocationCheckingPolicy(rule, above))


async def _validate_path(certificate, others):
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

    roots, intermediates = _trust_store(settings.EDS_TRUST_STORE_DIR)
    backend = AIOHttpFetcherBackend(per_request_timeout=settings.EDS_REVOCATION_TIMEOUT)
    try:
        context = ValidationContext(
            trust_roots=list(roots), other_certs=[*intermediates, *others],
            allow_fetching=True, revinfo_policy=_revocation_policy(), fetcher_backend=backend,
        )  # fmt: skip
        validator = CertificateValidator(certificate, validation_context=context)
        return await validator.async_validate_path()
    finally:
        await backend.close()


def validate_certificate(certificate, others=()):
    """Chain to the trust store, valid now, not revoked, allowed to sign; else EDSRefused.

    The challenge was issued minutes ago, so validity now is validity at signing time.
    """
    from pyhanko_certvalidator import errors
    from pyhanko_certvalidator.validate import validate_usage

    if not settings.EDS_TRUST_STORE_DIR or not Path(settings.EDS_TRUST_STORE_DIR).is_dir():
        raise EDSRefused("not_configured")
    try:
        asyncio.run(_validate_path(certificate, list(others)))
    except (errors.ExpiredError, errors.NotYetValidError):
        raise EDSRefused("expired_certificate") from None
    except errors.RevokedError:
        raise EDSRefused("revoked") from None
    except errors.InsufficientRevinfoError:
        raise EDSRefused("revocation_unknown") from None
    except errors.PathBuildingError:
        raise EDSRefused("untrusted") from None
    except errors.PathValidationError as error:
        if "revocation" in str(error).lower() or "ocsp" in str(error).lower():
            raise EDSRefused("revocation_unknown") from None
        raise EDSRefused("untrusted") from None
    for usages in ALLOWED_KEY_USAGES:
        try:
            validate_usage(certificate, usages, set(), True)
            return
        except errors.InvalidCertificateError:
            continue
    raise EDSRefused("key_usage")


class InProcessVerifier(SignatureVerifier):
    """RSA and ECDSA signatures, verified in this process."""

    def verify(self, cms_der, data, *, signed_info):
        from pyhanko_certvalidator.errors import InvalidSignature
        from pyhanko_certvalidator.sig_validate import (
            DefaultSignatureValidator,
            SignatureValidationContext,
        )

        signed, signer_info = signed_info
        certificate = _signer_certificate(signed, signer_info)
        covered = _signed_bytes(signed, signer_info, data)
        digest_name = signer_info["digest_algorithm"]["algorithm"].native
        try:
            DefaultSignatureValidator().validate_signature(
                signer_info["signature"].native, covered, certificate.public_key,
                signer_info["signature_algorithm"],
                SignatureValidationContext(contextual_md_algorithm=digest_name),
            )  # fmt: skip
        except (InvalidSignature, ValueError, TypeError):
            raise EDSRefused("bad_signature") from None
        others = [choice.chosen for choice in signed["certificates"] or []
                  if choice.name == "certificate" and choice.chosen is not certificate]  # fmt: skip
        validate_certificate(certificate, others)
        return subject_of(certificate)


def verify_signature(cms_base64, data):
    """The person who signed exactly `data`, or EDSRefused saying why not."""
    try:
        cms_der = base64.b64decode("".join(str(cms_base64).split()), validate=True)
    except ValueError:
        raise EDSRefused("malformed") from None
    signed_info = load_signed_data(cms_der)
    if _algorithm_name(signed_info[1]) in IN_PROCESS_ALGORITHMS:
        verifier = InProcessVerifier()
    else:
        verifier = import_string(settings.EDS_GOST_VERIFIER)()
    try:
        subject = verifier.verify(cms_der, data, signed_info=signed_info)
    except (ValueError, TypeError, KeyError, AttributeError):
        # A part of the structure that parsed lazily turned out broken (or an unknown digest).
        raise EDSRefused("malformed") from None
    return person_from(subject)


def _algorithm_name(signer_info):
    try:
        return signer_info["signature_algorithm"].signature_algo
    except ValueError:
        return signer_info["signature_algorithm"]["algorithm"].dotted


NOT_PROVEN = _("Prove your IIN with your digital signature (EDS) on your profile first.")


class EDSProvider(DeclaredIINProvider):
    """Signers prove their IIN with a digital signature (EDS) through NCALayer."""

    name = _("digital signature (EDS)")

    def check(self, user, on=None):
        check = super().check(user, on)
        if check.code in ("", "no_iin") and not user.iin_proven:
            return IdentityCheck(False, "not_proven", NOT_PROVEN)
        return check if not check.ok else PROVEN
