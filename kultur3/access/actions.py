"""The named actions: who may do what, in one table (as datasette's default_permissions.py).

A service asks `permissions.check(actor, "live.run")` (or `allowed(...)` for a yes/no); it
never spells out roles. A new service picks the action that fits, or adds one here: the
isolation matrix (tests/test_tenant_isolation.py) then needs a call that exercises it, and
refuses every role the row leaves out.

Scope says what the check is about, and which programme half the service adds after it:
- site: the whole installation (accounts, the audit log, personal data, the register);
- programme: one programme; staff only in programmes they take part in (check_programme);
- gathering: one gathering of a programme (check_staff_programme / check_live_read);
- municipality: one municipality's work in a programme (check_read / check_write add
  in_programme). Roles in `own` may act on their own municipality only, and a participant
  only in its own gathering; roles in `roles` on any. For a gathering, `own` means the
  gathering a view link (or a code participant) belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kultur3.models import Role

A, F, L = Role.ADMIN, Role.FACILITATOR, Role.LEADER
G, ML, P, V = Role.GROUP, Role.MUNICIPAL_LEADER, Role.PARTICIPANT, Role.VIEWER
R = Role.RESEARCHER


class Scope(StrEnum):
    SITE = "site"
    PROGRAMME = "programme"
    GATHERING = "gathering"
    MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class Rule:
    scope: Scope
    roles: frozenset[Role]  # may act on any resource of the scope
    own: frozenset[Role] = frozenset()  # may act on their own municipality (gathering) only


def _rule(scope: Scope, roles: tuple[Role, ...], own: tuple[Role, ...] = ()) -> Rule:
    return Rule(scope, frozenset(roles), frozenset(own))


SITE, PROGRAMME, GATHERING, MUNICIPALITY = Scope

ACTIONS: dict[str, Rule] = {
    # The whole installation: an admin (or the operator at the command line).
    "users.manage": _rule(SITE, (A,)),
    "audit.read": _rule(SITE, (A,)),
    "register.load": _rule(SITE, (A,)),
    "programme.create": _rule(SITE, (A,)),
    "privacy.export": _rule(SITE, (A,)),
    "privacy.erase": _rule(SITE, (A,)),
    "privacy.notice": _rule(SITE, (A,)),
    # One programme.
    "programme.edit": _rule(PROGRAMME, (A,)),
    "programme.staff": _rule(PROGRAMME, (A,)),
    "framework.edit": _rule(PROGRAMME, (A,)),
    "programme.enrol": _rule(PROGRAMME, (A, F)),
    "gatherings.manage": _rule(PROGRAMME, (A, F)),
    "gatherings.read": _rule(PROGRAMME, (A, F, L)),  # the plan: /samlinger, /halvarsplan
    "invitations.list": _rule(PROGRAMME, (A, F)),
    "answers.progress": _rule(PROGRAMME, (A, F)),
    "dashboard.read": _rule(PROGRAMME, (A, F, L)),
    "answers.search": _rule(PROGRAMME, (A, F, L)),
    # The research export (pseudonyms, consented people only): the admin and the programme's
    # research partner; nobody else, since even pseudonymised rows are personal data.
    "research.export": _rule(PROGRAMME, (A, R)),
    # Advisers (prosessveiledere): who follows which municipality; one's own «Mine kommuner»;
    # every adviser's list and the municipalities nobody follows (the admin's overview).
    "advisers.assign": _rule(PROGRAMME, (A, F)),
    "advisers.follow": _rule(PROGRAMME, (A, F)),
    "advisers.oversee": _rule(PROGRAMME, (A,)),
    # One gathering, in the room.
    "live.run": _rule(GATHERING, (A, F)),
    "live.moderate": _rule(GATHERING, (A, F)),
    "live.export": _rule(GATHERING, (A, F)),
    "live.project": _rule(GATHERING, (A, F), own=(V,)),  # a view link: its own gathering
    # The facilitator's own activities (poll, word cloud, open question): prepared in the
    # programme's library and copied onto its gatherings by its staff (issue 25 §2).
    "activities.prepare": _rule(PROGRAMME, (A, F)),
    # The wall's pause (WCAG 2.2.2): the console, or space on the projector in the room,
    # which may be opened by its view link.
    "live.pause": _rule(GATHERING, (A, F), own=(V,)),
    # One municipality's work.
    "work.read": _rule(MUNICIPALITY, (A, F, L), own=(G, ML, P)),
    "work.write": _rule(MUNICIPALITY, (A, F), own=(G, P)),
    "actions.restore": _rule(MUNICIPALITY, (A, F)),  # removed actions: the programme's staff
    "members.manage": _rule(MUNICIPALITY, (A, F), own=(G,)),  # the group: its coordinator
    # Comments on the project, an action or a log entry: the advisers (staff of the
    # programme) and the group's own members; not leaders, who read, nor a participant.
    "comments.write": _rule(MUNICIPALITY, (A, F), own=(G,)),
    "anchoring.approve": _rule(MUNICIPALITY, (A,), own=(ML,)),
    # The group's survey of the people it serves (issue 24): made, shared, closed and its
    # open answers moderated by the group's coordinator (kultur3/group/surveys.py) and the
    # programme's staff; the list with response counts is read as work.read.
    "surveys.manage": _rule(MUNICIPALITY, (A, F), own=(G,)),
}
