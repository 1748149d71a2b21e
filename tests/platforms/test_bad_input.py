"""What the platform and NGO pages do with bad input, wrong people and unknown ids.

Everything goes through the HTML forms, as a person would. A refusal leaves every table of the
platforms app exactly as it was (`stored`).
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from platforms import services
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
from portal.validators import check_digit, make_bin
from tests.factories import OrganizationMemberFactory, region, state_body
from tests.platforms.factories import (
    MeetingFactory,
    MeetingRegistrationFactory,
    PlatformFactory,
    PlatformMembershipFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db

MARKUP = "<script>alert(1)</script>"
SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt;"
PLAIN_TEXT = "Use plain text, without < or >."
STORED = [
    Organization,
    OrganizationMember,
    Platform,
    PlatformMembership,
    PlatformEvent,
    Meeting,
    AgendaItem,
    MeetingRegistration,
    Proposal,
    Recommendation,
    RecommendationChange,
]


def stored():
    """Every row the platforms app holds."""
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in STORED}


def said(response, message):
    """Whether the page shows the message (as the template escapes it)."""
    return escape(message) in response.text


def local(moment):
    """A moment as the meeting form's field takes it, in Astana's time."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def bin_with(first_six):
    """A BIN starting with `first_six` and with a right check digit, valid or not otherwise."""
    for serial in range(100):
        first_eleven = f"{first_six}{serial:05d}"
        if (digit := check_digit(first_eleven)) is not None:
            return f"{first_eleven}{digit}"
    raise AssertionError("unreachable")


NEW_BIN = make_bin(2019, 4, serial=4242)
WRONG_CHECK_DIGIT = NEW_BIN[:-1] + str((int(NEW_BIN[-1]) + 1) % 10)


@pytest.fixture
def world(platform_moderator, organization, ngo_member, ngo_representative, citizen):
    """A platform with ngo_member seated on the NGO's behalf, its meetings and a recommendation."""
    platform = PlatformFactory(moderators=[platform_moderator])
    PlatformMembershipFactory(
        platform=platform, user=ngo_member, organization=organization,
        role=PlatformMembership.Role.NGO_REPRESENTATIVE,
    )  # fmt: skip
    upcoming = MeetingFactory(platform=platform)
    past = MeetingFactory(platform=platform, starts_at=timezone.now() - timedelta(days=2))
    MeetingRegistrationFactory(meeting=past, user=ngo_member)
    recommendation = services.record_recommendation(
        platform=platform, moderator=platform_moderator, text="Ауыл жастарына орталық ашу.",
        addressee=state_body("misd"), meeting=past,
    )  # fmt: skip
    return SimpleNamespace(
        platform=platform, moderator=platform_moderator, organization=organization,
        member=ngo_member, representative=ngo_representative, citizen=citizen,
        upcoming=upcoming, past=past, recommendation=recommendation,
    )  # fmt: skip


def forms(w):
    """Each form of the world: who fills it, where it is posted, and a complete, valid filling."""
    platform, later = w.platform.slug, timezone.now() + timedelta(days=10)
    return {
        "register an NGO": (w.citizen, reverse("organization_create"), {
            "name_kk": "«Болашақ» қоғамдық бірлестігі", "name_ru": "Объединение «Болашак»",
            "name_en": "Bolashak association", "bin": NEW_BIN, "legal_form": "public_association",
            "region": region("KZ-71").pk, "spheres": ["youth"], "website": "bolashak.kz",
            "description": "Жастармен жұмыс.",
        }),
        "edit an NGO": (w.representative, reverse("organization_workspace",
                                                  args=[w.organization.pk]), {
            "name_kk": "«Азамат» бірлестігі", "name_ru": "Объединение «Азамат»", "name_en": "",
            "legal_form": "foundation", "region": region("KZ-75").pk, "description": "Мәтін.",
        }),
        "apply to a platform": (w.citizen, reverse("platform_apply", args=[platform]), {
            "role": "expert", "motivation": "Жастар саясатында он жыл тәжірибем бар.",
        }),
        "make a proposal": (w.member, reverse("platform_propose", args=[platform]), {
            "title": "Ауылдағы жастар орталықтары", "text": "Әр ауылдық округте орталық ашу.",
        }),
        "schedule a meeting": (w.moderator, reverse("meeting_create", args=[platform]), {
            "title": "Кезекті отырыс", "starts_at": local(later), "format": "offline",
            "place": "Астана, Министрлер үйі", "capacity": "40",
            "agenda": "Ашылу\nЖастар орталықтары",
        }),
        "record a recommendation": (w.moderator, reverse("recommendation_create",
                                                         args=[platform]), {
            "text": "Жастар орталықтарын қаржыландыру.", "addressee": state_body("misd").pk,
            "meeting": w.past.pk, "due_date": "",
        }),
        "publish the minutes": (w.moderator, reverse("meeting_minutes", args=[w.past.pk]), {
            "minutes": "Отырыс өтті. Үш мәселе талқыланды.", "attended": [w.member.pk],
        }),
        "move a recommendation on": (w.moderator, reverse("recommendation_detail",
                                                          args=[w.recommendation.pk]), {
            "to_status": "sent", "answer": "", "answered_on": timezone.localdate().isoformat(),
        }),
    }  # fmt: skip


MODERATORS_FORMS = [
    "schedule a meeting", "record a recommendation", "publish the minutes",
    "move a recommendation on",
]  # fmt: skip
FORMS = ["register an NGO", "edit an NGO", "apply to a platform", "make a proposal",
         *MODERATORS_FORMS]  # fmt: skip
# The context name of each form that the page does not call simply `form`.
FORM_IN_CONTEXT = {"apply to a platform": "apply_form", "make a proposal": "proposal_form",
                   "publish the minutes": "minutes_form"}  # fmt: skip


def fill(client, world, form, **changes):
    """Sign in as the form's person and post it, with `changes` to its valid filling."""
    person, url, data = forms(world)[form]
    client.force_login(person)
    return client.post(url, {**data, **changes})


@pytest.mark.parametrize("form", FORMS)
def test_each_form_takes_its_complete_filling(english_client, world, form):
    before = stored()

    response = fill(english_client, world, form)

    assert response.status_code == 302
    assert stored() != before


# Registering an NGO: the BIN


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "This field is required."),
        ("19044", "A BIN has exactly 12 digits."),
        ("1904 4000 77", "A BIN has exactly 12 digits."),
        ("19044000077A", "A BIN has exactly 12 digits."),
        ("１９０４４０００４２４２", "A BIN has exactly 12 digits."),
        (WRONG_CHECK_DIGIT, "This BIN's check digit is wrong: please check for a typo."),
        (bin_with("191340"), "The 3rd and 4th digits of a BIN must be a month from 01 to 12."),
        (bin_with("190470"), "The 5th digit of a BIN must be 4, 5 or 6."),
        (bin_with("190448"), "The 6th digit of a BIN must be 0 to 3."),
    ],
    ids=[
        "empty", "too short", "with spaces", "with a letter", "full-width digits",
        "wrong check digit", "month 13", "entity type 7", "unit 8",
    ],
)  # fmt: skip
def test_a_malformed_bin_is_refused_on_the_bin_field_and_nothing_is_stored(
    english_client, world, value, message
):
    before = stored()

    response = fill(english_client, world, "register an NGO", bin=value)

    assert response.status_code == 200
    assert response.context["form"].errors["bin"] == [message]
    assert 'id="id_bin_error"' in response.text
    assert said(response, message)
    assert stored() == before


def test_a_bin_of_thirteen_digits_is_refused_on_the_bin_field(english_client, world):
    before = stored()

    response = fill(english_client, world, "register an NGO", bin=NEW_BIN + "0")

    assert response.status_code == 200
    assert "A BIN has exactly 12 digits." in response.context["form"].errors["bin"]
    assert stored() == before


@pytest.mark.parametrize("spaces", ["", "  "], ids=["as registered", "with spaces around"])
def test_an_already_registered_bin_is_refused_on_the_bin_field_and_nothing_is_stored(
    english_client, world, spaces
):
    before = stored()

    response = fill(
        english_client, world, "register an NGO", bin=f"{spaces}{world.organization.bin}"
    )

    message = "An organisation with this BIN is already registered."
    assert response.status_code == 200
    assert response.context["form"].errors["bin"] == [message]
    assert 'id="id_bin_error"' in response.text
    assert said(response, message)
    assert stored() == before


def test_a_malformed_bin_is_explained_in_kazakh(client, world):
    before = stored()

    response = fill(client, world, "register an NGO", bin="19044")

    assert 'id="id_bin_error"' in response.text
    assert "БСН 12 цифрдан тұруы тиіс." in response.text
    assert stored() == before


def test_an_already_registered_bin_is_explained_in_kazakh(client, world):
    response = fill(client, world, "register an NGO", bin=world.organization.bin)

    assert 'id="id_bin_error"' in response.text
    assert "An organisation with this BIN is already registered." not in response.text
    # The catalogue once held a fuzzy entry borrowed from the directory: "No organisations match".
    assert "Осы сүзгілерге сәйкес ұйымдар табылмады." not in response.text
    assert Organization.objects.filter(bin=world.organization.bin).count() == 1


# Markup


NAME_FIELDS = [
    ("register an NGO", "name_kk"),
    ("register an NGO", "name_ru"),
    ("register an NGO", "name_en"),
    ("edit an NGO", "name_kk"),
    ("edit an NGO", "name_ru"),
    ("edit an NGO", "name_en"),
    ("make a proposal", "title"),
    ("schedule a meeting", "title"),
    ("schedule a meeting", "place"),
    ("schedule a meeting", "agenda"),
]


@pytest.mark.parametrize(("form", "field"), NAME_FIELDS, ids=[" ".join(f) for f in NAME_FIELDS])
def test_markup_in_a_name_or_title_is_refused_with_a_message_and_nothing_is_stored(
    english_client, world, form, field
):
    before = stored()

    response = fill(english_client, world, form, **{field: f"«Азамат» {MARKUP}"})

    assert response.status_code == 200
    assert response.context[FORM_IN_CONTEXT.get(form, "form")].errors[field] == [PLAIN_TEXT]
    assert f'id="id_{field}_error"' in response.text
    assert said(response, PLAIN_TEXT)
    assert stored() == before


BIDI_REFUSED = "Remove the invisible characters that change the direction of the text."


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069"])
@pytest.mark.parametrize(("form", "field"), NAME_FIELDS, ids=[" ".join(f) for f in NAME_FIELDS])
def test_a_bidirectional_control_in_a_name_or_title_is_refused_and_nothing_is_stored(
    english_client, world, form, field, control
):
    before = stored()

    response = fill(english_client, world, form, **{field: f"Азамат {control}тазамА"})

    assert response.status_code == 200
    assert response.context[FORM_IN_CONTEXT.get(form, "form")].errors[field] == [BIDI_REFUSED]
    assert said(response, BIDI_REFUSED)
    assert stored() == before


def test_markup_in_an_ngos_name_is_refused_in_kazakh(client, world):
    before = stored()

    response = fill(client, world, "register an NGO", name_kk=MARKUP)

    assert said(response, "< және > таңбаларын қолданбай, қарапайым мәтін енгізіңіз.")
    assert stored() == before


def shown_escaped(client, url):
    """The page at `url` shows MARKUP as text, never as markup."""
    page = client.get(url).text
    return SHOWN in page and "<script>alert(1)" not in page


def test_markup_in_an_ngos_description_is_stored_as_written_and_shown_escaped(
    english_client, world
):
    fill(english_client, world, "register an NGO", description=f"Жастармен жұмыс. {MARKUP}")

    organization = Organization.objects.get(bin=NEW_BIN)
    assert organization.description == f"Жастармен жұмыс. {MARKUP}"
    assert shown_escaped(english_client, organization.get_absolute_url())
    assert shown_escaped(english_client, reverse("organization_list"))
    assert shown_escaped(english_client, reverse("organization_workspace", args=[organization.pk]))


def test_markup_in_an_edited_ngo_description_is_stored_as_written_and_shown_escaped(
    english_client, world
):
    fill(english_client, world, "edit an NGO", description=MARKUP)

    world.organization.refresh_from_db()
    assert world.organization.description == MARKUP
    assert shown_escaped(english_client, world.organization.get_absolute_url())


def test_markup_in_a_motivation_is_stored_as_written_and_shown_escaped_to_the_moderators(
    client, world
):
    fill(client, world, "apply to a platform", motivation=f"Тәжірибем бар. {MARKUP}")

    application = PlatformMembership.objects.get(user=world.citizen)
    assert application.motivation == f"Тәжірибем бар. {MARKUP}"
    client.force_login(world.moderator)
    assert shown_escaped(client, reverse("platform_workspace", args=[world.platform.slug]))


def test_markup_in_a_proposal_is_stored_as_written_and_shown_escaped_to_the_moderators(
    client, world
):
    fill(client, world, "make a proposal", text=f"Орталық ашу. {MARKUP}")

    assert Proposal.objects.get().text == f"Орталық ашу. {MARKUP}"
    client.force_login(world.moderator)
    assert shown_escaped(client, reverse("platform_workspace", args=[world.platform.slug]))


def test_markup_in_the_minutes_is_stored_as_written_and_shown_escaped(client, world):
    fill(client, world, "publish the minutes", minutes=f"Отырыс өтті.\n{MARKUP}")

    world.past.refresh_from_db()
    assert world.past.minutes == f"Отырыс өтті.\n{MARKUP}"
    # The moderator sees it in the correction form, everyone else in the minutes.
    assert shown_escaped(client, world.past.get_absolute_url())
    client.logout()
    assert shown_escaped(client, world.past.get_absolute_url())


def test_markup_in_a_recommendation_is_stored_as_written_and_shown_escaped_everywhere(
    client, world
):
    fill(client, world, "record a recommendation", text=f"Орталықтарды қаржыландыру. {MARKUP}")

    recommendation = Recommendation.objects.latest("pk")
    assert recommendation.text == f"Орталықтарды қаржыландыру. {MARKUP}"
    client.logout()
    assert shown_escaped(client, reverse("recommendation_detail", args=[recommendation.pk]))
    assert shown_escaped(client, reverse("recommendation_list"))
    assert shown_escaped(client, world.platform.get_absolute_url())


def test_markup_in_a_recommendations_answer_is_stored_as_written_and_shown_escaped(client, world):
    fill(client, world, "move a recommendation on", answer=f"Жіберілді. {MARKUP}")

    change = RecommendationChange.objects.get(to_status="sent")
    assert change.answer == f"Жіберілді. {MARKUP}"
    client.logout()
    assert shown_escaped(client, reverse("recommendation_detail", args=[world.recommendation.pk]))


def test_a_meetings_title_reaches_the_members_email_subject_as_typed(
    english_client, world, mailoutbox, django_capture_on_commit_callbacks
):
    title = 'Жастар & мемлекет: "ашық диалог"'

    with django_capture_on_commit_callbacks(execute=True):
        fill(english_client, world, "schedule a meeting", title=title)

    assert [message.to for message in mailoutbox] == [[world.member.email]]
    assert mailoutbox[0].subject.endswith(title)


# Meetings


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"starts_at": "2020-05-04T10:00"}, "starts_at",
         "A meeting cannot be scheduled in the past."),
        ({"starts_at": local(timezone.now() - timedelta(minutes=5))}, "starts_at",
         "A meeting cannot be scheduled in the past."),
        ({"starts_at": "04.05.2031"}, "starts_at", "Enter a valid date/time."),
        ({"place": ""}, "place", "Give the place of an in-person meeting."),
        ({"format": "online", "online_link": ""}, "online_link",
         "Give the link of an online meeting."),
        ({"format": "online", "online_link": "javascript:alert(1)"}, "online_link",
         "Enter a valid URL."),
        ({"capacity": "0"}, "capacity", "Ensure this value is greater than or equal to 1."),
        ({"agenda": "\n".join(f"Мәселе {n}" for n in range(51))}, "agenda",
         "An agenda has at most 50 items."),
        ({"agenda": "Ж" * 301}, "agenda", "Keep each agenda item to at most 300 characters."),
    ],
    ids=[
        "years ago", "minutes ago", "not a date", "in person without place",
        "online without link", "javascript link", "no seats", "51 agenda items",
        "agenda item too long",
    ],
)  # fmt: skip
def test_a_meeting_that_cannot_take_place_is_refused_with_a_message_and_nothing_is_stored(
    english_client, world, changes, field, message
):
    before = stored()

    response = fill(english_client, world, "schedule a meeting", **changes)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert f'id="id_{field}_error"' in response.text
    assert said(response, message)
    assert stored() == before


def test_a_meeting_in_the_past_is_explained_in_kazakh_on_its_field(client, world):
    before = stored()

    response = fill(client, world, "schedule a meeting", starts_at="2020-05-04T10:00")

    # The view finds the field by the message's translation: in Kazakh too it lands on the field.
    assert response.context["form"].errors["starts_at"]
    assert 'id="id_starts_at_error"' in response.text
    assert "A meeting cannot be scheduled in the past." not in response.text
    assert stored() == before


def test_registering_for_a_full_meeting_is_refused_and_nothing_is_stored(english_client, world):
    world.upcoming.capacity = 1
    world.upcoming.save(update_fields=["capacity"])
    another_member = PlatformMembershipFactory(platform=world.platform).user
    MeetingRegistrationFactory(meeting=world.upcoming, user=another_member)
    before = stored()
    english_client.force_login(world.member)

    response = english_client.post(
        reverse("meeting_register", args=[world.upcoming.pk]), follow=True
    )

    assert response.redirect_chain == [(world.upcoming.get_absolute_url(), 302)]
    assert said(response, "All seats are taken.")
    assert stored() == before


def test_registering_twice_for_a_meeting_is_refused(english_client, world):
    MeetingRegistrationFactory(meeting=world.upcoming, user=world.member)
    before = stored()
    english_client.force_login(world.member)

    response = english_client.post(
        reverse("meeting_register", args=[world.upcoming.pk]), follow=True
    )

    assert said(response, "You are already registered.")
    assert stored() == before


@pytest.mark.parametrize("who", ["citizen", "representative"])
def test_someone_without_a_seat_cannot_register_for_a_meeting(english_client, world, who):
    before = stored()
    english_client.force_login(getattr(world, who))

    response = english_client.post(
        reverse("meeting_register", args=[world.upcoming.pk]), follow=True
    )

    assert said(response, "Only the platform's members may register, before the meeting.")
    assert stored() == before


# Applying to a platform


@pytest.mark.parametrize(
    "fields",
    [{"status": Platform.Status.ARCHIVED}, {"membership_policy": Platform.Policy.INVITATION}],
    ids=["archived", "invitation only"],
)
def test_applying_to_a_platform_that_takes_no_applications_is_refused_and_nothing_is_stored(
    english_client, world, fields
):
    Platform.objects.filter(pk=world.platform.pk).update(**fields)
    before = stored()

    english_client.force_login(world.citizen)
    response = english_client.post(
        reverse("platform_apply", args=[world.platform.slug]),
        {"role": "expert", "motivation": "Қатысқым келеді."},
        follow=True,
    )

    assert response.redirect_chain == [(world.platform.get_absolute_url(), 302)]
    assert said(response, "This platform does not take your application.")
    assert response.context["apply_form"] is None
    assert stored() == before


def test_applying_twice_is_refused_and_the_first_application_stays(english_client, world):
    fill(english_client, world, "apply to a platform")
    before = stored()

    response = english_client.post(
        reverse("platform_apply", args=[world.platform.slug]),
        {"role": "activist", "motivation": "Тағы да."},
        follow=True,
    )

    assert said(response, "You have already applied to this platform.")
    assert stored() == before
    assert PlatformMembership.objects.get(user=world.citizen).role == "expert"


def test_a_member_applying_again_is_refused(english_client, world):
    before = stored()
    english_client.force_login(world.member)

    response = english_client.post(
        reverse("platform_apply", args=[world.platform.slug]), {"role": "expert"}, follow=True
    )

    assert said(response, "This platform does not take your application.")
    assert stored() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"role": "state_official"}, "role",
         "Select a valid choice. state_official is not one of the available choices."),
        ({"role": "ngo_representative"}, "role",
         "Select a valid choice. ngo_representative is not one of the available choices."),
    ],
    ids=["as a state official", "for an NGO one is not a member of"],
)  # fmt: skip
def test_an_application_in_a_role_one_may_not_take_is_refused(
    english_client, world, changes, field, message
):
    before = stored()

    response = fill(english_client, world, "apply to a platform", **changes)

    assert response.status_code == 200
    assert response.context["apply_form"].errors[field] == [message]
    assert said(response, message)
    assert stored() == before


def test_an_application_for_another_ngo_is_refused(english_client, world, other_organization):
    OrganizationMemberFactory(organization=world.organization, user=world.citizen)
    before = stored()

    response = fill(
        english_client, world, "apply to a platform",
        role="ngo_representative", organization=other_organization.pk,
    )  # fmt: skip

    message = "Select a valid choice. That choice is not one of the available choices."
    assert message in response.context["apply_form"].errors["organization"]
    assert said(response, message)
    assert stored() == before


# Oversized texts


OVERSIZED = [
    ("register an NGO", "name_kk", 255),
    ("register an NGO", "name_en", 255),
    ("register an NGO", "description", 5000),
    ("edit an NGO", "name_ru", 255),
    ("edit an NGO", "description", 5000),
    ("apply to a platform", "motivation", 3000),
    ("make a proposal", "title", 200),
    ("make a proposal", "text", 10000),
    ("schedule a meeting", "title", 200),
    ("schedule a meeting", "place", 255),
    ("schedule a meeting", "agenda", 10000),
    ("record a recommendation", "text", 5000),
    ("publish the minutes", "minutes", 50000),
    ("move a recommendation on", "answer", 5000),
]


@pytest.mark.parametrize(
    ("form", "field", "limit"), OVERSIZED, ids=[f"{form} {field}" for form, field, _ in OVERSIZED]
)
def test_an_oversized_text_is_refused_with_a_message_and_nothing_is_stored(
    english_client, world, form, field, limit
):
    before = stored()

    response = fill(english_client, world, form, **{field: "Ж" * (limit + 1)})

    message = f"Ensure this value has at most {limit} characters (it has {limit + 1})."
    assert response.status_code == 200
    assert response.context[FORM_IN_CONTEXT.get(form, "form")].errors[field] == [message]
    assert f'id="id_{field}_error"' in response.text
    assert said(response, message)
    assert stored() == before


def test_an_oversized_text_is_explained_in_kazakh(client, world):
    before = stored()

    response = fill(client, world, "make a proposal", text="Ж" * 10001)

    assert 'id="id_text_error"' in response.text
    assert "Мән ең көбі 10000 таңбадан тұруы керек (қазір 10001)." in response.text
    assert stored() == before


@pytest.mark.parametrize("action", ["decline-application", "decline-proposal"])
def test_an_oversized_reason_for_declining_is_refused_with_a_message(english_client, world, action):
    if action == "decline-application":
        target = PlatformMembershipFactory(
            platform=world.platform, status=PlatformMembership.Status.APPLIED
        )
        url = reverse("application_decide", args=[world.platform.slug, target.pk, "decline"])
    else:
        target = ProposalFactory(platform=world.platform, author=world.member)
        url = reverse("proposal_decide", args=[world.platform.slug, target.pk, "decline"])
    before = stored()
    english_client.force_login(world.moderator)

    response = english_client.post(url, {"reason": "Ж" * 2001}, follow=True)

    assert said(response, "Ensure this value has at most 2000 characters (it has 2001).")
    assert stored() == before


# Unknown ids


def unknown_ids(w):
    """Each page asked about something that does not exist: (person, method, url)."""
    slug, nowhere, no_platform = w.platform.slug, 999999, ["no-such-platform"]
    return {
        "platform": (None, "get", reverse("platform_detail", args=no_platform)),
        "apply": (w.citizen, "post", reverse("platform_apply", args=no_platform)),
        "propose": (w.member, "post", reverse("platform_propose", args=no_platform)),
        "leave": (w.member, "post", reverse("platform_leave", args=no_platform)),
        "platform workspace": (w.moderator, "get", reverse("platform_workspace", args=no_platform)),
        "schedule a meeting": (w.moderator, "post", reverse("meeting_create", args=no_platform)),
        "record a recommendation": (w.moderator, "post", reverse("recommendation_create",
                                                                 args=no_platform)),
        "application": (w.moderator, "post", reverse("application_decide",
                                                     args=[slug, nowhere, "approve"])),
        "proposal": (w.moderator, "post", reverse("proposal_decide",
                                                  args=[slug, nowhere, "decline"])),
        "meeting": (None, "get", reverse("meeting_detail", args=[nowhere])),
        "register": (w.member, "post", reverse("meeting_register", args=[nowhere])),
        "cancel": (w.member, "post", reverse("meeting_cancel", args=[nowhere])),
        "minutes": (w.moderator, "post", reverse("meeting_minutes", args=[nowhere])),
        "recommendation": (None, "get", reverse("recommendation_detail", args=[nowhere])),
        "move a recommendation": (w.moderator, "post", reverse("recommendation_detail",
                                                               args=[nowhere])),
        "NGO": (None, "get", reverse("organization_detail", args=[nowhere])),
        "join": (w.citizen, "post", reverse("organization_join", args=[nowhere])),
        "verify": (w.moderator, "post", reverse("organization_verify", args=[nowhere])),
        "NGO workspace": (w.representative, "get", reverse("organization_workspace",
                                                           args=[nowhere])),
        "NGO member": (w.representative, "post", reverse("organization_member_action",
                                                         args=[w.organization.pk, nowhere,
                                                               "approve"])),
    }  # fmt: skip


UNKNOWN = [
    "platform", "apply", "propose", "leave", "platform workspace", "schedule a meeting",
    "record a recommendation", "application", "proposal", "meeting", "register", "cancel",
    "minutes", "recommendation", "move a recommendation", "NGO", "join", "verify",
    "NGO workspace", "NGO member",
]  # fmt: skip


@pytest.mark.parametrize("page", UNKNOWN)
def test_an_unknown_id_answers_404_and_nothing_changes(client, world, page):
    person, method, url = unknown_ids(world)[page]
    before = stored()
    if person is not None:
        client.force_login(person)

    response = getattr(client, method)(url)

    assert response.status_code == 404
    assert stored() == before


@pytest.mark.parametrize("action", ["delete", "approve-all"])
def test_an_unknown_action_answers_404_and_nothing_changes(client, world, action):
    application = PlatformMembershipFactory(
        platform=world.platform, status=PlatformMembership.Status.APPLIED
    )
    proposal = ProposalFactory(platform=world.platform, author=world.member)
    pending = OrganizationMemberFactory(
        organization=world.organization, status=OrganizationMember.Status.PENDING
    )
    before = stored()

    client.force_login(world.moderator)
    answers = [
        client.post(reverse("application_decide", args=[world.platform.slug, application.pk,
                                                         action])).status_code,
        client.post(reverse("proposal_decide", args=[world.platform.slug, proposal.pk,
                                                      action])).status_code,
    ]  # fmt: skip
    client.force_login(world.representative)
    answers.append(
        client.post(
            reverse("organization_member_action", args=[world.organization.pk, pending.pk, action])
        ).status_code
    )

    assert answers == [404, 404, 404]
    assert stored() == before


def test_another_platforms_application_or_proposal_answers_404_to_this_platforms_moderator(
    client, world
):
    elsewhere = PlatformFactory()
    application = PlatformMembershipFactory(
        platform=elsewhere, status=PlatformMembership.Status.APPLIED
    )
    proposal = ProposalFactory(platform=elsewhere)
    before = stored()
    client.force_login(world.moderator)
    slug = world.platform.slug

    approve = client.post(reverse("application_decide", args=[slug, application.pk, "approve"]))
    decline = client.post(
        reverse("proposal_decide", args=[slug, proposal.pk, "decline"]), {"reason": "Жоқ."}
    )

    assert (approve.status_code, decline.status_code) == (404, 404)
    assert stored() == before


# Someone who is not the platform's moderator


def moderator_steps(w):
    """Each of a moderator's steps on the world's platform: (method, url, data)."""
    application = PlatformMembershipFactory(
        platform=w.platform, status=PlatformMembership.Status.APPLIED
    )
    proposal = ProposalFactory(platform=w.platform, author=w.member)
    slug, filled = w.platform.slug, forms(w)
    return {
        "open the workspace": ("get", reverse("platform_workspace", args=[slug]), {}),
        "approve an application": (
            "post", reverse("application_decide", args=[slug, application.pk, "approve"]), {}),
        "decline an application": (
            "post", reverse("application_decide", args=[slug, application.pk, "decline"]),
            {"reason": "Орын жоқ."}),
        "put a proposal on the agenda": (
            "post", reverse("proposal_decide", args=[slug, proposal.pk, "agenda"]),
            {"meeting": w.upcoming.pk}),
        **{step: ("post", *filled[step][1:]) for step in MODERATORS_FORMS},
    }  # fmt: skip


STEPS = [
    "open the workspace", "approve an application", "decline an application",
    "put a proposal on the agenda", "schedule a meeting", "record a recommendation",
    "publish the minutes", "move a recommendation on",
]  # fmt: skip


@pytest.mark.parametrize(
    "person", ["citizen", "ngo_member", "other_platforms_moderator", "petition_moderator"]
)
@pytest.mark.parametrize("step", STEPS)
def test_someone_who_is_not_the_platforms_moderator_gets_404_and_nothing_changes(
    request, client, world, person, step
):
    method, url, data = moderator_steps(world)[step]
    client.force_login(request.getfixturevalue(person))
    before = stored()

    response = getattr(client, method)(url, data)

    assert response.status_code in (403, 404)
    assert stored() == before


@pytest.mark.parametrize("step", STEPS)
def test_a_visitor_taking_a_moderators_step_changes_nothing(client, world, step):
    method, url, data = moderator_steps(world)[step]
    before = stored()

    response = getattr(client, method)(url, data)

    # Sent to sign in, or (the recommendation's own page, open to all) 404.
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response.url.startswith(reverse("account_login"))
    assert stored() == before


# Someone who is not the NGO's representative


@pytest.mark.parametrize("action", ["approve", "refuse", "remove"])
@pytest.mark.parametrize("person", ["other_ngos_representative", "ngo_member", "citizen"])
def test_someone_who_is_not_the_ngos_representative_cannot_decide_its_members(
    request, client, world, person, action
):
    pending = OrganizationMemberFactory(
        organization=world.organization, status=OrganizationMember.Status.PENDING
    )
    target = world.member if action == "remove" else pending.user
    membership = OrganizationMember.objects.get(organization=world.organization, user=target)
    client.force_login(request.getfixturevalue(person))
    before = stored()

    response = client.post(
        reverse("organization_member_action",
                args=[world.organization.pk, membership.pk, action])
    )  # fmt: skip

    assert response.status_code == 404
    assert stored() == before


@pytest.mark.parametrize("action", ["approve", "refuse", "remove"])
def test_another_ngos_representative_cannot_reach_this_ngos_member_through_their_own_ngo(
    client, world, other_organization, other_ngos_representative, action
):
    pending = OrganizationMemberFactory(
        organization=world.organization, status=OrganizationMember.Status.PENDING
    )
    before = stored()
    client.force_login(other_ngos_representative)

    response = client.post(
        reverse("organization_member_action", args=[other_organization.pk, pending.pk, action])
    )

    assert response.status_code == 404
    assert stored() == before


def test_another_ngos_representative_cannot_open_or_edit_this_ngos_workspace(
    client, world, other_ngos_representative
):
    before = stored()
    client.force_login(other_ngos_representative)
    url = reverse("organization_workspace", args=[world.organization.pk])

    opened = client.get(url)
    edited = client.post(url, forms(world)["edit an NGO"][2])

    assert (opened.status_code, edited.status_code) == (404, 404)
    assert stored() == before


# A recommendation's status


@pytest.mark.parametrize(
    ("to_status", "message"),
    [
        ("accepted", "Select a valid choice. accepted is not one of the available choices."),
        ("implemented", "Select a valid choice. implemented is not one of the available choices."),
        ("proposed", "Select a valid choice. proposed is not one of the available choices."),
        ("bogus", "Select a valid choice. bogus is not one of the available choices."),
        ("", "This field is required."),
    ],
    ids=["accepted before sent", "implemented at once", "back to proposed", "unknown", "none"],
)
def test_a_status_that_does_not_follow_is_refused_with_a_message_and_nothing_changes(
    english_client, world, to_status, message
):
    before = stored()

    response = fill(
        english_client, world, "move a recommendation on", to_status=to_status, answer="Иә."
    )

    assert response.status_code == 200
    assert response.context["form"].errors["to_status"] == [message]
    assert 'id="id_to_status_error"' in response.text
    assert said(response, message)
    assert stored() == before


def test_a_recommendation_in_its_final_status_moves_no_further(english_client, world):
    for status, answer in [("sent", ""), ("declined", "Қаржы жоқ.")]:
        services.change_recommendation_status(
            recommendation=world.recommendation, moderator=world.moderator, to_status=status,
            answer=answer, answered_on=timezone.localdate(),
        )  # fmt: skip
    before = stored()

    english_client.force_login(world.moderator)
    response = english_client.post(
        reverse("recommendation_detail", args=[world.recommendation.pk]),
        {"to_status": "in_progress", "answer": "Иә.", "answered_on": "2026-01-01"},
        follow=True,
    )

    assert said(response, "This recommendation's status is final.")
    assert stored() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"answered_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "answered_on",
         "The date of the answer cannot be in the future."),
        ({"answered_on": "31.02.2026"}, "answered_on", "Enter a valid date."),
        ({"answered_on": ""}, "answered_on", "This field is required."),
    ],
    ids=["answered tomorrow", "not a date", "no date"],
)  # fmt: skip
def test_a_step_with_a_bad_date_is_refused_with_a_message_and_nothing_changes(
    english_client, world, changes, field, message
):
    before = stored()

    response = fill(english_client, world, "move a recommendation on", **changes)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert said(response, message)
    assert stored() == before


def test_a_step_after_sending_without_the_answer_is_refused_with_a_message(english_client, world):
    services.change_recommendation_status(
        recommendation=world.recommendation, moderator=world.moderator, to_status="sent",
        answer="", answered_on=timezone.localdate(),
    )  # fmt: skip
    before = stored()

    response = fill(english_client, world, "move a recommendation on",
                    to_status="accepted", answer="   ")  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Enter the answer."]
    assert said(response, "Enter the answer.")
    assert stored() == before


def test_a_step_dated_before_the_previous_one_is_refused(english_client, world):
    before = stored()

    response = fill(english_client, world, "move a recommendation on", answered_on="2020-01-01")

    assert response.status_code == 200
    assert stored() == before
