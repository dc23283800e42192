"""The app runs under the Content-Security-Policy of kultur3/core/http_headers.py: through nginx
with the shipped TLS template (deploy/run.py --tls, a throwaway self-signed certificate),
every page for every role, a participant joined by code and a projector by its view link,
with zero CSP violations in any frame and every page actually drawn.

The TLS block is the one a fixed install runs, so this runs it rather than a plain-HTTP
variant: the policy's `connect-src 'self' wss:` is then tried on a real wss:// websocket.
Also measures what the nginx limits and .streamlit/config.toml are sized by (printed):
requests on a phone's first visit, and the largest websocket message either way.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from kultur3.access.permissions import pages_for
from kultur3.models import ACCOUNT_ROLES
from kultur3.ui.nav import URL_PATHS
from tests.browser.conftest import ROOT, _free_port, login, wait_for_app
from tests.browser.test_accessibility import USERS, charts_drawn
from tests.browser.test_live_browser import prepare
from tests.test_deploy import self_signed

pytestmark = pytest.mark.browser

NAME = "localhost"  # Chromium resolves it without a hosts file; the certificate names it

# Added to every frame before its own scripts: a violation becomes a console message, which
# Playwright reports for the page and any frame alike.
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', e =>
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
                  + ` in ${e.sourceFile || document.location.pathname}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def tls_site(tmp_path_factory, backend) -> Iterator[tuple[str, str]]:
    """One replica on a demo database behind nginx with TLS; (base url, database url)."""
    folder = tmp_path_factory.mktemp("csp")
    cert, key = self_signed(folder, NAME)
    url = backend.fresh("demo")
    port = _free_port()
    base = f"https://{NAME}:{port}"
    env = {**os.environ, "DATABASE_URL": url, "KULTUR3_DEMO": "1", "KULTUR3_PUBLIC_URL": base}
    proc = subprocess.Popen(
        [sys.executable, "deploy/run.py", "--replicas", "1", "--port", str(port), "--tls",
         "--cert", str(cert), "--key", str(key), "--http-port", str(_free_port()),
         "--server-name", NAME, "--prefix", str(folder / "deploy")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    if not line.startswith("ready"):
        proc.kill()
        raise RuntimeError(f"deploy/run.py did not start: {line}{proc.stdout.read()[-3000:]}")
    yield base, url
    proc.terminate()
    proc.wait(timeout=30)
    backend.drop(url)


class Watch:
    """A browser context that records CSP violations, requests and websocket frame sizes."""

    def __init__(self, browser: Browser, width: int = 1280, height: int = 800) -> None:
        self.context: BrowserContext = browser.new_context(
            viewport={"width": width, "height": height}, locale="nb-NO",
            ignore_https_errors=True)  # the throwaway certificate
        self.context.add_init_script(REPORT_VIOLATIONS)
        self.violations: list[str] = []
        self.requests = 0
        self.framed: list[str] = []  # what loaded into a frame (nothing should)
        self.largest_in = self.largest_out = 0
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.page.on("console", self._console)
        self.page.on("request", self._request)
        self.page.on("websocket", self._websocket)

    def _console(self, msg) -> None:
        if "Content Security Policy" in msg.text or "CSP violation" in msg.text:
            self.violations.append(f"{self.page.url}: {msg.text}")

    def _request(self, request) -> None:
        self.requests += 1
        # The login cookie component once ran in an iframe under /component/; nothing does now.
        try:
            in_frame = request.frame.parent_frame is not None
        except PlaywrightError:  # a service worker's request has no frame
            in_frame = False
        if in_frame or "/component/" in request.url:
            self.framed.append(request.url)

    def _websocket(self, ws) -> None:
        ws.on("framereceived", lambda p: self._frame(p, incoming=True))
        ws.on("framesent", lambda p: self._frame(p, incoming=False))

    def _frame(self, payload, *, incoming: bool) -> None:
        size = len(payload)
        if incoming:
            self.largest_in = max(self.largest_in, size)
        else:
            self.largest_out = max(self.largest_out, size)

    def drawn(self) -> None:
        """The page ran to the end and shows its own content: a heading (the projector has
        none: its question line), no error, not «Siden er ikke her»."""
        wait_for_app(self.page)
        charts_drawn(self.page)
        main = self.page.locator("[data-testid='stMain']")
        expect(main.locator("h1, h2, .st-key-projector-title").first).to_be_visible()
        expect(main.locator("[data-testid='stException']")).to_have_count(0)
        expect(main.get_by_text("Siden er ikke her")).to_have_count(0)

    def close(self) -> None:
        self.context.close()


def _record(report: dict, key: str, watch: Watch) -> None:
    report[key] = watch.violations + [f"framed: {url}" for url in watch.framed]
    report.setdefault("_sizes", []).append((key, watch.largest_in, watch.largest_out))


def test_every_page_for_every_role_runs_under_the_policy(tls_site, browser, capsys):
    base, url = tls_site
    code, token = prepare(url)
    report: dict = {}

    visitor = Watch(browser, 390, 844)  # a phone's first visit: what the limits are sized by
    try:
        visitor.page.goto(f"{base}/delta?kode={code}")
        visitor.drawn()
        first_visit_requests = visitor.requests
        visitor.page.locator(".st-key-join-municipality").click()
        visitor.page.get_by_role("option", name="Asker").click()
        visitor.page.get_by_role("button", name="Bli med").click()
        expect(visitor.page.get_by_text("Kommunegruppa i Asker")).to_be_visible()
        visitor.drawn()
        for path in ("logg-inn", "invitasjon?token=not-a-real-token"):  # a visitor's pages
            visitor.page.goto(f"{base}/{path}")
            visitor.drawn()
        _record(report, "participant+visitor", visitor)
    finally:
        visitor.close()

    projector = Watch(browser, 1920, 1080)
    try:
        projector.page.goto(f"{base}/storskjerm?visning={token}")
        expect(projector.page.locator(".st-key-projector-title")).to_be_visible()
        charts_drawn(projector.page)
        _record(report, "projector", projector)
    finally:
        projector.close()

    for role in ACCOUNT_ROLES:
        watch = Watch(browser)
        try:
            try:
                login(watch.page, base, USERS[role])
            except AssertionError as exc:  # a blocked hand-off script: say what blocked it
                raise AssertionError(f"{exc}; violations: {watch.violations}") from None
            for key in pages_for(role):
                watch.page.goto(f"{base}/{URL_PATHS[key]}")
                watch.drawn()
            _record(report, USERS[role], watch)
        finally:
            watch.close()

    sizes = report.pop("_sizes")
    with capsys.disabled():
        print(f"\nfirst visit to the join page: {first_visit_requests} requests; largest "
              "websocket message in/out (bytes): "
              + ", ".join(f"{k} {i}/{o}" for k, i, o in sizes))
    assert {k: v for k, v in report.items() if v} == {}
    limit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    largest = max(max(i, o) for _, i, o in sizes)
    assert largest < limit["maxMessageSize"] * 1024 * 1024 / 4  # room to grow, see config.toml
