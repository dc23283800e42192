"""The room's screens beyond the phase (issue 25 §4, §7): the wall's pause, «hver for seg
først» (each phone's idea, then the group's), and ideas as personal data. From an empty
database: the tests build their own programme."""

import pytest
from sqlmodel import select

from kultur3 import live
from kultur3.access import identity
from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.live import joining, room_screens
from kultur3.models import Idea, Role
from kultur3.privacy import personal_data, retention
from kultur3.programme import catalogue
from tests.factories import ADMIN, enrol, make_gathering, make_programme, make_user

ASKER, BODO = "3203", "1804"


@pytest.fixture
def room(session):
    programme = make_programme(session)
    asker, bodo = enrol(session, programme, ASKER), enrol(session, programme, BODO)
    gid = make_gathering(session, programme)
    joining.set_code_joining(session=session, actor=ADMIN, gathering_id=gid, enabled=True)
    code = joining.ensure_join_code(session=session, actor=ADMIN, gathering_id=gid)

    def phone(mid):
        return identity.participant_actor(session, joining.join(session=session, code=code,
                                                                municipality_id=mid))
    q1 = catalogue.framework_view(session=session, programme_id=programme.id).question(1)
    live.set_phase(session=session, actor=ADMIN, gathering_id=gid, phase="q1")
    session.commit()
    return type("Room", (), dict(programme=programme, gid=gid, asker=asker, bodo=bodo,
                                 phone=phone, q1=q1.id))


def idea(session, actor, room, text, mid=None):
    room_screens.save_idea(session=session, actor=actor, gathering_id=room.gid,
                           municipality_id=mid or actor.municipality_id, question_id=room.q1,
                           text=text)


def test_the_wall_pause_is_kept_per_gathering_for_console_and_projector(session, room):
    settings = room_screens.screen_settings(session=session, actor=ADMIN, gathering_id=room.gid)
    assert settings.wall_paused is False  # no row yet: the defaults
    before = live.live_version(session=session, gathering_id=room.gid)
    room_screens.set_wall_paused(session=session, actor=ADMIN, gathering_id=room.gid,
                                 paused=True)
    assert live.live_version(session=session, gathering_id=room.gid) == before + 1
    token = live.new_view_token(session=session, actor=ADMIN, gathering_id=room.gid)
    viewer = identity.viewer_actor(session, token)
    assert room_screens.screen_settings(session=session, actor=viewer,
                                        gathering_id=room.gid).wall_paused
    # The projector in the room (its view link) starts it again: space on the big screen.
    room_screens.set_wall_paused(session=session, actor=viewer, gathering_id=room.gid,
                                 paused=False)
    assert not room_screens.screen_settings(session=session, actor=ADMIN,
                                            gathering_id=room.gid).wall_paused
    other = make_gathering(session, room.programme, title="Samling 2")
    with pytest.raises(PermissionDenied):  # a view link only its own gathering
        room_screens.set_wall_paused(session=session, actor=viewer, gathering_id=other,
                                     paused=True)
    with pytest.raises(PermissionDenied):  # a phone never
        room_screens.set_wall_paused(session=session, actor=room.phone(room.asker),
                                     gathering_id=room.gid, paused=True)


def test_each_phone_writes_privately_then_the_group_sees_all_ideas(session, room):
    kari, ola, per = room.phone(room.asker), room.phone(room.asker), room.phone(room.bodo)
    with pytest.raises(InvalidInput):  # not «hver for seg» yet: the group answers directly
        idea(session, kari, room, "Korps i barnehagen")
    room_screens.set_idea_stage(session=session, actor=ADMIN, gathering_id=room.gid,
                                question_number=1, stage="solo")
    idea(session, kari, room, "Korps i barnehagen")
    idea(session, ola, room, "  <b>Åpen</b> scene  ")
    idea(session, per, room, "Dans på sjukeheimen")
    idea(session, kari, room, "Korps i alle barnehager")  # her own, edited
    assert room_screens.my_idea(session=session, actor=kari, gathering_id=room.gid,
                                municipality_id=room.asker, question_id=room.q1) \
        == "Korps i alle barnehager"
    count, shown = room_screens.group_ideas(session=session, actor=kari, gathering_id=room.gid,
                                            municipality_id=room.asker, question_id=room.q1)
    assert (count, shown) == (2, [])  # written privately: the group sees how many, not what
    with pytest.raises(PermissionDenied):  # another municipality's phone
        room_screens.group_ideas(session=session, actor=per, gathering_id=room.gid,
                                 municipality_id=room.asker, question_id=room.q1)
    room_screens.set_idea_stage(session=session, actor=ADMIN, gathering_id=room.gid,
                                question_number=1, stage="together")
    count, shown = room_screens.group_ideas(session=session, actor=kari, gathering_id=room.gid,
                                            municipality_id=room.asker, question_id=room.q1)
    assert [(c.text, c.mine) for c in shown] == [("Korps i alle barnehager", True),
                                                 ("<b>Åpen</b> scene", False)]
    with pytest.raises(InvalidInput):  # the time for ideas is over: now the shared answer
        idea(session, kari, room, "For sent")
    # The projector: only the shared answers, until the facilitator shows the ideas.
    assert room_screens.room_ideas(session=session, actor=ADMIN, gathering_id=room.gid,
                                   question_number=1) == []
    room_screens.set_ideas_shown(session=session, actor=ADMIN, gathering_id=room.gid,
                                 question_number=1, shown=True)
    on_screen = room_screens.room_ideas(session=session, actor=ADMIN, gathering_id=room.gid,
                                        question_number=1)
    assert {(c.municipality, c.text) for c in on_screen} == {
        ("Asker", "Korps i alle barnehager"), ("Asker", "<b>Åpen</b> scene"),
        ("Bodø", "Dans på sjukeheimen")}


def test_bad_input_gets_a_message_and_only_staff_set_the_stage(session, room):
    kari = room.phone(room.asker)
    with pytest.raises(PermissionDenied):
        room_screens.set_idea_stage(session=session, actor=kari, gathering_id=room.gid,
                                    question_number=1, stage="solo")
    with pytest.raises(InvalidInput):
        room_screens.set_idea_stage(session=session, actor=ADMIN, gathering_id=room.gid,
                                    question_number=7, stage="solo")
    room_screens.set_idea_stage(session=session, actor=ADMIN, gathering_id=room.gid,
                                question_number=1, stage="solo")
    with pytest.raises(InvalidInput) as too_long:
        idea(session, kari, room, "x" * 5000)
    assert too_long.value.key == "error.too_long"
    idea(session, kari, room, "Noe")
    idea(session, kari, room, "   ")  # emptied: the idea goes
    assert not session.exec(select(Idea)).all()


def test_ideas_are_exported_erased_and_purged_with_their_person(session, room):
    member = make_user(session, Role.GROUP, programme=room.programme, municipality=ASKER)
    room_screens.set_idea_stage(session=session, actor=ADMIN, gathering_id=room.gid,
                                question_number=1, stage="solo")
    idea(session, member, room, "Min idé")
    phone = room.phone(room.asker)
    idea(session, phone, room, "Telefonens idé")
    exported = personal_data.export_person(session=session, actor=ADMIN, kind="user",
                                           person_id=member.user_id)
    assert [i["text"] for i in exported["ideas"]] == ["Min idé"]
    personal_data.delete_person(session=session, actor=ADMIN, kind="user",
                                person_id=member.user_id)
    assert [i.text for i in session.exec(select(Idea)).all()] == ["Telefonens idé"]
    # A code participant's idea goes with the participant (retention of participants).
    from datetime import timedelta

    from kultur3.models import utcnow
    personal_data.purge_participants(session=session, older_than_days=1,
                                     now=utcnow() + timedelta(days=2))
    session.expire_all()
    assert not session.exec(select(Idea)).all()
    assert retention.Purge(programmes=()).ideas == 0


# --- The projector in a local gathering's and a leader day's phases (§6) ----------------------


def test_the_projector_shows_what_the_room_talks_about_in_each_phase(session):
    from kultur3.group import actions, anchoring, team
    from kultur3.insight import phase_screens
    from kultur3.models import AnchoringKind, AnchoringStatus, GatheringKind, Phase
    from tests.factories import make_action, make_survey
    programme = make_programme(session)
    asker = enrol(session, programme, ASKER)
    local = make_gathering(session, programme, kind=GatheringKind.LOKAL_SAMLING,
                           municipality_number=ASKER, title="Lokal samling Asker")
    joint = make_gathering(session, programme, title="Fellessamling")

    def screen(gid=local):
        return phase_screens.phase_screen(session=session, actor=ADMIN, gathering_id=gid)
    assert screen() is None  # welcome: the projector's own welcome
    live.set_phase(session=session, actor=ADMIN, gathering_id=local, phase="since_last")
    empty = screen()
    assert (empty.phase, empty.municipality, empty.actions) == (Phase.SINCE_LAST, "Asker", ())
    for i in range(8):
        make_action(session, programme, asker, title=f"Tiltak {i}")
    shown = screen()
    assert (len(shown.actions), shown.more) == (phase_screens.MAX_CARDS, 8 - phase_screens.MAX_CARDS)
    live.set_phase(session=session, actor=ADMIN, gathering_id=local, phase="actions")
    assert len(screen().actions) == phase_screens.MAX_CARDS
    anchoring.add_entry(session=session, actor=ADMIN, programme_id=programme.id,
                        municipality_id=asker, data=anchoring.AnchoringInput(
                            kind=AnchoringKind.BUDGET, title="Friplasser",
                            status=AnchoringStatus.ADOPTED))
    agenda = ["welcome", "since_last", "actions", "present", "anchoring", "decisions"]
    live.set_agenda(session=session, actor=ADMIN, gathering_id=local, agenda=agenda)
    live.set_phase(session=session, actor=ADMIN, gathering_id=local, phase="anchoring")
    assert [(e.title, e.status) for e in screen().anchoring] == [
        ("Friplasser", AnchoringStatus.ADOPTED.value)]
    live.set_phase(session=session, actor=ADMIN, gathering_id=local, phase="decisions")
    assert screen().actions == ()  # none recorded in this gathering yet
    area = catalogue.value_areas(session=session, programme_id=programme.id)[0]
    actions.create_action(session=session, actor=ADMIN, programme_id=programme.id,
                          municipality_id=asker, title="Vedtak i kommunestyret",
                          value_area_ids=[area.id], source_gathering_id=local)
    assert [a.title for a in screen().actions] == ["Vedtak i kommunestyret"]
    team.save_project(session=session, actor=ADMIN, programme_id=programme.id,
                      municipality_id=asker, texts={"project_goal": "Kulturskole for alle"},
                      base_version=0)
    make_survey(session, programme, asker, answers=[{area.id: 4}] * 5)
    live.set_phase(session=session, actor=ADMIN, gathering_id=local, phase="present")
    present = screen()
    assert present.project.goal == "Kulturskole for alle"
    assert [s.shown for s in present.surveys] == [True]
    assert len(present.radar) == len(catalogue.value_areas(session=session,
                                                           programme_id=programme.id))
    assert present.radar_from is None  # no scores here nor before: nothing to show
    # The day scores nothing itself: the group presents its radar from the latest gathering
    # that has its scores.
    from datetime import timedelta

    from kultur3.core import clock
    from kultur3.models import Score, ScoreKind
    earlier = make_gathering(session, programme, title="Fellessamling i vår",
                             held_on=clock.today() - timedelta(days=60))
    for kind, value in ((ScoreKind.DESIRED, 5), (ScoreKind.CURRENT, 2)):
        session.add(Score(gathering_id=earlier, municipality_id=asker, value_area_id=area.id,
                          kind=kind, is_group=True, value=value))
    session.flush()
    present = screen()
    assert present.radar_from == "Fellessamling i vår"
    assert [(a.desired, a.current) for a in present.radar if a.value_area_id == area.id] == [
        (5, 2)]
    # A joint gathering's projector draws its own phases; another gathering's link sees none.
    live.set_phase(session=session, actor=ADMIN, gathering_id=joint, phase="q1")
    assert screen(joint) is None
    viewer = identity.viewer_actor(session, live.new_view_token(
        session=session, actor=ADMIN, gathering_id=joint))
    with pytest.raises(PermissionDenied):
        phase_screens.phase_screen(session=session, actor=viewer, gathering_id=local)


def test_a_group_login_on_two_phones_writes_two_private_ideas(session, room):
    """A group's login open on two phones (each its own browser session, its own device key)
    is two people writing «hver for seg»: neither phone sees, nor overwrites, the other's
    idea before the group stage; a staff account writing for two groups keeps one idea each."""
    group = make_user(session, Role.GROUP, programme=room.programme, municipality=ASKER)
    room_screens.set_idea_stage(session=session, actor=ADMIN, gathering_id=room.gid,
                                question_number=1, stage="solo")
    kw = {"session": session, "actor": group, "gathering_id": room.gid,
          "municipality_id": room.asker, "question_id": room.q1}
    room_screens.save_idea(**kw, text="Kari sin idé", device_key="aa11")
    assert room_screens.my_idea(**kw, device_key="bb22") == ""
    room_screens.save_idea(**kw, text="Ola sin idé", device_key="bb22")
    assert room_screens.my_idea(**kw, device_key="aa11") == "Kari sin idé"
    assert room_screens.group_ideas(**kw, device_key="bb22") == (2, [])
    staff = {**kw, "actor": make_user(session, Role.FACILITATOR, programme=room.programme)}
    room_screens.save_idea(**staff, text="For Asker", device_key="cc33")
    room_screens.save_idea(**{**staff, "municipality_id": room.bodo}, text="For Bodø",
                           device_key="cc33")
    assert room_screens.my_idea(**staff, device_key="cc33") == "For Asker"
    room_screens.set_idea_stage(session=session, actor=ADMIN, gathering_id=room.gid,
                                question_number=1, stage="together")
    _, shown = room_screens.group_ideas(**kw, device_key="bb22")
    assert sorted((c.text, c.mine) for c in shown) == [
        ("For Asker", False), ("Kari sin idé", False), ("Ola sin idé", True)]


def test_a_closed_gatherings_view_link_shows_none_of_the_groups_current_work(session):
    """View tokens do not expire: once the day is over, the local gathering's projector link
    shows nothing of the group's live action plan (it was read as the group's, not the day's)."""
    from kultur3.insight import phase_screens
    from kultur3.models import Gathering, GatheringKind, GatheringStatus
    from tests.factories import make_action
    programme = make_programme(session)
    asker = enrol(session, programme, ASKER)
    local = make_gathering(session, programme, kind=GatheringKind.LOKAL_SAMLING,
                           municipality_number=ASKER, title="Lokal samling Asker")
    live.set_phase(session=session, actor=ADMIN, gathering_id=local, phase="since_last")
    viewer = identity.viewer_actor(session, live.new_view_token(
        session=session, actor=ADMIN, gathering_id=local))
    make_action(session, programme, asker, title="Laget på samlingen")
    assert [a.title for a in phase_screens.phase_screen(
        session=session, actor=viewer, gathering_id=local).actions] == ["Laget på samlingen"]
    gathering = session.get(Gathering, local)
    gathering.status = GatheringStatus.CLOSED
    session.add(gathering)
    session.flush()
    make_action(session, programme, asker, title="Laget etter samlingen")
    assert phase_screens.phase_screen(session=session, actor=viewer, gathering_id=local) is None


def test_a_cancelled_gathering_takes_no_idea_stage(session, room):
    """A cancelled gathering is kept and marked, never run (issue 23): its console refuses
    «hver for seg først» as it refuses every other change (live.console.staff_gathering)."""
    from kultur3.programme import gatherings
    gatherings.cancel_gathering(session=session, actor=ADMIN, gathering_id=room.gid)
    with pytest.raises(InvalidInput):
        room_screens.set_idea_stage(session=session, actor=ADMIN, gathering_id=room.gid,
                                    question_number=1, stage="solo")
