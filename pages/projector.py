"""The big screen: read-only, follows the room as soon as something happens in it."""

import streamlit as st

from kultur3 import live
from kultur3.models import Role
from kultur3.programme import catalogue
from kultur3.ui import keys
from kultur3.ui import live as live_ui
from kultur3.ui.context import (
    cached_read,
    lang,
    read_first,
    require_programme,
    require_role,
    settings,
    t,
)
from kultur3.ui.live.room_vote import projector_overlay

actor = require_role("projector")
if actor.role == Role.VIEWER:
    gathering_id = actor.gathering_id
else:
    programme = require_programme()
    gatherings = cached_read(catalogue.gatherings_for, programme_id=programme.id)
    wanted = st.query_params.get(keys.GATHERING_PARAM, "")
    default = catalogue.default_gathering(gatherings)
    gathering_id = next((g.id for g in gatherings if str(g.id) == wanted),
                        default.id if default else None)
    if gathering_id is None:
        st.info(t("facilitator.none"))
        st.stop()
    st.query_params[keys.GATHERING_PARAM] = str(gathering_id)

rendered = read_first(live.live_version, gathering_id=gathering_id)  # before what is drawn
view = cached_read(live.room_view, actor=actor, gathering_id=gathering_id, lang=lang())
live_ui.projector(view, rendered, actor=actor, staff=actor.role != Role.VIEWER,
                  overlay=projector_overlay(actor, gathering_id, view))
if settings().demo_mode:  # the room reads invented answers: say so, small, at the bottom
    st.caption(t("app.demo_banner"))
