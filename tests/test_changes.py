"""The change hub (kultur3/store/changes.py): announcements reach waiting screens after commit and
never before, nothing on rollback, across connections on PostgreSQL (LISTEN/NOTIFY, the way
a second replica sees a write), and a lost listener turns screens to polling and wakes
everyone once it is back. The Streamlit internals kultur3/ui/live/wake.py relies on are
exercised in tests/test_streamlit_internals.py."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from sqlalchemy import text

from kultur3 import live
from kultur3.models import Gathering
from kultur3.store import changes
from kultur3.store.db import make_engine, session_scope
from tests.conftest import actor_of


def _name() -> str:
    return f"test:{uuid.uuid4().hex}"  # the hub is per process: one name per test


def test_an_announcement_reaches_the_hub_after_commit_and_never_before(engine):
    name = _name()
    before = changes.HUB.token(name)
    with session_scope(engine) as s:
        changes.announce(s, name)
        assert changes.HUB.token(name) == before  # not yet: a screen would read old data
    assert changes.HUB.token(name) != before


def test_a_rolled_back_write_announces_nothing(engine):
    name = _name()
    before = changes.HUB.token(name)
    with pytest.raises(RuntimeError), session_scope(engine) as s:
        changes.announce(s, name)
        raise RuntimeError("the write fails")
    assert changes.HUB.token(name) == before


def test_a_wait_returns_when_its_name_is_announced_and_times_out_otherwise():
    hub, name = changes.Hub(), _name()
    since = hub.token(name)
    assert hub.wait(name, since, 0.05) == since  # nothing: the timeout
    woke = []
    waiter = threading.Thread(target=lambda: woke.append(hub.wait(name, since, 10)))
    waiter.start()
    while hub.waiting == 0:  # the waiter is inside the wait
        time.sleep(0.001)
    hub.notify(["other"])  # someone else's name: still waiting
    assert waiter.is_alive()
    hub.notify([name])
    waiter.join(5)
    assert woke and woke[0] != since and hub.waiting == 0


def test_a_change_between_the_token_and_the_wait_is_not_slept_through():
    hub, name = changes.Hub(), _name()
    since = hub.token(name)  # the screen takes its token, then reads the room...
    hub.notify([name])  # ...a write commits meanwhile...
    assert hub.wait(name, since, 10) != since  # ...and the wait returns at once


def test_recheck_wakes_every_waiter_and_sets_whether_the_hub_can_be_trusted():
    hub = changes.Hub()
    since = hub.token("a")
    hub.recheck(reliable=False)
    assert hub.wait("a", since, 10) != since and hub.reliable is False
    hub.recheck(reliable=True)
    assert hub.reliable is True


def test_live_writes_announce_the_room_and_console_writes_the_phase(demo_engine):
    from sqlmodel import Session, select
    with Session(demo_engine) as s:
        g = s.exec(select(Gathering).where(Gathering.status == "active")).one()
        staff = actor_of(s, "fasilitator")
    room, phase = changes.live_name(g.id), changes.phase_name(g.id)
    before = changes.HUB.token(room), changes.HUB.token(phase)
    with session_scope(demo_engine) as s:
        live.set_phase(session=s, actor=staff, gathering_id=g.id, phase="q2")
    assert changes.HUB.token(room) != before[0] and changes.HUB.token(phase) != before[1]


def test_across_connections_a_write_wakes_the_listener_or_sqlite_needs_none(backend):
    """On PostgreSQL: a write through another engine (another replica) reaches this process's
    hub through LISTEN/NOTIFY; a killed listener connection makes the hub unreliable, and the
    reconnect wakes every waiter. On SQLite: one process, so no listener is started."""
    url = backend.fresh("bare")
    try:
        if not changes.listen(url):
            assert backend.name == "sqlite"
            return
        name = _name()
        _until(lambda: changes.HUB.reliable, "the listener connects")
        since = changes.HUB.token(name)
        other = make_engine(url)  # the other replica's engine: no in-process hub path
        with other.begin() as c:
            c.execute(text("SELECT pg_notify(:c, :n)"), {"c": changes.CHANNEL, "n": name})
        assert changes.HUB.wait(name, since, 10) != since
        epoch = changes.HUB.token(name)[0]
        with other.begin() as c:  # the listener's connection drops
            c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE (query LIKE 'LISTEN%' OR query = 'SELECT 1') "
                           "AND pid <> pg_backend_pid() AND datname = current_database()"))
        _until(lambda: changes.HUB.token(name)[0] >= epoch + 2 and changes.HUB.reliable,
               "the hub marks the loss and the reconnect (each wakes every waiter)")
        other.dispose()
    finally:
        changes.stop_listening(url)
        backend.drop(url)


def _until(condition, what: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_a_waiter_sleeps_through_other_names_and_wakes_on_its_event():
    hub, name = changes.Hub(), _name()
    since, nudge = hub.token(name), threading.Event()
    woke = []
    waiter = threading.Thread(target=lambda: woke.append(hub.wait(name, since, 10, nudge)))
    waiter.start()
    while hub.waiting == 0:
        time.sleep(0.001)
    hub.notify(["another room"])
    time.sleep(0.05)
    assert waiter.is_alive()  # not woken for someone else's change
    nudge.set()  # its session's input
    waiter.join(5)
    assert woke == [since] and hub.waiting == 0  # woken without a change of its own
