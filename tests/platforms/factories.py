"""factory_boy factories for platforms, their seats, meetings, proposals and recommendations."""

from datetime import timedelta

import factory
from django.utils import timezone

from platforms.models import (
    Meeting,
    MeetingRegistration,
    Platform,
    PlatformMembership,
    Proposal,
    Recommendation,
    Sphere,
)
from tests.factories import UserFactory, state_body


class PlatformFactory(factory.django.DjangoModelFactory):
    """An active dialogue platform of the Ministry that takes open applications."""

    class Meta:
        model = Platform
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"platform-{n}")
    kind = Platform.Kind.DIALOGUE_PLATFORM
    name_kk = factory.Sequence(lambda n: f"Жастар саясаты жөніндегі диалог алаңы {n}")
    name_ru = factory.Sequence(lambda n: f"Диалоговая площадка по молодёжной политике {n}")
    name_en = factory.Sequence(lambda n: f"Youth policy dialogue platform {n}")
    sphere = Sphere.YOUTH
    host = factory.LazyFunction(lambda: state_body("misd"))

    @factory.post_generation
    def moderators(platform, create, extracted, **kwargs):
        """Assign the given users as the platform's moderators."""
        if create and extracted:
            platform.moderators.add(*extracted)


class PlatformMembershipFactory(factory.django.DjangoModelFactory):
    """An approved seat of an expert, in their own right."""

    class Meta:
        model = PlatformMembership

    platform = factory.SubFactory(PlatformFactory)
    user = factory.SubFactory(UserFactory)
    role = PlatformMembership.Role.EXPERT
    status = PlatformMembership.Status.APPROVED
    seated_at = factory.LazyAttribute(
        lambda seat: timezone.now() if seat.status == PlatformMembership.Status.APPROVED else None
    )


class MeetingFactory(factory.django.DjangoModelFactory):
    """An in-person meeting a week from now, without a limit on seats."""

    class Meta:
        model = Meeting

    platform = factory.SubFactory(PlatformFactory)
    title = factory.Sequence(lambda n: f"Заседание № {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    format = Meeting.Format.OFFLINE
    place = "Астана, Дом министерств, зал 3"


class MeetingRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRegistration

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)


class ProposalFactory(factory.django.DjangoModelFactory):
    """A submitted proposal."""

    class Meta:
        model = Proposal

    platform = factory.SubFactory(PlatformFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Молодёжные центры в сёлах, предложение {n}")
    text = "Открыть молодёжные центры в каждом сельском округе."


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A proposed recommendation addressed to the Ministry."""

    class Meta:
        model = Recommendation

    platform = factory.SubFactory(PlatformFactory)
    text = "Утвердить программу поддержки сельской молодёжи."
    addressee = factory.LazyFunction(lambda: state_body("misd"))


def platform_at_four_of_five(moderator):
    """A platform with four civil-society seats and one official's (4 of 5): the next
    official makes 4 of 6, two thirds exactly; one more falls below."""
    platform = PlatformFactory(moderators=[moderator])
    Role = PlatformMembership.Role
    for role in (Role.EXPERT, Role.EXPERT, Role.ACTIVIST, Role.ACTIVIST, Role.STATE_OFFICIAL):
        PlatformMembershipFactory(platform=platform, role=role)
    return platform
