"""Build a test's own world in a line each, through the real services, on any test database.

    programme = make_programme(session, name="Vestland")
    mid = enrol(session, programme, municipality_number="4638")
    kari = make_user(session, Role.GROUP, programme=programme, municipality="4638",
                     coordinator=True)
    gid = make_gathering(session, programme, held_on=date(2027, 3, 1))

A new feature's tests build what they need here instead of leaning on the demo's content
(which the demo may change). Every factory calls the service a real user's click calls
(lifecycle.create_programme, lifecycle.enrol, invitations.invite + accept, accounts.create_user,
gatherings.create_gathering, actions.create_action), so a rule the service adds holds here too.
Works on the `session` fixture (empty migrated database: the municipality register is loaded,
nothing else) and on `demo` alike; nothing is committed: the test decides when.
"""

from __future__ import annotations

import itertools
from datetime import date

from kultur3.access import accounts
from kultur3.access.permissions import OPERATOR, Actor
from kultur3.core import clock
from kultur3.group import actions, invitations
from kultur3.models import GatheringKind, Programme, ProgrammeStatus, Role
from kultur3.programme import catalogue, gatherings, lifecycle
from tests.conftest import municipality_id

# Who sets the world up: permissions.OPERATOR (the command line's actor).
# A staff member for services that need one (gatherings, actions); not a stored account.
ADMIN = Actor(user_id=None, username="admin", display_name="Admin", role=Role.ADMIN)
PASSWORD = "et-godt-passord-2027"
# bcrypt at 4 rounds (about 1 ms) for accounts made without an invitation; 12 would cost
# about 250 ms each.
_CHEAP_HASH = accounts.hash_password(PASSWORD, rounds=4)
_serial = itertools.count(1)


def make_programme(session, name: str = "Testprogram", *, active: bool = True) -> Programme:
    """A programme with the built-in framework; active unless asked for a planned one."""
    programme = lifecycle.create_programme(session=session, actor=OPERATOR,
                                           data=lifecycle.ProgrammeInput(name=name))
    if active:
        lifecycle.set_status(session=session, actor=OPERATOR, programme_id=programme.id,
                             status=ProgrammeStatus.ACTIVE)
    return programme


def enrol(session, programme: Programme, municipality_number: str = "4638") -> int:
    """Enrol one municipality (by kommunenummer, from the register); its id."""
    lifecycle.enrol(session=session, actor=OPERATOR, programme_id=programme.id,
                    numbers=[municipality_number])
    return municipality_id(session, municipality_number)


def make_user(session, role: Role, *, programme: Programme | None = None,
              municipality: str | None = None, coordinator: bool = False,
              username: str | None = None) -> Actor:
    """A person who can log in (password PASSWORD), as the Actor they act as.

    With a programme, the way people join one: an invitation, accepted (a group member gets
    a member row, a coordinator if asked; staff get access to the programme). Without one, an
    account made on the command line (an admin, or a group user bound to the municipality).
    """
    username = username or f"{Role(role).value}-{next(_serial)}@test.no"
    if programme is None:
        user = accounts.create_user(session=session, username=username, role=role,
                                    password_hash=_CHEAP_HASH, municipality_number=municipality,
                                    actor=OPERATOR)
        return Actor(user_id=user.id, username=user.username, display_name=user.display_name,
                     role=Role(user.role), municipality_id=user.municipality_id)
    invited = invitations.invite(
        session=session, actor=OPERATOR, email=username, role=role, programme_id=programme.id,
        municipality_id=municipality_id(session, municipality) if municipality else None,
        group_role="Koordinator" if coordinator else "", is_coordinator=coordinator)
    return invitations.accept(session=session, token=invited.token, password=PASSWORD)


def make_gathering(session, programme: Programme, *, title: str = "Samling 1",
                   held_on: date | None = None,
                   kind: GatheringKind = GatheringKind.FELLESSAMLING,
                   municipality_number: str | None = None) -> int:
    """A gathering (today in Oslo unless held_on is given); its id."""
    return gatherings.create_gathering(
        session=session, actor=ADMIN, programme_id=programme.id, kind=kind, title=title,
        held_on=held_on or clock.today(), municipality_number=municipality_number)


def make_action(session, programme: Programme, municipality_id: int, *, title: str = "Tiltak",
                deadline: date | None = None, actor: Actor = ADMIN) -> int:
    """A group's action on the programme's first value area; its id."""
    area = catalogue.value_areas(session=session, programme_id=programme.id)[0]
    return actions.create_action(session=session, actor=actor, programme_id=programme.id,
                                 municipality_id=municipality_id, title=title,
                                 value_area_ids=[area.id], deadline=deadline)


def make_survey(session, programme: Programme, municipality_id: int, *,
                answers: list[dict[int, int | None]], title: str = "Hva mener elevene?",
                audience: str = "pupils", open_answers: tuple[str, ...] = ()) -> int:
    """A survey of one group with its responses, straight into the tables (answering is the
    public form's; this builds only what results read). answers: one {value_area_id: score
    or None («Vet ikke»)} per response; the areas asked are those of the first. Its id."""
    from kultur3.models import Survey, SurveyArea, SurveyResponse, SurveyScore
    today = clock.today()
    survey = Survey(programme_id=programme.id, municipality_id=municipality_id, title=title,
                    audience=audience, opens_on=today, closes_on=today,
                    token=f"test-survey-{next(_serial)}")
    session.add(survey)
    session.flush()
    for position, area_id in enumerate(answers[0] if answers else {}):
        session.add(SurveyArea(survey_id=survey.id, value_area_id=area_id, position=position,
                               statement=f"Påstand {position + 1}"))
    for i, scores in enumerate(answers):
        response = SurveyResponse(survey_id=survey.id, answered_on=today,
                                  open_answer=open_answers[i] if i < len(open_answers) else "")
        session.add(response)
        session.flush()
        for area_id, value in scores.items():
            session.add(SurveyScore(response_id=response.id, value_area_id=area_id,
                                    value=value))
    session.flush()
    return survey.id
