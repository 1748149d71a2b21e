"""Every change of a person's account data goes through these functions."""

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from portal.auth import forget_people
from portal.errors import Refused
from portal.identity import signer_key
from portal.validators import parse_iin

IIN_TAKEN = _(
    "This IIN is already declared on another account. One person has one account: "
    "sign in to that one, or write to support if it is not yours."
)


class IINError(Exception):
    """An IIN that cannot be declared; the message says why, in the user's language."""


def declare_iin(*, user, iin):
    """Keep the keyed hash of the person's IIN (once); a second account with it is refused."""
    if user.has_iin:
        raise IINError(_("An IIN is already declared on this account."))
    parse_iin(iin)
    from portal.models import User

    if User.objects.filter(iin_hash=signer_key(iin)).exclude(pk=user.pk).exists():
        raise IINError(IIN_TAKEN)
    user.set_iin(iin)
    try:
        with transaction.atomic(durable=True):
            user.save(update_fields=["iin_hash", "birth_date"])
    except IntegrityError:
        # Two accounts declared the same IIN at the same moment: the constraint decides.
        user.iin_hash = user.birth_date = None
        raise IINError(IIN_TAKEN) from None


IIN_PROVEN_ELSEWHERE = _(
    "This IIN is already proven with a digital signature on another account. One person has "
    "one account: sign in to that one, or write to support if it is not yours."
)


def prove_iin(*, user, person):
    """Mark the account's IIN as proven by a digital signature (portal/eds.py), with the date
    and the certificate's serial number, and the names the certificate gives.

    One account per IIN: an account that only declared this IIN loses it, and the signatures it
    made under it go to the moderators' review (portal.signals); both people are emailed.
    """
    from django.utils import timezone

    from portal import notifications, rules, signals
    from portal.eds import EDSRefused
    from portal.models import User

    if not user.has_perm("portal.prove_iin"):
        raise IINError(_("Verify your email address first."))
    key = signer_key(person.iin)
    with transaction.atomic(durable=True):
        me = User.objects.select_for_update().get(pk=user.pk)
        if me.iin_proven and me.iin_hash != key:
            raise EDSRefused("wrong_iin")
        holder = User.objects.select_for_update().filter(iin_hash=key).exclude(pk=me.pk).first()
        if holder is not None and holder.iin_proven:
            raise IINError(IIN_PROVEN_ELSEWHERE)
        if holder is not None:
            holder.iin_hash = holder.birth_date = None
            holder.save(update_fields=["iin_hash", "birth_date"])
            signals.iin_signatures_to_review.send(
                sender=User, signer_key=key, holder=holder, reason="proven_elsewhere"
            )
            context = {"other": me, "holder": holder}
            notifications.send_after_commit("iin_taken_over", [holder], context)
            notifications.send_after_commit("iin_proven_conflict", [me], context)
        if me.iin_hash and me.iin_hash != key:
            signals.iin_signatures_to_review.send(
                sender=User, signer_key=me.iin_hash, holder=me, reason="replaced"
            )
        me.set_iin(person.iin)
        me.iin_proven_at = timezone.now()
        me.iin_certificate_serial = person.certificate_serial[:64]
        fields = ["iin_hash", "birth_date", "iin_proven_at", "iin_certificate_serial"]
        if person.surname and person.given_names:
            me.last_name = person.surname.title()[:100]
            me.first_name = person.given_names.title()[:100]
            fields += ["first_name", "last_name"]
        me.save(update_fields=fields)
    for name in fields:
        setattr(user, name, getattr(me, name))
    rules.forget(user)
    return user


def update_profile(*, user, first_name, last_name, region, preferred_language):
    """Save the person's name, region and preferred language."""
    user.first_name = first_name
    user.last_name = last_name
    user.region = region
    user.preferred_language = preferred_language
    user.save(update_fields=["first_name", "last_name", "region", "preferred_language"])


def set_preferred_language(*, user, language):
    """Remember the interface language a signed-in person chose."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def issue_api_token(*, user):
    """The person's API key for `Authorization: Token <key>`, made on first request."""
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def revoke_api_token(*, user):
    """Delete the person's API key; a new one can be issued later."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()


# State officials


class OfficialError(Refused):
    """An appointment that cannot be made or undone; the message says why."""


def _require_appointer(actor):
    if not actor.has_perm("portal.appoint_official"):
        raise OfficialError(_("Only administrators and ministry staff appoint officials."),
                            code="forbidden")  # fmt: skip


def appoint_official(*, body, user, actor):
    """Appoint a person to act for a state body in its workspace; an event keeps the record."""
    from portal.models import OFFICIAL_APPOINTED, StateBodyEvent, StateBodyOfficial

    _require_appointer(actor)
    if not user.is_active:
        raise OfficialError(_("This account is deactivated."), code="invalid")
    with transaction.atomic(durable=True):
        # The body's row lock puts concurrent appointments of one body in a queue.
        type(body).objects.select_for_update().get(pk=body.pk)
        if body.officials.current().filter(user=user).exists():
            raise OfficialError(_("This person is already an official of this body."),
                                code="conflict")  # fmt: skip
        official = StateBodyOfficial.objects.create(body=body, user=user)
        StateBodyEvent.objects.create(body=body, actor=actor, subject=user,
                                      action=OFFICIAL_APPOINTED)  # fmt: skip
    return official


def remove_official(*, body, user, actor):
    """End a person's appointment to a state body; the row stays for the record."""
    from django.utils import timezone

    from portal.models import OFFICIAL_REMOVED, StateBodyEvent

    _require_appointer(actor)
    with transaction.atomic(durable=True):
        removed = body.officials.current().filter(user=user).update(removed_at=timezone.now())
        forget_people(user.pk)  # an update sends no signal
        if not removed:
            raise OfficialError(_("This person is not an official of this body."),
                                code="conflict")  # fmt: skip
        StateBodyEvent.objects.create(body=body, actor=actor, subject=user,
                                      action=OFFICIAL_REMOVED)  # fmt: skip


# Follows (design §4.6): a person follows what they may see, and stops with one click.

UNFOLLOW_SALT = "portal.unfollow"


def follow(*, user, target):
    """Follow a petition, platform, recommendation or state body (once; again is harmless)."""
    from portal import follows
    from portal.models import Follow

    follows.kind_of(target)
    with transaction.atomic(durable=True):
        follow, _created = Follow.objects.get_or_create(
            user=user, content_type=follows.content_type(target), object_id=target.pk
        )
    return follow


def unfollow(*, user, target):
    """Stop following it; not following it already is harmless."""
    from portal import follows
    from portal.models import Follow

    with transaction.atomic(durable=True):
        Follow.objects.filter(follows.target_filter(target), user=user).delete()


def unfollow_token(follow):
    """The signed token of an email's one-click unfollow link (no sign-in needed)."""
    return signing.dumps(follow.pk, salt=UNFOLLOW_SALT)


def _token_follow(token):
    """The Follow row a signed token names (None for a bad token, or one already used)."""
    from portal.models import Follow

    try:
        pk = signing.loads(token, salt=UNFOLLOW_SALT)
    except signing.BadSignature:
        return None
    return Follow.objects.select_related("content_type").filter(pk=pk).first()


def _followed(follow):
    model = follow.content_type.model_class()
    return model._default_manager.filter(pk=follow.object_id).first()


def followed_by_token(*, token):
    """What the token's follow points at, to name it before unfollowing; None for a bad
    token (or one already used)."""
    follow = _token_follow(token)
    return _followed(follow) if follow is not None else None


def unfollow_by_token(*, token):
    """Delete the follow the token names; return what was followed, or None for a bad token
    (or one already used)."""
    with transaction.atomic(durable=True):
        follow = _token_follow(token)
        if follow is None:
            return None
        target = _followed(follow)
        follow.delete()
    return target
