"""Queries built once per process and run with each request's ids (portal/prepared.py)."""

import pytest

from petitions.models import Petition
from portal.follows import follows_filter
from portal.models import Follow
from portal.prepared import PreparedQuery
from tests.factories import make_petition

pytestmark = pytest.mark.django_db


def _follows(petition_id, user_id):
    condition = follows_filter(Petition, petition_id)
    return Follow.objects.filter(condition, user_id=user_id).values_list("object_id")


def test_the_ids_take_their_places_in_a_query_built_once_on_any_integer_column(citizen):
    # The followed object's id is a positive integer column (and a wrapped parameter on
    # PostgreSQL); the person's id a key.
    followed, other = make_petition("open"), make_petition("open")
    Follow.objects.create(user=citizen, content_type_id=_type(), object_id=followed.pk)
    query = PreparedQuery(Follow, _follows)
    assert query.rows(followed.pk, citizen.pk) == [(followed.pk,)]
    assert query.rows(other.pk, citizen.pk) == []


def _type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Petition).pk
