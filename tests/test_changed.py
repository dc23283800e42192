"""changed() (kultur3/store/changed.py) on the real database: which counters each argument
moves, that each moves by one atomic UPDATE in one order, that the hub hears of it after
commit and never on rollback, and how a console write's claim and its changed() move
phase_version once. Runs on PostgreSQL too with KULTUR3_TEST_POSTGRES (tests/conftest.py)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from kultur3.access import accounts
from kultur3.access.permissions import OPERATOR
from kultur3.core.errors import NotFound
from kultur3.models import DataVersion, Gathering, Role
from kultur3.store import changes
from kultur3.store.changed import (
    cells_name,
    changed,
    claim_gathering,
    live_name,
    phase_name,
)
from kultur3.store.db import session_scope


def _counters(s: Session) -> dict[str, int]:
    return dict(s.exec(select(DataVersion.name, DataVersion.value)).all())


def _moved(engine, **kwargs) -> set[str]:
    """The counters one committed changed(**kwargs) moved, each by exactly one."""
    with Session(engine) as s:
        before = _counters(s)
    with session_scope(engine) as s:
        changed(s, **kwargs)
    with Session(engine) as s:
        after = _counters(s)
    assert all(after[n] == before.get(n, 0) + 1 for n in after if after[n] != before.get(n))
    return {n for n in after if after[n] != before.get(n)}


@pytest.fixture
def gathering(demo_engine) -> int:
    with Session(demo_engine) as s:
        return s.exec(select(Gathering.id).where(Gathering.status == "active")).first()


def test_each_argument_moves_its_own_counters(demo_engine, gathering):
    g = gathering
    assert _moved(demo_engine) == {"data"}
    assert _moved(demo_engine, users=True) == {"data", "users"}
    assert _moved(demo_engine, programme_id=7, municipality_id=3, cells=True) == {
        "data", "cells:7:3"}
    assert _moved(demo_engine, programme_id=7, cells=True, data=False) == {"cells:7"}
    assert _moved(demo_engine, gathering_id=g) == {"data", f"live:{g}"}
    assert _moved(demo_engine, gathering_id=g, phase=True) == {"data", f"live:{g}"}
    # programme and municipality alone name no counter: only cells=True reads them
    assert _moved(demo_engine, programme_id=7, municipality_id=3) == {"data"}


def test_one_function_per_name():
    assert (live_name(4), phase_name(4)) == ("live:4", "phase:4")
    assert (cells_name(1), cells_name(1, 2)) == ("cells:1", "cells:1:2")


def test_wrong_arguments_are_refused(session):
    with pytest.raises(ValueError, match="gathering_id"):
        changed(session, phase=True)
    with pytest.raises(ValueError, match="programme_id"):
        changed(session, cells=True, municipality_id=3)


def _phase_version(engine, g: int) -> int:
    with Session(engine) as s:
        return s.exec(select(Gathering.phase_version).where(Gathering.id == g)).one()


def test_phase_moves_phase_version_once_whether_claimed_first_or_not(demo_engine, gathering):
    g = gathering
    start = _phase_version(demo_engine, g)
    with session_scope(demo_engine) as s:
        changed(s, gathering_id=g, phase=True)
    assert _phase_version(demo_engine, g) == start + 1
    with session_scope(demo_engine) as s:  # a console write: claim first, record at the end
        claim_gathering(s, g)
        changed(s, gathering_id=g, phase=True)
    assert _phase_version(demo_engine, g) == start + 2
    with session_scope(demo_engine) as s:  # two console writes in one transaction: two moves
        for _ in range(2):
            claim_gathering(s, g)
            changed(s, gathering_id=g, phase=True)
    assert _phase_version(demo_engine, g) == start + 4
    with pytest.raises(NotFound), session_scope(demo_engine) as s:
        claim_gathering(s, 10**6)
    with pytest.raises(NotFound), session_scope(demo_engine) as s:
        changed(s, gathering_id=10**6, phase=True)


def test_a_claim_is_forgotten_when_its_transaction_ends(demo_engine, gathering):
    g = gathering
    start = _phase_version(demo_engine, g)
    with pytest.raises(RuntimeError), session_scope(demo_engine) as s:
        claim_gathering(s, g)
        raise RuntimeError("refused after the claim")
    with Session(demo_engine) as s:
        claim_gathering(s, g)
        s.commit()  # a claim without its changed(): the next transaction must not inherit it
        changed(s, gathering_id=g, phase=True)
        s.commit()
    assert _phase_version(demo_engine, g) == start + 2


def test_the_hub_hears_after_commit_and_never_on_rollback(demo_engine, gathering):
    g = gathering
    room, phase = live_name(g), phase_name(g)
    before = changes.HUB.token(room), changes.HUB.token(phase)
    with session_scope(demo_engine) as s:
        changed(s, gathering_id=g)
        assert (changes.HUB.token(room), changes.HUB.token(phase)) == before
    assert changes.HUB.token(room) != before[0] and changes.HUB.token(phase) == before[1]
    before = changes.HUB.token(room), changes.HUB.token(phase)
    with session_scope(demo_engine) as s:
        changed(s, gathering_id=g, phase=True)
    assert changes.HUB.token(room) != before[0] and changes.HUB.token(phase) != before[1]
    before = changes.HUB.token(room), changes.HUB.token(phase)
    with Session(demo_engine) as s:
        counters = _counters(s)
    version = _phase_version(demo_engine, g)
    with pytest.raises(RuntimeError), session_scope(demo_engine) as s:
        changed(s, gathering_id=g, phase=True, users=True)
        raise RuntimeError("the write fails")
    assert (changes.HUB.token(room), changes.HUB.token(phase)) == before
    with Session(demo_engine) as s:
        assert _counters(s) == counters
    assert _phase_version(demo_engine, g) == version


def test_counters_move_by_atomic_updates_in_name_order(demo_engine, gathering):
    """UPDATE ... SET value = value + 1, never a read-modify-write; the gathering row first,
    then the counters sorted by name, the one order every writer takes its locks in."""
    g = gathering
    seen: list[str] = []
    names: list[str] = []

    def record(_conn, _cursor, statement, parameters, *_):
        text = " ".join(statement.lower().split())
        if text.startswith("update"):
            seen.append(text)
            values = parameters.values() if isinstance(parameters, dict) else parameters
            names.extend(v for v in values if isinstance(v, str))
        if "insert" in text and "dataversion" in text:
            seen.append("insert")
    with session_scope(demo_engine) as s:  # every counter exists: no first-time insert below
        changed(s, programme_id=1, municipality_id=2, cells=True, gathering_id=g, users=True)
    event.listen(demo_engine, "before_cursor_execute", record)
    try:
        with session_scope(demo_engine) as s:
            changed(s, programme_id=1, municipality_id=2, cells=True, gathering_id=g,
                    users=True, phase=True)
    finally:
        event.remove(demo_engine, "before_cursor_execute", record)
    assert "insert" not in seen
    assert seen[0].startswith("update gathering set phase_version=(gathering.phase_version +")
    assert all(("value=(dataversion.value +" in u) for u in seen[1:]), seen
    assert names == ["cells:1:2", "data", f"live:{g}", "users"]


def test_concurrent_writers_lose_no_bump(demo_engine, gathering):
    """Writers at once, each in its own transaction: every bump counts (the UPDATE is atomic),
    and mixed arguments never deadlock (one lock order)."""
    g, writers = gathering, 12
    with Session(demo_engine) as s:
        before = _counters(s)
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            with session_scope(demo_engine) as s:
                changed(s, gathering_id=g, users=i % 2 == 0, programme_id=1,
                        municipality_id=i % 3, cells=i % 3 != 0)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with Session(demo_engine) as s:
        after = _counters(s)
    grew = {n: after[n] - before.get(n, 0) for n in after if after[n] != before.get(n)}
    assert grew == {"data": writers, f"live:{g}": writers, "users": writers // 2,
                    "cells:1:1": 4, "cells:1:2": 4}


def test_an_account_write_moves_the_data_counter_every_cached_read_keys_on(session):
    """The admin's account list (kultur3.access.admin.admin_summary) is a cached read keyed on
    the data counter: an account made or changed must move it, or the list stays stale."""
    before = _counters(session)
    accounts.create_user(session=session, actor=OPERATOR, username="ny@example.no",
                         password_hash="-", role=Role.ADMIN)
    session.commit()
    after = _counters(session)
    assert after["data"] == before.get("data", 0) + 1
    assert after["users"] == before.get("users", 0) + 1
