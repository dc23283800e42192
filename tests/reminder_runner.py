"""`python -m kultur3 send-reminders` for tests/test_reminders.py, started as its own process:
waits for a gate file (so two runs start at one moment), slows every send by 20 ms (so two
runs interleave instead of one finishing before the other starts), and with a count > 0
kills itself with SIGKILL right after that many messages were delivered: after the send,
before the run marks it sent.

    python -m tests.reminder_runner GATE DIE_AFTER send-reminders --today 2027-03-01
"""

import os
import signal
import sys
import time
from pathlib import Path

from kultur3 import __main__ as cli
from kultur3.core import mail


def main(gate: str, die_after: int, argv: list[str]) -> int:
    real, delivered = mail.send, []

    def send(cfg, **message):
        real(cfg, **message)
        delivered.append(message["to"])
        print(f"DELIVERED {message['to']}", flush=True)
        if len(delivered) == die_after:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.02)
    mail.send = send
    while not Path(gate).exists():
        time.sleep(0.005)
    return cli.main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], int(sys.argv[2]), sys.argv[3:]))
