"""Consent to research use (issue 24 §4): one row per decision, with its time and the exact
text the person was shown; the latest row of a person in a programme decides. A person is an
account (user_id) or someone who joined one gathering by code (participant_id)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from kultur3.models.base import DESCRIPTION_MAX, utcnow

# The consent text as shown: the question with the partner and the purpose filled in.
CONSENT_TEXT_MAX = DESCRIPTION_MAX + 600


class ResearchConsent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True,
                                ondelete="CASCADE")
    participant_id: int | None = Field(default=None, foreign_key="participant.id", index=True,
                                       ondelete="CASCADE")
    given: bool = False
    text: str = Field(default="", max_length=CONSENT_TEXT_MAX)
    lang: str = Field(default="nb", max_length=2)
    # Where it was asked: "invitation", "join" or "account".
    source: str = Field(default="account", max_length=20)
    recorded_at: datetime = Field(default_factory=utcnow)
