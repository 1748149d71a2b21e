"""Every change to NGOs, platforms, meetings, proposals and recommendations (design §3).

Each function runs in one transaction, checks the person's right through the rules, writes
an event, and sends its emails after commit. A step's transaction is durable (it must be the
outermost, so its commit is final when it returns) only where no caller wraps it: seed_demo
runs the demo in one transaction, the admin's add and change pages run in one, and services
call one another (create_platform calls assign_moderator), so the others stay nestable.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms import notifications
from platforms.models import (
    AgendaItem,
    Composition,
    Meeting,
    MeetingRegistration,
    Organization,
    OrganizationEvent,
    OrganizationMember,
    Platform,
    PlatformEvent,
    PlatformMembership,
    Proposal,
    Recommendation,
    RecommendationChange,
)
from portal.errors import Refused
from portal.rules import MINISTRY_STAFF, forget, refusal
from portal.validators import validate_bin

NOT_ALLOWED = _("You may not do this.")
ALREADY_SEATED = _("This person already has a seat on the platform.")
Action = PlatformEvent.Action
NgoAction = OrganizationEvent.Action


class PlatformError(Refused):
    """A step on a platform or an NGO that is not allowed."""


class BelowTwoThirds(PlatformError):
    """A seat that would leave civil society less than two thirds: a conflict that the
    moderator may override by recording why."""


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


def _ngo_event(organization, actor, action, subject="", note=""):
    return OrganizationEvent.objects.create(
        organization=organization, actor=actor, action=action, subject=str(subject)[:255],
        note=note,
    )  # fmt: skip


# NGOs


def _lock_organization(membership):
    Organization.objects.select_for_update().get(pk=membership.organization_id)


def register_organization(*, user, language=None, **fields):
    """Register an NGO; its registrant becomes its representative, pending verification (its
    description in the registrant's language unless they say)."""
    _require(user, "platforms.register_organization", None,
             _("Verify your email address to register an NGO."))  # fmt: skip
    try:
        validate_bin(fields.get("bin", ""))
    except ValidationError as error:
        raise PlatformError(error.messages[0], code="invalid") from None
    try:
        with transaction.atomic(durable=True):
            organization = Organization.objects.create(
                verified=False, language=language or user.preferred_language, **fields
            )
            OrganizationMember.objects.create(
                organization=organization, user=user,
                role=OrganizationMember.Role.REPRESENTATIVE,
                status=OrganizationMember.Status.APPROVED, decided_at=timezone.now(),
            )  # fmt: skip
            _ngo_event(organization, user, NgoAction.REGISTERED, subject=user.full_name)
    except IntegrityError as error:
        if "organization_bin_unique" not in str(error):
            raise
        raise PlatformError(
            _("An organisation with this BIN is already registered."), code="conflict"
        ) from None
    forget(user)
    notifications.on_organization_registered(organization)
    return organization


ORGANIZATION_FIELDS = ("name_kk", "name_ru", "name_en", "legal_form", "region", "spheres",
                       "website", "description", "language")  # fmt: skip


def update_organization(*, organization, editor, **changes):
    """Change an NGO's profile (its BIN stays as registered; a language left out stays)."""
    _require(editor, "platforms.edit_organization", organization)
    fields = [name for name in changes if name in ORGANIZATION_FIELDS]
    if not changes.get("language"):
        fields = [name for name in fields if name != "language"]
    with transaction.atomic(durable=True):
        for name in fields:
            setattr(organization, name, changes[name])
        organization.save(update_fields=fields)
        _ngo_event(organization, editor, NgoAction.UPDATED, note=", ".join(fields))
    return organization


def verify_organization(*, organization, staff):
    """Mark an NGO verified once its BIN was checked against the state register."""
    _require(staff, "platforms.verify_organization", organization)
    with transaction.atomic(durable=True):
        organization.verified = True
        organization.save(update_fields=["verified"])
        _ngo_event(organization, staff, NgoAction.VERIFIED)
    return organization


def join_organization(*, organization, user):
    """Ask to join an NGO; its representatives decide."""
    _require(user, "platforms.register_organization", None,
             _("Verify your email address to join an NGO."))  # fmt: skip
    _require(user, "platforms.join_organization", organization,
             _("You are already a member of this organisation."))  # fmt: skip
    with transaction.atomic(durable=True):
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
        _ngo_event(organization, user, NgoAction.JOIN_REQUESTED, subject=user.full_name)
        notifications.on_member_request(membership)
    return membership


def decide_organization_member(*, membership, representative, approve):
    """Approve a pending member, or refuse them."""
    _require(representative, "platforms.approve_organization_member", membership.organization)
    with transaction.atomic(durable=True):
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
        action = NgoAction.MEMBER_APPROVED if approve else NgoAction.MEMBER_REFUSED
        _ngo_event(membership.organization, representative, action,
                   subject=membership.user.full_name)  # fmt: skip
        notifications.on_member_decision(membership)
    forget(membership.user)
    return membership


def remove_organization_member(*, membership, representative):
    """Remove a member from an NGO; its last representative cannot be removed."""
    _require(representative, "platforms.approve_organization_member", membership.organization)
    # The outer edge (see the module's docstring): no caller holds a transaction around it.
    with transaction.atomic(durable=True):
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
        ).update(status=PlatformMembership.Status.LEFT, decided_at=timezone.now(),
                 left_at=Case(When(status=PlatformMembership.Status.APPROVED,
                                   then=timezone.now())))  # fmt: skip
        _ngo_event(membership.organization, representative, NgoAction.MEMBER_REMOVED,
                   subject=membership.user.full_name)  # fmt: skip
        notifications.on_member_decision(membership)
    forget(membership.user)
    return membership


# Platforms

PLATFORM_FIELDS = ("slug", "kind", "name_kk", "name_ru", "name_en", "description_kk",
                   "description_ru", "description_en", "sphere", "host", "chair", "term_start",
                   "term_end", "membership_policy")  # fmt: skip


def _validated(platform, fields):
    """Check the platform against its model's fields and validators, as a refusal."""
    try:
        platform.full_clean(exclude=[f.name for f in Platform._meta.fields if f.name not in fields])
    except ValidationError as error:
        raise PlatformError(" ".join(error.messages), code="invalid") from None


def create_platform(*, user, moderators=(), **fields):
    """Open a dialogue platform or a public council, with its first moderators."""
    _require(user, "platforms.create_platform", None)
    fields = {name: value for name, value in fields.items() if name in PLATFORM_FIELDS}
    platform = Platform(**fields)
    _validated(platform, list(fields))
    try:
        with transaction.atomic(durable=True):
            platform.save()
            _event(platform, user, Action.CREATED, subject=platform.name_ru or platform.name_kk)
    except IntegrityError:
        raise PlatformError(_("A platform with this address already exists."), "invalid") from None
    for moderator in moderators:
        assign_moderator(platform=platform, admin=user, user=moderator)
    return platform


def update_platform(*, platform, moderator, **changes):
    """Change a platform's details (its moderators and status have services of their own)."""
    _require(moderator, "platforms.moderate_platform", platform)
    fields = [name for name in changes if name in PLATFORM_FIELDS]
    for name in fields:
        setattr(platform, name, changes[name])
    _validated(platform, fields)
    try:
        with transaction.atomic(durable=True):
            platform.save(update_fields=fields)
            _event(platform, moderator, Action.UPDATED, note=", ".join(fields))
    except IntegrityError:
        raise PlatformError(_("A platform with this address already exists."), "invalid") from None
    return platform


def assign_moderator(*, platform, admin, user):
    """Make a member of the ministry's staff a moderator of the platform."""
    _require(admin, "platforms.assign_moderator", platform)
    if not user.groups.filter(name=MINISTRY_STAFF).exists():
        raise PlatformError(_("Only the ministry's staff moderate platforms."), code="invalid")
    with transaction.atomic(durable=True):
        if platform.moderators.filter(pk=user.pk).exists():
            raise PlatformError(_("This person already moderates the platform."))
        platform.moderators.add(user)
        _event(platform, admin, Action.MODERATOR_ASSIGNED, subject=user.full_name)
    forget(user)
    return platform


def remove_moderator(*, platform, admin, user):
    """End a person's moderation of the platform."""
    _require(admin, "platforms.assign_moderator", platform)
    with transaction.atomic(durable=True):
        if not platform.moderators.filter(pk=user.pk).exists():
            raise PlatformError(_("This person does not moderate the platform."))
        platform.moderators.remove(user)
        _event(platform, admin, Action.MODERATOR_REMOVED, subject=user.full_name)
    forget(user)
    return platform


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
        with transaction.atomic(durable=True):
            membership = PlatformMembership.objects.create(
                platform=platform, user=user, organization=organization, role=role,
                motivation=motivation, show_name=show_name,
            )  # fmt: skip
            _event(platform, user, Action.APPLIED, subject=organization or user.full_name)
    except IntegrityError:
        raise PlatformError(_("You have already applied to this platform.")) from None
    notifications.on_application(membership)
    return membership


def decide_platform_membership(*, membership, moderator, approve, reason=""):
    """Approve an application, or decline it with a reason."""
    _require(moderator, "platforms.decide_membership", membership.platform)
    if not approve and not reason.strip():
        raise PlatformError(_("Give the reason for declining."), code="invalid")
    with transaction.atomic(durable=True):
        membership = PlatformMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != PlatformMembership.Status.APPLIED:
            raise PlatformError(_("This application was already decided."))
        membership.status = (
            PlatformMembership.Status.APPROVED if approve else PlatformMembership.Status.DECLINED
        )
        membership.decided_at = timezone.now()
        membership.seated_at = membership.decided_at if approve else None
        membership.decided_by = moderator
        membership.decision_reason = reason
        membership.save(update_fields=["status", "decided_at", "seated_at", "decided_by",
                                       "decision_reason"])  # fmt: skip
        subject = membership.organization or membership.user.full_name
        action = Action.APPROVED if approve else Action.DECLINED
        _event(membership.platform, moderator, action, subject=subject, note=reason)
        notifications.on_membership_decision(membership)
    forget(membership.user)
    return membership


def appoint_state_official(*, platform, moderator, user, override_reason=""):
    """Seat a state official on the platform (officials do not apply).

    Civil society holds at least two thirds of the seats (design §4.7): a seat that would
    leave it less is refused, unless the moderator records why; that reason is published on
    the platform's page.
    """
    _require(moderator, "platforms.decide_membership", platform)
    official = PlatformMembership.Role.STATE_OFFICIAL
    try:
        with transaction.atomic(durable=True):
            # The platform's row lock: two appointments cannot both pass the same count.
            Platform.objects.select_for_update().get(pk=platform.pk)
            if PlatformMembership.objects.filter(platform=platform, user=user).exists():
                raise PlatformError(ALREADY_SEATED)
            seats = Platform.objects.with_composition().get(pk=platform.pk).composition
            after = Composition({**seats.by_role, official: seats.by_role[official] + 1})
            if not after.goal_met and not override_reason.strip():
                raise BelowTwoThirds(
                    _("Seating this official would leave civil society %(civil)s of "
                      "%(total)s seats, below two thirds. Give the reason to seat them all "
                      "the same; it will be published.")
                    % {"civil": after.civil, "total": after.total},
                    code="conflict",
                )  # fmt: skip
            now = timezone.now()
            membership = PlatformMembership.objects.create(
                platform=platform, user=user, role=official,
                status=PlatformMembership.Status.APPROVED, decided_at=now, seated_at=now,
                decided_by=moderator,
            )  # fmt: skip
            _event(platform, moderator, Action.APPOINTED, subject=user.full_name)
            if not after.goal_met:
                _event(platform, moderator, Action.TWO_THIRDS_OVERRIDDEN, subject=user.full_name,
                       note=override_reason.strip())  # fmt: skip
    except IntegrityError:
        raise PlatformError(ALREADY_SEATED) from None
    return membership


def leave_platform(*, membership, user):
    """Give up one's seat on a platform."""
    if membership.user_id != user.pk:
        raise PlatformError(NOT_ALLOWED, code="forbidden")
    # The outer edge (see the module's docstring): no caller holds a transaction around it.
    with transaction.atomic(durable=True):
        membership = PlatformMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status not in (PlatformMembership.Status.APPLIED,
                                     PlatformMembership.Status.APPROVED):  # fmt: skip
            raise PlatformError(_("You are not a member of this platform."))
        if membership.status == PlatformMembership.Status.APPROVED:
            membership.left_at = timezone.now()
        membership.status = PlatformMembership.Status.LEFT
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_at", "left_at"])
        MeetingRegistration.objects.filter(
            user=user, meeting__platform=membership.platform, meeting__starts_at__gt=timezone.now()
        ).delete()
        _event(membership.platform, user, Action.LEFT,
               subject=membership.organization or user.full_name)  # fmt: skip
    forget(user)
    return membership


# Meetings


def schedule_meeting(*, platform, moderator, title, starts_at, format, place="", online_link="",
                     capacity=None, agenda=(), language=None):  # fmt: skip
    """Schedule a meeting with its ordered agenda (in the moderator's language unless they say);
    members are told by email."""
    _require(moderator, "platforms.schedule_meeting", platform)
    if starts_at <= timezone.now():
        raise PlatformError(_("A meeting cannot be scheduled in the past."), code="invalid")
    if format in (Meeting.Format.OFFLINE, Meeting.Format.HYBRID) and not place.strip():
        raise PlatformError(_("Give the place of an in-person meeting."), code="invalid")
    if format in (Meeting.Format.ONLINE, Meeting.Format.HYBRID) and not online_link:
        raise PlatformError(_("Give the link of an online meeting."), code="invalid")
    with transaction.atomic(durable=True):
        meeting = Meeting.objects.create(
            platform=platform, title=title, starts_at=starts_at, format=format, place=place,
            online_link=online_link, capacity=capacity,
            language=language or moderator.preferred_language,
        )  # fmt: skip
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=position, title=item)
            for position, item in enumerate((item for item in agenda if item.strip()), 1)
        )
        _event(platform, moderator, Action.MEETING_SCHEDULED, subject=title)
        notifications.on_meeting_scheduled(meeting)
    return meeting


def register_for_meeting(*, meeting, user):
    """Take a seat at a meeting; an in-person meeting has a capacity."""
    _require(user, "platforms.register_for_meeting", meeting,
             _("Only the platform's members may register, before the meeting."))  # fmt: skip
    with transaction.atomic(durable=True):
        # The meeting's row lock makes the capacity check and the insert one step.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if MeetingRegistration.objects.filter(meeting=meeting, user=user).exists():
            raise PlatformError(_("You are already registered."))
        taken = MeetingRegistration.objects.filter(meeting=meeting).count()
        if meeting.capacity is not None and taken >= meeting.capacity:
            raise PlatformError(_("All seats are taken."))
        registration = MeetingRegistration.objects.create(meeting=meeting, user=user)
        _event(meeting.platform, user, Action.REGISTERED, subject=meeting.title)
    forget(user)
    return registration


def cancel_registration(*, meeting, user):
    """Give up one's seat at an upcoming meeting."""
    _require(user, "platforms.cancel_registration", meeting,
             _("You are not registered for this upcoming meeting."))  # fmt: skip
    # The outer edge (see the module's docstring): no caller holds a transaction around it.
    with transaction.atomic(durable=True):
        deleted, _rows = MeetingRegistration.objects.filter(
            meeting=meeting, user=user, meeting__starts_at__gt=timezone.now()
        ).delete()
        if not deleted:
            forget(user)
            raise PlatformError(_("You are not registered for this upcoming meeting."))
        _event(meeting.platform, user, Action.REGISTRATION_CANCELLED, subject=meeting.title)
    forget(user)


def publish_minutes(*, meeting, moderator, minutes, attended_user_ids=()):
    """Publish a past meeting's minutes and who attended."""
    _require(moderator, "platforms.publish_minutes", meeting,
             _("Minutes are published after the meeting, by its moderators."))  # fmt: skip
    if not minutes.strip():
        raise PlatformError(_("Write the minutes."), code="invalid")
    with transaction.atomic(durable=True):
        meeting.minutes = minutes
        meeting.minutes_published_at = timezone.now()
        meeting.save(update_fields=["minutes", "minutes_published_at"])
        registrations = MeetingRegistration.objects.filter(meeting=meeting)
        registrations.update(attended=False)
        registrations.filter(user_id__in=list(attended_user_ids)).update(attended=True)
        _event(meeting.platform, moderator, Action.MINUTES_PUBLISHED, subject=meeting.title)
    return meeting


# Proposals


def submit_proposal(*, platform, user, title, text, language=None):
    """Put an item on the platform's table (in its author's language unless they say)."""
    _require(user, "platforms.submit_proposal", platform,
             _("Only the platform's members may make proposals."))  # fmt: skip
    with transaction.atomic(durable=True):
        proposal = Proposal.objects.create(
            platform=platform, author=user, title=title, text=text,
            language=language or user.preferred_language,
        )  # fmt: skip
        _event(platform, user, Action.PROPOSAL_SUBMITTED, subject=title)
        notifications.on_proposal(proposal)
    return proposal


def put_proposal_on_agenda(*, proposal, moderator, meeting):
    """Add a proposal to an upcoming meeting's agenda, as its last item."""
    _require(moderator, "platforms.decide_proposal", proposal.platform)
    if meeting.platform_id != proposal.platform_id or meeting.is_past:
        raise PlatformError(_("Choose an upcoming meeting of this platform."), code="invalid")
    with transaction.atomic(durable=True):
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
        _event(proposal.platform, moderator, Action.PROPOSAL_ON_AGENDA, subject=proposal.title)
        notifications.on_proposal_decision(proposal)
    return proposal


def decline_proposal(*, proposal, moderator, reason):
    """Decline a proposal, saying why."""
    _require(moderator, "platforms.decide_proposal", proposal.platform)
    if not reason.strip():
        raise PlatformError(_("Give the reason for declining."), code="invalid")
    with transaction.atomic(durable=True):
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != Proposal.Status.SUBMITTED:
            raise PlatformError(_("This proposal was already decided."))
        proposal.status = Proposal.Status.DECLINED
        proposal.decision_reason = reason
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decision_reason", "decided_at"])
        _event(proposal.platform, moderator, Action.PROPOSAL_DECLINED, subject=proposal.title,
               note=reason)  # fmt: skip
        notifications.on_proposal_decision(proposal)
    return proposal


# Recommendations


def record_recommendation(*, platform, moderator, text, addressee, meeting=None, due_date=None,
                          answered_on=None, language=None):  # fmt: skip
    """Record a meeting's recommendation or a council's resolution (in the moderator's language
    unless they say)."""
    _require(moderator, "platforms.record_recommendation", platform)
    if meeting is not None and meeting.platform_id != platform.pk:
        raise PlatformError(_("Choose a meeting of this platform."), code="invalid")
    with transaction.atomic(durable=True):
        recommendation = Recommendation.objects.create(
            platform=platform, meeting=meeting, text=text, addressee=addressee,
            due_date=due_date, language=language or moderator.preferred_language,
        )  # fmt: skip
        RecommendationChange.objects.create(
            recommendation=recommendation, to_status=Recommendation.Status.PROPOSED,
            answered_on=answered_on or timezone.localdate(), actor=moderator,
        )  # fmt: skip
        _event(platform, moderator, Action.RECOMMENDATION_RECORDED, subject=text)
    return recommendation


def change_recommendation_status(*, recommendation, moderator, to_status, answer, answered_on):
    """Move a recommendation on (sent, accepted, …, implemented) with the answer and its date."""
    _require(moderator, "platforms.record_recommendation", recommendation.platform)
    with transaction.atomic(durable=True):
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        return _change_status(recommendation, moderator, to_status, answer, answered_on)


def _change_status(recommendation, actor, to_status, answer, answered_on):
    """Move the locked recommendation on, with the answer, its date and an event."""
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
        to_status=to_status, answer=answer, answered_on=answered_on, actor=actor,
    )  # fmt: skip
    recommendation.status = to_status
    recommendation.save(update_fields=["status", "updated_at"])
    _event(recommendation.platform, actor, Action("recommendation_" + to_status),
           subject=recommendation.text)  # fmt: skip
    notifications.on_recommendation_changed(recommendation, change)
    return recommendation


def answer_recommendation(*, recommendation, actor, to_status, answer, answered_on):
    """The addressee's answer to a recommendation sent to it (accepted, declined, in progress,
    implemented), from its workspace; its officials or the platform's moderators give it."""
    with transaction.atomic(durable=True):
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        _require(actor, "platforms.answer_recommendation", locked)
        if to_status == Recommendation.Status.SENT:
            raise PlatformError(_("A recommendation cannot move to that status from here."))
        return _change_status(locked, actor, to_status, answer, answered_on)


def archive_platform(*, platform, moderator):
    """Archive a platform: it keeps its history and takes no more applications."""
    _require(moderator, "platforms.moderate_platform", platform)
    with transaction.atomic(durable=True):
        platform.status = Platform.Status.ARCHIVED
        platform.save(update_fields=["status"])
        _event(platform, moderator, Action.ARCHIVED)
    return platform
