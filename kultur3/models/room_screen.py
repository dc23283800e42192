"""What the room's screens show beyond the phase (issue 25 §4 and §7): whether the wall's
pages stand still, which questions are worked «hver for seg først», whether the projector
shows the ideas; and each person's own idea for such a question.

A person is an account (user_id) or someone who joined the gathering by code
(participant_id); an idea goes with either (ondelete CASCADE), since it is theirs, not the
group's: the group's shared answer is an Answer as before."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from kultur3.models.base import ANSWER_MAX, utcnow

# An idea is a first thought for a few minutes, not the group's answer: a third of an answer
# (ANSWER_MAX) leaves room for a paragraph and keeps six side by side on a group screen.
IDEA_MAX = ANSWER_MAX // 3


class RoomScreen(SQLModel, table=True):
    """One row per gathering, made by its first change (none: the defaults)."""

    gathering_id: int = Field(foreign_key="gathering.id", primary_key=True, ondelete="CASCADE")
    # WCAG 2.2.2: the wall's pages stop turning (the console, or space on the projector).
    wall_paused: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # «hver for seg først» per question number ("1"-"4"): "solo" while each phone writes its
    # own idea, "together" when the group screen shows them side by side; absent: off.
    idea_stages: dict = Field(default_factory=dict, sa_column=Column(
        JSON, nullable=False, server_default="{}"))
    # Question numbers whose ideas the projector shows (otherwise only the shared answers).
    ideas_shown: list = Field(default_factory=list, sa_column=Column(
        JSON, nullable=False, server_default="[]"))


class Idea(SQLModel, table=True):
    """One person's own idea for a question in a gathering, before the group writes its
    shared answer from all of them."""

    __table_args__ = (UniqueConstraint("gathering_id", "question_id", "author_key"),)
    id: int | None = Field(default=None, primary_key=True)
    gathering_id: int = Field(foreign_key="gathering.id", index=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    question_id: int = Field(foreign_key="question.id", ondelete="CASCADE")
    # "u<user id>" or "p<participant id>": one idea per person and question.
    author_key: str = Field(max_length=24)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True,
                                ondelete="CASCADE")
    participant_id: int | None = Field(default=None, foreign_key="participant.id", index=True,
                                       ondelete="CASCADE")
    text: str = Field(default="", max_length=IDEA_MAX)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)
