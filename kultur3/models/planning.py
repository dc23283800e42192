"""Preparing for a gathering: which invited group has done the gathering's preparation task
(Gathering.prep_task). One row per group that ticked it; no row means not done. Who ticked is
in the audit log, not here, so the tick holds no personal data."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from kultur3.models.base import utcnow


class PrepTick(SQLModel, table=True):
    gathering_id: int = Field(foreign_key="gathering.id", primary_key=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id", primary_key=True)
    done_at: datetime = Field(default_factory=utcnow)
