"""Every service that reads or writes a municipality's work refuses other tenants.

A group user (Asker) tries Bodø's data through each function; a leader tries every write.
"""

from datetime import date

import pytest
from sqlmodel import select

from kultur3 import actions, followup, overview, programmes, workspace
from kultur3.errors import NotFound, PermissionDenied
from kultur3.models import Action, Gathering, LogKind, Member, Participation, ScoreKind
from tests.conftest import actor_of, municipality_id

REFUSED = (PermissionDenied, NotFound)


@pytest.fixture
def t(demo):
    pid = programmes.list_programmes(session=demo)[0].id
    bodo = municipality_id(demo, "1804")
    g = demo.exec(select(Gathering).where(Gathering.title == "Fellessamling 2 – digital")).one()
    q = programmes.questions(session=demo, programme_id=pid)[0]
    area = programmes.value_areas(session=demo, programme_id=pid)[0]
    member = demo.exec(select(Member).join(Participation).where(
        Participation.municipality_id == bodo)).first()
    action = demo.exec(select(Action).where(Action.municipality_id == bodo)).first()
    return dict(pid=pid, m=bodo, g=g.id, q=q.id, area=area.id, member=member.id,
                action=action.id)


READS = {
    "group_home": lambda s, a, t: overview.group_home(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "members": lambda s, a, t: programmes.members(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "answers": lambda s, a, t: workspace.answers(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"]),
    "score_sheet": lambda s, a, t: workspace.score_sheet(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"]),
    "radar_data": lambda s, a, t: workspace.radar_data(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"]),
    "previous_gathering": lambda s, a, t: workspace.previous_gathering(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"]),
    "list_actions": lambda s, a, t: actions.list_actions(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "list_log": lambda s, a, t: actions.list_log(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "since_last": lambda s, a, t: followup.since_last(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "answer_progress": lambda s, a, t: overview.answer_progress(
        session=s, actor=a, programme_id=t["pid"]),
    "municipality_gaps": lambda s, a, t: overview.municipality_gaps(
        session=s, actor=a, programme_id=t["pid"]),
}

WRITES = {
    "save_answer": lambda s, a, t: workspace.save_answer(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"], question_id=t["q"],
        text="inn", base_version=0, value_area_id=t["area"]),
    "save_score": lambda s, a, t: workspace.save_score(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"],
        value_area_id=t["area"], kind=ScoreKind.CURRENT, value=1, is_group=True),
    "member_score": lambda s, a, t: workspace.save_score(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"],
        value_area_id=t["area"], kind=ScoreKind.CURRENT, value=1, member_id=t["member"]),
    "clear_agreed": lambda s, a, t: workspace.clear_agreed_score(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"],
        value_area_id=t["area"], kind=ScoreKind.CURRENT),
    "create_action": lambda s, a, t: actions.create_action(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"], title="x",
        value_area_ids=[t["area"]]),
    "update_action": lambda s, a, t: actions.update_action(
        session=s, actor=a, action_id=t["action"], base_version=1, progress_note="x"),
    "delete_action": lambda s, a, t: actions.delete_action(
        session=s, actor=a, action_id=t["action"]),
    "add_log": lambda s, a, t: actions.add_log_entry(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"], kind=LogKind.PLAN,
        text="x", happened_on=date(2022, 1, 1)),
}


@pytest.mark.parametrize("name", list(READS))
def test_another_group_cannot_read(demo, t, name):
    with pytest.raises(REFUSED):
        READS[name](demo, actor_of(demo, "kommune-3203"), t)


@pytest.mark.parametrize("name", list(WRITES))
@pytest.mark.parametrize("who", ["kommune-3203", "leder"])
def test_another_group_and_a_leader_cannot_write(demo, t, name, who):
    with pytest.raises(REFUSED):
        WRITES[name](demo, actor_of(demo, who), t)


CROSS_MUNICIPALITY = {"answer_progress", "municipality_gaps"}


@pytest.mark.parametrize("name", [n for n in READS if n not in CROSS_MUNICIPALITY])
def test_the_group_itself_can_read(demo, t, name):
    READS[name](demo, actor_of(demo, "kommune-1804"), t)


@pytest.mark.parametrize("name", [n for n in READS if n != "answer_progress"])
def test_leaders_read_every_municipality(demo, t, name):
    READS[name](demo, actor_of(demo, "leder"), t)


@pytest.mark.parametrize("name", list(WRITES))
def test_the_group_itself_can_write(demo, t, name):
    WRITES[name](demo, actor_of(demo, "kommune-1804"), t)
