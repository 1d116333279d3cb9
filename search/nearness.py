"""The "daerah serupa" order: results whose region is closest to the reader's come first.

The engine knows documents, not regions: how close two regions are (kind, population,
density, island group, province; replication.regions) is the content's business. The
content registers a provider here when the site starts, and the engine only orders
documents by the layers it gets back.

A provider takes a kabupaten/kota code ("32.11") and returns None when the code is unknown,
else the layers, closest first: each a tuple of place codes of equal closeness, where a
kabupaten/kota code ("32.10") stands for the documents of that kabupaten/kota and a province
code ("32") for the province-level documents of that province (not its kabupaten/kota, which
have their own closeness). Documents in no layer (ministries, regions not similar at all)
come after every layer.

It may also register an explainer: it takes the same code and a list of document ids and
returns, for each id, why that document's region is as close as it is ({"place", "region",
"score", "level", "traits", "reasons", "label"}, see replication.regions.explain_closeness),
or None for an unknown code. The API and the search export show it (explain below), in the
words the result cards use: one rule, the content's.
"""

import re

from django.utils.translation import gettext as _

COOKIE = "daerah_saya"  # where the page finds the reader's kabupaten/kota (no account)
CODE = re.compile(r"[0-9]{2}[.][0-9]{2}")

_provider = None
_explainer = None
_traits = ()


def register(provider, explainer=None, traits=()):
    """`traits`: every key an explanation's "traits" may hold (the OpenAPI document lists
    them)."""
    global _provider, _explainer, _traits
    _provider = provider
    _explainer = explainer
    _traits = tuple(traits)


def traits():
    return _traits


def layers(code):
    """The layers for kabupaten/kota `code`, or None (unknown code, or no provider)."""
    if _provider is None or not CODE.fullmatch(code or ""):
        return None
    return _provider(code)


def explain(search_request, ids):
    """{id: closeness} for these documents, for the region of `search_request` (its `near`,
    resolved to layers); {} without a region or an explainer. Each closeness is what the
    explainer said plus "layer": the 1-based position of the document's place among the
    request's layers (1: the region itself), the group of equal closeness the "daerah
    serupa" order puts it in; None after every layer (not similar at all, or no region)."""
    if not search_request.near or search_request.near_layers is None or _explainer is None:
        return {}
    found = _explainer(search_request.near, list(ids))
    if found is None:
        return {}
    layer_of = {}
    for number, layer in enumerate(search_request.near_layers, start=1):
        for code in layer:
            layer_of.setdefault(code, number)
    explained = {}
    for document_id, why in found.items():
        closeness = {key: value for key, value in why.items() if key != "place"}
        closeness["layer"] = layer_of.get(why.get("place"))
        explained[document_id] = closeness
    return explained


def unknown_message(code):
    return _("near: %(code)s bukan kode kabupaten/kota yang dikenal (mis. 32.11).") % {
        "code": repr(code[:20])
    }
