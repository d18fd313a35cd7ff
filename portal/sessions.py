"""Sessions read from the shared cache and kept in the database; a cache outage falls back to the database.

SESSION_ENGINE = "portal.sessions". Django's cached_db store reads the cache first and writes through to the
database, but a cache that is unreachable fails its reads' write-back, `exists()` and `delete()` with a server
error — every logged-in page and the login form answered 500 while Redis was down. Here every cache error is
a miss: the session is read from and written to the database alone.

A copy the cache could not update or delete during an outage (a logout, a login's new key, a changed session)
may still sit in Redis when it comes back; the keys are remembered and deleted from the cache at this
process's first request once the cache answers again, before any session is read from it. (A Redis restarted
without persistence holds none anyway.)
"""

from __future__ import annotations

import logging
import threading

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore

from portal.cache import is_down

log = logging.getLogger(__name__)

_stale: set[str] = set()
_stale_lock = threading.Lock()


def stale_keys() -> set[str]:
    """Cache keys of sessions whose cached copy may be out of date (tests read it)."""
    return set(_stale)


class SessionStore(cached_db.SessionStore):
    def _remember(self, cache_key: str) -> None:
        with _stale_lock:
            _stale.add(cache_key)

    def _written(self, cache_key: str, ok: bool) -> None:
        if not ok or is_down(self._cache):
            self._remember(cache_key)

    def _purge_stale(self) -> None:
        if not _stale or is_down(self._cache):
            return
        with _stale_lock:
            keys = list(_stale)
        try:
            self._cache.delete_many(keys)
        except Exception:
            log.warning("cache unavailable; %d stale session copies kept for later", len(keys), exc_info=True)
            return
        if not is_down(self._cache):
            with _stale_lock:
                _stale.difference_update(keys)

    def load(self):
        self._purge_stale()
        key = self.cache_key
        try:
            data = self._cache.get(key)
        except Exception:
            data = None
        if data is not None:
            return data
        s = self._get_session_from_db()
        if not s:
            return {}
        data = self.decode(s.session_data)
        try:
            self._cache.set(key, data, self.get_expiry_age(expiry=s.expire_date))
        except Exception:
            log.warning("cache unavailable; session read from the database only", exc_info=True)
        return data

    def exists(self, session_key):
        if not session_key:
            return False
        try:
            if (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            pass
        return DBStore.exists(self, session_key)

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        key = self.cache_key
        try:
            self._cache.set(key, self._session, self.get_expiry_age())
            ok = True
        except Exception:
            log.warning("cache unavailable; session saved in the database only", exc_info=True)
            ok = False
        self._written(key, ok)

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        key = self.cache_key_prefix + session_key
        try:
            self._cache.delete(key)
            ok = True
        except Exception:
            log.warning("cache unavailable; the deleted session's cached copy is removed later", exc_info=True)
            ok = False
        self._written(key, ok)
