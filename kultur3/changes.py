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
while a script runs) and nothing else: no database connection, no file descriptor. A wait is
a threading.Condition, so an idle screen costs no CPU between changes.
"""

from __future__ import annotations

import logging
import threading
import time
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
    """Tokens per name (a process-local count of announcements) and one Condition to wait on.

    A screen takes the token of its name before it reads what it draws; a wait returns as soon
    as the token has moved past it, so a change committed between the read and the wait is
    never slept through."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._tokens: dict[str, int] = {}
        self._epoch = 0  # moved by recheck(): every waiter wakes once
        self.reliable = True  # False while a PostgreSQL listener is down: poll instead
        self.waiting = 0  # screens waiting right now (bench/load.py reports it)

    def token(self, name: str) -> tuple[int, int]:
        with self._cond:
            return self._epoch, self._tokens.get(name, 0)

    def notify(self, names: Iterable[str]) -> None:
        with self._cond:
            for name in set(names):
                self._tokens[name] = self._tokens.get(name, 0) + 1
            self._cond.notify_all()

    def recheck(self, *, reliable: bool | None = None) -> None:
        """Wake every waiter once (after a listener reconnect, or when it is lost)."""
        with self._cond:
            if reliable is not None:
                self.reliable = reliable
            self._epoch += 1
            self._cond.notify_all()

    def wait(self, name: str, since: tuple[int, int], timeout: float) -> tuple[int, int]:
        """Block until the name's token moves past `since` (or a recheck), at most `timeout`
        seconds; returns the token now (equal to `since` when nothing happened)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self.waiting += 1
            try:
                while (now := (self._epoch, self._tokens.get(name, 0))) == since:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                return now
            finally:
                self.waiting -= 1


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
    if not make_url(database_url).drivername.startswith("postgresql"):
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
