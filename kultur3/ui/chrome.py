"""Streamlit's own English chrome, made Norwegian or hidden, on every page of every role.

What a room meets: the status corner's «Stop» button while a page runs and «CONNECTING» when
the Wi-Fi drops (`.stConnectionStatus`, Streamlit 1.67), and headings that broke mid-word on
a 390 px phone («Kommunegrupp/a»), a dashboard tab row cut off at 390 px, and radar labels
clipped there. «View N more» under a long menu is avoided by app.py's
st.navigation(expanded=True); «Page not found» by kultur3/ui/nav.py and kultur3/ui/serve.py.
"""

from __future__ import annotations

import streamlit as st

from kultur3.ui.context import t

_CSS = """
<style>
[data-testid="stStatusWidget"] button { display: none; }
.stConnectionStatus label { font-size: 0; }
.stConnectionStatus label::after { content: "%(connecting)s"; font-size: 0.8rem; }
h1, h2, h3 { overflow-wrap: normal; word-break: normal; hyphens: manual; }
@media (max-width: 640px) {
  h1 { font-size: 1.75rem !important; }
  h2 { font-size: 1.4rem !important; }
  /* A phone: tabs wrap onto two rows instead of scrolling out of sight, and a radar's area
     names shrink so «Betydningsfull og mestringsorientert» stays inside the chart. */
  .stTabs [role="tablist"] { flex-wrap: wrap; row-gap: 0.25rem; overflow-x: visible; }
  .stTabs [role="tablist"] ~ button, .stTabs [data-testid="stTabsScrollButton"] { display: none; }
  .stPlotlyChart .angularaxistick text, .stPlotlyChart .angularaxis text {
    font-size: 10px !important; }
}
</style>
"""


def style() -> None:
    """Inject the chrome fixes; the one text comes in the session's language."""
    st.html(_CSS % {"connecting": t("chrome.connecting").replace('"', "")})
