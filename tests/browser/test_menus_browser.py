"""Every role's menu in sections, the whole of it on a 1280×720 screen; the footer's
accessibility statement reachable logged out (issue 26 §2, §3)."""

import pytest
from playwright.sync_api import expect

from kultur3.models import ACCOUNT_ROLES, Role
from tests.browser.conftest import login, wait_for_app
from tests.browser.test_accessibility import USERS

pytestmark = pytest.mark.browser

SECTIONS = {Role.ADMIN: ["Administrasjon", "Kommunene", "Samlinger", "Innsikt",
                         "Min konto og hjelp"],
            Role.FACILITATOR: ["Kommunene", "Samlinger", "Innsikt", "Min konto og hjelp"],
            Role.GROUP: ["Vårt arbeid", "Samlinger", "Innsikt", "Min konto og hjelp"]}


def _menu(page) -> dict:
    page.wait_for_selector('[data-testid="stSidebarNav"] a')
    return page.evaluate("""() => {
        const nav = document.querySelector('[data-testid="stSidebarNav"]');
        const links = [...nav.querySelectorAll('a')];
        const last = links[links.length - 1].getBoundingClientRect();
        return {headers: [...nav.querySelectorAll('[data-testid="stNavSectionHeader"]')]
                    .map(h => h.innerText.trim()),
                links: links.map(a => a.innerText.trim()),
                bottom: last.bottom, height: window.innerHeight,
                scrolled: document.querySelector('[data-testid="stSidebarContent"]').scrollTop};
    }""")


@pytest.mark.parametrize("role", list(ACCOUNT_ROLES))
def test_the_whole_menu_fits_a_1280x720_screen_in_sections(server, browser, role):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nb-NO")
    page = context.new_page()
    try:
        login(page, server.url, USERS[role])
        menu = _menu(page)
        print(role, menu)  # the measurement, with -s
        assert menu["bottom"] <= menu["height"], menu
        assert "Vår kommune" not in menu["links"] or role == Role.GROUP
        if role in SECTIONS:
            assert menu["headers"] == SECTIONS[role]
    finally:
        context.close()


def test_the_statement_is_one_click_from_the_login_page(server, page):
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(page.get_by_role("heading", name="Dette oppfyller løsningen ikke")).to_be_visible()
    assert page.url.endswith("/tilgjengelighet")


def test_the_footer_is_last_also_on_a_page_that_stops_early(server, page):
    """The join page without a code stops early (st.stop); the footer is drawn before the
    page and placed last by CSS, so it is there, below the page's own content."""
    page.goto(f"{server.url}/delta")
    wait_for_app(page)
    link = page.locator(".st-key-footer").get_by_role("link", name="Tilgjengelighetserklæring")
    expect(link).to_be_visible()
    expect(page.get_by_text("Skriv koden som står på storskjermen")).to_be_visible()  # the page
    below = page.evaluate("""() => {
        const footer = document.querySelector('.st-key-footer').getBoundingClientRect();
        const shown = [...document.querySelectorAll('.stMain [data-testid="stElementContainer"]')]
            .filter(e => !e.closest('.st-key-footer') && e.getBoundingClientRect().height > 0);
        return shown.length > 0 && shown.every(e => e.getBoundingClientRect().bottom <= footer.top + 1);
    }""")
    assert below
