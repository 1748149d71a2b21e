"""The register of grounds for rejecting a petition: the file, the dated versions, the
service that amends them, the rejection that cites one, and the pages that show them."""

import csv
from datetime import date, datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from petitions import services
from petitions.grounds import COLUMNS, GroundsFileError, load_grounds, read_grounds
from petitions.models import Ground, GroundEvent, GroundVersion, Petition
from tests.factories import UserFactory, make_petition

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru", "en"]
ALMATY = ZoneInfo("Asia/Almaty")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def at(day, hour=12):
    """A moment of that day in Kazakhstan, for time_machine."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=ALMATY)


NEW_WORDING = {
    "title_kk": "Петицияның мәтінінде нақты талап жоқ",
    "title_ru": "В тексте петиции нет конкретного требования",
    "title_en": "The petition makes no concrete request",
    "legal_basis_kk": "ҚР ӘРПК, 90-2-бап (жаңа редакция)",
    "legal_basis_ru": "АППК РК, ст. 90-2 (новая редакция)",
    "legal_basis_en": "APPC of the RK, art. 90-2 (new wording)",
}


# The file


def test_the_file_is_loaded_with_every_version_of_every_ground():
    rows = read_grounds()
    assert GroundVersion.objects.in_register().count() == len(rows) >= 19
    assert set(Ground.objects.values_list("code", flat=True)) >= {row["code"] for row in rows}
    # Nothing in it was checked against the official text, and it says so on every row.
    assert all(not row["confirmed"] and row["note"] and row["source"] for row in rows)
    # Every ground rests on the Code's chapter on petitions, in each language.
    for version in GroundVersion.objects.in_register():
        assert "ӘРПК" in version.legal_basis_kk or "рәсімдік-процестік" in version.legal_basis_kk
        assert "процедурно-процессуальный кодекс" in version.legal_basis_ru
        assert "Procedural and Process Code" in version.legal_basis_en
        assert "Constitution" not in version.legal_basis_kk + version.legal_basis_ru
    # The December 2025 amendment: amnesty became "amnesty and pardon", new subjects came.
    amnesty = list(GroundVersion.objects.in_register().filter(ground__code="amnesty"))
    assert [(v.title_en, v.effective_until) for v in amnesty] == [
        ("Amnesty", date(2026, 1, 10)),
        ("Amnesty and pardon", None),
    ]


def test_loading_the_file_again_adds_nothing():
    assert load_grounds(Ground, GroundVersion, read_grounds()) == 0


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def row(code, start, until="", title="Тақырып"):
    return [code, start, until, title, "Тема", "Subject", "негіз", "основание", "basis",
            "source", "false", ""]  # fmt: skip


@pytest.mark.parametrize(
    "rows, message",
    [
        ([row("a", "2024-01-01"), row("a", "2025-01-01")], "line 3: a overlaps"),
        ([row("a", "2024-01-01", "2025-01-01"), row("a", "2025-01-01")], "line 3: a overlaps"),
        ([row("a", "1.1.2024")], "line 2: effective_from '1.1.2024' is not an ISO date"),
        ([row("a", "2024-01-01", "2023-01-01")], "line 2: effective_until is before"),
        ([row("a", "2024-01-01", title=" ")], "line 2: title_kk is empty"),
    ],
)
def test_a_broken_file_is_refused_naming_its_line(tmp_path, rows, message):
    with pytest.raises(GroundsFileError, match=message):
        read_grounds(write(tmp_path / "grounds.csv", rows))


def test_versions_that_follow_each_other_are_read(tmp_path):
    path = write(tmp_path / "grounds.csv", [row("a", "2024-01-01", "2024-12-31"),
                                            row("a", "2025-01-01")])  # fmt: skip
    assert [r["effective_until"] for r in read_grounds(path)] == [date(2024, 12, 31), None]


# In force on a day


def codes_in_force(day):
    return [version.ground.code for version in GroundVersion.objects.in_force(day)]


def test_the_grounds_in_force_are_those_of_the_day():
    assert codes_in_force(date(2024, 4, 3)) == []
    before, after = codes_in_force(date(2025, 6, 1)), codes_in_force(date(2026, 2, 1))
    assert "amnesty" in before and "narcotics" not in before
    assert {"narcotics", "public-morality", "war-extremism"} <= set(after)
    # One version of each ground on any day.
    assert len(after) == len(set(after))
    assert GroundVersion.objects.in_force(date(2026, 1, 10)).get(ground__code="amnesty").title_en \
        == "Amnesty"  # fmt: skip
    assert GroundVersion.objects.in_force(date(2026, 1, 11)).get(ground__code="amnesty").title_en \
        == "Amnesty and pardon"  # fmt: skip


def test_the_portals_old_reasons_are_kept_outside_the_register():
    old = GroundVersion.objects.filter(in_register=False)
    # Every reason of 0002, word for word, under the ground 0008 maps it to.
    reasons = import_module("petitions.migrations.0002_categories_reasons_search").REASONS
    mapping = import_module("petitions.migrations.0009_grounds_register").OLD_REASONS
    assert sorted(old.values_list("title_kk", "title_ru", "title_en", "ground__code")) == sorted(
        (kk, ru, en, mapping[en]) for kk, ru, en, _basis in reasons
    )
    assert old.filter(legal_basis_en__contains="Constitution").exists()
    for day in (date(2024, 6, 1), timezone.localdate()):
        assert not GroundVersion.objects.in_force(day).filter(in_register=False).exists()


# Amending, and rejecting under an amended ground


def amend(ground, moderator, start):
    return services.amend_ground(
        ground=ground, actor=moderator, effective_from=start, source="test", **NEW_WORDING
    )


def test_amending_a_ground_ends_its_version_and_records_an_event(petition_moderator):
    ground = Ground.objects.get(code="unclear")
    old = GroundVersion.objects.in_force(date(2026, 6, 1)).get(ground=ground)
    new = amend(ground, petition_moderator, date(2026, 7, 1))

    old.refresh_from_db()
    assert old.effective_until == date(2026, 6, 30) and old.title_en.startswith("The text")
    assert (new.effective_from, new.effective_until, new.title_en) == (
        date(2026, 7, 1), None, NEW_WORDING["title_en"],
    )  # fmt: skip
    assert GroundEvent.objects.filter(ground=ground, action="amended", version=new,
                                      actor=petition_moderator).count() == 1  # fmt: skip
    assert GroundVersion.objects.in_force(date(2026, 7, 1)).get(ground=ground) == new


def test_a_new_wording_must_start_after_the_current_one(petition_moderator):
    ground = Ground.objects.get(code="unclear")
    with pytest.raises(services.PetitionError) as refused:
        amend(ground, petition_moderator, date(2024, 4, 4))
    assert refused.value.code == "invalid"
    assert GroundVersion.objects.filter(ground=ground).count() == 2  # the file's, the old list's


def test_only_petition_moderators_amend_grounds(citizen):
    with pytest.raises(services.PetitionError) as refused:
        amend(Ground.objects.get(code="unclear"), citizen, date(2027, 1, 1))
    assert refused.value.code == "forbidden"


def submitted_then_amended(petition_moderator):
    """A petition submitted on 1 June 2026; "unclear" reworded from 15 June 2026."""
    with time_machine.travel(at(date(2026, 6, 1)), tick=False):
        petition = make_petition("in_moderation", moderator=petition_moderator)
    ground = Ground.objects.get(code="unclear")
    old = GroundVersion.objects.in_force(date(2026, 6, 1)).get(ground=ground)
    new = amend(ground, petition_moderator, date(2026, 6, 15))
    return petition, old, new


def test_rejecting_under_an_amended_ground_keeps_the_old_wording_on_the_petition(
    client, petition_moderator
):
    petition, old, new = submitted_then_amended(petition_moderator)
    with time_machine.travel(at(date(2026, 6, 20)), tick=False):
        # The new wording was not in force on the day it was submitted: refused, unchanged.
        with translation.override("en"):
            with pytest.raises(services.PetitionError) as refused:
                services.reject_petition(petition=petition, moderator=petition_moderator,
                                         reason=new, explanation="Нет требования.")  # fmt: skip
            assert str(refused.value.message) == (
                f"The ground «{NEW_WORDING['title_en']}» was not in force on 1.06.2026, the day "
                "the petition was submitted: choose a ground in force that day."
            )
        petition.refresh_from_db()
        assert petition.status == Petition.Status.IN_MODERATION
        assert not petition.events.filter(action="rejected").exists()

        services.reject_petition(petition=petition, moderator=petition_moderator, reason=old,
                                 explanation="Нет требования.")  # fmt: skip

        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.get(petition.get_absolute_url()).content.decode()
        register = client.get(reverse("petition_grounds")).content.decode()
    assert f"<strong>{escape(old.title_en)}</strong>" in page
    assert escape(NEW_WORDING["title_en"]) not in page
    assert escape(NEW_WORDING["title_en"]) in register
    assert escape(old.title_en) not in register


def test_the_moderator_is_offered_the_grounds_in_force_on_the_day_of_submission(
    client, petition_moderator
):
    petition, old, new = submitted_then_amended(petition_moderator)
    client.force_login(petition_moderator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("petition_moderate", args=[petition.pk, "reject"])
    with time_machine.travel(at(date(2026, 6, 20)), tick=False):
        page = client.get(url).content.decode()
        assert f'value="{old.pk}"' in page and f'value="{new.pk}"' not in page
        assert "The grounds in force on 1.06.2026" in page
        # A version posted by hand that was not in force that day is a form error.
        refused = client.post(url, {"reason": new.pk, "explanation": "x"})
    assert refused.status_code == 200
    petition.refresh_from_db()
    assert petition.status == Petition.Status.IN_MODERATION


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rejection_email_gives_the_cited_wording_in_the_authors_language(
    language, petition_moderator, django_capture_on_commit_callbacks
):
    author = UserFactory(iin=True, preferred_language=language)
    with time_machine.travel(at(date(2026, 6, 1)), tick=False):
        petition = make_petition("in_moderation", author=author)
    ground = Ground.objects.get(code="unclear")
    old = GroundVersion.objects.in_force(date(2026, 6, 1)).get(ground=ground)
    amend(ground, petition_moderator, date(2026, 6, 15))
    mail.outbox.clear()
    with (
        time_machine.travel(at(date(2026, 6, 20)), tick=False),
        translation.override("kk" if language != "kk" else "ru"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.reject_petition(petition=petition, moderator=petition_moderator, reason=old,
                                 explanation="Нет требования.")  # fmt: skip
    [message] = mail.outbox
    title, basis = getattr(old, f"title_{language}"), getattr(old, f"legal_basis_{language}")
    assert f"{title} ({basis})" in message.body
    assert NEW_WORDING[f"title_{language}"] not in message.body


# The register's page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_register_page_lists_the_grounds_in_force_in_the_readers_language(
    client, django_assert_num_queries, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    today = timezone.localdate()
    # the register's versions in force today or later, with their grounds
    with django_assert_num_queries(1):
        response = client.get(reverse("petition_grounds"))
    page = response.content.decode()
    assert response.status_code == 200
    for version in GroundVersion.objects.in_force(today):
        assert escape(getattr(version, f"title_{language}")) in page
        assert escape(getattr(version, f"legal_basis_{language}")) in page
        assert version.effective_from.strftime("%-d.%m.%Y") in page
    other = "ru" if language != "ru" else "en"
    amnesty = GroundVersion.objects.in_force(today).get(ground__code="amnesty")
    assert escape(getattr(amnesty, f"title_{other}")) not in page
    # The old list's wordings are not the law's.
    assert "Constitution of the" not in page and "Конституция Республики" not in page


def test_the_register_page_runs_one_query_whatever_its_size(
    client, django_assert_num_queries, petition_moderator
):
    for number in range(10):
        services.add_ground(actor=petition_moderator, code=f"extra-{number}",
                            effective_from=date(2024, 4, 4), **NEW_WORDING)  # fmt: skip
    with django_assert_num_queries(1):
        assert client.get(reverse("petition_grounds")).status_code == 200


def test_the_petition_form_links_to_the_register(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("petition_create")).content.decode()
    assert f'href="{reverse("petition_grounds")}"' in page


# The admin

# The change page's read-only inlines: the versions and the events.
FORMSETS = {f"{prefix}-{name}": "0" for prefix in ("versions", "events")
            for name in ("TOTAL_FORMS", "INITIAL_FORMS")}  # fmt: skip


def test_amending_a_ground_in_the_admin_keeps_the_old_version(admin_client_en, admin):
    ground = Ground.objects.get(code="unclear")
    old = GroundVersion.objects.in_force(timezone.localdate()).get(ground=ground)
    url = reverse("admin:petitions_ground_change", args=[ground.pk])
    form = admin_client_en.get(url)
    assert form.status_code == 200
    assert escape(old.title_en) in form.content.decode()  # the amendment starts from it
    start = timezone.localdate() + timedelta(days=30)

    response = admin_client_en.post(
        url, {"effective_from": start.isoformat(), "source": "Law of …", "note": "",
              **FORMSETS, **NEW_WORDING},
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:2000]
    old.refresh_from_db()
    assert old.effective_until == start - timedelta(days=1)
    assert old.title_en == "The text is unclear or makes no request"
    assert (
        ground.versions.in_register().get(effective_from=start).title_en
        == (NEW_WORDING["title_en"])
    )
    assert GroundEvent.objects.filter(ground=ground, action="amended", actor=admin).exists()


def test_the_admin_neither_deletes_grounds_nor_edits_versions(admin_client_en):
    ground = Ground.objects.get(code="unclear")
    listed = admin_client_en.get(reverse("admin:petitions_ground_changelist"))
    assert listed.status_code == 200 and "unclear" in listed.content.decode()
    assert "delete_selected" not in listed.content.decode()
    assert admin_client_en.get(reverse("admin:petitions_ground_delete", args=[ground.pk])
                               ).status_code == 403  # fmt: skip
    with pytest.raises(Exception, match="NoReverseMatch|Reverse"):
        reverse("admin:petitions_groundversion_change", args=[1])


def test_a_wording_that_starts_too_early_is_a_form_error_in_the_admin(admin_client_en):
    ground = Ground.objects.get(code="unclear")
    url = reverse("admin:petitions_ground_change", args=[ground.pk])
    response = admin_client_en.post(
        url, {"effective_from": "2024-01-01", **FORMSETS, **NEW_WORDING},
    )  # fmt: skip
    assert response.status_code == 200
    assert "The new wording must start after 4.04.2024" in response.content.decode()
    assert GroundVersion.objects.filter(ground=ground).count() == 2


def test_adding_a_ground_in_the_admin_goes_through_the_service(admin_client_en, admin):
    response = admin_client_en.post(
        reverse("admin:petitions_ground_add"),
        {"code": "new-subject", "effective_from": "2027-01-01", "source": "Law of …",
         **FORMSETS, **NEW_WORDING},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    [version] = GroundVersion.objects.filter(ground__code="new-subject")
    assert (version.effective_from, version.title_ru) == (date(2027, 1, 1), NEW_WORDING["title_ru"])
    assert GroundEvent.objects.filter(version=version, action="added", actor=admin).exists()
    # Not in force yet: announced on the register's page, not offered for rejections.
    assert version not in GroundVersion.objects.in_force(timezone.localdate())


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("citizen", False), ("ngo_member", False), ("platform_moderator", False),
     ("petition_moderator", True), ("admin", True)],
)  # fmt: skip
def test_who_may_amend_the_register(request, role, allowed):
    person = request.getfixturevalue(role)
    ground = Ground.objects.get(code="duplicate")
    try:
        amend(ground, person, date(2027, 1, 1))
    except services.PetitionError as error:
        assert (allowed, error.code) == (False, "forbidden")
    else:
        assert allowed
    assert ground.versions.in_register().filter(effective_from=date(2027, 1, 1)).exists() == allowed
