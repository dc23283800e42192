"""Where people join and watch: the join and view links (the public address), QR codes,
phase names, and the gathering picker the console and the group screen share."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
import streamlit as st

from kultur3.programme import catalogue
from kultur3.ui import keys
from kultur3.ui.context import (
    base_url,
    cached_read,
    fmt_date,
    t,
)


def join_url(code: str) -> str:
    return f"{base_url()}/delta?{urlencode({keys.CODE_PARAM: code})}"


def view_url(token: str) -> str:
    return f"{base_url()}/storskjerm?{urlencode({keys.VIEW_PARAM: token})}"


@st.cache_data(show_spinner=False, max_entries=64)
def qr_png(url: str, scale: int = 10) -> bytes:
    """A QR code for a link, as PNG (high contrast, quiet zone kept)."""
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


# Phases of local gatherings and leader days: the projector shows what the room is doing.


def phase_label(phase: str) -> str:
    return t(f"phase.{phase}")


# --- Choosing the gathering -------------------------------------------------------------------


def choose_gathering(programme_id: int, municipality_id: int | None, key: str) -> int | None:
    """A gathering picker; preselects the one in the URL, else the running one, else the last
    one held."""
    gatherings = cached_read(catalogue.gatherings_for, programme_id=programme_id,
                             municipality_id=municipality_id)
    if not gatherings:
        st.info(t("facilitator.none"))
        return None
    labels = {f"{g.title} ({fmt_date(g.held_on)})"
              + (f" – {t('gatherings.cancelled')}" if g.cancelled else ""): g.id
              for g in gatherings}
    ids = list(labels.values())
    if key not in st.session_state:
        wanted = st.query_params.get(keys.GATHERING_PARAM, "")
        chosen = next((i for i in ids if str(i) == wanted),
                      catalogue.default_gathering(gatherings).id)
        st.session_state[key] = next(label for label, i in labels.items() if i == chosen)
    label = st.selectbox(t("common.gathering"), list(labels), key=key)
    gid = labels.get(label, ids[-1])
    st.query_params[keys.GATHERING_PARAM] = str(gid)
    if any(g.cancelled for g in gatherings if g.id == gid):
        st.warning(t("gatherings.cancelled_mark"))
    return gid
