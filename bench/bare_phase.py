"""The baseline for bench/load.py's phase fan-out: a page that draws one line naming the phase
and, like a phone, reruns itself when the phase moves, and nothing else. What every phone's
rerun costs Streamlit itself at a phase change, before kultur3 does anything.

The phase is the text of the file BARE_PHASE_FILE; one watcher thread per server reads it
every 5 ms and wakes the waiting screens, as kultur3's change hub does
(kultur3/store/changes.py). A screen's fragment waits for the change in its own runs only
(a full run must finish), and reruns the whole page when it came.
"""

import os
import threading
import time
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

PHASE_FILE = Path(os.environ["BARE_PHASE_FILE"])


@st.cache_resource
def hub() -> tuple[threading.Condition, dict]:
    changed = threading.Condition()
    room = {"phase": PHASE_FILE.read_text()}

    def watch() -> None:
        while True:
            text = PHASE_FILE.read_text()
            if text and text != room["phase"]:
                with changed:
                    room["phase"] = text
                    changed.notify_all()
            time.sleep(0.005)

    threading.Thread(target=watch, daemon=True).start()
    return changed, room


changed, room = hub()
rendered = room["phase"]
st.markdown(rendered)


@st.fragment(run_every=0.25)
def ticker() -> None:
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.fragment_ids_this_run:  # the fragment's own run: wait
        with changed:
            changed.wait_for(lambda: room["phase"] != rendered, timeout=10)
    if room["phase"] != rendered:
        st.rerun(scope="app")


ticker()
