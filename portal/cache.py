"""The shared cache, best effort: a Redis outage is a cache miss, never a server error.

Everything the portal keeps in the cache can be lost or recomputed (session copies — the database holds the
sessions —, once-per-interval flags, throttling counters), so `ResilientRedisCache` answers as an empty cache
while Redis is unreachable: `get` gives the default, `add`/`set`/`delete` do nothing and report it, `incr`
raises ValueError as for a missing key. After a failure it does not try Redis again for `RETRY_SECONDS`
(a circuit breaker), so a Redis host that times out costs one timeout per process every few seconds, not one
per call. `is_down(cache)` tells callers that must know (the session store, portal.services.enqueue_once).
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
UNAVAILABLE = (RedisError, OSError)


class ReusedRedisClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every cache call, and redis-py's constructor fills a table of
    some 500 response callbacks each time: ~0.14 ms of CPU, three times in a logged-in request (profiled on the
    complaint submission). A `redis.Redis` over a connection pool is safe to share between threads, so one is
    kept per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that treats an unreachable Redis as an empty cache (see the module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient
        self._down_until = 0.0
        self._lock = threading.Lock()

    # ---- the breaker ----

    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, op: str, exc: BaseException) -> None:
        with self._lock:
            if not self.is_down():
                log.warning("cache unavailable (%s: %s); treated as empty for %.0f s", op, exc.__class__.__name__,
                            RETRY_SECONDS)
            self._down_until = time.monotonic() + RETRY_SECONDS

    def _guard(self, op: str, default, call):
        if self.is_down():
            return default
        try:
            return call()
        except UNAVAILABLE as exc:
            self._failed(op, exc)
            return default

    # ---- the cache API ----

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", False, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version))

    def get(self, key, default=None, version=None):
        return self._guard("get", default, lambda: super(ResilientRedisCache, self).get(key, default, version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version))

    def delete(self, key, version=None):
        return self._guard("delete", False, lambda: super(ResilientRedisCache, self).delete(key, version))

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, lambda: super(ResilientRedisCache, self).get_many(keys, version))

    def has_key(self, key, version=None):
        return self._guard("has_key", False, lambda: super(ResilientRedisCache, self).has_key(key, version))

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._guard("incr", missing, lambda: super(ResilientRedisCache, self).incr(key, delta, version))
        if value is missing:
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", list(data),
                           lambda: super(ResilientRedisCache, self).set_many(data, timeout, version))

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, lambda: super(ResilientRedisCache, self).delete_many(keys, version))

    def clear(self):
        return self._guard("clear", False, lambda: super(ResilientRedisCache, self).clear())


def is_down(cache) -> bool:
    """True while `cache` is a ResilientRedisCache that just failed (other backends are never down)."""
    check = getattr(cache, "is_down", None)
    return bool(check and check())


def remember(key: str, seconds: int, compute):
    """`compute()`'s value, kept in the shared cache under `key` for `seconds` (figures a page shows that are
    costly to count and may lag by those seconds); with the cache down every call computes."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=seconds)
    return value
