"""Screenshots of the screens a real install starts from (no demo data), at projector,
laptop-projector and phone size, into docs/screenshots/real-*.png.

    .venv/bin/python scripts/real_install_screenshots.py

Needs Chromium (`make test` installs it). A fresh SQLite database in a temporary folder: the
first programme page, the level-text editor, enrolling, an invitation link, the group's page
and the login page with «Glemt passord?» open.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402
from sqlmodel import Session  # noqa: E402

from kultur3 import migrate  # noqa: E402
from kultur3.access import accounts  # noqa: E402
from kultur3.access.permissions import OPERATOR  # noqa: E402
from kultur3.group import invitations, team  # noqa: E402
from kultur3.models import Role  # noqa: E402
from kultur3.programme import lifecycle  # noqa: E402
from kultur3.store.db import make_engine  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server, login, wait_for_app  # noqa: E402
from tests.conftest import municipality_id  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"1920x1080": (1920, 1080), "1280x720": (1280, 720), "390x844": (390, 844)}
ADMIN_PASSWORD = "kari-sitt-passord"  # noqa: S105 - a throwaway database
PASSWORD = "et-godt-passord-2027"  # noqa: S105


def shoot(browser, base: str, name: str, path: str, user: str | None = None,
          password: str = ADMIN_PASSWORD, before=None) -> None:
    """One screen at every size, logged in as user (or not)."""
    for size, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height},
                                      is_mobile=width < 500, locale="nb-NO")
        page = context.new_page()
        page.set_default_timeout(20_000)
        if user:
            login(page, base, user, password)
        page.goto(base + path)
        wait_for_app(page)
        if before:
            before(page)
            wait_for_app(page)
        page.screenshot(path=str(OUT / f"real-{name}-{size}.png"))
        context.close()


def pick_area(page: Page) -> None:
    page.locator(".st-key-admin_programme-area input").click()
    page.get_by_role("option").first.click()
    wait_for_app(page)
    page.locator("summary").filter(has_text="Beskrivelse og nivåtekster").click()


def pick_hoyanger(page: Page) -> None:
    page.locator(".st-key-admin_groups-pick input").click()
    page.get_by_role("option", name="Høyanger (4638)").click()


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{tmp / 'real.db'}")
    migrate.upgrade(engine)
    with Session(engine, expire_on_commit=False) as s:
        accounts.create_user(session=s, actor=OPERATOR, username="kari", password=ADMIN_PASSWORD,
                             role=Role.ADMIN, display_name="Kari Admin")
        s.commit()
    server = Server(str(engine.url), tmp / "streamlit.log",
                    env={"KULTUR3_DEMO": "", "KULTUR3_COOKIE_KEY": "k" * 40}).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            shoot(browser, server.url, "program-empty", "/program", "kari")
            with Session(engine, expire_on_commit=False) as s:
                prog = lifecycle.create_programme(
                    session=s, actor=OPERATOR, data=lifecycle.ProgrammeInput(
                        name="Kulturskole 3.0 – Vestland 2027", description="Andre kull"))
                lifecycle.enrol(session=s, actor=OPERATOR, programme_id=prog.id,
                                      numbers=["4638", "4647", "4618"])
                invited = invitations.invite(
                    session=s, actor=OPERATOR, email="kari.nordmann@hoyanger.kommune.no",
                    role=Role.GROUP, programme_id=prog.id,
                    municipality_id=municipality_id(s, "4638"), is_coordinator=True,
                    display_name="Kari Nordmann", group_role="Kulturskoleleder")
                s.commit()
            shoot(browser, server.url, "program-levels", "/program", "kari", before=pick_area)
            shoot(browser, server.url, "groups", "/kommunegrupper", "kari", before=pick_hoyanger)
            shoot(browser, server.url, "invitation", f"/invitasjon?token={invited.token}")
            with Session(engine, expire_on_commit=False) as s:
                kari = invitations.accept(session=s, token=invited.token, password=PASSWORD)
                team.save_project(
                    session=s, actor=kari, programme_id=prog.id,
                    municipality_id=kari.municipality_id, base_version=0,
                    texts={"project_goal": "Flere barn i Høyanger møter kunst der de bor.",
                           "project_partners": "Skolene, frivilligsentralen, biblioteket"})
                s.commit()
            shoot(browser, server.url, "team", "/var-gruppe", kari.username, PASSWORD)
            shoot(browser, server.url, "team-project", "/var-gruppe", kari.username, PASSWORD,
                  before=lambda page: page.get_by_role(
                      "tab", name="Fokusområde og utviklingsprosjekt").click())
            shoot(browser, server.url, "login-forgot", "/",
                  before=lambda page: page.get_by_text("Glemt passord?").click())
            browser.close()
    finally:
        server.stop()
        engine.dispose()


if __name__ == "__main__":
    main()
