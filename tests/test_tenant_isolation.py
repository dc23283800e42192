"""Every service that reads or writes a municipality's work refuses other tenants.

A group user (Asker) tries Bodø's data through each function; a leader tries every write; a
facilitator and a leader of another programme (which Bodø also takes part in) try everything.
"""

import dataclasses
from datetime import date

import pytest
from sqlmodel import select

from kultur3 import live
from kultur3.access import accounts, admin, audit, identity, permissions, programme_staff
from kultur3.access.actions import ACTIONS
from kultur3.access.permissions import OPERATOR
from kultur3.core.errors import PermissionDenied
from kultur3.group import (
    action_edit,
    actions,
    anchoring,
    comments,
    followup,
    invitation_list,
    invitations,
    member_import,
    membership,
    preparation,
    survey_answers,
    surveys,
    team,
    workspace,
)
from kultur3.insight import (
    adviser_home,
    answer_search,
    dashboard,
    municipality_work,
    overview,
    phase_screens,
    sectors,
    shared_learning,
    survey_results,
)
from kultur3.live import (
    activities,
    activity_results,
    export,
    joining,
    moderation,
    room,
    room_screens,
    room_vote,
    spotlight,
    state,
    themes,
    voting,
)
from kultur3.models import (
    Action,
    Activity,
    ActivityEntry,
    Answer,
    CommentTarget,
    Gathering,
    GatheringKind,
    GatheringStatus,
    LogKind,
    Member,
    Participation,
    Question,
    Role,
    ScoreKind,
    Survey,
    SurveyAudience,
    SurveyResponse,
)
from kultur3.privacy import notice, personal_data, research_export
from kultur3.programme import (
    advisers,
    catalogue,
    framework_edit,
    gathering_plan,
    gatherings,
    lifecycle,
    register,
    research,
)
from kultur3.store import versions
from tests.conftest import actor_of, municipality_id


@pytest.fixture
def t(demo):
    pid = catalogue.list_programmes(session=demo)[0].id
    bodo = municipality_id(demo, "1804")
    g = demo.exec(select(Gathering).where(Gathering.title == "Fellessamling 3 – digital")).one()
    q = catalogue.questions(session=demo, programme_id=pid)[0]
    area = catalogue.value_areas(session=demo, programme_id=pid)[0]
    member = demo.exec(select(Member).join(Participation).where(
        Participation.municipality_id == bodo)).first()
    action = demo.exec(select(Action).where(Action.municipality_id == bodo)).first()
    entry = anchoring.add_entry(
        session=demo, actor=actor_of(demo, "kommune-1804"), programme_id=pid,
        municipality_id=bodo, data=anchoring.AnchoringInput(kind="budsjett", title="Friplasser"))
    answer = demo.exec(select(Answer).where(Answer.gathering_id == g.id)).first()
    made = [actions.create_action(session=demo, actor=OPERATOR, programme_id=pid,
                                  municipality_id=bodo, title=title, value_area_ids=[area.id])
            for title in ("Først", "Flyttes opp", "Fjernet")]
    actions.delete_action(session=demo, actor=OPERATOR, action_id=made[2])
    g.prep_task = "Les casen"  # a preparation task for the group to tick
    research.set_research_partner(session=demo, actor=OPERATOR, programme_id=pid,
                                  partner="Universitetet", purpose="Følgeforskning")
    room_screens.set_idea_stage(  # «hver for seg først»: each phone's own idea to question 1
        session=demo, actor=OPERATOR, gathering_id=g.id, question_number=q.number, stage="solo")
    g.phase = "scoring"  # the room's scoring phase: the only one the agreed value is set in
    empty = gatherings.create_gathering(  # nothing recorded: it may be deleted
        session=demo, actor=OPERATOR, programme_id=pid, kind=GatheringKind.FELLESSAMLING,
        title="Tom samling", held_on=date(2027, 6, 1))
    comment = comments.add_comment(  # an adviser's, unread by the group
        session=demo, actor=actor_of(demo, "fasilitator"), programme_id=pid, municipality_id=bodo,
        target_kind=CommentTarget.ACTION, target_id=action.id, text="Hvordan går det?")
    survey, empty_survey = (surveys.create_survey(
        session=demo, actor=OPERATOR, programme_id=pid, municipality_id=bodo,
        data=surveys.SurveyInput(title=title, value_area_ids=(area.id,),
                                 audience=SurveyAudience.PUPILS, lang="nb",
                                 opens_on=SURVEY_DAY, closes_on=SURVEY_DAY,
                                 open_question="Hva savner du?"))
        for title in ("Elevundersøkelse", "Tom undersøkelse"))
    token = demo.get(Survey, survey).token
    for i in range(5):  # SURVEY_MIN_RESPONSES: the open answers are there to moderate
        survey_answers.answer_survey(session=demo, token=token, device_token=f"{i:040d}",
                                     client="test", scores={area.id: 3}, open_answer=f"Svar {i}",
                                     today=SURVEY_DAY)
    response = demo.exec(select(SurveyResponse.id).where(
        SurveyResponse.survey_id == survey)).first()
    # The wall's themes of the answer's question, and a vote of the whole room on its answers.
    number = demo.get(Question, answer.question_id).number
    theme, other_theme = (themes.add_theme(session=demo, actor=OPERATOR, gathering_id=g.id,
                                           question_number=number, label=label)
                          for label in ("Samarbeid", "Rom"))
    vote = room_vote.start_room_vote(session=demo, actor=OPERATOR, gathering_id=g.id,
                                     kind="answers", question_number=number)
    target = room_vote.room_ballot(session=demo, actor=OPERATOR, gathering_id=g.id,
                                   municipality_id=bodo).targets[0].target_id
    # The facilitator's activities: one in the library, one on screen and open in the
    # gathering with an entry to moderate, one not yet answered (it may be removed).
    prepared, shown, spare = (Activity(programme_id=pid, gathering_id=gid, kind="open",
                                       prompt=prompt, is_current=current, is_open=current)
                              for gid, prompt, current in ((None, "Tre ord", False),
                                                           (g.id, "Hva tar du med?", True),
                                                           (g.id, "Reserve", False)))
    demo.add_all([prepared, shown, spare])
    demo.flush()
    entry_row = ActivityEntry(activity_id=shown.id, gathering_id=g.id, municipality_id=bodo,
                              voter_key="gfixture", text="Mot")
    demo.add(entry_row)
    demo.flush()
    return dict(pid=pid, m=bodo, g=g.id, q=q.id, area=area.id, member=member.id,
                action=action.id, entry=entry, answer=answer.id, comment=comment,
                movable=made[1], removed=made[2], empty=empty, survey=survey,
                empty_survey=empty_survey, response=response, qn=number, theme=theme,
                other_theme=other_theme, room_vote=vote, room_target=target,
                prepared=prepared.id, activity=shown.id, spare=spare.id,
                activity_entry=entry_row.id)


SURVEY_DAY = date(2026, 5, 4)


READS = {
    "my_activity": lambda s, a, t: activity_results.my_activity(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"]),
    "room_ballot": lambda s, a, t: room_vote.room_ballot(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"]),
    "surveys": lambda s, a, t: surveys.list_surveys(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"], today=SURVEY_DAY),
    "group_home": lambda s, a, t: overview.group_home(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "members": lambda s, a, t: membership.members(
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
    "action_notes": lambda s, a, t: action_edit.action_notes(
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
    "municipality_work": lambda s, a, t: municipality_work.municipality_work(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "scored_gatherings": lambda s, a, t: followup.scored_gatherings(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "group_split": lambda s, a, t: sectors.group_split(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"]),
    "next_gathering": lambda s, a, t: preparation.next_gathering(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "comment_threads": lambda s, a, t: comments.threads(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "comments_unread": lambda s, a, t: comments.unread(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    # Aggregates only; the demo's Bodø has a pupil survey above the threshold.
    "survey_results": lambda s, a, t: survey_results.group_results(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"]),
    "my_idea": lambda s, a, t: room_screens.my_idea(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"], question_id=t["q"]),
    "group_ideas": lambda s, a, t: room_screens.group_ideas(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"], question_id=t["q"]),
}

WRITES = {
    "submit_entry": lambda s, a, t: activities.submit_entry(
        session=s, actor=a, activity_id=t["activity"], municipality_id=t["m"],
        device_key="gtablet", text="Samskaping"),
    "spend_dot": lambda s, a, t: room_vote.spend_dot(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"],
        vote_id=t["room_vote"], target_id=t["room_target"], voter_key=f"m{t['member']}"),
    "take_back_dot": lambda s, a, t: (_spend(s, a, t), room_vote.take_back_dot(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"],
        vote_id=t["room_vote"], target_id=t["room_target"], voter_key=f"m{t['member']}")),
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
    "move_action": lambda s, a, t: action_edit.move_action(
        session=s, actor=a, action_id=t["movable"], up=True),
    "tick_preparation": lambda s, a, t: preparation.tick_preparation(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"],
        gathering_id=t["g"]),
    "add_log": lambda s, a, t: actions.add_log_entry(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"], kind=LogKind.PLAN,
        text="x", happened_on=date(2022, 1, 1)),
    "save_project": lambda s, a, t: team.save_project(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"],
        texts={"project_goal": "x"}, base_version=0),
    # The coordinator's tools (the demo's shared group login is its group's coordinator).
    "create_survey": lambda s, a, t: surveys.create_survey(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"],
        data=surveys.SurveyInput(title="Foresatte", value_area_ids=(t["area"],),
                                 audience=SurveyAudience.PARENTS, lang="nn",
                                 opens_on=SURVEY_DAY, closes_on=SURVEY_DAY)),
    "close_survey": lambda s, a, t: surveys.close_survey(
        session=s, actor=a, survey_id=t["survey"]),
    "delete_survey": lambda s, a, t: surveys.delete_survey(
        session=s, actor=a, survey_id=t["empty_survey"]),
    "hide_survey_answer": lambda s, a, t: survey_answers.set_open_hidden(
        session=s, actor=a, response_id=t["response"], hidden=True),
    "add_member": lambda s, a, t: membership.add_member(
        session=s, actor=a, programme_id=t["pid"], number="1804",
        member=membership.MemberInput("Ny", "Lærer")),
    "update_member": lambda s, a, t: membership.update_member(
        session=s, actor=a, member_id=t["member"], group_role="x", sector=""),
    "set_coordinator": lambda s, a, t: membership.set_coordinator(
        session=s, actor=a, member_id=t["member"]),
    "remove_member": lambda s, a, t: membership.deactivate_member(
        session=s, actor=a, member_id=t["member"]),
    "set_focus": lambda s, a, t: membership.set_focus_area(
        session=s, actor=a, programme_id=t["pid"], number="1804", focus_text="Eget"),
    "add_anchoring": lambda s, a, t: anchoring.add_entry(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"],
        data=anchoring.AnchoringInput(kind="budsjett", title="x")),
    "update_anchoring": lambda s, a, t: anchoring.update_entry(
        session=s, actor=a, entry_id=t["entry"], base_version=1,
        data=anchoring.AnchoringInput(kind="budsjett", title="Friplasser i økonomiplanen")),
    "delete_anchoring": lambda s, a, t: anchoring.delete_entry(
        session=s, actor=a, entry_id=t["entry"]),
    "share_action": lambda s, a, t: shared_learning.set_shared(
        session=s, actor=a, kind="action", item_id=t["action"], shared=True),
    "invite_member": lambda s, a, t: invitations.invite(
        session=s, actor=a, email="ny@bodo.kommune.no", role=Role.GROUP,
        programme_id=t["pid"], municipality_id=t["m"]),
    "add_comment": lambda s, a, t: comments.add_comment(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"],
        target_kind=CommentTarget.ACTION, target_id=t["action"], text="Svar",
        parent_id=t["comment"]),
    # Only a comment's author edits or deletes it: each call writes its own first (the
    # refusals of another author are tests/test_comments.py's).
    "edit_comment": lambda s, a, t: comments.edit_comment(
        session=s, actor=a, comment_id=_own_comment(s, a, t), text="Rettet", base_version=1),
    "delete_comment": lambda s, a, t: comments.delete_comment(
        session=s, actor=a, comment_id=_own_comment(s, a, t)),
    "mark_seen": lambda s, a, t: comments.mark_seen(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"],
        target_kind=CommentTarget.ACTION, up_to=t["comment"]),
    "save_idea": lambda s, a, t: room_screens.save_idea(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"], question_id=t["q"],
        text="Min idé"),
}


def _spend(s, a, t) -> None:
    """A dot to take back (the refusals of another voter's are tests/test_room_vote.py's)."""
    WRITES["spend_dot"](s, a, t)


def _own_comment(s, a, t) -> int:
    return comments.add_comment(session=s, actor=a, programme_id=t["pid"],
                                municipality_id=t["m"], target_kind=CommentTarget.PROJECT,
                                text="Mitt eget")


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
ABOUT_THE_READER = {
    "team_view": lambda v: dataclasses.replace(v, can_manage=None),
    # Unread is the reader's own: their own comments never count (the demo's Bodø has
    # replied to its adviser); the threads with something unread are the same.
    "comments_unread": lambda v: {(i.kind, i.target_id) for i in v.items},
}


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


# --- What each write moves ----------------------------------------------------------------------

# Which counters move (kultur3/store/changed.py) and which names wake live screens, per write
# of the group itself; «{g}», «{pid}» and «{m}» are the fixture's gathering, programme and
# municipality. A write that forgets one leaves a stale page or a projector that never wakes.
DATA = {"data"}
ROOM = {"data", "live:{g}", "wake live:{g}"}  # what the gathering's projector draws
CELLS = {"cells:{pid}:{m}"}  # the leaders' score cells of the municipality
CONSOLE = ROOM | {"phase_version:{g}", "wake phase:{g}"}  # the facilitator's settings
MOVES = {
    "submit_entry": ROOM,
    "save_answer": ROOM, "save_score": ROOM | CELLS, "member_score": ROOM | CELLS,
    "clear_agreed": ROOM | CELLS, "create_action": DATA, "update_action": DATA,
    "delete_action": DATA, "move_action": DATA, "add_log": DATA, "save_project": DATA, "add_member": DATA,
    "update_member": DATA, "set_coordinator": DATA, "remove_member": DATA, "set_focus": DATA,
    "add_anchoring": DATA, "update_anchoring": DATA, "delete_anchoring": DATA,
    "share_action": DATA, "invite_member": DATA, "tick_preparation": DATA,
    "add_comment": DATA, "edit_comment": DATA, "delete_comment": DATA, "mark_seen": DATA,
    "create_survey": DATA, "close_survey": DATA, "delete_survey": DATA,
    "hide_survey_answer": DATA, "spend_dot": ROOM, "take_back_dot": ROOM, "save_idea": ROOM,
}


def moved(session, monkeypatch, call) -> set[str]:
    """What a call moved, seen after its commit: the counters, the gatherings'
    phase_version, and the names the change hub was told («wake <name>»)."""
    from kultur3.models import DataVersion
    from kultur3.store import changes

    def now() -> dict[str, int]:
        counters = dict(session.exec(select(DataVersion.name, DataVersion.value)).all())
        phases = session.exec(select(Gathering.id, Gathering.phase_version)).all()
        return counters | {f"phase_version:{g}": v for g, v in phases}

    session.commit()  # what the fixture wrote is not the call's
    woke: list[str] = []
    monkeypatch.setattr(changes.HUB, "notify", woke.extend)
    before = now()
    call()
    session.commit()
    after = now()
    return {k for k, v in after.items() if v != before.get(k, 0)} | {f"wake {n}" for n in woke}


def _expected(names: set[str], t) -> set[str]:
    return {n.format(**t) for n in names}


def test_every_write_says_what_it_moves():
    assert sorted(MOVES) == sorted(WRITES)


@pytest.mark.parametrize("name", list(WRITES))
def test_a_write_moves_its_counters_and_wakes_its_screens(demo, t, name, monkeypatch):
    actor = actor_of(demo, "kommune-1804")
    got = moved(demo, monkeypatch, lambda: WRITES[name](demo, actor, t))
    assert got == _expected(MOVES[name], t)


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
IN_GATHERING_READS = {"answers", "score_sheet", "radar_data", "group_split", "room_ballot",
                      "my_idea", "group_ideas", "my_activity"}
# The agreed value is the members' (issue 24): a participant scores only as itself (below).
IN_GATHERING_WRITES = {"save_answer", "spend_dot", "take_back_dot", "save_idea", "submit_entry"}


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


# --- Staff of another programme -----------------------------------------------------------------

# What only staff do, over one programme or one of its gatherings: each with who of the demo
# programme's own staff may do it, so a refusal below is the other programme's, not the call's.
STAFF_ONLY = {
    "activity_library": ("fasilitator", lambda s, a, t: activity_results.library(
        session=s, actor=a, programme_id=t["pid"])),
    "gathering_activities": ("fasilitator", lambda s, a, t: activity_results.gathering_activities(
        session=s, actor=a, gathering_id=t["g"])),
    "create_activity": ("fasilitator", lambda s, a, t: activities.create_activity(
        session=s, actor=a, programme_id=t["pid"], kind="words", prompt="Tre ord")),
    "copy_activity": ("fasilitator", lambda s, a, t: activities.copy_activity(
        session=s, actor=a, activity_id=t["prepared"], gathering_id=t["g"])),
    "delete_activity": ("fasilitator", lambda s, a, t: activities.delete_activity(
        session=s, actor=a, activity_id=t["spare"])),
    "show_activity": ("fasilitator", lambda s, a, t: activities.show_activity(
        session=s, actor=a, gathering_id=t["g"], activity_id=t["spare"])),
    "set_activity_open": ("fasilitator", lambda s, a, t: activities.set_activity_open(
        session=s, actor=a, activity_id=t["activity"], is_open=False)),
    "hide_entry": ("fasilitator", lambda s, a, t: activities.hide_entry(
        session=s, actor=a, entry_id=t["activity_entry"], reason="Navn på en elev")),
    "restore_entry": ("fasilitator", lambda s, a, t: activities.restore_entry(
        session=s, actor=a, entry_id=t["activity_entry"])),
    "live_state": ("fasilitator", lambda s, a, t: state.live_state(
        session=s, actor=a, gathering_id=t["g"])),
    "room_view": ("fasilitator", lambda s, a, t: room.room_view(
        session=s, actor=a, gathering_id=t["g"], include_hidden=True)),
    "screen_settings": ("fasilitator", lambda s, a, t: room_screens.screen_settings(
        session=s, actor=a, gathering_id=t["g"])),
    "set_wall_paused": ("fasilitator", lambda s, a, t: room_screens.set_wall_paused(
        session=s, actor=a, gathering_id=t["g"], paused=True)),
    "set_idea_stage": ("fasilitator", lambda s, a, t: room_screens.set_idea_stage(
        session=s, actor=a, gathering_id=t["g"], question_number=2, stage="solo")),
    "set_ideas_shown": ("fasilitator", lambda s, a, t: room_screens.set_ideas_shown(
        session=s, actor=a, gathering_id=t["g"], question_number=1, shown=True)),
    "room_ideas": ("fasilitator", lambda s, a, t: room_screens.room_ideas(
        session=s, actor=a, gathering_id=t["g"], question_number=1)),
    "phase_screen": ("fasilitator", lambda s, a, t: phase_screens.phase_screen(
        session=s, actor=a, gathering_id=t["g"])),
    "export_frames": ("fasilitator", lambda s, a, t: export.export_frames(
        session=s, actor=a, gathering_id=t["g"])),
    "hide_answer": ("fasilitator", lambda s, a, t: moderation.hide_answer(
        session=s, actor=a, answer_id=t["answer"], reason="Navn på en elev")),
    "restore_answer": ("fasilitator", lambda s, a, t: moderation.restore_answer(
        session=s, actor=a, answer_id=t["answer"])),
    "set_status": ("fasilitator", lambda s, a, t: gatherings.set_status(
        session=s, actor=a, gathering_id=t["g"], status=GatheringStatus.ACTIVE)),
    "create_gathering": ("fasilitator", lambda s, a, t: gatherings.create_gathering(
        session=s, actor=a, programme_id=t["pid"], kind=GatheringKind.FELLESSAMLING,
        title="Fellessamling 3", held_on=date(2027, 3, 1))),
    "update_gathering": ("fasilitator", lambda s, a, t: gatherings.update_gathering(
        session=s, actor=a, gathering_id=t["g"], base_version=1, title="Flyttet",
        kind=GatheringKind.FELLESSAMLING, held_on=date(2027, 3, 8))),
    "cancel_gathering": ("fasilitator", lambda s, a, t: gatherings.cancel_gathering(
        session=s, actor=a, gathering_id=t["g"])),
    "delete_gathering": ("fasilitator", lambda s, a, t: gatherings.delete_gathering(
        session=s, actor=a, gathering_id=t["empty"])),
    "create_many": ("fasilitator", lambda s, a, t: gathering_plan.create_for_every_municipality(
        session=s, actor=a, programme_id=t["pid"], kind=GatheringKind.LOKAL_SAMLING,
        first=date(2027, 9, 1), last=date(2027, 12, 1), title_pattern="Lokal – {kommune}")),
    "planned": ("leder", lambda s, a, t: gatherings.planned(
        session=s, actor=a, programme_id=t["pid"])),
    "set_phase": ("fasilitator", lambda s, a, t: live.set_phase(
        session=s, actor=a, gathering_id=t["g"], phase="q1")),
    "set_agenda": ("fasilitator", lambda s, a, t: live.set_agenda(
        session=s, actor=a, gathering_id=t["g"], agenda=["welcome", "q1", "summary"])),
    "set_input_open": ("fasilitator", lambda s, a, t: live.set_input_open(
        session=s, actor=a, gathering_id=t["g"], phase="q1", is_open=False)),
    "set_revealed": ("fasilitator", lambda s, a, t: live.set_revealed(
        session=s, actor=a, gathering_id=t["g"], phase="q1", revealed=True)),
    "set_anonymous": ("fasilitator", lambda s, a, t: live.set_anonymous(
        session=s, actor=a, gathering_id=t["g"], anonymous=True)),
    "set_room_scores_counted": ("fasilitator", lambda s, a, t: live.set_room_scores_counted(
        session=s, actor=a, gathering_id=t["g"], counted=True)),
    "set_spotlight": ("fasilitator", lambda s, a, t: live.set_spotlight(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"])),
    "set_dots": ("fasilitator", lambda s, a, t: live.set_dots(
        session=s, actor=a, gathering_id=t["g"], dots=3)),
    "set_municipalities": ("fasilitator", lambda s, a, t: live.set_municipalities(
        session=s, actor=a, gathering_id=t["g"], municipality_ids=[t["m"]])),
    "new_view_token": ("fasilitator", lambda s, a, t: live.new_view_token(
        session=s, actor=a, gathering_id=t["g"])),
    "timer": ("fasilitator", lambda s, a, t: live.timer(
        session=s, actor=a, gathering_id=t["g"], op="start", seconds=60)),
    "set_code_joining": ("fasilitator", lambda s, a, t: joining.set_code_joining(
        session=s, actor=a, gathering_id=t["g"], enabled=True)),
    "set_room_code_open": ("fasilitator", lambda s, a, t: joining.set_room_code_open(
        session=s, actor=a, gathering_id=t["g"], enabled=False)),
    "new_join_code": ("fasilitator", lambda s, a, t: joining.new_join_code(
        session=s, actor=a, gathering_id=t["g"])),
    "ensure_join_code": ("fasilitator", lambda s, a, t: joining.ensure_join_code(
        session=s, actor=a, gathering_id=t["g"])),
    "table_cards": ("fasilitator", lambda s, a, t: joining.table_cards(
        session=s, actor=a, gathering_id=t["g"])),
    "theme_board": ("fasilitator", lambda s, a, t: themes.theme_board(
        session=s, actor=a, gathering_id=t["g"], question_number=t["qn"], include_hidden=True)),
    "suggest_themes": ("fasilitator", lambda s, a, t: themes.suggest_themes(
        session=s, actor=a, gathering_id=t["g"], question_number=t["qn"])),
    "add_theme": ("fasilitator", lambda s, a, t: themes.add_theme(
        session=s, actor=a, gathering_id=t["g"], question_number=t["qn"], label="Nytt")),
    "rename_theme": ("fasilitator", lambda s, a, t: themes.rename_theme(
        session=s, actor=a, theme_id=t["theme"], label="Nytt navn")),
    "merge_themes": ("fasilitator", lambda s, a, t: themes.merge_themes(
        session=s, actor=a, theme_id=t["theme"], into_theme_id=t["other_theme"])),
    "delete_theme": ("fasilitator", lambda s, a, t: themes.delete_theme(
        session=s, actor=a, theme_id=t["theme"])),
    "move_answer": ("fasilitator", lambda s, a, t: themes.move_answer(
        session=s, actor=a, answer_id=t["answer"], theme_id=t["theme"])),
    "show_themes": ("fasilitator", lambda s, a, t: themes.show_themes(
        session=s, actor=a, gathering_id=t["g"], question_number=t["qn"], shown=True)),
    "start_room_vote": ("fasilitator", lambda s, a, t: room_vote.start_room_vote(
        session=s, actor=a, gathering_id=t["g"], kind="answers", question_number=t["qn"])),
    "set_room_vote": ("fasilitator", lambda s, a, t: room_vote.set_room_vote(
        session=s, actor=a, gathering_id=t["g"], is_open=False, on_screen=False)),
    "room_ranking": ("fasilitator", lambda s, a, t: room_vote.room_ranking(
        session=s, actor=a, gathering_id=t["g"])),
    "answer_spotlight": ("fasilitator", lambda s, a, t: spotlight.set_answer_spotlight(
        session=s, actor=a, gathering_id=t["g"], answer_id=None)),
    "vote_targets": ("fasilitator", lambda s, a, t: voting.vote_targets(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"])),
    "my_dots": ("fasilitator", lambda s, a, t: voting.my_dots(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"],
        voter_key=f"m{t['member']}")),
    "add_dot": ("fasilitator", lambda s, a, t: voting.add_dot(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"],
        voter_key=f"m{t['member']}", kind="area", target_id=t["area"])),
    "remove_dot": ("fasilitator", lambda s, a, t: voting.remove_dot(
        session=s, actor=a, gathering_id=t["g"], municipality_id=t["m"],
        voter_key=f"m{t['member']}", kind="area", target_id=t["area"])),
    "add_municipality": ("fasilitator", lambda s, a, t: membership.add_municipality(
        session=s, actor=a, programme_id=t["pid"], number="0301")),
    "enrol": ("fasilitator", lambda s, a, t: lifecycle.enrol(
        session=s, actor=a, programme_id=t["pid"], numbers=["4601"])),
    "import_members": ("fasilitator", lambda s, a, t: member_import.import_members_csv(
        session=s, actor=a, programme_id=t["pid"], number="1804",
        content="navn;rolle;sektor;epost;koordinator\nKari;Lærer;;;\n".encode())),
    "pending": ("fasilitator", lambda s, a, t: invitation_list.pending(
        session=s, actor=a, programme_id=t["pid"])),
    "removed_actions": ("fasilitator", lambda s, a, t: action_edit.removed_actions(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"])),
    "restore_action": ("fasilitator", lambda s, a, t: action_edit.restore_action(
        session=s, actor=a, action_id=t["removed"])),
    # Advisers: the programme's facilitators split the municipalities; each reads their own
    # «Mine kommuner»; an admin reads anyone's.
    "assign_adviser": ("fasilitator", lambda s, a, t: advisers.assign(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"],
        user_id=actor_of(s, "fasilitator").user_id)),
    "unassign_adviser": ("fasilitator", lambda s, a, t: advisers.unassign(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"],
        user_id=actor_of(s, "fasilitator").user_id)),
    "set_advisers": ("fasilitator", lambda s, a, t: advisers.set_advisers(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"],
        user_ids=[actor_of(s, "fasilitator").user_id])),
    "adviser_plan": ("fasilitator", lambda s, a, t: advisers.adviser_plan(
        session=s, actor=a, programme_id=t["pid"])),
    "municipalities_of": ("fasilitator", lambda s, a, t: advisers.municipalities_of(
        session=s, actor=a, programme_id=t["pid"], user_id=a.user_id)),
    "adviser_home": ("fasilitator", lambda s, a, t: adviser_home.adviser_home(
        session=s, actor=a, programme_id=t["pid"], today=date(2026, 12, 1))),
    "another_advisers_home": ("admin", lambda s, a, t: adviser_home.adviser_home(
        session=s, actor=a, programme_id=t["pid"], today=date(2026, 12, 1),
        adviser_id=actor_of(s, "leder").user_id)),  # someone else's list, for every actor
    "review": ("admin", lambda s, a, t: anchoring.review(
        session=s, actor=a, entry_id=t["entry"], comment="Bra", approve=True)),
    "report_data": ("leder", lambda s, a, t: dashboard.municipality_report_data(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"])),
    "dashboard": ("leder", lambda s, a, t: dashboard.view(
        session=s, actor=a, programme_id=t["pid"])),
    "gap_frame": ("leder", lambda s, a, t: dashboard.gap_frame(
        session=s, actor=a, programme_id=t["pid"])),
    "action_stats": ("leder", lambda s, a, t: dashboard.action_stats(
        session=s, actor=a, programme_id=t["pid"], frame=dashboard.gap_frame(
            session=s, actor=actor_of(s, "admin"), programme_id=t["pid"]))),
    "search_answers": ("leder", lambda s, a, t: answer_search.search_answers(
        session=s, actor=a, programme_id=t["pid"], search=answer_search.Search(query="musikk"))),
    "programme_split": ("leder", lambda s, a, t: sectors.programme_split(
        session=s, actor=a, programme_id=t["pid"])),
    "survey_overview": ("leder", lambda s, a, t: survey_results.programme_results(
        session=s, actor=a, programme_id=t["pid"])),
    "anchoring_counts": ("leder", lambda s, a, t: anchoring.programme_counts(
        session=s, actor=a, programme_id=t["pid"])),
    "library": ("leder", lambda s, a, t: shared_learning.library(
        session=s, actor=a, programme_id=t["pid"])),
    "partners_for": ("leder", lambda s, a, t: shared_learning.partners_for(
        session=s, actor=a, programme_id=t["pid"], municipality_id=t["m"])),
    # The admin's tools, over the programme or the whole site: one call per named action.
    "update_programme": ("admin", lambda s, a, t: lifecycle.update_programme(
        session=s, actor=a, programme_id=t["pid"],
        data=lifecycle.ProgrammeInput(name="Kulturskole 3.0 – nytt navn"))),
    "programme_staff": ("admin", lambda s, a, t: programme_staff.programme_staff(
        session=s, actor=a, programme_id=t["pid"])),
    "rename_value_area": ("admin", lambda s, a, t: framework_edit.rename_value_area(
        session=s, actor=a, area_id=t["area"], names={"nb": "Nytt navn"})),
    "create_programme": ("admin", lambda s, a, t: lifecycle.create_programme(
        session=s, actor=a, data=lifecycle.ProgrammeInput(name="Nytt program"))),
    "admin_summary": ("admin", lambda s, a, t: admin.admin_summary(session=s, actor=a)),
    "list_events": ("admin", lambda s, a, t: audit.list_events(session=s, actor=a)),
    "register_load": ("admin", lambda s, a, t: register.load(
        session=s, actor=a, content=b"navn\nx\n")),
    "find_people": ("admin", lambda s, a, t: personal_data.find_people(
        session=s, actor=a, query="Kari")),
    "delete_person": ("admin", lambda s, a, t: personal_data.delete_person(
        session=s, actor=a, kind=personal_data.MEMBER, person_id=t["member"])),
    "set_controller": ("admin", lambda s, a, t: notice.set_controller(
        session=s, actor=a, value="Kulturrådet, post@kulturradet.no")),
    "research_export": ("admin", lambda s, a, t: research_export.research_export(
        session=s, actor=a, programme_id=t["pid"])),
}


@pytest.fixture
def other_staff(demo):
    """A facilitator and a leader who take part only in another programme, one Bodø and Asker
    are enrolled in too: working with Bodø there opens nothing of Bodø's work here."""
    other = lifecycle.create_programme(
        session=demo, actor=OPERATOR, data=lifecycle.ProgrammeInput(name="Vestland 2027"))
    lifecycle.enrol(session=demo, actor=OPERATOR, programme_id=other.id,
                          numbers=["1804", "3203"])
    staff = []
    for username, role in (("fasilitator-vestland", Role.FACILITATOR),
                           ("leder-vestland", Role.LEADER),
                           ("forsker-vestland", Role.RESEARCHER)):
        user = accounts.create_user(session=demo, actor=OPERATOR, username=username, password_hash="-",
                                    role=role)
        lifecycle.grant_access(session=demo, actor=OPERATOR, programme_id=other.id,
                                     user_id=user.id)
        staff.append(actor_of(demo, username))
    demo.flush()
    return staff


def _refused(call) -> None:
    """The call raises PermissionDenied and leaves nothing behind (the caller rolls back)."""
    with pytest.raises(PermissionDenied):
        call()


@pytest.mark.parametrize("name", [*READS, *WRITES, *STAFF_ONLY])
def test_staff_of_another_programme_read_and_write_nothing(demo, t, other_staff, name):
    call = {**READS, **WRITES, **{k: fn for k, (_, fn) in STAFF_ONLY.items()}}[name]
    for actor in other_staff:
        before = versions.current(demo)
        _refused(lambda actor=actor: call(demo, actor, t))
        assert versions.current(demo) == before


# What each staff call moves, as MOVES above (a read moves nothing).
STAFF_MOVES = {
    "create_activity": DATA, "copy_activity": CONSOLE, "delete_activity": CONSOLE,
    "show_activity": CONSOLE, "set_activity_open": CONSOLE, "hide_entry": ROOM,
    "restore_entry": ROOM,
    "hide_answer": ROOM, "restore_answer": ROOM, "set_status": DATA, "create_gathering": DATA,
    "update_gathering": DATA, "cancel_gathering": DATA, "delete_gathering": DATA,
    "create_many": DATA,
    "set_phase": CONSOLE, "set_agenda": CONSOLE, "set_input_open": CONSOLE,
    "set_revealed": CONSOLE, "set_anonymous": CONSOLE, "set_spotlight": CONSOLE,
    "set_room_scores_counted": CONSOLE,
    "set_dots": CONSOLE, "set_municipalities": CONSOLE, "new_view_token": CONSOLE,
    "timer": CONSOLE, "set_code_joining": CONSOLE, "set_room_code_open": CONSOLE,
    "new_join_code": CONSOLE, "ensure_join_code": CONSOLE, "table_cards": CONSOLE,
    "answer_spotlight": CONSOLE, "set_wall_paused": ROOM, "set_idea_stage": CONSOLE,
    "set_ideas_shown": CONSOLE, "add_dot": ROOM, "add_municipality": DATA, "enrol": DATA,
    "import_members": DATA, "restore_action": DATA, "assign_adviser": DATA,
    "set_advisers": DATA, "review": DATA, "update_programme": DATA,
    "rename_value_area": DATA, "create_programme": DATA, "set_controller": DATA,
    "delete_person": DATA | CELLS,  # a member without an account: their scores leave cells
    "suggest_themes": ROOM, "add_theme": ROOM, "rename_theme": ROOM, "merge_themes": ROOM,
    "delete_theme": ROOM, "move_answer": ROOM, "show_themes": ROOM,
    "start_room_vote": CONSOLE, "set_room_vote": CONSOLE,
}


@pytest.mark.parametrize("name", list(STAFF_ONLY))
def test_a_staff_call_moves_its_counters_and_wakes_its_screens(demo, t, name, monkeypatch):
    who, call = STAFF_ONLY[name]
    if name in ("add_dot", "remove_dot"):
        live.set_phase(session=demo, actor=actor_of(demo, "admin"), gathering_id=t["g"],
                       phase="prioritising")
    if name == "remove_dot":  # a dot to take back
        STAFF_ONLY["add_dot"][1](demo, actor_of(demo, who), t)
    got = moved(demo, monkeypatch, lambda: call(demo, actor_of(demo, who), t))
    assert got == _expected(STAFF_MOVES.get(name, ROOM if name == "remove_dot" else set()), t)


@pytest.mark.parametrize("name", list(STAFF_ONLY))
def test_the_programmes_own_staff_may(demo, t, name):
    """The other side of the column above: the same call by this programme's staff passes."""
    who, call = STAFF_ONLY[name]
    if name == "add_dot":
        live.set_phase(session=demo, actor=actor_of(demo, "admin"), gathering_id=t["g"],
                       phase="prioritising")
    call(demo, actor_of(demo, who), t)


def test_a_municipality_not_enrolled_in_the_programme_is_refused(demo, t, other_staff):
    """Oslo takes part in no programme: a log entry for it in the demo programme was stored
    before (add_log_entry checked nothing but the role)."""
    oslo = municipality_id(demo, "0301")
    for who in ("admin", "fasilitator"):
        with pytest.raises(PermissionDenied):
            actions.add_log_entry(session=demo, actor=actor_of(demo, who), programme_id=t["pid"],
                                  municipality_id=oslo, kind=LogKind.PLAN, text="x",
                                  happened_on=date(2026, 1, 1))


def test_a_gathering_of_another_programme_does_not_open_this_one(demo, t, other_staff):
    """Naming a programme and a gathering that belong to different programmes is refused."""
    other = catalogue.list_programmes(session=demo)[0].id
    assert other != t["pid"]
    with pytest.raises(PermissionDenied):
        actions.list_actions(session=demo, actor=actor_of(demo, "admin"), programme_id=other,
                             municipality_id=t["m"], gathering_id=t["g"])


def test_a_composed_read_checks_the_programme_once_and_a_revocation_counts_at_once(demo, t):
    """The municipality's work page composes seven checked services: one permission query.
    Taking the facilitator's access away refuses the next read in the same session."""
    from sqlalchemy import delete, event

    from kultur3.models import ProgrammeAccess
    facilitator = actor_of(demo, "fasilitator")
    seen = []

    def count(_conn, _cursor, statement, *_):
        seen.append(statement.lower().count("programmeaccess"))
    engine = demo.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        municipality_work.municipality_work(session=demo, actor=facilitator, programme_id=t["pid"],
                               municipality_id=t["m"])
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert sum(1 for n in seen if n) == 1
    demo.exec(delete(ProgrammeAccess).where(ProgrammeAccess.user_id == facilitator.user_id))
    with pytest.raises(PermissionDenied):
        municipality_work.municipality_work(session=demo, actor=facilitator, programme_id=t["pid"],
                               municipality_id=t["m"])


# --- Completeness ------------------------------------------------------------------------------

# Public functions that take an actor and are not in a table above, with why. Every other one
# must be: a new service that takes an actor fails the test below until it is in the matrix.
ADMIN_ONLY = "admin only: its named action is exercised by another call of STAFF_ONLY"
CHECK = "a check or predicate itself, exercised through the services that call it"
NOT_SCOPED = {
    # The draft receipts (issue 25 §1): called by save_answer and update_action after their
    # own checks; the actor only names whose key it is (sha256(person:key)).
    "kultur3.store.drafts.own_base": "a receipt lookup inside a checked save",
    "kultur3.store.drafts.keep": "a receipt written inside a checked save",
    "kultur3.store.drafts.owner": "names whose drafts; checks nothing, reads nothing",
    # The checks themselves: every console write and moderation starts with them.
    "kultur3.live.console.staff_gathering": "the console's own check (live.run, the programme)",
    "kultur3.live.moderation.staff_row": "moderation's own check (live.moderate, the programme)",
    "kultur3.access.accounts.create_user": ADMIN_ONLY,
    "kultur3.access.accounts.set_active": ADMIN_ONLY,
    "kultur3.access.accounts.change_role": ADMIN_ONLY,
    "kultur3.access.accounts.reset_password": ADMIN_ONLY,
    "kultur3.access.accounts.change_password": "the acting user's own password",
    "kultur3.outreach.preferences.preferences": "the acting user's own reminder choices "
                                                "(tests/test_reminders.py: no account, none)",
    "kultur3.outreach.preferences.set_preferences": "the acting user's own reminder choices",
    "kultur3.access.calendar_links.link_state": "the acting user's own calendar link",
    "kultur3.access.calendar_links.make_link": "the acting user's own calendar link",
    "kultur3.access.calendar_links.revoke_link": "the acting user's own calendar link",
    "kultur3.access.audit.record": "writes the acting user into the audit log",
    "kultur3.programme.framework_edit.set_retired": ADMIN_ONLY,
    "kultur3.programme.framework_edit.move_value_area": ADMIN_ONLY,
    "kultur3.programme.framework_edit.add_value_area": ADMIN_ONLY,
    "kultur3.programme.framework_edit.reword_question": ADMIN_ONLY,
    "kultur3.programme.framework_edit.set_area_texts": ADMIN_ONLY,
    "kultur3.programme.lifecycle.set_status": ADMIN_ONLY,
    "kultur3.programme.lifecycle.grant_access": ADMIN_ONLY,
    "kultur3.access.programme_staff.staff_without_access": ADMIN_ONLY,
    "kultur3.access.programme_staff.revoke_access": ADMIN_ONLY,
    "kultur3.group.invitations.accept_logged_in": "the acting user's own account, named by the link",
    "kultur3.privacy.personal_data.export_person": ADMIN_ONLY,
    "kultur3.privacy.research_export.research_zip": "research_export in a zip: the same "
                                                    "check, exercised by research_export",
    "kultur3.programme.research.research_settings": ADMIN_ONLY,
    "kultur3.programme.research.set_research_partner": ADMIN_ONLY,
    "kultur3.programme.research.my_consents": "the acting user's own consent "
                                              "(tests/test_research.py)",
    "kultur3.programme.research.set_my_consent": "the acting user's own consent, in a "
                                                 "programme it takes part in",
    "kultur3.access.identity.participant_key": "a participant's own key, from the actor alone",
    "kultur3.live.voting.voter_key_for": "a voter's own key, from the actor alone",
    "kultur3.live.activities.entry_key": "a phone's own key, from the actor alone",
    "kultur3.programme.catalogue.visible_programmes": "lists the actor's own programmes",
    "kultur3.programme.catalogue.check_programme": CHECK,
    "kultur3.access.permissions.can_open": CHECK,
    "kultur3.access.permissions.can_read_municipality": CHECK,
    "kultur3.access.permissions.can_write_municipality": CHECK,
    "kultur3.access.permissions.check_read": CHECK,
    "kultur3.access.permissions.check_write": CHECK,
    "kultur3.access.permissions.allowed": CHECK,
    "kultur3.access.permissions.check": CHECK,
    "kultur3.access.permissions.is_staff": CHECK,
    "kultur3.access.permissions.in_programme": CHECK,
    "kultur3.programme.phases.check_input_open": CHECK,
    "kultur3.programme.phases.input_refusal": CHECK + " (the lock check_input_open raises)",
    "kultur3.live.state.input_locked": CHECK + " (the group screen's copy of the write checks)",
    "kultur3.live.state.check_live_read": CHECK,
    "kultur3.live.state.check_staff_programme": CHECK,
    "kultur3.group.membership.is_coordinator": CHECK,
    "kultur3.group.membership.check_manage_members": CHECK,
    "kultur3.group.scorers.check_scorer": CHECK + " (who may score as whom)",
    "kultur3.group.scorers.agreed_refusal": CHECK + " (the agreed value's rule)",
    "kultur3.group.scorers.is_shared_login": CHECK,
    "kultur3.group.scorers.own_member_id": CHECK + " (the account's own member row)",
    "kultur3.group.scorers.scoring_as": "how the actor itself scores: differs per actor by "
                                        "design; check_read (tests/test_score_trust.py)",
    "kultur3.group.surveys.check_manage": CHECK,
    "kultur3.group.surveys.managed": CHECK + " (the survey, for its managers)",
    # The public token and the open answers are the survey's managers' alone: the coordinator
    # and staff, as the writes above (which ask the same check_manage); leaders and the
    # municipality's leadership read counts only (list_surveys, in READS).
    "kultur3.group.surveys.share_info": "the managers' read: tests/test_surveys.py refuses "
                                        "another group, a member and a leader",
    "kultur3.group.survey_answers.open_answers": "the managers' read: tests/test_surveys.py "
                                                 "refuses another group, a member, a leader",
}


def _called(*tables: dict) -> set[str]:
    """The functions the tables' lambdas call, by the module that defines them (so a name
    re-exported by kultur3.live counts as kultur3.live.console's)."""
    import inspect
    import re
    found = set()
    for table in tables:
        for entry in table.values():
            fn = entry[1] if isinstance(entry, tuple) else entry
            for module, name in re.findall(r"(\w+)\.(\w+)\(", inspect.getsource(fn)):
                target = getattr(fn.__globals__.get(module), name, None)
                if inspect.isfunction(target):
                    found.add(f"{target.__module__}.{target.__qualname__}")
    return found


def _services_taking_an_actor() -> set[str]:
    import importlib
    import inspect
    import pkgutil

    import kultur3
    found = set()
    for info in pkgutil.walk_packages(kultur3.__path__, "kultur3."):
        if ".ui" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if (not name.startswith("_") and inspect.isfunction(fn)
                    and fn.__module__ == info.name
                    and "actor" in inspect.signature(fn).parameters):
                found.add(f"{info.name}.{name}")
    return found


def test_every_service_taking_an_actor_is_in_the_isolation_matrix():
    services = _services_taking_an_actor()
    assert len(services) > 100  # the walk found the package, not an empty list
    covered = _called(READS, WRITES, STAFF_ONLY)
    assert sorted(services - covered - set(NOT_SCOPED)) == []
    # ... and the allow-list names only what exists and is not covered anyway.
    assert sorted(set(NOT_SCOPED) - services) == []
    assert sorted(set(NOT_SCOPED) & covered) == []


# --- The named actions (kultur3/access/actions.py) ---------------------------------------------

ALL_CALLS = {**READS, **WRITES, **{k: fn for k, (_, fn) in STAFF_ONLY.items()}}


def _actions_checked(demo, t, monkeypatch, name: str) -> set[str]:
    """The named actions a call asks about, run as an admin (who passes every one of them, so
    no check is cut short). permissions.check and check_read/check_write reach them through
    permissions.allowed, looked up at call time."""
    asked = []
    real = permissions.allowed

    def recording(actor, action, resource=None):
        asked.append(action)
        return real(actor, action, resource)
    savepoint = demo.begin_nested()  # what the admin did is undone before the refusals
    if name == "add_dot":
        live.set_phase(session=demo, actor=actor_of(demo, "admin"), gathering_id=t["g"],
                       phase="prioritising")
    monkeypatch.setattr(permissions, "allowed", recording)
    try:
        ALL_CALLS[name](demo, actor_of(demo, "admin"), t)
    finally:
        monkeypatch.setattr(permissions, "allowed", real)
        savepoint.rollback()
    return set(asked)


# What each call of the matrix asks, measured once (a module-level cache: the demo is the same
# for every test, and each measuring run is rolled back with its test).
_ASKED: dict[str, set[str]] = {}


@pytest.fixture
def asked(demo, t, monkeypatch):
    def of(name: str) -> set[str]:
        if name not in _ASKED:
            _ASKED[name] = _actions_checked(demo, t, monkeypatch, name)
        return _ASKED[name]
    return of


def test_every_action_is_exercised_by_the_matrix(demo, t, monkeypatch):
    """A new action needs a call in READS, WRITES or STAFF_ONLY that asks for it; a name in
    the table that no service asks for is dead and goes."""
    seen = set()
    for name in ALL_CALLS:
        seen |= _actions_checked(demo, t, monkeypatch, name)
    assert sorted(set(ACTIONS) - seen) == []
    assert sorted(seen - set(ACTIONS)) == []


def _actor_of_role(demo, t, role: Role):
    """The most favoured actor of a role: Bodø's own group and leadership, a participant of
    Bodø in the gathering, a view link of it, and the demo programme's own staff."""
    if role == Role.PARTICIPANT:
        return _participant(demo, t, "1804")
    if role == Role.VIEWER:
        return _viewer(demo, t)
    return actor_of(demo, {Role.ADMIN: "admin", Role.FACILITATOR: "fasilitator",
                           Role.LEADER: "leder", Role.GROUP: "kommune-1804",
                           Role.MUNICIPAL_LEADER: "kommuneleder-1804",
                           Role.RESEARCHER: "forsker"}[role])


@pytest.mark.parametrize("name", list(ALL_CALLS))
def test_every_role_outside_an_action_is_refused(demo, t, asked, name):
    """For every action a call asks, each role the table leaves out is refused, even as the
    municipality's own group or leadership, its participant in the gathering, or the
    programme's own staff."""
    actions = asked(name)
    outside = {role for action in actions for role in Role
               if role not in ACTIONS[action].roles | ACTIONS[action].own}
    for role in sorted(outside):
        actor = _actor_of_role(demo, t, role)
        with pytest.raises(PermissionDenied):
            ALL_CALLS[name](demo, actor, t)
            pytest.fail(f"{name} let a {role} through: {sorted(actions)}")


def test_the_table_names_every_action_once_with_an_admin():
    """An admin (and so the operator at the command line) may do every action; a role in
    `own` is not in `roles` too; action names are «area.verb»."""
    import re
    for action, rule in ACTIONS.items():
        assert re.fullmatch(r"[a-z]+\.[a-z]+", action), action
        assert Role.ADMIN in rule.roles, action
        assert not rule.roles & rule.own, action
        assert permissions.allowed(permissions.OPERATOR, action)
