"""Writes for tests/test_crash_safety.py: four threads add log entries and actions through the
service functions the pages use, and print "ACK <n>" only after each commit returns. The test
kills this process with SIGKILL in the middle of the burst."""

import sys
import threading
from datetime import date

from sqlmodel import Session

from kultur3.group import actions
from kultur3.models import LogKind
from kultur3.programme import catalogue
from kultur3.store.db import make_engine, session_scope
from tests.conftest import actor_of

LOCK = threading.Lock()


def main(url: str) -> None:
    engine = make_engine(url)
    with Session(engine) as s:
        asker = actor_of(s, "kommune-3203")
        pid = catalogue.list_programmes(session=s)[0].id
        area = catalogue.value_areas(session=s, programme_id=pid)[0].id

    def work(lane: int) -> None:
        for i in range(100_000):
            n = i * 4 + lane
            with session_scope(engine) as s:
                if n % 2:
                    actions.add_log_entry(session=s, actor=asker, programme_id=pid,
                                          municipality_id=asker.municipality_id,
                                          kind=LogKind.ACT, text=f"krasj-{n}",
                                          happened_on=date(2026, 11, 25))
                else:
                    actions.create_action(session=s, actor=asker, programme_id=pid,
                                          municipality_id=asker.municipality_id,
                                          title=f"krasj-{n}", value_area_ids=[area])
            with LOCK:  # committed: only now is the write acknowledged
                print(f"ACK {n}", flush=True)

    threads = [threading.Thread(target=work, args=(lane,)) for lane in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()


if __name__ == "__main__":
    main(sys.argv[1])
