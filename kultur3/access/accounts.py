"""Users, passwords, our own login-failure lockout (per account and client), and the events
that end a user's sessions (kultur3.access.sessions)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import lru_cache

import bcrypt
from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from kultur3.access import audit, sessions
from kultur3.access.identity import actor_for
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput, LoginLocked, NotFound
from kultur3.core.validation import build, clean_text
from kultur3.models import (
    ACCOUNT_ROLES,
    EMAIL_MAX,
    MUNICIPAL_ROLES,
    Invitation,
    InvitationKind,
    LoginAttempt,
    Municipality,
    Role,
    User,
    utcnow,
)
from kultur3.store import ratelimit
from kultur3.store.changed import changed

DEMO_PASSWORD = "kultur3-demo"  # noqa: S105 - published on purpose; refused outside demo mode
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further
# Five failures for one account from one client within 15 minutes lock that account against
# that client for 15 minutes: whoever types a stranger's name five times locks out only
# themself. A client is also stopped after 20 failures on any accounts (guessing names), and
# an account after 100 from everywhere together (a ceiling against many clients at once).
LOCKOUT_FAILURES = 5
CLIENT_FAILURES = 20
ACCOUNT_FAILURES = 100
LOCKOUT_WINDOW = timedelta(minutes=15)
LOCKOUT_DURATION = timedelta(minutes=15)
KEEP_ATTEMPTS = timedelta(days=1)  # attempts past every window are deleted on the next login
BCRYPT_ROUNDS = 12


def hash_password(password: str, *, rounds: int = BCRYPT_ROUNDS) -> str:
    """A bcrypt hash of the password."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


def check_password(password: str, password_hash: str) -> bool:
    """True when the password matches the bcrypt hash."""
    raw = password.encode("utf-8")
    if len(raw) > MAX_PASSWORD_BYTES:
        return False
    try:
        return bcrypt.checkpw(raw, password_hash.encode("ascii"))
    except ValueError:
        return False


def validate_password(password: str, username: str) -> None:
    """Refuse passwords that are short, too long for bcrypt, or the username itself."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(key="error.password_short", limit=MIN_PASSWORD_LENGTH)
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise InvalidInput(key="error.password_long", limit=MAX_PASSWORD_BYTES)
    if password.strip().lower() == username.strip().lower():
        raise InvalidInput(key="error.password_is_username")


def create_user(
    *,
    session: Session,
    username: str,
    password: str | None = None,
    password_hash: str | None = None,
    role: Role,
    display_name: str = "",
    municipality_number: str | None = None,
    actor: Actor,
    must_change_password: bool = False,
    shared_login: bool = False,
) -> User:
    """Create an account; a group user must be bound to one municipality. shared_login: a
    group's shared login (kultur3/group/scorers.py: it keeps the member picker).

    From the app an admin acts; the command line and an accepted invitation pass OPERATOR.
    """
    check(actor, "users.manage")
    if Role(role) not in ACCOUNT_ROLES:  # participants and view links are never accounts
        raise InvalidInput(key="error.invalid_input")
    username = clean_text(username).lower()
    if password_hash is None:
        validate_password(password or "", username)
        password_hash = hash_password(password or "")
    municipality_id = None
    if role in MUNICIPAL_ROLES:
        if not municipality_number:
            raise InvalidInput(key="error.group_needs_municipality")
        municipality = session.exec(
            select(Municipality).where(Municipality.number == municipality_number)
        ).first()
        if municipality is None:
            raise NotFound(key="error.unknown_municipality", number=municipality_number)
        municipality_id = municipality.id
    if session.exec(select(User.id).where(User.username == username)).first() is not None:
        raise InvalidInput(key="error.username_taken", username=username)
    user = build(User, username=username, display_name=clean_text(display_name) or username,
                 password_hash=password_hash, role=Role(role), municipality_id=municipality_id,
                 must_change_password=must_change_password,
                 shared_login=shared_login and Role(role) == Role.GROUP)
    session.add(user)
    session.flush()
    # Every way an account is made (invitation, admin page, command line; single sign-on
    # finds accounts made these ways) ends the address's pending invitations: a link
    # somebody else has seen must not become a way into the new account.
    expire_links(session, email=username, kind=InvitationKind.INVITE)
    changed(session, users=True)
    audit.record(session, actor=actor, action="user.create", entity="user", entity_id=user.id,
                 detail={"username": username, "role": str(role)})
    return user


def expire_links(session: Session, *, email: str, kind: InvitationKind,
                 now: datetime | None = None) -> int:
    """End every pending link of this kind for the address (one atomic UPDATE); how many."""
    now = now or utcnow()
    done = session.exec(update(Invitation).where(  # type: ignore[call-overload]
        Invitation.email == email, Invitation.kind == kind,
        col(Invitation.used_at).is_(None), Invitation.expires_at > now).values(expires_at=now))
    return done.rowcount or 0


def client_key(client: str) -> str:
    """What a login attempt keeps of the client it came from (a keyed hash)."""
    return ratelimit.key_for("login-client", client or "unknown-client")


def locked_until(session: Session, username: str, *, client: str = "",
                 now: datetime | None = None) -> datetime | None:
    """When a lock on this username for this client ends, or None when it is not locked now
    (see LOCKOUT_FAILURES)."""
    now = now or utcnow()
    horizon = now - LOCKOUT_WINDOW - LOCKOUT_DURATION
    key = client_key(client)
    recent = select(LoginAttempt).where(LoginAttempt.at >= horizon).order_by(col(LoginAttempt.at))
    pair = session.exec(recent.where(LoginAttempt.username == username,
                                     LoginAttempt.client == key)).all()
    by_client = session.exec(recent.where(LoginAttempt.client == key)).all()
    by_account = session.exec(recent.where(LoginAttempt.username == username)).all()
    ends = [_lock_end(pair, LOCKOUT_FAILURES, now), _lock_end(by_client, CLIENT_FAILURES, now),
            _lock_end(by_account, ACCOUNT_FAILURES, now)]
    return max((e for e in ends if e is not None), default=None)


def _lock_end(rows: list[LoginAttempt], limit: int, now: datetime) -> datetime | None:
    """`limit` failures in a row (a success starts again) within the window lock until the
    last of them plus LOCKOUT_DURATION."""
    failures: list[datetime] = []
    for row in rows:
        failures = [] if row.success else [*failures, _aware(row.at)]
    for i in range(len(failures) - limit + 1):
        first, last = failures[i], failures[i + limit - 1]
        if last - first <= LOCKOUT_WINDOW and now < last + LOCKOUT_DURATION:
            return last + LOCKOUT_DURATION
    return None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash no password matches, of the same cost as real ones: an unknown username is
    checked against it, so a login takes as long whether the account exists or not."""
    return hash_password(secrets.token_urlsafe(16))


def _aware(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=utcnow().tzinfo)


def authenticate(
    *, session: Session, username: str, password: str, client: str = "",
    now: datetime | None = None, demo_mode: bool = True,
) -> Actor | None:
    """Check a login from a client (its address). Records the attempt; raises LoginLocked
    while the account is locked against this client.

    Outside demo mode the published demo password never logs anyone in, so demo accounts
    left in a real database are dead.
    """
    now = now or utcnow()
    username = clean_text(username).lower()[:EMAIL_MAX]
    until = locked_until(session, username, client=client, now=now)
    if until is not None:
        raise LoginLocked(until=until)
    user = session.exec(select(User).where(User.username == username)).first()
    # bcrypt runs whatever the account: an answer that came faster for unknown names
    # would tell which accounts exist.
    matches = check_password(password, user.password_hash if user else _dummy_hash())
    ok = bool(user and user.active and matches and (demo_mode or password != DEMO_PASSWORD))
    session.exec(delete(LoginAttempt).where(  # type: ignore[call-overload]
        col(LoginAttempt.at) < now - KEEP_ATTEMPTS))
    session.add(LoginAttempt(username=username, at=now, success=ok, client=client_key(client)))
    if not ok:
        return None
    audit.record(session, actor=None, action="user.login", entity="user", entity_id=user.id,
                 detail={"username": username})
    return actor_for(session, username)


# --- Administration ---------------------------------------------------------------------------

# No 0/o or 1/l/i: temporary passwords are read aloud or copied by hand.
TEMP_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet


def _user(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == clean_text(username).lower())).first()
    if user is None:
        raise NotFound()
    return user


def _snapshot(user: User) -> dict:
    return {"role": str(user.role), "municipality_id": user.municipality_id,
            "active": user.active, "display_name": user.display_name}


def _changed(session: Session, actor: Actor, user: User, action: str, before: dict) -> None:
    session.add(user)
    session.flush()
    changed(session, users=True)
    audit.record(session, actor=actor, action=action, entity="user", entity_id=user.id,
                 detail={"username": user.username, "before": before, "after": _snapshot(user)})


def set_active(*, session: Session, actor: Actor, username: str, active: bool) -> None:
    """Deactivate (or reactivate) an account; an admin cannot lock themself out."""
    check(actor, "users.manage")
    user = _user(session, username)
    if user.id == actor.user_id and not active:
        raise InvalidInput(key="admin.not_yourself")
    before = _snapshot(user)
    user.active = active
    if not active:
        sessions.end_all_for_user(session, user.id)
    _changed(session, actor, user, "user.activate" if active else "user.deactivate", before)


def change_role(*, session: Session, actor: Actor, username: str, role: Role,
                municipality_number: str | None = None) -> None:
    """Give an account another role (and, for a group, its municipality)."""
    check(actor, "users.manage")
    if Role(role) not in ACCOUNT_ROLES:
        raise InvalidInput(key="error.invalid_input")
    user = _user(session, username)
    if user.id == actor.user_id and role != Role.ADMIN:
        raise InvalidInput(key="admin.not_yourself")
    municipality_id = None
    if role in MUNICIPAL_ROLES:
        found = session.exec(select(Municipality.id).where(
            Municipality.number == (municipality_number or ""))).first()
        if found is None:
            raise InvalidInput(key="error.group_needs_municipality")
        municipality_id = found
    before = _snapshot(user)
    if (Role(user.role), user.municipality_id) != (Role(role), municipality_id):
        sessions.end_all_for_user(session, user.id)  # log in again, under the new role
    user.role, user.municipality_id = Role(role), municipality_id
    _changed(session, actor, user, "user.role", before)


def temporary_password() -> str:
    """Four groups of four unambiguous characters, e.g. k7tm-w2qa-9hpz-ex4c (19 characters)."""
    return "-".join("".join(secrets.choice(TEMP_PASSWORD_ALPHABET) for _ in range(4))
                    for _ in range(4))


def reset_password(*, session: Session, actor: Actor, username: str) -> str:
    """Set a one-time temporary password that must be changed at next login; returns it."""
    check(actor, "users.manage")
    user = _user(session, username)
    temp = temporary_password()
    before = _snapshot(user)
    user.password_hash = hash_password(temp)
    user.must_change_password = True
    expire_links(session, email=user.username, kind=InvitationKind.RESET)
    sessions.end_all_for_user(session, user.id)
    _changed(session, actor, user, "user.reset_password", before)
    return temp


def change_password(*, session: Session, actor: Actor, current: str, new: str,
                    keep_session_id: int | None = None) -> None:
    """The user changes their own password; the current one must be right. Every other
    session of theirs ends (keep_session_id: the one they changed it from)."""
    user = session.get(User, actor.user_id)
    if user is None or not user.active:
        raise NotFound()
    if not check_password(current, user.password_hash):
        raise InvalidInput(key="account.wrong_current")
    validate_password(new, user.username)
    if new == DEMO_PASSWORD or new == current:
        raise InvalidInput(key="account.choose_new")
    before = _snapshot(user)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    expire_links(session, email=user.username, kind=InvitationKind.RESET)
    sessions.end_all_for_user(session, user.id, except_id=keep_session_id)
    _changed(session, actor, user, "user.change_password", before)


def end_sessions(session: Session, user_id: int) -> int:
    """Log the user out on every device (after a password reset by link, for one)."""
    return sessions.end_all_for_user(session, user_id)
