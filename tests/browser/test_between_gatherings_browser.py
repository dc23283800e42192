"""Between gatherings, from an empty install outside demo mode, in real Chromium, on SQLite and
on PostgreSQL (issue 23): an admin assigns an adviser to two municipalities; the adviser sees
them on «Mine kommuner» and comments on an action; the coordinator sees the comment, changes
the action's deadline and creates an action on /handlingsplan; a gathering is moved; two runs
of `send-reminders` deliver exactly one digest to each person, with the new date in it, to a
real local SMTP server; the coordinator's calendar feed parses and has the new date.

The programme, the enrolments and the invitations are made on the command line (the first
browser test walks those screens); everything the issue names is done in the browser."""

import os
import re
import subprocess
import sys
import urllib.request
from collections import Counter
from datetime import date, timedelta

import icalendar
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from kultur3.core import clock
from kultur3.models import Action, Comment, Gathering, Municipality
from kultur3.store.db import make_engine
from tests.browser.conftest import ROOT, login, wait_for_app
from tests.browser.test_real_programme_browser import (  # noqa: F401 - fixtures
    ADMIN_PASSWORD,
    PASSWORD,
    empty_url,
    go,
    keyed,
    open_expander,
    pick,
    real_server,
    set_password,
)
from tests.mailcatcher import body

pytestmark = pytest.mark.browser
COORDINATOR = "kari.nordmann@hoyanger.kommune.no"
ADVISER = "ingrid.veileder@ks.example.no"
GATHERING = "Fellessamling 2 – Førde"


def cli(server, *args: str) -> str:
    """The command line against the server's database, with its mail and public address."""
    env = {**os.environ, "DATABASE_URL": server.database_url, "KULTUR3_DEMO": "",
           "KULTUR3_SMTP_URL": server.env["KULTUR3_SMTP_URL"],
           "KULTUR3_PUBLIC_URL": server.url}
    done = subprocess.run([sys.executable, "-m", "kultur3", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def invite(server, email: str, *args: str) -> str:
    out = cli(server, "invite", email, *args)
    return re.search(r"https?://\S+/invitasjon\?token=[\w-]+", out).group(0)


def submit(page: Page, key: str, confirmation: str) -> None:
    """Click a form's submit button and wait for its confirmation; a click that lands while
    the page reruns (after a fresh load) is lost, so it is clicked again once."""
    for _ in range(2):
        wait_for_app(page)
        keyed(page, key).get_by_role("button").click()
        try:
            expect(page.get_by_text(confirmation).first).to_be_visible(timeout=8_000)
            return
        except AssertionError:
            continue
    page.screenshot(path=str(ROOT / "test-results" / f"{key}.png"), full_page=True)
    raise AssertionError(f"{key}: «{confirmation}» never showed")


def set_date(page: Page, key: str, day: date) -> None:
    """Type a date into st.date_input's segmented field (react-aria: day, month and year
    spinbuttons; typing digits moves on by itself) and leave it."""
    field = keyed(page, key)
    field.locator("[role=spinbutton][data-type=day]").focus()  # the calendar button may cover it
    page.keyboard.type(day.strftime("%d%m%Y"))
    page.keyboard.press("Tab")
    expect(field.locator("[role=spinbutton][data-type=year]")).to_have_text(str(day.year))
    expect(field.locator("[role=spinbutton][data-type=day]")).to_have_text(day.strftime("%d"))


def test_between_gatherings_from_an_empty_install(real_server, page, browser, mailbox):  # noqa: F811
    base, today = real_server.url, clock.today()
    slug = cli(real_server, "programme", "create", "Kulturskole 3.0 – Vestland 2027").strip()
    cli(real_server, "programme", "enrol", slug, "4638", "4647", "4618")
    ingrid = set_password(browser, invite(real_server, ADVISER, "--role", "facilitator",
                                    "--programme", slug, "--name", "Ingrid Veileder"))
    kari = set_password(browser, invite(real_server, COORDINATOR, "--role", "group", "--programme",
                                  slug, "--municipality", "4638", "--coordinator",
                                  "--name", "Kari Nordmann"))
    engine = make_engine(real_server.database_url)
    with Session(engine) as s:
        ids = dict(s.exec(select(Municipality.number, Municipality.id).where(
            Municipality.number.in_(["4638", "4647"]))).all())

    # The admin makes Ingrid the adviser of Høyanger and Sunnfjord.
    login(page, base, "kari", ADMIN_PASSWORD)
    go(page, base, "admin_groups")
    for number, name in (("4638", "Høyanger"), ("4647", "Sunnfjord")):
        pick(page, "admin_groups.pick", name, f"{name} ({number})")
        pick(page, f"admin_groups.advisers.{ids[number]}", "Ingrid", "Ingrid Veileder",
             many=True)
        submit(page, "admin_groups.advisers.submit", "Prosessveilederne er lagret.")

    # The coordinator writes an action on /handlingsplan, with no gathering.
    go(kari, base, "action_plan")
    open_expander(kari, "Nytt tiltak")
    keyed(kari, "action_plan.new.title").locator("input").fill("Friplasser fra høsten")
    pick(kari, "action_plan.new.areas", "Brukeren", "Brukeren i sentrum", many=True)
    set_date(kari, "action_plan.new.deadline", today + timedelta(days=30))
    submit(kari, "action_plan.new.submit", "Tiltaket «Friplasser fra høsten» er lagret.")
    with Session(engine) as s:
        action = s.exec(select(Action)).one()
        assert (action.source_gathering_id, action.deadline) == (None, today + timedelta(30))

    # The adviser's home lists both municipalities; she comments on Høyanger's action.
    go(ingrid, base, "my_municipalities")
    for name in ("Høyanger (4638)", "Sunnfjord (4647)"):
        expect(ingrid.get_by_text(name).first).to_be_visible()
    ingrid.goto(f"{base}/handlingsplan?kommune=4638")
    wait_for_app(ingrid)
    expect(ingrid.get_by_text("Friplasser fra høsten").first).to_be_visible()
    thread = f"comments.action.{action.id}"
    keyed(ingrid, f"{thread}.show").get_by_text("Kommentarer (0)").click()
    wait_for_app(ingrid)
    keyed(ingrid, f"{thread}.new.text").locator("textarea").fill(
        "Hvem i kommunen må vite om dette før budsjettet?")
    submit(ingrid, f"{thread}.new.submit", "Kommentaren er lagt inn.")

    # The coordinator sees it on the home page, then moves the action's deadline.
    go(kari, base, "group_home")
    expect(keyed(kari, "group_home.comments").get_by_text("1 ny kommentar")).to_be_visible()
    go(kari, base, "action_plan")
    keyed(kari, f"action_plan.card.{action.id}").get_by_text(
        "Endre tiltak og fremdrift").click()
    set_date(kari, f"action_plan.update.{action.id}.deadline", today + timedelta(days=45))
    submit(kari, f"action_plan.update.{action.id}.submit", "«Friplasser fra høsten» er oppdatert.")
    with Session(engine) as s:
        assert s.get(Action, action.id).deadline == today + timedelta(days=45)
        assert len(s.exec(select(Comment)).all()) == 1

    # The adviser plans a joint gathering and moves it ten days on.
    go(ingrid, base, "facilitator_home")
    ingrid.get_by_text("Planlegg en samling").click()
    keyed(ingrid, "facilitator_home.plan.title").locator("input").fill(GATHERING)
    set_date(ingrid, "facilitator_home.plan.date", today + timedelta(days=5))
    ingrid.get_by_role("button", name="Opprett samling").click()
    expect(ingrid.get_by_text(GATHERING).first).to_be_visible()
    with Session(engine) as s:
        gid = s.exec(select(Gathering.id).where(Gathering.title == GATHERING)).one()
    moved = today + timedelta(days=15)
    keyed(ingrid, f"facilitator_home.edit_{gid}.open").get_by_text(
        "Endre, flytt, avlys eller slett").click()
    wait_for_app(ingrid)
    set_date(ingrid, f"facilitator_home.edit_{gid}.date", moved)
    submit(ingrid, f"facilitator_home.edit_{gid}.submit", "Samlingen er lagret.")
    with Session(engine) as s:
        assert s.get(Gathering, gid).held_on == moved
    engine.dispose()

    # Two runs of the reminders: one digest to each person, with the new date.
    before = len(mailbox.messages)
    for _ in range(2):
        cli(real_server, "send-reminders")
    mails = mailbox.messages[before:]
    assert Counter(m["To"] for m in mails) == {COORDINATOR: 1, ADVISER: 1}, [
        (m["To"], m["Subject"]) for m in mails]
    digest = body(next(m for m in mails if m["To"] == COORDINATOR))
    assert f"{GATHERING}, {moved.strftime('%d.%m.%Y')}" in digest
    assert "1 ulest kommentar" not in digest  # she has read it on her home page
    assert "Sunnfjord" in body(next(m for m in mails if m["To"] == ADVISER))  # never active

    # The coordinator's calendar feed has the gathering on its new date.
    go(kari, base, "account")
    keyed(kari, "account.calendar_make").get_by_role("button").click()
    feed = kari.locator("code").filter(has_text="/kalender/").first
    expect(feed).to_be_visible()
    with urllib.request.urlopen(feed.inner_text().strip(), timeout=15) as response:
        calendar = icalendar.Calendar.from_ical(response.read())
    [event] = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == GATHERING]
    start = event.decoded("DTSTART")
    assert (start if isinstance(start, date) and not hasattr(start, "hour")
            else start.date()) == moved
