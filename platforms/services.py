"""Every change to NGOs, platforms, meetings, proposals and recommendations (design §3).

Each function runs in one transaction, checks the person's right through the rules, writes
an event, and sends its emails after commit.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms import notifications
from platforms.models import (
    AgendaItem,
    Meeting,
    MeetingRegistration,
    Organization,
    OrganizationMember,
    Platform,
    PlatformEvent,
    PlatformMembership,
    Proposal,
    Recommendation,
    RecommendationChange,
)
from portal.errors import Refused
from portal.rules import forget, refusal
from portal.validators import validate_bin

NOT_ALLOWED = _("You may not do this.")


class PlatformError(Refused):
    """A step on a platform or an NGO that is not allowed."""


def _require(user, permission, obj, message=NOT_ALLOWED):
    """Refuse unless the person may take the step now: "forbidden" when their role does not
    allow it, "conflict" when the obj's state does not (portal.rules.refusal)."""
    code = refusal(user, permission, obj)
    if code:
        raise PlatformError(message, code=code)


def _event(platform, actor, action, subject="", note=""):
    return PlatformEvent.objects.create(
        platform=platform, actor=actor, action=action, subject=str(subject)[:255], note=note
    )


# NGOs


def _lock_organization(membership):
    Organization.objects.select_for_update().get(pk=membership.organization_id)


def register_organization(*, user, **fields):
    """Register an NGO; its registrant becomes its representative, pending verification."""
    _require(user, "platforms.register_organization", None,
             _("Verify your email address to register an NGO."))  # fmt: skip
    try:
        validate_bin(fields.get("bin", ""))
    except ValidationError as error:
        raise PlatformError(error.messages[0], code="invalid") from None
    try:
        with transaction.atomic():
            organization = Organization.objects.create(verified=False, **fields)
            OrganizationMember.objects.create(
                organization=organization, user=user,
                role=OrganizationMember.Role.REPRESENTATIVE,
                status=OrganizationMember.Status.APPROVED, decided_at=timezone.now(),
            )  # fmt: skip
    except IntegrityError as error:
        if "organization_bin_unique" not in str(error):
            raise
        raise PlatformError(
            _("An organisation with this BIN is already registered."), code="conflict"
        ) from None
    notifications.on_organization_registered(organization)
    return organization


ORGANIZATION_FIELDS = ("name_kk", "name_ru", "name_en", "legal_form", "region", "spheres",
                       "website", "description")  # fmt: skip


def update_organization(*, organization, editor, **changes):
    """Change an NGO's profile (its BIN stays as registered)."""
    _require(editor, "platforms.edit_organization", organization)
    fields = [name for name in changes if name in ORGANIZATION_FIELDS]
    for name in fields:
        setattr(organization, name, changes[name])
    organization.save(update_fields=fields)
    return organization


def verify_organization(*, organization, staff):
    """Mark an NGO verified once its BIN was checked against the state register."""
    _require(staff, "platforms.verify_organization", organization)
    organization.verified = True
    organization.save(update_fields=["verified"])
    return organization


def join_organization(*, organization, user):
    """Ask to join an NGO; its representatives decide."""
    _require(user, "platforms.register_organization", None,
             _("Verify your email address to join an NGO."))  # fmt: skip
    _require(user, "platforms.join_organization", organization,
             _("You are already a member of this organisation."))  # fmt: skip
    with transaction.atomic():
        membership, created = OrganizationMember.objects.select_for_update().get_or_create(
            organization=organization, user=user,
            defaults={"status": OrganizationMember.Status.PENDING},
        )  # fmt: skip
        if not created and membership.status == OrganizationMember.Status.PENDING:
            raise PlatformError(_("Your request is already waiting for a decision."))
        if not created and membership.status == OrganizationMember.Status.APPROVED:
            raise PlatformError(_("You are already a member of this organisation."))
        if not created:
            membership.status = OrganizationMember.Status.PENDING
            membership.role = OrganizationMember.Role.MEMBER
            membership.decided_at = membership.decided_by = None
            membership.save(update_fields=["status", "role", "decided_at", "decided_by"])
        notifications.on_member_request(membership)
    return membership


def decide_organization_member(*, membership, representative, approve):
    """Approve a pending member, or refuse them."""
    _require(representative, "platforms.approve_organization_member", membership.organization)
    with transaction.atomic():
        _lock_organization(membership)
        membership = OrganizationMember.objects.select_for_update().get(pk=membership.pk)
        if membership.status != OrganizationMember.Status.PENDING:
            raise PlatformError(_("This request was already decided."))
        membership.status = (
            OrganizationMember.Status.APPROVED if approve else OrganizationMember.Status.REMOVED
        )
        membership.decided_at = timezone.now()
        membership.decided_by = representative
        membership.save(update_fields=["status", "decided_at", "decided_by"])
        notifications.on_member_decision(membership)
    return membership


def remove_organization_member(*, membership, representative):
    """Remove a member from an NGO; its last representative cannot be removed."""
    _require(representative, "platforms.approve_organization_member", membership.organization)
    with transaction.atomic():
        # The organisation's lock: two representatives removing each other cannot both win.
        _lock_organization(membership)
        membership = OrganizationMember.objects.select_for_update().get(pk=membership.pk)
        if membership.status != OrganizationMember.Status.APPROVED:
            raise PlatformError(_("This person is not a member."))
        others = OrganizationMember.objects.filter(
            organization=membership.organization, status=OrganizationMember.Status.APPROVED,
            role=OrganizationMember.Role.REPRESENTATIVE,
        ).exclude(pk=membership.pk)  # fmt: skip
        if membership.role == OrganizationMember.Role.REPRESENTATIVE and not others.exists():
            raise PlatformError(_("An organisation needs at least one representative."))
        membership.status = OrganizationMember.Status.REMOVED
        membership.decided_at = timezone.now()
        membership.decided_by = representative
        membership.save(update_fields=["status", "decided_at", "decided_by"])
        # The seats they held on the NGO's behalf end with their membership.
        PlatformMembership.objects.filter(
            user=membership.user, organization=membership.organization,
            status__in=[PlatformMembership.Status.APPLIED, PlatformMembership.Status.APPROVED],
        ).update(status=PlatformMembership.Status.LEFT, decided_at=timezone.now())  # fmt: skip
        notifications.on_member_decision(membership)
    return membership


# Platform membership


def apply_to_platform(*, platform, user, role, organization=None, motivation="",
                      show_name=False):  # fmt: skip
    """Apply for a seat: on an NGO's behalf (its approved member), or as an expert or activist."""
    _require(user, "platforms.apply_to_platform", platform,
             _("This platform does not take your application."))  # fmt: skip
    if role == PlatformMembership.Role.STATE_OFFICIAL:
        raise PlatformError(_("State officials are appointed by the moderators."), "invalid")
    if role == PlatformMembership.Role.NGO_REPRESENTATIVE:
        is_member = (
            organization is not None
            and OrganizationMember.objects.filter(
                organization=organization, user=user, status=OrganizationMember.Status.APPROVED
            ).exists()
        )
        if not is_member:
            raise PlatformError(
                _("Apply on an NGO's behalf only as its approved member."), code="forbidden"
            )
    else:
        organization = None
    try:
        with transaction.atomic():
            membership = PlatformMembership.objects.create(
                platform=platform, user=user, organization=organization, role=role,
                motivation=motivation, show_name=show_name,
            )  # fmt: skip
            _event(platform, user, "applied", subject=organization or user.full_name)
    except IntegrityError:
        raise PlatformError(_("You have already applied to this platform.")) from None
    notifications.on_application(membership)
    return membership


def decide_platform_membership(*, membership, moderator, approve, reason=""):
    """Approve an application, or decline it with a reason."""
    _require(moderator, "platforms.decide_membership", membership.platform)
    if not approve and not reason.strip():
        raise PlatformError(_("Give the reason for declining."), code="invalid")
    with transaction.atomic():
        membership = PlatformMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != PlatformMembership.Status.APPLIED:
            raise PlatformError(_("This application was already decided."))
        membership.status = (
            PlatformMembership.Status.APPROVED if approve else PlatformMembership.Status.DECLINED
        )
        membership.decided_at = timezone.now()
        membership.decided_by = moderator
        membership.decision_reason = reason
        membership.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        subject = membership.organization or membership.user.full_name
        action = "approved" if approve else "declined"
        _event(membership.platform, moderator, action, subject=subject, note=reason)
        notifications.on_membership_decision(membership)
    forget(membership.user)
    return membership


def appoint_state_official(*, platform, moderator, user):
    """Seat a state official on the platform (officials do not apply)."""
    _require(moderator, "platforms.decide_membership", platform)
    try:
        with transaction.atomic():
            membership = PlatformMembership.objects.create(
                platform=platform, user=user, role=PlatformMembership.Role.STATE_OFFICIAL,
                status=PlatformMembership.Status.APPROVED, decided_at=timezone.now(),
                decided_by=moderator,
            )  # fmt: skip
            _event(platform, moderator, "appointed", subject=user.full_name)
    except IntegrityError:
        raise PlatformError(_("This person already has a seat on the platform.")) from None
    return membership


def leave_platform(*, membership, user):
    """Give up one's seat on a platform."""
    if membership.user_id != user.pk:
        raise PlatformError(NOT_ALLOWED, code="forbidden")
    with transaction.atomic():
        membership = PlatformMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status not in (PlatformMembership.Status.APPLIED,
                                     PlatformMembership.Status.APPROVED):  # fmt: skip
            raise PlatformError(_("You are not a member of this platform."))
        membership.status = PlatformMembership.Status.LEFT
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_at"])
        MeetingRegistration.objects.filter(
            user=user, meeting__platform=membership.platform, meeting__starts_at__gt=timezone.now()
        ).delete()
        _event(membership.platform, user, "left",
               subject=membership.organization or user.full_name)  # fmt: skip
    forget(user)
    return membership


# Meetings


def schedule_meeting(*, platform, moderator, title, starts_at, format, place="", online_link="",
                     capacity=None, agenda=()):  # fmt: skip
    """Schedule a meeting with its ordered agenda; members are told by email."""
    _require(moderator, "platforms.schedule_meeting", platform)
    if starts_at <= timezone.now():
        raise PlatformError(_("A meeting cannot be scheduled in the past."), code="invalid")
    if format in (Meeting.Format.OFFLINE, Meeting.Format.HYBRID) and not place.strip():
        raise PlatformError(_("Give the place of an in-person meeting."), code="invalid")
    if format in (Meeting.Format.ONLINE, Meeting.Format.HYBRID) and not online_link:
        raise PlatformError(_("Give the link of an online meeting."), code="invalid")
    with transaction.atomic():
        meeting = Meeting.objects.create(
            platform=platform, title=title, starts_at=starts_at, format=format, place=place,
            online_link=online_link, capacity=capacity,
        )  # fmt: skip
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=position, title=item)
            for position, item in enumerate((item for item in agenda if item.strip()), 1)
        )
        _event(platform, moderator, "meeting_scheduled", subject=title)
        notifications.on_meeting_scheduled(meeting)
    return meeting


def register_for_meeting(*, meeting, user):
    """Take a seat at a meeting; an in-person meeting has a capacity."""
    _require(user, "platforms.register_for_meeting", meeting,
             _("Only the platform's members may register, before the meeting."))  # fmt: skip
    with transaction.atomic():
        # The meeting's row lock makes the capacity check and the insert one step.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if MeetingRegistration.objects.filter(meeting=meeting, user=user).exists():
            raise PlatformError(_("You are already registered."))
        taken = MeetingRegistration.objects.filter(meeting=meeting).count()
        if meeting.capacity is not None and taken >= meeting.capacity:
            raise PlatformError(_("All seats are taken."))
        registration = MeetingRegistration.objects.create(meeting=meeting, user=user)
    forget(user)
    return registration


def cancel_registration(*, meeting, user):
    """Give up one's seat at an upcoming meeting."""
    _require(user, "platforms.cancel_registration", meeting,
             _("You are not registered for this upcoming meeting."))  # fmt: skip
    deleted, _rows = MeetingRegistration.objects.filter(
        meeting=meeting, user=user, meeting__starts_at__gt=timezone.now()
    ).delete()
    forget(user)
    if not deleted:
        raise PlatformError(_("You are not registered for this upcoming meeting."))


def publish_minutes(*, meeting, moderator, minutes, attended_user_ids=()):
    """Publish a past meeting's minutes and who attended."""
    _require(moderator, "platforms.publish_minutes", meeting,
             _("Minutes are published after the meeting, by its moderators."))  # fmt: skip
    if not minutes.strip():
        raise PlatformError(_("Write the minutes."), code="invalid")
    with transaction.atomic():
        meeting.minutes = minutes
        meeting.minutes_published_at = timezone.now()
        meeting.save(update_fields=["minutes", "minutes_published_at"])
        registrations = MeetingRegistration.objects.filter(meeting=meeting)
        registrations.update(attended=False)
        registrations.filter(user_id__in=list(attended_user_ids)).update(attended=True)
        _event(meeting.platform, moderator, "minutes_published", subject=meeting.title)
    return meeting


# Proposals


def submit_proposal(*, platform, user, title, text):
    """Put an item on the platform's table."""
    _require(user, "platforms.submit_proposal", platform,
             _("Only the platform's members may make proposals."))  # fmt: skip
    with transaction.atomic():
        proposal = Proposal.objects.create(platform=platform, author=user, title=title, text=text)
        _event(platform, user, "proposal_submitted", subject=title)
        notifications.on_proposal(proposal)
    return proposal


def put_proposal_on_agenda(*, proposal, moderator, meeting):
    """Add a proposal to an upcoming meeting's agenda, as its last item."""
    _require(moderator, "platforms.decide_proposal", proposal.platform)
    if meeting.platform_id != proposal.platform_id or meeting.is_past:
        raise PlatformError(_("Choose an upcoming meeting of this platform."), code="invalid")
    with transaction.atomic():
        # The meeting's lock: two proposals added at once get consecutive positions.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_past:
            raise PlatformError(_("Choose an upcoming meeting of this platform."), code="invalid")
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != Proposal.Status.SUBMITTED:
            raise PlatformError(_("This proposal was already decided."))
        last = meeting.agenda_items.order_by("-position").values_list("position", flat=True)
        AgendaItem.objects.create(
            meeting=meeting, position=(last.first() or 0) + 1, title=proposal.title,
            proposal=proposal,
        )  # fmt: skip
        proposal.status = Proposal.Status.ON_AGENDA
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decided_at"])
        _event(proposal.platform, moderator, "proposal_on_agenda", subject=proposal.title)
        notifications.on_proposal_decision(proposal)
    return proposal


def decline_proposal(*, proposal, moderator, reason):
    """Decline a proposal, saying why."""
    _require(moderator, "platforms.decide_proposal", proposal.platform)
    if not reason.strip():
        raise PlatformError(_("Give the reason for declining."), code="invalid")
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != Proposal.Status.SUBMITTED:
            raise PlatformError(_("This proposal was already decided."))
        proposal.status = Proposal.Status.DECLINED
        proposal.decision_reason = reason
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decision_reason", "decided_at"])
        _event(proposal.platform, moderator, "proposal_declined", subject=proposal.title,
               note=reason)  # fmt: skip
        notifications.on_proposal_decision(proposal)
    return proposal


# Recommendations


def record_recommendation(*, platform, moderator, text, addressee, meeting=None, due_date=None,
                          answered_on=None):  # fmt: skip
    """Record a meeting's recommendation or a council's resolution."""
    _require(moderator, "platforms.record_recommendation", platform)
    if meeting is not None and meeting.platform_id != platform.pk:
        raise PlatformError(_("Choose a meeting of this platform."), code="invalid")
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            platform=platform, meeting=meeting, text=text, addressee=addressee,
            due_date=due_date,
        )  # fmt: skip
        RecommendationChange.objects.create(
            recommendation=recommendation, to_status=Recommendation.Status.PROPOSED,
            answered_on=answered_on or timezone.localdate(), actor=moderator,
        )  # fmt: skip
        _event(platform, moderator, "recommendation_recorded", subject=text)
    return recommendation


def change_recommendation_status(*, recommendation, moderator, to_status, answer, answered_on):
    """Move a recommendation on (sent, accepted, …, implemented) with the answer and its date."""
    _require(moderator, "platforms.record_recommendation", recommendation.platform)
    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if to_status not in Recommendation.NEXT[recommendation.status]:
            raise PlatformError(_("A recommendation cannot move to that status from here."))
        if to_status != Recommendation.Status.SENT and not answer.strip():
            raise PlatformError(_("Enter the answer."), code="invalid")
        previous = recommendation.changes.order_by("-answered_on", "-pk").values_list(
            "answered_on", flat=True
        )
        if previous.first() and answered_on < previous.first():
            raise PlatformError(
                _("The date of the answer cannot be before the previous step."), code="invalid"
            )
        change = RecommendationChange.objects.create(
            recommendation=recommendation, from_status=recommendation.status,
            to_status=to_status, answer=answer, answered_on=answered_on, actor=moderator,
        )  # fmt: skip
        recommendation.status = to_status
        recommendation.save(update_fields=["status", "updated_at"])
        _event(recommendation.platform, moderator, "recommendation_" + to_status,
               subject=recommendation.text)  # fmt: skip
        notifications.on_recommendation_changed(recommendation, change)
    return recommendation


def archive_platform(*, platform, moderator):
    """Archive a platform: it keeps its history and takes no more applications."""
    _require(moderator, "platforms.moderate_platform", platform)
    with transaction.atomic():
        platform.status = Platform.Status.ARCHIVED
        platform.save(update_fields=["status"])
        _event(platform, moderator, "archived")
    return platform
