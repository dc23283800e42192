"""`python -m kultur3 backup FILE` and `restore FILE`: a round trip on SQLite (online backup
API) and on PostgreSQL (pg_dump/pg_restore), through the command line an operator uses."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from kultur3 import backup, versions
from kultur3.db import make_engine
from kultur3.errors import InvalidInput
from kultur3.models import Answer, User

ROOT = Path(__file__).resolve().parents[1]


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "kultur3", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def _state(url: str) -> tuple[int, int, str, int]:
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return (s.exec(select(func.count()).select_from(Answer)).one(),
                    s.exec(select(func.count()).select_from(User)).one(),
                    s.exec(select(Answer.text).order_by(Answer.id)).first(),
                    versions.current(s))
    finally:
        engine.dispose()


def test_backup_and_restore_round_trip(demo_url, tmp_path):
    file = tmp_path / "kultur3.backup"
    before = _state(demo_url)
    made = cli(demo_url, "backup", str(file))
    assert made.returncode == 0, made.stderr
    assert file.stat().st_size > 0 and "Sikkerhetskopi skrevet" in made.stdout

    # Damage: delete the answers and a user after the backup.
    engine = make_engine(demo_url)
    with Session(engine) as s:
        for a in s.exec(select(Answer)).all():
            s.delete(a)
        s.commit()
    engine.dispose()
    assert _state(demo_url)[0] == 0

    refused = cli(demo_url, "restore", str(file))  # without --yes: nothing happens
    assert refused.returncode == 2 and _state(demo_url)[0] == 0
    done = cli(demo_url, "restore", str(file), "--yes")
    assert done.returncode == 0, done.stderr
    after = _state(demo_url)
    assert after[:3] == before[:3]
    assert after[3] > before[3]  # counters moved on: no stale cache survives a restore


def test_restore_refuses_a_file_that_is_not_a_backup(demo_url, tmp_path):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database")
    before = _state(demo_url)
    result = cli(demo_url, "restore", str(junk), "--yes")
    assert result.returncode != 0
    assert _state(demo_url)[:3] == before[:3]


def test_sqlite_backup_refuses_an_in_memory_database(tmp_path):
    import pytest
    with pytest.raises(InvalidInput):
        backup.backup("sqlite://", tmp_path / "x")
