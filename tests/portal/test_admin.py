"""The admin closes accounts, never deletes them: their seats and signatures stay on record."""

import pytest
from django.urls import reverse

from portal.models import User

pytestmark = pytest.mark.django_db


def test_an_account_cannot_be_deleted_from_the_admin(admin_client_en, citizen):
    page = reverse("admin:portal_user_delete", args=[citizen.pk])

    response = admin_client_en.post(page, {"post": "yes"})
    changelist = admin_client_en.get(reverse("admin:portal_user_changelist"))

    assert response.status_code == 403
    assert User.objects.filter(pk=citizen.pk).exists()
    assert 'value="delete_selected"' not in changelist.text
