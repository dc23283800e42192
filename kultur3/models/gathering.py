"""Gatherings and what is done in them: who joined, answers, scores and their cells, votes."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint, false, text
from sqlmodel import Field, SQLModel

from kultur3.models.base import (
    ANSWER_MAX,
    DESCRIPTION_MAX,
    SCORE_MAX,
    SCORE_MIN,
    TITLE_MAX,
    GatheringKind,
    GatheringStatus,
    ScoreKind,
    enum_type,
    utcnow,
)

PLACE_MAX = 200
URL_MAX = 500
PREP_TASK_MAX = 300


class Gathering(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    # Set for a lokal samling / lederoppfølgingsdag held by one municipality.
    municipality_id: int | None = Field(default=None, foreign_key="municipality.id", index=True)
    kind: GatheringKind = Field(sa_type=enum_type(GatheringKind))
    title: str = Field(max_length=TITLE_MAX)
    held_on: date
    is_digital: bool = False
    status: GatheringStatus = Field(default=GatheringStatus.PLANNED, sa_type=enum_type(GatheringStatus))
    phase: str = Field(default="welcome", max_length=40)
    # The phases of this gathering, in order; empty means its kind's agenda.
    agenda: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False,
                                                                server_default="[]"))
    # Bumped atomically on every change the facilitator makes (phase, lock, timer, reveal...)
    # so group screens can follow with one cheap query.
    phase_version: int = 0
    # Live session settings, set from the facilitator console.
    join_code: str | None = Field(default=None, max_length=8, unique=True, index=True)
    code_joining: bool = False
    # The room code with its list of municipalities; off, only the table codes let people in.
    room_code_open: bool = True
    view_token: str | None = Field(default=None, max_length=64, unique=True, index=True)
    anonymous: bool = False
    spotlight_municipality_id: int | None = Field(default=None, foreign_key="municipality.id")
    # One answer shown full-screen on the projector (the facilitator steps through them).
    spotlight_answer_id: int | None = None
    locked_phases: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False,
                                                                      server_default="[]"))
    revealed_phases: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False,
                                                                        server_default="[]"))
    dots_per_person: int = Field(default=3, ge=1, le=10)
    # Scores from people who joined by code («Deltakere i rommet») count in the group value
    # (kultur3.group.score_cells) only when the facilitator turns this on for the gathering.
    room_scores_counted: bool = Field(default=False,
                                      sa_column_kwargs={"server_default": false()})
    # The room's timer: running -> ends at timer_ends_ms (epoch ms, server clock);
    # paused or set -> timer_remaining_s.
    timer_running: bool = False
    timer_ends_ms: int | None = Field(default=None, sa_type=BigInteger)
    timer_remaining_s: int | None = None
    # Planning (issue 23): when and where, what to read, what to do before. starts_at and
    # ends_at are Oslo wall-clock times on held_on; a video link for a digital one.
    starts_at: time | None = None
    ends_at: time | None = None
    place: str = Field(default="", max_length=PLACE_MAX)
    video_link: str = Field(default="", max_length=URL_MAX)
    description: str = Field(default="", max_length=DESCRIPTION_MAX)
    # [{"label": ..., "url": ...}], http(s) links only (kultur3/programme/gathering_plan.py).
    materials: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False,
                                                                  server_default="[]"))
    # What each invited group does before it (ticked per group: PrepTick).
    prep_task: str = Field(default="", max_length=PREP_TASK_MAX)
    # Kept and marked, never run: the live console refuses a cancelled gathering.
    cancelled_at: datetime | None = None
    # Compare-and-set of the planning form: an edit names the version it started from.
    edit_version: int = 1
    # Moves when the date, a time, the place or the video link changes: a reminder sent at an
    # earlier schedule_version is followed by a change notice (reminders, the calendar feed).
    schedule_version: int = 1


class GatheringMunicipality(SQLModel, table=True):
    """The municipalities a gathering is run for; none listed means every participant."""

    gathering_id: int = Field(foreign_key="gathering.id", primary_key=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id", primary_key=True)


class TableCode(SQLModel, table=True):
    """One municipality's own code in one gathering, printed on its table card: whoever
    scans it joins that municipality at once, without picking from a list."""

    gathering_id: int = Field(foreign_key="gathering.id", primary_key=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id", primary_key=True)
    code: str = Field(max_length=8, unique=True, index=True)


class Participant(SQLModel, table=True):
    """Someone who joined one gathering for one municipality by its code, without an account.
    The key is their bearer secret; it opens only that municipality's work in that gathering."""

    id: int | None = Field(default=None, primary_key=True)
    gathering_id: int = Field(foreign_key="gathering.id", index=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id")
    key: str = Field(max_length=64, unique=True, index=True)
    joined_at: datetime = Field(default_factory=utcnow, index=True)


class Vote(SQLModel, table=True):
    """One dot of a dot-vote. A voter's dots fill numbered slots, so the unique constraint
    enforces the limit even when two clicks race."""

    __table_args__ = (UniqueConstraint("gathering_id", "voter_key", "slot"),)
    id: int | None = Field(default=None, primary_key=True)
    gathering_id: int = Field(foreign_key="gathering.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    voter_key: str = Field(max_length=40)
    slot: int = Field(ge=1, le=10)
    target_kind: str = Field(max_length=10)  # "action" or "area"
    target_id: int
    created_at: datetime = Field(default_factory=utcnow)


class Answer(SQLModel, table=True):
    """A group's text for one question in one gathering, optionally for one value area."""

    __table_args__ = (
        Index(
            "uq_answer_area",
            "gathering_id", "municipality_id", "question_id", "value_area_id",
            unique=True,
            sqlite_where=text("value_area_id IS NOT NULL"),
            postgresql_where=text("value_area_id IS NOT NULL"),
        ),
        Index(
            "uq_answer_whole",
            "gathering_id", "municipality_id", "question_id",
            unique=True,
            sqlite_where=text("value_area_id IS NULL"),
            postgresql_where=text("value_area_id IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    gathering_id: int = Field(foreign_key="gathering.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    question_id: int = Field(foreign_key="question.id")
    value_area_id: int | None = Field(default=None, foreign_key="valuearea.id")
    text: str = Field(default="", max_length=ANSWER_MAX)
    author_id: int | None = Field(default=None, foreign_key="user.id")
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # Optimistic concurrency: a save must name the version it started from.
    version: int = 1
    # Moderation in a live gathering: hidden from the projector, the reason kept.
    hidden: bool = False
    hidden_reason: str = Field(default="", max_length=300)


class Score(SQLModel, table=True):
    """One score on one value area: a member's own (member_id set), a guest's (guest_key set),
    or the group's agreed value (is_group).

    value None means «vet ikke / ikke relevant»; a missing row means not scored yet.
    """

    __table_args__ = (
        # Every read asks for one group's scores in one gathering, and the dashboard asks
        # "is there an agreed score for this cell?": without this index that check scanned the
        # table once per row (329 s at national scale; 0.2 s with it, bench/pages.py).
        Index("ix_score_cell", "gathering_id", "municipality_id", "value_area_id", "kind"),
        Index(
            "uq_score_member",
            "gathering_id", "municipality_id", "value_area_id", "kind", "member_id",
            unique=True,
            sqlite_where=text("member_id IS NOT NULL"),
            postgresql_where=text("member_id IS NOT NULL"),
        ),
        Index(
            "uq_score_guest",
            "gathering_id", "municipality_id", "value_area_id", "kind", "guest_key",
            unique=True,
            sqlite_where=text("guest_key IS NOT NULL"),
            postgresql_where=text("guest_key IS NOT NULL"),
        ),
        Index(
            "uq_score_group",
            "gathering_id", "municipality_id", "value_area_id", "kind",
            unique=True,
            sqlite_where=text("is_group"),
            postgresql_where=text("is_group"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    gathering_id: int = Field(foreign_key="gathering.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    value_area_id: int = Field(foreign_key="valuearea.id", index=True)
    kind: ScoreKind = Field(sa_type=enum_type(ScoreKind))
    member_id: int | None = Field(default=None, foreign_key="member.id")
    # A guest scoring without being on the member list: one random key per browser session.
    guest_key: str | None = Field(default=None, max_length=36)
    is_group: bool = False
    value: int | None = Field(default=None, ge=SCORE_MIN, le=SCORE_MAX)
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = Field(default_factory=utcnow)


class ScoreCell(SQLModel, table=True):
    """The value of one cell (gathering, municipality, value area, kind): the agreed score,
    else the members' median. Kept by kultur3.group.score_cells in the same transaction as every
    score write; what the leaders' pages read instead of every score row."""

    gathering_id: int = Field(foreign_key="gathering.id", primary_key=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id", primary_key=True)
    value_area_id: int = Field(foreign_key="valuearea.id", primary_key=True)
    kind: str = Field(max_length=10, primary_key=True)
    value: float | None = None
