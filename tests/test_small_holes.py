# ruff: noqa: F811 - the room fixture is imported from tests/test_live.py and used by name
"""Issue 21 §7, the smaller holes: each test is the attack as it worked before the fix."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from kultur3 import live
from kultur3.access import identity
from kultur3.core.errors import InvalidInput, RateLimited
from kultur3.group import actions
from kultur3.live import joining
from kultur3.models import (
    Action,
    Answer,
    AuditEvent,
    Gathering,
    Participant,
    ProgrammeStatus,
    Vote,
)
from kultur3.programme import lifecycle
from tests.conftest import actor_of
from tests.test_live import answer, room  # noqa: F401 - room is a fixture, used by name


def _archive(demo, programme_id: int) -> None:
    admin = actor_of(demo, "admin")
    for status in (ProgrammeStatus.CLOSED, ProgrammeStatus.ARCHIVED):
        lifecycle.set_status(session=demo, actor=admin, programme_id=programme_id,
                                   status=status)
    demo.commit()


# --- The archive guard ------------------------------------------------------------------------


def test_an_archived_programme_keeps_its_dots_and_moderation(demo, room):
    """remove_dot, hide_answer and restore_answer wrote with bare UPDATE/DELETE statements,
    which the flush guard never sees: they changed an archived programme."""
    kw = dict(session=demo, actor=room.asker, gathering_id=room.gid,
              municipality_id=room.asker_id, voter_key="gabc", kind="area",
              target_id=room.frame.areas[0].id)
    live.add_dot(**kw)
    answer(demo, room.asker, room, 1, "Synlig svar")
    answer(demo, room.asker, room, 2, "Skjult svar")
    shown, hidden = (demo.exec(select(Answer.id).where(
        Answer.gathering_id == room.gid, Answer.text == text)).one()
        for text in ("Synlig svar", "Skjult svar"))
    live.hide_answer(session=demo, actor=room.staff, answer_id=hidden, reason="Navn")
    _archive(demo, room.pid)
    attempts = {
        "remove_dot": lambda: live.remove_dot(**kw),
        "hide_answer": lambda: live.hide_answer(session=demo, actor=room.staff,
                                                answer_id=shown, reason="Navn"),
        "restore_answer": lambda: live.restore_answer(session=demo, actor=room.staff,
                                                      answer_id=hidden),
    }
    for name, attempt in attempts.items():
        with pytest.raises(InvalidInput) as err:
            attempt()
            demo.flush()
        assert err.value.key == "error.programme_archived", name
        demo.rollback()
    assert len(demo.exec(select(Vote).where(Vote.gathering_id == room.gid)).all()) == 1
    assert (demo.get(Answer, shown).hidden, demo.get(Answer, hidden).hidden) == (False, True)


# --- Actions in a locked phase ----------------------------------------------------------------


def _participant(demo, room, municipality_id=None):
    joining.set_code_joining(session=demo, actor=room.staff, gathering_id=room.gid,
                             enabled=True)
    key = joining.join(session=demo, code=demo.get(Gathering, room.gid).join_code,
                       municipality_id=municipality_id or room.asker_id)
    return identity.participant_actor(demo, key)


def test_a_participant_cannot_change_or_delete_an_action_once_its_phase_is_locked(demo, room):
    p = _participant(demo, room)
    action_id = actions.create_action(
        session=demo, actor=p, programme_id=room.pid, municipality_id=room.asker_id,
        title="Ungdomspanel", value_area_ids=[room.frame.areas[0].id],
        source_gathering_id=room.gid)
    live.set_input_open(session=demo, actor=room.staff, gathering_id=room.gid, phase="q4",
                        is_open=False)
    with pytest.raises(InvalidInput) as err:
        actions.update_action(session=demo, actor=p, action_id=action_id, base_version=1,
                              title="Endret etter låsing")
    assert err.value.key == "live.input_locked"
    with pytest.raises(InvalidInput) as err:
        actions.delete_action(session=demo, actor=p, action_id=action_id)
    assert err.value.key == "live.input_locked"
    assert demo.get(Action, action_id).title == "Ungdomspanel"
    # Staff may still correct on the group's behalf; open again, the participant may too.
    actions.update_action(session=demo, actor=room.staff, action_id=action_id, base_version=1,
                          progress_note="Rettet av fasilitator")
    live.set_input_open(session=demo, actor=room.staff, gathering_id=room.gid, phase="q4",
                        is_open=True)
    actions.update_action(session=demo, actor=p, action_id=action_id, base_version=2,
                          title="Ungdomsrådet")


def test_deleting_an_action_audits_the_whole_row(demo, room):
    action_id = actions.create_action(
        session=demo, actor=room.asker, programme_id=room.pid, municipality_id=room.asker_id,
        title="Ungdomspanel", description="Fire møter i året", owner_text="Kulturskolen",
        deadline=date(2027, 6, 1), value_area_ids=[room.frame.areas[1].id,
                                                   room.frame.areas[0].id],
        source_gathering_id=room.gid)
    actions.update_action(session=demo, actor=room.asker, action_id=action_id, base_version=1,
                          progress_note="Første møte holdt")
    actions.delete_action(session=demo, actor=room.asker, action_id=action_id)
    event = demo.exec(select(AuditEvent).where(AuditEvent.action == "action.delete",
                                               AuditEvent.entity_id == action_id)).one()
    row = event.detail["row"]
    assert set(Action.model_fields) <= set(row)
    assert (row["title"], row["description"], row["owner_text"], row["deadline"],
            row["progress_note"], row["status"], row["version"]) == (
        "Ungdomspanel", "Fire møter i året", "Kulturskolen", "2027-06-01",
        "Første møte holdt", "not_started", 2)
    assert row["value_area_ids"] == sorted([room.frame.areas[0].id, room.frame.areas[1].id])


# --- Joining behind one address ---------------------------------------------------------------


def test_one_phones_typos_do_not_lock_out_the_room_behind_the_same_address(demo, room):
    """Ten mistyped codes from one phone used to refuse every phone behind the school's NAT
    address for a minute, even with the right code."""
    joining.set_code_joining(session=demo, actor=room.staff, gathering_id=room.gid,
                             enabled=True)
    code = demo.get(Gathering, room.gid).join_code
    nat = "193.90.1.10"
    for i in range(joining.FAILED_CODES_PER_MINUTE):
        assert joining.find_by_code(session=demo, code=f"ZZZZZ{i}", client=nat,
                                    device="phone-a") is None
    # The phone that mistyped is slowed, even with the right code ...
    with pytest.raises(RateLimited):
        joining.find_by_code(session=demo, code=code, client=nat, device="phone-a")
    # ... the others behind the same address get in.
    assert joining.find_by_code(session=demo, code=code, client=nat, device="phone-b").open
    assert joining.join(session=demo, code=code, municipality_id=room.asker_id, client=nat,
                        device="phone-c")


def test_an_address_has_a_ceiling_that_a_script_with_new_sessions_hits(demo, room, monkeypatch):
    monkeypatch.setattr(joining, "FAILED_CODES_PER_ADDRESS_PER_MINUTE", 25)
    nat = "193.90.1.11"
    for i in range(25):  # a script that opens a new session every few guesses
        joining.find_by_code(session=demo, code=f"ZZZ{i:03d}", client=nat, device=f"s{i // 5}")
    code = joining.ensure_join_code(session=demo, actor=room.staff, gathering_id=room.gid)
    with pytest.raises(RateLimited):
        joining.find_by_code(session=demo, code=code, client=nat, device="fresh")
    assert joining.find_by_code(session=demo, code=code, client="193.90.1.12", device="x")


# --- Re-joining and dots ----------------------------------------------------------------------


def _dots_placed(demo, room, p):
    placed = 0
    for area in room.frame.areas:
        try:
            live.add_dot(session=demo, actor=p, gathering_id=room.gid,
                         municipality_id=p.municipality_id, voter_key="", kind="area",
                         target_id=area.id)
        except InvalidInput:
            break
        placed += 1
    return placed


def test_joining_again_from_the_same_browser_gives_no_new_dots(demo, room):
    """A person who joined again got a new participant and so a fresh allowance of dots."""
    live.set_dots(session=demo, actor=room.staff, gathering_id=room.gid, dots=3)
    joining.set_code_joining(session=demo, actor=room.staff, gathering_id=room.gid,
                             enabled=True)
    code = demo.get(Gathering, room.gid).join_code
    first = joining.join(session=demo, code=code, municipality_id=room.asker_id)
    assert _dots_placed(demo, room, identity.participant_actor(demo, first)) == 3
    again = joining.join(session=demo, code=code, municipality_id=room.asker_id,
                         previous_key=first)
    assert again == first
    assert _dots_placed(demo, room, identity.participant_actor(demo, again)) == 0
    assert len(demo.exec(select(Vote).where(Vote.gathering_id == room.gid)).all()) == 3
    assert len(demo.exec(select(Participant).where(
        Participant.gathering_id == room.gid)).all()) == 1
    # Another municipality's table, or someone else's made-up key: a participant of its own.
    other = joining.join(session=demo, code=code, municipality_id=room.bodo_id,
                         previous_key=first)
    assert other != first
    assert identity.participant_actor(demo, other).municipality_id == room.bodo_id
    assert joining.join(session=demo, code=code, municipality_id=room.asker_id,
                        previous_key="made-up") not in (first, other)
