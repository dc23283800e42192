"""Live screens wake on change instead of polling: one change hub per process.

A write that a live screen shows calls announce(session, name) inside its transaction
(`live:<gathering>` for everything the projector draws, `phase:<gathering>` for what the
facilitator changes). After the transaction commits, and never before, the names reach the
hub, which wakes every screen waiting on them; a rolled-back transaction announces nothing.
A woken screen therefore always reads committed data.

Across replicas (PostgreSQL) the same announce is a NOTIFY on the channel `kultur3` in the
writing transaction (delivered at commit, dropped at rollback), and one listener thread per
process (LISTEN, psycopg) feeds its hub, so a write on replica A wakes screens on replica B.
If the listener's connection drops, hub.reliable turns False and screens fall back to polling
the database every second; when it is back, every waiter is woken once to recheck its counter,
so nothing written in between is missed. On SQLite (one process) the in-process hub is enough;
a write from another process (the command line) is seen at a screen's next safety check.

A waiting screen holds one thread (its session's script thread, which Streamlit keeps anyway
while a script runs) and nothing else: no database connection, no file descriptor. It sleeps
on its own threading.Event, so an idle screen costs no CPU between changes.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterable

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

LOG = logging.getLogger(__name__)
CHANNEL = "kultur3"
_PENDING = "kultur3.announced"  # session.info key: names announced in this transaction


def live_name(gathering_id: int) -> str:
    """Everything the projector of this gathering draws."""
    return f"live:{gathering_id}"


def phase_name(gathering_id: int) -> str:
    """What the facilitator changes: phase, locks, reveal, timer, agenda (group screens)."""
    return f"phase:{gathering_id}"


class Hub:
    """Tokens per name (a process-local count of announcements), and the waiters per name.

    A screen takes the token of its name before it reads what it draws; a wait returns as soon
    as the token has moved past it, so a change committed between the read and the wait is
    never slept through. Each waiter sleeps on its own Event, set only by an announcement of
    its own name (or a recheck, or its session's input: kultur3/ui/live/wake.py): a room of
    250 waiting screens is not woken for every change in another room. (A shared Condition
    with notify_all, tried first, woke every waiter on every write; and waits cut into 0.1 s
    slices to look for input kept hundreds of sleeping threads fighting for the GIL, which
    slowed every page run at 250 open tabs: bench/load.py.)"""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, int] = {}
        self._epoch = 0  # moved by recheck(): every waiter wakes once
        self._waiters: dict[str, set[threading.Event]] = {}
        self.reliable = True  # False while a PostgreSQL listener is down: poll instead

    @property
    def waiting(self) -> int:
        """Screens waiting right now."""
        with self._lock:
            return sum(len(w) for w in self._waiters.values())

    def token(self, name: str) -> tuple[int, int]:
        with self._lock:
            return self._epoch, self._tokens.get(name, 0)

    def notify(self, names: Iterable[str]) -> None:
        with self._lock:
            for name in set(names):
                self._tokens[name] = self._tokens.get(name, 0) + 1
                for event in self._waiters.get(name, ()):
                    event.set()

    def recheck(self, *, reliable: bool | None = None) -> None:
        """Wake every waiter once (after a listener reconnect, or when it is lost)."""
        with self._lock:
            if reliable is not None:
                self.reliable = reliable
            self._epoch += 1
            for waiters in self._waiters.values():
                for event in waiters:
                    event.set()

    def wait(self, name: str, since: tuple[int, int], timeout: float,
             event: threading.Event | None = None) -> tuple[int, int]:
        """Block until the name's token moves past `since` (or a recheck), at most `timeout`
        seconds, or until someone sets `event`; returns the token now (equal to `since` when
        no change came)."""
        event = event or threading.Event()
        with self._lock:
            now = (self._epoch, self._tokens.get(name, 0))
            if now != since:
                return now
            self._waiters.setdefault(name, set()).add(event)
        try:
            event.wait(timeout)
        finally:
            with self._lock:
                waiters = self._waiters.get(name)
                if waiters is not None:
                    waiters.discard(event)
                    if not waiters:
                        del self._waiters[name]
                now = (self._epoch, self._tokens.get(name, 0))
        return now


HUB = Hub()


def announce(session: Session, name: str) -> None:
    """Wake the screens waiting on `name` once this transaction commits (NOTIFY on
    PostgreSQL, for every replica; the in-process hub after commit, for this one)."""
    session.info.setdefault(_PENDING, set()).add(name)
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("SELECT pg_notify(:channel, :name)"),  # type: ignore[call-overload]
                     params={"channel": CHANNEL, "name": name})


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    names = session.info.pop(_PENDING, None)
    if names:
        HUB.notify(names)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


# --- The PostgreSQL listener -------------------------------------------------------------------

_LISTENERS: dict[str, tuple[threading.Thread, threading.Event]] = {}
_LISTENERS_LOCK = threading.Lock()


def listen(database_url: str) -> bool:
    """Start this process's listener for a PostgreSQL database, once (a dict lookup after
    that); SQLite needs none. True when a listener runs for it."""
    if not _is_postgresql(database_url):  # every screen's run asks: a cached answer
        return False
    with _LISTENERS_LOCK:
        running = _LISTENERS.get(database_url)
        if running is not None and running[0].is_alive():
            return True
        stop = threading.Event()
        thread = threading.Thread(target=_listen_forever, args=(database_url, stop),
                                  name="kultur3-listen", daemon=True)
        _LISTENERS[database_url] = (thread, stop)
        thread.start()
        return True


@functools.lru_cache(maxsize=8)
def _is_postgresql(database_url: str) -> bool:
    return make_url(database_url).drivername.startswith("postgresql")


def stop_listening(database_url: str) -> None:
    """End the listener for this database (tests; a process ends its daemon thread anyway)."""
    with _LISTENERS_LOCK:
        running = _LISTENERS.pop(database_url, None)
    if running is not None:
        running[1].set()
        running[0].join(timeout=10)


def _dsn(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(
        hide_password=False)


def _listen_forever(database_url: str, stop: threading.Event, *,
                    backoff_max: float = 5.0) -> None:
    import psycopg
    backoff = 0.2
    while not stop.is_set():
        try:
            with psycopg.connect(_dsn(database_url), autocommit=True, connect_timeout=5) as conn:
                conn.execute(f"LISTEN {CHANNEL}")
                HUB.recheck(reliable=True)  # anything written while we were away: recheck
                backoff = 0.2
                LOG.info("listening for changes on %s", CHANNEL)
                while not stop.is_set():
                    for note in conn.notifies(timeout=1.0):  # each as it arrives
                        HUB.notify([note.payload])
                    conn.execute("SELECT 1")  # a dead connection raises here, not silently
        except Exception as exc:  # noqa: BLE001 - any failure: poll, then reconnect
            if stop.is_set():
                break
            LOG.warning("change listener lost (%s); screens poll until it is back", exc)
            HUB.recheck(reliable=False)
            stop.wait(backoff)
            backoff = min(backoff * 2, backoff_max)
