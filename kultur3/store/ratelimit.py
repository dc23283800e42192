"""Counting attempts in a sliding window, in the database (so every replica counts the same)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import delete
from sqlmodel import Session, func, select

from kultur3.core.config import get_settings
from kultur3.core.errors import ConfigError, RateLimited
from kultur3.models import RateEvent, utcnow

# Counted events are kept a day (the longest window is an hour), then deleted by the next
# counted event (record) or by `purge-guests` (purge).
KEEP = timedelta(days=1)


@lru_cache(maxsize=1)
def _secret() -> bytes:
    """The server secret the keys are made with, derived from the cookie key (the same on
    every replica, so they count alike). A process with no usable settings (a test, a
    command-line run without a key: the app itself refuses to start then) gets a random one."""
    try:
        key = get_settings().cookie_key.encode("utf-8")
    except ConfigError:
        return secrets.token_bytes(32)
    return hmac.new(key, b"kultur3 rate-limit keys", hashlib.sha256).digest()


def key_for(kind: str, value: str) -> str:
    """A short key that does not store the address or client it counts. Keyed (HMAC-SHA256):
    a plain hash of an e-mail or IPv4 address is reversed by trying every candidate."""
    digest = hmac.new(_secret(), f"{kind}\0{value.strip().lower()}".encode(), hashlib.sha256)
    return f"{kind}:{digest.hexdigest()[:40]}"


def check(session: Session, key: str, *, limit: int, window: timedelta,
          now: datetime | None = None, message: str | None = None) -> None:
    """Raise RateLimited (with `message`, else the plain one) when the window already holds
    `limit` counted events for this key. Counts nothing itself."""
    now = now or utcnow()
    count = session.exec(select(func.count()).select_from(RateEvent).where(
        RateEvent.key == key, RateEvent.at >= now - window)).one()
    if count >= limit:
        raise RateLimited(key=message)


def record(session: Session, *keys: str, now: datetime | None = None) -> None:
    """Count one event for each key, and delete the events older than KEEP: every writer of
    RateEvent comes through here, so the table holds at most a day of traffic (the delete
    runs on the indexed `at` column)."""
    now = now or utcnow()
    session.add_all([RateEvent(key=key, at=now) for key in keys])
    purge(session, now)


def purge(session: Session, now: datetime | None = None) -> int:
    """Delete the counted events older than KEEP; returns how many. Also run by
    `python -m kultur3 purge-guests`, so a quiet server does not keep the last day's rows."""
    result = session.exec(delete(RateEvent).where(  # type: ignore[call-overload]
        RateEvent.at < (now or utcnow()) - KEEP))
    return result.rowcount or 0


def hit(session: Session, key: str, *, limit: int, window: timedelta,
        now: datetime | None = None, message: str | None = None) -> None:
    """Count one attempt; raise RateLimited when the window already holds `limit` of them."""
    check(session, key, limit=limit, window=window, now=now, message=message)
    record(session, key, now=now)
