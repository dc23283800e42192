"""How many live sessions one replica carries: CPU, memory and update latency per N.

    .venv/bin/python bench/load.py [--levels 22,100,250,500] [--window 20]

Starts one replica on a fresh demo database (SQLite in a temporary folder, or the database in
DATABASE_URL when it is PostgreSQL) with the active gathering in question 1, results shown.
For each level N it opens sessions up to N: one projector (view link), five leaders on the
dashboard (real Chromium, logged in), and participants joined by code on their group's live
page for the rest (16 at the first level: a full gathering). Participants and the projector
are light websocket clients that speak Streamlit's protocol the way the browser does: they
ask for the page, answer every fragment's auto-rerun at its interval, and read the deltas.
While the level runs, one participant types one answer per second into its page's answer
field (a widget change over its websocket, saved by the replica as a browser's would be), and
the time until the answer appears in the projector's deltas is recorded.

Then the facilitator, in a Chromium console tab, presses «neste» (and «forrige», in turn)
--phase-changes times, and the time from the click to each participant client's first delta
with the new phase's heading is recorded: the fan-out of a phase change, the one moment every
phone in the room reruns its page at once (issue 25: ≤ 1 s at 250). Its baseline, in the
same run: as many light clients on a bare page that draws only the phase line and reruns
itself when the phase moves (bench/bare_fanout.py), the phase flipped as often.

With --typists T (issue 25 §1: the answer field saves while typing, so a room typing at once
multiplies writes), each level is run a second time with T more participants each sending a
save of its own draft every --type-every seconds (staggered), as the typing field's
JavaScript does after a pause; the line is printed beside the level's baseline with
`typists=T`. projector_deltas: elements the projector was sent in the window (how often it
is redrawn); a save that changes nothing it shows should not add to it.

Prints per level:
    sessions=N cpu_pct=... rss_mb=... mb_per_session=... p95_update_s=... threads=...
    fds=... db_connections=...
    phase_fanout sessions=N phase_p50_s=... phase_p95_s=... phase_seen=.../...
    bare_phase_fanout sessions=N phase_p50_s=... phase_p95_s=... phase_seen=.../...
(cpu_pct: per cent of one core used by the replica over --window seconds; rss_mb: its
resident memory at the end; mb_per_session: growth over the replica with the app loaded and
one session open, divided by the other sessions; threads, fds: the replica's, from /proc;
db_connections: its open connections to the database (SQLite: open handles on the file;
PostgreSQL: pg_stat_activity). A live screen waiting for a change holds its session's
script thread and nothing else (kultur3/store/changes.py): threads grow with open live tabs,
connections and file descriptors do not.)
Figures, never assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session, select  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from bench.live_latency import cpu_pct  # noqa: E402
from kultur3 import live, migrate  # noqa: E402
from kultur3.core import i18n  # noqa: E402
from kultur3.live import joining  # noqa: E402
from kultur3.models import Gathering, Phase  # noqa: E402
from kultur3.seed import seed_demo  # noqa: E402
from kultur3.store.db import make_engine, session_scope  # noqa: E402
from kultur3.ui.live.group import PHASE_LINE  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server, login, wait_for_app  # noqa: E402
from tests.conftest import actor_of  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Client:
    """One Streamlit session over a websocket, as the browser would hold it."""

    def __init__(self, base: str, page: str, query: str, watch: dict | None = None) -> None:
        self.ws_url = base.replace("http", "ws", 1) + "/_stcore/stream"
        self.origin = base
        self.page, self.query = page, query
        self.page_hash = ""
        self.watch = watch  # text -> time it was saved; filled with arrival times
        self.seen: dict[str, float] = {}
        self.ready = asyncio.Event()
        self.timers: dict[str, asyncio.Task] = {}
        self.ws = None
        self.answer_widget = ""  # the whole-picture answer field's widget id, once drawn
        self.answer_version = 0  # the version the field was drawn with
        self.draft = os.urandom(16).hex()  # the typing field's draft key (typing.js)
        self.seq = 0
        self.deltas = 0  # elements received (the projector: how often it is redrawn)
        self.phase = ""  # the phase heading drawn last, and when it changed
        self.phase_at = 0.0

    async def type_answer(self, text: str) -> None:
        """What the typing field (kultur3/ui/typing_assets/typing.js) sends after a pause in
        typing: a «save» trigger with the text, its base version, the draft's key and number."""
        self.seq += 1
        msg = BackMsg()
        msg.ParseFromString(self._rerun())
        states = msg.rerun_script.widget_states.widgets
        base = states.add()
        base.id, base.json_value = self.answer_widget, "{}"
        trigger = states.add()
        trigger.id = f"$$STREAMLIT_INTERNAL_KEY_{self.answer_widget}__events"
        trigger.json_trigger_value = json.dumps([{"event": "save", "value": {
            "text": text, "base": self.answer_version, "draft": self.draft, "seq": self.seq}}])
        await self.ws.send(msg.SerializeToString())

    def _rerun(self, fragment_id: str = "") -> bytes:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = "" if self.page_hash else self.page
        state.page_script_hash = self.page_hash
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        return msg.SerializeToString()

    async def _auto(self, ws, fragment_id: str, interval: float) -> None:
        try:
            while True:
                await asyncio.sleep(interval)
                await ws.send(self._rerun(fragment_id))
        except websockets.ConnectionClosed:
            pass

    async def run(self) -> None:
        try:
            await self._run()
        except (websockets.ConnectionClosed, OSError):
            pass  # the server stopped at the end of the bench
        finally:
            for task in self.timers.values():
                task.cancel()

    async def _run(self) -> None:
        async with websockets.connect(self.ws_url, subprotocols=["streamlit"],
                                      origin=self.origin, max_size=None) as ws:
            self.ws = ws
            await ws.send(self._rerun())
            async for raw in ws:
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                kind = msg.WhichOneof("type")
                if kind == "new_session" and not msg.metadata.run.fragment_ids:
                    # A full run starts: the browser drops every fragment timer (its
                    # cleanupAutoReruns) and takes the ones this run sends. Kept, a timer of
                    # a fragment the run no longer draws (the ticker after a phase change)
                    # would rerun a missing fragment every interval, each rerun counted as
                    # input that cuts the screen's wait short.
                    for task in self.timers.values():
                        task.cancel()
                    self.timers.clear()
                elif kind == "navigation" and msg.navigation.page_script_hash:
                    self.page_hash = msg.navigation.page_script_hash
                elif kind == "auto_rerun":
                    fid = msg.auto_rerun.fragment_id
                    if fid in self.timers:
                        self.timers[fid].cancel()
                    self.timers[fid] = asyncio.create_task(
                        self._auto(ws, fid, msg.auto_rerun.interval))
                elif kind == "stop_auto_rerun":
                    for task in self.timers.values():
                        task.cancel()
                    self.timers.clear()
                elif kind == "script_finished":
                    self.ready.set()
                elif kind == "delta":
                    self.deltas += 1
                if (kind == "delta" and not self.answer_widget
                        and msg.delta.new_element.WhichOneof("type") == "bidi_component"
                        and msg.delta.new_element.bidi_component.id.endswith(".all")):
                    self.answer_widget = msg.delta.new_element.bidi_component.id
                    self.answer_version = json.loads(
                        msg.delta.new_element.bidi_component.json)["version"]
                elif kind == "delta" and msg.delta.new_element.markdown.body in PHASE_HEADINGS:
                    body = msg.delta.new_element.markdown.body
                    if body != self.phase:
                        self.phase, self.phase_at = body, time.monotonic()
                elif kind == "delta" and self.watch:
                    body = msg.delta.new_element.markdown.body
                    if body:
                        for text in list(self.watch):
                            if text in body and text not in self.seen:
                                self.seen[text] = time.monotonic()


# The group screen's line naming the phase (kultur3/ui/live/group.py, phase_bar), in bokmål.
# (When it became bold text instead of a «###» heading, this bench saw no phase change at
# all, phase_seen=0/980, until tests/pages/test_live_pages.py held the two together.)
PHASE_HEADINGS = {PHASE_LINE.format(i18n.t(f"phase.{p.value}")) for p in Phase}


class Loop:
    """An asyncio loop in a thread, carrying every light client."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def start(self, client: Client) -> None:
        asyncio.run_coroutine_threadsafe(client.run(), self.loop)

    def wait_ready(self, clients: list[Client], timeout: float = 120) -> None:
        async def all_ready():
            await asyncio.wait_for(asyncio.gather(*(c.ready.wait() for c in clients)), timeout)
        asyncio.run_coroutine_threadsafe(all_ready(), self.loop).result()


def prepare(folder: Path) -> tuple[str, str, str, int]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        url = f"sqlite:///{folder / 'load.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as s:
        seed_demo(s, force=True, room_in_progress=True)
        s.commit()
        g = s.exec(select(Gathering).where(Gathering.status == "active")).one()
        staff = actor_of(s, "fasilitator")
        live.set_phase(session=s, actor=staff, gathering_id=g.id, phase="q1")
        live.set_revealed(session=s, actor=staff, gathering_id=g.id, phase="q1", revealed=True)
        joining.set_code_joining(session=s, actor=staff, gathering_id=g.id, enabled=True)
        token = live.new_view_token(session=s, actor=staff, gathering_id=g.id)
        s.commit()
        code, gid = s.get(Gathering, g.id).join_code, g.id
    engine.dispose()
    return url, token, code, gid


def join_many(url: str, code: str, n: int) -> list[str]:
    """n participants, joined round the room by each municipality's table code (the room
    code allows 120 joins a minute: a real room's pace, not a bench's)."""
    engine = make_engine(url)
    keys = []
    with session_scope(engine) as s:
        gid = joining.find_by_code(session=s, code=code).gathering_id
        cards = joining.table_cards(session=s, actor=actor_of(s, "fasilitator"), gathering_id=gid)
    for start in range(0, n, 100):  # a transaction per hundred
        with session_scope(engine) as s:
            keys += [joining.join(session=s, code=cards[i % len(cards)].code)
                     for i in range(start, min(n, start + 100))]
    engine.dispose()
    return keys


def writer(loop: Loop, typist: Client, texts: dict, stop: threading.Event) -> None:
    """One answer per second, typed by one participant through the replica, timed from the
    moment its page sends it."""
    i = 0
    while not stop.is_set():
        text = f"Lastsvar {i} {time.time_ns()}"
        texts[text] = time.monotonic()
        asyncio.run_coroutine_threadsafe(typist.type_answer(text), loop.loop).result()
        i += 1
        stop.wait(1.0)


def phase_fanout(console, participants: list[Client], changes: int) -> str:
    """Press «neste» (or «forrige» when the room is past question 1) in the console tab;
    seconds from each click to each participant's first delta with the new heading (20 s at
    most per change). The room ends in question 1, where the typist's field is. A click while
    the console still runs the last one can be merged into that run and lost (Streamlit keeps
    one pending rerun), so each change waits for the room before the next."""
    first = PHASE_LINE.format(i18n.t("phase.q1"))
    delays, expected = [], 0
    for i in range(changes + 1):
        headings = [c.phase for c in participants]
        at_first = headings.count(first) * 2 > len(headings)
        if i == changes and at_first:
            break
        before = {id(c): c.phase for c in participants}
        clicked = time.monotonic()
        button = "live_console-next" if at_first else "live_console-back"
        console.locator(f".st-key-{button}").get_by_role("button").click()
        deadline = clicked + 20
        while time.monotonic() < deadline and any(
                c.phase == before[id(c)] for c in participants):
            time.sleep(0.05)
        if i < changes:  # the last round only brings the room back to question 1
            expected += len(participants)
            delays += [c.phase_at - clicked for c in participants if c.phase != before[id(c)]]
        time.sleep(2)  # the room settles before the next change
    return fanout_line(delays, expected)


def fanout_line(delays: list[float], expected: int) -> str:
    """phase_p50_s=… phase_p95_s=… phase_seen=…/… of one fan-out's delays."""
    if len(delays) < 2:
        return f"phase_p50_s=nan phase_p95_s=nan phase_seen={len(delays)}/{expected}"
    p95 = statistics.quantiles(delays, n=20, method="inclusive")[18]
    return (f"phase_p50_s={statistics.median(delays):.2f} phase_p95_s={p95:.2f} "
            f"phase_seen={len(delays)}/{expected}")


def typists(loop: Loop, room: list[Client], every: float, stop: threading.Event) -> None:
    """Each of `room` saves its draft every `every` seconds, staggered across the interval,
    its text growing by a word each time (the room typing at once)."""
    step, i = every / max(len(room), 1), 0
    while not stop.is_set():
        client = room[i % len(room)]
        text = " ".join(["Vi skriver"] + [f"ord{n}" for n in range(i // len(room) + 1)])
        asyncio.run_coroutine_threadsafe(client.type_answer(text), loop.loop)
        i += 1
        stop.wait(step)


def resources(pid: int, url: str) -> str:
    """threads=… fds=… db_connections=… of the replica."""
    status = Path(f"/proc/{pid}/status").read_text()
    threads = next(int(x.split()[1]) for x in status.splitlines() if x.startswith("Threads:"))
    fds = list(Path(f"/proc/{pid}/fd").iterdir())
    if url.startswith("sqlite"):
        db = str(Path(make_url(url).database).resolve())
        conns = sum(1 for fd in fds if _target(fd) == db)
    else:
        engine = make_engine(url)
        with engine.connect() as c:
            conns = c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                   "current_database() AND pid <> pg_backend_pid()")).scalar()
        engine.dispose()
    return f"threads={threads} fds={len(fds)} db_connections={conns}"


def _target(fd: Path) -> str:
    try:
        return os.readlink(fd)
    except OSError:
        return ""


def typing_room(url: str, code: str, n: int, loop: Loop, clients: list[Client]
                ) -> list[Client]:
    """n participants (joined for it) whose answer field is drawn, none in the group of the
    level's timed writer (the first drawn: its answer is the one the projector is timed on,
    and a room typing into the same group answer would make it a conflict). Several typists
    share a group, as phones at one table do: their saves conflict, as they would."""
    writer_group = _group(url, clients[1:], next(c for c in clients[1:] if c.answer_widget))
    room: list[Client] = []
    while len(room) < n:
        new = [Client(clients[0].origin, "samling", f"deltaker={key}")
               for key in join_many(url, code, n - len(room) + 2)]
        for c in new:
            loop.start(c)
        clients += new
        loop.wait_ready(clients)
        room += [c for c in new if c.answer_widget and _group(url, [], c) != writer_group]
    return room[:n]


def _group(url: str, _clients: list[Client], client: Client) -> int:
    """The municipality a participant client writes for."""
    from kultur3.models import Participant

    key = client.query.split("=", 1)[1]
    engine = make_engine(url)
    with Session(engine) as s:
        mid = s.exec(select(Participant.municipality_id).where(Participant.key == key)).one()
    engine.dispose()
    return mid


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="22,100,250,500")
    parser.add_argument("--window", type=float, default=20.0)
    parser.add_argument("--leaders", type=int, default=5)
    parser.add_argument("--typists", type=int, default=0)
    parser.add_argument("--type-every", type=float, default=3.0)
    parser.add_argument("--wake-check-s", type=float, default=None,
                        help="the replica's KULTUR3_WAKE_CHECK_S (the waiting screens' safety "
                             "check; default the setting's)")
    parser.add_argument("--phase-changes", type=int, default=4,
                        help="phase changes timed per level (0: none)")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="kultur3-load-"))
    url, token, code, gid = prepare(folder)
    env = {} if args.wake_check_s is None else {"KULTUR3_WAKE_CHECK_S": str(args.wake_check_s)}
    server = Server(url, folder / "app.log", env=env).start()
    loop = Loop()
    from bench.bare_fanout import BareRoom  # (it takes its client from here)
    bare = BareRoom(loop, folder) if args.phase_changes else None
    watched: dict[str, float] = {}
    projector = Client(server.url, "storskjerm", f"visning={token}", watch=watched)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            leaders = []
            first = browser.new_context()
            page = first.new_page()
            login(page, server.url, "leder")
            cookies = first.storage_state()
            first.close()
            chair = browser.new_context().new_page()
            login(chair, server.url, "fasilitator")
            chair.goto(f"{server.url}/styring?samling={gid}")
            wait_for_app(chair)
            loop.start(projector)
            clients: list[Client] = [projector]
            loop.wait_ready(clients)
            time.sleep(2)
            base_rss = rss_mb(server.proc.pid)  # the app loaded, one session open
            for level in levels:
                while len(leaders) < min(args.leaders, level - 1):
                    tab = browser.new_context(storage_state=cookies).new_page()
                    tab.goto(f"{server.url}/dashbord")
                    wait_for_app(tab)
                    leaders.append(tab)
                wanted = level - 1 - len(leaders) - (len(clients) - 1)
                new = [Client(server.url, "samling", f"deltaker={key}")
                       for key in join_many(url, code, max(wanted, 0))]
                for c in new:
                    loop.start(c)
                clients += new
                loop.wait_ready(clients)
                time.sleep(3)
                for room in ([], typing_room(url, code, args.typists, loop, clients)
                             if args.typists else None):
                    if room is None:
                        continue
                    watched.clear()
                    projector.seen.clear()
                    projector.deltas = 0
                    stop = threading.Event()
                    typist = next(c for c in clients[1:] if c.answer_widget)
                    w = threading.Thread(target=writer, args=(loop, typist, watched, stop))
                    t = threading.Thread(target=typists,
                                         args=(loop, room, args.type_every, stop))
                    w.start()
                    if room:
                        t.start()
                    cpu = cpu_pct(server.proc.pid, args.window)
                    stop.set()
                    w.join()
                    if room:
                        t.join()
                    time.sleep(3)  # the last answer's way to the projector
                    delays = [projector.seen[t] - at for t, at in watched.items()
                              if t in projector.seen]
                    p95 = (statistics.quantiles(delays, n=20, method="inclusive")[18]
                           if len(delays) >= 2 else float("nan"))
                    rss = rss_mb(server.proc.pid)
                    sessions = len(clients) + len(leaders)
                    print(f"sessions={sessions} typists={len(room)} cpu_pct={cpu:.1f} "
                          f"rss_mb={rss:.0f} "
                          f"mb_per_session={(rss - base_rss) / (sessions - 1):.2f} "
                          f"p95_update_s={p95:.2f} "
                          f"updates_seen={len(delays)}/{len(watched)} "
                          f"projector_deltas={projector.deltas} leaders={len(leaders)} "
                          f"participants={len(clients) - 1} {resources(server.proc.pid, url)}",
                          flush=True)
                if args.phase_changes:
                    print(f"phase_fanout sessions={sessions} "
                          f"{phase_fanout(chair, clients[1:], args.phase_changes)}", flush=True)
                    bare.grow(len(clients) - 1)  # as many phones, on the bare page
                    print(f"bare_phase_fanout sessions={sessions} "
                          f"{bare.fanout(args.phase_changes)}", flush=True)
            browser.close()
    finally:
        server.stop()
        if bare is not None:
            bare.stop()


if __name__ == "__main__":
    main()
