"""Reminders by e-mail (kultur3/outreach): what each person wants to get, and a record of
every mail the reminder run claimed, so none goes out twice."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from kultur3.models.base import enum_type, utcnow


class ReminderKind(StrEnum):
    COORDINATOR_DIGEST = "coordinator_digest"  # weekly, to each group's coordinator
    GATHERING = "gathering"  # some days before a gathering, to everyone invited
    # The gathering of a sent reminder has moved, changed time or place, or is cancelled.
    GATHERING_MOVED = "gathering_moved"
    ADVISER_DIGEST = "adviser_digest"  # weekly, to each adviser


class ReminderPreference(SQLModel, table=True):
    """Which reminders one account gets, and in which language. No row: every kind on (the
    defaults), the language of the person's invitation."""

    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    lang: str = Field(default="nb", max_length=2)
    coordinator_digest: bool = True
    gathering_reminders: bool = True
    adviser_digest: bool = True
    updated_at: datetime = Field(default_factory=utcnow)


class ReminderSent(SQLModel, table=True):
    """One mail to one person: claimed (committed) before it is sent, marked sent after.
    The unique (user, kind, period) is what makes a second run, a second replica or a re-run
    after a crash skip it. period: the ISO week of a digest («2026-W50»), the gathering of a
    reminder («g12»), the gathering, its schedule version and date of a change notice
    («g12:v3:2027-03-05»)."""

    __table_args__ = (UniqueConstraint("user_id", "kind", "period"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    kind: ReminderKind = Field(sa_type=enum_type(ReminderKind))
    period: str = Field(max_length=40)
    gathering_id: int | None = Field(default=None, foreign_key="gathering.id", index=True,
                                     ondelete="CASCADE")
    held_on: date | None = None  # the gathering's date the mail named
    # Its schedule version then (kultur3.programme.gatherings: date, time, place, cancelled).
    schedule_version: int | None = None
    claimed_at: datetime = Field(default_factory=utcnow, index=True)
    sent_at: datetime | None = None
