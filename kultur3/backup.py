"""Backup and restore: `python -m kultur3 backup FILE` and `python -m kultur3 restore FILE`.

SQLite uses its online backup API, so a backup can be taken while the app is running and is
a consistent snapshot even mid-write. PostgreSQL uses pg_dump's custom format and
pg_restore (the client tools of the server's major version or newer must be on PATH).

A restore replaces everything in the database. Afterwards the data counters are moved past
every value they had before, so a running app never serves a cached page computed from the
data that was there before the restore.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from kultur3.db import make_engine, session_scope
from kultur3.errors import InvalidInput
from kultur3.models import DataVersion


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if parsed.database in (None, "", ":memory:"):
        raise InvalidInput("an in-memory database cannot be backed up")
    return Path(parsed.database)


def _libpq_url(url: str) -> str:
    """The SQLAlchemy URL as pg_dump and pg_restore take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


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
    path = _sqlite_path(url)
    if path is not None:
        tmp = target.with_name(target.name + ".part")
        tmp.unlink(missing_ok=True)
        src = sqlite3.connect(path)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)  # online: pages are copied under SQLite's own locking
        finally:
            dst.close()
            src.close()
        _check_sqlite(tmp)
        tmp.replace(target)  # a half-written backup never carries the final name
        return target
    subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                    f"--file={target}", f"--dbname={_libpq_url(url)}"], check=True)
    return target


def _counters(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as s:
            return dict(s.execute(select(DataVersion.name, DataVersion.value)).all())
    except Exception:  # noqa: BLE001 - an empty or foreign database has no counters yet
        return {}
    finally:
        engine.dispose()


def restore(url: str, source: Path) -> None:
    """Replace the database's contents with a backup made by backup()."""
    source = Path(source)
    before = _counters(url)
    path = _sqlite_path(url)
    if path is not None:
        _check_sqlite(source)
        path.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(path, timeout=30)
        try:
            src.backup(dst)  # replaces every page of the live file in one locked step
        finally:
            dst.close()
            src.close()
    else:
        if not source.is_file():
            raise InvalidInput(f"{source} does not exist")
        subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                        "--no-privileges", "--single-transaction", "--exit-on-error",
                        f"--dbname={_libpq_url(url)}", str(source)], check=True)
    _move_counters_past(url, before)


def _move_counters_past(url: str, before: dict[str, int]) -> None:
    engine = make_engine(url)
    try:
        with session_scope(engine) as s:
            for name, value in before.items():
                s.execute(update(DataVersion).where(DataVersion.name == name)
                          .values(value=DataVersion.value + value + 1))
    finally:
        engine.dispose()
