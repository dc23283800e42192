"""Every service that reads or writes a municipality's work refuses other tenants.

A group user (Asker) tries Bodø's data through each function; a leader tries every write.
"""

import dataclasses
from datetime import date

import pytest
from sqlmodel import select

from kultur3 import (
    actions,
    anchoring,
    followup,
    groups,
    identity,
    invitations,
    joining,
    library,
    live,
    overview,
    programmes,
    sectors,
    team,
    versions,
    work,
    workspace,
)
from kultur3.errors import PermissionDenied
from kultur3.models import Action, Gathering, LogKind, Member, Participation, Role, ScoreKind
from tests.conftest import actor_of, municipality_id


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
    entry = anchoring.add_entry(
        session=demo, actor=actor_of(demo, "kommune-1804"), programme_id=pid,
        municipality_id=bodo, data=anchoring.AnchoringInput(kind="budsjett", title="Friplasser"))
    return dict(pid=pid, m=bodo, g=g.id, q=q.id, area=area.id, member=member.id,
                action=action.id, entry=entry)


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
    "project": lambda s, a, t: team.project(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "team_view": lambda s, a, t: team.team_view(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "anchoring": lambda s, a, t: anchoring.entries(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "municipality_work": lambda s, a, t: work.municipality_work(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "scored_gatherings": lambda s, a, t: followup.scored_gatherings(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "group_split": lambda s, a, t: sectors.group_split(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"]),
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
    "save_project": lambda s, a, t: team.save_project(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"],
        texts={"project_goal": "x"}, base_version=0),
    # The coordinator's tools (the demo's shared group login is its group's coordinator).
    "add_member": lambda s, a, t: groups.add_member(
        session=s, actor=a, programme_id=t["pid"], number="1804",
        member=groups.MemberInput("Ny", "Lærer")),
    "update_member": lambda s, a, t: team.update_member(
        session=s, actor=a, member_id=t["member"], group_role="x", sector=""),
    "set_coordinator": lambda s, a, t: team.set_coordinator(
        session=s, actor=a, member_id=t["member"]),
    "remove_member": lambda s, a, t: groups.deactivate_member(
        session=s, actor=a, member_id=t["member"]),
    "set_focus": lambda s, a, t: groups.set_focus_area(
        session=s, actor=a, programme_id=t["pid"], number="1804", focus_text="Eget"),
    "add_anchoring": lambda s, a, t: anchoring.add_entry(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"],
        data=anchoring.AnchoringInput(kind="budsjett", title="x")),
    "update_anchoring": lambda s, a, t: anchoring.update_entry(
        session=s, actor=a, entry_id=t["entry"], base_version=1,
        data=anchoring.AnchoringInput(kind="budsjett", title="Friplasser i økonomiplanen")),
    "delete_anchoring": lambda s, a, t: anchoring.delete_entry(
        session=s, actor=a, entry_id=t["entry"]),
    "share_action": lambda s, a, t: library.set_shared(
        session=s, actor=a, kind="action", item_id=t["action"], shared=True),
    "invite_member": lambda s, a, t: invitations.invite(
        session=s, actor=a, email="ny@bodo.kommune.no", role=Role.GROUP,
        programme_id=t["pid"], municipality_id=t["m"]),
}


@pytest.mark.parametrize("name", list(READS))
@pytest.mark.parametrize("who", ["kommune-3203", "kommuneleder-3203"])
def test_another_group_cannot_read(demo, t, name, who):
    with pytest.raises(PermissionDenied):
        READS[name](demo, actor_of(demo, who), t)


@pytest.mark.parametrize("name", [n for n in READS if n not in ("answer_progress",
                                                                 "municipality_gaps")])
def test_the_municipalitys_own_leadership_reads_it(demo, t, name):
    assert_reads_all(demo, t, name, "kommuneleder-1804")


@pytest.mark.parametrize("name", list(WRITES))
def test_the_municipalitys_own_leadership_writes_nothing(demo, t, name):
    with pytest.raises(PermissionDenied):
        WRITES[name](demo, actor_of(demo, "kommuneleder-1804"), t)


@pytest.mark.parametrize("name", list(WRITES))
@pytest.mark.parametrize("who", ["kommune-3203", "leder"])
def test_another_group_and_a_leader_cannot_write(demo, t, name, who):
    with pytest.raises(PermissionDenied):
        WRITES[name](demo, actor_of(demo, who), t)


CROSS_MUNICIPALITY = {"answer_progress", "municipality_gaps"}


# What a read says about the reader rather than the municipality (may this person manage the
# member list?), set aside when a permitted read is compared with an admin's.
ABOUT_THE_READER = {"team_view": lambda v: dataclasses.replace(v, can_manage=None)}


def assert_reads_all(demo, t, name: str, who: str) -> None:
    """A permitted read returns what an admin sees, not a silently filtered or empty copy."""
    plain = ABOUT_THE_READER.get(name, lambda v: v)
    mine = READS[name](demo, actor_of(demo, who), t)
    assert mine is not None
    assert plain(mine) == plain(READS[name](demo, actor_of(demo, "admin"), t))


def assert_writes(demo, t, name: str, actor) -> None:
    """A permitted write is stored: the data counter every cached read keys on moves."""
    before = versions.current(demo)
    WRITES[name](demo, actor, t)
    demo.flush()
    assert versions.current(demo) > before


@pytest.mark.parametrize("name", [n for n in READS if n not in CROSS_MUNICIPALITY])
def test_the_group_itself_can_read(demo, t, name):
    assert_reads_all(demo, t, name, "kommune-1804")


@pytest.mark.parametrize("name", [n for n in READS if n != "answer_progress"])
def test_leaders_read_every_municipality(demo, t, name):
    assert_reads_all(demo, t, name, "leder")


@pytest.mark.parametrize("name", list(WRITES))
def test_the_group_itself_can_write(demo, t, name):
    assert_writes(demo, t, name, actor_of(demo, "kommune-1804"))


# --- Participants joined by code, and projector view links --------------------------------------


def _participant(demo, t, number: str):
    """Someone who joined the active gathering by code for one municipality."""
    staff = actor_of(demo, "fasilitator")
    joining.set_code_joining(session=demo, actor=staff, gathering_id=t["g"], enabled=True)
    code = demo.get(Gathering, t["g"]).join_code
    key = joining.join(session=demo, code=code, municipality_id=municipality_id(demo, number))
    return identity.participant_actor(demo, key)


def _viewer(demo, t):
    token = live.new_view_token(session=demo, actor=actor_of(demo, "fasilitator"),
                                gathering_id=t["g"])
    return identity.viewer_actor(demo, token)


@pytest.mark.parametrize("name", list(READS))
def test_a_participant_of_another_municipality_and_a_view_link_read_nothing(demo, t, name):
    for actor in (_participant(demo, t, "3203"), _viewer(demo, t)):
        with pytest.raises(PermissionDenied):
            READS[name](demo, actor, t)


@pytest.mark.parametrize("name", list(WRITES))
def test_a_participant_of_another_municipality_and_a_view_link_write_nothing(demo, t, name):
    for actor in (_participant(demo, t, "3203"), _viewer(demo, t)):
        with pytest.raises(PermissionDenied):
            WRITES[name](demo, actor, t)


# What names this gathering is open to the municipality's own participant; the rest of the
# group's work (other gatherings, members, the plan, the log) is not.
IN_GATHERING_READS = {"answers", "score_sheet", "radar_data", "group_split"}
IN_GATHERING_WRITES = {"save_answer", "save_score", "clear_agreed"}


@pytest.mark.parametrize("name", list(READS))
def test_a_participant_reads_only_its_own_gathering(demo, t, name):
    actor = _participant(demo, t, "1804")
    if name in IN_GATHERING_READS:
        mine, full = READS[name](demo, actor, t), READS[name](demo, actor_of(demo, "admin"), t)
        if name == "radar_data":  # this gathering's gaps; an earlier gathering is not its own
            assert mine.gaps == full.gaps and mine.previous_title is None
        else:
            assert mine == full
    else:
        with pytest.raises(PermissionDenied):
            READS[name](demo, actor, t)


@pytest.mark.parametrize("name", list(WRITES))
def test_a_participant_writes_only_into_its_own_gathering(demo, t, name):
    actor = _participant(demo, t, "1804")
    if name in IN_GATHERING_WRITES:
        assert_writes(demo, t, name, actor)
    else:  # incl. scoring as a member, and actions not made in this gathering
        with pytest.raises(PermissionDenied):
            WRITES[name](demo, actor, t)


def test_a_participant_scores_as_itself(demo, t):
    actor = _participant(demo, t, "1804")
    workspace.save_score(session=demo, actor=actor, gathering_id=t["g"], municipality_id=t["m"],
                         value_area_id=t["area"], kind=ScoreKind.CURRENT, value=2,
                         guest_key=f"p{actor.participant_id}")
    with pytest.raises(PermissionDenied):
        workspace.save_score(session=demo, actor=actor, gathering_id=t["g"],
                             municipality_id=t["m"], value_area_id=t["area"],
                             kind=ScoreKind.CURRENT, value=2, guest_key="someone-else")


# Service functions that take an actor and name one municipality's work, but are tested for
# isolation elsewhere (or are the checks themselves). Every other one must be in the matrix.
CHECKS = "the checks themselves: test_permissions_and_overview.py"
ELSEWHERE = {
    "kultur3.permissions.can_read_municipality": CHECKS,
    "kultur3.permissions.can_write_municipality": CHECKS,
    "kultur3.permissions.check_read": CHECKS,
    "kultur3.permissions.check_write": CHECKS,
    "kultur3.team.is_coordinator": "a predicate: test_team.py",
    "kultur3.team.check_manage_members": "a check: test_team.py",
    "kultur3.live.console.set_spotlight": "staff only, per gathering: test_live.py",
    "kultur3.live.moderation.hide_answer": "staff only, per gathering: test_live.py",
    "kultur3.live.moderation.restore_answer": "staff only, per gathering: test_live.py",
    "kultur3.spotlight.set_answer_spotlight": "staff only, per gathering: test_joining.py",
    "kultur3.live.voting.vote_targets": "dot-voting, per gathering and voter: test_live.py",
    "kultur3.live.voting.my_dots": "dot-voting, per gathering and voter: test_live.py",
    "kultur3.live.voting.add_dot": "dot-voting, per gathering and voter: test_live.py",
    "kultur3.live.voting.remove_dot": "dot-voting, per gathering and voter: test_live.py",
    "kultur3.groups.add_municipality": "admin and facilitators enrol: test_programmes.py",
    "kultur3.groups.import_members_csv": "staff import: test_groups.py",
    "kultur3.invitations.pending": "who may invite whom: test_invitations.py",
    "kultur3.anchoring.review": "the municipality's own leadership: test_anchoring.py",
    "kultur3.library.partners_for": "shared work, by design: test_library.py",
    "kultur3.dashboard.municipality_report_data": "leaders' report: test_dashboard.py",
}
SCOPED_BY = ("municipality_id", "member_id", "action_id", "entry_id", "answer_id", "item_id",
             "number")


def test_every_municipality_scoped_service_is_in_the_isolation_matrix():
    import importlib
    import inspect
    import pkgutil
    import re

    import kultur3
    called = set()
    for table in (READS, WRITES):
        for fn in table.values():
            called |= {f"{m}.{f}" for m, f in re.findall(r"(\w+)\.(\w+)\(",
                                                         inspect.getsource(fn))}
    missing = []
    for info in pkgutil.walk_packages(kultur3.__path__, "kultur3."):
        if ".ui" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != info.name:
                continue
            params = inspect.signature(fn).parameters
            if "actor" not in params or not any(p in params for p in SCOPED_BY):
                continue
            qualified = f"{info.name}.{name}"
            short = f"{info.name.rsplit('.', 1)[-1]}.{name}"
            if short not in called and qualified not in ELSEWHERE:
                missing.append(qualified)
    assert missing == []
