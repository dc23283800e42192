"""Server-side login sessions: every login is a row, the browser's cookie names it.

Only a SHA-256 hash of the session id is stored (the id is 32 random bytes, so a plain hash
is as good as a keyed one, and sessions survive a change of the cookie key). Every run of
every page resolves the cookie again (kultur3.ui.context.current_user), so ending a session
here logs that browser out on its next click: logout, «Logg ut på alle enheter», a password
change or reset, a deactivation or a role change.

A login hands the browser over with a one-time code (`handoff`, `redeem`): the password is
checked inside the app's websocket, which cannot set an HttpOnly cookie; the browser then
posts the code to /auth/session (kultur3.ui.web), whose response sets the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from kultur3.core.config import Settings
from kultur3.models import SessionHandoff, User, UserSession, utcnow
from kultur3.models.accounts import USER_AGENT_MAX

HANDOFF_SECONDS = 60
# last_seen_at is written at most this often per session: a page run is many reads, and a
# write on each would make every click a write. The idle timeout is hours, so a minute of
# slack does not matter.
TOUCH_EVERY = timedelta(minutes=1)
# Ended and expired sessions are kept this long for «Min konto» and then deleted.
KEEP_ENDED = timedelta(days=30)


@dataclass(frozen=True)
class SessionPolicy:
    """How long a session lives at most, and unused."""

    lifetime: timedelta = timedelta(days=7)
    idle: timedelta = timedelta(hours=8)


def policy_of(settings: Settings) -> SessionPolicy:
    """The policy the settings give (KULTUR3_COOKIE_EXPIRY_DAYS, KULTUR3_SESSION_IDLE_MINUTES)."""
    return SessionPolicy(lifetime=timedelta(days=settings.cookie_expiry_days),
                         idle=timedelta(minutes=settings.session_idle_minutes))


@dataclass(frozen=True)
class SessionRow:
    """One active session as «Min konto» lists it."""

    id: int
    created_at: datetime
    last_seen_at: datetime
    user_agent: str
    current: bool


# (marker in the user agent, name shown), first match wins: Edge and Opera also say Chrome,
# Chrome also says Safari.
_BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari")]
_SYSTEMS = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")]


def browser_name(user_agent: str) -> str:
    """«Firefox, Windows» from a user agent, or "" when it names nothing known."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return ", ".join(part for part in (browser, system) if part)


def token_hash(token: str) -> str:
    """What the database keeps of a session id or a hand-off code."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(session: Session, *, user_id: int, policy: SessionPolicy, user_agent: str = "",
          now: datetime | None = None) -> str:
    """A new session for the user; returns its id, which only the cookie keeps."""
    now = now or utcnow()
    _prune(session, now)
    token = secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user_id, token_hash=token_hash(token), created_at=now,
                            last_seen_at=now, expires_at=now + policy.lifetime,
                            user_agent=(user_agent or "")[:USER_AGENT_MAX]))
    session.flush()
    return token


def _active(row: UserSession | None, user: User | None, policy: SessionPolicy,
            now: datetime) -> bool:
    return (row is not None and user is not None and user.active and row.ended_at is None
            and now < _aware(row.expires_at) and now < _aware(row.last_seen_at) + policy.idle)


def resolve(session: Session, token: str | None, *, policy: SessionPolicy,
            now: datetime | None = None) -> UserSession | None:
    """The live session this id names, or None (unknown, ended, expired, idle, or its
    user deactivated). Keeps last_seen_at, at most once a minute."""
    if not isinstance(token, str) or not token or len(token) > 100:
        return None
    now = now or utcnow()
    row = session.exec(select(UserSession).where(
        UserSession.token_hash == token_hash(token))).first()
    user = session.get(User, row.user_id) if row is not None else None
    if not _active(row, user, policy, now):
        return None
    if now - _aware(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.flush()
    return row


def end(session: Session, token: str | None, *, now: datetime | None = None) -> None:
    """End the session this id names (logout); unknown ids are ignored."""
    if not token:
        return
    session.exec(update(UserSession).where(  # type: ignore[call-overload]
        col(UserSession.token_hash) == token_hash(token), col(UserSession.ended_at).is_(None))
        .values(ended_at=now or utcnow()))


def end_all_for_user(session: Session, user_id: int, *, except_id: int | None = None,
                     now: datetime | None = None) -> int:
    """End every session of the user (but except_id, the one that asked); also drops the
    user's pending hand-off codes. Returns how many sessions ended."""
    now = now or utcnow()
    query = update(UserSession).where(col(UserSession.user_id) == user_id,
                                      col(UserSession.ended_at).is_(None))
    if except_id is not None:
        query = query.where(col(UserSession.id) != except_id)
    result = session.exec(query.values(ended_at=now))  # type: ignore[call-overload]
    session.exec(delete(SessionHandoff).where(  # type: ignore[call-overload]
        col(SessionHandoff.user_id) == user_id))
    return result.rowcount or 0


def list_for_user(session: Session, *, user_id: int, policy: SessionPolicy,
                  current_id: int | None = None, now: datetime | None = None) -> list[SessionRow]:
    """The user's sessions that are still active, the most recently used first."""
    now = now or utcnow()
    user = session.get(User, user_id)
    rows = session.exec(select(UserSession).where(
        UserSession.user_id == user_id, col(UserSession.ended_at).is_(None))
        .order_by(col(UserSession.last_seen_at).desc())).all()
    return [SessionRow(id=r.id, created_at=_aware(r.created_at),
                       last_seen_at=_aware(r.last_seen_at), user_agent=r.user_agent,
                       current=r.id == current_id)
            for r in rows if _active(r, user, policy, now)]


def handoff(session: Session, *, user_id: int, now: datetime | None = None) -> str:
    """A one-time code, good for HANDOFF_SECONDS, that redeem() turns into a session."""
    now = now or utcnow()
    code = secrets.token_urlsafe(32)
    session.add(SessionHandoff(code_hash=token_hash(code), user_id=user_id,
                               expires_at=now + timedelta(seconds=HANDOFF_SECONDS)))
    session.flush()
    return code


def redeem(session: Session, code: str | None, *, policy: SessionPolicy, user_agent: str = "",
           now: datetime | None = None) -> str | None:
    """Spend a hand-off code: a new session's id, or None (unknown, used, expired, or the
    user no longer active). A code works once, whatever the outcome."""
    if not code or len(code) > 100:
        return None
    now = now or utcnow()
    row = session.exec(select(SessionHandoff).where(
        SessionHandoff.code_hash == token_hash(code))).first()
    if row is None:
        return None
    # Deleting by id and counting the rows makes two racing redemptions yield one session.
    spent = session.exec(delete(SessionHandoff).where(  # type: ignore[call-overload]
        col(SessionHandoff.id) == row.id))
    user = session.get(User, row.user_id)
    if spent.rowcount != 1 or now >= _aware(row.expires_at) or user is None or not user.active:
        return None
    return start(session, user_id=user.id, policy=policy, user_agent=user_agent, now=now)


def _prune(session: Session, now: datetime) -> None:
    """Forget expired hand-off codes, and sessions ended or expired a while ago."""
    session.exec(delete(SessionHandoff).where(  # type: ignore[call-overload]
        col(SessionHandoff.expires_at) < now))
    old = now - KEEP_ENDED
    session.exec(delete(UserSession).where(  # type: ignore[call-overload]
        or_(col(UserSession.ended_at) < old, col(UserSession.expires_at) < old,
            col(UserSession.last_seen_at) < old)))


def _aware(value: datetime) -> datetime:
    """SQLite may hand datetimes back naive; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=utcnow().tzinfo)
