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
