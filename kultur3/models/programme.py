"""A programme and its framework: access, questions, value areas, focus areas."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from kultur3.models.base import (
    DESCRIPTION_MAX,
    NAME_MAX,
    ProgrammeStatus,
    enum_type,
    utcnow,
)


class Programme(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True, index=True)
    name: str = Field(min_length=1, max_length=NAME_MAX * 2)
    is_demo: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    description: str = Field(default="", max_length=DESCRIPTION_MAX,
                             sa_column_kwargs={"server_default": ""})
    starts_on: date | None = None
    ends_on: date | None = None
    # Rows from before the life cycle existed were running programmes: "active".
    status: ProgrammeStatus = Field(default=ProgrammeStatus.PLANNED,
                                    sa_type=enum_type(ProgrammeStatus),
                                    sa_column_kwargs={"server_default": "active"})
    # When it was last archived: its member data may be purged a set time after
    # (`python -m kultur3 purge --archived-before DATE`).
    archived_at: datetime | None = None
    # The research partner (issue 24 §4) and what the data is for, shown with the consent
    # question; empty: no research partner, and nobody is asked.
    research_partner: str = Field(default="", max_length=NAME_MAX * 2,
                                  sa_column_kwargs={"server_default": ""})
    research_purpose: str = Field(default="", max_length=DESCRIPTION_MAX,
                                  sa_column_kwargs={"server_default": ""})
    # The key of the research export's pseudonyms (HMAC-SHA256): 32 random bytes, hex,
    # made when the partner is first named; never shown, logged or exported.
    research_secret: str = Field(default="", max_length=64, repr=False,
                                 sa_column_kwargs={"server_default": ""})


class ProgrammeAccess(SQLModel, table=True):
    """A facilitator or leader taking part in a programme (admins see every programme; a
    group sees the programmes its municipality is enrolled in)."""

    programme_id: int = Field(foreign_key="programme.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")


class Question(SQLModel, table=True):
    """One of a programme's future-picture questions, worded per language."""

    __table_args__ = (UniqueConstraint("programme_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    number: int = Field(ge=1, le=9)
    texts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    help_texts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ValueArea(SQLModel, table=True):
    """An axis of the gap radar. Retired areas stay so old scores remain readable."""

    __table_args__ = (UniqueConstraint("programme_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    key: str = Field(max_length=60)
    position: int = 0
    names: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    descriptions: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # {"1": {"nb": ..., "nn": ..., "en": ...}, "3": {...}, "5": {...}}
    level_texts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The survey's plain-language statement for this area: {"nb": ..., "nn": ..., "en": ...}
    survey_statements: dict = Field(default_factory=dict,
                                    sa_column=Column(JSON, nullable=False, server_default="{}"))
    retired: bool = False


class FocusArea(SQLModel, table=True):
    """A focus area a municipality can pick from its programme's list."""

    __table_args__ = (UniqueConstraint("programme_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    key: str = Field(max_length=60)
    position: int = 0
    names: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
