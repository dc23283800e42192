"""Two app replicas on one PostgreSQL behind nginx (deploy/run.py): the projector on one
replica, a group on the other, and the group's submission appears on the projector.

Needs PostgreSQL and nginx, which `make test` installs and starts; it passes the server's
admin URL in KULTUR3_SCALEOUT_POSTGRES.
"""

import os
import secrets
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import Session, select

from kultur3 import live, migrate
from kultur3.models import Gathering
from kultur3.seed import seed_demo
from kultur3.store.db import make_engine
from tests.browser.conftest import ROOT, _free_port, empty_pg_database, login, wait_for_app
from tests.conftest import actor_of

pytestmark = pytest.mark.browser


@pytest.fixture
def pg_url():
    with empty_pg_database("kultur3_scaleout") as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        with Session(engine) as s:
            seed_demo(s, room_in_progress=True)
            s.commit()
        engine.dispose()
        yield url


@pytest.fixture
def cluster(pg_url, tmp_path):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": pg_url, "KULTUR3_DEMO": "1",
           "KULTUR3_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    proc = subprocess.Popen([sys.executable, "deploy/run.py", "--replicas", "2", "--port",
                             str(port), "--prefix", str(tmp_path / "deploy")], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    if not line.startswith("ready"):
        proc.kill()
        raise RuntimeError(f"deploy/run.py did not start: {line}{proc.stdout.read()[-3000:]}")
    yield f"http://127.0.0.1:{port}", tmp_path / "deploy"
    proc.terminate()
    proc.wait(timeout=30)


def replica_for(base: str, route: str) -> str:
    """Which replica nginx sends a browser holding this route cookie to."""
    req = urllib.request.Request(f"{base}/_stcore/health",
                                 headers={"Cookie": f"kultur3_route={route}"})
    with urllib.request.urlopen(req, timeout=5) as r:  # noqa: S310 - our own http URL
        return r.headers["X-Kultur3-Replica"]


def routes_to_two_replicas(base: str) -> tuple[str, str, str, str]:
    """Two route cookies that nginx sends to two different replicas."""
    seen: dict[str, str] = {}
    for _ in range(64):
        route = secrets.token_hex(8)
        seen.setdefault(replica_for(base, route), route)
        if len(seen) == 2:
            (a, ra), (b, rb) = seen.items()
            return ra, a, rb, b
    raise AssertionError(f"nginx sent every route to one replica: {seen}")


def pinned(browser: Browser, base: str, route: str):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    context.add_cookies([{"name": "kultur3_route", "value": route, "url": base}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def test_projector_on_one_replica_sees_a_group_on_the_other(cluster, pg_url, browser):
    cluster, prefix = cluster
    route_a, replica_a, route_b, replica_b = routes_to_two_replicas(cluster)
    assert replica_a != replica_b
    assert all(replica_for(cluster, route_a) == replica_a for _ in range(5))  # sticky

    engine = make_engine(pg_url)
    with Session(engine) as s:
        g = s.exec(select(Gathering).where(Gathering.status == "active")).one()
        staff = actor_of(s, "fasilitator")
        live.set_phase(session=s, actor=staff, gathering_id=g.id, phase="q1")
        live.set_revealed(session=s, actor=staff, gathering_id=g.id, phase="q1", revealed=True)
        token = live.new_view_token(session=s, actor=staff, gathering_id=g.id)
        s.commit()
    engine.dispose()

    projector = pinned(browser, cluster, route_a)
    group = pinned(browser, cluster, route_b)
    try:
        projector.goto(f"{cluster}/storskjerm?visning={token}")
        expect(projector.locator(".st-key-projector-question")).to_be_visible()
        login(group, cluster, "kommune-3203")  # the login cookie is made on replica B
        group.goto(f"{cluster}/samling")
        wait_for_app(group)
        expect(group.locator(".st-key-live_group-phase")).to_contain_text("Spørsmål 1")
        # Both browsers really are on their own replica, websocket included.
        assert {c["value"] for c in projector.context.cookies()
                if c["name"] == "kultur3_route"} == {route_a}
        text_b = f"Fra replika B {int(time.time())}"
        field = group.get_by_label("Hele bildet").first
        field.fill(text_b)
        field.press("Tab")
        expect(projector.get_by_text(text_b)).to_be_visible()
    finally:
        projector.context.close()
        group.context.close()
    # nginx logs a websocket when it closes: each browser's stream went to its own replica.
    deadline = time.monotonic() + 10
    streams: set[tuple[str, str]] = set()
    while time.monotonic() < deadline and len(streams) < 2:
        streams = {(line.split("upstream=")[1].split()[0], line.split("route=")[1].strip())
                   for line in (prefix / "access.log").read_text().splitlines()
                   if "/_stcore/stream" in line}
        time.sleep(0.5)
    assert (replica_a, route_a) in streams and (replica_b, route_b) in streams, streams
