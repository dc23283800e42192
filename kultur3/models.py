"""SQLModel tables and their Create/Update variants. Limits live on Field(...)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint, false, text
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field, SQLModel

# Limits shared by tables, forms and counters in the UI.
ANSWER_MAX = 4000
TITLE_MAX = 200
NOTE_MAX = 4000
NAME_MAX = 120
EMAIL_MAX = 254  # RFC 5321; invited people log in with their e-mail address as username
DESCRIPTION_MAX = 2000
SCORE_MIN, SCORE_MAX = 1, 5
LANGS = ("nb", "nn", "en")


def utcnow() -> datetime:
    """Timezone-aware now; stored as UTC."""
    return datetime.now(UTC)


class Role(StrEnum):
    ADMIN = "admin"
    FACILITATOR = "facilitator"
    GROUP = "group"
    LEADER = "leader"
    # A municipality's own leadership (rådmann, kommunalsjef): reads all of its own
    # municipality's work and approves its anchoring; never another municipality's.
    MUNICIPAL_LEADER = "kommuneleder"
    # Not account roles: a person who joined one gathering by its code, and a projector
    # opened by its secret view link. Neither is ever stored on a user.
    PARTICIPANT = "participant"
    VIEWER = "viewer"


ACCOUNT_ROLES = (Role.ADMIN, Role.FACILITATOR, Role.GROUP, Role.LEADER, Role.MUNICIPAL_LEADER)
# Roles bound to one municipality.
MUNICIPAL_ROLES = (Role.GROUP, Role.MUNICIPAL_LEADER)


class GatheringKind(StrEnum):
    FELLESSAMLING = "fellessamling"
    LOKAL_SAMLING = "lokal_samling"
    LEDEROPPFOLGING = "lederoppfolgingsdag"


class Phase(StrEnum):
    """The phases a facilitator moves the room through. Which ones, in which order, is the
    gathering's agenda: each kind of gathering has its own (kultur3.phases.AGENDAS)."""

    WELCOME = "welcome"
    Q1 = "q1"
    Q2 = "q2"
    Q3 = "q3"
    SCORING = "scoring"
    Q4 = "q4"
    PRIORITISING = "prioritising"
    SUMMARY = "summary"
    # A local gathering: what changed, the action-learning log, a rescore, the actions.
    SINCE_LAST = "since_last"
    LOG = "log"
    RESCORE = "rescore"
    ACTIONS = "actions"
    # A leader follow-up day: the group presents, the anchoring, decisions and follow-up.
    PRESENT = "present"
    ANCHORING = "anchoring"
    DECISIONS = "decisions"


class ProgrammeStatus(StrEnum):
    """A programme's life: planned -> active -> closed -> archived (read-only everywhere)."""

    PLANNED = "planned"
    ACTIVE = "active"
    CLOSED = "closed"
    ARCHIVED = "archived"


class AnchoringKind(StrEnum):
    """Where a municipality's work is anchored."""

    PLAN = "kommuneplan"          # kommuneplan / planstrategi
    BUDGET = "budsjett"           # budsjett / økonomiplan
    POLITICAL = "politisk_sak"    # a political case, with its reference and date
    SECTOR_PLAN = "sektorplan"
    AGREEMENT = "avtale"          # an agreement with a partner


class AnchoringStatus(StrEnum):
    PROPOSED = "foreslatt"
    ADOPTED = "vedtatt"
    DONE = "gjennomfort"


class InvitationKind(StrEnum):
    INVITE = "invite"
    RESET = "reset"  # «glemt passord»: the same one-time link, for an existing account


class GatheringStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    CLOSED = "closed"


class ScoreKind(StrEnum):
    DESIRED = "desired"
    CURRENT = "current"


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ON_HOLD = "on_hold"


class LogKind(StrEnum):
    PLAN = "plan"
    ACT = "act"
    OBSERVE = "observe"
    REFLECT = "reflect"


def enum_type(enum: type[StrEnum]) -> SAEnum:
    """Store an enum as its lowercase value in a VARCHAR, so new values need no DB type change."""
    return SAEnum(enum, native_enum=False, length=30, validate_strings=True,
                  values_callable=lambda e: [m.value for m in e])


# --- Programme and its framework -------------------------------------------------------------


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
    retired: bool = False


class FocusArea(SQLModel, table=True):
    """A focus area a municipality can pick from its programme's list."""

    __table_args__ = (UniqueConstraint("programme_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    key: str = Field(max_length=60)
    position: int = 0
    names: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


# --- Municipalities and their groups ----------------------------------------------------------


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
    email: str | None = Field(default=None, max_length=200)
    is_coordinator: bool = False
    active: bool = True
    # The person's own account, when they were invited (shared group logins have none).
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)


# --- Gatherings and the work done in them -----------------------------------------------------


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
    # The room's timer: running -> ends at timer_ends_ms (epoch ms, server clock);
    # paused or set -> timer_remaining_s.
    timer_running: bool = False
    timer_ends_ms: int | None = Field(default=None, sa_type=BigInteger)
    timer_remaining_s: int | None = None


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
    else the members' median. Kept by kultur3.score_cells in the same transaction as every
    score write; what the leaders' pages read instead of every score row."""

    gathering_id: int = Field(foreign_key="gathering.id", primary_key=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id", primary_key=True)
    value_area_id: int = Field(foreign_key="valuearea.id", primary_key=True)
    kind: str = Field(max_length=10, primary_key=True)
    value: float | None = None


class Action(SQLModel, table=True):
    """A tiltak: what the group will do to close a gap."""

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    description: str = Field(default="", max_length=NOTE_MAX)
    owner_member_id: int | None = Field(default=None, foreign_key="member.id")
    owner_text: str | None = Field(default=None, max_length=NAME_MAX)
    deadline: date | None = None
    status: ActionStatus = Field(default=ActionStatus.NOT_STARTED, sa_type=enum_type(ActionStatus))
    priority: int = Field(default=2, ge=1, le=3)
    progress_note: str = Field(default="", max_length=NOTE_MAX)
    source_gathering_id: int | None = Field(default=None, foreign_key="gathering.id")
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1
    # Shared with every group in the programme (the learning library); only when the group
    # chooses.
    shared: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class ActionValueArea(SQLModel, table=True):
    """Which value areas an action is meant to change."""

    action_id: int = Field(foreign_key="action.id", primary_key=True, ondelete="CASCADE")
    value_area_id: int = Field(foreign_key="valuearea.id", primary_key=True)


class Anchoring(SQLModel, table=True):
    """One place the group's work is anchored: a plan, a budget, a political case, an
    agreement. The municipality's leadership comments on it and approves it."""

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    kind: AnchoringKind = Field(sa_type=enum_type(AnchoringKind))
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    case_ref: str = Field(default="", max_length=60)
    decided_on: date | None = None
    status: AnchoringStatus = Field(default=AnchoringStatus.PROPOSED,
                                    sa_type=enum_type(AnchoringStatus))
    owner: str = Field(default="", max_length=NAME_MAX)
    note: str = Field(default="", max_length=NOTE_MAX)
    leader_comment: str = Field(default="", max_length=NOTE_MAX)
    approved_by_id: int | None = Field(default=None, foreign_key="user.id")
    approved_at: datetime | None = None
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class LogEntry(SQLModel, table=True):
    """Local work and reflection between gatherings (plan, act, observe, reflect)."""

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    kind: LogKind = Field(sa_type=enum_type(LogKind))
    text: str = Field(min_length=1, max_length=NOTE_MAX)
    happened_on: date
    author_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    shared: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


# --- Accounts, security and bookkeeping -------------------------------------------------------


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(min_length=3, max_length=EMAIL_MAX, unique=True, index=True)
    display_name: str = Field(max_length=NAME_MAX)
    password_hash: str = Field(max_length=100)
    role: Role = Field(sa_type=enum_type(Role))
    municipality_id: int | None = Field(default=None, foreign_key="municipality.id")
    active: bool = True
    must_change_password: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class LoginAttempt(SQLModel, table=True):
    """Our own failed-login record; the lockout window is computed from it."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=EMAIL_MAX, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    success: bool = False


class Invitation(SQLModel, table=True):
    """A one-time link to choose a password: an invitation to a new account, or a reset.
    Only a SHA-256 hash of the token is stored; the token itself lives in the link."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    kind: InvitationKind = Field(default=InvitationKind.INVITE, sa_type=enum_type(InvitationKind))
    email: str = Field(max_length=EMAIL_MAX, index=True)
    display_name: str = Field(default="", max_length=NAME_MAX)
    role: Role = Field(sa_type=enum_type(Role))
    programme_id: int | None = Field(default=None, foreign_key="programme.id", ondelete="CASCADE")
    municipality_id: int | None = Field(default=None, foreign_key="municipality.id")
    group_role: str = Field(default="", max_length=NAME_MAX)
    sector: str = Field(default="", max_length=NAME_MAX)
    is_coordinator: bool = False
    lang: str = Field(default="nb", max_length=2)
    user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="CASCADE")
    invited_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class RateEvent(SQLModel, table=True):
    """One counted event (a password-reset request, a failed code) for rate limits."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=120, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)


class AuditEvent(SQLModel, table=True):
    """Who did what, when."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    username: str = Field(default="", max_length=EMAIL_MAX)
    action: str = Field(max_length=60)
    entity: str = Field(default="", max_length=60)
    entity_id: int | None = None
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class DataVersion(SQLModel, table=True):
    """Named counters bumped atomically on writes; caches key on them instead of on time."""

    name: str = Field(primary_key=True, max_length=60)
    value: int = 0
