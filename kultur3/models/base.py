"""Limits, enums and helpers every table module shares."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Enum as SAEnum

# Limits shared by tables, forms and counters in the UI.
ANSWER_MAX = 4000
TITLE_MAX = 200
NOTE_MAX = 4000
NAME_MAX = 120
EMAIL_MAX = 254  # RFC 5321; invited people log in with their e-mail address as username
MEMBER_EMAIL_MAX = 200  # a group member's contact address (the column was made 200 wide)
DESCRIPTION_MAX = 2000
SETTING_MAX = 2000  # a value an admin sets in the app (the data controller's name and contact)
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
    # A research partner's account (UI «forsker», issue 24 §4): its programmes' research
    # export (pseudonyms, consented people only), never a name.
    RESEARCHER = "researcher"
    # Not account roles: a person who joined one gathering by its code, and a projector
    # opened by its secret view link. Neither is ever stored on a user.
    PARTICIPANT = "participant"
    VIEWER = "viewer"


ACCOUNT_ROLES = (Role.ADMIN, Role.FACILITATOR, Role.GROUP, Role.LEADER, Role.MUNICIPAL_LEADER,
                 Role.RESEARCHER)
# Roles bound to one municipality.
MUNICIPAL_ROLES = (Role.GROUP, Role.MUNICIPAL_LEADER)
# Staff: they run the gatherings and may act on any group's behalf in the programmes they take
# part in (access.permissions.is_staff). A leader reads across groups but is not staff.
STAFF = (Role.ADMIN, Role.FACILITATOR)
# Roles that take part in a programme only when granted it (a ProgrammeAccess row, which an
# invitation into the programme gives); an admin takes part in every programme.
PROGRAMME_ROLES = (Role.FACILITATOR, Role.LEADER, Role.RESEARCHER)


class GatheringKind(StrEnum):
    FELLESSAMLING = "fellessamling"
    LOKAL_SAMLING = "lokal_samling"
    LEDEROPPFOLGING = "lederoppfolgingsdag"


class Phase(StrEnum):
    """The phases a facilitator moves the room through. Which ones, in which order, is the
    gathering's agenda: each kind of gathering has its own (kultur3.programme.phases.AGENDAS)."""

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
    # The facilitator's own activities (poll, word cloud, open question), one at a time.
    ACTIVITY = "activity"


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
