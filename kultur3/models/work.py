"""The work between gatherings: actions, anchoring, the log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import false
from sqlmodel import Field, SQLModel

from kultur3.models.base import (
    NAME_MAX,
    NOTE_MAX,
    TITLE_MAX,
    ActionStatus,
    AnchoringKind,
    AnchoringStatus,
    LogKind,
    enum_type,
    utcnow,
)


class Action(SQLModel, table=True):
    """A tiltak: what the group will do to close a gap."""

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    description: str = Field(default="", max_length=NOTE_MAX)
    owner_member_id: int | None = Field(default=None, foreign_key="member.id")
    owner_text: str | None = Field(default=None, max_length=NAME_MAX)
    deadline: date | None = None
    status: ActionStatus = Field(default=ActionStatus.NOT_STARTED, sa_type=enum_type(ActionStatus))
    priority: int = Field(default=2, ge=1, le=3)
    progress_note: str = Field(default="", max_length=NOTE_MAX)
    source_gathering_id: int | None = Field(default=None, foreign_key="gathering.id")
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    # Staff who wrote it on the group's behalf (marked on screens, exports, the report).
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1  # every field but the description: the edit form's
    # The description's own: it is saved while typed (a typing-safe field beside the form),
    # and a save of the form must not be a conflict with the same person's text, nor the text
    # with the form (kultur3/group/actions.update_action).
    description_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # Shared with every group in the programme (the learning library); only when the group
    # chooses.
    shared: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # The group's own order of its plan (move up/down); rows from before it was kept are
    # numbered by id.
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Removed: hidden from every read, recoverable by staff until retention purges it
    # (kultur3/privacy/retention.py purge_deleted_actions).
    deleted_at: datetime | None = None
    deleted_by_id: int | None = Field(default=None, foreign_key="user.id")


class ActionValueArea(SQLModel, table=True):
    """Which value areas an action is meant to change."""

    action_id: int = Field(foreign_key="action.id", primary_key=True, ondelete="CASCADE")
    value_area_id: int = Field(foreign_key="valuearea.id", primary_key=True)


class Anchoring(SQLModel, table=True):
    """One place the group's work is anchored: a plan, a budget, a political case, an
    agreement. The municipality's leadership comments on it and approves it."""

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    kind: AnchoringKind = Field(sa_type=enum_type(AnchoringKind))
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    case_ref: str = Field(default="", max_length=60)
    decided_on: date | None = None
    status: AnchoringStatus = Field(default=AnchoringStatus.PROPOSED,
                                    sa_type=enum_type(AnchoringStatus))
    owner: str = Field(default="", max_length=NAME_MAX)
    note: str = Field(default="", max_length=NOTE_MAX)
    leader_comment: str = Field(default="", max_length=NOTE_MAX)
    approved_by_id: int | None = Field(default=None, foreign_key="user.id")
    approved_at: datetime | None = None
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class LogEntry(SQLModel, table=True):
    """Local work and reflection between gatherings (plan, act, observe, reflect)."""

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    kind: LogKind = Field(sa_type=enum_type(LogKind))
    text: str = Field(min_length=1, max_length=NOTE_MAX)
    happened_on: date
    author_id: int | None = Field(default=None, foreign_key="user.id")
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    shared: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
