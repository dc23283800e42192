"""From an empty database outside demo mode to a running programme, through the command line
and the UI only, in real Chromium, on SQLite and on PostgreSQL: the steps of the README's
«Ta i bruk for et ekte program». Invitations are delivered by a real local SMTP server and
followed from the received message."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from kultur3.models import Answer, Participation, Programme, ProgrammeStatus, Score
from kultur3.store.db import make_engine
from kultur3.ui.nav import URL_PATHS
from tests.browser.conftest import ROOT, Server, empty_pg_database, login, wait_for_app
from tests.mailcatcher import link_in

pytestmark = pytest.mark.browser
ADMIN_PASSWORD = "kari-sitt-lange-passord"
PASSWORD = "et-godt-passord-2027"
PROGRAMME = "Kulturskole 3.0 – Vestland 2027"
MUNICIPALITIES = ("Høyanger", "Sunnfjord", "Ullensvang")
COORDINATOR = "kari.nordmann@hoyanger.kommune.no"
MEMBER = "ola.haugen@hoyanger.kommune.no"
FACILITATOR = "ingrid@ks.example.no"
LEADER = "lars@ks.example.no"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    """A database nobody has touched: no schema, no rows."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kultur3.store.db'}"
        return
    with empty_pg_database("kultur3_real") as url:
        yield url


def cli(url: str, *args: str, stdin: str = "") -> str:
    env = {**os.environ, "DATABASE_URL": url, "KULTUR3_DEMO": ""}
    done = subprocess.run([sys.executable, "-m", "kultur3", *args], input=stdin, cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def real_server(empty_url, mailbox, tmp_path):
    """`db upgrade` and an admin from the command line, then the app with a real cookie key
    and a mail server: exactly what an operator does."""
    cli(empty_url, "db", "upgrade")
    cli(empty_url, "create-user", "kari", "--role", "admin", "--name", "Kari Admin",
        stdin=ADMIN_PASSWORD + "\n")
    srv = Server(empty_url, tmp_path / "streamlit.log", env={
        "KULTUR3_DEMO": "", "KULTUR3_COOKIE_KEY": secrets.token_urlsafe(40),
        "KULTUR3_SMTP_URL": mailbox.url})
    srv.env["KULTUR3_PUBLIC_URL"] = srv.url
    srv.start()
    yield srv
    srv.stop()


def keyed(page: Page, key: str):
    return page.locator(f".st-key-{key.replace('.', '-')}").first


def go(page: Page, base: str, page_key: str) -> None:
    """Open a page by its address. A new page load is a new Streamlit session whose first run
    does not know the user yet (the login cookie comes by a round trip): wait until the
    sidebar names the user, so nothing is clicked during that rerun."""
    page.goto(f"{base}/{URL_PATHS[page_key]}")
    wait_for_app(page)
    expect(page.get_by_text("Innlogget som")).to_be_visible()
    wait_for_app(page)


def pick(page: Page, key: str, typed: str, option: str, *, many: bool = False) -> None:
    """Choose an option in a selectbox (or a multiselect, which stays open) by typing."""
    box = keyed(page, key).locator("input")
    box.click()
    box.press_sequentially(typed)
    page.get_by_role("option", name=option).first.click()
    if many:  # the choice shows as a chip before the list is closed, and stays after
        chip = keyed(page, key).get_by_text(option).first
        expect(chip).to_be_visible()
        page.keyboard.press("Escape")
        expect(chip).to_be_visible()
    else:
        wait_for_app(page)


def open_expander(page: Page, label: str) -> None:
    """Open an expander and wait until it has finished opening: its content is drawn again
    when the animation ends, and a field typed into before that loses what it held (a
    multiselect stayed empty in 2 of 3 runs on 2026-12-05)."""
    page.get_by_text(label, exact=True).first.click()
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')")


def accept_invitation(browser: Browser, base: str, mailbox, address: str) -> Page:
    """A new person, in their own browser, follows the link in the mail they received."""
    link = link_in(mailbox.wait_for(address))
    assert link.startswith(base)
    return set_password(browser, link, welcome="Velkommen til Kulturskole 3.0")


def set_password(browser: Browser, link: str, *, welcome: str | None = None) -> Page:
    """Open an invitation link in a browser of its own, set the password, and wait until
    the login cookie has come (the hand-off route's response sets it and loads the home
    page), so no form is filled before that load."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(link)
    wait_for_app(page)
    if welcome:
        expect(page.get_by_text(welcome)).to_be_visible()
    keyed(page, "invitation.password").locator("input").fill(PASSWORD)
    keyed(page, "invitation.repeat").locator("input").fill(PASSWORD)
    page.get_by_role("button", name="Lagre passord og logg inn").click()
    wait_for_app(page)
    for _ in range(100):
        if any(c["name"] == "kultur3_auth" for c in page.context.cookies()):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the login cookie never arrived after the invitation")
    wait_for_app(page)
    return page


def invite(page: Page, prefix: str, address: str, name: str, *, role: str | None = None,
           coordinator: bool = False) -> None:
    keyed(page, f"{prefix}.email").locator("input").fill(address)
    keyed(page, f"{prefix}.name").locator("input").fill(name)
    if role:
        pick(page, f"{prefix}.role", role[:4], role)
    if coordinator:
        keyed(page, f"{prefix}.coordinator").get_by_text("Koordinator").click()
    sent = page.get_by_text(f"Invitasjonen er sendt til {address}.")
    for _ in range(3):
        # A click that lands while the page reruns (the login cookie's round trip after a
        # fresh page load) is lost, and the form keeps its text: then click again.
        wait_for_app(page)
        keyed(page, f"{prefix}.submit").get_by_role("button").click()
        try:
            expect(sent).to_be_visible(timeout=8_000)
            return
        except AssertionError:
            if keyed(page, f"{prefix}.email").locator("input").input_value() != address:
                break  # submitted, but no success message: a real failure
    page.screenshot(path=str(ROOT / "test-results" / f"invite-{prefix}.png"), full_page=True)
    raise AssertionError(f"the invitation to {address} was not confirmed")


def test_from_an_empty_install_to_a_running_programme(real_server, page, browser, mailbox):
    base = real_server.url
    # The administrator logs in and creates the programme from the built-in template.
    login(page, base, "kari", ADMIN_PASSWORD)
    go(page, base, "admin_programme")
    expect(page.get_by_text("Det finnes ingen program ennå.")).to_be_visible()
    keyed(page, "admin_programme.new.name").locator("input").fill(PROGRAMME)
    page.get_by_role("button", name="Opprett program").click()
    expect(page.get_by_text(f"Programmet «{PROGRAMME}» er opprettet")).to_be_visible()

    # Enrols three municipalities from the register and invites Høyanger's coordinator.
    go(page, base, "admin_groups")
    for name in MUNICIPALITIES:
        pick(page, "admin_groups.enrol.pick", name, f"{name} (", many=True)
    page.get_by_role("button", name="Legg til", exact=True).click()
    expect(page.get_by_text("Kommunene er lagt til.")).to_be_visible()
    pick(page, "admin_groups.pick", "Høyanger", "Høyanger (4638)")
    invite(page, "admin_groups.invite", COORDINATOR, "Kari Nordmann", coordinator=True)
    # ... and the facilitator and the leader, on the users page.
    go(page, base, "admin_users")
    invite(page, "admin_users.invite", FACILITATOR, "Ingrid Fasilitator")
    invite(page, "admin_users.invite", LEADER, "Lars Leder", role="leder")

    # The coordinator sets a password from the mail, invites a member, writes the project.
    kari = accept_invitation(browser, base, mailbox, COORDINATOR)
    expect(kari.get_by_role("heading", name="Kommunegruppa i Høyanger")).to_be_visible()
    go(kari, base, "group_team")
    kari.get_by_text("Inviter et medlem med egen innlogging").click()
    invite(kari, "group_team.invite", MEMBER, "Ola Haugen")
    kari.get_by_role("tab", name="Fokusområde og utviklingsprosjekt").click()
    kari.get_by_role("textbox", name="Mål for utviklingsprosjektet").fill(
        "Flere barn i Høyanger møter kunst der de bor")
    kari.get_by_role("textbox", name="Samarbeidspartnere").fill(
        "Skolene, frivilligsentralen, biblioteket")
    keyed(kari, "group_team.project.submit").get_by_role("button").click()
    expect(kari.get_by_text("Utviklingsprosjektet er lagret.")).to_be_visible()

    # The facilitator plans a joint gathering for these municipalities and opens it.
    ingrid = accept_invitation(browser, base, mailbox, FACILITATOR)
    # A facilitator's home is «Mine kommuner»; nobody has made her an adviser yet.
    expect(ingrid.get_by_role("heading", name="Mine kommuner")).to_be_visible()
    expect(ingrid.get_by_text("Du følger ingen kommuner ennå.")).to_be_visible()
    go(ingrid, base, "facilitator_home")
    expect(ingrid.get_by_role("heading", name="Samlinger og svar")).to_be_visible()
    ingrid.get_by_text("Planlegg en samling").click()
    keyed(ingrid, "facilitator_home.plan.title").locator("input").fill("Fellessamling 1 – Bergen")
    ingrid.get_by_role("button", name="Opprett samling").click()
    expect(ingrid.get_by_text("Fellessamling 1 – Bergen")).to_be_visible()
    go(ingrid, base, "live_console")
    ingrid.locator("summary").filter(has_text="Kommuner i samlingen").click()
    chosen = keyed(ingrid, "live_console.municipalities")
    for name in MUNICIPALITIES:  # a joint gathering is run for every enrolled municipality
        expect(chosen.get_by_text(name, exact=True)).to_be_visible()
    keyed(ingrid, "live_console.next").get_by_role("button").click()
    wait_for_app(ingrid)

    # The member answers the four questions and scores with the level texts in view.
    ola = accept_invitation(browser, base, mailbox, MEMBER)
    go(ola, base, "workshop")
    expect(ola.get_by_role("combobox", name="Samling")).to_have_value(
        re.compile("^Fellessamling 1 – Bergen"))
    labels = {1: "1 Fremstå", 2: "2 Ønsket bilde", 3: "3 Nå", 4: "4 Gap og tiltak"}
    for number, label in labels.items():
        keyed(ola, "workshop.step").get_by_text(re.compile(f"^{label}( ✓)?$")).click()
        wait_for_app(ola)
        box = ola.locator("textarea").first
        box.fill(f"Svar {number} fra Høyanger")
        box.press("Tab")
        expect(ola.get_by_text("Lagret kl.").first).to_be_visible()
    keyed(ola, "workshop.step").get_by_text(re.compile("^Skåring( ✓)?$")).click()
    wait_for_app(ola)
    # Her own account scores as her own member row: no «Hvem skårer?» to pick another from.
    expect(ola.get_by_label("Hvem skårer?")).to_have_count(0)
    ola.locator("summary").filter(has_text="Hva betyr 1–5 her?").first.click()
    level = ola.get_by_text("Ventelister og en fast meny av instrumentopplæring")
    expect(level).to_be_visible()
    radios = ola.locator("[class*='st-key-workshop'][class*='-score-']")
    radios.nth(0).get_by_text("4", exact=True).click()
    wait_for_app(ola)
    radios.nth(1).get_by_text("2", exact=True).click()
    wait_for_app(ola)

    # The leader sees the programme's municipalities on the dashboard.
    lars = accept_invitation(browser, base, mailbox, LEADER)
    go(lars, base, "dashboard")
    expect(lars.get_by_role("heading", name="Dashbord")).to_be_visible()
    lars.get_by_role("tab", name="Rapporter og eksport").click()
    lars.get_by_label("Rapport for kommune").click()
    expect(lars.get_by_role("option", name="Høyanger")).to_be_visible()  # the one with scores

    engine = make_engine(real_server.database_url)
    with Session(engine) as s:
        programme = s.exec(select(Programme)).one()
        assert (programme.name, programme.status, programme.is_demo) == (
            PROGRAMME, ProgrammeStatus.PLANNED, False)
        assert len(s.exec(select(Participation)).all()) == 3
        answers = s.exec(select(Answer.text)).all()
        assert sorted(answers) == [f"Svar {n} fra Høyanger" for n in range(1, 5)]
        scores = s.exec(select(Score.value).where(Score.member_id.is_not(None))).all()
        assert sorted(scores) == [2, 4]
    engine.dispose()
