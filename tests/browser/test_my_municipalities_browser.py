"""«Mine kommuner» in real Chromium: a figure's link opens its page in the same tab, logged in,
on the right municipality with the filter it counts (st.markdown would open a new tab)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, wait_for_app

pytestmark = pytest.mark.browser


def test_an_overdue_count_opens_the_action_plan_in_the_same_tab(server, page):
    login(page, server.url, "veileder")
    page.goto(f"{server.url}/mine-kommuner")
    wait_for_app(page)
    link = page.locator("a[href*='vis=forfalt']").first
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    number = re.search(r"kommune=(\d{4})", href).group(1)
    assert link.get_attribute("target") in (None, "_self")
    link.click()
    page.wait_for_url(re.compile(r"/handlingsplan\?kommune=\d{4}&vis=forfalt"))
    wait_for_app(page)
    assert len(page.context.pages) == 1  # no new tab
    expect(page.get_by_role("heading", name="Handlingsplan").first).to_be_visible()
    chosen = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first
    expect(chosen.locator("input")).to_have_value(re.compile(rf"\({number}\)"))  # its municipality
    expect(page.get_by_text(re.compile(r"Viser \d+ tiltak over fristen"))).to_be_visible()  # the filter
    expect(page.get_by_role("button", name="Vis alle")).to_be_visible()
