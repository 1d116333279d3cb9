"""Search engines behind one small interface; see base.SearchBackend.

`get_backend()` returns the configured engine: settings.SEARCH_BACKEND ("sqlite",
"postgres", "elasticsearch"), or the engine of the database in use when it is empty.
"""

import functools

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.module_loading import import_string

BACKENDS = {
    "sqlite": "search.backends.sqlite.SQLiteBackend",
    "postgres": "search.backends.postgres.PostgresBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}
DATABASE_DEFAULTS = {"sqlite": "sqlite", "postgresql": "postgres"}


def backend_name():
    name = settings.SEARCH_BACKEND or DATABASE_DEFAULTS.get(connection.vendor)
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND={name!r}: choose one of {', '.join(BACKENDS)} "
            f"(the database in use is {connection.vendor})."
        )
    return name


@functools.cache
def _load(name):
    return import_string(BACKENDS[name])()


def get_backend(name=None):
    return _load(name or backend_name())


def database_backend():
    """The engine of the database itself: Elasticsearch's fallback."""
    return _load(DATABASE_DEFAULTS[connection.vendor])
