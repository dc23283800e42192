"""`python -m kultur3 send-reminders` for tests/test_reminders.py, started as its own process:
waits for a gate file (so two runs start at one moment); after its first delivery waits until
PEERS runs have each delivered one (so two runs surely interleave: with a 20 ms pause alone, a
loaded CI machine once let one run send all 18 before the other started); and with a count > 0
kills itself with SIGKILL right after that many messages were delivered: after the send,
before the run marks it sent.

    python -m tests.reminder_runner GATE PEERS DIE_AFTER send-reminders --today 2027-03-01
"""

import os
import signal
import sys
import time
from pathlib import Path

from kultur3 import __main__ as cli
from kultur3.core import mail


def _all_delivered_once(gate: Path, peers: int) -> None:
    """A barrier: mark this run as having delivered, wait (at most 60 s) for the others."""
    (gate.parent / f"{gate.name}.delivered.{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while (len(list(gate.parent.glob(f"{gate.name}.delivered.*"))) < peers
           and time.monotonic() < deadline):
        time.sleep(0.005)


def main(gate: str, peers: int, die_after: int, argv: list[str]) -> int:
    real, delivered = mail.send, []

    def send(cfg, **message):
        real(cfg, **message)
        delivered.append(message["to"])
        print(f"DELIVERED {message['to']}", flush=True)
        if len(delivered) == die_after:
            os.kill(os.getpid(), signal.SIGKILL)
        if len(delivered) == 1:
            _all_delivered_once(Path(gate), peers)
        time.sleep(0.02)
    mail.send = send
    while not Path(gate).exists():
        time.sleep(0.005)
    return cli.main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]))
