"""Municipalities (the national register) and their groups in a programme."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from kultur3.models.base import (
    MEMBER_EMAIL_MAX,
    NAME_MAX,
    NOTE_MAX,
    TITLE_MAX,
    utcnow,
)


class Municipality(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=4, min_length=4, unique=True, index=True)
    name: str = Field(max_length=NAME_MAX)
    sami_name: str | None = Field(default=None, max_length=NAME_MAX)
    county_number: str = Field(max_length=2)
    county: str = Field(max_length=NAME_MAX)
    # A newer register can merge or renumber municipalities. A merged-away municipality is
    # retired (it leaves the pickers) and points to its successor; its work keeps its name.
    # A renumbered one keeps its row (and its history) and remembers the old numbers.
    retired: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    successor_id: int | None = Field(default=None, foreign_key="municipality.id")
    former_numbers: list = Field(default_factory=list, sa_column=Column(
        JSON, nullable=False, server_default="[]"))


class Participation(SQLModel, table=True):
    """A municipality taking part in a programme, with its chosen focus area."""

    __table_args__ = (UniqueConstraint("programme_id", "municipality_id"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    focus_area_id: int | None = Field(default=None, foreign_key="focusarea.id")
    focus_area_text: str | None = Field(default=None, max_length=TITLE_MAX)
    joined_at: datetime = Field(default_factory=utcnow)
    # The group's development project (utviklingsprosjekt) for its focus area.
    project_goal: str = Field(default="", max_length=NOTE_MAX,
                              sa_column_kwargs={"server_default": ""})
    project_target_groups: str = Field(default="", max_length=NOTE_MAX,
                                       sa_column_kwargs={"server_default": ""})
    project_partners: str = Field(default="", max_length=NOTE_MAX,
                                  sa_column_kwargs={"server_default": ""})
    project_in_a_year: str = Field(default="", max_length=NOTE_MAX,
                                   sa_column_kwargs={"server_default": ""})
    # Compare-and-set: a save names the version it started from (atomic UPDATE ... + 1).
    project_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Member(SQLModel, table=True):
    """A person in a kommunegruppe. Personal data kept to what the work needs."""

    id: int | None = Field(default=None, primary_key=True)
    participation_id: int = Field(foreign_key="participation.id", index=True)
    name: str = Field(min_length=1, max_length=NAME_MAX)
    group_role: str = Field(max_length=NAME_MAX)
    sector: str = Field(default="", max_length=NAME_MAX)
    email: str | None = Field(default=None, max_length=MEMBER_EMAIL_MAX)
    is_coordinator: bool = False
    active: bool = True
    # The person's own account, when they were invited (shared group logins have none).
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
