"""The facilitator's own activities (issue 25 §2): a poll, a word cloud or an open question,
prepared in the programme's library and copied onto a gathering's agenda, where the room
answers it from the phones; one entry per phone (or group screen) per activity."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from kultur3.models.base import utcnow

PROMPT_MAX = 300
OPTION_MAX = 120
OPTIONS_MAX = 10  # a poll's choices; Mentimeter's free plan allows the same order (≤ 10)
WORDS_MAX = 3  # words a phone sends to a word cloud (the issue: «up to three words»)
WORD_MAX = 40  # one word: «kulturskoleadministrasjonen» is 26 letters
ENTRY_TEXT_MAX = 1000  # an open question's answer: a few sentences, as on the wall
HIDE_REASON_MAX = 300  # as Answer.hidden_reason


class ActivityKind:
    """What an activity asks: one choice, several choices, a scale 1–5 with two end labels,
    up to three words, or free text."""

    POLL = "poll"
    MULTI = "multi"
    SCALE = "scale"
    WORDS = "words"
    OPEN = "open"
    ALL = ("poll", "multi", "scale", "words", "open")


class Activity(SQLModel, table=True):
    """An activity in the programme's library (gathering_id None) or on one gathering's agenda
    (a copy: editing one gathering's activity leaves the library and other gatherings alone)."""

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    gathering_id: int | None = Field(default=None, foreign_key="gathering.id", index=True,
                                     ondelete="CASCADE")
    kind: str = Field(max_length=10)
    prompt: str = Field(max_length=PROMPT_MAX)
    # A poll's choices; a scale's two end labels (1 and 5); empty for words and open.
    options: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False,
                                                                server_default="[]"))
    position: int = 0
    # In a gathering: the one on the projector in the «Aktivitet» phase, and whether the
    # phones may answer it now.
    is_current: bool = False
    is_open: bool = False
    source_id: int | None = None  # the library activity it was copied from
    created_at: datetime = Field(default_factory=utcnow)


class ActivityEntry(SQLModel, table=True):
    """One phone's (or group screen's) answer to one activity; sending again replaces it, so a
    resent submission is never counted twice. voter_key is opaque as a dot's: «p<id>» for a
    participant joined by code, a random key per group screen; it names nobody."""

    __table_args__ = (UniqueConstraint("activity_id", "voter_key"),)
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True, ondelete="CASCADE")
    gathering_id: int = Field(foreign_key="gathering.id", index=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id")
    voter_key: str = Field(max_length=40)
    choices: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False,
                                                                server_default="[]"))
    value: int | None = Field(default=None, ge=1, le=5)
    text: str = Field(default="", max_length=ENTRY_TEXT_MAX)
    hidden: bool = False
    hidden_reason: str = Field(default="", max_length=HIDE_REASON_MAX)
    updated_at: datetime = Field(default_factory=utcnow)
