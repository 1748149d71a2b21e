"""Demo dialogue platforms and public councils with members, meetings and outcomes (seed_demo).

Every step goes through platforms.services, as a moderator or a member would take it; only
the dates are moved into the past afterwards (the services refuse a meeting in the past), as
petitions.demo does. The same seed gives the same demo, dated relative to today.
"""

import random
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from platforms import services
from platforms.demo_data import (
    ANSWERS,
    ARCHIVED_DAYS_AGO,
    ARCHIVED_MEETING_AGES,
    CHAINS,
    DECLINED,
    DESCRIPTIONS_LANGUAGE,
    FULL_MEETING,
    MEETING_AGES,
    MINUTES,
    MINUTES_WORDS,
    MODERATOR,
    MOTIVATIONS,
    NEEDED_DAYS,
    NEW_ORGANIZATIONS,
    NGO_MEMBERS,
    OFFICIAL_REGIONS,
    OFFICIALS,
    ORGANIZATIONS,
    PENDING,
    PLACES,
    PLATFORMS,
    REPRESENTED_BY,
    STAFF,
    TWO_THIRDS_OVERRIDE,
    UPCOMING_FORMATS,
)
from platforms.models import (
    Meeting,
    MeetingRegistration,
    Organization,
    OrganizationMember,
    Platform,
    PlatformEvent,
    PlatformMembership,
    Proposal,
    Recommendation,
)
from portal.models import Region, StateBody, User
from portal.rules import MINISTRY_STAFF, PLATFORM_MODERATORS
from portal.services import appoint_official
from portal.validators import make_bin

Role = PlatformMembership.Role
Format = Meeting.Format


def load_demo_platforms(people):
    """Create the demo NGOs, platforms and councils through the services, then age them.

    `people` holds seed_demo's accounts by email. Returns the platforms created.
    """
    loader = _Loader(people, _create_organizations(people))
    loader.create_staff()
    loader.join_organizations()
    platforms = [loader.create_platform(spec, position) for position, spec in enumerate(PLATFORMS)]
    for platform, spec in zip(platforms, PLATFORMS, strict=True):
        loader.seat_members(platform, spec)
    # The rules cache "is a member" on each user object: take fresh ones for the meetings.
    loader.reload_people()
    for platform, spec in zip(platforms, PLATFORMS, strict=True):
        loader.hold_meetings(platform, spec)
    return platforms


def _create_organizations(people):
    """The demo's NGOs; the first with its representative and a member."""
    regions = {region.code: region for region in Region.objects.all()}
    organizations = []
    for n, (kk, ru, en, form, code, verified, about) in enumerate(ORGANIZATIONS):
        organizations.append(
            Organization.objects.create(
                name_kk=kk, name_ru=ru, name_en=en, legal_form=form, region=regions[code],
                verified=verified, description=about, language=DESCRIPTIONS_LANGUAGE,
                website="",
                bin=make_bin(2005 + n, 1 + (n * 5) % 12, serial=31 * n + 7),
            )
        )  # fmt: skip
    approved = OrganizationMember.Status.APPROVED
    OrganizationMember.objects.create(
        organization=organizations[0], user=people["ngo.representative@qogam.kz"],
        role=OrganizationMember.Role.REPRESENTATIVE, status=approved,
    )  # fmt: skip
    OrganizationMember.objects.create(
        organization=organizations[0], user=people["ngo.member@qogam.kz"], status=approved
    )
    return organizations


class _Loader:
    """What every step needs: the random source, the people, the clock."""

    def __init__(self, people, organizations):
        self.rng = random.Random(2026)
        self.started = timezone.now()
        self.today = timezone.localdate()
        # Our own user objects: the rules cache their answers on them, and the caller's
        # stay untouched.
        self.reload_people()
        self.organizations = list(organizations)
        self.regions = {region.code: region for region in Region.objects.all()}
        self.bodies = {body.slug: body for body in StateBody.objects.all()}
        # The same slow hash as seed_demo's accounts: every demo login has one password.
        self.password_hash = people["admin@qogam.kz"].password
        self.officials = {}
        self.ngo_turns = {}
        self.ngo_members = dict(NGO_MEMBERS)
        # Per platform: its past meetings' ages (oldest first) and its age in days.
        self.plans = {}

    # Dates

    def moment(self, days_ago, hour=11, minute=0):
        """An aware datetime `days_ago` days before today at the given local time."""
        day = self.today - timedelta(days=days_ago)
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def stamp(self, platform, when):
        """Date the platform's events written since the load began (the last service call's)."""
        PlatformEvent.objects.filter(platform=platform, created_at__gte=self.started).update(
            created_at=when
        )

    # Accounts and NGOs

    def create_account(self, email, first_name, last_name, region_code, language, groups=()):
        """A verified account with the demo password, like seed_demo's."""
        user = User.objects.create(
            email=email,
            password=self.password_hash,
            first_name=first_name,
            last_name=last_name,
            region=self.regions[region_code],
            preferred_language=language,
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        if groups:
            user.groups.add(*Group.objects.filter(name__in=groups))
        self.people[email] = user
        self.users[user.pk] = user
        return user

    def create_staff(self):
        """The second and third platform moderators, and the state officials."""
        for email, first, last, region, language in STAFF:
            self.create_account(
                email, first, last, region, language, (PLATFORM_MODERATORS, MINISTRY_STAFF)
            )
        for body, names in OFFICIALS.items():
            region = OFFICIAL_REGIONS.get(body, "KZ-71")
            self.officials[body] = [
                self.create_account(f"{body}.official{n}@qogam.kz", first, last, region, language)
                for n, (first, last, language) in enumerate(names, 1)
            ]
            # Appointed to their body too: they answer its recommendations in its workspace.
            for official in self.officials[body]:
                appoint_official(body=self.bodies[body], user=official,
                                 actor=self.people["admin@qogam.kz"])  # fmt: skip

    def citizen(self, number):
        return self.people[f"citizen{number:02d}@qogam.kz"]

    def add_organization_member(self, organization, user, days_ago):
        """Join an NGO and be approved by its representative (or the administrator)."""
        approved = OrganizationMember.Status.APPROVED
        if OrganizationMember.objects.filter(
            organization=organization, user=user, status=approved
        ).exists():
            return
        representative = (
            OrganizationMember.objects.filter(
                organization=organization,
                status=approved,
                role=OrganizationMember.Role.REPRESENTATIVE,
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        membership = services.join_organization(organization=organization, user=user)
        decider = representative.user if representative else self.people["admin@qogam.kz"]
        services.decide_organization_member(
            membership=membership, representative=decider, approve=True
        )
        fields = {
            "created_at": self.moment(days_ago + 3),
            "decided_at": self.moment(days_ago, 16),
        }
        if representative is None:
            # seed_demo registers these NGOs without a representative and no service names
            # one: the member whom the administrator approved first speaks for the NGO.
            fields["role"] = OrganizationMember.Role.REPRESENTATIVE
        OrganizationMember.objects.filter(pk=membership.pk).update(**fields)

    def join_organizations(self):
        """Citizens join the seed's NGOs; two more NGOs are registered and verified."""
        for index, numbers in NGO_MEMBERS.items():
            for number in numbers:
                self.add_organization_member(
                    self.organizations[index], self.citizen(number), self.rng.randint(500, 800)
                )
        staff = self.people[MODERATOR]
        for row in NEW_ORGANIZATIONS:
            registrant, members, kk, ru, en, form, region, spheres, about = row[:9]
            year, month, serial = row[9:]
            organization = services.register_organization(
                user=self.citizen(registrant),
                name_kk=kk,
                name_ru=ru,
                name_en=en,
                bin=make_bin(year, month, serial=serial),
                legal_form=form,
                region=self.regions[region],
                spheres=spheres,
                website="",
                description=about,
                language=DESCRIPTIONS_LANGUAGE,
            )
            services.verify_organization(organization=organization, staff=staff)
            registered = self.rng.randint(600, 900)
            Organization.objects.filter(pk=organization.pk).update(
                created_at=self.moment(registered)
            )
            organization.memberships.update(
                created_at=self.moment(registered), decided_at=self.moment(registered)
            )
            self.organizations.append(organization)
            self.ngo_members[len(self.organizations) - 1] = (registrant, *members)
            for number in members:
                self.add_organization_member(organization, self.citizen(number), registered - 20)

    def next_ngo_member(self, index, taken):
        """The NGO's next member in turn to speak for it, skipping people already seated."""
        emails = [f"citizen{number:02d}@qogam.kz" for number in self.ngo_members[index]]
        for _attempt in range(len(emails)):
            turn = self.ngo_turns.get(index, 0)
            self.ngo_turns[index] = turn + 1
            email = emails[turn % len(emails)]
            if email not in taken:
                return email
        raise ValueError(f"No free member of NGO {index} for the demo.")

    # Platforms and seats

    def create_platform(self, spec, position):
        """A platform or council, open while it takes its members in."""
        kind = spec.get("kind", Platform.Kind.DIALOGUE_PLATFORM)
        if spec.get("archived"):
            ages = ARCHIVED_MEETING_AGES
            days_old = 700
        else:
            past = len(spec["meetings"]) - 1
            ages = tuple(age + self.rng.randint(-6, 6) for age in MEETING_AGES[past])
            days_old = ages[0] + self.rng.randint(90, 200)
        term = {}
        if kind == Platform.Kind.PUBLIC_COUNCIL:
            # Councils are formed for three years, from the first of a month.
            start = (self.today - timedelta(days=days_old)).replace(day=1)
            term = {
                "term_start": start,
                "term_end": start.replace(year=start.year + 3) - timedelta(days=1),
            }
            days_old = (self.today - start).days
        names, about = spec["names"], spec["about"]
        # No service creates platforms: the Ministry sets them up in the admin.
        platform = Platform.objects.create(
            slug=spec["slug"],
            kind=kind,
            sphere=spec["sphere"],
            host=self.bodies[spec.get("host", "misd")],
            chair=spec["chair"],
            name_kk=names[0],
            name_ru=names[1],
            name_en=names[2],
            description_kk=about[0],
            description_ru=about[1],
            description_en=about[2],
            membership_policy=Platform.Policy.OPEN,
            **term,
        )
        Platform.objects.filter(pk=platform.pk).update(created_at=self.moment(days_old, 9))
        platform.moderators.add(*(self.people[email] for email in spec["moderators"]))
        self.plans[platform.pk] = {"ages": ages, "days_old": days_old, "position": position,
                                   "lang": spec["lang"]}  # fmt: skip
        return platform

    def apply(self, platform, spec, user, role, organization_index, days_ago, motivated=True):
        organization = (
            self.organizations[organization_index] if organization_index is not None else None
        )
        membership = services.apply_to_platform(
            platform=platform,
            user=user,
            role=role,
            organization=organization,
            motivation=MOTIVATIONS[role][spec["lang"]] if motivated else "",
            show_name=self.rng.random() < 0.8,
        )
        applied = self.moment(days_ago, 10, self.rng.randint(0, 59))
        self.stamp(platform, applied)
        PlatformMembership.objects.filter(pk=membership.pk).update(applied_at=applied)
        return membership

    def decide(self, platform, membership, moderator, days_ago, reason=""):
        services.decide_platform_membership(
            membership=membership, moderator=moderator, approve=not reason, reason=reason
        )
        decided = self.moment(days_ago, 15, self.rng.randint(0, 59))
        self.stamp(platform, decided)
        seated = decided if not reason else None
        PlatformMembership.objects.filter(pk=membership.pk).update(
            decided_at=decided, seated_at=seated
        )

    def appoint_officials(self, platform, spec, moderator, civil):
        """The host's officials, seated once civil society is: about half as many as its
        members, so it holds two thirds; where a small platform needs three, the moderator
        records why (published on its page)."""
        appointed = self.moment(self.plans[platform.pk]["days_old"] - 2, 12)
        host = spec.get("host", "misd")
        count = min(len(self.officials[host]), spec.get("officials", max(3, civil // 2)))
        for official in self.rng.sample(self.officials[host], count):
            try:
                membership = services.appoint_state_official(
                    platform=platform, moderator=moderator, user=official
                )
            except services.PlatformError:
                membership = services.appoint_state_official(
                    platform=platform, moderator=moderator, user=official,
                    override_reason=TWO_THIRDS_OVERRIDE[spec["lang"]],
                )  # fmt: skip
            self.stamp(platform, appointed)
            PlatformMembership.objects.filter(pk=membership.pk).update(
                applied_at=appointed, decided_at=appointed, seated_at=appointed
            )

    def seat_members(self, platform, spec):
        """Officials appointed; NGOs, experts and activists apply and most are approved."""
        plan = self.plans[platform.pk]
        days_old = plan["days_old"]
        moderator = self.people[spec["moderators"][0]]
        slug = spec["slug"]
        reserved = {row[1] for row in [*PENDING, *DECLINED] if row[0] == slug}
        applicants = []
        for index in spec["ngos"]:
            email = REPRESENTED_BY.get((slug, index)) or self.next_ngo_member(index, reserved)
            applicants.append((email, Role.NGO_REPRESENTATIVE, index))
        taken = reserved | {email for email, _role, _index in applicants}
        pool = [f"citizen{n:02d}@qogam.kz" for n in range(1, 41)]
        pool = [email for email in pool if email not in taken]
        if platform.kind == Platform.Kind.PUBLIC_COUNCIL:
            # A council: six seats for civil society, three for the host's officials.
            free = 6 - len(applicants)
            experts, activists = (free + 1) // 2, free // 2
        else:
            experts, activists = self.rng.randint(2, 3), self.rng.randint(2, 3)
        chosen = self.rng.sample(pool, experts + activists)
        applicants += [(email, Role.EXPERT, None) for email in chosen[:experts]]
        applicants += [(email, Role.ACTIVIST, None) for email in chosen[experts:]]

        # Everyone is seated well before the first meeting is called.
        window = max(10, days_old - plan["ages"][0] - 30)
        for email, role, index in applicants:
            applied = days_old - self.rng.randint(3, window)
            membership = self.apply(platform, spec, self.people[email], role, index, applied)
            self.decide(platform, membership, moderator, applied - self.rng.randint(1, 7))
        self.appoint_officials(platform, spec, moderator, civil=len(applicants))
        for row in DECLINED:
            if row[0] == slug:
                _slug, email, role, index, motivated, reason = row
                applied = self.rng.randint(25, 60)
                membership = self.apply(
                    platform, spec, self.people[email], role, index, applied, motivated
                )
                self.decide(platform, membership, moderator, applied - 4, reason=reason)
        for _slug, email, role, index in (row for row in PENDING if row[0] == slug):
            self.apply(platform, spec, self.people[email], role, index, self.rng.randint(1, 8))
        if spec.get("policy") == Platform.Policy.INVITATION:
            # Invited members were taken in while the platform took applications; now closed.
            Platform.objects.filter(pk=platform.pk).update(
                membership_policy=Platform.Policy.INVITATION
            )
            platform.membership_policy = Platform.Policy.INVITATION

    def reload_people(self):
        """Fresh user objects, without the answers the rules cached on the old ones."""
        users = {user.pk: user for user in User.objects.all()}
        self.people = {user.email: user for user in users.values()}
        self.users = users

    def members(self, platform):
        """The platform's approved members as (user, role), in the order they were seated."""
        seats = platform.memberships.filter(status=PlatformMembership.Status.APPROVED)
        return [
            (self.users[user_id], role)
            for user_id, role in seats.order_by("pk").values_list("user_id", "role")
        ]

    # Meetings, proposals, recommendations

    def hold_meetings(self, platform, spec):
        """Past meetings with minutes, the next meeting, proposals and recommendations."""
        plan = self.plans[platform.pk]
        moderator = plan["moderator"] = self.people[spec["moderators"][0]]
        plan["members"] = self.members(platform)
        civil = plan["civil"] = [u for u, role in plan["members"] if role != Role.STATE_OFFICIAL]
        proposals = {}
        for kind, title, text, reason in spec["proposals"]:
            proposals.setdefault(kind, []).append((title, text, reason))
        ages = plan["ages"]
        past = []
        held = spec["meetings"][: len(ages)]
        for number, (meeting_spec, age) in enumerate(zip(held, ages, strict=True), 1):
            # The members' "past" proposals go on the agenda of the last past meeting.
            on_agenda = proposals.get("past", []) if number == len(ages) else []
            past.append((self.hold_past_meeting(platform, spec, number, meeting_spec, age,
                                                on_agenda), age))  # fmt: skip
        if not spec.get("archived"):
            number = len(ages) + 1
            meeting_spec = spec["meetings"][len(ages)]
            self.call_next_meeting(
                platform, spec, number, meeting_spec, proposals.get("agenda", [])
            )
        for title, text, reason in proposals.get("declined", []):
            days = self.rng.randint(15, 40)
            proposal = self.submit(platform, self.rng.choice(civil), title, text, days)
            services.decline_proposal(proposal=proposal, moderator=moderator, reason=reason)
            self.date_decision(platform, proposal, days - self.rng.randint(2, 6))
        for title, text, _reason in proposals.get("submitted", []):
            self.submit(platform, self.rng.choice(civil), title, text, self.rng.randint(1, 9))
        for row in spec["recommendations"]:
            self.recommend(platform, spec, row, past)
        for row in spec.get("resolutions", []):
            # A council's resolution adopted between meetings, by a written vote.
            self.recommend(platform, spec, row, past, resolution=True)
        if spec.get("archived"):
            services.archive_platform(platform=platform, moderator=moderator)
            self.stamp(platform, self.moment(ARCHIVED_DAYS_AGO, 17))

    def schedule(self, platform, spec, number, meeting_spec, meeting_format, starts_at, capacity):
        title, agenda = meeting_spec
        in_person = meeting_format in (Format.OFFLINE, Format.HYBRID)
        online = meeting_format in (Format.ONLINE, Format.HYBRID)
        return services.schedule_meeting(
            platform=platform, moderator=self.plans[platform.pk]["moderator"], title=title,
            starts_at=starts_at, format=meeting_format,
            place=PLACES[spec.get("host", "misd")] if in_person else "",
            online_link=f"https://meet.qogam.kz/{spec['slug']}-{number}" if online else "",
            capacity=capacity if in_person else None, agenda=agenda, language=spec["lang"],
        )  # fmt: skip

    def put_on_agenda(self, platform, meeting, proposals, submitted_days_ago, decided_days_ago):
        """Members' proposals, submitted then put on the meeting's agenda by the moderator."""
        plan = self.plans[platform.pk]
        for title, text, _reason in proposals:
            author = self.rng.choice(plan["civil"])
            proposal = self.submit(platform, author, title, text, submitted_days_ago)
            services.put_proposal_on_agenda(
                proposal=proposal, moderator=plan["moderator"], meeting=meeting
            )
            self.date_decision(platform, proposal, decided_days_ago)

    def register(self, meeting, users, latest_days_ago, earliest_days_ago):
        """Register people for a meeting, dated between the two days."""
        for user in users:
            registration = services.register_for_meeting(meeting=meeting, user=user)
            days = self.rng.randint(latest_days_ago, earliest_days_ago)
            MeetingRegistration.objects.filter(pk=registration.pk).update(
                registered_at=self.moment(days, self.rng.randint(9, 20))
            )

    def hold_past_meeting(self, platform, spec, number, meeting_spec, age, proposals):
        """Called in the future through the service, then moved to its real past date."""
        plan = self.plans[platform.pk]
        meeting_format = self.rng.choice((Format.OFFLINE, Format.OFFLINE, Format.HYBRID,
                                          Format.ONLINE))  # fmt: skip
        tomorrow = timezone.now() + timedelta(days=1)
        capacity = self.rng.choice((30, 40, 60))
        meeting = self.schedule(platform, spec, number, meeting_spec, meeting_format, tomorrow,
                                capacity)  # fmt: skip
        called = age + 21
        self.stamp(platform, self.moment(called, 10))
        self.put_on_agenda(platform, meeting, proposals, called + 9, age + 12)
        members = [user for user, _role in plan["members"]]
        share = self.rng.uniform(0.65, 0.9)
        registrants = self.rng.sample(members, max(3, round(len(members) * share)))
        self.register(meeting, registrants, age + 1, called - 1)
        starts_at = self.moment(age, self.rng.choice((10, 11, 15)))
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=starts_at, created_at=self.moment(called, 10)
        )
        meeting.starts_at = starts_at
        attended = [user for user in registrants if self.rng.random() < 0.85]
        services.publish_minutes(
            meeting=meeting, moderator=plan["moderator"],
            minutes=self.minutes(platform, spec, meeting, len(attended)),
            attended_user_ids=[user.pk for user in attended],
        )  # fmt: skip
        published = self.moment(max(age - 3, 1), 17)
        Meeting.objects.filter(pk=meeting.pk).update(minutes_published_at=published)
        self.stamp(platform, published)
        return meeting

    def call_next_meeting(self, platform, spec, number, meeting_spec, proposals):
        """The upcoming meeting, called a few days ago, with some members registered."""
        plan = self.plans[platform.pk]
        meeting_format = UPCOMING_FORMATS[plan["position"] % len(UPCOMING_FORMATS)]
        full = spec["slug"] == FULL_MEETING[0]
        capacity = FULL_MEETING[1] if full else self.rng.choice((30, 40, 60))
        day = self.today + timedelta(days=self.rng.randint(6, 40))
        starts_at = timezone.make_aware(datetime.combine(day, time(self.rng.choice((10, 15)))))
        meeting = self.schedule(platform, spec, number, meeting_spec, meeting_format, starts_at,
                                capacity)  # fmt: skip
        called = self.rng.randint(8, 14)
        self.stamp(platform, self.moment(called, 10))
        Meeting.objects.filter(pk=meeting.pk).update(created_at=self.moment(called, 10))
        self.put_on_agenda(platform, meeting, proposals, called + self.rng.randint(3, 12),
                           called - self.rng.randint(1, 5))  # fmt: skip
        members = [user for user, _role in plan["members"]]
        count = capacity if full else round(len(members) * self.rng.uniform(0.3, 0.6))
        self.register(meeting, self.rng.sample(members, min(count, len(members))), 1, called - 1)
        return meeting

    def minutes(self, platform, spec, meeting, attended):
        chair_title, body = MINUTES_WORDS[(spec["lang"], platform.kind)]
        agenda = "\n".join(
            f"{item.position}. {item.title}" for item in meeting.agenda_items.order_by("position")
        )
        return MINUTES[spec["lang"]].format(
            chair_title=chair_title,
            chair=platform.chair,
            body=body,
            attended=attended,
            agenda=agenda,
        )

    def submit(self, platform, author, title, text, days_ago):
        proposal = services.submit_proposal(
            platform=platform, user=author, title=title, text=text,
            language=self.plans[platform.pk]["lang"],
        )  # fmt: skip
        created = self.moment(days_ago, self.rng.randint(9, 21))
        self.stamp(platform, created)
        Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
        return proposal

    def date_decision(self, platform, proposal, days_ago):
        decided = self.moment(days_ago, 16)
        self.stamp(platform, decided)
        Proposal.objects.filter(pk=proposal.pk).update(decided_at=decided)

    def recommend(self, platform, spec, row, past, resolution=False):
        """Record a recommendation and take it, with the answers, to its final status."""
        moderator = self.plans[platform.pk]["moderator"]
        slug, final, text, answer = row
        needed = NEEDED_DAYS[final]
        if resolution:
            meeting, age = None, needed + 15
        else:
            # The newest meeting old enough for the recommendation to have come this far.
            fitting = [(meeting, age) for meeting, age in past if age >= needed]
            meeting, age = fitting[-1] if fitting else past[0]
        addressee = self.bodies[slug]
        adopted = self.today - timedelta(days=age)
        due_date = None
        if final not in ("proposed", "declined"):
            due_date = adopted + timedelta(days=self.rng.choice((60, 90, 180)))
        recommendation = services.record_recommendation(
            platform=platform,
            moderator=moderator,
            text=text,
            addressee=addressee,
            meeting=meeting,
            due_date=due_date,
            answered_on=adopted,
            language=spec["lang"],
        )
        recorded = self.moment(age, 18)
        self.stamp(platform, recorded)
        steps = CHAINS[final]
        lang = spec["lang"]
        last = recorded
        for to_status, answered_on in zip(steps, self.step_dates(adopted, len(steps)), strict=True):
            if to_status == "sent":
                reply = ANSWERS["sent"][lang].format(
                    number=f"0{self.rng.randint(1, 6)}-{self.rng.randint(1, 4)}/"
                    f"{self.rng.randint(100, 2999)}",
                    body=addressee.name_kk if lang == "kk" else addressee.name_ru,
                )
            elif to_status in ("accepted", "partially_accepted", "declined") and answer:
                reply = answer
            else:
                reply = ANSWERS[to_status][lang]
            services.change_recommendation_status(
                recommendation=recommendation,
                moderator=moderator,
                to_status=to_status,
                answer=reply,
                answered_on=answered_on,
            )
            last = timezone.make_aware(datetime.combine(answered_on, time(12)))
            self.stamp(platform, last)
            recommendation.changes.filter(to_status=to_status).update(created_at=last)
        recommendation.changes.filter(to_status=Recommendation.Status.PROPOSED).update(
            created_at=recorded
        )
        Recommendation.objects.filter(pk=recommendation.pk).update(
            created_at=recorded, updated_at=last
        )
        return recommendation

    def step_dates(self, start, count):
        """Dates for `count` answers after `start`: the first within a week, all before today."""
        span = (self.today - start).days - 1
        first = min(7, max(1, span // (count + 1)))
        gap = max(1, min(45, (span - first) // max(count, 1)))
        return [start + timedelta(days=first + gap * n) for n in range(count)]
