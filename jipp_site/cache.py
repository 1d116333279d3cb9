"""Django's Redis cache, failing open: while Redis is unreachable, reads miss and writes are
dropped (with a warning) instead of failing the request. Wagtail itself keeps its site root
paths in the cache, so without this a stopped Redis would stop every page.

After a failure Redis is left alone for RETRY_AFTER seconds (every operation misses at
once), so a Redis that hangs costs one timeout per process, not one per cache call.

`incr` still raises: the page cache's purge must know when it did not happen
(pagecache.store.purge logs it as an error)."""

import logging
import time

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
RETRY_AFTER = 10.0  # seconds
_down_until = 0.0


def _fail_open(method, fallback):
    def wrapper(self, *args, **kwargs):
        global _down_until
        if time.monotonic() >= _down_until:
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                _down_until = time.monotonic() + RETRY_AFTER
                logger.warning(
                    "Redis unreachable (%s): the cache is skipped for %.0f s", error, RETRY_AFTER
                )
        return fallback(*args) if callable(fallback) else fallback

    return wrapper


def reset():
    """Try Redis again at the next call (tests)."""
    global _down_until
    _down_until = 0.0


class FailOpenRedisCacheClient(RedisCacheClient):
    add = _fail_open(RedisCacheClient.add, False)
    get = _fail_open(RedisCacheClient.get, lambda key, default: default)
    set = _fail_open(RedisCacheClient.set, None)
    touch = _fail_open(RedisCacheClient.touch, False)
    delete = _fail_open(RedisCacheClient.delete, False)
    get_many = _fail_open(RedisCacheClient.get_many, {})
    has_key = _fail_open(RedisCacheClient.has_key, False)
    set_many = _fail_open(RedisCacheClient.set_many, [])
    delete_many = _fail_open(RedisCacheClient.delete_many, None)


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailOpenRedisCacheClient
