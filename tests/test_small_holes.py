# ruff: noqa: F811 - the room fixture is imported from tests/test_live.py and used by name
"""Issue 21 §7, the smaller holes: each test is the attack as it worked before the fix."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from kultur3 import actions, identity, joining, live, programme_admin
from kultur3.errors import InvalidInput
from kultur3.models import Action, Answer, AuditEvent, Gathering, ProgrammeStatus, Vote
from tests.conftest import actor_of
from tests.test_live import answer, room  # noqa: F401 - room is a fixture, used by name


def _archive(demo, programme_id: int) -> None:
    admin = actor_of(demo, "admin")
    for status in (ProgrammeStatus.CLOSED, ProgrammeStatus.ARCHIVED):
        programme_admin.set_status(session=demo, actor=admin, programme_id=programme_id,
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
