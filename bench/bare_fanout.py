"""The phase fan-out's baseline: N light clients on bench/bare_phase.py (one line and a
waiting ticker), the phase flipped --phase-changes times, seconds from each flip to each
client's first delta with the new line. bench/load.py runs it beside kultur3's own fan-out at
each level (the same clients, the same machine, the same run); alone:

    .venv/bin/python bench/bare_fanout.py [--levels 22,100,250] [--phase-changes 4]

Prints per level:
    bare_phase_fanout sessions=N phase_p50_s=... phase_p95_s=... phase_seen=.../...
Figures, never assertions.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.live_latency import BareServer  # noqa: E402
from bench.load import PHASE_HEADINGS, Client, Loop, fanout_line  # noqa: E402
from kultur3.core import i18n  # noqa: E402
from kultur3.ui.live.group import PHASE_LINE  # noqa: E402

LINES = [PHASE_LINE.format(i18n.t(f"phase.{p}")) for p in ("q1", "q2")]
assert set(LINES) <= PHASE_HEADINGS  # the client times the same lines as on the phones


class BarePhaseServer(BareServer):
    """bench/bare_phase.py on its own port, its phase in a file."""

    SCRIPT = "bench/bare_phase.py"

    def __init__(self, folder: Path) -> None:
        super().__init__("", folder / "bare_phase.log")
        self.phase_file = folder / "phase.txt"
        self.phase_file.write_text(LINES[0])

    def script_env(self) -> dict[str, str]:
        return {**os.environ, "BARE_PHASE_FILE": str(self.phase_file)}

    def flip(self) -> None:
        current = self.phase_file.read_text()
        tmp = self.phase_file.with_suffix(".new")
        tmp.write_text(LINES[1] if current == LINES[0] else LINES[0])
        tmp.replace(self.phase_file)  # whole, never half-written


class BareRoom:
    """The baseline's clients, grown level by level as bench/load.py grows its room."""

    def __init__(self, loop: Loop, folder: Path) -> None:
        self.loop = loop
        self.server = BarePhaseServer(folder).start()
        self.clients: list[Client] = []

    def grow(self, n: int) -> None:
        new = [Client(self.server.url, "", "") for _ in range(n - len(self.clients))]
        for c in new:
            self.loop.start(c)
        self.clients += new
        self.loop.wait_ready(self.clients)
        time.sleep(2)

    def fanout(self, changes: int) -> str:
        """As bench/load.py's phase_fanout: each flip waits for the room (20 s at most) and
        2 s more before the next."""
        delays, expected = [], 0
        for _ in range(changes):
            before = {id(c): c.phase for c in self.clients}
            flipped = time.monotonic()
            self.server.flip()
            deadline = flipped + 20
            while time.monotonic() < deadline and any(
                    c.phase == before[id(c)] for c in self.clients):
                time.sleep(0.05)
            expected += len(self.clients)
            delays += [c.phase_at - flipped for c in self.clients if c.phase != before[id(c)]]
            time.sleep(2)
        return fanout_line(delays, expected)

    def stop(self) -> None:
        self.server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="22,100,250")
    parser.add_argument("--phase-changes", type=int, default=4)
    args = parser.parse_args()
    room = BareRoom(Loop(), Path(tempfile.mkdtemp(prefix="kultur3-bare-")))
    try:
        for level in (int(x) for x in args.levels.split(",")):
            room.grow(level)
            print(f"bare_phase_fanout sessions={level} {room.fanout(args.phase_changes)}",
                  flush=True)
    finally:
        room.stop()


if __name__ == "__main__":
    main()
