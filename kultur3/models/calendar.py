"""CalendarFeed: a person's private calendar subscription link (kultur3.access.calendar_links).

Only a SHA-256 hash of the link's token is stored; the token itself is shown once, on
«Min konto», and lives in the person's calendar app.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from kultur3.models.base import utcnow


class CalendarFeed(SQLModel, table=True):
    """One calendar link of one account. At most one is live (revoked_at None) per account:
    making a new one revokes the old. Revoked rows are deleted 30 days on."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = Field(default=None, index=True)
