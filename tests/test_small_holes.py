# ruff: noqa: F811 - the room fixture is imported from tests/test_live.py and used by name
"""Issue 21 §7, the smaller holes: each test is the attack as it worked before the fix."""

from __future__ import annotations

import pytest
from sqlmodel import select

from kultur3 import actions, live, programme_admin
from kultur3.errors import InvalidInput
from kultur3.models import Answer, ProgrammeStatus, Vote
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
