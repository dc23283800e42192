"""AppTest helpers: run the app or one page as a given user, widgets found by key."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from kultur3.access import sessions
from kultur3.core.config import database_url, get_settings
from kultur3.models import User
from kultur3.store.db import make_engine, session_scope
from kultur3.ui import keys

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30


def run_app(username: str | None = None, lang: str | None = None, page: str | None = None) -> AppTest:
    """Run app.py (optionally switched to a page) as a logged-in user."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    _login_state(at, username, lang)
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    return at


def run_page(page: str, username: str | None = None) -> AppTest:
    """Run a page file directly, as Streamlit does before any session called st.navigation."""
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=TIMEOUT)
    _login_state(at, username, None)
    at.run()
    return at


def start_session(username: str) -> str:
    """A live session for the user in the app's database; its id, as a login leaves it."""
    engine = make_engine(database_url())
    try:
        with session_scope(engine) as session:
            user_id = session.exec(select(User.id).where(User.username == username)).one()
            return sessions.start(session, user_id=user_id, policy=sessions.SessionPolicy(),
                                  user_agent="AppTest")
    finally:
        engine.dispose()


def log_in_as(at: AppTest, username: str) -> str:
    """Log the AppTest in as a real login does: a session in the database, named by this
    tab's state (AppTest sends no cookies, and no cookie route serves it). Returns its id."""
    token = start_session(username)
    at.session_state[keys.SESSION_TOKEN] = token
    return token


def _login_state(at: AppTest, username: str | None, lang: str | None) -> None:
    if username:
        log_in_as(at, username)
    if lang:
        at.session_state["app.lang"] = lang


def texts(at: AppTest) -> str:
    """All visible text of the run, for assertions on content."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success",
                 "warning", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


@pytest.fixture(autouse=True)
def _app(app_env):
    """Every page test runs against its own fresh demo database."""
    return app_env


@contextmanager
def empty_install(backend, monkeypatch) -> Iterator[Session]:
    """A fresh database as `db upgrade` leaves it (the register only), outside demo mode, the
    app pointed at it; yields an open session on it, and drops it after."""
    url = backend.fresh("empty")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("KULTUR3_DEMO", "")
    monkeypatch.setenv("KULTUR3_COOKIE_KEY", "k" * 40)
    get_settings.cache_clear()
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as s:
            yield s
    finally:
        engine.dispose()
        get_settings.cache_clear()
        backend.drop(url)
