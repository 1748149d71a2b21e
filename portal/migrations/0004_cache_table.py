"""The cache table, so that `migrate` alone prepares a database.

Rate limits and cached pages live in the database cache unless REDIS_URL is set; a server
that ran `migrate` but not `createcachetable` answered 500 on every page.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The command creates a table for each database cache in CACHES and skips existing ones.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_tables(apps, schema_editor):
    for cache in settings.CACHES.values():
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
            schema_editor.execute(
                f"DROP TABLE IF EXISTS {schema_editor.quote_name(cache['LOCATION'])}"
            )


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_reference_data")]

    operations = [migrations.RunPython(create_cache_tables, drop_cache_tables)]
