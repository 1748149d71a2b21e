"""Rejection reasons and their legal bases, in the reader's language."""

import pytest
from django.conf import settings
from django.utils import translation

from petitions.models import RejectionReason
from tests.factories import make_petition

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru", "en"]


def test_the_legal_bases_are_translated_for_kazakh_and_russian_pages():
    reason = RejectionReason.objects.get(title_en="The text is unclear or makes no request")
    assert reason.legal_basis_en == "Rules for filing and considering online petitions"
    assert reason.legal_basis_ru == "Правила подачи и рассмотрения онлайн-петиций"
    assert reason.legal_basis_kk == "Онлайн-петицияларды беру және қарау қағидалары"
    for language in LANGUAGES:
        with translation.override(language):
            assert reason.legal_basis == getattr(reason, f"legal_basis_{language}")
    assert not RejectionReason.objects.filter(legal_basis_kk__contains="Constitution").exists()
    assert not RejectionReason.objects.filter(legal_basis_ru__contains="Law ").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rejected_petitions_page_gives_the_legal_basis_in_the_readers_language(client, language):
    petition = make_petition("rejected")
    reason = petition.rejection_reason
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(petition.get_absolute_url()).content.decode()
    basis = getattr(reason, f"legal_basis_{language}")
    assert f"<strong>{getattr(reason, f'title_{language}')}</strong> ({basis})" in page
