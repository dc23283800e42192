"""Browser fixtures: a real Streamlit server on a fresh demo database, and Debian's Chromium."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import drop_database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KULTUR3_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "kultur3-demo"
expect.set_options(timeout=15_000)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m kultur3.ui.serve` (= streamlit run app.py) in demo mode on its own port and database."""

    def __init__(self, database_url: str, log: Path, env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.log = log
        self.env = env or {}  # e.g. KULTUR3_DEMO="" for a real install
        self.proc: subprocess.Popen | None = None

    def start(self) -> Server:
        env = {**os.environ, "DATABASE_URL": self.database_url, "KULTUR3_DEMO": "1", **self.env}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kultur3.ui.serve", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        return self.wait_healthy()

    def wait_healthy(self) -> Server:
        """Return once Streamlit answers its health check (60 s at most)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.25)
        raise RuntimeError(f"streamlit did not start; see {self.log}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture
def server(demo_url, tmp_path) -> Iterator[Server]:
    """A fresh server on a fresh demo database, for one test."""
    srv = Server(demo_url, tmp_path / "streamlit.log").start()
    yield srv
    srv.stop()


@pytest.fixture
def make_server(demo_url, tmp_path):
    """Start (and later stop) fresh servers on the same database, as a restart would."""
    started: list[Server] = []

    def _make() -> Server:
        srv = Server(demo_url, tmp_path / f"streamlit-{len(started)}.log").start()
        started.append(srv)
        return srv

    yield _make
    for srv in started:
        srv.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError("Chromium is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


PG_ADMIN_URL = (os.environ.get("KULTUR3_SCALEOUT_POSTGRES")
                or os.environ.get("KULTUR3_TEST_POSTGRES"))


@contextmanager
def empty_pg_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one browser test (dropped after it). `make test`
    starts the server and passes its admin URL; by hand, say plainly what is missing."""
    if not PG_ADMIN_URL:
        pytest.fail("KULTUR3_SCALEOUT_POSTGRES is not set: run the tests with `make test`, "
                    "which installs and starts PostgreSQL")
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(admin, name)
        admin.dispose()


def wait_for_app(page: Page, *, through_app: bool = True) -> None:
    """Wait until Streamlit has finished running the script: no status widget, no element
    still a skeleton, and the app saying its script is not running (the attribute Streamlit's
    own browser tests wait on) or, on a live page whose ticker fragment keeps it «running»,
    calm for CALM_MS. (through_app is kept for the callers: the login cookie is read from the
    request now, with no component to wait for.) The status widget alone was not enough: a
    console at 1280x720 was photographed with 95 skeletons, and a join page with nothing but
    its footer (the footer is drawn before the page)."""
    page.wait_for_selector("[data-testid='stApp']")
    for _ in range(2):  # the status can blink off between the two runs
        page.wait_for_timeout(300)
        page.wait_for_function(SETTLED, arg=CALM_MS, timeout=20_000)


CALM_MS = 1500
SETTLED = """(calm) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || document.querySelector('[data-testid="stStatusWidget"]')
        || document.querySelector('[data-testid="stSkeleton"]')) {
        window.__k3calm = 0; return false; }
    if (app.dataset.testScriptState === 'notRunning') return true;
    const now = performance.now();
    window.__k3calm = window.__k3calm || now;
    return now - window.__k3calm > calm; }"""


def login(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the form and wait until the session cookie is in the browser (set by
    the hand-off route's response, kultur3/ui/web.py)."""
    page.goto(base_url)
    wait_for_app(page)
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if any(c["name"] == "kultur3_auth" for c in page.context.cookies()):
            wait_for_app(page)
            return
        page.wait_for_timeout(200)
    shot = ROOT / "test-results" / f"login-{username}-{int(time.time())}.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot))
    raise AssertionError(f"the login cookie never arrived; screenshot {shot}")
