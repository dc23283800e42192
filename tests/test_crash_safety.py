"""Kill the writing process hard (SIGKILL) in the middle of a burst of writes: after a
restart the database passes its integrity check and every acknowledged write is there."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, select

from kultur3 import migrate
from kultur3.models import Action, LogEntry
from kultur3.store.db import make_engine

ROOT = Path(__file__).resolve().parents[1]


def test_acknowledged_writes_survive_a_hard_kill(demo_url):
    proc = subprocess.Popen([sys.executable, "-m", "tests.crash_writer", demo_url], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    acked: set[str] = set()
    deadline = time.monotonic() + 60
    while len(acked) < 300 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        acked.add(line.split()[1])
    os.kill(proc.pid, signal.SIGKILL)  # mid-burst: four threads are inside transactions
    rest, err = proc.communicate(timeout=30)
    acked |= {line.split()[1] for line in rest.splitlines() if line.startswith("ACK ")}
    assert proc.returncode == -signal.SIGKILL
    assert len(acked) >= 300, err[-2000:]

    engine = make_engine(demo_url)  # "restart": a fresh engine, as the app's first run makes
    try:
        with engine.connect() as c:
            if engine.dialect.name == "sqlite":
                assert c.execute(text("PRAGMA integrity_check")).scalar() == "ok"
                assert c.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        migrate.upgrade(engine)  # the app's start-up step still works
        with Session(engine) as s:
            stored = set(s.exec(select(LogEntry.text).where(
                LogEntry.text.startswith("krasj-"))).all())
            stored |= set(s.exec(select(Action.title).where(
                Action.title.startswith("krasj-"))).all())
        missing = {f"krasj-{n}" for n in acked} - stored
        assert missing == set()
        # Nothing half-written either: every stored action has its value-area link.
        with engine.connect() as c:
            orphans = c.execute(text(
                "SELECT count(*) FROM action a WHERE a.title LIKE 'krasj-%' AND NOT EXISTS "
                "(SELECT 1 FROM actionvaluearea l WHERE l.action_id = a.id)")).scalar()
        assert orphans == 0
    finally:
        engine.dispose()
