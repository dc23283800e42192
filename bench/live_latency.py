"""How fast a submission reaches the projector, and what an open live tab costs the server.

    .venv/bin/python bench/live_latency.py [--submissions 50] [--tabs 5] [--window 15]

Starts the app on a fresh demo database (SQLite in a temporary folder), opens the projector
(by its view link) in one Chromium context and a group's live page in another, and saves
--submissions answers from the group, timing each from the moment the field is left until
the text is on the projector. Then it measures the server's CPU while --tabs projector tabs,
then --tabs group tabs, sit open at the default refresh intervals, against the same number of
tabs of a bare page whose fragment reruns at the projector's interval and renders nothing
(bench/bare_fragment.py, its own server, measured in the same run).

With KULTUR3_SCALEOUT_POSTGRES (a PostgreSQL admin URL, as `make test` sets it) it then
starts two replicas behind deploy/'s nginx on a fresh PostgreSQL database, pins the projector
to one replica and the group to the other, and times random-arrival submissions across them
(the write on replica B wakes the projector on replica A through LISTEN/NOTIFY).

Prints:
    p50_s=... p95_s=... max_s=... n=...          (submitted right after each update)
    random_p50_s=... random_p95_s=... ...         (submitted at a random moment of a second)
    words_random_p50_s=... words_random_p95_s=... (a word-cloud submission from the group
                                                   screen, random moment, until the word is
                                                   in the projector's cloud)
    room_vote_random_p50_s=... ...                (a dot of the room-wide vote, at random)
    cpu_per_tab_pct=... bare_cpu_per_tab_pct=... group_cpu_per_tab_pct=... idle_cpu_pct=...
    replicas_random_p50_s=... replicas_random_p95_s=... ...   (with PostgreSQL)
(cpu_per_tab_pct is the projector tab's; per cent of one core, idle server subtracted.)
Figures, never assertions.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from kultur3 import live, migrate  # noqa: E402
from kultur3.models import Gathering  # noqa: E402
from kultur3.seed import seed_demo  # noqa: E402
from kultur3.store.db import make_engine  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    _free_port,
    login,
    wait_for_app,
)
from tests.conftest import actor_of  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def cpu_pct(pid: int, seconds: float) -> float:
    """Per cent of one core the process used over the next `seconds`."""
    before, start = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return 100 * (cpu_seconds(pid) - before) / (time.monotonic() - start)


def build_database(folder: Path) -> tuple[str, str, int]:
    url = f"sqlite:///{folder / 'live.db'}"
    token, gid = prepare_room(url)
    return url, token, gid


def prepare_room(url: str) -> tuple[str, int]:
    """The demo at question 1 with its answers revealed; the projector's view token."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as s:
        seed_demo(s, room_in_progress=True)
        s.commit()
        g = s.exec(select(Gathering).where(Gathering.status == "active")).one()
        staff = actor_of(s, "fasilitator")
        live.set_phase(session=s, actor=staff, gathering_id=g.id, phase="q1")
        live.set_revealed(session=s, actor=staff, gathering_id=g.id, phase="q1", revealed=True)
        token = live.new_view_token(session=s, actor=staff, gathering_id=g.id)
        s.commit()
        gid = g.id
    engine.dispose()
    return token, gid


class BareServer(Server):
    """A bare Streamlit script on its own port (bench/bare_fragment.py: the baseline tab;
    subclasses name another SCRIPT and its script_env())."""

    SCRIPT = "bench/bare_fragment.py"

    def script_env(self) -> dict[str, str]:
        return {**os.environ, "BARE_RUN_EVERY": os.environ.get("BARE_RUN_EVERY", "1.0")}

    def start(self) -> BareServer:
        env = self.script_env()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.SCRIPT,
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        return self.wait_healthy()


def open_tabs(browser, url: str, n: int, ready: str, storage_state=None) -> list:
    """n tabs, each in its own browser context (its own window): background tabs of one
    window get their timers throttled by Chromium and would make a tab look cheaper."""
    pages = []
    for _ in range(n):
        page = browser.new_context(storage_state=storage_state).new_page()
        page.goto(url)
        page.wait_for_selector(ready, timeout=30_000)
        pages.append(page)
    time.sleep(2)  # let the first runs and the cookie reader's rerun settle
    return pages


def close(pages: list) -> None:
    for page in pages:
        page.context.close()


PROJECTOR_TICK_S = 1.0  # the old polling interval: random arrivals spread over one second


def submit(field, projector, n: int, *, at_random: bool) -> list[float]:
    """Save n answers and time each until it is on the projector.

    Right after the projector has shown the previous answer (at_random=False), every sample
    starts just after a tick and waits nearly a whole one: the worst case. In a room,
    answers come at any moment: at_random=True first waits a uniform random part of a tick.
    """
    rng = random.Random(14)
    latencies = []
    for i in range(n):
        text = f"Svar nummer {i} fra Asker {time.time_ns()}"
        field.fill(text)
        if at_random:
            time.sleep(rng.uniform(0, PROJECTOR_TICK_S))
        start = time.monotonic()
        field.press("Tab")  # leaving the field saves it
        projector.wait_for_function("t => document.body.innerText.includes(t)", arg=text,
                                    polling=20, timeout=30_000)
        latencies.append(time.monotonic() - start)
    return latencies


def word_cloud_on(url: str, gid: int) -> None:
    """The facilitator's word cloud on screen and open (issue 25 §2), as the console does."""
    from kultur3.live import activities
    engine = make_engine(url)
    with Session(engine) as s:
        staff = actor_of(s, "fasilitator")
        aid = activities.create_activity(
            session=s, actor=staff, programme_id=s.get(Gathering, gid).programme_id,
            kind="words", prompt="Tre ord om kulturskolen", gathering_id=gid)
        activities.show_activity(session=s, actor=staff, gathering_id=gid, activity_id=aid)
        activities.set_activity_open(session=s, actor=staff, activity_id=aid, is_open=True)
        s.commit()
    engine.dispose()


def submit_words(group, projector, n: int) -> list[float]:
    """Send n words from the group screen at random moments, each timed until it is in the
    projector's cloud (one entry per screen: each send replaces the word before)."""
    rng = random.Random(25)
    field = group.get_by_label("Ord 1")
    field.wait_for(timeout=30_000)  # the group screen follows the phase by itself
    latencies = []
    for i in range(n):
        word = f"ordq{i}z{rng.randrange(10**6)}"
        field.fill(word)
        time.sleep(rng.uniform(0, PROJECTOR_TICK_S))
        start = time.monotonic()
        group.get_by_role("button", name="Send").click()
        projector.wait_for_function(
            "w => [...document.querySelectorAll('.k3-word')].some(e => e.innerText.startsWith(w))",
            arg=word, polling=20, timeout=30_000)
        latencies.append(time.monotonic() - start)
    return latencies


def room_vote_submit(url: str, group, projector, n: int) -> list[float]:
    """A vote of the whole room on question 1's answers: the group's guest puts a dot on the
    first answer and takes it back, n times in all, each at a random moment of a tick, timed
    from the tap until the projector's count of voters shows it (1 after a dot, 0 after)."""
    from kultur3.live import room_vote
    engine = make_engine(url)
    with Session(engine) as s:
        gid = s.exec(select(Gathering.id).where(Gathering.status == "active")).one()
        room_vote.start_room_vote(session=s, actor=actor_of(s, "fasilitator"),
                                  gathering_id=gid, kind="answers", question_number=1)
        s.commit()
    engine.dispose()
    group.get_by_text("Stem i hele rommet").wait_for(timeout=30_000)
    group.locator(f".st-key-live_group-room_voter-{gid}").click()
    group.get_by_role("option", name="Gjest").click()
    wait_for_app(group)
    projector.get_by_text("0 har stemt").wait_for(timeout=30_000)
    rng = random.Random(25)
    latencies = []
    for i in range(n):
        sign, voters = ("plus", 1) if i % 2 == 0 else ("minus", 0)
        button = group.locator(f"[class*='st-key-live_group-room_vote-'][class*='-{sign}'] "
                               "button:visible").first
        time.sleep(rng.uniform(0, PROJECTOR_TICK_S))
        start = time.monotonic()
        button.click()
        projector.wait_for_function("t => document.body.innerText.includes(t)",
                                    arg=f"{voters} har stemt", polling=20, timeout=30_000)
        latencies.append(time.monotonic() - start)
        wait_for_app(group)
    # Closed and off the big screen, as the facilitator would: while a room-wide vote is open
    # the phones show its ballot first, and the word cloud after it never reached them.
    engine = make_engine(url)
    with Session(engine) as s:
        room_vote.set_room_vote(session=s, actor=actor_of(s, "fasilitator"), gathering_id=gid,
                                is_open=False, on_screen=False)
        s.commit()
    engine.dispose()
    return latencies


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]  # never past max


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=50)
    parser.add_argument("--tabs", type=int, default=5)
    parser.add_argument("--window", type=float, default=15.0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kultur3-live-"))
    url, token, gid = build_database(folder)
    server = Server(url, folder / "app.log").start()
    bare = BareServer(url, folder / "bare.log").start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            room = browser.new_context(viewport={"width": 1920, "height": 1080})
            projector = room.new_page()
            projector.goto(f"{server.url}/storskjerm?visning={token}")
            projector.wait_for_selector(".st-key-projector-question", timeout=30_000)
            group_ctx = browser.new_context(viewport={"width": 1280, "height": 800})
            group = group_ctx.new_page()
            login(group, server.url, "kommune-3203")
            group.goto(f"{server.url}/samling")
            wait_for_app(group)
            field = group.get_by_label("Hele bildet").first
            latencies = submit(field, projector, args.submissions, at_random=False)
            print(f"p50_s={statistics.median(latencies):.2f} p95_s={p95(latencies):.2f} "
                  f"max_s={max(latencies):.2f} n={len(latencies)}", flush=True)
            randoms = submit(field, projector, args.submissions, at_random=True)
            print(f"random_p50_s={statistics.median(randoms):.2f} "
                  f"random_p95_s={p95(randoms):.2f} random_max_s={max(randoms):.2f} "
                  f"n={len(randoms)}", flush=True)
            votes = room_vote_submit(url, group, projector, args.submissions)
            print(f"room_vote_random_p50_s={statistics.median(votes):.2f} "
                  f"room_vote_random_p95_s={p95(votes):.2f} "
                  f"room_vote_random_max_s={max(votes):.2f} n={len(votes)}", flush=True)
            word_cloud_on(url, gid)
            words = submit_words(group, projector, args.submissions)
            print(f"words_random_p50_s={statistics.median(words):.2f} "
                  f"words_random_p95_s={p95(words):.2f} words_random_max_s={max(words):.2f} "
                  f"n={len(words)}", flush=True)

            room.close()
            cookies = group_ctx.storage_state()
            group_ctx.close()
            idle = cpu_pct(server.proc.pid, args.window)
            tabs = open_tabs(browser, f"{server.url}/storskjerm?visning={token}", args.tabs,
                             ".st-key-projector-question")
            projector_pct = cpu_pct(server.proc.pid, args.window)
            close(tabs)
            tabs = open_tabs(browser, f"{server.url}/samling", args.tabs,
                             ".st-key-live_group-phase", storage_state=cookies)
            group_pct = cpu_pct(server.proc.pid, args.window)
            close(tabs)
            bare_idle = cpu_pct(bare.proc.pid, args.window)
            tabs = open_tabs(browser, bare.url, args.tabs, ".st-key-bare-ready")
            bare_pct = cpu_pct(bare.proc.pid, args.window)
            close(tabs)
            n = args.tabs
            print(f"cpu_per_tab_pct={(projector_pct - idle) / n:.2f} "
                  f"bare_cpu_per_tab_pct={(bare_pct - bare_idle) / n:.2f} "
                  f"group_cpu_per_tab_pct={(group_pct - idle) / n:.2f} "
                  f"idle_cpu_pct={idle:.2f} tabs={n} window_s={args.window:g} "
                  f"bare_every_s=1", flush=True)
            if os.environ.get("KULTUR3_SCALEOUT_POSTGRES"):
                replicas(browser, args.submissions)
            browser.close()
    finally:
        server.stop()
        bare.stop()


def replicas(browser, submissions: int) -> None:
    """Random-arrival submissions from a group on replica B to the projector on replica A."""
    from contextlib import ExitStack

    from tests.browser.conftest import empty_pg_database
    from tests.browser.test_scale_out import pinned, routes_to_two_replicas
    with ExitStack() as stack:
        url = stack.enter_context(empty_pg_database("kultur3_bench"))
        token, _ = prepare_room(url)
        port = _free_port()
        env = {**os.environ, "DATABASE_URL": url, "KULTUR3_DEMO": "1",
               "KULTUR3_PUBLIC_URL": f"http://127.0.0.1:{port}"}
        proc = subprocess.Popen(
            [sys.executable, "deploy/run.py", "--replicas", "2", "--port", str(port),
             "--prefix", tempfile.mkdtemp(prefix="kultur3-replicas-")], cwd=ROOT, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        stack.callback(lambda: (proc.terminate(), proc.wait(timeout=30)))
        if not proc.stdout.readline().startswith("ready"):
            raise RuntimeError("deploy/run.py did not start")
        base = f"http://127.0.0.1:{port}"
        route_a, _, route_b, _ = routes_to_two_replicas(base)
        projector, group = pinned(browser, base, route_a), pinned(browser, base, route_b)
        projector.goto(f"{base}/storskjerm?visning={token}")
        projector.wait_for_selector(".st-key-projector-question", timeout=30_000)
        login(group, base, "kommune-3203")
        group.goto(f"{base}/samling")
        wait_for_app(group)
        field = group.get_by_label("Hele bildet").first
        randoms = submit(field, projector, submissions, at_random=True)
        print(f"replicas_random_p50_s={statistics.median(randoms):.2f} "
              f"replicas_random_p95_s={p95(randoms):.2f} "
              f"replicas_random_max_s={max(randoms):.2f} n={len(randoms)} replicas=2", flush=True)
        projector.context.close()
        group.context.close()


if __name__ == "__main__":
    main()
