"""The API's grounds for rejection: dated versions, and a rejection that cites one."""

from datetime import date

import pytest
import time_machine

from tests.petitions.test_grounds_register import EN, NEW_WORDING, at, submitted_then_amended

pytestmark = pytest.mark.django_db


def test_the_api_refuses_a_ground_not_in_force_and_shows_the_old_wording(
    api_as, petition_moderator
):
    petition, old, new = submitted_then_amended(petition_moderator)
    api = api_as(petition_moderator)
    url = f"/api/v1/petitions/{petition.pk}/reject"
    with time_machine.travel(at(date(2026, 6, 20)), tick=False):
        refused = api.post(url, {"reason": new.pk, "explanation": "x"}, **EN)  # fmt: skip
        assert refused.status_code == 400
        assert "was not in force on 1.06.2026" in str(refused.json())
        done = api.post(url, {"reason": old.pk, "explanation": "x"}, **EN)  # fmt: skip
        assert done.status_code == 200, done.json()
        detail = api.get(f"/api/v1/petitions/{petition.pk}", **EN).json()
        reasons = "/api/v1/rejection-reasons?code=unclear"
        today = api.get(reasons, **EN).json()["results"]
        then = api.get(f"{reasons}&date=2026-06-01", **EN).json()["results"]
    reason = detail["rejection"]["reason"]
    assert (reason["id"], reason["code"], reason["title"]) == (old.pk, "unclear", old.title_en)
    assert [r["title"] for r in today] == [NEW_WORDING["title_en"]]
    assert [r["id"] for r in then] == [old.pk]
