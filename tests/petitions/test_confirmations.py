"""Irreversible steps are asked about first (issue 12, point 5): a GET opens a page that says
what will happen, without JavaScript; only its form's POST takes the step."""

import re

import pytest
from django.urls import reverse

from petitions import services
from petitions.models import Petition, Signature
from tests.factories import UserFactory, make_petition

pytestmark = pytest.mark.django_db


def confirm_form(response):
    """The confirm page's form: it posts to the page's own address, with a CSRF token."""
    assert response.status_code == 200
    html = response.text
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', html, re.S)
    assert form, html
    assert 'name="csrfmiddlewaretoken"' in form.group(2)
    assert form.group(1) == response.wsgi_request.path
    return form.group(2)


def test_deleting_a_draft_asks_first_and_deletes_only_on_the_confirmation(english_client,
                                                                          citizen):  # fmt: skip
    draft = make_petition("draft", author=citizen)
    english_client.force_login(citizen)
    url = reverse("petition_action", args=[draft.pk, "delete"])

    page = english_client.get(draft.get_absolute_url())
    assert f'href="{url}"' in page.text
    asked = english_client.get(url)

    form = confirm_form(asked)
    assert "<h1>Delete the draft?</h1>" in asked.text
    assert "this cannot be undone" in asked.text
    assert ">Delete the draft</button>" in form
    assert f'<a href="{draft.get_absolute_url()}">Cancel</a>' in form
    assert Petition.objects.filter(pk=draft.pk).exists()

    done = english_client.post(url)
    assert done.status_code == 302
    assert not Petition.objects.filter(pk=draft.pk).exists()


def test_withdrawing_a_petition_asks_first(english_client, citizen):
    petition = make_petition("open", author=citizen)
    english_client.force_login(citizen)
    url = reverse("petition_action", args=[petition.pk, "withdraw"])

    form = confirm_form(english_client.get(url))

    assert ">Withdraw the petition</button>" in form
    petition.refresh_from_db()
    assert petition.status == Petition.Status.OPEN
    english_client.post(url)
    petition.refresh_from_db()
    assert petition.status == Petition.Status.WITHDRAWN


def test_withdrawing_a_signature_asks_first(english_client, citizen):
    petition = make_petition("open")
    services.sign_petition(petition=petition, user=citizen)
    english_client.force_login(citizen)
    url = reverse("petition_unsign", args=[petition.pk])

    form = confirm_form(english_client.get(url))

    assert ">Withdraw my signature</button>" in form
    assert Signature.objects.get(user=citizen).status == Signature.Status.VALID
    english_client.post(url)
    assert Signature.objects.get(user=citizen).status == Signature.Status.WITHDRAWN


def test_only_the_author_is_asked_and_submitting_has_no_confirm_page(client, citizen):
    draft = make_petition("draft", author=citizen)
    open_petition = make_petition("open")
    client.force_login(UserFactory(iin=True))

    # Another's draft is not visible; another's open petition is not theirs to withdraw.
    assert client.get(reverse("petition_action", args=[draft.pk, "delete"])).status_code == 404
    withdraw = reverse("petition_action", args=[open_petition.pk, "withdraw"])
    assert client.get(withdraw).status_code == 403
    client.force_login(citizen)
    assert client.get(reverse("petition_action", args=[draft.pk, "submit"])).status_code == 405
    assert client.get(reverse("petition_unsign", args=[draft.pk])).status_code == 403


def test_a_visitor_asking_to_delete_is_sent_to_sign_in(client):
    draft = make_petition("draft")

    response = client.get(reverse("petition_action", args=[draft.pk, "delete"]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
