"""SQLModel tables, one module per aggregate, and the enums and limits they share.

- base: limits, enums, utcnow, enum_type
- activities: Activity, ActivityEntry (the facilitator's own poll, word cloud, open question)
- programme: Programme, ProgrammeAccess, Question, ValueArea, FocusArea
- municipality: Municipality, Participation, Member
- gathering: Gathering and what happens in one (GatheringMunicipality, TableCode,
  Participant, Vote, Answer, Score, ScoreCell)
- planning: PrepTick (a group has done a gathering's preparation task)
- drafts: DraftReceipt (which version a browser's draft last saved: idempotent re-sends)
- work: Action, ActionValueArea, Anchoring, LogEntry
- advisers: AdviserAssignment (who follows which municipality between gatherings)
- comments: Comment, CommentSeen, CommentTarget (comments on the project, an action, the log)
- accounts: User, UserSession, SessionHandoff, LoginAttempt, Invitation, RateEvent,
  AuditEvent, Setting, DataVersion
- reminders: ReminderPreference, ReminderSent (kultur3/outreach), ReminderKind
- calendar: CalendarFeed (a person's private calendar link)
- surveys: Survey, SurveyArea, SurveyResponse, SurveyScore, SurveyDevice, SurveyAudience
  (a group's anonymous survey of the people its culture school serves)
- research: ResearchConsent (consent to research use, one row per decision)
- themes: Theme, ThemeAnswer, ThemeBoard (the wall's themes), RoomVote, RoomDot (the
  room-wide vote)
- room_screen: RoomScreen (the wall's pause, «hver for seg først», ideas on the projector),
  Idea (one person's own idea for a question, before the group's shared answer)
- sectors: Sector, the controlled list of where a member comes from, its labels and the
  sector view's two bins (no table: the value is stored in Member.sector, Invitation.sector)
- inputs: no tables: what the services accept from a form, with the limits on Field
  (ActionCreate, AnswerIn, MemberIn, ...; validated by kultur3/core/validation.py)

Read models (frozen dataclasses, safe to cache) live beside the service that reads them
(catalogue.AreaRow, workspace.AnswerState, dashboard.DashboardView, ...).

Importing this package registers every table on SQLModel.metadata (Alembic and the tests
rely on that); pages and services import names from here.

Floor: core.
"""

from kultur3.models.accounts import (
    AuditEvent,
    DataVersion,
    Invitation,
    LoginAttempt,
    RateEvent,
    SessionHandoff,
    Setting,
    User,
    UserSession,
)
from kultur3.models.action_notes import ActionNote
from kultur3.models.activities import Activity, ActivityEntry, ActivityKind
from kultur3.models.advisers import AdviserAssignment
from kultur3.models.base import (
    ACCOUNT_ROLES,
    ANSWER_MAX,
    DESCRIPTION_MAX,
    EMAIL_MAX,
    LANGS,
    MUNICIPAL_ROLES,
    NAME_MAX,
    NOTE_MAX,
    PROGRAMME_ROLES,
    SCORE_MAX,
    SCORE_MIN,
    STAFF,
    TITLE_MAX,
    ActionStatus,
    AnchoringKind,
    AnchoringStatus,
    GatheringKind,
    GatheringStatus,
    InvitationKind,
    LogKind,
    Phase,
    ProgrammeStatus,
    Role,
    ScoreKind,
    enum_type,
    utcnow,
)
from kultur3.models.calendar import CalendarFeed
from kultur3.models.comments import Comment, CommentSeen, CommentTarget
from kultur3.models.drafts import DRAFT_KEY_MAX, DraftReceipt
from kultur3.models.gathering import (
    Answer,
    Gathering,
    GatheringMunicipality,
    Participant,
    Score,
    ScoreCell,
    TableCode,
    Vote,
)
from kultur3.models.municipality import (
    Member,
    Municipality,
    Participation,
)
from kultur3.models.planning import PrepTick
from kultur3.models.programme import (
    FocusArea,
    Programme,
    ProgrammeAccess,
    Question,
    ValueArea,
)
from kultur3.models.reminders import (
    ReminderKind,
    ReminderPreference,
    ReminderSent,
)
from kultur3.models.research import CONSENT_TEXT_MAX, ResearchConsent
from kultur3.models.room_screen import IDEA_MAX, Idea, RoomScreen
from kultur3.models.sectors import Sector, sector_bin, sector_label
from kultur3.models.surveys import (
    STATEMENT_MAX,
    SURVEY_MIN_RESPONSES,
    Survey,
    SurveyArea,
    SurveyAudience,
    SurveyDevice,
    SurveyResponse,
    SurveyScore,
)
from kultur3.models.themes import (
    ROOM_VOTE_KINDS,
    THEME_LABEL_MAX,
    RoomDot,
    RoomVote,
    Theme,
    ThemeAnswer,
    ThemeBoard,
)
from kultur3.models.work import (
    Action,
    ActionValueArea,
    Anchoring,
    LogEntry,
)

__all__ = [
    "SCORE_MAX",
    "SCORE_MIN",
    "ACCOUNT_ROLES",
    "ANSWER_MAX",
    "Action",
    "ActionNote",
    "Activity",
    "ActivityEntry",
    "ActivityKind",
    "ActionStatus",
    "ActionValueArea",
    "AdviserAssignment",
    "Anchoring",
    "AnchoringKind",
    "AnchoringStatus",
    "Answer",
    "AuditEvent",
    "CalendarFeed",
    "Comment",
    "CommentSeen",
    "CommentTarget",
    "DESCRIPTION_MAX",
    "DataVersion",
    "EMAIL_MAX",
    "FocusArea",
    "IDEA_MAX",
    "Idea",
    "Gathering",
    "GatheringKind",
    "GatheringMunicipality",
    "GatheringStatus",
    "Invitation",
    "InvitationKind",
    "LANGS",
    "LogEntry",
    "LogKind",
    "LoginAttempt",
    "MUNICIPAL_ROLES",
    "Member",
    "Municipality",
    "NAME_MAX",
    "NOTE_MAX",
    "Participant",
    "Participation",
    "Phase",
    "PrepTick",
    "DraftReceipt",
    "DRAFT_KEY_MAX",
    "PROGRAMME_ROLES",
    "Programme",
    "ProgrammeAccess",
    "ProgrammeStatus",
    "Question",
    "RateEvent",
    "RoomScreen",
    "ResearchConsent",
    "CONSENT_TEXT_MAX",
    "ReminderKind",
    "ReminderPreference",
    "ReminderSent",
    "SessionHandoff",
    "Role",
    "Score",
    "Sector",
    "ScoreCell",
    "ScoreKind",
    "STAFF",
    "STATEMENT_MAX",
    "SURVEY_MIN_RESPONSES",
    "Setting",
    "Survey",
    "SurveyArea",
    "SurveyAudience",
    "SurveyDevice",
    "SurveyResponse",
    "SurveyScore",
    "TITLE_MAX",
    "TableCode",
    "User",
    "UserSession",
    "ValueArea",
    "Vote",
    "ROOM_VOTE_KINDS",
    "RoomDot",
    "RoomVote",
    "THEME_LABEL_MAX",
    "Theme",
    "ThemeAnswer",
    "ThemeBoard",
    "enum_type",
    "sector_bin",
    "sector_label",
    "utcnow",
]
