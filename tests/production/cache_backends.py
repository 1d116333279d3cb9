"""The two cache backends the cache tests run on: Redis (each test file with a database
number of its own, so that clearing it touches no other run's) and local memory."""

import pytest

MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def redis_caches(location, key_prefix):
    return {
        "default": {
            "BACKEND": "jipp_site.cache.FailOpenRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def redis_reachable(location):
    import redis

    try:
        return redis.Redis.from_url(location, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


def use(settings, backend, location, key_prefix):
    """Point settings.CACHES at `backend` ("redis" or "memory"); skip, saying so, when Redis
    does not answer."""
    if backend == "redis" and not redis_reachable(location):
        pytest.skip(f"Redis is not reachable at {location}: the Redis half did not run")
    settings.CACHES = redis_caches(location, key_prefix) if backend == "redis" else MEMORY
