"""factory_boy factories for the portal's models."""

from datetime import date

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from platforms.models import Organization, OrganizationMember
from portal.models import Region, StateBody, User
from portal.validators import make_bin, make_iin

PASSWORD = "correct-horse-battery-staple-42"


def region(code="KZ-71"):
    """A region loaded by the reference-data migration (Astana by default)."""
    return Region.objects.get(code=code)


def state_body(slug="government"):
    """A state body loaded by the reference-data migration."""
    return StateBody.objects.get(slug=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.kz")
    first_name = factory.Faker("first_name", locale="ru_RU")
    last_name = factory.Faker("last_name", locale="ru_RU")
    region = factory.LazyFunction(region)
    preferred_language = "kk"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """Give the account a verified (default) or unverified email address."""
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True, verified=extracted is not False
            )

    @factory.post_generation
    def iin(user, create, extracted, **kwargs):
        """Declare an IIN: pass one, or True for a fresh adult's IIN."""
        if not create or not extracted:
            return
        value = extracted if isinstance(extracted, str) else make_iin(
            date(1990, 1, 1 + user.pk % 28), "female", serial=user.pk
        )  # fmt: skip
        user.set_iin(value)
        user.save(update_fields=["iin_hash", "birth_date"])

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        """Put the account in the named role groups."""
        for name in extracted or ():
            user.groups.add(Group.objects.get(name=name))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name_kk = factory.Sequence(lambda n: f"«Азамат-{n}» қоғамдық бірлестігі")
    name_ru = factory.Sequence(lambda n: f"Общественное объединение «Азамат-{n}»")
    name_en = factory.Sequence(lambda n: f"Azamat-{n} public association")
    bin = factory.Sequence(lambda n: make_bin(2015, 1 + n % 12, serial=n))
    legal_form = Organization.LegalForm.PUBLIC_ASSOCIATION
    region = factory.LazyFunction(region)
    verified = True


class OrganizationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationMember

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = OrganizationMember.Role.MEMBER
    status = OrganizationMember.Status.APPROVED


def fake_signatures(count, *, prefix="test"):
    """Unsaved signatures of `count` made-up people, for import_signatures."""
    from django.utils import timezone

    from petitions.models import Signature
    from portal.identity import signer_key

    return [
        Signature(
            signer_key=signer_key(f"{prefix}-{n}"), region=region(), created_at=timezone.now()
        )
        for n in range(count)
    ]


def make_petition(status="draft", *, author=None, addressee="government", moderator=None, **text):
    """A petition brought to `status` through the services, as it would be in real life."""
    from petitions import services
    from petitions.models import Category, GroundVersion, Petition
    from portal.rules import PETITION_MODERATORS

    author = author or UserFactory(iin=True)
    moderator = moderator or UserFactory(groups=[PETITION_MODERATORS])
    petition = services.create_petition(
        author=author,
        title=text.get("title", "Построить пешеходный мост через реку Есиль"),
        demand=text.get("demand", "Построить пешеходный мост между левым и правым берегом."),
        text=text.get("text", "Жителям приходится делать крюк в три километра. " * 3),
        addressee=state_body(addressee),
        category=Category.objects.get(slug="transport"),
    )
    if status == "draft":
        return petition
    petition = services.submit_petition(petition=petition, actor=author)
    if status == "in_moderation":
        return petition
    if status == "rejected":
        return services.reject_petition(
            petition=petition, moderator=moderator,
            reason=GroundVersion.objects.in_force(petition.submitted_day).first(),
            explanation="Не по адресу.",
        )  # fmt: skip
    petition = services.publish_petition(petition=petition, moderator=moderator)
    if status == "hidden":
        return services.hide_petition(petition=petition, moderator=moderator, reason="Дубль.")
    if status == "gathering_support":
        return petition
    if status == "lapsed":
        from datetime import timedelta

        services.expire_petitions(today=petition.support_deadline + timedelta(days=1))
        return Petition.objects.get(pk=petition.pk)
    from django.conf import settings

    petition = services.import_signatures(
        petition=petition, signatures=fake_signatures(settings.PETITION_INITIAL_SUPPORT)
    )
    if status == "open":
        return petition
    if status == "withdrawn":
        return services.withdraw_petition(petition=petition, actor=author)
    if status == "closed":
        from datetime import timedelta

        services.expire_petitions(today=petition.deadline + timedelta(days=1))
        return Petition.objects.get(pk=petition.pk)
    # Under consideration: lower the bar rather than import 50,000 signatures.
    Petition.objects.filter(pk=petition.pk).update(threshold=petition.signature_count + 1)
    petition = services.import_signatures(
        petition=petition, signatures=fake_signatures(1, prefix="last")
    )
    if status == "under_consideration":
        return petition
    from datetime import date

    return services.record_response(
        petition=petition, moderator=moderator, response_text="Мост будет построен в 2027 году.",
        discussion_date=date(2026, 12, 1),
    )  # fmt: skip
