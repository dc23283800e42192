"""A visitor reaches «Personvern» from the login page, and by its address, in real Chromium;
the page has no serious axe-core violations."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_for_app
from tests.browser.test_accessibility import axe_violations

pytestmark = pytest.mark.browser


def test_a_visitor_reads_the_privacy_page(server, page):
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("link", name="Personvern: hva som lagres, og hvorfor").first.click()
    expect(page.get_by_role("heading", name="Hvem er ansvarlig")).to_be_visible()
    assert page.url.endswith("/personvern")
    expect(page.get_by_text("Behandlingsansvarlig er ikke oppgitt ennå")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"{server.url}/personvern")  # a deep link, logged out: the page, no login
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Om deltakere som blir med via kode")).to_be_visible()
    expect(page.get_by_label("Brukernavn")).to_have_count(0)
