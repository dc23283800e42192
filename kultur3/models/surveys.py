"""A group's short survey for the people its culture school serves (issue 24): pupils,
parents, staff, partners or citizens answer one plain-language statement per value area on
their phone, without an account.

Respondents stay anonymous by construction: a response carries its day, never a time, an IP,
a device or an account; the device marks that enforce «once per device» live in a table of
their own with no link to the response they allowed. Results are shown only from
SURVEY_MIN_RESPONSES responses on (k-anonymity)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from kultur3.models.base import (
    ANSWER_MAX,
    NAME_MAX,
    SCORE_MAX,
    SCORE_MIN,
    TITLE_MAX,
    enum_type,
    utcnow,
)

# Fewer responses than this and no figure of the survey is shown anywhere (k-anonymity).
SURVEY_MIN_RESPONSES = 5
STATEMENT_MAX = 300


class SurveyAudience(StrEnum):
    """Who the survey is for; CUSTOM takes the coordinator's own label."""

    PUPILS = "pupils"
    PARENTS = "parents"
    STAFF = "staff"
    PARTNERS = "partners"
    CITIZENS = "citizens"
    CUSTOM = "custom"


class Survey(SQLModel, table=True):
    """One survey of one group (programme, municipality). `token` is the public link's
    secret (the QR code and the poster carry it); it opens only this survey's answer form."""

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    audience: SurveyAudience = Field(sa_type=enum_type(SurveyAudience))
    audience_label: str = Field(default="", max_length=NAME_MAX)  # for CUSTOM
    lang: str = Field(default="nb", max_length=2)
    open_question: str = Field(default="", max_length=STATEMENT_MAX)
    opens_on: date
    closes_on: date
    token: str = Field(max_length=64, unique=True, index=True)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None  # closed early by the coordinator
    version: int = 1


class SurveyArea(SQLModel, table=True):
    """One value area a survey asks about, with the statement as the respondents saw it
    (copied when the survey is made, so a later edit of the framework's text changes no
    survey already out)."""

    survey_id: int = Field(foreign_key="survey.id", primary_key=True, ondelete="CASCADE")
    value_area_id: int = Field(foreign_key="valuearea.id", primary_key=True)
    position: int = 0
    statement: str = Field(min_length=1, max_length=STATEMENT_MAX)


class SurveyResponse(SQLModel, table=True):
    """One respondent's answers. Only the day is kept (a time would let anyone who saw
    someone answer find their response); the open answer can be hidden by the coordinator."""

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True, ondelete="CASCADE")
    answered_on: date
    open_answer: str = Field(default="", max_length=ANSWER_MAX)
    open_hidden: bool = False


class SurveyScore(SQLModel, table=True):
    """A respondent's score on one area's statement; value None is «Vet ikke»."""

    response_id: int = Field(foreign_key="surveyresponse.id", primary_key=True,
                             ondelete="CASCADE")
    value_area_id: int = Field(foreign_key="valuearea.id", primary_key=True)
    value: int | None = Field(default=None, ge=SCORE_MIN, le=SCORE_MAX)


class SurveyDevice(SQLModel, table=True):
    """A device that has answered a survey: the hash of its browser token, nothing else, and
    no link to the response (so the mark that refuses a second answer cannot point to the
    first)."""

    survey_id: int = Field(foreign_key="survey.id", primary_key=True, ondelete="CASCADE")
    device_hash: str = Field(max_length=64, primary_key=True)
