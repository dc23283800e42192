"""Fixtures: a fresh real database per test (SQLite file, or PostgreSQL when asked), built from
a migrated template (empty, bare or demo) and copied, and helpers to act as a demo user.

Set KULTUR3_TEST_POSTGRES to an admin URL (e.g. postgresql+psycopg://u:p@127.0.0.1/postgres)
and every database test runs on a fresh PostgreSQL database instead of a SQLite file.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ProgrammingError
from sqlmodel import Session, SQLModel, select

from kultur3 import migrate
from kultur3.access.permissions import Actor
from kultur3.core import i18n
from kultur3.core.config import get_settings
from kultur3.models import Municipality, Role, User
from kultur3.seed import seed_demo
from kultur3.store import changes
from kultur3.store.db import make_engine, session_scope

PG_ADMIN_URL = os.environ.get("KULTUR3_TEST_POSTGRES", "")


def drop_database(admin: Engine, name: str) -> None:
    """DROP DATABASE … WITH (FORCE), retried: an autovacuum worker that PostgreSQL started on
    the fresh database belongs to the superuser, and FORCE may not end it for our test role
    («must be a member of the role whose process is being terminated»). It finishes within
    moments; seen once in about 740 tests."""
    for attempt in range(40):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except ProgrammingError:
            if attempt == 39:
                raise
            time.sleep(0.25)


class Backend:
    """Hands out fresh databases cloned from two templates: empty schema, and demo data."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.templates: dict[str, str] = {}

    def _build(self, url: str, demo: bool, bare: bool = False, shipped: bool = False) -> None:
        engine = make_engine(url)
        if bare:
            with engine.connect():  # creates the SQLite file; nothing else
                pass
            engine.dispose()
            return
        migrate.upgrade(engine)
        if demo:
            with session_scope(engine) as session:
                # Today's gathering mid-session (every active group's answers and scores in):
                # the live pages have something to show. tests/test_seed.py checks the demo as
                # `make run` loads it, with today's gathering empty.
                seed_demo(session, room_in_progress=not shipped)
        engine.dispose()

    def template(self, kind: str) -> str:
        if kind not in self.templates:
            self.templates[kind] = self._create_template(kind)
        return self.templates[kind]

    def fresh(self, kind: str) -> str:
        raise NotImplementedError

    def drop(self, url: str) -> None:
        raise NotImplementedError


class SqliteBackend(Backend):
    name = "sqlite"

    def _create_template(self, kind: str) -> str:
        path = self.workdir / f"template-{kind}.db"
        self._build(f"sqlite:///{path}", demo=kind in ("demo", "shipped"), bare=kind == "bare",
                    shipped=kind == "shipped")
        return str(path)

    def fresh(self, kind: str) -> str:
        path = self.workdir / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(self.template(kind), path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(make_url(url).database + suffix).unlink(missing_ok=True)


class PostgresBackend(Backend):
    name = "postgresql"

    def __init__(self, workdir: Path, admin_url: str) -> None:
        super().__init__(workdir)
        self.admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
        self.run_id = uuid.uuid4().hex[:8]

    def _url(self, dbname: str) -> str:
        return make_url(PG_ADMIN_URL).set(database=dbname).render_as_string(hide_password=False)

    def _create_template(self, kind: str) -> str:
        name = f"k3tpl_{kind}_{self.run_id}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self._build(self._url(name), demo=kind in ("demo", "shipped"), bare=kind == "bare",
                    shipped=kind == "shipped")
        return name

    def fresh(self, kind: str) -> str:
        name = f"k3t_{uuid.uuid4().hex[:16]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template(kind)}"'))
        return self._url(name)

    def drop(self, url: str) -> None:
        drop_database(self.admin, make_url(url).database)

    def close(self) -> None:
        for name in self.templates.values():
            drop_database(self.admin, name)
        self.admin.dispose()


@pytest.fixture(scope="session")
def backend(tmp_path_factory) -> Iterator[Backend]:
    workdir = tmp_path_factory.mktemp("db")
    if PG_ADMIN_URL:
        pg = PostgresBackend(workdir, PG_ADMIN_URL)
        yield pg
        pg.close()
    else:
        yield SqliteBackend(workdir)


def _engine(backend: Backend, kind: str) -> Iterator[Engine]:
    url = backend.fresh(kind)
    engine = make_engine(url)
    yield engine
    engine.dispose()
    backend.drop(url)


@pytest.fixture
def engine(backend) -> Iterator[Engine]:
    """A fresh, migrated, empty database."""
    yield from _engine(backend, "empty")


@pytest.fixture
def demo_engine(backend) -> Iterator[Engine]:
    """A fresh database holding the demo programme, today's gathering mid-session."""
    yield from _engine(backend, "demo")


@pytest.fixture
def shipped(backend) -> Iterator[Session]:
    """The demo as `make run` loads it: today's gathering still empty."""
    for engine in _engine(backend, "shipped"):
        with Session(engine, expire_on_commit=False) as s:
            yield s


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def demo(demo_engine) -> Iterator[Session]:
    with Session(demo_engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def demo_url(backend) -> Iterator[str]:
    """URL of a fresh demo database, for tests that run the app (AppTest or a server)."""
    url = backend.fresh("demo")
    yield url
    changes.stop_listening(url)  # a live page started this process's listener (PostgreSQL)
    backend.drop(url)


@pytest.fixture
def app_env(demo_url, monkeypatch) -> str:
    """Point the app at a fresh demo database in demo mode."""
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("KULTUR3_DEMO", "1")
    get_settings.cache_clear()
    yield demo_url
    get_settings.cache_clear()


def actor_of(session: Session, username: str) -> Actor:
    """The Actor for a demo username."""
    user = session.exec(select(User).where(User.username == username)).one()
    return Actor(user_id=user.id, username=user.username, display_name=user.display_name,
                 role=Role(user.role), municipality_id=user.municipality_id)


def municipality_id(session: Session, number: str) -> int:
    """The id of a municipality by its kommunenummer."""
    return session.exec(select(Municipality.id).where(Municipality.number == number)).one()


# Strict translations in every test: a missing key or parameter raises (kultur3/core/i18n.py).
i18n.STRICT = True


def pytest_report_header(config) -> str:
    return f"kultur3 database backend: {'postgresql' if PG_ADMIN_URL else 'sqlite'}"


__all__ = ["SQLModel", "actor_of", "municipality_id"]


@pytest.fixture
def mailbox():
    """A real SMTP server on localhost for one test; its messages are kept."""
    from tests.mailcatcher import MailCatcher
    catcher = MailCatcher().start()
    yield catcher
    catcher.stop()
