"""The wall's themes and the room-wide vote: the facilitator's synthesis of one question's
answers, and the dots the whole room spends on answers, top actions or themes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from kultur3.models.base import utcnow

THEME_LABEL_MAX = 80
ROOM_VOTE_KINDS = ("answers", "actions", "themes")


class Theme(SQLModel, table=True):
    """One theme of a question's answers in one gathering (a suggestion from shared words,
    renamed and regrouped by the facilitator)."""

    id: int | None = Field(default=None, primary_key=True)
    gathering_id: int = Field(foreign_key="gathering.id", index=True, ondelete="CASCADE")
    question_id: int = Field(foreign_key="question.id")
    label: str = Field(max_length=THEME_LABEL_MAX)
    created_at: datetime = Field(default_factory=utcnow)


class ThemeAnswer(SQLModel, table=True):
    """An answer in a theme: an answer is in at most one theme (its primary key)."""

    answer_id: int = Field(foreign_key="answer.id", primary_key=True, ondelete="CASCADE")
    theme_id: int = Field(foreign_key="theme.id", index=True, ondelete="CASCADE")


class ThemeBoard(SQLModel, table=True):
    """Whether the projector shows a question's themes instead of its wall."""

    gathering_id: int = Field(foreign_key="gathering.id", primary_key=True, ondelete="CASCADE")
    question_id: int = Field(foreign_key="question.id", primary_key=True)
    shown: bool = False


class RoomVote(SQLModel, table=True):
    """A room-wide vote: what is voted on (every group's answer to a question, every group's
    top action, or a question's themes), the dots each voter has, open or closed, on the big
    screen or not. The gathering's newest row is the current vote."""

    id: int | None = Field(default=None, primary_key=True)
    gathering_id: int = Field(foreign_key="gathering.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=10)  # one of ROOM_VOTE_KINDS
    question_id: int | None = Field(default=None, foreign_key="question.id")
    dots: int = Field(default=3, ge=1, le=10)
    is_open: bool = True
    on_screen: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class RoomDot(SQLModel, table=True):
    """One dot of a room-wide vote. A voter's dots fill numbered slots, so the unique key
    holds the limit when two taps race (as Vote does for a group's own vote)."""

    __table_args__ = (UniqueConstraint("room_vote_id", "voter_key", "slot"),)
    id: int | None = Field(default=None, primary_key=True)
    room_vote_id: int = Field(foreign_key="roomvote.id", index=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id")
    voter_key: str = Field(max_length=40)
    slot: int = Field(ge=1, le=10)
    target_id: int
    created_at: datetime = Field(default_factory=utcnow)
