"""`python -m kultur3 backup FILE` and `restore FILE`: a round trip on SQLite (online backup
API) and on PostgreSQL (pg_dump/pg_restore), through the command line an operator uses."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from kultur3.core.errors import InvalidInput
from kultur3.models import Answer, User
from kultur3.store import backup, versions
from kultur3.store.db import make_engine

ROOT = Path(__file__).resolve().parents[1]


def cli(url: str, *args: str, safety: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    if safety is not None:
        env["KULTUR3_BACKUP_DIR"] = str(safety)
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
    file = tmp_path / "kultur3.store.backup"
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

    safety = tmp_path / "safety"
    refused = cli(demo_url, "restore", str(file), safety=safety)  # without --yes: nothing
    assert refused.returncode == 2 and _state(demo_url)[0] == 0 and not safety.exists()
    done = cli(demo_url, "restore", str(file), "--yes", safety=safety)
    assert done.returncode == 0, done.stderr
    after = _state(demo_url)
    assert after[:3] == before[:3]
    assert after[3] > before[3]  # counters moved on: no stale cache survives a restore
    # What was replaced (the damaged state) was saved first, for the owner's eyes only.
    (saved,) = safety.iterdir()
    assert str(saved) in done.stdout and _mode(saved) == 0o600 and _mode(file) == 0o600
    if backup._sqlite_path(demo_url) is not None:  # noqa: SLF001 - open the SQLite copy
        assert _state(f"sqlite:///{saved}")[0] == 0


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_backups_are_private_whatever_the_umask(demo_url, tmp_path):
    old = os.umask(0)
    try:
        made = backup.backup(demo_url, tmp_path / "open.backup")
    finally:
        os.umask(old)
    assert _mode(made) == 0o600


def test_the_password_never_reaches_a_command_line():
    argv, env = backup.pg_command("pg_dump", "postgresql+psycopg://kultur3:s3cret-pw@db.example"
                                  ".no:5432/kultur3", "--format=custom")
    assert not any("s3cret-pw" in arg for arg in argv)
    assert env["PGPASSWORD"] == "s3cret-pw"
    assert argv[-1] == "--dbname=postgresql://kultur3@db.example.no:5432/kultur3"


def test_backup_and_restore_run_the_tools_without_the_password(demo_url, tmp_path,
                                                                 monkeypatch):
    """On PostgreSQL (KULTUR3_TEST_POSTGRES) the real pg_dump and pg_restore run, and must
    still log in: the password reached them through the environment."""
    from sqlalchemy.engine import make_url
    calls = []
    real = subprocess.run

    def recording(argv, **kwargs):
        calls.append(list(argv))
        return real(argv, **kwargs)

    monkeypatch.setattr(backup.subprocess, "run", recording)
    file = backup.backup(demo_url, tmp_path / "x.backup")
    backup.restore(demo_url, file, safety_dir=tmp_path / "safety")
    password = make_url(demo_url).password
    assert len(calls) == (0 if password is None else 3)  # dump, safety dump, restore
    assert not any(password and password in " ".join(argv) for argv in calls)


def test_a_downgrade_takes_a_safety_copy_first(demo_url, tmp_path):
    safety = tmp_path / "safety"
    answers = _state(demo_url)[0]
    down = cli(demo_url, "db", "downgrade", "-1", safety=safety)
    assert down.returncode == 0, down.stderr
    (saved,) = safety.iterdir()
    assert str(saved) in down.stdout and _mode(saved) == 0o600 and saved.stat().st_size > 0
    if backup._sqlite_path(demo_url) is not None:  # noqa: SLF001
        assert _state(f"sqlite:///{saved}")[0] == answers
    up = cli(demo_url, "db", "upgrade")
    assert up.returncode == 0, up.stderr
    assert cli(demo_url, "db", "downgrade").returncode == 2  # which revision, it must be told


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
