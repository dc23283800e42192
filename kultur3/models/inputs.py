"""What the services accept from a form, with the limits on Field (no tables).

A service validates its raw arguments with `validation.build(Model, **values)`: text is cleaned
first (surrounding white space and NUL bytes), then the limits apply. Each field's `title` is the
translation key of the label the person saw, so a refusal names the field in their language:
«Tiltak» kan ikke være tomt / «Action» cannot be empty. tests/test_validation.py checks that every
title is a key and that every limit is refused with a plain message.
"""

from __future__ import annotations

from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from kultur3.core.validation import clean_text
from kultur3.models.base import (
    ANSWER_MAX,
    DESCRIPTION_MAX,
    MEMBER_EMAIL_MAX,
    NAME_MAX,
    NOTE_MAX,
    SETTING_MAX,
    TITLE_MAX,
)
from kultur3.models.sectors import checked_sector

REASON_MAX = 300
CASE_REF_MAX = 60


class Input(SQLModel):
    """Base of the input models: every text value is cleaned before the limits apply."""

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: object) -> object:
        if isinstance(data, dict):
            return {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}
        return data


class ActionCreate(Input):
    title: str = Field(min_length=1, max_length=TITLE_MAX, title="actions.title")
    description: str = Field(default="", max_length=NOTE_MAX, title="actions.description")
    owner_text: str | None = Field(default=None, max_length=NAME_MAX, title="actions.owner_text")
    priority: int = Field(default=2, ge=1, le=3, title="actions.priority")


class ActionUpdate(Input):
    """Only what is given changes (None: unchanged)."""

    title: str | None = Field(default=None, min_length=1, max_length=TITLE_MAX,
                              title="actions.title")
    progress_note: str | None = Field(default=None, max_length=NOTE_MAX, title="actions.progress")
    owner_text: str | None = Field(default=None, max_length=NAME_MAX, title="actions.owner_text")
    description: str | None = Field(default=None, max_length=NOTE_MAX,
                                    title="actions.description")
    priority: int | None = Field(default=None, ge=1, le=3, title="actions.priority")


class LogEntryIn(Input):
    text: str = Field(min_length=1, max_length=NOTE_MAX, title="plan.log_text")


class CommentIn(Input):
    """A comment on the project, an action or a log entry, or a reply to one."""

    text: str = Field(min_length=1, max_length=NOTE_MAX, title="comments.text")


class AnswerIn(Input):
    text: str = Field(max_length=ANSWER_MAX, title="workshop.answer_field")


class GatheringCreate(Input):
    title: str = Field(min_length=1, max_length=TITLE_MAX, title="gatherings.title")


class GatheringEdit(Input):
    """The planning form of one gathering (the links are checked by
    kultur3/programme/gathering_plan.py: http and https only)."""

    title: str = Field(min_length=1, max_length=TITLE_MAX, title="gatherings.title")
    place: str = Field(default="", max_length=200, title="gatherings.place")
    video_link: str = Field(default="", max_length=500, title="gatherings.video_link")
    description: str = Field(default="", max_length=DESCRIPTION_MAX,
                             title="gatherings.description")
    prep_task: str = Field(default="", max_length=300, title="gatherings.prep_task")


class MemberIn(Input):
    name: str = Field(min_length=1, max_length=NAME_MAX, title="common.name")
    group_role: str = Field(min_length=1, max_length=NAME_MAX, title="common.role_in_group")
    sector: str = Field(default="", max_length=NAME_MAX, title="common.sector")

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str) -> str:
        return checked_sector(value)  # a value of the list, or "" (kultur3/models/sectors.py)
    email: str | None = Field(default=None, max_length=MEMBER_EMAIL_MAX, title="invite.email")


class MemberUpdate(Input):
    group_role: str = Field(min_length=1, max_length=NAME_MAX, title="common.role_in_group")
    sector: str = Field(default="", max_length=NAME_MAX, title="common.sector")

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str) -> str:
        return checked_sector(value)  # a value of the list, or "" (kultur3/models/sectors.py)


class InviteeIn(Input):
    """What an invitation says about the person (all optional)."""

    display_name: str = Field(default="", max_length=NAME_MAX, title="common.name")
    group_role: str = Field(default="", max_length=NAME_MAX, title="common.role_in_group")
    sector: str = Field(default="", max_length=NAME_MAX, title="common.sector")

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str) -> str:
        return checked_sector(value)  # a value of the list, or "" (kultur3/models/sectors.py)


class FocusIn(Input):
    focus_text: str = Field(default="", max_length=TITLE_MAX, title="common.focus_area")


class ProjectIn(Input):
    """The group's development project (kultur3/group/team.py PROJECT_FIELDS)."""

    project_goal: str = Field(default="", max_length=NOTE_MAX, title="team.project_goal")
    project_target_groups: str = Field(default="", max_length=NOTE_MAX,
                                       title="team.project_target_groups")
    project_partners: str = Field(default="", max_length=NOTE_MAX, title="team.project_partners")
    project_in_a_year: str = Field(default="", max_length=NOTE_MAX,
                                   title="team.project_in_a_year")


class ProgrammeIn(Input):
    name: str = Field(min_length=1, max_length=NAME_MAX * 2, title="programme.name")
    description: str = Field(default="", max_length=DESCRIPTION_MAX,
                             title="programme.description")


class AnchoringIn(Input):
    title: str = Field(min_length=1, max_length=TITLE_MAX, title="anchoring.title")
    case_ref: str = Field(default="", max_length=CASE_REF_MAX, title="anchoring.case_ref")
    owner: str = Field(default="", max_length=NAME_MAX, title="anchoring.owner")
    note: str = Field(default="", max_length=NOTE_MAX, title="anchoring.note")


class LeaderCommentIn(Input):
    comment: str = Field(default="", max_length=NOTE_MAX, title="anchoring.leader_comment")


class HideReasonIn(Input):
    reason: str = Field(min_length=1, max_length=REASON_MAX, title="live.hide_reason")


INPUT_MODELS: tuple[type[Input], ...] = (
    ActionCreate, ActionUpdate, LogEntryIn, AnswerIn, GatheringCreate, MemberIn, MemberUpdate,
    InviteeIn, FocusIn, ProjectIn, ProgrammeIn, AnchoringIn, LeaderCommentIn, HideReasonIn,
    CommentIn, GatheringEdit)


class ControllerIn(Input):
    """Who is responsible for the data (behandlingsansvarlig), as the privacy page names it."""

    value: str = Field(default="", max_length=SETTING_MAX, title="privacy.controller_label")
