"""Receipts and the public signature log (design §4.3).

A signer gets a short random receipt code, shown once and emailed, never stored. The log holds
one line per event (signed, withdrawn, invalidated) with the receipt's keyed digest (HMAC under
RECEIPT_KEY and the petition's id), the day, the region's code and the signature's status; each
line's hash is SHA-256 over the previous line's hash and its own fields, so the last hash (the
head, stored on the petition) vouches for the whole log. Signing advances the chain in SQL, in
the statement that counts under the petition's row lock (services._count); steps that already
hold the lock append their lines here, in Python, with the same formula.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings

# Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# 12 characters: 60 random bits, shown in groups of four.
CODE_LENGTH = 12
GROUP = 4
# Hex characters of a receipt's digest: 128 bits, plenty to find one's own line.
DIGEST_LENGTH = 32
# What each event leaves the signature as.
STATUS_AFTER = {"signed": "valid", "withdrawn": "withdrawn", "invalidated": "invalidated"}
LOG_FIELDS = ("seq", "event", "receipt_digest", "day", "region_code", "status", "hash")

# The line's hash in SQL, the twin of line_hash(): the previous head and the new line's fields
# joined by "|", as UTF-8, through SHA-256, as hex. Its %s are event, digest and day, then
# {region} (SQL giving the region's code, with its own parameters), then status.
LINE_HASH_SQL = (
    "encode(sha256(convert_to(concat_ws('|', log_head, log_length + 1, %s::text, %s::text, "
    "to_char(%s::date, 'YYYY-MM-DD'), {region}, %s::text), 'UTF8')), 'hex')"
)


def new_receipt():
    """A fresh random receipt code, grouped for reading: XXXX-XXXX-XXXX."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(code[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalize_receipt(text):
    """The code as typed, in its canonical form (no separators, capitals), or None if not one."""
    code = "".join(ch for ch in text.upper() if ch not in " -_.\t")
    # The letters Crockford's alphabet leaves out are read as the digits they resemble.
    code = code.translate(str.maketrans("OIL", "011"))
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def receipt_digest(petition_id, code):
    """The receipt's keyed digest in this petition's log: findable by the receipt's holder,
    unlinkable across petitions and meaningless to anyone else."""
    code = normalize_receipt(code)
    message = f"{petition_id}:{code}".encode()
    digest = hmac.new(settings.RECEIPT_KEY.encode(), message, hashlib.sha256).hexdigest()
    return digest[:DIGEST_LENGTH]


def random_digest():
    """The digest of a receipt nobody is given (imported and seeded signatures)."""
    return secrets.token_hex(DIGEST_LENGTH // 2)


def line_hash(prev, seq, event, digest, day, region_code, status):
    """A line's hash: SHA-256 over the previous hash and the line's fields (LINE_HASH_SQL)."""
    day = day if isinstance(day, str) else day.isoformat()
    text = "|".join([prev, str(seq), event, digest, day, region_code, status])
    return hashlib.sha256(text.encode()).hexdigest()


def chain(head, length, entries):
    """The log lines that follow (head, length), from (event, digest, day, region_code) entries;
    each line a dict of LOG_FIELDS."""
    for event, digest, day, region_code in entries:
        length += 1
        status = STATUS_AFTER[event]
        head = line_hash(head, length, event, digest, day, region_code, status)
        yield {
            "seq": length, "event": event, "receipt_digest": digest, "day": day,
            "region_code": region_code, "status": status, "hash": head,
        }  # fmt: skip


# Verifying a published log


class LogError(Exception):
    """The log is not a valid chain, or does not add up to the published figures."""


@dataclass(frozen=True)
class Recount:
    lines: int
    head: str
    count: int


def verify(lines, *, count=None, head=None):
    """Check every line's place and hash, recount the valid signatures, and compare with the
    published count and head when given; raises LogError naming the first line that fails."""
    prev, valid, total = "", set(), 0
    for total, line in enumerate(lines, start=1):
        try:
            seq, event, digest = int(line["seq"]), line["event"], line["receipt_digest"]
            day, region_code, status = str(line["day"]), line["region_code"], line["status"]
        except (KeyError, TypeError, ValueError) as error:
            raise LogError(f"line {total}: unreadable ({error!r})") from error
        if seq != total:
            raise LogError(f"line {total}: numbered {seq}")
        if STATUS_AFTER.get(event) != status:
            raise LogError(f"line {seq}: event {event!r} cannot leave status {status!r}")
        expected = line_hash(prev, seq, event, digest, day, region_code, status)
        if line["hash"] != expected:
            raise LogError(f"line {seq}: hash does not match the line and the one before it")
        if event == "signed":
            if digest in valid:
                raise LogError(f"line {seq}: a receipt signed twice")
            valid.add(digest)
        elif digest not in valid:
            raise LogError(f"line {seq}: {event} a signature that was not counted")
        else:
            valid.discard(digest)
        prev = expected
    if head is not None and head != prev:
        raise LogError(f"the log ends at {prev or 'nothing'}, the published head is {head}")
    if count is not None and count != len(valid):
        raise LogError(f"the log counts {len(valid)} signatures, the petition shows {count}")
    return Recount(lines=total, head=prev, count=len(valid))
