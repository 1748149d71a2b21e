"""Every change of a petition's state goes through one of these functions (design §4).

Each runs in one transaction, locks the petition's row, checks the person's right and the
petition's state on that locked row, writes a PetitionEvent, and sends its emails after commit.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from psycopg.errors import DeadlockDetected

from petitions import law, notifications, receipts
from petitions.grounds import day_before
from petitions.models import (
    ClockNotice,
    DailySignatureCount,
    Ground,
    GroundEvent,
    GroundVersion,
    Petition,
    PetitionEvent,
    RegionSignatureCount,
    Signature,
    SignatureLogLine,
)
from portal import pending
from portal.errors import Refused
from portal.identity import get_identity_provider
from portal.models import Region, StateBody
from portal.rules import refusal
from portal.workdays import add_working_days, working_days_left

Status = Petition.Status
Action = PetitionEvent.Action


class PetitionError(Refused):
    """A petition step that is not allowed; `code` is forbidden, conflict or invalid."""


class AlreadySigned(PetitionError):
    """This person has already signed this petition, or their IIN is counted on it."""

    def __init__(self, message=None):
        super().__init__(message or _("You have already signed this petition."), code="conflict")


COUNTED_FROM_ELSEWHERE = _(
    "A signature under your IIN is already counted on this petition: it was made from another "
    "account or gathered outside the portal."
)


def _window_closed_message(status, last_day, withdrawing):
    day = date_format(last_day, "j.m.Y")
    if withdrawing:
        message = gettext(
            "The last day of this petition's collection was %(date)s: "
            "a signature can no longer be withdrawn."
        )
    elif status in (Status.GATHERING_SUPPORT, Status.LAPSED):
        message = gettext(
            "This petition did not gather its first supporters in time: "
            "the last day to support it was %(date)s."
        )
    else:
        message = gettext("The last day to sign this petition was %(date)s.")
    return message % {"date": day}


class WindowClosed(PetitionError):
    """The petition's legal window for signing is over (or it lapsed or closed when it was);
    the API answers 403 with its own code."""

    def __init__(self, petition, today, *, withdrawing=False):
        last_day = law.last_signing_day(petition)
        # Read in the language of whoever shows it, like the other refusals' lazy messages.
        message = lazy(_window_closed_message, str)(petition.status, last_day, withdrawing)
        super().__init__(message, code="window_closed")
        self.petition_id = petition.pk
        self.today = today


# PetitionEvent.action of the addressee's steps ("answered" is record_response's too).

NOT_ALLOWED = _("You may not do this with this petition in its current state.")
NOT_COLLECTING = _("This petition is not collecting signatures.")


def _lock(petition):
    """The petition's row, locked until the transaction ends."""
    return Petition.objects.select_for_update().get(pk=petition.pk)


def _require(user, permission, petition, message=NOT_ALLOWED):
    """Refuse unless the person may take the step now: "forbidden" when their role does not
    allow it, "conflict" when the petition's state does not (portal.rules.refusal)."""
    code = refusal(user, permission, petition)
    if code:
        raise PetitionError(message, code=code)


def _move(petition, *, to, actor, action, reason="", note="", public=True, fields=()):
    """Change the locked petition's status, save the named fields and record the event."""
    from_status = petition.status
    petition.status = to
    petition.save(update_fields=["status", "updated_at", *fields])
    event = PetitionEvent.objects.create(
        petition=petition,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to,
        reason=str(reason)[:255],
        note=note,
        public=public,
    )
    # Followers hear of the public steps only (a return for changes is the author's).
    if public:
        notifications.on_followed_change(petition, event)
    return event


def _today():
    return timezone.localdate()


# Filing


def create_petition(
    *, author, title, text, demand, addressee, category, region=None, language=None
):
    """Save a new draft written by a citizen (in their own language unless they say)."""
    _require(author, "petitions.file_petition", None, _("Verify your email to file a petition."))
    with transaction.atomic(durable=True):
        petition = Petition.objects.create(
            author=author, title=title, text=text, demand=demand, addressee=addressee,
            category=category, region=region, language=language or author.preferred_language,
        )  # fmt: skip
        PetitionEvent.objects.create(
            petition=petition, actor=author, action=Action.CREATED, to_status=Status.DRAFT,
            public=False,
        )  # fmt: skip
    return petition


EDITABLE_FIELDS = ("title", "text", "demand", "addressee", "category", "region", "language")


def update_petition(*, petition, editor, **changes):
    """Change a draft's text or addressee; only its author may, and only while it is a draft."""
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(editor, "petitions.edit_petition", petition)
        # A language left unsaid keeps the one the petition has.
        fields = [name for name in changes if name in EDITABLE_FIELDS and
                  (name != "language" or changes[name])]  # fmt: skip
        for name in fields:
            setattr(petition, name, changes[name])
        petition.save(update_fields=[*fields, "updated_at"])
    return petition


def delete_petition(*, petition, actor):
    """Delete a draft for good."""
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(actor, "petitions.delete_draft", petition)
        petition.delete()


def submit_petition(*, petition, actor):
    """Send a draft to the moderators; their legal clock starts."""
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(actor, "petitions.submit_petition", petition)
        petition.submitted_at = timezone.now()
        petition.moderation_deadline = law.moderation_deadline(_today())
        petition.overdue = False
        event = _move(
            petition, to=Status.IN_MODERATION, actor=actor, action=Action.SUBMITTED,
            fields=["submitted_at", "moderation_deadline", "overdue"],
        )  # fmt: skip
        notifications.on_submitted(petition, event)
    return petition


def withdraw_petition(*, petition, actor):
    """The author ends an open petition's collection."""
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(actor, "petitions.withdraw_petition", petition)
        petition.ended_at = timezone.now()
        _move(
            petition, to=Status.WITHDRAWN, actor=actor, action=Action.WITHDRAWN, fields=["ended_at"]
        )
    return petition


# Moderation


def publish_petition(*, petition, moderator, note=""):
    """Accept a petition: it gathers its initial supporters, reachable by its link."""
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(moderator, "petitions.publish_petition", petition)
        petition.threshold = petition.addressee.petition_threshold
        petition.published_at = timezone.now()
        petition.support_deadline = law.support_deadline(_today())
        petition.overdue = False
        event = _move(
            petition, to=Status.GATHERING_SUPPORT, actor=moderator, action=Action.PUBLISHED,
            note=note, fields=["threshold", "published_at", "support_deadline", "overdue"],
        )  # fmt: skip
        notifications.on_published(petition, event)
        advance_petition(petition)
    return petition


def return_petition(*, petition, moderator, note):
    """Send a petition back to its author for changes, saying what to change."""
    if not note.strip():
        raise PetitionError(_("Say what the author should change."), code="invalid")
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(moderator, "petitions.return_petition", petition)
        # The moderators' clock stops; it starts again when the author resubmits.
        petition.overdue = False
        event = _move(
            petition, to=Status.DRAFT, actor=moderator, action=Action.RETURNED, note=note,
            public=False, fields=["overdue"],
        )  # fmt: skip
        notifications.on_decision(petition, event)
    return petition


def _ground_not_in_force(reason, day):
    return gettext(
        "The ground «%(ground)s» was not in force on %(date)s, the day the petition was "
        "submitted: choose a ground in force that day."
    ) % {"ground": reason.title, "date": date_format(day, "j.m.Y")}


def reject_petition(*, petition, moderator, reason, explanation):
    """Reject a petition under a ground in force on the day it was submitted, explaining why."""
    if reason is None:
        raise PetitionError(_("Choose a reason for the rejection."), code="invalid")
    if not explanation.strip():
        raise PetitionError(_("Explain the rejection to the author."), code="invalid")
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(moderator, "petitions.reject_petition", petition)
        day = petition.submitted_day
        if not reason.in_force_on(day):
            message = lazy(_ground_not_in_force, str)(reason, day)
            raise PetitionError(message, code="invalid")
        petition.rejection_reason = reason
        petition.rejection_explanation = explanation
        petition.ended_at = timezone.now()
        event = _move(
            petition, to=Status.REJECTED, actor=moderator, action=Action.REJECTED,
            reason=f"{reason.title} ({reason.legal_basis})", note=explanation,
            fields=["rejection_reason", "rejection_explanation", "ended_at"],
        )  # fmt: skip
        notifications.on_decision(petition, event)
    return petition


def hide_petition(*, petition, moderator, reason):
    """Take a petition out of public view, from any state, keeping it for audit."""
    if not reason.strip():
        raise PetitionError(_("Give the reason for hiding the petition."), code="invalid")
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(moderator, "petitions.hide_petition", petition)
        petition.status_before_hidden = petition.status
        petition.hidden_reason = reason
        event = _move(
            petition, to=Status.HIDDEN, actor=moderator, action=Action.HIDDEN, note=reason,
            public=False, fields=["status_before_hidden", "hidden_reason"],
        )  # fmt: skip
        notifications.on_decision(petition, event)
    return petition


def restore_petition(*, petition, moderator, note=""):
    """Bring a hidden petition back to the state it was hidden from."""
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(moderator, "petitions.restore_petition", petition)
        to = petition.status_before_hidden or Status.DRAFT
        petition.status_before_hidden = ""
        petition.hidden_reason = ""
        event = _move(
            petition, to=to, actor=moderator, action=Action.RESTORED, note=note, public=False,
            fields=["status_before_hidden", "hidden_reason"],
        )  # fmt: skip
        notifications.on_decision(petition, event)
    return petition


def record_response(
    *, petition, moderator, response_text, discussion_date, discussion_place="",
    media_statement_url="",
):  # fmt: skip
    """Publish the addressee's answer, the public discussion and the media statement."""
    if not response_text.strip():
        raise PetitionError(_("Enter the state body's response."), code="invalid")
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(moderator, "petitions.record_response", petition)
        petition.response_text = response_text
        petition.discussion_date = discussion_date
        petition.discussion_place = discussion_place
        petition.media_statement_url = media_statement_url
        petition.answered_at = timezone.now()
        event = _move(
            petition, to=Status.ANSWERED, actor=moderator, action=Action.ANSWERED,
            fields=["response_text", "discussion_date", "discussion_place",
                    "media_statement_url", "answered_at"],
        )  # fmt: skip
        event.acting_as = _acting_as(moderator, petition)
        event.save(update_fields=["acting_as"])
        notifications.on_decision(petition, event)
        notifications.on_answered(petition)
        notifications.on_body_answered(petition)
    return petition


# The addressee's workspace: answer, public discussion, media statement, signed answer


def _acting_as(actor, petition):
    """Whether the actor is the addressee's own official or a moderator acting for it."""
    from portal.rules import is_official_of

    return "official" if is_official_of(actor, petition.addressee) else "moderator"


def _body_step(petition, actor, action, *, note="", fields=()):
    """Save the locked petition's fields and record the addressee's step without a move."""
    petition.save(update_fields=["updated_at", *fields])
    return PetitionEvent.objects.create(
        petition=petition, actor=actor, action=action, from_status=petition.status,
        to_status=petition.status, note=note, acting_as=_acting_as(actor, petition),
    )  # fmt: skip


def answer_petition(*, petition, actor, response_text):
    """Publish the addressee's answer; the author and the signers who asked are told."""
    if not response_text.strip():
        raise PetitionError(_("Enter the state body's response."), code="invalid")
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(actor, "petitions.answer_petition", petition)
        petition.response_text = response_text
        petition.answered_at = timezone.now()
        event = _move(
            petition, to=Status.ANSWERED, actor=actor, action=Action.ANSWERED,
            fields=["response_text", "answered_at"],
        )  # fmt: skip
        event.acting_as = _acting_as(actor, petition)
        event.save(update_fields=["acting_as"])
        notifications.on_decision(petition, event)
        notifications.on_answered(petition)
    return petition


def schedule_discussion(*, petition, actor, date, place="", online_link=""):
    """Set the public discussion's date and its place or online link, ahead of the day; the
    author and the signers who asked are told."""
    if date is None or date < _today():
        raise PetitionError(_("The public discussion is scheduled in advance: choose a date "
                              "from today on."), code="invalid")  # fmt: skip
    if not place.strip() and not online_link.strip():
        raise PetitionError(_("Give the place of the discussion or its online link."),
                            code="invalid")  # fmt: skip
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(actor, "petitions.schedule_discussion", petition)
        petition.discussion_date = date
        petition.discussion_place = place.strip()
        petition.discussion_link = online_link.strip()
        _body_step(
            petition, actor, Action.DISCUSSION_SCHEDULED, note=date_format(date, "j.m.Y"),
            fields=["discussion_date", "discussion_place", "discussion_link"],
        )  # fmt: skip
        notifications.on_discussion_scheduled(petition)
    return petition


def post_media_statement(*, petition, actor, url):
    """Publish the link to the head's media statement on the petition."""
    if not url.strip():
        raise PetitionError(_("Give the link to the media statement."), code="invalid")
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(actor, "petitions.post_media_statement", petition)
        petition.media_statement_url = url.strip()
        _body_step(petition, actor, Action.MEDIA_STATEMENT_POSTED, fields=["media_statement_url"])
    return petition


PDF_MAGIC = b"%PDF-"


def check_signed_answer(upload):
    """Refuse (invalid) a file that is too large or is not a PDF, by its type and its bytes."""
    limit = settings.PETITION_SIGNED_ANSWER_MAX_BYTES
    if upload.size > limit:
        raise PetitionError(
            _("The file is too large: at most %(size)d MB.") % {"size": limit // 2**20},
            code="invalid",
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if getattr(upload, "content_type", "application/pdf") != "application/pdf" or head != PDF_MAGIC:
        raise PetitionError(_("Attach the signed answer as a PDF file."), code="invalid")


def attach_signed_answer(*, petition, actor, upload):
    """Keep the answer as signed by the body's head (a PDF) with the petition's response."""
    check_signed_answer(upload)
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(actor, "petitions.attach_signed_answer", petition)
        previous = petition.signed_answer.name
        petition.signed_answer.save("answer.pdf", upload, save=False)
        _body_step(petition, actor, Action.SIGNED_ANSWER_ATTACHED, fields=["signed_answer"])
        if previous:
            storage = petition.signed_answer.storage
            transaction.on_commit(lambda: storage.delete(previous))
    return petition


# Signing


@dataclass(frozen=True)
class SignResult:
    signature: Signature
    count: int
    # The receipt code, shown once to the signer and emailed; never stored.
    receipt: str = ""


class Counted(NamedTuple):
    """The petition's row as the count left it, read under its lock."""

    count: int
    status: str
    threshold: int | None
    support_deadline: object
    deadline: object
    log_length: int
    log_head: str


# The events of the public signature log (SignatureLogLine.Event).
SIGNED, WITHDRAWN, INVALIDATED = "signed", "withdrawn", "invalidated"


def _count(petition_id, region_id, day, delta, *, only_if=None, line=None):
    """Add delta to the petition's count and its per-day and per-region counts.

    The UPDATE takes the petition's row lock, which the transaction then holds until it ends;
    on PostgreSQL the three changes are one statement, so signers queue for that statement and
    the commit only, and the count stays exact. With `only_if` (statuses) nothing changes
    unless the locked row is in one of them. With `line` (event, receipt digest, day) the same
    statement appends that line to the signature log and moves the chain's head on, so the
    log's order is the lock's order. Returns the row's Counted values, or None.
    """
    petition, daily = Petition._meta.db_table, DailySignatureCount._meta.db_table
    by_region, log = RegionSignatureCount._meta.db_table, SignatureLogLine._meta.db_table
    statuses = list(only_if or ())
    where = f" AND status IN ({', '.join(['%s'] * len(statuses))})" if statuses else ""
    postgresql = connection.vendor == "postgresql"
    region_code = f"(SELECT code FROM {Region._meta.db_table} WHERE id = %s)"  # noqa: S608
    advance, line_values = "", []
    if line is not None:
        event, digest, line_day = line
        line_day = connection.ops.adapt_datefield_value(line_day)
        line_values = [event, digest, line_day, region_id, receipts.STATUS_AFTER[event]]
    if line is not None and postgresql:
        advance = ", log_length = log_length + 1, log_head = " + receipts.LINE_HASH_SQL.format(
            region=region_code
        )
    update = (
        f"UPDATE {petition} SET signature_count = signature_count + %s{advance} "  # noqa: S608
        f"WHERE id = %s{where} RETURNING id, signature_count, status, threshold, "
        f"support_deadline, deadline, log_length, log_head"
    )
    append_line = (
        f"INSERT INTO {log} (petition_id, seq, event, receipt_digest, day, region_code, "  # noqa: S608
        f"status, hash) SELECT id, log_length, %s, %s, %s, {region_code}, %s, log_head "
        f"FROM counted"
    )
    upsert_day = (
        f"INSERT INTO {daily} (petition_id, day, count) SELECT id, %s, %s FROM counted "  # noqa: S608
        # WHERE true: SQLite's parser needs it between a SELECT and ON CONFLICT.
        f"WHERE true ON CONFLICT (petition_id, day) "
        f"DO UPDATE SET count = {daily}.count + EXCLUDED.count"
    )
    upsert_region = (
        f"INSERT INTO {by_region} (petition_id, region_id, count) "  # noqa: S608
        f"SELECT id, %s, %s FROM counted WHERE true ON CONFLICT (petition_id, region_id) "
        f"DO UPDATE SET count = {by_region}.count + EXCLUDED.count"
    )
    day = connection.ops.adapt_datefield_value(day)
    with connection.cursor() as cursor:
        if postgresql:
            logged = f", logged AS ({append_line})" if line is not None else ""  # noqa: S608
            cursor.execute(
                f"WITH counted AS ({update}), by_day AS ({upsert_day}), "  # noqa: S608
                f"by_region AS ({upsert_region}){logged} "
                f"SELECT signature_count, status, threshold, support_deadline, deadline, "
                f"log_length, log_head FROM counted",
                [delta, *line_values, petition_id, *statuses, day, delta, region_id, delta,
                 *line_values],
            )  # fmt: skip
            row = cursor.fetchone()
            return None if row is None else Counted(*row)
        # SQLite (the local run) has no data-modifying WITH, and one writer at a time.
        cursor.execute(update, [delta, petition_id, *statuses])
        row = cursor.fetchone()
        if row is None:
            return None
        counted = "(SELECT %s AS id)"
        cursor.execute(upsert_day.replace("counted", counted), [day, delta, petition_id])
        cursor.execute(upsert_region.replace("counted", counted), [region_id, delta, petition_id])
    count, status, threshold, support_deadline, deadline, log_length, log_head = row[1:]
    if line is not None:
        code = Region.objects.values_list("code", flat=True).get(pk=region_id)
        log_head, log_length = _append_log(
            petition_id, log_head, log_length, [(line[0], line[1], line[2], code)]
        )
    # SQLite gives dates back as text through a raw cursor.
    support_deadline, deadline = (
        parse_date(value) if isinstance(value, str) else value
        for value in (support_deadline, deadline)
    )
    return Counted(count, status, threshold, support_deadline, deadline, log_length, log_head)


def _append_log(petition_id, head, length, entries):
    """Append (event, digest, day, region_code) lines to a locked petition's log, after the
    line `length` whose hash is `head`; returns the new head and length."""
    lines = list(receipts.chain(head, length, entries))
    if not lines:
        return head, length
    SignatureLogLine.objects.bulk_create(
        (SignatureLogLine(petition_id=petition_id, **line) for line in lines), batch_size=2000
    )
    head, length = lines[-1]["hash"], lines[-1]["seq"]
    Petition.objects.filter(pk=petition_id).update(log_head=head, log_length=length)
    return head, length


def _line_passed(petition):
    """Whether the petition's count has reached the next line for its status: the initial
    support while gathering it, the threshold while open."""
    if petition.status == Status.GATHERING_SUPPORT:
        return petition.signature_count >= settings.PETITION_INITIAL_SUPPORT
    if petition.status == Status.OPEN:
        return petition.threshold is not None and petition.signature_count >= petition.threshold
    return False


def advance_petition(petition):
    """Move a petition on when its count passes the initial support or the threshold.

    Runs under the petition's row lock, so the threshold is crossed exactly once.
    """
    now = timezone.now()
    if petition.status == Status.GATHERING_SUPPORT and _line_passed(petition):
        petition.opened_at = now
        petition.deadline = law.collection_deadline(_today())
        event = _move(
            petition, to=Status.OPEN, actor=None, action=Action.OPENED,
            fields=["opened_at", "deadline"],
        )  # fmt: skip
        notifications.on_decision(petition, event)
    if petition.status == Status.OPEN and _line_passed(petition):
        petition.threshold_reached_at = now
        petition.consideration_deadline = law.consideration_deadline(petition.addressee, _today())
        petition.ended_at = now
        event = _move(
            petition, to=Status.UNDER_CONSIDERATION, actor=None, action=Action.THRESHOLD_REACHED,
            fields=["threshold_reached_at", "consideration_deadline", "ended_at"],
        )  # fmt: skip
        notifications.on_decision(petition, event)


def sign_petition(*, petition, user, show_name=False, notify_on_answer=False, network_digest=""):
    """Add this person's signature, once; the count and aggregates change in the same step.
    `network_digest` is the keyed digest of the signer's network (mass_signing), never the
    address."""
    check = get_identity_provider().check(user)
    if not check.ok:
        raise PetitionError(check.message, code="forbidden")
    for attempt in range(3):
        try:
            return _sign(petition, user, show_name, notify_on_answer, network_digest)
        except WindowClosed as refusal:
            # The signature was rolled back with its transaction; the petition moves on in one
            # of its own, so that the move is kept.
            end_window(petition_id=refusal.petition_id, today=refusal.today)
            raise
        except OperationalError as error:
            # A bulk import holding the lock may meet a signer in a deadlock: sign again.
            if not isinstance(error.__cause__, DeadlockDetected) or attempt == 2:
                raise
    raise AssertionError("unreachable")


def _sign(petition, user, show_name, notify_on_answer, network_digest):
    """One attempt at signing: the row first, then the counts under the petition's lock.

    Only the last statement (the counts) and the commit wait for the petition's row lock, so a
    petition that goes viral takes as many signatures a second as PostgreSQL can commit.
    """
    now = timezone.now()
    receipt = receipts.new_receipt()
    digest = receipts.receipt_digest(petition.pk, receipt)
    values = {
        "user_id": user.pk, "region_id": user.region_id, "created_at": now,
        "status": Signature.Status.VALID, "show_name": show_name,
        "public_name": user.public_name if show_name else "",
        "notify_on_answer": notify_on_answer, "receipt_digest": digest,
        "network_digest": network_digest,
    }  # fmt: skip
    today = timezone.localdate(now)
    with transaction.atomic(durable=True):
        signature = _insert_signature(petition.pk, user.iin_hash, values)
        if signature is None:
            return _sign_again(petition, user, values, receipt)
        counted = _count(
            petition.pk, user.region_id, today, 1, only_if=Petition.SIGNABLE,
            line=(SIGNED, digest, today),
        )  # fmt: skip
        if counted is None:
            # Stopped collecting meanwhile: the transaction (and the new row) is undone.
            _refuse_not_collecting(Petition.objects.get(pk=petition.pk))
        count = counted.count
        petition.signature_count, petition.status, petition.threshold = counted[:3]
        petition.support_deadline, petition.deadline = counted.support_deadline, counted.deadline
        petition.log_length, petition.log_head = counted.log_length, counted.log_head
        # The clock is read once the row lock is ours: this is the moment of signing.
        _refuse_if_window_ended(petition)
        if _line_passed(petition):
            # The row lock is already ours: the threshold is crossed once.
            petition = _lock(petition)
            advance_petition(petition)
        notifications.on_signed(signature, receipt)
    return SignResult(signature=signature, count=count, receipt=receipt)


def _refuse_if_window_ended(petition, *, withdrawing=False):
    """Refuse (WindowClosed) when the locked petition's window is over by today's date."""
    today = _today()
    if law.window_ended(petition, today) is not None:
        raise WindowClosed(petition, today, withdrawing=withdrawing)


def _refuse_not_collecting(petition):
    """Refuse a signature on a petition that does not collect, saying when its window ended if
    that is what ended it: a signer late by a moment hears the same as one who came first."""
    today = _today()
    if petition.status in law.ENDED_BY_WINDOW and law.last_signing_day(petition) < today:
        raise WindowClosed(petition, today)
    raise PetitionError(NOT_COLLECTING, "forbidden")


def signing_window_closed(petition):
    """The refusal a signer of this petition would get now for lateness, or None."""
    today = _today()
    if law.window_ended(petition, today) is None:
        return None
    return WindowClosed(petition, today)


def _insert_signature(petition_id, signer_key, values):
    """The new signature, or None when this person's row exists already (any status)."""
    meta = Signature._meta
    fields = [meta.get_field(name.removesuffix("_id")) for name in values]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {meta.db_table} (petition_id, signer_key, invalidated_reason, "  # noqa: S608
            f"{', '.join(field.column for field in fields)}) "
            f"VALUES (%s, %s, '', {', '.join(['%s'] * len(fields))}) "
            f"ON CONFLICT (petition_id, signer_key) DO NOTHING RETURNING id",
            [
                petition_id,
                signer_key,
                *(field.get_db_prep_save(value, connection) for field, value in
                  zip(fields, values.values(), strict=True)),
            ],
        )  # fmt: skip
        row = cursor.fetchone()
    if row is None:
        return None
    signature = Signature(pk=row[0], petition_id=petition_id, signer_key=signer_key, **values)
    signature._state.adding, signature._state.db = False, connection.alias  # as if loaded
    return signature


def _sign_again(petition, user, values, receipt):
    """This person's row exists: signed already, invalidated, or withdrawn (signed again).

    A row invalidated while it was another account's (one that only declared this IIN and
    lost it to this person's proof) is not this person's signature: they may sign.
    """
    petition = _lock(petition)
    if petition.status not in Petition.SIGNABLE:
        _refuse_not_collecting(petition)
    _refuse_if_window_ended(petition)
    signature = Signature.objects.get(petition=petition, signer_key=user.iin_hash)
    if signature.status == Signature.Status.VALID:
        # Their IIN counts once; the page, which reads by account, offered to sign.
        raise AlreadySigned(None if signature.user_id == user.pk else COUNTED_FROM_ELSEWHERE)
    if signature.status == Signature.Status.INVALIDATED and signature.user_id in (None, user.pk):
        raise PetitionError(
            _("Your signature on this petition was invalidated by the moderators."),
            code="forbidden",
        )
    # Signing again revives the same row, this person's now, with a new receipt.
    for name, value in values.items():
        setattr(signature, name, value)
    signature.invalidated_reason = ""
    signature.review_reason, signature.review_since = "", None
    signature.save()
    today = timezone.localdate(values["created_at"])
    petition.signature_count = _count(
        petition.pk, user.region_id, today, 1, line=(SIGNED, values["receipt_digest"], today)
    ).count
    advance_petition(petition)
    notifications.on_signed(signature, receipt)
    return SignResult(signature=signature, count=petition.signature_count, receipt=receipt)


def withdraw_signature(*, petition, user):
    """Take this person's signature back while the petition is open."""
    try:
        return _withdraw_signature(petition, user)
    except WindowClosed as refusal:
        end_window(petition_id=refusal.petition_id, today=refusal.today)
        raise


def _withdraw_signature(petition, user):
    """One attempt at withdrawing, in one transaction under the petition's row lock."""
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        if petition.status == Status.CLOSED and petition.deadline < _today():
            raise WindowClosed(petition, _today(), withdrawing=True)
        if petition.status == Status.OPEN:
            _refuse_if_window_ended(petition, withdrawing=True)
        _require(user, "petitions.withdraw_signature", petition,
                 _("A signature can be withdrawn only while the petition is open."))  # fmt: skip
        signature = Signature.objects.filter(
            petition=petition, user=user, status=Signature.Status.VALID
        ).first()
        if signature is None:
            raise PetitionError(_("You have not signed this petition."), code="conflict")
        signature.status = Signature.Status.WITHDRAWN
        signature.save(update_fields=["status"])
        day = timezone.localdate(signature.created_at)
        line = (WITHDRAWN, signature.receipt_digest, _today())
        petition.signature_count = _count(
            petition.pk, signature.region_id, day, -1, line=line
        ).count
    return petition.signature_count


def invalidate_signatures(*, petition, moderator, signature_ids, reason):
    """Invalidate many signatures at once, with a reason; the counts follow."""
    if not reason.strip():
        raise PetitionError(_("Give the reason for invalidating the signatures."), "invalid")
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        _require(moderator, "petitions.invalidate_signatures", petition)
        signatures = list(
            Signature.objects.filter(
                petition=petition, pk__in=signature_ids, status=Signature.Status.VALID
            )
            .select_related("region")
            .only("pk", "region_id", "region__code", "created_at", "receipt_digest")
            .order_by("pk")
        )
        if not signatures:
            return 0
        Signature.objects.filter(pk__in=[s.pk for s in signatures]).update(
            status=Signature.Status.INVALIDATED, invalidated_reason=reason[:255]
        )
        groups = {}
        for signature in signatures:
            key = (signature.region_id, timezone.localdate(signature.created_at))
            groups[key] = groups.get(key, 0) + 1
        for (region_id, day), count in groups.items():
            petition.signature_count = _count(petition.pk, region_id, day, -count).count
        # The lock is ours: the log's lines are appended here, one per signature.
        today = _today()
        _append_log(petition.pk, petition.log_head, petition.log_length, [
            (INVALIDATED, signature.receipt_digest, today, signature.region.code)
            for signature in signatures
        ])  # fmt: skip
        PetitionEvent.objects.create(
            petition=petition, actor=moderator, action=Action.SIGNATURES_INVALIDATED,
            from_status=petition.status, to_status=petition.status, reason=reason[:255],
            note=str(len(signatures)),
        )  # fmt: skip
    return len(signatures)


def send_signatures_to_review(*, signer_key, holder, reason, **_signal):
    """The valid signatures `holder` made under `signer_key` go to the moderators' review
    (connected to portal.signals.iin_signatures_to_review); they stay counted until a
    moderator invalidates them or keeps them. Each petition's record notes how many."""
    rows = Signature.objects.filter(
        signer_key=signer_key, user=holder, status=Signature.Status.VALID, review_reason=""
    )
    counts = list(rows.values_list("petition_id").annotate(n=Count("pk")).order_by())
    rows.update(review_reason=reason, review_since=timezone.now())
    PetitionEvent.objects.bulk_create(
        PetitionEvent(petition_id=petition_id, action=Action.SIGNATURES_TO_REVIEW,
                      reason=reason, note=str(count), public=False)
        for petition_id, count in counts
    )  # fmt: skip


def keep_signatures(*, moderator, signature_ids):
    """The moderator reviewed these signatures and keeps them counted: off the review queue."""
    if not moderator.has_perm("petitions.moderate_petitions"):
        raise PetitionError(NOT_ALLOWED, code="forbidden")
    with transaction.atomic(durable=True):
        rows = Signature.objects.filter(pk__in=signature_ids).exclude(review_reason="")
        counts = list(rows.values_list("petition_id").annotate(n=Count("pk")).order_by())
        kept = rows.update(review_reason="", review_since=None)
        # Each petition's record says how many a moderator reviewed and kept.
        PetitionEvent.objects.bulk_create(
            PetitionEvent(petition_id=petition_id, actor=moderator, action=Action.SIGNATURES_KEPT,
                          note=str(count), public=False)
            for petition_id, count in counts
        )  # fmt: skip
    return kept


def recount_petition(petition):
    """Recompute the locked petition's count and per-day and per-region counts from its rows."""
    valid = Signature.objects.filter(petition=petition, status=Signature.Status.VALID)
    petition.signature_count = valid.count()
    Petition.objects.filter(pk=petition.pk).update(signature_count=petition.signature_count)
    DailySignatureCount.objects.filter(petition=petition).delete()
    RegionSignatureCount.objects.filter(petition=petition).delete()
    by_day = valid.annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("pk"))
    DailySignatureCount.objects.bulk_create(
        DailySignatureCount(petition=petition, day=row["day"], count=row["n"]) for row in by_day
    )
    by_region = valid.values("region_id").annotate(n=Count("pk"))
    RegionSignatureCount.objects.bulk_create(
        RegionSignatureCount(petition=petition, region_id=row["region_id"], count=row["n"])
        for row in by_region
    )


def import_signatures(*, petition, signatures):
    """Add many signatures gathered elsewhere in one step; a signer already present is skipped."""
    with transaction.atomic(durable=True):
        petition = _lock(petition)
        if petition.status not in Petition.SIGNABLE:
            raise PetitionError(NOT_COLLECTING, "forbidden")
        for signature in signatures:
            signature.petition = petition
            # A receipt nobody is given: the signers were counted elsewhere.
            signature.receipt_digest = signature.receipt_digest or receipts.random_digest()
        Signature.objects.bulk_create(signatures, ignore_conflicts=True, batch_size=2000)
        recount_petition(petition)
        log_unlogged_signatures(petition)
        advance_petition(petition)
    return petition


def log_unlogged_signatures(petition):
    """Append to the locked petition's log the signatures it does not hold yet (imported ones),
    in the order they were given, each with its later withdrawal or invalidation."""
    logged = SignatureLogLine.objects.filter(petition=petition, event=SIGNED)
    rows = (
        Signature.objects.filter(petition=petition)
        .exclude(receipt_digest__in=logged.values("receipt_digest"))
        .order_by("created_at", "pk")
        .values_list("receipt_digest", "created_at", "region__code", "status")
    )
    entries = []
    for digest, created_at, region_code, status in rows.iterator(chunk_size=2000):
        day = timezone.localdate(created_at)
        entries.append((SIGNED, digest, day, region_code))
        if status != Signature.Status.VALID:
            entries.append((status, digest, day, region_code))
    petition.log_head, petition.log_length = _append_log(
        petition.pk, petition.log_head, petition.log_length, entries
    )


# Clocks


def end_window(*, petition_id, today):
    """Move a petition whose signing window is over by `today` to lapsed or closed, once.

    Returns the state it moved to, or None when its window is not over or it moved already.
    """
    with transaction.atomic(durable=True):
        petition = Petition.objects.select_for_update().get(pk=petition_id)
        to = law.window_ended(petition, today)
        if to is None:
            return None
        petition.ended_at = timezone.now()
        event = _move(petition, to=to, actor=None, action=Action(to), fields=["ended_at"])
        notifications.on_decision(petition, event)
    return to


def expire_petitions(*, today=None):
    """Move petitions whose time is up and mark overdue legal clocks; safe to run again."""
    today = today or _today()
    moved = {"lapsed": 0, "closed": 0, "overdue": 0}
    for status, (field, _ends_in) in law.SIGNING_WINDOWS.items():
        # Candidates only: end_window decides on the locked row.
        for pk in Petition.objects.filter(status=status, **{f"{field}__lt": today}).values_list(
            "pk", flat=True
        ):
            ended_in = end_window(petition_id=pk, today=today)
            if ended_in is not None:
                moved[ended_in] += 1
    for status, field in LEGAL_CLOCKS.items():
        for pk in Petition.objects.filter(
            status=status, overdue=False, **{f"{field}__lt": today}
        ).values_list("pk", flat=True):
            with transaction.atomic(durable=True):
                petition = Petition.objects.select_for_update().get(pk=pk)
                if petition.status != status or petition.overdue:
                    continue
                petition.overdue = True
                petition.save(update_fields=["overdue", "updated_at"])
                PetitionEvent.objects.create(
                    petition=petition, action=Action.CLOCK_OVERDUE, from_status=status,
                    to_status=status, public=status == Status.UNDER_CONSIDERATION,
                )  # fmt: skip
                moved["overdue"] += 1
    return moved


# The legal clocks that escalate (manage.py run_clocks)

# Each clock that the law runs on a petition: the status it runs in and its last day's field.
LEGAL_CLOCKS = {
    Status.IN_MODERATION: "moderation_deadline",
    Status.UNDER_CONSIDERATION: "consideration_deadline",
}


def _once(**key):
    """Record a clock notice; False when it was recorded already (by this run or another)."""
    _notice, created = ClockNotice.objects.get_or_create(**key)
    return created


def warn_of_clocks(*, today):
    """Warn, once per clock, when a moderation or consideration clock nears its last day."""
    horizon = add_working_days(today, settings.PETITION_CLOCK_WARNING_WORKING_DAYS)
    sent = 0
    for status, field in LEGAL_CLOCKS.items():
        petitions = Petition.objects.filter(
            status=status, **{f"{field}__gte": today, f"{field}__lte": horizon}
        ).select_related("addressee")
        for petition in petitions:
            deadline = getattr(petition, field)
            with transaction.atomic(durable=True):
                if _once(kind=ClockNotice.Kind.WARNING, petition=petition,
                         body_id=petition.addressee_id, clock=field, day=deadline):  # fmt: skip
                    notifications.on_clock_near(petition, field, working_days_left(deadline, today))
                    sent += 1
    return sent


def tell_of_missed_clocks(*, today):
    """Tell, once per clock, that a moderation or consideration clock ran out."""
    sent = 0
    for status, field in LEGAL_CLOCKS.items():
        petitions = Petition.objects.filter(
            status=status, **{f"{field}__lt": today}
        ).select_related("addressee")
        for petition in petitions:
            with transaction.atomic(durable=True):
                if _once(kind=ClockNotice.Kind.MISSED, petition=petition,
                         body_id=petition.addressee_id, clock=field,
                         day=getattr(petition, field)):  # fmt: skip
                    notifications.on_clock_missed(petition, field)
                    sent += 1
    return sent


def send_daily_digests(*, today):
    """Send each state body with anything waiting for its answer one digest a day: its
    petitions, and what the other apps register (portal/pending.py: recommendations)."""
    waiting = (
        Petition.objects.filter(
            status=Status.UNDER_CONSIDERATION,
            addressee__officials__isnull=False,
            addressee__officials__removed_at__isnull=True,
        )  # fmt: skip
        .select_related("addressee")
        .distinct()
        .order_by("addressee_id", "consideration_deadline", "pk")
    )
    by_body = {}
    for petition in waiting:
        left = working_days_left(petition.consideration_deadline, today)
        petition.clock_days_left, petition.clock_days_overdue = max(0, left), max(0, -left)
        by_body.setdefault(petition.addressee_id, []).append(petition)
    others = pending.waiting_for_bodies(today)
    bodies = StateBody.objects.filter(pk__in={*by_body, *others}).order_by("pk")
    sent = 0
    for body in bodies:
        with transaction.atomic(durable=True):
            if _once(kind=ClockNotice.Kind.DIGEST, body=body, day=today):
                notifications.on_daily_digest(
                    body, by_body.get(body.pk, []), **others.get(body.pk, {})
                )
                sent += 1
    return sent


def run_clocks(*, today=None):
    """Everything the legal clocks call for today: expire, warn, tell of misses, digest.

    Safe to run again: each email is recorded (ClockNotice) in the transaction that queues it.
    """
    today = today or _today()
    done = expire_petitions(today=today)
    done["warnings"] = warn_of_clocks(today=today)
    done["missed"] = tell_of_missed_clocks(today=today)
    done["digests"] = send_daily_digests(today=today)
    return done


# The register of grounds


GROUND_TEXTS = ["title_kk", "title_ru", "title_en", "legal_basis_kk", "legal_basis_ru",
                "legal_basis_en"]  # fmt: skip


def _require_grounds_editor(actor):
    if refusal(actor, "petitions.edit_grounds", None):
        raise PetitionError(_("You may not edit the grounds for rejection."), code="forbidden")


def _check_texts(texts):
    if any(not (texts.get(name) or "").strip() for name in GROUND_TEXTS):
        raise PetitionError(
            _("Give the ground and its legal basis in Kazakh, Russian and English."),
            code="invalid",
        )


def _new_version(ground, actor, action, effective_from, texts, **details):
    version = GroundVersion.objects.create(
        ground=ground, effective_from=effective_from,
        **details, **{name: texts[name] for name in GROUND_TEXTS},
    )  # fmt: skip
    GroundEvent.objects.create(ground=ground, version=version, actor=actor, action=action)
    return version


def add_ground(*, actor, code, effective_from, source="", confirmed=False, note="", **texts):
    """Add a ground to the register with its first version, in force from a date."""
    _require_grounds_editor(actor)
    _check_texts(texts)
    with transaction.atomic(durable=True):
        if Ground.objects.filter(code=code).exists():
            raise PetitionError(_("A ground with this code exists already."), code="conflict")
        position = Ground.objects.count()
        ground = Ground.objects.create(code=code, position=position)
        return _new_version(ground, actor, GroundEvent.Action.ADDED, effective_from, texts,
                            source=source, confirmed=confirmed, note=note)  # fmt: skip


def amend_ground(*, ground, actor, effective_from, source="", confirmed=False, note="", **texts):
    """Give a ground a new wording from a date: its current version ends the day before and
    stays, unchanged, for the petitions that cite it."""
    _require_grounds_editor(actor)
    _check_texts(texts)
    with transaction.atomic(durable=True):
        ground = Ground.objects.select_for_update().get(pk=ground.pk)
        current = ground.latest_version()
        if current is not None and effective_from <= current.effective_from:
            raise PetitionError(
                gettext("The new wording must start after %(date)s, when the current one did.")
                % {"date": date_format(current.effective_from, "j.m.Y")},
                code="invalid",
            )
        if current is not None and (
            current.effective_until is None or current.effective_until >= effective_from
        ):
            current.effective_until = day_before(effective_from)
            current.save(update_fields=["effective_until"])
        return _new_version(ground, actor, GroundEvent.Action.AMENDED, effective_from, texts,
                            source=source, confirmed=confirmed, note=note)  # fmt: skip
