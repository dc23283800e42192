"""Accounts, security and bookkeeping: users, logins, invitations, rate events, audit,
the data counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, false
from sqlmodel import Field, SQLModel

from kultur3.models.base import (
    EMAIL_MAX,
    NAME_MAX,
    SETTING_MAX,
    InvitationKind,
    Role,
    enum_type,
    utcnow,
)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(min_length=3, max_length=EMAIL_MAX, unique=True, index=True,
                          title="admin.username")
    display_name: str = Field(max_length=NAME_MAX, title="common.name")
    password_hash: str = Field(max_length=100)
    role: Role = Field(sa_type=enum_type(Role))
    municipality_id: int | None = Field(default=None, foreign_key="municipality.id")
    active: bool = True
    must_change_password: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    # A group's shared login (the demo's «kommune-N», a tablet on the group's table): it may
    # score as any member of its group, picked by name. Any other group account is one
    # person's and scores only as the member row that names it (Member.user_id).
    shared_login: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class LoginAttempt(SQLModel, table=True):
    """Our own failed-login record; the lockout window is computed from it. `client` is a
    keyed hash of the address the attempt came from (kultur3.store.ratelimit.key_for), so a lock
    holds against that client and not against the account's owner elsewhere."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=EMAIL_MAX, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    success: bool = False
    client: str = Field(default="", max_length=120, index=True)


USER_AGENT_MAX = 200


class UserSession(SQLModel, table=True):
    """One login on one browser (kultur3.access.sessions). Only a SHA-256 hash of the session id
    is stored; the id itself lives in the browser's HttpOnly cookie."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    user_agent: str = Field(default="", max_length=USER_AGENT_MAX)
    ended_at: datetime | None = None


class SessionHandoff(SQLModel, table=True):
    """A one-time code, good for seconds, that /auth/session turns into a new session and its
    cookie: the password is checked in the app, the cookie can only be set by a response.
    Only the code's hash is stored; the session id is made when the code is redeemed."""

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    expires_at: datetime = Field(index=True)


class Invitation(SQLModel, table=True):
    """A one-time link to choose a password: an invitation to a new account, or a reset.
    Only a SHA-256 hash of the token is stored; the token itself lives in the link."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    kind: InvitationKind = Field(default=InvitationKind.INVITE, sa_type=enum_type(InvitationKind))
    email: str = Field(max_length=EMAIL_MAX, index=True)
    display_name: str = Field(default="", max_length=NAME_MAX)
    role: Role = Field(sa_type=enum_type(Role))
    programme_id: int | None = Field(default=None, foreign_key="programme.id", ondelete="CASCADE")
    municipality_id: int | None = Field(default=None, foreign_key="municipality.id")
    group_role: str = Field(default="", max_length=NAME_MAX)
    sector: str = Field(default="", max_length=NAME_MAX)
    is_coordinator: bool = False
    lang: str = Field(default="nb", max_length=2)
    user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="CASCADE")
    invited_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class RateEvent(SQLModel, table=True):
    """One counted event (a password-reset request, a failed code) for rate limits."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=120, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)


class AuditEvent(SQLModel, table=True):
    """Who did what, when."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    username: str = Field(default="", max_length=EMAIL_MAX)
    action: str = Field(max_length=60)
    entity: str = Field(default="", max_length=60)
    entity_id: int | None = None
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Setting(SQLModel, table=True):
    """A value an admin sets in the app (the data controller on the privacy page), or a
    marker the app leaves for itself (which tool made the database)."""

    key: str = Field(primary_key=True, max_length=60)
    value: str = Field(default="", max_length=SETTING_MAX)
    updated_at: datetime = Field(default_factory=utcnow)


class DataVersion(SQLModel, table=True):
    """Named counters bumped atomically on writes; caches key on them instead of on time."""

    name: str = Field(primary_key=True, max_length=60)
    value: int = 0
