"""Human labels for facet values, asked of the document source and kept per process."""

import threading

from django.utils.translation import get_language

from . import state
from .sources import get_source

_lock = threading.Lock()
_cache = {}


def facet_labels(names_and_values):
    """{facet: {value: (label, parent)}} for the values asked for.

    Labels come from the content's small reference tables (search.sources); each process
    keeps them until the index changes (hub titles and tags change with publishing) or
    the language differs.
    """
    key = (state.current().index_key, (get_language() or "id")[:2])
    with _lock:
        if _cache.get("key") != key:
            _cache.clear()
            _cache["key"] = key
        labels = {}
        for name, values in names_and_values.items():
            table = _cache.setdefault(name, {})
            missing = {v for v in values if v not in table}
            if missing:
                loaded = get_source().facet_labels(name, missing)
                for value in missing:
                    table[value] = loaded.get(value, (value, None))
            labels[name] = {v: table[v] for v in values}
        return labels


def reset():
    """Forget every label (tests that change reference data in place)."""
    with _lock:
        _cache.clear()
