"""The platform and NGO emails of design §4.6: to the people each decision concerns."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from platforms.models import OrganizationMember, Recommendation
from portal.notifications import notify_followers, send_after_commit


def _representatives(organization):
    return [
        membership.user
        for membership in organization.memberships.filter(
            status=OrganizationMember.Status.APPROVED,
            role=OrganizationMember.Role.REPRESENTATIVE,
        ).select_related("user")
    ]


def _ngo_members(organization):
    return [
        membership.user
        for membership in organization.memberships.filter(
            status=OrganizationMember.Status.APPROVED
        ).select_related("user")
    ]


def on_organization_registered(organization):
    """Nothing to send yet: ministry staff see new NGOs in their list."""


def on_member_request(membership):
    """Tell an NGO's representatives that someone asks to join."""
    send_after_commit(
        "ngo_member_request", _representatives(membership.organization),
        {"membership": membership},
    )  # fmt: skip


def on_member_decision(membership):
    """Tell a person that their NGO membership was approved or ended."""
    send_after_commit("ngo_member_decision", [membership.user], {"membership": membership})


def on_application(membership):
    """Tell the platform's moderators that an application waits."""
    send_after_commit(
        "platform_application", membership.platform.moderators.filter(is_active=True),
        {"membership": membership},
    )  # fmt: skip


def on_membership_decision(membership):
    """Tell the applicant, and the NGO's members when it applied on its behalf."""
    recipients = {membership.user}
    if membership.organization_id:
        recipients.update(_ngo_members(membership.organization))
    send_after_commit(
        "platform_membership_decision", sorted(recipients, key=lambda user: user.pk),
        {"membership": membership},
    )  # fmt: skip


def on_meeting_scheduled(meeting):
    """Tell the platform's members about a new meeting."""
    members = [
        membership.user
        for membership in meeting.platform.memberships.filter(status="approved").select_related(
            "user"
        )
    ]
    send_after_commit("meeting_scheduled", members, {"meeting": meeting})

    def describe():
        when = formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
        return _("A meeting is scheduled: %(title)s, %(when)s.") % {
            "title": meeting.title,
            "when": when,
        }

    notify_followers(meeting.platform, describe)


def on_recommendation_changed(recommendation, change):
    """Tell the recommendation's followers, and its addressee's, about its new status."""

    def describe():
        status = Recommendation.Status(change.to_status).label
        text = _("The recommendation's status is now: %(status)s.") % {"status": status}
        return f"{text}\n\n{change.answer}".strip()

    def describe_for_body():
        return (
            _("%(status)s: a recommendation to this state body.")
            % {"status": Recommendation.Status(change.to_status).label}
            + f"\n«{recommendation.text[:200]}»"
        )

    notify_followers(recommendation, describe)
    notify_followers(recommendation.addressee, describe_for_body)


def on_proposal(proposal):
    """Tell the platform's moderators about a new proposal."""
    send_after_commit(
        "proposal_submitted", proposal.platform.moderators.filter(is_active=True),
        {"proposal": proposal},
    )  # fmt: skip


def on_proposal_decision(proposal):
    """Tell a proposal's author what became of it."""
    send_after_commit("proposal_decision", [proposal.author], {"proposal": proposal})
