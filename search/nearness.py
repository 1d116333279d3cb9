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
"""

import re

from django.utils.translation import gettext as _

COOKIE = "daerah_saya"  # where the page finds the reader's kabupaten/kota (no account)
CODE = re.compile(r"[0-9]{2}[.][0-9]{2}")

_provider = None


def register(provider):
    global _provider
    _provider = provider


def layers(code):
    """The layers for kabupaten/kota `code`, or None (unknown code, or no provider)."""
    if _provider is None or not CODE.fullmatch(code or ""):
        return None
    return _provider(code)


def unknown_message(code):
    return _("near: %(code)s bukan kode kabupaten/kota yang dikenal (mis. 32.11).") % {
        "code": repr(code[:20])
    }
