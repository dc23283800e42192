"""Backup and restore: `python -m kultur3 backup FILE` and `python -m kultur3 restore FILE`.

SQLite uses its online backup API, so a backup can be taken while the app is running and is
a consistent snapshot even mid-write. PostgreSQL uses pg_dump's custom format and
pg_restore (the client tools of the server's major version or newer must be on PATH).

A restore replaces everything in the database. Afterwards the data counters are moved past
every value they had before, so a running app never serves a cached page computed from the
data that was there before the restore.

A backup holds every person's data: it is written readable by its owner only (0600), and the
database password reaches pg_dump and pg_restore in their environment (PGPASSWORD), never on
their command line, which every user of the machine can read in `ps`. A restore, and a
schema downgrade, first write a safety copy of what is there (KULTUR3_BACKUP_DIR).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from kultur3.core.errors import InvalidInput
from kultur3.models import DataVersion
from kultur3.store.db import make_engine, session_scope


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if parsed.database in (None, "", ":memory:"):
        raise InvalidInput("an in-memory database cannot be backed up")
    return Path(parsed.database)


def pg_command(tool: str, url: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """The argv and environment to run pg_dump or pg_restore on url: the address without its
    password on the command line, the password in PGPASSWORD."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    dsn = parsed._replace(drivername="postgresql", password=None)  # noqa: SLF001 - a namedtuple
    return [_tool(tool), *args, f"--dbname={dsn.render_as_string(hide_password=False)}"], env


def _private_file(path: Path) -> None:
    """An empty file only its owner can read, made before anything is written into it."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise InvalidInput(f"{name} is missing: install PostgreSQL's client tools "
                           "(Debian: apt-get install postgresql-client)")
    return found


def _check_sqlite(path: Path) -> None:
    """Refuse a file that is not a sound kultur3 database."""
    if not path.is_file():
        raise InvalidInput(f"{path} does not exist")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        status = con.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(f"{path} is not an SQLite database: {exc}") from None
    finally:
        con.close()
    if status != "ok":
        raise InvalidInput(f"{path} failed the integrity check: {status}")
    if not {"alembic_version", "gathering", "answer"} <= tables:
        raise InvalidInput(f"{path} is not a kultur3 database")


def backup(url: str, target: Path) -> Path:
    """Write a consistent copy of the database to target (overwritten if it exists)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    _private_file(tmp)
    path = _sqlite_path(url)
    if path is not None:
        src = sqlite3.connect(path)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)  # online: pages are copied under SQLite's own locking
            # One self-contained file: in WAL mode (copied from the source) every later
            # opening, the check below included, leaves -wal and -shm files beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
        _check_sqlite(tmp)
    else:
        argv, env = pg_command("pg_dump", url, "--format=custom", "--no-owner",
                               "--no-privileges", f"--file={tmp}")
        subprocess.run(argv, env=env, check=True)
    os.chmod(tmp, 0o600)  # whatever the tool did to the file it was given
    tmp.replace(target)  # a half-written backup never carries the final name
    return target


def safety_copy(url: str, directory: Path, reason: str) -> Path | None:
    """A backup of what is in the database now, before a restore or a downgrade replaces
    it; None when there is nothing yet (no SQLite file)."""
    path = _sqlite_path(url)
    if path is not None and not path.is_file():
        return None
    directory = Path(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    suffix = "db" if path is not None else "dump"
    return backup(url, directory / f"before-{reason}-{stamp}.{suffix}")


def _counters(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as s:
            return dict(s.execute(select(DataVersion.name, DataVersion.value)).all())
    except Exception:  # noqa: BLE001 - an empty or foreign database has no counters yet
        return {}
    finally:
        engine.dispose()


def restore(url: str, source: Path, *, safety_dir: Path) -> Path | None:
    """Replace the database's contents with a backup made by backup(), after a safety copy
    of what is there now (returned, None for an empty install)."""
    source = Path(source)
    path = _sqlite_path(url)
    if path is not None:
        _check_sqlite(source)
    elif not source.is_file():
        raise InvalidInput(f"{source} does not exist")
    saved = safety_copy(url, safety_dir, "restore")
    before = _counters(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(path, timeout=30)
        try:
            src.backup(dst)  # replaces every page of the live file in one locked step
        finally:
            dst.close()
            src.close()
    else:
        argv, env = pg_command("pg_restore", url, "--clean", "--if-exists", "--no-owner",
                               "--no-privileges", "--single-transaction", "--exit-on-error")
        subprocess.run([*argv, str(source)], env=env, check=True)
    _move_counters_past(url, before)
    return saved


def _move_counters_past(url: str, before: dict[str, int]) -> None:
    engine = make_engine(url)
    try:
        with session_scope(engine) as s:
            for name, value in before.items():
                s.execute(update(DataVersion).where(DataVersion.name == name)
                          .values(value=DataVersion.value + value + 1))
    finally:
        engine.dispose()
