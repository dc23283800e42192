"""Comments on a group's work between gatherings (its development project, an action, a log
entry), and how far each person has read them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from kultur3.models.base import NOTE_MAX, enum_type, utcnow


class CommentTarget(StrEnum):
    """What a comment is about. The target's id is the enrolment's (Participation) for the
    development project, the action's or the log entry's for the others."""

    PROJECT = "project"
    ACTION = "action"
    LOG = "log"


class Comment(SQLModel, table=True):
    """One comment, or a reply to one (parent_id: threads are one level deep). Deleted while
    it has replies, it stays as a stub without text, so the replies keep their place."""

    __table_args__ = (Index("ix_comment_group", "programme_id", "municipality_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id")
    municipality_id: int = Field(foreign_key="municipality.id")
    target_kind: CommentTarget = Field(sa_type=enum_type(CommentTarget))
    target_id: int
    parent_id: int | None = Field(default=None, foreign_key="comment.id")
    author_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    text: str = Field(default="", max_length=NOTE_MAX)
    created_at: datetime = Field(default_factory=utcnow)
    edited_at: datetime | None = None
    deleted_at: datetime | None = None
    version: int = 1


class CommentSeen(SQLModel, table=True):
    """How far one person has read one group's comments of one kind: every comment up to
    this id is seen. One row per (person, group, kind): opening the page that shows the
    threads of that kind moves it to the newest comment shown."""

    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    programme_id: int = Field(foreign_key="programme.id", primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", primary_key=True)
    target_kind: CommentTarget = Field(sa_type=enum_type(CommentTarget), primary_key=True)
    seen_up_to: int = 0
    seen_at: datetime = Field(default_factory=utcnow)
