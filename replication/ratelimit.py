"""Per-address limits with the cache: a counter per (purpose, address) that expires with
its window. The address is stored hashed with the site's secret, never as it is."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    # Behind a proxy, the deployment sets REMOTE_ADDR to the client's address (as for
    # django-axes, see jipp_site/settings/base.py).
    return request.META.get("REMOTE_ADDR", "")


def _key(purpose, address):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"ratelimit:{purpose}:{digest}"


def over_limit(request, purpose, limit):
    """Whether this address already used its `limit` in the current window."""
    return (cache.get(_key(purpose, client_address(request))) or 0) >= limit


def count_attempt(request, purpose, window_seconds):
    """Count one use; the window starts with the first use."""
    key = _key(purpose, client_address(request))
    if cache.add(key, 1, timeout=window_seconds):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
