"""Streamlit's own English chrome, made Norwegian or hidden, on every page of every role.

What a room meets: the status corner's «Stop» button while a page runs and «CONNECTING» when
the Wi-Fi drops (`.stConnectionStatus`, Streamlit 1.67), and headings that broke mid-word on
a 390 px phone («Kommunegrupp/a»), a dashboard tab row cut off at 390 px, and radar labels
clipped there. «View N more» under a long menu is avoided by app.py's
st.navigation(expanded=True); «Page not found» by kultur3/ui/nav.py and kultur3/ui/serve.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

import streamlit as st

from kultur3.core.inline_scripts import NAV_SCRIPT
from kultur3.ui.context import t


def stylesheet(path: Path) -> Template:
    """A .css file (beside the module that draws with it: Streamlit's test ids stay out of
    Python), without its comments, as a template for the values a run fills in. Read once, at
    import; every run sends it."""
    css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
    return Template(css.strip())


_CSS = Template("<style>" + stylesheet(Path(__file__).with_name("chrome.css")).template
                + "</style>")


def style() -> None:
    """Inject the chrome fixes; the one text comes in the session's language. The script
    gives the sectioned menu list semantics axe-core accepts (kultur3/core/inline_scripts.py)."""
    st.html(_CSS.substitute(connecting=t("chrome.connecting").replace('"', ""))
            + f"<script>{NAV_SCRIPT}</script>", unsafe_allow_javascript=True)
