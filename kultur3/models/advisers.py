"""Who follows whom between gatherings: a programme's advisers (prosessveiledere) per
municipality."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from kultur3.models.base import utcnow


class AdviserAssignment(SQLModel, table=True):
    """One adviser (a facilitator who is staff of the programme) following one municipality
    in one programme. A municipality may have several; an adviser several municipalities.
    Who advises whom is personal data: in the privacy export, and gone with the account."""

    programme_id: int = Field(foreign_key="programme.id", primary_key=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id", primary_key=True)
    user_id: int = Field(foreign_key="user.id", primary_key=True, index=True,
                         ondelete="CASCADE")
    assigned_at: datetime = Field(default_factory=utcnow)
    assigned_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
