"""The demo never touches real data: `seed --demo` (forced or not) and demo mode refuse a
database that holds anything the demo did not make; the demo's marker says what it made."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, func, select
from streamlit.testing.v1 import AppTest

from kultur3.access import accounts
from kultur3.access.permissions import OPERATOR
from kultur3.core.config import get_settings
from kultur3.core.errors import ConfigError
from kultur3.models import Programme, Role, Setting, User
from kultur3.programme import lifecycle
from kultur3.seed import DEMO_MARKER, demo_made, seed_demo

ROOT = Path(__file__).resolve().parents[1]


def _real_user(session):
    accounts.create_user(session=session, actor=OPERATOR, username="kari@hoyanger.kommune.no",
                         password="et ekte og langt passord", role=Role.ADMIN,
                         display_name="Kari Nordmann")
    session.commit()


def _counts(session):
    return (session.exec(select(func.count()).select_from(User)).one(),
            session.exec(select(func.count()).select_from(Programme)).one())


@pytest.mark.parametrize("force", [False, True])
def test_seed_refuses_a_real_database(session, force):
    _real_user(session)
    before = _counts(session)
    with pytest.raises(ConfigError):
        seed_demo(session, force=force)
    session.rollback()
    assert _counts(session) == before


def test_a_real_programme_in_the_demo_database_makes_it_real(demo):
    assert demo_made(demo)
    lifecycle.create_programme(session=demo, actor=OPERATOR,
                                     data=lifecycle.ProgrammeInput(name="Vestland 2027"))
    demo.commit()
    assert not demo_made(demo)
    with pytest.raises(ConfigError):
        seed_demo(demo, force=True)


def test_a_login_the_demo_did_not_make_makes_it_real(demo):
    _real_user(demo)
    assert not demo_made(demo)
    with pytest.raises(ConfigError):
        seed_demo(demo, force=True)


def test_without_the_marker_it_is_not_the_demos(demo):
    """Demo-shaped data without the marker (someone's own rows named like the demo's) is
    not enough."""
    demo.delete(demo.get(Setting, DEMO_MARKER))
    demo.commit()
    with pytest.raises(ConfigError):
        seed_demo(demo, force=True)


def test_the_demo_may_reset_its_own_database(demo):
    result = seed_demo(demo, force=True)
    assert result.programme_id is not None and demo_made(demo)


def test_the_cli_refuses_with_a_plain_message(engine):
    with Session(engine) as s:
        _real_user(s)
    env = {**os.environ, "DATABASE_URL": engine.url.render_as_string(hide_password=False),
           "KULTUR3_DEMO": "1"}
    result = subprocess.run([sys.executable, "-m", "kultur3", "seed", "--demo", "--force"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "bare på en database som demoen har laget" in result.stderr
    with Session(engine) as s:
        assert _counts(s) == (1, 0)


@pytest.mark.parametrize("cookie_key", ["", "x" * 40])
def test_demo_mode_refuses_to_start_on_a_real_database(engine, monkeypatch, cookie_key):
    with Session(engine) as s:
        _real_user(s)
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KULTUR3_DEMO", "1")
    monkeypatch.setenv("KULTUR3_COOKIE_KEY", cookie_key)
    get_settings.cache_clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    finally:
        get_settings.cache_clear()
    assert any("bare på en database som demoen har laget" in e.value for e in at.error)
    assert not at.text_input  # no login form: nothing of the app runs
    with Session(engine) as s:
        assert _counts(s) == (1, 0)


def test_a_demo_database_from_before_the_marker_gets_it_and_a_real_one_does_not(demo_engine,
                                                                                 engine):
    """Migration 0012 marks a database the demo made before markers existed (only demo
    programmes, only the demo's logins), so `make run` keeps working on it."""
    from kultur3 import migrate
    with Session(engine) as s:
        _real_user(s)
        seed_programme = lifecycle.create_programme(
            session=s, actor=OPERATOR, data=lifecycle.ProgrammeInput(name="Ekte"))
        s.commit()
        assert seed_programme.id
    for e in (demo_engine, engine):
        migrate.downgrade(e, "0010")
        if e is demo_engine:  # a demo from before 0012 had no adviser login (issue 23) and
            with Session(e) as s:  # no researcher (issue 24)
                s.exec(text("DELETE FROM programmeaccess WHERE user_id IN (SELECT id FROM "
                            "\"user\" WHERE username IN ('veileder', 'forsker'))"))
                s.exec(text("DELETE FROM \"user\" WHERE username IN ('veileder', 'forsker')"))
                s.commit()
        migrate.upgrade(e)
    with Session(demo_engine) as s:
        assert demo_made(s)
    with Session(engine) as s:
        assert s.get(Setting, DEMO_MARKER) is None
