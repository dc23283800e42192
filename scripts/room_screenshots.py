"""Screenshots of the room at scale: the projector's wall with all 16 pilot answers (page 1
and page 2 of it), one answer spotlit, and the join page reached by a table card, at
1920x1080, 1280x720 and 390x844, into docs/screenshots/room-*.png. Then the phases nobody
had seen (POLISH.md §2): the projector in Skåring (the room's radar) and Prioritering (dots
from eight groups), and every phase of Asker's lokal samling and lederoppfølgingsdag on the
projector (1920x1080) and on the group's phone (390x844), into room-phase-*.png.

    .venv/bin/python scripts/room_screenshots.py [--phases]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from kultur3 import live, migrate  # noqa: E402
from kultur3.live import joining, spotlight, voting  # noqa: E402
from kultur3.models import (  # noqa: E402
    Gathering,
    GatheringKind,
    GatheringStatus,
    Member,
    Municipality,
    Participation,
)
from kultur3.programme import gatherings  # noqa: E402
from kultur3.programme.phases import AGENDAS  # noqa: E402
from kultur3.seed import PILOTS, seed_demo  # noqa: E402
from kultur3.store.db import make_engine  # noqa: E402
from kultur3.ui.wall import PAGE_SECONDS  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    login,
    wait_for_app,
)
from tests.conftest import actor_of  # noqa: E402

SHOTS = ROOT / "docs" / "screenshots"
SIZES = {"1920x1080": (1920, 1080), "1280x720": (1280, 720), "390x844": (390, 844)}


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="kultur3-room-"))
    url = f"sqlite:///{folder / 'room.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as s:
        seed_demo(s, room_in_progress=True)
        g = s.exec(select(Gathering).where(Gathering.status == "active")).one()
        staff = actor_of(s, "fasilitator")
        joining.set_code_joining(session=s, actor=staff, gathering_id=g.id, enabled=True)
        live.set_phase(session=s, actor=staff, gathering_id=g.id, phase="q1")
        live.set_revealed(session=s, actor=staff, gathering_id=g.id, phase="q1", revealed=True)
        token = live.new_view_token(session=s, actor=staff, gathering_id=g.id)
        card = joining.table_cards(session=s, actor=staff, gathering_id=g.id)[0]
        s.commit()
        gid = g.id
    server = Server(url, folder / "app.log").start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if "--phases" in sys.argv:  # only the phases' screenshots
                _phases(browser, server, engine, gid)
                browser.close()
                return
            for size, (w, h) in SIZES.items():
                page = browser.new_context(viewport={"width": w, "height": h},
                                           is_mobile=w < 500).new_page()
                page.goto(f"{server.url}/storskjerm?visning={token}")
                page.wait_for_selector(".st-key-projector-wall")
                page.wait_for_timeout(1500)
                page.screenshot(path=str(SHOTS / f"room-wall-{size}.png"))
                page.wait_for_timeout(PAGE_SECONDS * 1000)
                page.screenshot(path=str(SHOTS / f"room-wall-next-{size}.png"))
                page.context.close()
            with Session(engine) as s:
                view = live.room_view(session=s, actor=actor_of(s, "fasilitator"),
                                      gathering_id=gid)
                spotlight.set_answer_spotlight(
                    session=s, actor=actor_of(s, "fasilitator"), gathering_id=gid,
                    answer_id=spotlight.step(list(reversed(view.wall)), None, 0))
                s.commit()
            for size, (w, h) in SIZES.items():
                page = browser.new_context(viewport={"width": w, "height": h},
                                           is_mobile=w < 500).new_page()
                page.goto(f"{server.url}/storskjerm?visning={token}")
                page.wait_for_selector(".st-key-projector-spotlight")
                page.wait_for_timeout(1000)
                page.screenshot(path=str(SHOTS / f"room-spotlight-{size}.png"))
                page.context.close()
            page = browser.new_context(viewport={"width": 390, "height": 844},
                                       is_mobile=True).new_page()
            page.goto(f"{server.url}/delta?kode={card.code}")
            page.wait_for_selector(".st-key-live_group-phase")
            wait_for_app(page, through_app=False)
            page.screenshot(path=str(SHOTS / "room-table-card-joined-390x844.png"))
            page.context.close()
            _phases(browser, server, engine, gid)
            browser.close()
    finally:
        server.stop()
        engine.dispose()


def _staff(s: Session):
    return actor_of(s, "fasilitator")


def _move(engine, gid: int, phase: str) -> str:
    """The room to a phase with its results shown; the projector's view link."""
    with Session(engine) as s:
        live.set_phase(session=s, actor=_staff(s), gathering_id=gid, phase=phase)
        live.set_revealed(session=s, actor=_staff(s), gathering_id=gid, phase=phase,
                          revealed=True)
        token = live.new_view_token(session=s, actor=_staff(s), gathering_id=gid)
        s.commit()
    return token


def _dots(engine, gid: int) -> None:
    """Eight groups give their members' dots: areas and their own actions."""
    with Session(engine) as s:
        for n, number in enumerate(list(PILOTS)[:8]):
            group = actor_of(s, f"kommune-{number}")
            mid = group.municipality_id
            targets = voting.vote_targets(session=s, actor=group, gathering_id=gid,
                                          municipality_id=mid)
            members = s.exec(select(Member.id).join(Participation).where(
                Participation.municipality_id == mid)).all()[:2]
            for k, member in enumerate(members):
                # uneven on purpose, as a room votes: some areas draw many dots, some none
                for target in (targets[(n + k) % 3],
                               targets[(n * 7 + k * 3 + 1) % len(targets)]):
                    voting.add_dot(session=s, actor=group, gathering_id=gid, municipality_id=mid,
                                   voter_key=f"m{member}", kind=target.kind,
                                   target_id=target.target_id)
        s.commit()


def _shoot(browser, base: str, path: str, name: str, size: tuple[int, int], *,
           user: str | None = None, selector: str = ".st-key-projector-title") -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  is_mobile=size[0] < 500)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        if user:
            login(page, base, user)
        page.goto(f"{base}/{path}")
        page.wait_for_selector(selector)
        wait_for_app(page, through_app=False)
        page.wait_for_timeout(1500)  # plotly draws after the run
        page.screenshot(path=str(SHOTS / f"room-phase-{name}.png"))
    finally:
        context.close()


def _phases(browser, server, engine, fs2: int) -> None:
    big, phone = (1920, 1080), (390, 844)
    token = _move(engine, fs2, "scoring")
    _shoot(browser, server.url, f"storskjerm?visning={token}", "skaring-1920x1080", big)
    token = _move(engine, fs2, "prioritising")
    _dots(engine, fs2)
    _shoot(browser, server.url, f"storskjerm?visning={token}", "prioritering-1920x1080", big)
    with Session(engine) as s:
        asker = s.exec(select(Municipality.id).where(Municipality.number == "3203")).one()
        local = {g.kind: g.id for g in s.exec(select(Gathering).where(
            Gathering.municipality_id == asker))}
    for kind, slug in ((GatheringKind.LOKAL_SAMLING, "lokal"),
                       (GatheringKind.LEDEROPPFOLGING, "lederdag")):
        gid = local.get(kind)
        if gid is None:
            continue
        with Session(engine) as s:  # held today: a closed gathering's screens show no work
            gatherings.set_status(session=s, actor=_staff(s), gathering_id=gid,
                                  status=GatheringStatus.ACTIVE)
            s.commit()
        for phase in AGENDAS[kind]:
            token = _move(engine, gid, phase.value)
            _shoot(browser, server.url, f"storskjerm?visning={token}",
                   f"{slug}-{phase.value}-1920x1080", big)
            _shoot(browser, server.url, f"samling?samling={gid}",
                   f"{slug}-{phase.value}-group-390x844", phone, user="kommune-3203",
                   selector=".st-key-live_group-phase")


if __name__ == "__main__":
    main()
