"""Advisers (prosessveiledere) per municipality and «Mine kommuner», from an empty database
(outside demo mode): the assignment rules, who may do it, and the order of the list with its
reasons on fixed dates."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from kultur3.access import programme_staff
from kultur3.access.permissions import OPERATOR
from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.group import actions, anchoring
from kultur3.insight import adviser_home
from kultur3.models import (
    Action,
    ActionStatus,
    AdviserAssignment,
    AuditEvent,
    LogKind,
    ProgrammeStatus,
    Role,
)
from kultur3.privacy import personal_data, retention
from kultur3.programme import advisers, lifecycle
from kultur3.store import versions
from tests.factories import ADMIN, enrol, make_action, make_gathering, make_programme, make_user

TODAY = date(2027, 3, 15)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.fixture
def world(session):
    programme = make_programme(session)
    ids = {n: enrol(session, programme, n) for n in ("4638", "4647", "4618")}
    adviser = make_user(session, Role.FACILITATOR, programme=programme)
    return programme, ids, adviser


def test_an_empty_programme_has_no_advisers_and_an_empty_home(session):
    programme = make_programme(session)
    adviser = make_user(session, Role.FACILITATOR, programme=programme)
    home = adviser_home.adviser_home(session=session, actor=adviser, programme_id=programme.id,
                                     today=TODAY)
    assert home.rows == ()
    plan = advisers.adviser_plan(session=session, actor=adviser, programme_id=programme.id)
    assert plan.municipalities == () and [a.user_id for a in plan.candidates] == [adviser.user_id]


def test_assign_and_unassign_are_audited_counted_and_idempotent(session, world):
    programme, ids, adviser = world
    before = versions.current(session)
    assert advisers.assign(session=session, actor=adviser, programme_id=programme.id,
                           municipality_id=ids["4638"], user_id=adviser.user_id)
    assert versions.current(session) != before
    assert not advisers.assign(session=session, actor=adviser, programme_id=programme.id,
                               municipality_id=ids["4638"], user_id=adviser.user_id)
    assert advisers.municipalities_of(session=session, actor=adviser, programme_id=programme.id,
                                      user_id=adviser.user_id) == [ids["4638"]]
    plan = advisers.adviser_plan(session=session, actor=ADMIN, programme_id=programme.id)
    assert {m.number for m in plan.unassigned()} == {"4647", "4618"}
    assert [a.user_id for a in plan.advising()] == [adviser.user_id]
    assert advisers.unassign(session=session, actor=ADMIN, programme_id=programme.id,
                             municipality_id=ids["4638"], user_id=adviser.user_id)
    assert not advisers.unassign(session=session, actor=ADMIN, programme_id=programme.id,
                                 municipality_id=ids["4638"], user_id=adviser.user_id)
    done = session.exec(select(AuditEvent.action).where(
        AuditEvent.entity == "municipality", AuditEvent.entity_id == ids["4638"])).all()
    assert done == ["advisers.assign", "advisers.unassign"]


def test_set_advisers_keeps_exactly_the_chosen(session, world):
    programme, ids, adviser = world
    other = make_user(session, Role.FACILITATOR, programme=programme)
    m = ids["4647"]
    advisers.set_advisers(session=session, actor=ADMIN, programme_id=programme.id,
                          municipality_id=m, user_ids=[adviser.user_id, other.user_id])
    assert advisers.set_advisers(session=session, actor=ADMIN, programme_id=programme.id,
                                 municipality_id=m, user_ids=[other.user_id]) == 1
    plan = advisers.adviser_plan(session=session, actor=ADMIN, programme_id=programme.id)
    row = next(x for x in plan.municipalities if x.municipality_id == m)
    assert [a.user_id for a in row.advisers] == [other.user_id]


def test_only_the_programmes_facilitators_can_be_advisers(session, world):
    programme, ids, adviser = world
    elsewhere = make_user(session, Role.FACILITATOR, programme=make_programme(session, "Annet"))
    leader = make_user(session, Role.LEADER, programme=programme)
    group = make_user(session, Role.GROUP, programme=programme, municipality="4638")
    for who in (elsewhere, leader, group):
        with pytest.raises(InvalidInput) as refused:
            advisers.assign(session=session, actor=ADMIN, programme_id=programme.id,
                            municipality_id=ids["4638"], user_id=who.user_id)
        assert refused.value.key == "advisers.not_staff"
    not_enrolled = enrol(session, make_programme(session, "Tredje"), "3203")
    with pytest.raises(InvalidInput) as refused:
        advisers.assign(session=session, actor=ADMIN, programme_id=programme.id,
                        municipality_id=not_enrolled, user_id=adviser.user_id)
    assert refused.value.key == "advisers.not_enrolled"


def test_who_may_assign_and_whose_list_they_may_read(session, world):
    programme, ids, adviser = world
    group = make_user(session, Role.GROUP, programme=programme, municipality="4638")
    leader = make_user(session, Role.LEADER, programme=programme)
    outsider = make_user(session, Role.FACILITATOR, programme=make_programme(session, "Annet"))
    for who in (group, leader, outsider):
        with pytest.raises(PermissionDenied):
            advisers.assign(session=session, actor=who, programme_id=programme.id,
                            municipality_id=ids["4638"], user_id=adviser.user_id)
    colleague = make_user(session, Role.FACILITATOR, programme=programme)
    with pytest.raises(PermissionDenied):  # another adviser's list: the admin's overview
        adviser_home.adviser_home(session=session, actor=colleague, programme_id=programme.id,
                                  adviser_id=adviser.user_id, today=TODAY)
    with pytest.raises(PermissionDenied):  # one's own list, but in another programme
        adviser_home.adviser_home(session=session, actor=outsider, programme_id=programme.id,
                                  today=TODAY)
    adviser_home.adviser_home(session=session, actor=ADMIN, programme_id=programme.id,
                              adviser_id=adviser.user_id, today=TODAY)


def test_the_list_puts_the_municipality_that_most_needs_a_call_first(session, world):
    """Høyanger: three actions overdue. Sunnfjord: quiet for seven weeks. Ullensvang: active
    last week with one action due in ten days. Silence of 7 weeks (49) outweighs 3 overdue
    (30); both outweigh one due soon (2)."""
    programme, ids, adviser = world
    for m in ids.values():
        advisers.assign(session=session, actor=ADMIN, programme_id=programme.id,
                        municipality_id=m, user_id=adviser.user_id)
    for i in range(3):
        make_action(session, programme, ids["4638"], title=f"Tiltak {i}",
                    deadline=TODAY - timedelta(days=1 + i))
    make_action(session, programme, ids["4618"], deadline=TODAY + timedelta(days=10))
    make_action(session, programme, ids["4647"], title="Gammelt", deadline=TODAY + timedelta(days=90))
    done = make_action(session, programme, ids["4638"], title="Ferdig",
                       deadline=TODAY - timedelta(days=30))
    session.exec(update(Action).where(Action.id == done).values(status=ActionStatus.DONE))
    actions.add_log_entry(session=session, actor=ADMIN, programme_id=programme.id,
                          municipality_id=ids["4618"], kind=LogKind.REFLECT,
                          text="Foreldremøtet | ga *mange* nye søkere", happened_on=TODAY)
    anchoring.add_entry(session=session, actor=ADMIN, programme_id=programme.id,
                        municipality_id=ids["4638"],
                        data=anchoring.AnchoringInput(kind="budsjett", title="Friplasser"))
    # When each group last wrote: Sunnfjord 7 weeks ago, the others in the last fortnight.
    written = {ids["4638"]: TODAY - timedelta(days=3), ids["4647"]: TODAY - timedelta(days=49),
               ids["4618"]: TODAY - timedelta(days=6)}
    for m, day in written.items():
        session.exec(update(Action).where(Action.municipality_id == m)
                     .values(updated_at=_at(day)))
    from kultur3.models import Anchoring, LogEntry
    session.exec(update(Anchoring).values(updated_at=_at(written[ids["4638"]])))
    session.exec(update(LogEntry).values(created_at=_at(written[ids["4618"]])))
    home = adviser_home.adviser_home(session=session, actor=adviser, programme_id=programme.id,
                                     today=TODAY)
    assert [r.number for r in home.rows] == ["4647", "4638", "4618"]
    quiet, overdue, soon = home.rows
    assert [(r.key, r.n) for r in quiet.reasons] == [("adviser.reason_quiet", 7),
                                                     ("adviser.reason_stalled", 1)]
    assert quiet.days_since == 49 and quiet.stalled == 1 and quiet.overdue == 0
    assert [(r.key, r.n) for r in overdue.reasons] == [("adviser.reason_overdue", 3)]
    assert overdue.days_since == 3 and (overdue.anchored, overdue.anchoring_total) == (0, 1)
    assert [(r.key, r.n) for r in soon.reasons] == [("adviser.reason_soon", 1)]
    assert soon.last_log_text.startswith("Foreldremøtet") and soon.last_log_on == TODAY


def test_a_group_that_never_wrote_comes_first_and_the_next_gathering_is_its_own(session, world):
    programme, ids, adviser = world
    for m in (ids["4638"], ids["4647"]):
        advisers.assign(session=session, actor=ADMIN, programme_id=programme.id,
                        municipality_id=m, user_id=adviser.user_id)
    make_action(session, programme, ids["4638"], deadline=TODAY - timedelta(days=1))
    session.exec(update(Action).values(updated_at=_at(TODAY)))
    make_gathering(session, programme, title="Fellessamling vår", held_on=TODAY + timedelta(30))
    make_gathering(session, programme, title="Lokal samling Sunnfjord",
                   held_on=TODAY + timedelta(7), kind="lokal_samling",
                   municipality_number="4647")
    make_gathering(session, programme, title="I fjor", held_on=TODAY - timedelta(30))
    home = adviser_home.adviser_home(session=session, actor=adviser, programme_id=programme.id,
                                     today=TODAY)
    first, second = home.rows
    assert first.number == "4647" and first.last_activity is None
    assert [r.key for r in first.reasons] == ["adviser.reason_never"]
    assert first.next_gathering == "Lokal samling Sunnfjord"
    assert second.next_gathering == "Fellessamling vår"


def test_revoking_access_ends_the_assignments(session, world):
    programme, ids, adviser = world
    advisers.assign(session=session, actor=ADMIN, programme_id=programme.id,
                    municipality_id=ids["4638"], user_id=adviser.user_id)
    programme_staff.revoke_access(session=session, actor=OPERATOR, programme_id=programme.id,
                                  user_id=adviser.user_id)
    assert session.exec(select(AdviserAssignment)).all() == []


def test_who_advises_whom_is_exported_and_erased_with_the_account(session, world):
    programme, ids, adviser = world
    advisers.assign(session=session, actor=ADMIN, programme_id=programme.id,
                    municipality_id=ids["4638"], user_id=adviser.user_id)
    admin = make_user(session, Role.ADMIN)
    data = personal_data.export_person(session=session, actor=admin, kind=personal_data.USER,
                                       person_id=adviser.user_id)
    assert [a["municipality_id"] for a in data["advises"]] == [ids["4638"]]
    personal_data.delete_person(session=session, actor=admin, kind=personal_data.USER,
                                person_id=adviser.user_id)
    assert session.exec(select(AdviserAssignment)).all() == []


def test_retention_takes_the_assignments_of_an_archived_programme(session, world):
    programme, ids, adviser = world
    advisers.assign(session=session, actor=ADMIN, programme_id=programme.id,
                    municipality_id=ids["4638"], user_id=adviser.user_id)
    for step in (ProgrammeStatus.CLOSED, ProgrammeStatus.ARCHIVED):
        lifecycle.set_status(session=session, actor=OPERATOR, programme_id=programme.id,
                             status=step)
    savepoint = session.begin_nested()
    with pytest.raises(InvalidInput):  # archived: read-only, its assignments too
        advisers.unassign(session=session, actor=ADMIN, programme_id=programme.id,
                          municipality_id=ids["4638"], user_id=adviser.user_id)
    savepoint.rollback()
    later = datetime.now(UTC) + timedelta(days=1)
    assert retention.purge_archived(session=session, archived_before=later).advisers == 1
    assert retention.purge_archived(session=session, archived_before=later,
                                    apply=True).advisers == 1
    assert session.exec(select(AdviserAssignment)).all() == []


def test_the_next_gathering_is_never_a_cancelled_or_closed_one(session, world):
    """«Neste samling» on «Mine kommuner» is the one the group will meet at, as its own home
    says (group/preparation.py): a cancelled or closed gathering is skipped (review of
    issue 23)."""
    from kultur3.models import GatheringStatus
    from kultur3.programme import gatherings
    programme, ids, adviser = world
    advisers.assign(session=session, actor=ADMIN, programme_id=programme.id,
                    municipality_id=ids["4638"], user_id=adviser.user_id)
    off = make_gathering(session, programme, title="Avlyst", held_on=TODAY + timedelta(3))
    done = make_gathering(session, programme, title="Holdt i dag", held_on=TODAY)
    make_gathering(session, programme, title="Den neste", held_on=TODAY + timedelta(9))
    gatherings.cancel_gathering(session=session, actor=ADMIN, gathering_id=off)
    gatherings.set_status(session=session, actor=ADMIN, gathering_id=done,
                          status=GatheringStatus.CLOSED)
    home = adviser_home.adviser_home(session=session, actor=adviser, programme_id=programme.id,
                                     today=TODAY)
    assert [r.next_gathering for r in home.rows] == ["Den neste"]
