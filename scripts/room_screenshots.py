"""Screenshots of the room at scale: the projector's wall with all 16 pilot answers (page 1
and page 2 of it), one answer spotlit, and the join page reached by a table card, at
1920x1080, 1280x720 and 390x844, into docs/screenshots/room-*.png.

    .venv/bin/python scripts/room_screenshots.py
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
from kultur3.live import joining, spotlight  # noqa: E402
from kultur3.models import Gathering  # noqa: E402
from kultur3.seed import seed_demo  # noqa: E402
from kultur3.store.db import make_engine  # noqa: E402
from kultur3.ui.wall import PAGE_SECONDS  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server, wait_for_app  # noqa: E402
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
            browser.close()
    finally:
        server.stop()
        engine.dispose()


if __name__ == "__main__":
    main()
