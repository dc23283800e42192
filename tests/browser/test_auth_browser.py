"""Login cookies, refresh, deep links and the guards, in real Chromium."""

import pytest
from playwright.sync_api import expect

from kultur3.ui.nav import URL_PATHS
from tests.browser.conftest import login, wait_for_app

pytestmark = pytest.mark.browser

PAGE_CONTENT = {
    "group_home": "Kommunegruppa i",
    "facilitator_home": "Samlinger og svar",
    "my_municipalities": "Du følger ingen kommuner ennå",
    "overview": "Alle kommuner",
    "admin_home": "Brukere",
    "workshop": "Svar for hele bildet",
    "action_plan": "Siden sist",
    "dashboard": "Gap per kommune og verdiområde",
    "admin_users": "Opprett bruker",
    "admin_audit": "Før og etter",
    "account": "Nåværende passord",
    "admin_groups": "Legg til kommune i programmet",
    "admin_privacy": "Søk på navn, e-post eller brukernavn",
    "admin_programme": "Legg til verdiområde",
}


def test_login_reload_stays_logged_in_on_the_same_page(server, page):
    login(page, server.url, "admin")
    expect(page.get_by_role("heading", name="Administrasjon").first).to_be_visible()
    page.get_by_role("link", name="Oversikt").click()
    expect(page.get_by_role("heading", name="Alle kommuner").first).to_be_visible()
    assert page.url.endswith("/oversikt")
    page.reload()
    expect(page.get_by_role("heading", name="Alle kommuner").first).to_be_visible()
    assert page.url.endswith("/oversikt")
    expect(page.get_by_label("Brukernavn")).to_have_count(0)


def test_deep_link_in_a_new_tab_keeps_the_page(server, page):
    login(page, server.url, "fasilitator")
    other = page.context.new_page()
    other.goto(f"{server.url}/{URL_PATHS['overview']}")
    expect(other.get_by_role("heading", name="Alle kommuner").first).to_be_visible()


def test_group_user_sees_own_radar_and_cannot_deep_link_elsewhere(server, page):
    login(page, server.url, "kommune-3203")
    expect(page.get_by_role("heading", name="Kommunegruppa i Asker").first).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    page.goto(f"{server.url}/{URL_PATHS['overview']}")
    wait_for_app(page)
    # Another role's page: a plain Norwegian «not here» and the way home, never its content.
    expect(page.get_by_role("heading", name="Siden er ikke her")).to_be_visible()
    expect(page.get_by_text("Alle kommuner")).to_have_count(0)
    page.get_by_role("link", name="Til startsiden").click()
    expect(page.get_by_role("heading", name="Kommunegruppa i Asker").first).to_be_visible()


def test_logout_then_reload_shows_the_login(server, page):
    login(page, server.url, "leder")
    expect(page.get_by_role("heading", name="Alle kommuner").first).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_label("Brukernavn")).to_be_visible()
    # The logout route's response deletes the HttpOnly cookie (no script could).
    assert not [c for c in page.context.cookies() if c["name"] == "kultur3_auth"]
    page.reload()
    expect(page.get_by_label("Brukernavn")).to_be_visible()
    expect(page.get_by_text("Alle kommuner")).to_have_count(0)


def test_wrong_password_shows_a_plain_message(server, page):
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_label("Brukernavn").fill("leder")
    page.get_by_label("Passord").fill("feil-passord-her")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_text("Feil brukernavn eller passord.")).to_be_visible()


@pytest.mark.parametrize("key", list(PAGE_CONTENT))
def test_fresh_server_anonymous_page_urls_show_login_never_content(make_server, browser, key):
    """Right after a start, before any session called st.navigation, by both URL forms."""
    srv = make_server()
    context = browser.new_context()
    try:
        for path in (key, URL_PATHS[key]):  # the file name (runs the file) and the menu path
            pg = context.new_page()
            pg.goto(f"{srv.url}/{path}")
            wait_for_app(pg, through_app=path != key)
            login_form = pg.get_by_label("Brukernavn")
            login_needed = pg.get_by_text("Du må logge inn for å se denne siden.")
            expect(login_form.or_(login_needed).first).to_be_visible()
            expect(pg.get_by_text(PAGE_CONTENT[key])).to_have_count(0)
            pg.close()
    finally:
        context.close()
