"""Who may do what. Every service calls check() with a named action (kultur3.access.actions),
and check_read / check_write for a municipality's work in a programme.

Nobody is nobody: a service refuses an actor of None (there is no «operator» by omission);
the command line and the system acting on an allowed invitation pass OPERATOR."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, event
from sqlmodel import Session

from kultur3.access.actions import ACTIONS, Scope
from kultur3.access.enrolment import enrolled
from kultur3.core.errors import PermissionDenied
from kultur3.models import PROGRAMME_ROLES, STAFF, Gathering, Participation, ProgrammeAccess, Role


@dataclass(frozen=True)
class Actor:
    """The acting user, as plain values (never an ORM object in session state).

    A participant joined by code or a projector view link has no user (user_id None) and is
    scoped to one gathering: every check below refuses it anything outside that gathering.
    """

    user_id: int | None
    username: str
    display_name: str
    role: Role
    municipality_id: int | None = None
    must_change_password: bool = False
    gathering_id: int | None = None
    participant_id: int | None = None


def is_staff(actor: Actor) -> bool:
    """Staff (models.STAFF): an admin or a facilitator."""
    return actor.role in STAFF


# The command line (kultur3.__main__, seed, scripts) and the system acting on what staff
# already allowed (an accepted invitation): an admin that is no account. Passed explicitly,
# so that None never means «allowed».
OPERATOR = Actor(user_id=None, username="operator", display_name="Operator", role=Role.ADMIN)


@dataclass(frozen=True)
class Resource:
    """What an action is done to, as far as the role half needs it (an action of municipality
    scope, for the roles that may act only on their own). The programme half (enrolment,
    programme access) is the service's check_read / check_write / check_programme."""

    municipality_id: int | None = None
    gathering_id: int | None = None


def allowed(actor: Actor, action: str, resource: Resource | None = None) -> bool:
    """May the actor do the named action (to this resource)? No database: the role half.
    Fails closed: None or anything that is not an Actor is refused; an unknown action name
    raises KeyError (a typo must not read as «refused» in one place and pass in another)."""
    rule = ACTIONS[action]
    if not isinstance(actor, Actor):
        return False
    if actor.role in rule.roles:
        return True
    if actor.role not in rule.own or resource is None:
        return False
    if rule.scope == Scope.GATHERING:  # a view link or participant: its own gathering only
        return resource.gathering_id is not None and resource.gathering_id == actor.gathering_id
    if resource.municipality_id is None:
        return False
    if actor.role == Role.PARTICIPANT:
        return _own_gathering(actor, resource.municipality_id, resource.gathering_id)
    return actor.municipality_id == resource.municipality_id


def check(actor: Actor, action: str, resource: Resource | None = None) -> None:
    """Raise PermissionDenied unless allowed(actor, action, resource)."""
    if not allowed(actor, action, resource):
        raise PermissionDenied()


# Page key -> roles that may open it. app.py builds the navigation from this; pages check it too.
PAGE_ROLES: dict[str, frozenset[Role]] = {
    "group_home": frozenset({Role.GROUP, Role.FACILITATOR, Role.ADMIN}),
    "group_team": frozenset({Role.GROUP, Role.FACILITATOR, Role.ADMIN}),
    "workshop": frozenset({Role.GROUP, Role.FACILITATOR, Role.ADMIN}),
    "action_plan": frozenset({Role.GROUP, Role.FACILITATOR, Role.ADMIN}),
    "my_municipalities": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "facilitator_home": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "half_year_plan": frozenset({Role.LEADER, Role.FACILITATOR, Role.ADMIN}),
    "overview": frozenset({Role.LEADER, Role.FACILITATOR, Role.ADMIN}),
    "dashboard": frozenset({Role.LEADER, Role.FACILITATOR, Role.ADMIN}),
    "admin_home": frozenset({Role.ADMIN}),
    "admin_users": frozenset({Role.ADMIN}),
    "admin_groups": frozenset({Role.ADMIN, Role.FACILITATOR}),
    "admin_audit": frozenset({Role.ADMIN}),
    "admin_programme": frozenset({Role.ADMIN}),
    "admin_privacy": frozenset({Role.ADMIN}),
    "live_console": frozenset({Role.FACILITATOR, Role.ADMIN}),
    "projector": frozenset({Role.FACILITATOR, Role.ADMIN, Role.VIEWER}),
    "live_group": frozenset({Role.GROUP, Role.MUNICIPAL_LEADER, Role.FACILITATOR, Role.ADMIN,
                             Role.PARTICIPANT}),
    "join": frozenset({Role.GROUP}),
    "anchoring": frozenset({Role.GROUP, Role.MUNICIPAL_LEADER, Role.FACILITATOR, Role.ADMIN,
                            Role.LEADER}),
    "library": frozenset({Role.GROUP, Role.MUNICIPAL_LEADER, Role.LEADER, Role.FACILITATOR,
                          Role.ADMIN}),
    "words": frozenset({Role.LEADER, Role.FACILITATOR, Role.ADMIN}),
    "municipality_work": frozenset({Role.MUNICIPAL_LEADER, Role.LEADER, Role.FACILITATOR,
                                    Role.ADMIN}),
    "account": frozenset({Role.ADMIN, Role.FACILITATOR, Role.GROUP, Role.LEADER,
                          Role.MUNICIPAL_LEADER, Role.RESEARCHER}),
    # What is stored about whom, and who is responsible: read by anybody, logged in or not.
    "privacy": frozenset({Role.ADMIN, Role.FACILITATOR, Role.GROUP, Role.LEADER,
                          Role.MUNICIPAL_LEADER, Role.RESEARCHER}),
    # The research export: the admin's download and the research partner's one page.
    "research": frozenset({Role.ADMIN, Role.RESEARCHER}),
    # An invitation or password link: opened logged out (visitors) or by anyone logged in.
    "invitation": frozenset({Role.ADMIN, Role.FACILITATOR, Role.GROUP, Role.LEADER,
                             Role.MUNICIPAL_LEADER, Role.RESEARCHER}),
    # The group's surveys (issue 24): made and moderated by its coordinator and the staff.
    "surveys": frozenset({Role.GROUP, Role.FACILITATOR, Role.ADMIN}),
    # Answering a survey by its link: opened logged out (the respondents) or by anyone logged
    # in (a coordinator trying their own link).
    "survey_answer": frozenset({Role.ADMIN, Role.FACILITATOR, Role.GROUP, Role.LEADER,
                                Role.MUNICIPAL_LEADER, Role.RESEARCHER}),
    # The role's guide (docs/*veiledning.md): staff, the group's coordinator, kommuneleder.
    "guide": frozenset({Role.ADMIN, Role.FACILITATOR, Role.GROUP, Role.MUNICIPAL_LEADER}),
    # The accessibility statement: everybody, logged in or not, from every page's footer.
    "accessibility": frozenset(Role),
}

# The page each role lands on after login.
HOME_PAGE: dict[Role, str] = {
    Role.GROUP: "group_home",
    Role.FACILITATOR: "my_municipalities",
    Role.LEADER: "overview",
    Role.ADMIN: "admin_home",
    Role.MUNICIPAL_LEADER: "municipality_work",
    Role.RESEARCHER: "research",
    Role.PARTICIPANT: "live_group",
    Role.VIEWER: "projector",
}


def pages_for(role: Role) -> list[str]:
    """The page keys a role may open, its home page first."""
    home = HOME_PAGE[role]
    rest = [key for key, roles in PAGE_ROLES.items() if role in roles and key != home]
    return [home, *rest]


def can_open(actor: Actor | None, page_key: str) -> bool:
    """True when the actor's role may open the page."""
    return actor is not None and actor.role in PAGE_ROLES.get(page_key, frozenset())


def _own_gathering(actor: Actor, municipality_id: int, gathering_id: int | None) -> bool:
    """A participant's scope: its municipality, in its gathering, named by the caller."""
    return (actor.role == Role.PARTICIPANT and actor.municipality_id == municipality_id
            and gathering_id is not None and gathering_id == actor.gathering_id)


def can_read_municipality(actor: Actor, municipality_id: int,
                          gathering_id: int | None = None) -> bool:
    """The role half of a read (no database): staff and leaders may read a municipality of a
    programme they take part in; a group and its municipality's leadership only their own; a
    participant only its own in its gathering (a call that names no gathering is refused).
    check_read adds the programme half; a service always calls that."""
    return allowed(actor, "work.read", Resource(municipality_id=municipality_id,
                                                gathering_id=gathering_id))


def can_write_municipality(actor: Actor, municipality_id: int,
                           gathering_id: int | None = None) -> bool:
    """The role half of a write (no database): admins and facilitators (on a group's behalf)
    and the group itself; a participant only into its municipality's work in its gathering;
    leaders and viewers never. check_write adds the programme half."""
    return allowed(actor, "work.write", Resource(municipality_id=municipality_id,
                                                 gathering_id=gathering_id))


# Checks that passed in this session. A read composes services that each check the same
# scope (the municipality's work page: seven), so the query runs once per session; any write
# in the session forgets them, so a revocation counts from the next statement on.
_PASSED = "kultur3.access.permissions.passed"


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session, *_args) -> None:
    session.info.pop(_PASSED, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_on_write(state) -> None:
    if not state.is_select:  # an UPDATE or DELETE statement bypasses the flush
        state.session.info.pop(_PASSED, None)


def in_programme(session: Session, actor: Actor, municipality_id: int, *,
                 programme_id: int | None = None, gathering_id: int | None = None) -> bool:
    """The programme half: the municipality is enrolled in the programme (the gathering's, for
    a gathering-scoped call; both must agree when both are named), and a facilitator or leader
    takes part in it. One query per session: these run on every uncached read."""
    if programme_id is None and gathering_id is None:
        raise TypeError("a permission check names the programme or the gathering")
    key = (actor.role, actor.user_id, municipality_id, programme_id, gathering_id)
    passed = session.info.setdefault(_PASSED, set())
    if key in passed and not (session.new or session.dirty or session.deleted):
        return True
    stmt = enrolled(municipality_id, programme_id)
    if gathering_id is not None:
        stmt = stmt.join(Gathering, and_(Gathering.programme_id == Participation.programme_id,
                                         Gathering.id == gathering_id))
    if actor.role in PROGRAMME_ROLES:
        stmt = stmt.join(ProgrammeAccess, and_(
            ProgrammeAccess.programme_id == Participation.programme_id,
            ProgrammeAccess.user_id == actor.user_id))
    if session.exec(stmt.limit(1)).first() is None:
        return False
    session.info.setdefault(_PASSED, set()).add(key)
    return True


def check_read(actor: Actor, municipality_id: int, gathering_id: int | None = None, *,
               session: Session, programme_id: int | None = None) -> None:
    """Raise PermissionDenied unless the actor may read this municipality's work in this
    programme (or this gathering's programme)."""
    if not (can_read_municipality(actor, municipality_id, gathering_id) and in_programme(
            session, actor, municipality_id, programme_id=programme_id,
            gathering_id=gathering_id)):
        raise PermissionDenied()


def check_write(actor: Actor, municipality_id: int, gathering_id: int | None = None, *,
                session: Session, programme_id: int | None = None) -> None:
    """Raise PermissionDenied unless the actor may write this municipality's work in this
    programme (or this gathering's programme)."""
    if not (can_write_municipality(actor, municipality_id, gathering_id) and in_programme(
            session, actor, municipality_id, programme_id=programme_id,
            gathering_id=gathering_id)):
        raise PermissionDenied()

