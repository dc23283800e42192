"""Sessions end when they should, in real Chromium: a cookie saved before a logout or a
password change and replayed afterwards opens nothing; the cookie is HttpOnly and
SameSite=Strict; the hand-off code never travels in an address; the security headers."""

import urllib.request

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PASSWORD, login, wait_for_app

pytestmark = pytest.mark.browser

COOKIE = "kultur3_auth"
NEW_PASSWORD = "et-helt-nytt-passord-1"


def session_cookie(context) -> dict:
    (cookie,) = [c for c in context.cookies() if c["name"] == COOKIE]
    return cookie


def replay(browser: Browser, url: str, cookie: dict) -> None:
    """A new browser holding only the saved cookie is shown the login form, nothing else."""
    context = browser.new_context(locale="nb-NO")
    try:
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(f"{url}/oversikt")
        wait_for_app(page)
        expect(page.get_by_label("Brukernavn")).to_be_visible()
        expect(page.get_by_text("Alle kommuner")).to_have_count(0)
        expect(page.get_by_text("Innlogget som")).to_have_count(0)
    finally:
        context.close()


def test_the_cookie_is_httponly_strict_and_dead_after_logout(server, page, browser):
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    login(page, server.url, "leder")
    expect(page.get_by_role("heading", name="Alle kommuner").first).to_be_visible()
    saved = session_cookie(page.context)
    assert saved["httpOnly"] and saved["sameSite"] == "Strict" and not saved["secure"]
    assert page.evaluate("document.cookie").find(COOKIE) == -1  # no script can read it
    # The one-time code went in a form body, never in an address (history, logs).
    assert f"{server.url}/session/login" in posted
    assert all("code=" not in url for url in posted) and "code=" not in page.url
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_label("Brukernavn")).to_be_visible()
    assert not [c for c in page.context.cookies() if c["name"] == COOKIE]
    replay(browser, server.url, saved)


def test_a_password_change_ends_the_other_browsers_session(server, browser):
    thief = browser.new_context(locale="nb-NO")
    owner = browser.new_context(locale="nb-NO")
    try:
        login(thief.new_page(), server.url, "leder")
        stolen = session_cookie(thief)
        page = owner.new_page()
        login(page, server.url, "leder")
        page.goto(f"{server.url}/min-konto")
        wait_for_app(page)
        expect(page.get_by_text("Der du er logget inn")).to_be_visible()
        page.get_by_label("Nåværende passord").fill(PASSWORD)
        page.get_by_label("Nytt passord", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Gjenta nytt passord").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Bytt passord").click()
        expect(page.get_by_text("Passordet er byttet.")).to_be_visible()
        replay(browser, server.url, stolen)
        page.reload()  # the browser that changed it stays logged in
        wait_for_app(page)
        expect(page.get_by_text("Innlogget som")).to_be_visible()
        # «Logg ut på alle enheter» ends this one too.
        kept = session_cookie(owner)
        page.get_by_role("button", name="Logg ut på alle enheter").click()
        expect(page.get_by_label("Brukernavn")).to_be_visible()
        replay(browser, server.url, kept)
    finally:
        thief.close()
        owner.close()


def test_every_response_carries_the_security_headers(server):
    with urllib.request.urlopen(f"{server.url}/") as response:
        headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers.get("Strict-Transport-Security") is None  # plain HTTP: no HSTS
