"""A person's private calendar link: a revocable token that names one account, whose feed
(kultur3.programme.calendar_feed, served at /kalender/<token>.ics) lists the gatherings the
account is invited to.

A calendar app cannot log in, so the link itself is the credential. As with a login session
(sessions.py) the token is 32 random bytes and only its SHA-256 hash is stored: the link is
shown once, when it is made, and a database copy does not give it away. An account has at
most one live link; «Lag ny lenke» revokes the old one, «Slett lenken» revokes it. Revoked
rows are kept 30 days (the person's export shows when a link was made, last used and
revoked), then deleted by the next link made or revoked and by `purge-guests`.

The actor services act on the actor's own account only (an account-less actor, a participant
or a view link, has none and is refused); `user_of_token` is the feed route's lookup, with
the token as the only credential.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.permissions import Actor
from kultur3.access.sessions import token_hash
from kultur3.core.errors import PermissionDenied
from kultur3.models import CalendarFeed, User, utcnow
from kultur3.store.changed import changed

KEEP_REVOKED = timedelta(days=30)
# last_used_at is written at most this often per link: calendar apps poll every 30 minutes
# (Outlook, asked by the feed's REFRESH-INTERVAL) to about a day (Google), and «last used»
# only has to tell the person whether a calendar still reads the link: an hour is plenty.
TOUCH_EVERY = timedelta(hours=1)
TOKEN_MAX = 100  # token_urlsafe(32) is 43 characters; anything longer is not ours


@dataclass(frozen=True)
class LinkState:
    """The person's live calendar link, as «Min konto» shows it (never the token)."""

    created_at: datetime
    last_used_at: datetime | None


def _own(actor: Actor) -> int:
    """The actor's own account; a participant or a view link has none."""
    if actor.user_id is None:
        raise PermissionDenied()
    return actor.user_id


def _live(session: Session, user_id: int) -> CalendarFeed | None:
    return session.exec(select(CalendarFeed).where(
        CalendarFeed.user_id == user_id, col(CalendarFeed.revoked_at).is_(None))).first()


def link_state(*, session: Session, actor: Actor) -> LinkState | None:
    """The actor's live link (when made, last used), or None when they have none."""
    row = _live(session, _own(actor))
    if row is None:
        return None
    return LinkState(created_at=_aware(row.created_at),
                     last_used_at=_aware(row.last_used_at) if row.last_used_at else None)


def make_link(*, session: Session, actor: Actor, now: datetime | None = None) -> str:
    """A new link for the actor; the one they had stops working. Returns the token, which
    nothing keeps but the caller (it is shown once)."""
    user_id = _own(actor)
    now = now or utcnow()
    replaced = _revoke(session, user_id, now)
    token = secrets.token_urlsafe(32)
    session.add(CalendarFeed(user_id=user_id, token_hash=token_hash(token), created_at=now))
    purge_revoked(session, now)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="calendar.link_made", entity="calendarfeed",
                 entity_id=user_id, detail={"replaced": replaced})
    return token


def revoke_link(*, session: Session, actor: Actor, now: datetime | None = None) -> bool:
    """Revoke the actor's live link; False when they had none."""
    user_id = _own(actor)
    now = now or utcnow()
    revoked = _revoke(session, user_id, now) > 0
    purge_revoked(session, now)
    changed(session)
    audit.record(session, actor=actor, action="calendar.link_revoked", entity="calendarfeed",
                 entity_id=user_id, detail={"revoked": revoked})
    return revoked


def _revoke(session: Session, user_id: int, now: datetime) -> int:
    """Revoke the account's live links. The account's row is locked first (PostgreSQL; SQLite
    has one writer), so two «Lag ny lenke» at once (a double click) run one after the other
    and leave one live link, not two."""
    session.exec(select(User.id).where(User.id == user_id).with_for_update()).first()
    result = session.exec(update(CalendarFeed).where(  # type: ignore[call-overload]
        col(CalendarFeed.user_id) == user_id, col(CalendarFeed.revoked_at).is_(None))
        .values(revoked_at=now))
    session.expire_all()
    return result.rowcount or 0


def user_of_token(session: Session, token: str | None, *,
                  now: datetime | None = None) -> int | None:
    """The account a live link names, or None (unknown, revoked, or its account inactive).
    Keeps last_used_at, at most once an hour (TOUCH_EVERY). No change call: «last used» is
    bookkeeping that only «Min konto» reads, uncached, and a counter moved by every poll
    would empty every cached read of the app each time a calendar app asks."""
    if not isinstance(token, str) or not token or len(token) > TOKEN_MAX:
        return None
    now = now or utcnow()
    row = session.exec(select(CalendarFeed).where(
        CalendarFeed.token_hash == token_hash(token),
        col(CalendarFeed.revoked_at).is_(None))).first()
    if row is None:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if row.last_used_at is None or now - _aware(row.last_used_at) >= TOUCH_EVERY:
        row.last_used_at = now
        session.add(row)
        session.flush()
    return row.user_id


def export_rows(session: Session, user_id: int) -> list[dict]:
    """The account's links for its privacy export: when made, last used, revoked (the hash
    stays out: it is not the person's data, only a lock)."""
    rows = session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user_id)
                        .order_by(col(CalendarFeed.created_at))).all()
    return [r.model_dump(exclude={"token_hash"}) for r in rows]


def purge_revoked(session: Session, now: datetime | None = None) -> int:
    """Delete links revoked more than KEEP_REVOKED ago; returns how many."""
    result = session.exec(delete(CalendarFeed).where(  # type: ignore[call-overload]
        col(CalendarFeed.revoked_at) < (now or utcnow()) - KEEP_REVOKED))
    return result.rowcount or 0


def _aware(value: datetime) -> datetime:
    """SQLite may hand datetimes back naive; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=utcnow().tzinfo)
