"""Each kind of gathering has its own agenda; a facilitator adjusts it per gathering; the
console's next/previous and the room follow it."""

from datetime import date

import pytest
from sqlmodel import select

from kultur3 import live
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.models import AuditEvent, Gathering, GatheringKind, Phase
from kultur3.programme import catalogue, gatherings, phases
from tests.conftest import actor_of


@pytest.fixture
def staff(demo):
    return actor_of(demo, "fasilitator")


def _gathering(demo, staff, kind: GatheringKind, number: str | None = "3203") -> int:
    pid = catalogue.list_programmes(session=demo)[0].id
    return gatherings.create_gathering(session=demo, actor=staff, programme_id=pid, kind=kind,
                                       title=f"{kind.value} test", held_on=date(2026, 12, 1),
                                       municipality_number=number)


def test_each_kind_has_its_own_agenda(demo, staff):
    local = live.live_state(session=demo, actor=staff, gathering_id=_gathering(
        demo, staff, GatheringKind.LOKAL_SAMLING))
    assert [p.value for p in local.agenda] == ["welcome", "since_last", "log", "rescore",
                                                "actions", "summary"]
    leader = live.live_state(session=demo, actor=staff, gathering_id=_gathering(
        demo, staff, GatheringKind.LEDEROPPFOLGING))
    assert [p.value for p in leader.agenda] == ["welcome", "present", "anchoring", "decisions",
                                                 "summary"]
    joint = live.live_state(session=demo, actor=staff, gathering_id=_gathering(
        demo, staff, GatheringKind.FELLESSAMLING, None))
    assert joint.agenda == phases.PHASES


def test_next_and_previous_follow_the_agenda(demo, staff):
    agenda = phases.AGENDAS[GatheringKind.LEDEROPPFOLGING]
    assert phases.next_phase("present", agenda) == Phase.ANCHORING
    assert phases.previous_phase("present", agenda) == Phase.WELCOME
    assert phases.next_phase("summary", agenda) == Phase.SUMMARY
    assert phases.next_phase("q1", agenda) == Phase.WELCOME  # off the agenda: its start


def test_a_facilitator_adjusts_the_agenda_and_the_room_follows(demo, staff):
    gid = _gathering(demo, staff, GatheringKind.LEDEROPPFOLGING)
    live.set_phase(session=demo, actor=staff, gathering_id=gid, phase="decisions")
    live.set_agenda(session=demo, actor=staff, gathering_id=gid,
                    agenda=["welcome", "anchoring", "present", "rescore"])
    state = live.live_state(session=demo, actor=staff, gathering_id=gid)
    assert [p.value for p in state.agenda] == ["welcome", "anchoring", "present", "rescore"]
    assert state.phase == Phase.WELCOME  # «decisions» was taken off: back to the start
    with pytest.raises(InvalidInput) as err:
        live.set_phase(session=demo, actor=staff, gathering_id=gid, phase="decisions")
    assert err.value.key == "live.not_on_agenda"
    assert demo.exec(select(AuditEvent).where(AuditEvent.action == "live.agenda")).first()


@pytest.mark.parametrize(("agenda", "key"), [([], "live.agenda_empty"),
                                            (["welcome", "welcome"], "live.agenda_invalid"),
                                            (["welcome", "dans"], "live.agenda_invalid")])
def test_a_bad_agenda_changes_nothing(demo, staff, agenda, key):
    gid = _gathering(demo, staff, GatheringKind.LOKAL_SAMLING)
    demo.commit()
    with pytest.raises(InvalidInput) as err:
        live.set_agenda(session=demo, actor=staff, gathering_id=gid, agenda=agenda)
    assert err.value.key == key
    demo.rollback()
    assert demo.get(Gathering, gid).agenda == []


@pytest.mark.parametrize("who", ["kommune-3203", "kommuneleder-3203", "leder"])
def test_only_staff_set_the_agenda(demo, staff, who):
    gid = _gathering(demo, staff, GatheringKind.LOKAL_SAMLING)
    with pytest.raises(PermissionDenied):
        live.set_agenda(session=demo, actor=actor_of(demo, who), gathering_id=gid,
                        agenda=["welcome"])


def test_the_demo_has_all_three_kinds_with_leader_days(demo):
    kinds = {g.kind for g in demo.exec(select(Gathering)).all()}
    assert kinds == set(GatheringKind)
    days = demo.exec(select(Gathering).where(
        Gathering.kind == GatheringKind.LEDEROPPFOLGING)).all()
    assert len(days) >= 3 and all(g.municipality_id for g in days)


def test_the_municipalitys_leadership_follows_its_leader_day(demo, staff):
    gid = _gathering(demo, staff, GatheringKind.LEDEROPPFOLGING)
    assert live.live_state(session=demo, actor=actor_of(demo, "kommuneleder-3203"),
                           gathering_id=gid).kind == "lederoppfolgingsdag"
    with pytest.raises(NotFound):  # another municipality's day is not theirs to see
        live.live_state(session=demo, actor=actor_of(demo, "kommuneleder-1804"),
                        gathering_id=gid)
