"""GOST signatures (most NCA keys) checked by an NCANode server (portal/eds.py's verifier).

No well-kept Python library verifies GOST 34.10-2015, so the CMS goes to the NCANode server at
NCANODE_URL through its documented HTTP API (NCANode 3.x, openapi.yml): POST /cms/verify with
{"cms": base64, "data": base64 (the detached content), "revocationCheck": ["OCSP"|"CRL"]},
answered with {"status": 200, "message": "OK", "valid": bool, "signers": [...]} where each
signer carries its certificates' `valid`, `revocations`, `notBefore`, `notAfter`, `keyUsage`,
`keyUser`, `serialNumber` and `subject` (`iin`, `bin`, `surName`, `commonName`, ...). NCANode
checks the chain against its own configured NCA certificates.
"""

import base64
import json
import urllib.error
import urllib.request
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from portal.eds import EDSRefused, SignatureVerifier, Subject

# keyUser values that mark a legal entity's certificate, not a person's.
LEGAL_ENTITY_USERS = {"ORGANIZATION", "CEO", "CAN_SIGN", "CAN_SIGN_FINANCIAL", "HR", "EMPLOYEE"}


def revocation_check():
    """The revocationCheck NCANode is asked for, by EDS_REVOCATION."""
    return {"crl": ["CRL"], "either": ["OCSP"]}.get(settings.EDS_REVOCATION, ["OCSP"])


def _post(path, body):
    request = urllib.request.Request(  # noqa: S310 (the URL is the deployment's setting)
        settings.NCANODE_URL.rstrip("/") + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=settings.NCANODE_TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        if error.code >= 500:
            raise EDSRefused("verifier_unreachable") from None
        # NCANode answers a CMS it cannot read with 400 and a message.
        raise EDSRefused("malformed") from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError):
        raise EDSRefused("verifier_unreachable") from None


def _certificates(answer):
    """The signers' certificate entries: CmsSignerInfo nests them under "signers"."""
    entries = []
    for signer in answer.get("signers") or []:
        if not isinstance(signer, dict):
            continue
        nested = signer.get("signers")
        if isinstance(nested, list):
            entries.extend(item for item in nested if isinstance(item, dict))
        else:
            entries.append(signer)
    return entries


def _when(value):
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _refusal(answer, certificate):
    """Why NCANode found the signature invalid, as near as its answer tells."""
    if any(isinstance(item, dict) and item.get("revoked")
           for item in certificate.get("revocations") or []):  # fmt: skip
        return "revoked"
    now = timezone.now()
    not_before, not_after = _when(certificate.get("notBefore")), _when(certificate.get("notAfter"))
    if (not_after and not_after < now) or (not_before and not_before > now):
        return "expired_certificate"
    if certificate.get("valid") is False:
        return "untrusted"
    return "bad_signature"


class NCANodeVerifier(SignatureVerifier):
    """Sends the CMS and the signed challenge to NCANode's /cms/verify."""

    def verify(self, cms_der, data, *, signed_info):
        if not settings.NCANODE_URL:
            raise EDSRefused("gost_unavailable")
        answer = _post("/cms/verify", {
            "cms": base64.b64encode(cms_der).decode(),
            "data": base64.b64encode(data).decode(),
            "revocationCheck": revocation_check(),
        })  # fmt: skip
        if not isinstance(answer, dict) or answer.get("status") not in (200, "200", None):
            raise EDSRefused("malformed")
        certificates = _certificates(answer)
        if len(certificates) != 1:
            raise EDSRefused("malformed")
        certificate = certificates[0]
        if answer.get("valid") is not True or certificate.get("valid") is False:
            raise EDSRefused(_refusal(answer, certificate))
        if certificate.get("keyUsage") not in (None, "SIGN"):
            raise EDSRefused("key_usage")
        subject = certificate.get("subject") or {}
        users = set(certificate.get("keyUser") or [])
        common_name = subject.get("commonName") or ""
        surname = subject.get("surName") or ""
        given = common_name.removeprefix(surname).strip() if surname else ""
        return Subject(
            serial_number=f"IIN{subject['iin']}" if subject.get("iin") else "",
            surname=surname, given_names=given, common_name=common_name,
            bin=subject.get("bin") or "", legal_entity=bool(users & LEGAL_ENTITY_USERS),
            certificate_serial=str(certificate.get("serialNumber") or ""),
        )  # fmt: skip
