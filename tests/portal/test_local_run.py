"""`make run`'s database: SQLite, with the demo loaded; signing works there too."""

import textwrap

from tests.portal.test_settings import run_manage

CHECK = textwrap.dedent(
    """
    from django.db.models import Sum
    from petitions import services
    from petitions.models import Petition
    from portal.models import User

    petition = Petition.objects.filter(status="open").order_by("pk").first()
    signers = User.objects.filter(email__startswith="citizen0").exclude(iin_hash=None)
    before = petition.signature_count
    people = [u for u in signers if not petition.signatures.filter(user=u).exists()][:3]
    for person in people:
        services.sign_petition(petition=petition, user=person)
    services.withdraw_signature(petition=petition, user=people[0])
    services.sign_petition(petition=petition, user=people[0])
    petition.refresh_from_db()
    valid = petition.signatures.filter(status="valid").count()
    by_day = petition.daily_counts.aggregate(n=Sum("count"))["n"]
    by_region = petition.region_counts.aggregate(n=Sum("count"))["n"]
    assert petition.signature_count == before + 3 == valid == by_day == by_region, (
        petition.signature_count, before, valid, by_day, by_region)
    print("signed", len(people))
    """
)


def test_the_local_run_migrates_loads_the_demo_and_signs_on_sqlite(tmp_path):
    env = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'qogam.sqlite3'}"}
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        result = run_manage(*command, **env)
        assert result.returncode == 0, result.stderr
    result = run_manage("shell", "-c", CHECK, **env)
    assert result.returncode == 0, result.stderr
    assert "signed 3" in result.stdout


CACHE_CHECK = """
from django.core.cache import cache
from django.db import connection
from django.test import Client

cache.set("ready", "yes", 60)
assert cache.get("ready") == "yes"
assert "qogam_cache" in connection.introspection.table_names()
print("home", Client(HTTP_HOST="127.0.0.1").get("/").status_code)
"""


def test_migrate_alone_creates_the_cache_table_and_the_home_page_answers(tmp_path):
    env = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'qogam.sqlite3'}"}
    result = run_manage("migrate", "--noinput", **env)
    assert result.returncode == 0, result.stderr
    result = run_manage("shell", "-c", CACHE_CHECK, **env)
    assert result.returncode == 0, result.stderr
    assert "home 200" in result.stdout
