from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The database cache (used when REDIS_URL is unset) needs its table; Django creates it
    # only in `createcachetable`, which a fresh `migrate` would otherwise leave out.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
