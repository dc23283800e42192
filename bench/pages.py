"""Time every page's full script run against a bare one-line page, in the same run.

    .venv/bin/python bench/pages.py                 # national scale: 357 municipalities x 6 gatherings
    .venv/bin/python bench/pages.py --scale demo    # the 16-municipality demo programme
    .venv/bin/python bench/pages.py --pages my_municipalities   # some pages only (and the bare)

Prints one line per page: page=... role=... median_ms=... bare_ms=... ratio=... after_write_ms=...
after_write_ratio=...
(median_ms: reruns served from the version-keyed cache; after_write_ms: every run follows a
group's score write, so every cached read runs again.)
Figures, never assertions: timing belongs here, not in tests.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session, delete, select  # noqa: E402

from kultur3 import migrate  # noqa: E402
from kultur3.access import identity  # noqa: E402
from kultur3.core import clock  # noqa: E402
from kultur3.group import score_cells, workspace  # noqa: E402
from kultur3.models import (  # noqa: E402
    Action,
    ActionStatus,
    AdviserAssignment,
    Gathering,
    GatheringKind,
    GatheringStatus,
    LogEntry,
    LogKind,
    Member,
    Municipality,
    Participation,
    Programme,
    Score,
    ScoreKind,
    User,
    ValueArea,
    utcnow,
)
from kultur3.seed import seed_demo  # noqa: E402
from kultur3.store.db import make_engine, session_scope  # noqa: E402

PAGES = [("group_home", "kommune-3203"), ("workshop", "kommune-3203"),
         ("action_plan", "kommune-3203"), ("facilitator_home", "fasilitator"),
         ("overview", "leder"), ("dashboard", "leder"), ("admin_home", "admin"),
         ("my_municipalities", "fasilitator"), ("half_year_plan", "leder")]
ADVISED = 40  # one adviser with 40 municipalities (issue 23: «Mine kommuner» at national scale)


def national(url: str, gatherings: int = 6, seed: int = 357) -> None:
    """The demo, then every other municipality joins with 4–6 members and six gatherings."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    rng = random.Random(seed)
    now = utcnow()
    with session_scope(engine) as s:
        seed_demo(s, room_in_progress=True)
        programme = s.exec(select(Programme)).one()
        areas = s.exec(select(ValueArea.id).where(ValueArea.programme_id == programme.id)).all()
        joined = set(s.exec(select(Participation.municipality_id)).all())
        extra = [Gathering(programme_id=programme.id, kind=GatheringKind.FELLESSAMLING,
                           title=f"Regional samling {i + 3}", status=GatheringStatus.CLOSED,
                           held_on=date(2022, 9, 1) + timedelta(days=60 * i))
                 for i in range(gatherings - 2)]
        s.add_all(extra)
        s.flush()
        all_g = s.exec(select(Gathering.id).where(Gathering.municipality_id.is_(None))).all()
        for m in s.exec(select(Municipality)).all():
            if m.id in joined:
                continue
            part = Participation(programme_id=programme.id, municipality_id=m.id)
            s.add(part)
            s.flush()
            members = [Member(participation_id=part.id, name=f"Medlem {i}", group_role="Demo")
                       for i in range(rng.randint(4, 6))]
            s.add_all(members)
            s.flush()
            rows = []
            for g in all_g[:gatherings]:
                for a in areas:
                    for kind, centre in (("desired", 4), ("current", 2)):
                        for mem in members:
                            rows.append(dict(gathering_id=g, municipality_id=m.id,
                                             value_area_id=a, kind=kind, member_id=mem.id,
                                             is_group=False, value=centre + rng.randint(0, 1),
                                             updated_at=now))
                        rows.append(dict(gathering_id=g, municipality_id=m.id, value_area_id=a,
                                         kind=kind, member_id=None, is_group=True, value=centre,
                                         updated_at=now))
            s.execute(Score.__table__.insert(), rows)
        # Bulk rows skip save_score, which keeps the leaders' cells; count them once here.
        score_cells.rebuild(s, programme.id)
        advise(s, programme.id, rng, now)
    engine.dispose()


def advise(s, programme_id: int, rng: random.Random, now) -> None:
    """The demo's facilitator follows 40 municipalities (the demo's 16 and 24 more); each of
    the 24 gets six actions (some overdue, some due soon, some untouched for months) and
    four log entries, so every column of «Mine kommuner» has something to count."""
    adviser = s.exec(select(User.id).where(User.username == "fasilitator")).one()
    ids = s.exec(select(Participation.municipality_id).where(
        Participation.programme_id == programme_id).order_by(Participation.id)).all()[:ADVISED]
    s.exec(delete(AdviserAssignment))  # the demo's own four each: this adviser has the 40
    s.add_all(AdviserAssignment(programme_id=programme_id, municipality_id=m, user_id=adviser)
              for m in ids)
    today = clock.today()
    demo = set(s.exec(select(Action.municipality_id)).all())
    for m in ids:
        if m in demo:
            continue
        s.add_all(Action(programme_id=programme_id, municipality_id=m, title=f"Tiltak {i}",
                         deadline=today + timedelta(days=rng.randint(-60, 90)),
                         status=rng.choice(list(ActionStatus)),
                         updated_at=now - timedelta(days=rng.randint(0, 120)))
                  for i in range(6))
        s.add_all(LogEntry(programme_id=programme_id, municipality_id=m, kind=LogKind.REFLECT,
                           text=f"Logg {i}: det vi lærte denne uka.",
                           happened_on=today - timedelta(days=14 * i),
                           created_at=now - timedelta(days=14 * i + rng.randint(0, 40)))
                  for i in range(4))


def time_page(page: str | None, username: str | None, runs: int, cold: bool = False) -> float:
    """Median milliseconds of a full script run (app.py switched to the page, or a bare page).

    cold=True makes a real write before every run: the group in Asker saves an agreed score,
    through the same service as its screen. That bumps the data version, so every cached read
    runs its queries again, and the Asker cells' counter, so the leaders' frame re-reads those.
    """
    from streamlit.testing.v1 import AppTest

    from kultur3.ui import keys
    if page is None:
        bare = Path(tempfile.mkdtemp()) / "bare.py"
        bare.write_text("import streamlit as st\nst.write('bare')\n")
        at = AppTest.from_file(str(bare), default_timeout=120)
    else:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state[keys.SESSION_TOKEN] = login(username)
    at.run()  # warm: first run fills caches and imports
    if page:
        at.switch_page(f"pages/{page}.py").run()
    samples = []
    engine = make_engine(os.environ["DATABASE_URL"])
    for i in range(runs):
        if cold:
            group_write(engine, i)
        start = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return statistics.median(samples)


def login(username: str) -> str:
    """A live login session for the user, as the login form leaves it (AppTest sends no cookie,
    so the tab's state names it, as tests/pages/conftest.log_in_as does)."""
    from kultur3.access import sessions
    from kultur3.models import User
    engine = make_engine(os.environ["DATABASE_URL"])
    with session_scope(engine) as s:
        user_id = s.exec(select(User.id).where(User.username == username)).one()
        token = sessions.start(s, user_id=user_id, policy=sessions.SessionPolicy(), user_agent="bench")
    engine.dispose()
    return token


def group_write(engine, i: int) -> None:
    """One agreed score by the group in Asker, in its active gathering (a real write)."""
    with session_scope(engine) as s:
        actor = identity.actor_for(s, "kommune-3203")
        g = s.exec(select(Gathering).where(Gathering.status == GatheringStatus.ACTIVE)).first()
        areas = s.exec(select(ValueArea.id).where(ValueArea.programme_id == g.programme_id)
                       .order_by(ValueArea.position)).all()
        workspace.save_score(session=s, actor=actor, gathering_id=g.id,
                             municipality_id=actor.municipality_id,
                             value_area_id=areas[i % len(areas)], kind=ScoreKind.CURRENT,
                             value=1 + i % 5, is_group=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["demo", "national"], default="national")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", nargs="*", default=None, metavar="PAGE",
                        help="time only these pages (keys of pages/, e.g. my_municipalities)")
    args = parser.parse_args()
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    start = time.perf_counter()
    if args.scale == "national":
        national(url)
    else:
        engine = make_engine(url)
        migrate.upgrade(engine)
        with session_scope(engine) as s:
            seed_demo(s, room_in_progress=True)
        engine.dispose()
    engine = make_engine(url)
    with Session(engine) as s:
        n = s.exec(select(Score.id)).all()
    print(f"scale={args.scale} scores={len(n)} build_s={time.perf_counter() - start:.1f}")
    os.environ.update(DATABASE_URL=url, KULTUR3_DEMO="1")
    bare = time_page(None, None, args.runs)
    for page, user in PAGES:
        if args.pages and page not in args.pages:
            continue
        ms = time_page(page, user, args.runs)
        cold = time_page(page, user, args.runs, cold=True)
        print(f"page={page} role={user} median_ms={ms:.1f} bare_ms={bare:.1f} "
              f"ratio={ms / bare:.1f} after_write_ms={cold:.1f} "
              f"after_write_ratio={cold / bare:.1f}", flush=True)


if __name__ == "__main__":
    main()
