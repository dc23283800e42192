"""Issue 22 §6: a cached read whose answer depends on the date turns over at midnight in Oslo,
without a write. Each read is cached by cached_read on the data version; a read that says
what is overdue (or which invitation has expired) keyed only on that stayed as of yesterday
until somebody wrote something."""

import ast
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from kultur3.core import clock
from kultur3.core.config import get_settings
from kultur3.group import actions, followup, invitation_list, invitations
from kultur3.insight import dashboard, municipality_work
from kultur3.models import Role
from kultur3.programme import catalogue
from kultur3.ui import context
from kultur3.ui.context import cached_read
from tests.factories import ADMIN, OPERATOR, enrol, make_action, make_programme, make_user

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2027, 3, 1)  # the action is due this day: overdue from the next


@pytest.fixture
def world(session, engine, monkeypatch):
    """A programme with one group, its coordinator, a leader and one action due on DAY; the
    app (cached_read) pointed at this database."""
    programme = make_programme(session, "Vestland")
    mid = enrol(session, programme, "4638")
    kari = make_user(session, Role.GROUP, programme=programme, municipality="4638",
                     coordinator=True)
    leader = make_user(session, Role.LEADER, programme=programme)
    make_action(session, programme, mid, title="Kulturkalender", deadline=DAY)
    session.commit()
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KULTUR3_DEMO", "")
    monkeypatch.setenv("KULTUR3_COOKIE_KEY", "k" * 40)
    get_settings.cache_clear()
    area = catalogue.value_areas(session=session, programme_id=programme.id)[0]
    # What the dashboard hands action_stats: its gap frame (one row is enough to count).
    frame = pd.DataFrame([{"municipality_id": mid, "municipality": "Høyanger",
                           "value_area_id": area.id, "value_area": "Område", "held_on": DAY,
                           "gap": 0.0}])
    yield {"programme_id": programme.id, "municipality_id": mid, "kari": kari,
           "leader": leader, "frame": frame}
    get_settings.cache_clear()


# Every cached read that says what is overdue: how the page calls it, and what it says.
READS = {
    "action plan": (actions.list_actions, "kari", lambda r: [a.title for a in r if a.overdue]),
    "since last": (followup.since_last, "kari", lambda r: [a.title for a in r.overdue]),
    "dashboard": (dashboard.action_stats, "leader", lambda r: r.overdue),
    "report": (dashboard.municipality_report_data, "kari",
               lambda r: [a.title for a in r.actions if a.overdue]),
    "municipality work": (municipality_work.municipality_work, "kari",
                          lambda r: [a.title for a in r.actions if a.overdue]),
}
BEFORE = {"dashboard": 0}
AFTER = {"dashboard": 1}


@pytest.mark.parametrize("name", list(READS))
def test_the_overdue_list_turns_over_at_midnight_without_a_write(world, monkeypatch, name):
    fn, who, overdue = READS[name]
    kwargs = {"actor": world[who], "programme_id": world["programme_id"]}
    kwargs |= {"frame": world["frame"]} if fn is dashboard.action_stats else {
        "municipality_id": world["municipality_id"]}
    monkeypatch.setattr(clock, "today", lambda: DAY)
    version = context.data_version()
    assert overdue(cached_read(fn, **kwargs)) == BEFORE.get(name, [])
    monkeypatch.setattr(clock, "today", lambda: DAY + timedelta(days=1))
    assert context.data_version() == version  # nobody wrote
    assert overdue(cached_read(fn, **kwargs)) == AFTER.get(name, ["Kulturkalender"])


def test_a_pending_invitation_shows_as_expired_once_it_has_expired(world, session, monkeypatch):
    invited = invitations.invite(session=session, actor=OPERATOR, email="ola@h.no",
                                 role=Role.LEADER, programme_id=world["programme_id"])
    session.commit()
    start = invited.expires_at - timedelta(minutes=5)
    monkeypatch.setattr(clock, "now", lambda: start)
    kwargs = {"actor": ADMIN, "programme_id": world["programme_id"]}
    assert _state_of_ola(cached_read(invitation_list.pending, **kwargs)) == "ok"
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(minutes=10))
    assert _state_of_ola(cached_read(invitation_list.pending, **kwargs)) == "expired"


def _state_of_ola(rows) -> str:
    return next(r.state for r in rows if r.email == "ola@h.no")


def test_every_service_that_asks_a_dated_read_passes_its_own_date_on():
    """A service that calls a read taking `today` takes `today` itself and passes it on, so
    the date cached_read puts in the key is the date the answer is computed for; and nothing
    but the demo asks the system clock for the date (the server's zone is not Oslo's)."""
    trees = {p: ast.parse(p.read_text()) for p in ROOT.glob("kultur3/**/*.py")
             if "ui" not in p.relative_to(ROOT).parts}
    dated = {f.name for tree in trees.values() for f in ast.walk(tree)
             if isinstance(f, ast.FunctionDef) and "today" in _params(f)}
    assert {"list_actions", "since_last", "action_stats"} <= dated
    offenders = []
    for path, tree in trees.items():
        where = path.relative_to(ROOT)
        if where.as_posix() == "kultur3/__main__.py":
            continue  # no cache: a command's date is the operator's --today, or Oslo's today
        for f in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for call in (c for c in ast.walk(f) if isinstance(c, ast.Call)):
                name = getattr(call.func, "attr", getattr(call.func, "id", ""))
                if name in dated and not any(k.arg == "today" for k in call.keywords):
                    offenders.append(f"{where}: {f.name} calls {name} without today=")
                elif name in dated and "today" not in _params(f):
                    offenders.append(f"{where}: {f.name} calls {name} but takes no today")
    for path in [*ROOT.glob("kultur3/**/*.py"), *ROOT.glob("pages/*.py")]:
        where = path.relative_to(ROOT).as_posix()
        if where != "kultur3/core/clock.py" and (
                "date.today()" in path.read_text()):
            offenders.append(f"{where}: date.today() (use clock.today())")
    assert offenders == []


def _params(f: ast.FunctionDef) -> set[str]:
    return {a.arg for a in [*f.args.args, *f.args.kwonlyargs]}


def test_the_clock_knows_oslos_zone():
    """The zone comes from the system's tz database or the tzdata package (pandas needs it);
    without either, Europe/Oslo would not load. Winter is UTC+1, summer UTC+2."""
    assert clock.OSLO.utcoffset(datetime(2027, 1, 15)) == timedelta(hours=1)
    assert clock.OSLO.utcoffset(datetime(2027, 7, 15)) == timedelta(hours=2)
