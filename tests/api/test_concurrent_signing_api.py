"""Signing through the API under real concurrency (design §4.3, §7): the counts stay exact.

Each thread has its own PostgreSQL connection and commits real transactions, as gunicorn's
workers would; every signer sends the same request twice at once (a double submit).
"""

from collections import Counter
from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from petitions.models import DailySignatureCount, Petition, RegionSignatureCount, Signature
from portal.models import Region
from portal.validators import make_iin
from tests.concurrency import run_together
from tests.factories import UserFactory, make_petition

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SIGNERS = 8


@pytest.fixture(scope="module", autouse=True)
def _put_back(migrations_data_put_back):
    """Put the data migrations' rows back after this file's last test."""


def test_double_submits_from_many_signers_at_once_count_each_signer_once(settings):
    settings.PETITION_INITIAL_SUPPORT = 1
    # The row lock is under test here, not the signing rate limit (tests/petitions): its
    # counters, shared by every thread from this one address, would add their own contention.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "sign_petition": ""}
    petition = make_petition("open")
    before = petition.signature_count
    regions = list(Region.objects.order_by("code")[:3])
    keys = []
    for n in range(SIGNERS):
        signer = UserFactory(
            password=None, region=regions[n % 3],
            iin=make_iin(date(1970 + n, 1 + n % 12, 1 + n), "male", serial=500 + n),
        )  # fmt: skip
        keys.append(Token.objects.create(user=signer).key)

    def sign(key):
        def job():
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
            return client.post(f"/api/v1/petitions/{petition.pk}/signatures").status_code

        return job

    answers = run_together([sign(key) for key in keys for _twice in range(2)])

    assert Counter(answers) == {201: SIGNERS, 409: SIGNERS}
    petition.refresh_from_db()
    valid = Signature.objects.filter(petition=petition, status="valid").count()
    assert petition.signature_count == valid == before + SIGNERS
    assert sum(row.count for row in RegionSignatureCount.objects.filter(petition=petition)) == valid
    assert sum(row.count for row in DailySignatureCount.objects.filter(petition=petition)) == valid
    assert Petition.objects.get(pk=petition.pk).status == "open"
