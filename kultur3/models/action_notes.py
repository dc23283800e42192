"""The history of an action's progress: every note kept, newest on the action itself."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from kultur3.models.base import NOTE_MAX, ActionStatus, enum_type, utcnow


class ActionNote(SQLModel, table=True):
    """One progress note as it was written: who, when, the text, and the action's status at
    the time. The action's progress_note is the latest of them."""

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True, ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="user.id")
    text: str = Field(default="", max_length=NOTE_MAX)
    status: ActionStatus = Field(sa_type=enum_type(ActionStatus))
    created_at: datetime = Field(default_factory=utcnow)
