"""The baseline for bench/live_latency.py: one fragment that reruns on a timer and renders
nothing, the least any live tab can cost the server."""

import os

import streamlit as st

with st.container(key="bare.ready"):
    st.write("bare")


@st.fragment(run_every=float(os.environ.get("BARE_RUN_EVERY", "1.0")))
def tick() -> None:
    pass


tick()
