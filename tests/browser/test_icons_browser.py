"""The icon font cut by deploy/precompress.py (issue 25's first load: 375 KB of 1,109 through
nginx), served in its place the way nginx serves it, draws every icon of every page of every
role, the join page and the projector: an icon is a ligature, and a name the cut font lacks
would show as its letters, several times wider than one glyph."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from kultur3.models import ACCOUNT_ROLES
from tests.browser.conftest import ROOT, login, wait_for_app
from tests.browser.test_accessibility import USERS, pages_for, visit

pytestmark = pytest.mark.browser

# A glyph is one em wide; a name drawn as letters is many («accessibility_new»: 9 em).
WIDEST_EM = 1.6
# The icon's box is one em whatever it draws (Streamlit fixes its width): the text's own
# extent is measured instead, as a Range round it.
DRAWN = """async (widest) => {
    await document.fonts.ready;
    const drawn = e => { const r = document.createRange(); r.selectNodeContents(e);
                         return r.getBoundingClientRect().width; };
    return [...document.querySelectorAll('[data-testid="stIconMaterial"]')]
        .filter(e => e.offsetParent !== null)
        .filter(e => drawn(e) > widest * parseFloat(getComputedStyle(e).fontSize))
        .map(e => e.textContent.trim()); }"""


def _precompress():
    spec = importlib.util.spec_from_file_location("precompress",
                                                  ROOT / "deploy" / "precompress.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cut_font(tmp_path_factory) -> tuple[str, bytes]:
    """(file name, bytes) of Streamlit's icon font as deploy/precompress.py cuts it, from the
    installed bundle's JavaScript and the app's code."""
    precompress = _precompress()
    bundle = precompress.streamlit_static()
    static = tmp_path_factory.mktemp("static")
    shutil.copytree(bundle / "static" / "js", static / "js")
    (font,) = bundle.rglob(precompress.ICON_FONT)
    (static / "media").mkdir()
    shutil.copy(font, static / "media" / font.name)
    (cut,) = precompress.subset_icons(static)
    assert cut[2] < cut[1] / 3, cut
    return font.name, (static / "media" / font.name).read_bytes()


def _with_cut_font(browser: Browser, font: tuple[str, bytes]) -> Page:
    name, body = font
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    context.route(f"**/{name}", lambda route: route.fulfill(
        status=200, body=body, content_type="font/woff2"))
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def _not_drawn(page: Page) -> list[str]:
    return page.evaluate(DRAWN, WIDEST_EM)


@pytest.mark.parametrize("role", list(ACCOUNT_ROLES))
def test_every_icon_of_every_page_is_drawn_by_the_cut_font(server, browser, cut_font, role):
    page = _with_cut_font(browser, cut_font)
    try:
        login(page, server.url, USERS[role])
        missing = {}
        for key in pages_for(role):
            visit(page, server.url, key)
            if found := _not_drawn(page):
                missing[key] = found
        assert missing == {}
    finally:
        page.context.close()


def test_the_join_page_and_the_projector_draw_their_icons_too(server, browser, cut_font):
    from tests.browser.test_live_browser import question_one_on_the_wall
    token = question_one_on_the_wall(server.database_url)
    page = _with_cut_font(browser, cut_font)
    try:
        page.goto(f"{server.url}/delta")
        wait_for_app(page)
        assert _not_drawn(page) == []
        page.goto(f"{server.url}/storskjerm?visning={token}")
        wait_for_app(page)
        assert _not_drawn(page) == []
    finally:
        page.context.close()


def test_a_page_icon_the_font_lacks_is_caught(server, browser, tmp_path):
    """The check itself: the join page with a font cut without the footer's icons fails it."""
    precompress = _precompress()
    (font,) = precompress.streamlit_static().rglob(precompress.ICON_FONT)
    (tmp_path / "media").mkdir()
    shutil.copy(font, tmp_path / "media" / font.name)
    precompress.subset_icons(tmp_path, app=Path(tmp_path))  # no app code, no bundle words
    page = _with_cut_font(browser, (font.name, (tmp_path / "media" / font.name).read_bytes()))
    try:
        page.goto(f"{server.url}/delta")
        wait_for_app(page)
        assert {"accessibility_new", "policy"} <= set(_not_drawn(page))
    finally:
        page.context.close()
