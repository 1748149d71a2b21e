"""Every petition page runs a fixed number of queries, however many rows it shows (STYLE §3)."""

import itertools

import pytest
from django.urls import reverse

from petitions import services
from petitions.models import Petition, Signature
from tests.factories import UserFactory, fake_signatures, make_petition, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_early_supporter(settings):
    """A petition opens with its first signature, so that fifty are quick to build."""
    settings.PETITION_INITIAL_SUPPORT = 1


def build(count, statuses, **kwargs):
    """`count` petitions cycling through `statuses`; every other one concerns a region."""
    petitions = [
        make_petition(status, **kwargs)
        for status, _ in zip(itertools.cycle(statuses), range(count), strict=False)
    ]
    Petition.objects.filter(pk__in=[p.pk for p in petitions[::2]]).update(region=region("KZ-75"))
    return petitions


@pytest.mark.parametrize("count", [1, 50])
def test_the_public_list_runs_five_queries(client, django_assert_num_queries, count):
    petitions = build(count, ["open", "rejected"])

    # the filter form's three choice lists (addressees, regions, categories), the count, the
    # page of petitions with addressee, category and region joined
    with django_assert_num_queries(5):
        response = client.get(reverse("petition_list"))

    assert response.status_code == 200
    assert response.text.count('class="petition-row"') == min(count, 20)
    assert petitions[0].title in response.text


@pytest.mark.parametrize("count", [1, 50])
def test_the_moderation_queue_runs_six_queries(
    client, petition_moderator, django_assert_num_queries, count
):
    build(count, ["in_moderation", "in_moderation", "under_consideration"])
    client.force_login(petition_moderator)

    # session, the user with their roles, the count, the page of petitions with joins, the
    # addressee filter's choices, the header's menu of work
    with django_assert_num_queries(6):
        response = client.get(reverse("moderation_queue"))

    assert response.status_code == 200
    assert response.text.count("<tr") == count + 1  # the header row and one per petition


@pytest.mark.parametrize("count", [1, 50])
def test_my_petitions_runs_four_queries(client, citizen, django_assert_num_queries, count):
    build(count, ["draft", "in_moderation", "open", "rejected"], author=citizen)
    client.force_login(citizen)

    # session, the user with their roles (no work: no menu of work to read), the count, the
    # page of petitions with addressee, category and region joined
    with django_assert_num_queries(4):
        response = client.get(reverse("my_petitions"))

    assert response.status_code == 200
    assert response.text.count('class="petition-row"') == min(count, 20)


@pytest.mark.parametrize("count", [1, 50])
def test_my_signatures_runs_four_queries(
    client, citizen, petition_moderator, django_assert_num_queries, count
):
    for petition in build(count, ["gathering_support", "open"]):
        services.sign_petition(petition=petition, user=citizen)
    # One of them voided by the moderators: the page says so.
    mine = Signature.objects.filter(user=citizen).first()
    services.invalidate_signatures(
        petition=mine.petition, moderator=petition_moderator, signature_ids=[mine.pk],
        reason="Бот.",
    )  # fmt: skip
    client.force_login(citizen)

    # session, the user with their roles (no work: no menu of work to read), the count, the
    # page of signatures with petition and addressee joined
    with django_assert_num_queries(4):
        response = client.get(reverse("my_signatures"))

    assert response.status_code == 200
    assert response.text.count('class="list-title"') == min(count, 20)


def petition_with_signatures(count, viewer):
    """An open petition that `count` people signed, the viewer among them (named) when given."""
    petition = make_petition("gathering_support")
    if viewer is not None:
        services.sign_petition(petition=petition, user=viewer, show_name=True)
        count -= 1
    if count:
        services.import_signatures(petition=petition, signatures=fake_signatures(count))
    petition.refresh_from_db()
    return petition


@pytest.mark.parametrize("count", [1, 1000])
def test_the_petition_page_runs_five_queries_for_a_visitor_however_many_signed(
    client, django_assert_num_queries, count
):
    petition = petition_with_signatures(count, viewer=None)

    # the petition with its joins, the per-day counts, the per-region counts, the named
    # signers, the public history
    with django_assert_num_queries(5):
        response = client.get(petition.get_absolute_url())

    assert response.status_code == 200
    assert petition.signature_count == count


@pytest.mark.parametrize("count", [1, 1000])
def test_the_petition_page_runs_nine_queries_for_a_signer_however_many_signed(
    client, citizen, django_assert_num_queries, count
):
    petition = petition_with_signatures(count, viewer=citizen)
    client.force_login(citizen)

    # Drawn live (the page cache is off in tests): session, the user with their roles (groups,
    # verified email and seats, kept on the user for the rules, the identity provider and the
    # header, which has no menu of work to read for them), the petition with its joins, the
    # viewer's signature, per-day counts, per-region counts, the named signers, the public
    # history, which of the petition and its addressee the viewer follows
    with django_assert_num_queries(9):
        response = client.get(petition.get_absolute_url())

    assert response.status_code == 200
    assert "Айгерим С." in response.text
    assert petition.signature_count == count


def test_a_petition_page_without_signatures_skips_the_charts_and_signers(
    client, citizen, django_assert_num_queries
):
    petition = make_petition("gathering_support")
    assert petition.signature_count == 0

    # the petition with its joins and the public history: no charts or named signers to draw
    with django_assert_num_queries(2):
        client.get(petition.get_absolute_url())
    client.force_login(citizen)
    # the signer's nine less the same three
    with django_assert_num_queries(6):
        response = client.get(petition.get_absolute_url())

    assert response.status_code == 200


def test_signers_from_many_regions_do_not_add_queries(english_client, django_assert_num_queries):
    petition = make_petition("gathering_support")
    for code in ("KZ-10", "KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-35", "KZ-71", "KZ-75"):
        signer = UserFactory(iin=True, region=region(code))
        services.sign_petition(petition=petition, user=signer, show_name=True)

    # as for one signature: the region names come joined to the per-region counts
    with django_assert_num_queries(5):
        response = english_client.get(petition.get_absolute_url())

    assert response.status_code == 200
    assert "Abai Region" in response.text
    assert "Karaganda Region" in response.text
