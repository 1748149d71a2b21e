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
