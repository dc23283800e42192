"""Live gatherings: phases, locks, the timer, reveal and moderation, joining by code, votes."""

from datetime import date
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from kultur3 import live
from kultur3.access import identity
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.group import actions, membership, workspace
from kultur3.live import joining
from kultur3.models import (
    Gathering,
    GatheringKind,
    GatheringStatus,
    Member,
    Participation,
    Phase,
    ScoreKind,
    Vote,
)
from kultur3.programme import catalogue, gatherings, phases
from kultur3.store import versions
from tests.conftest import actor_of, municipality_id

ASKER, BODO = "3203", "1804"


@pytest.fixture
def room(demo):
    """A new joint gathering in the demo programme, and the people in the room."""
    staff = actor_of(demo, "fasilitator")
    pid = catalogue.list_programmes(session=demo)[0].id
    gid = gatherings.create_gathering(session=demo, actor=staff, programme_id=pid,
                                      kind=GatheringKind.FELLESSAMLING, title="Fellessamling 3",
                                      held_on=date(2026, 11, 25))
    demo.commit()
    frame = catalogue.framework_view(session=demo, programme_id=pid)
    return type("Room", (), dict(
        gid=gid, pid=pid, staff=staff, frame=frame,
        asker=actor_of(demo, f"kommune-{ASKER}"), bodo=actor_of(demo, f"kommune-{BODO}"),
        asker_id=municipality_id(demo, ASKER), bodo_id=municipality_id(demo, BODO)))


def answer(demo, actor, room, number, text, municipality=None, area=None):
    return workspace.save_answer(
        session=demo, actor=actor, gathering_id=room.gid,
        municipality_id=municipality or actor.municipality_id,
        question_id=room.frame.question(number).id, value_area_id=area, text=text,
        base_version=0)


# --- Phases and the counters screens poll ------------------------------------------------------


def test_phases_run_in_order_and_stop_at_the_ends():
    assert phases.next_phase("welcome") == Phase.Q1
    assert phases.next_phase("scoring") == Phase.Q4
    assert phases.next_phase("summary") == Phase.SUMMARY
    assert phases.previous_phase("welcome") == Phase.WELCOME
    assert [p.value for p in phases.PHASES] == ["welcome", "q1", "q2", "q3", "scoring", "q4",
                                               "prioritising", "summary"]


def test_a_phase_change_bumps_both_counters_and_starts_the_gathering(demo, room):
    before_phase = live.phase_version(session=demo, gathering_id=room.gid)
    before_live = live.live_version(session=demo, gathering_id=room.gid)
    live.set_phase(session=demo, actor=room.staff, gathering_id=room.gid, phase="q1")
    assert live.phase_version(session=demo, gathering_id=room.gid) == before_phase + 1
    assert live.live_version(session=demo, gathering_id=room.gid) == before_live + 1
    g = demo.get(Gathering, room.gid)
    assert (g.phase, g.status) == ("q1", GatheringStatus.ACTIVE)
    with pytest.raises(InvalidInput):
        live.set_phase(session=demo, actor=room.staff, gathering_id=room.gid, phase="dance")


def test_a_submission_bumps_the_live_counter_but_not_the_phase_version(demo, room):
    phase_v = live.phase_version(session=demo, gathering_id=room.gid)
    live_v = live.live_version(session=demo, gathering_id=room.gid)
    answer(demo, room.asker, room, 1, "Synlig i hele kommunen")
    assert live.live_version(session=demo, gathering_id=room.gid) == live_v + 1
    assert live.phase_version(session=demo, gathering_id=room.gid) == phase_v
    assert versions.current(demo, versions.DATA) > 0


@pytest.mark.parametrize("who", ["kommune-3203", "leder"])
def test_only_staff_run_the_console(demo, room, who):
    actor = actor_of(demo, who)
    for call, kw in [(live.set_phase, {"phase": "q1"}), (live.timer, {"op": "reset"}),
                     (live.set_anonymous, {"anonymous": True}),
                     (joining.set_code_joining, {"enabled": True}),
                     (live.new_view_token, {}), (live.export_frames, {})]:
        with pytest.raises(PermissionDenied):
            call(session=demo, actor=actor, gathering_id=room.gid, **kw)


# --- The timer --------------------------------------------------------------------------------


def test_timer_counts_down_on_the_server_clock():
    g = Gathering(programme_id=1, kind="fellessamling", title="t", held_on=date.today())
    assert phases.timer_state(g, 0).label == ""
    phases.timer_start(g, 300, now=1_000_000)
    assert phases.timer_state(g, 1_000_000).label == "05:00"
    assert phases.timer_state(g, 1_000_001).label == "05:00"  # rounds up: 4:59.999 shows 5:00
    assert phases.timer_state(g, 1_060_000).label == "04:00"
    phases.timer_pause(g, now=1_090_500)
    assert phases.timer_state(g, 9_999_999_999).remaining_s == 210  # frozen while paused
    phases.timer_add(g, 60, now=2_000_000)
    assert phases.timer_state(g, 2_000_000).remaining_s == 270
    phases.timer_resume(g, now=3_000_000)
    phases.timer_add(g, 300, now=3_000_000)
    assert phases.timer_state(g, 3_000_000).label == "09:30"
    assert phases.timer_state(g, 3_570_000 + 1).finished
    phases.timer_add(g, 60, now=4_000_000)  # +1 on a finished timer starts a new minute
    assert phases.timer_state(g, 4_000_000).label == "01:00"
    phases.timer_reset(g)
    assert phases.timer_state(g, 4_000_000).remaining_s is None
    phases.timer_start(g, 2 * 60 * 60, now=0)
    assert phases.timer_state(g, 0).label == "2:00:00"


@pytest.mark.parametrize("seconds", [0, -5, phases.TIMER_MAX_S + 1])
def test_timer_refuses_nonsense_lengths(seconds):
    g = Gathering(programme_id=1, kind="fellessamling", title="t", held_on=date.today())
    with pytest.raises(InvalidInput):
        phases.timer_start(g, seconds, now=0)


def test_console_timer_is_shared_through_the_database(demo, room):
    live.timer(session=demo, actor=room.staff, gathering_id=room.gid, op="start", seconds=120,
               now=10_000)
    state = live.live_state(session=demo, actor=room.asker, gathering_id=room.gid)
    assert state.timer(now=10_000).label == "02:00"
    assert state.timer(now=70_000).label == "01:00"
    live.timer(session=demo, actor=room.staff, gathering_id=room.gid, op="pause", now=70_000)
    live.timer(session=demo, actor=room.staff, gathering_id=room.gid, op="add", seconds=300,
               now=80_000)
    state = live.live_state(session=demo, actor=room.staff, gathering_id=room.gid)
    assert (state.timer_running, state.timer(now=999_999).label) == (False, "06:00")
    with pytest.raises(InvalidInput):
        live.timer(session=demo, actor=room.staff, gathering_id=room.gid, op="explode")


# --- Input locks, reveal, anonymity, spotlight, moderation -------------------------------------


def test_a_locked_phase_refuses_groups_but_not_staff(demo, room):
    live.set_input_open(session=demo, actor=room.staff, gathering_id=room.gid, phase="q1",
                        is_open=False)
    with pytest.raises(InvalidInput) as err:
        answer(demo, room.asker, room, 1, "For sent")
    assert err.value.key == "live.input_locked"
    answer(demo, room.asker, room, 2, "Spørsmål 2 er åpent")
    answer(demo, room.staff, room, 1, "Ført inn av fasilitator", municipality=room.asker_id)
    live.set_input_open(session=demo, actor=room.staff, gathering_id=room.gid, phase="scoring",
                        is_open=False)
    with pytest.raises(InvalidInput):
        workspace.save_score(session=demo, actor=room.asker, gathering_id=room.gid,
                             municipality_id=room.asker_id,
                             value_area_id=room.frame.areas[0].id, kind=ScoreKind.CURRENT,
                             value=3, is_group=True)
    live.set_input_open(session=demo, actor=room.staff, gathering_id=room.gid, phase="q1",
                        is_open=True)
    assert demo.get(Gathering, room.gid).locked_phases == ["scoring"]


def test_answers_reach_the_wall_only_when_revealed_and_not_hidden(demo, room):
    live.set_phase(session=demo, actor=room.staff, gathering_id=room.gid, phase="q1")
    a = answer(demo, room.asker, room, 1, "Kulturskolen er et ressurssenter")
    answer(demo, room.bodo, room, 1, "Alle barn møter kunst")
    viewer_token = live.new_view_token(session=demo, actor=room.staff, gathering_id=room.gid)
    viewer = identity.viewer_actor(demo, viewer_token)
    view = live.room_view(session=demo, actor=viewer, gathering_id=room.gid)
    assert view.wall == [] and sorted(view.answered) == ["Asker", "Bodø"]
    assert view.total == 16 and len(view.waiting) == 14
    live.set_revealed(session=demo, actor=room.staff, gathering_id=room.gid, phase="q1",
                      revealed=True)
    view = live.room_view(session=demo, actor=viewer, gathering_id=room.gid)
    assert [(c.municipality, c.text) for c in view.wall] == [
        ("Asker", "Kulturskolen er et ressurssenter"), ("Bodø", "Alle barn møter kunst")]
    answer_id = next(c.answer_id for c in view.wall if c.municipality == "Asker")
    with pytest.raises(InvalidInput):
        live.hide_answer(session=demo, actor=room.staff, answer_id=answer_id, reason="  ")
    live.hide_answer(session=demo, actor=room.staff, answer_id=answer_id,
                     reason="Personopplysninger")
    view = live.room_view(session=demo, actor=viewer, gathering_id=room.gid)
    assert [c.text for c in view.wall] == ["Alle barn møter kunst"]
    console = live.room_view(session=demo, actor=room.staff, gathering_id=room.gid,
                             include_hidden=True)
    hidden = next(c for c in console.wall if c.hidden)
    assert hidden.hidden_reason == "Personopplysninger"
    # The group still has its own text; only the big screen lost it.
    mine = workspace.answers(session=demo, actor=room.asker, gathering_id=room.gid,
                             municipality_id=room.asker_id)
    assert any(s.text == a.text and s.hidden for s in mine.values())
    live.restore_answer(session=demo, actor=room.staff, answer_id=answer_id)
    assert len(live.room_view(session=demo, actor=viewer, gathering_id=room.gid).wall) == 2
    with pytest.raises(PermissionDenied):
        live.hide_answer(session=demo, actor=room.asker, answer_id=answer_id, reason="x")


def test_anonymous_mode_hides_names_and_refuses_a_spotlight(demo, room):
    live.set_phase(session=demo, actor=room.staff, gathering_id=room.gid, phase="q1")
    live.set_revealed(session=demo, actor=room.staff, gathering_id=room.gid, phase="q1",
                      revealed=True)
    answer(demo, room.asker, room, 1, "Anonymt svar")
    live.set_spotlight(session=demo, actor=room.staff, gathering_id=room.gid,
                       municipality_id=room.asker_id)
    live.set_anonymous(session=demo, actor=room.staff, gathering_id=room.gid, anonymous=True)
    assert demo.get(Gathering, room.gid).spotlight_municipality_id is None
    viewer = identity.viewer_actor(demo, live.new_view_token(session=demo, actor=room.staff,
                                                         gathering_id=room.gid))
    view = live.room_view(session=demo, actor=viewer, gathering_id=room.gid)
    assert [(c.municipality, c.text) for c in view.wall] == [(None, "Anonymt svar")]
    with pytest.raises(InvalidInput):
        live.set_spotlight(session=demo, actor=room.staff, gathering_id=room.gid,
                           municipality_id=room.asker_id)


def _score(demo, room, actor, area, desired, current):
    for kind, value in ((ScoreKind.DESIRED, desired), (ScoreKind.CURRENT, current)):
        workspace.save_score(session=demo, actor=actor, gathering_id=room.gid,
                             municipality_id=actor.municipality_id, value_area_id=area,
                             kind=kind, value=value, is_group=True)


def test_room_radar_is_the_median_with_the_interquartile_band_or_the_spotlight(demo, room):
    area = room.frame.areas[0].id
    others = [actor_of(demo, "kommune-1122"), actor_of(demo, "kommune-4638")]
    for actor, current in zip([room.asker, room.bodo, *others], [1, 2, 3, 5], strict=True):
        _score(demo, room, actor, area, 5, current)
    live.set_phase(session=demo, actor=room.staff, gathering_id=room.gid, phase="scoring")
    view = live.room_view(session=demo, actor=room.staff, gathering_id=room.gid)
    assert view.radar == [] and len(view.answered) == 4  # not revealed yet
    live.set_revealed(session=demo, actor=room.staff, gathering_id=room.gid, phase="scoring",
                      revealed=True)
    view = live.room_view(session=demo, actor=room.staff, gathering_id=room.gid)
    first = view.radar[0]
    assert (first.desired, first.current, first.gap) == (5.0, 2.5, 2.5)
    assert view.band[0] == (1.75, 3.5) and view.radar_groups == 4
    live.set_spotlight(session=demo, actor=room.staff, gathering_id=room.gid,
                       municipality_id=room.bodo_id)
    view = live.room_view(session=demo, actor=room.staff, gathering_id=room.gid)
    assert (view.radar[0].current, view.radar_title) == (2.0, "Bodø")


# --- The municipalities a gathering is run for -------------------------------------------------


def test_a_gathering_for_chosen_municipalities_admits_only_them(demo, room):
    live.set_municipalities(session=demo, actor=room.staff, gathering_id=room.gid,
                            municipality_ids=[room.asker_id])
    answer(demo, room.asker, room, 1, "Vi er med")
    with pytest.raises(NotFound):
        answer(demo, room.bodo, room, 1, "Vi er ikke med")
    bodo_gatherings = catalogue.gatherings_for(session=demo, programme_id=room.pid,
                                                municipality_id=room.bodo_id)
    assert room.gid not in [g.id for g in bodo_gatherings]
    assert live.room_view(session=demo, actor=room.staff, gathering_id=room.gid).total == 1
    with pytest.raises(NotFound):
        live.set_municipalities(session=demo, actor=room.staff, gathering_id=room.gid,
                                municipality_ids=[municipality_id(demo, "0301")])


# --- Joining by code --------------------------------------------------------------------------


def test_joining_needs_code_joining_on(demo, room):
    code = joining.ensure_join_code(session=demo, actor=room.staff, gathering_id=room.gid)
    info = joining.find_by_code(session=demo, code=code.lower())
    assert info.open is False and info.municipalities == []
    with pytest.raises(PermissionDenied):
        joining.join(session=demo, code=code, municipality_id=room.asker_id)
    assert joining.find_by_code(session=demo, code="NOPE42") is None
    with pytest.raises(InvalidInput):
        joining.join(session=demo, code="x", municipality_id=room.asker_id)


def test_a_participant_writes_only_its_municipality_in_its_gathering(demo, room):
    joining.set_code_joining(session=demo, actor=room.staff, gathering_id=room.gid, enabled=True)
    code = demo.get(Gathering, room.gid).join_code
    assert len(code) == joining.CODE_LENGTH and set(code) <= set(joining.CODE_ALPHABET)
    key = joining.join(session=demo, code=f" {code[:3]}-{code[3:].lower()} ",
                    municipality_id=room.asker_id)
    p = identity.participant_actor(demo, key)
    assert (p.role, p.municipality_id, p.gathering_id, p.user_id) == (
        "participant", room.asker_id, room.gid, None)
    answer(demo, p, room, 1, "Skrevet av en deltaker")
    workspace.save_score(session=demo, actor=p, gathering_id=room.gid,
                         municipality_id=room.asker_id, value_area_id=room.frame.areas[0].id,
                         kind=ScoreKind.CURRENT, value=2, guest_key=f"p{p.participant_id}")
    action_id = actions.create_action(
        session=demo, actor=p, programme_id=room.pid, municipality_id=room.asker_id,
        title="Deltakers tiltak", value_area_ids=[room.frame.areas[0].id],
        source_gathering_id=room.gid)
    assert [a.id for a in actions.list_actions(
        session=demo, actor=p, programme_id=room.pid, municipality_id=room.asker_id,
        gathering_id=room.gid)] == [action_id]
    # Another municipality, another gathering, or anything not named by gathering: refused.
    with pytest.raises(PermissionDenied):
        answer(demo, p, room, 1, "Inn hos Bodø", municipality=room.bodo_id)
    fs2 = demo.exec(select(Gathering.id).where(Gathering.title.startswith("Fellessamling 2"))
                    ).one()
    with pytest.raises(PermissionDenied):
        workspace.answers(session=demo, actor=p, gathering_id=fs2, municipality_id=room.asker_id)
    for call in (actions.list_actions, membership.members):
        with pytest.raises(PermissionDenied):
            call(session=demo, actor=p, programme_id=room.pid, municipality_id=room.asker_id)
    with pytest.raises(PermissionDenied):
        actions.create_action(session=demo, actor=p, programme_id=room.pid,
                              municipality_id=room.asker_id, title="Uten samling",
                              value_area_ids=[room.frame.areas[0].id])
    with pytest.raises(PermissionDenied):
        live.room_view(session=demo, actor=p, gathering_id=room.gid)
    # Turning code-joining off shuts the participant out at once.
    joining.set_code_joining(session=demo, actor=room.staff, gathering_id=room.gid, enabled=False)
    assert identity.participant_actor(demo, key) is None
    with pytest.raises(PermissionDenied):
        answer(demo, p, room, 2, "Etter stengt")


def test_a_view_link_reads_its_own_room_and_writes_nothing(demo, room):
    token = live.new_view_token(session=demo, actor=room.staff, gathering_id=room.gid)
    viewer = identity.viewer_actor(demo, token)
    assert live.room_view(session=demo, actor=viewer, gathering_id=room.gid).state.view_token \
        is None
    fs2 = demo.exec(select(Gathering.id).where(Gathering.title.startswith("Fellessamling 2"))
                    ).one()
    with pytest.raises(PermissionDenied):
        live.room_view(session=demo, actor=viewer, gathering_id=fs2)
    with pytest.raises(PermissionDenied):
        answer(demo, viewer, room, 1, "Fra storskjermen", municipality=room.asker_id)
    with pytest.raises(PermissionDenied):
        workspace.answers(session=demo, actor=viewer, gathering_id=room.gid,
                          municipality_id=room.asker_id)
    assert identity.viewer_actor(demo, "wrong-token") is None
    live.new_view_token(session=demo, actor=room.staff, gathering_id=room.gid)
    assert identity.viewer_actor(demo, token) is None  # a new link revokes the old one


def test_groups_and_leaders_cannot_read_the_whole_room(demo, room):
    for actor in (room.asker, actor_of(demo, "leder")):
        with pytest.raises(PermissionDenied):
            live.room_view(session=demo, actor=actor, gathering_id=room.gid)
    assert live.live_state(session=demo, actor=room.asker, gathering_id=room.gid).view_token \
        is None


# --- Dot-voting -------------------------------------------------------------------------------


def _member_key(demo, number):
    mid = demo.exec(select(Member.id).join(Participation).where(
        Participation.municipality_id == municipality_id(demo, number))).first()
    return f"m{mid}"


def test_a_members_group_vote_dots_are_in_their_export_and_go_with_them(demo, room):
    """The group's Prioritering dots under m<member id>, as the room-wide vote's: personal
    data, exported and erased with the member; another member's dots stay."""
    from kultur3.models import Vote
    from kultur3.privacy import personal_data
    targets = live.vote_targets(session=demo, actor=room.asker, gathering_id=room.gid,
                                municipality_id=room.asker_id)
    area = next(t for t in targets if t.kind == "area")
    members = demo.exec(select(Member.id).join(Participation).where(
        Participation.municipality_id == room.asker_id)).all()[:2]
    for mid in members:
        live.add_dot(session=demo, actor=room.asker, gathering_id=room.gid,
                     municipality_id=room.asker_id, voter_key=f"m{mid}", kind="area",
                     target_id=area.target_id)
    gone, kept = members
    admin = actor_of(demo, "admin")
    exported = personal_data.export_person(session=demo, actor=admin,
                                           kind=personal_data.MEMBER, person_id=gone)
    assert [(d["target_kind"], d["target_id"]) for d in exported["group_vote_dots"]] == [
        ("area", area.target_id)]
    personal_data.delete_person(session=demo, actor=admin, kind=personal_data.MEMBER,
                                person_id=gone)
    keys = demo.exec(select(Vote.voter_key).where(Vote.gathering_id == room.gid)).all()
    assert f"m{gone}" not in keys and f"m{kept}" in keys


def test_dot_voting_keeps_to_the_limit_per_person(demo, room):
    live.set_dots(session=demo, actor=room.staff, gathering_id=room.gid, dots=3)
    targets = live.vote_targets(session=demo, actor=room.asker, gathering_id=room.gid,
                                municipality_id=room.asker_id)
    area = next(t for t in targets if t.kind == "area")
    voter = _member_key(demo, ASKER)
    kw = dict(session=demo, actor=room.asker, gathering_id=room.gid,
              municipality_id=room.asker_id, voter_key=voter)
    for _ in range(3):
        live.add_dot(**kw, kind="area", target_id=area.target_id)
    with pytest.raises(InvalidInput) as err:
        live.add_dot(**kw, kind="area", target_id=area.target_id)
    assert err.value.key == "live.no_dots_left"
    assert live.my_dots(**kw) == {("area", area.target_id): 3}
    live.remove_dot(**kw, kind="area", target_id=area.target_id)
    live.add_dot(**kw, kind="area", target_id=room.frame.areas[1].id)
    assert sum(live.my_dots(**kw).values()) == 3
    # Another person on the same device has dots of their own.
    live.add_dot(**{**kw, "voter_key": "gabc"}, kind="area", target_id=area.target_id)
    live.set_phase(session=demo, actor=room.staff, gathering_id=room.gid, phase="prioritising")
    live.set_revealed(session=demo, actor=room.staff, gathering_id=room.gid,
                      phase="prioritising", revealed=True)
    view = live.room_view(session=demo, actor=room.staff, gathering_id=room.gid)
    assert [(r.label, r.dots) for r in view.area_votes] == [
        (area.label, 3), (room.frame.areas[1].label, 1)]


def test_a_click_that_loses_its_slot_to_the_same_voters_other_click_takes_the_next(
        demo, room, monkeypatch):
    """Two clicks of one voter both find slot 1 free; the one whose insert loses takes the
    next free slot instead of asking the person to click again."""
    live.set_dots(session=demo, actor=room.staff, gathering_id=room.gid, dots=3)
    area = next(t for t in live.vote_targets(session=demo, actor=room.asker, gathering_id=room.gid,
                                             municipality_id=room.asker_id) if t.kind == "area")
    voter = _member_key(demo, ASKER)
    demo.commit()
    real_exec, raced = demo.exec, []

    def exec_then_race(statement, *args, **kwargs):
        result = real_exec(statement, *args, **kwargs)
        if not raced and "vote.slot" in str(statement) and "INSERT" not in str(statement):
            rows = result.all()  # this click has read its free slots; the other click lands
            raced.append(rows)
            with Session(demo.get_bind()) as other:
                other.add(Vote(gathering_id=room.gid, municipality_id=room.asker_id,
                               voter_key=voter, slot=1, target_kind="area",
                               target_id=area.target_id))
                other.commit()
            return SimpleNamespace(all=lambda: rows)
        return result

    monkeypatch.setattr(demo, "exec", exec_then_race)
    live.add_dot(session=demo, actor=room.asker, gathering_id=room.gid,
                 municipality_id=room.asker_id, voter_key=voter, kind="area",
                 target_id=area.target_id)
    assert raced == [[]]
    assert sorted(demo.exec(select(Vote.slot).where(Vote.voter_key == voter)).all()) == [1, 2]


def test_votes_are_checked_like_any_write(demo, room):
    kw = dict(session=demo, gathering_id=room.gid, municipality_id=room.asker_id)
    with pytest.raises(PermissionDenied):  # Bodø's device voting as an Asker member
        live.add_dot(**{**kw, "municipality_id": room.bodo_id}, actor=room.bodo,
                     voter_key=_member_key(demo, ASKER), kind="area",
                     target_id=room.frame.areas[0].id)
    with pytest.raises(PermissionDenied):  # Bodø writing into Asker's votes
        live.add_dot(**kw, actor=room.bodo, voter_key="gx", kind="area",
                     target_id=room.frame.areas[0].id)
    bodo_action = actions.create_action(
        session=demo, actor=room.bodo, programme_id=room.pid, municipality_id=room.bodo_id,
        title="Bodøs tiltak", value_area_ids=[room.frame.areas[0].id],
        source_gathering_id=room.gid)
    with pytest.raises(NotFound):  # Asker voting on Bodø's action
        live.add_dot(**kw, actor=room.asker, voter_key="gx", kind="action",
                     target_id=bodo_action)
    with pytest.raises(InvalidInput):
        live.add_dot(**kw, actor=room.asker, voter_key="", kind="area",
                     target_id=room.frame.areas[0].id)
    live.set_input_open(session=demo, actor=room.staff, gathering_id=room.gid,
                        phase="prioritising", is_open=False)
    with pytest.raises(InvalidInput):
        live.add_dot(**kw, actor=room.asker, voter_key="gx", kind="area",
                     target_id=room.frame.areas[0].id)
    with pytest.raises(InvalidInput):
        live.set_dots(session=demo, actor=room.staff, gathering_id=room.gid, dots=0)


def test_a_participant_always_votes_as_itself(demo, room):
    joining.set_code_joining(session=demo, actor=room.staff, gathering_id=room.gid, enabled=True)
    p = identity.participant_actor(demo, joining.join(
        session=demo, code=demo.get(Gathering, room.gid).join_code, municipality_id=room.asker_id))
    live.add_dot(session=demo, actor=p, gathering_id=room.gid, municipality_id=room.asker_id,
                 voter_key=_member_key(demo, ASKER), kind="area",
                 target_id=room.frame.areas[0].id)
    assert live.my_dots(session=demo, actor=p, gathering_id=room.gid,
                        municipality_id=room.asker_id, voter_key="") == {
        ("area", room.frame.areas[0].id): 1}


# --- Export -----------------------------------------------------------------------------------


def test_export_holds_answers_scores_votes_and_actions_mid_session(demo, room):
    answer(demo, room.asker, room, 1, "=HYPERLINK(\"http://x\")")
    _score(demo, room, room.asker, room.frame.areas[0].id, 5, 2)
    aid = actions.create_action(session=demo, actor=room.asker, programme_id=room.pid,
                                municipality_id=room.asker_id, title="Tiltak A",
                                value_area_ids=[room.frame.areas[0].id],
                                source_gathering_id=room.gid)
    live.add_dot(session=demo, actor=room.asker, gathering_id=room.gid,
                 municipality_id=room.asker_id, voter_key="g1", kind="action", target_id=aid)
    frames = live.export_frames(session=demo, actor=room.staff, gathering_id=room.gid)
    assert list(frames) == ["svar", "skårer", "prikker", "tiltak", "temaer",
                            "avstemninger i rommet", "aktiviteter"]
    assert frames["svar"]["svar"].tolist() == ["=HYPERLINK(\"http://x\")"]
    assert len(frames["skårer"]) == 2
    assert frames["prikker"].values.tolist() == [["Asker", "tiltak", "Tiltak A", 1]]
    assert frames["tiltak"]["tiltak"].tolist() == ["Tiltak A"]
    from kultur3.insight import exports
    assert b"'=HYPERLINK" in exports.to_csv(frames["svar"])
    assert exports.to_excel(frames)[:2] == b"PK"
