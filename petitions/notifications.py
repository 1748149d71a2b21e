"""The petition emails of design §4.6."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from portal.notifications import notify_followers, send_after_commit
from portal.rules import PETITION_MODERATORS


def on_decision(petition, event):
    """Tell the author about a step in their petition's life."""
    send_after_commit(
        "petition_decision", [petition.author], {"petition": petition, "event": event}
    )


def live_email_context(petition, event):
    """What the "your petition is live" email says: the link, where to share it, the clock."""
    from petitions import sharing

    return {"petition": petition, "event": event, "url": sharing.petition_url(petition),
            "links": sharing.messenger_links(petition),
            "initial_support": settings.PETITION_INITIAL_SUPPORT,
            "support_days": settings.PETITION_SUPPORT_WORKING_DAYS}  # fmt: skip


def on_published(petition, event):
    """Tell the author their petition is live, with its link and the ways to share it."""
    send_after_commit("petition_live", [petition.author], live_email_context(petition, event))


def on_submitted(petition, event):
    """Tell the petition moderators that a petition waits in the queue."""
    send_after_commit("petition_submitted", petition_moderators(), {"petition": petition})


def on_answered(petition):
    """Tell the signers who asked for it that the state body has answered (in the background)."""
    from petitions.tasks import notify_signers_of_answer

    transaction.on_commit(lambda: notify_signers_of_answer.enqueue(petition_id=petition.pk))


def on_signed(signature, receipt):
    """Email the signer their receipt code (written and sent in the background)."""
    from petitions.tasks import send_signature_receipt

    transaction.on_commit(
        lambda: send_signature_receipt.enqueue(signature_id=signature.pk, receipt=receipt)
    )


def on_discussion_scheduled(petition):
    """Tell the author and the signers who asked when and where the public discussion is."""
    _tell_followers(petition, "discussion_scheduled")


def _tell_followers(petition, template):
    from petitions.tasks import notify_followers

    transaction.on_commit(
        lambda: notify_followers.enqueue(petition_id=petition.pk, template=template)
    )


def petition_moderators():
    """The active petition moderators of the ministry."""
    return get_user_model().objects.filter(groups__name=PETITION_MODERATORS, is_active=True)


def body_officials(body_id):
    """The active officials currently appointed to a state body."""
    return get_user_model().objects.filter(
        official_posts__body_id=body_id, official_posts__removed_at__isnull=True, is_active=True
    )


def _clock_staff(petition, clock):
    """Who answers for a clock: the moderators for moderation; the addressee's officials and
    the moderators for consideration (a petition in moderation is not yet the body's to see)."""
    staff = petition_moderators()
    if clock == "consideration_deadline":
        staff = staff | body_officials(petition.addressee_id)
    return staff.distinct().order_by("pk")


def on_clock_near(petition, clock, days_left):
    """Warn those who answer for a legal clock that it ends within a few working days."""
    context = {"petition": petition, "clock": clock, "days_left": days_left}
    send_after_commit("clock_warning", _clock_staff(petition, clock), context)


def on_clock_missed(petition, clock):
    """Tell those who answer for a legal clock, the author and the signers who asked that it
    was missed."""
    send_after_commit("clock_missed", _clock_staff(petition, clock),
                      {"petition": petition, "clock": clock})  # fmt: skip
    _tell_followers(petition, "clock_missed")


def on_daily_digest(body, petitions, **waiting):
    """Send a state body's officials the petitions waiting for its answer, and what else
    waits for it (`waiting`: by kind, as portal/pending.py gathers it)."""
    send_after_commit("clock_digest", body_officials(body.pk).order_by("pk"),
                      {"body": body, "petitions": petitions, **waiting})  # fmt: skip


def on_followed_change(petition, event):
    """Tell the petition's followers about its new state (the actor is not told)."""
    from petitions.models import Petition

    def describe():
        status = Petition.Status(event.to_status).label
        return _("The petition's status is now: %(status)s.") % {"status": status}

    notify_followers(petition, describe, exclude=[event.actor] if event.actor_id else ())


def on_body_answered(petition):
    """Tell the addressee's followers that it answered a petition, and when it discusses it."""

    def describe():
        text = _("It answered the petition «%(title)s».") % {"title": petition.title}
        if petition.discussion_date:
            day = formats.date_format(petition.discussion_date, "DATE_FORMAT")
            text += " " + _("The public discussion is on %(day)s.") % {"day": day}
        return text

    notify_followers(petition.addressee, describe)
