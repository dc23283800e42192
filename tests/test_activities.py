"""The facilitator's own activities (issue 25 §2) on a real database, from an empty install:
prepared in the programme's library, copied onto a gathering's agenda, shown and opened in the
room, answered from phones (participants by table card, a group screen), the results the
projector draws, moderation, the export, and who may do what."""

from __future__ import annotations

import pytest
from sqlmodel import select

from kultur3 import live
from kultur3.access import identity
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.live import activities, activity_results, joining
from kultur3.models import ActivityEntry, ActivityKind, AuditEvent, Gathering, Phase, Role
from tests.factories import ADMIN, enrol, make_gathering, make_programme, make_user


@pytest.fixture
def room(session):
    """An empty install's programme with two municipalities and one gathering, code-joining on;
    a facilitator of the programme, and three phones joined by table card."""
    programme = make_programme(session)
    hoyanger, asker = enrol(session, programme, "4638"), enrol(session, programme, "3203")
    gid = make_gathering(session, programme)
    staff = make_user(session, Role.FACILITATOR, programme=programme)
    joining.set_code_joining(session=session, actor=staff, gathering_id=gid, enabled=True)
    cards = {c.municipality_id: c.code for c in joining.table_cards(
        session=session, actor=staff, gathering_id=gid)}
    phones = [identity.participant_actor(session, joining.join(session=session, code=cards[m],
                                                                municipality_id=m))
              for m in (hoyanger, hoyanger, asker)]
    session.commit()

    class Room:
        pass

    r = Room()
    r.programme, r.pid, r.gid, r.staff, r.phones = programme, programme.id, gid, staff, phones
    r.hoyanger, r.asker = hoyanger, asker
    return r


def _send(session, room, activity_id, phone, **kw):
    activities.submit_entry(session=session, actor=phone, activity_id=activity_id,
                            municipality_id=phone.municipality_id, **kw)


def _view(session, room, include_hidden=False):
    return live.room_view(session=session, actor=room.staff, gathering_id=room.gid,
                          include_hidden=include_hidden).activity


def test_a_word_cloud_prepared_in_the_library_runs_in_a_gathering(session, room):
    prepared = activities.create_activity(
        session=session, actor=room.staff, programme_id=room.pid, kind=ActivityKind.WORDS,
        prompt="Tre ord om kulturskolen")
    assert [a.prompt for a in activity_results.library(
        session=session, actor=room.staff, programme_id=room.pid)] == ["Tre ord om kulturskolen"]
    aid = activities.copy_activity(session=session, actor=room.staff, activity_id=prepared,
                                   gathering_id=room.gid)
    g = session.get(Gathering, room.gid)
    assert Phase.ACTIVITY.value in g.agenda  # on the agenda, before the summary
    assert g.agenda.index("activity") == g.agenda.index("summary") - 1
    activities.show_activity(session=session, actor=room.staff, gathering_id=room.gid,
                             activity_id=aid)
    with pytest.raises(InvalidInput):  # shown, but not open yet
        _send(session, room, aid, room.phones[0], text="kulturskolen")
    activities.set_activity_open(session=session, actor=room.staff, activity_id=aid,
                                 is_open=True)
    _send(session, room, aid, room.phones[0], text="kulturskolen\nglede\nog")
    _send(session, room, aid, room.phones[1], text="Kulturskole\nfellesskap")
    _send(session, room, aid, room.phones[2], text="glede")
    _send(session, room, aid, room.phones[2], text="glede\nmestring")  # again: replaced
    session.commit()
    assert session.get(Gathering, room.gid).phase == "activity"
    view = _view(session, room)
    assert view.responses == 3
    assert dict(view.words) == {"kulturskole": 2, "glede": 2, "fellesskap": 1, "mestring": 1}
    state = live.room_view(session=session, actor=room.staff, gathering_id=room.gid)
    assert state.answered == sorted(state.answered) and len(state.answered) == 2
    mine = activity_results.my_activity(session=session, actor=room.phones[2],
                                        gathering_id=room.gid,
                                        municipality_id=room.phones[2].municipality_id)
    assert mine.sent and mine.text == "glede\nmestring"
    # The library's activity is untouched and can go to the next gathering too.
    second = make_gathering(session, room.programme, title="Samling 2")
    activities.copy_activity(session=session, actor=room.staff, activity_id=prepared,
                             gathering_id=second)
    assert len(activity_results.gathering_activities(
        session=session, actor=room.staff, gathering_id=second)) == 1
    # No entry's words in the audit log: only who sent (an opaque key).
    details = [e.detail for e in session.exec(select(AuditEvent).where(
        AuditEvent.action == "live.activity_entry")).all()]
    assert details and not any("glede" in str(d) for d in details)


def test_more_than_three_words_or_a_long_word_gets_a_message_and_nothing_is_stored(session, room):
    aid = activities.create_activity(session=session, actor=room.staff, programme_id=room.pid,
                                     kind=ActivityKind.WORDS, prompt="Ord", gathering_id=room.gid)
    activities.show_activity(session=session, actor=room.staff, gathering_id=room.gid,
                             activity_id=aid)
    activities.set_activity_open(session=session, actor=room.staff, activity_id=aid,
                                 is_open=True)
    # four lines; four words on one line (the cloud counts words, not lines)
    for text in ("en\nto\ntre\nfire", "en to tre fire", "x" * 41, "  \n "):
        with pytest.raises(InvalidInput):
            _send(session, room, aid, room.phones[0], text=text)
    assert session.exec(select(ActivityEntry)).all() == []
    _send(session, room, aid, room.phones[0], text="ung\x00dom\nkultur skole")  # NUL: out
    assert [e.text for e in session.exec(select(ActivityEntry))] == ["ungdom\nkultur skole"]


def test_poll_scale_and_open_question_results(session, room):
    def run(kind, options=()):
        aid = activities.create_activity(session=session, actor=room.staff,
                                         programme_id=room.pid, kind=kind, prompt=kind,
                                         options=list(options), gathering_id=room.gid)
        activities.show_activity(session=session, actor=room.staff, gathering_id=room.gid,
                                 activity_id=aid)
        activities.set_activity_open(session=session, actor=room.staff, activity_id=aid,
                                     is_open=True)
        return aid

    poll = run(ActivityKind.POLL, ["Ja", "Nei", "Vet ikke"])
    _send(session, room, poll, room.phones[0], choices=[0])
    _send(session, room, poll, room.phones[1], choices=[0])
    with pytest.raises(InvalidInput):  # one choice only
        _send(session, room, poll, room.phones[2], choices=[0, 1])
    with pytest.raises(InvalidInput):  # no such choice
        _send(session, room, poll, room.phones[2], choices=[7])
    assert _view(session, room).counts == (("Ja", 2), ("Nei", 0), ("Vet ikke", 0))
    multi = run(ActivityKind.MULTI, ["Musikk", "Dans", "Teater"])
    _send(session, room, multi, room.phones[0], choices=[0, 2])
    _send(session, room, multi, room.phones[1], choices=[2])
    assert _view(session, room).counts == (("Musikk", 1), ("Dans", 0), ("Teater", 2))
    scale = run(ActivityKind.SCALE, ["Lite", "Mye"])
    for phone, value in zip(room.phones, (2, 4, 5), strict=True):
        _send(session, room, scale, phone, value=value)
    with pytest.raises(InvalidInput):
        _send(session, room, scale, room.phones[0], value=6)
    view = _view(session, room)
    assert dict(view.counts) == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    assert view.mean == pytest.approx(11 / 3)
    question = run(ActivityKind.OPEN)
    _send(session, room, question, room.phones[0], text="Mer samarbeid med skolen")
    _send(session, room, question, room.phones[2], text="<b>Kari Nordmann</b> sa nei")
    cards = _view(session, room).entries
    assert [c.municipality for c in cards] == ["Høyanger", "Asker"]
    live.set_anonymous(session=session, actor=room.staff, gathering_id=room.gid, anonymous=True)
    assert {c.municipality for c in _view(session, room).entries} == {None}
    # Moderation: hidden from the projector, kept with its reason in the console.
    hidden = cards[1].entry_id
    with pytest.raises(InvalidInput):
        activities.hide_entry(session=session, actor=room.staff, entry_id=hidden, reason=" ")
    activities.hide_entry(session=session, actor=room.staff, entry_id=hidden,
                          reason="Personopplysninger")
    assert [c.text for c in _view(session, room).entries] == ["Mer samarbeid med skolen"]
    assert _view(session, room).responses == 1
    console = _view(session, room, include_hidden=True).entries
    assert [c.hidden_reason for c in console] == ["", "Personopplysninger"]
    activities.restore_entry(session=session, actor=room.staff, entry_id=hidden)
    assert _view(session, room).responses == 2
    # The export: every entry of every activity, a poll's choice by its text.
    frames = live.export_frames(session=session, actor=room.staff, gathering_id=room.gid)
    sheet = frames["aktiviteter"]
    assert len(sheet) == 2 + 2 + 3 + 2
    assert "Ja" in set(sheet["svar"]) and "Musikk; Teater" in set(sheet["svar"])


def test_closing_input_stops_the_phones_but_not_what_was_sent(session, room):
    aid = activities.create_activity(session=session, actor=room.staff, programme_id=room.pid,
                                     kind=ActivityKind.OPEN, prompt="Hva tar du med deg?",
                                     gathering_id=room.gid)
    activities.show_activity(session=session, actor=room.staff, gathering_id=room.gid,
                             activity_id=aid)
    activities.set_activity_open(session=session, actor=room.staff, activity_id=aid,
                                 is_open=True)
    _send(session, room, aid, room.phones[0], text="Mot")
    activities.set_activity_open(session=session, actor=room.staff, activity_id=aid,
                                 is_open=False)
    with pytest.raises(InvalidInput):
        _send(session, room, aid, room.phones[0], text="Endret")
    with pytest.raises(InvalidInput):  # an activity with entries is the gathering's record
        activities.delete_activity(session=session, actor=room.staff, activity_id=aid)
    assert _view(session, room).entries[0].text == "Mot"


def test_who_may_prepare_run_and_answer(session, room):
    other = make_programme(session, "Annet program")
    stranger = make_user(session, Role.FACILITATOR, programme=other)
    group = make_user(session, Role.GROUP, programme=room.programme, municipality="4638")
    leader = make_user(session, Role.LEADER, programme=room.programme)
    for actor in (stranger, group, leader, room.phones[0]):
        with pytest.raises(PermissionDenied):
            activities.create_activity(session=session, actor=actor, programme_id=room.pid,
                                       kind=ActivityKind.OPEN, prompt="x")
    aid = activities.create_activity(session=session, actor=ADMIN, programme_id=room.pid,
                                     kind=ActivityKind.OPEN, prompt="x", gathering_id=room.gid)
    for actor in (stranger, group, leader):
        with pytest.raises(PermissionDenied):
            activities.show_activity(session=session, actor=actor, gathering_id=room.gid,
                                     activity_id=aid)
    activities.show_activity(session=session, actor=room.staff, gathering_id=room.gid,
                             activity_id=aid)
    activities.set_activity_open(session=session, actor=room.staff, activity_id=aid,
                                 is_open=True)
    # A phone writes only into its own municipality; a group screen by its own key.
    with pytest.raises(PermissionDenied):
        activities.submit_entry(session=session, actor=room.phones[0], activity_id=aid,
                                municipality_id=room.asker, text="x")
    activities.submit_entry(session=session, actor=group, activity_id=aid,
                            municipality_id=room.hoyanger, device_key="gabc", text="Fra gruppa")
    with pytest.raises(InvalidInput):
        activities.submit_entry(session=session, actor=group, activity_id=aid,
                                municipality_id=room.hoyanger, device_key="m1", text="x")
    with pytest.raises(PermissionDenied):
        activities.submit_entry(session=session, actor=leader, activity_id=aid,
                                municipality_id=room.hoyanger, device_key="gabc", text="x")
    # An unknown activity, or one of the library, takes no entry.
    with pytest.raises(NotFound):
        activities.submit_entry(session=session, actor=room.phones[0], activity_id=10_000,
                                municipality_id=room.hoyanger, text="x")


def test_bad_activities_get_a_plain_message(session, room):
    for kind, prompt, options in (("quiz", "x", []), ("poll", " ", ["a", "b"]),
                                  ("poll", "x", ["bare ett"]), ("multi", "x", ["a", "a"]),
                                  ("scale", "x", ["bare lav"]), ("open", "x" * 301, [])):
        with pytest.raises(InvalidInput):
            activities.create_activity(session=session, actor=room.staff,
                                       programme_id=room.pid, kind=kind, prompt=prompt,
                                       options=options)
    assert activity_results.library(session=session, actor=room.staff,
                                    programme_id=room.pid) == []


def test_one_screen_answering_for_two_groups_keeps_both_and_no_group_takes_anothers(
        session, room):
    """A screen's key names its entry within one municipality: a facilitator answering for
    two groups from one browser keeps both answers, and another municipality's login sending
    the same key neither replaces nor reads the first group's entry."""
    aid = activities.create_activity(session=session, actor=room.staff, programme_id=room.pid,
                                     kind=ActivityKind.OPEN, prompt="x", gathering_id=room.gid)
    activities.show_activity(session=session, actor=room.staff, gathering_id=room.gid,
                             activity_id=aid)
    activities.set_activity_open(session=session, actor=room.staff, activity_id=aid,
                                 is_open=True)
    activities.submit_entry(session=session, actor=room.staff, activity_id=aid,
                            municipality_id=room.hoyanger, device_key="gabc", text="Høyanger")
    activities.submit_entry(session=session, actor=room.staff, activity_id=aid,
                            municipality_id=room.asker, device_key="gabc", text="Asker")
    asker_group = make_user(session, Role.GROUP, programme=room.programme, municipality="3203")
    activities.submit_entry(session=session, actor=asker_group, activity_id=aid,
                            municipality_id=room.asker, device_key="gabc", text="Asker igjen")
    rows = session.exec(select(ActivityEntry.municipality_id, ActivityEntry.text).where(
        ActivityEntry.activity_id == aid)).all()
    assert sorted(rows) == sorted([(room.hoyanger, "Høyanger"), (room.asker, "Asker igjen")])
    mine = activity_results.my_activity(session=session, actor=asker_group,
                                        gathering_id=room.gid, municipality_id=room.asker,
                                        device_key="gabc")
    assert mine.text == "Asker igjen"
