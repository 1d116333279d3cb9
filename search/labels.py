"""Human labels for facet values, read from the reference data (small tables)."""

import threading

from django.utils.translation import get_language
from taggit.models import Tag

from innovations.models import (
    SDG,
    HubPage,
    Level,
    MinistryAgency,
    Province,
    Regency,
    Sector,
    ServiceChannel,
    Stage,
    Status,
)

from . import state

_lock = threading.Lock()
_cache = {}


def facet_labels(names_and_values):
    """{facet: {value: (label, parent)}} for the values asked for.

    Labels come from small reference tables; each process keeps them until the index
    changes (hub titles and tags change with publishing) or the language differs.
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
                loaded = LOADERS.get(name, _identity)(missing)
                for value in missing:
                    table[value] = loaded.get(value, (value, None))
            labels[name] = {v: table[v] for v in values}
        return labels


def _identity(values):
    return {v: (v, None) for v in values}


def _provinces(values):
    return {
        c: (n, None)
        for c, n in Province.objects.filter(code__in=values).values_list("code", "name")
    }


def _regencies(values):
    rows = Regency.objects.filter(code__in=values).values_list("code", "name", "province_id")
    return {code: (name, province) for code, name, province in rows}


def _ministries(values):
    rows = MinistryAgency.objects.filter(slug__in=values).values_list("slug", "name")
    return {slug: (name, None) for slug, name in rows}


def _keyed(model):
    def load(values):
        return {
            k: (n, None) for k, n in model.objects.filter(key__in=values).values_list("key", "name")
        }

    return load


def _sdgs(values):
    english = (get_language() or "id").startswith("en")
    numbers = [int(v) for v in values if v.isdigit()]
    rows = SDG.objects.filter(number__in=numbers).values_list("number", "name_id", "name_en")
    return {str(n): (f"{n}. {en if english else id_}", None) for n, id_, en in rows}


def _levels(values):
    names = dict(Level.choices)
    return {v: (str(names.get(v, v)), None) for v in values}


def _hubs(values):
    return {
        s: (t, None)
        for s, t in HubPage.objects.filter(slug__in=values).values_list("slug", "title")
    }


def _tags(values):
    return {
        s: (n, None) for s, n in Tag.objects.filter(slug__in=values).values_list("slug", "name")
    }


LOADERS = {
    "province": _provinces,
    "regency": _regencies,
    "ministry": _ministries,
    "sector": _keyed(Sector),
    "channel": _keyed(ServiceChannel),
    "stage": _keyed(Stage),
    "status": _keyed(Status),
    "sdg": _sdgs,
    "level": _levels,
    "hub": _hubs,
    "tag": _tags,
}
