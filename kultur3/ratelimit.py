"""Counting attempts in a sliding window, in the database (so every replica counts the same)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, func, select

from kultur3.errors import RateLimited
from kultur3.models import RateEvent, utcnow


def key_for(kind: str, value: str) -> str:
    """A short key that does not store the address or client it counts."""
    return f"{kind}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()[:40]}"


def hit(session: Session, key: str, *, limit: int, window: timedelta,
        now: datetime | None = None) -> None:
    """Count one attempt; raise RateLimited when the window already holds `limit` of them."""
    now = now or utcnow()
    since = now - window
    count = session.exec(select(func.count()).select_from(RateEvent).where(
        RateEvent.key == key, RateEvent.at >= since)).one()
    if count >= limit:
        raise RateLimited()
    session.add(RateEvent(key=key, at=now))


def forget_older_than(session: Session, age: timedelta) -> int:
    """Drop counted events past any window (housekeeping)."""
    result = session.exec(delete(RateEvent).where(  # type: ignore[call-overload]
        RateEvent.at < utcnow() - age))
    return result.rowcount or 0
