"""The facilitator's console: run a live gathering phase by phase."""

import streamlit as st

from kultur3 import live
from kultur3.programme import catalogue
from kultur3.ui import gatherings as plan
from kultur3.ui import guides, widgets
from kultur3.ui import live as live_ui
from kultur3.ui.context import cached_read, read_first, require_programme, require_role, t
from kultur3.ui.live import room_screens
from kultur3.ui.live import room_vote as room_vote_ui
from kultur3.ui.live import themes as themes_ui

actor = require_role("live_console")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("page.live_console"))
guides.guide_link()
with st.expander(t("gatherings.plan")):  # a new gathering, then pick it below
    plan.plan_form(actor, programme.id, cached_read(catalogue.participants,
                                                    programme_id=programme.id))
gathering_id = live_ui.choose_gathering(programme.id, None, "live_console.gathering")
if gathering_id is None:
    st.stop()
rendered = read_first(live.phase_version, gathering_id=gathering_id)  # before what is drawn
state = cached_read(live.live_state, actor=actor, gathering_id=gathering_id)
municipalities = cached_read(live.gathering_municipalities, gathering_id=gathering_id)

live_ui.console_controls(actor, state, municipalities)
room_screens.console_controls(actor, state)  # the wall's pause, «hver for seg først»
st.divider()
live_ui.moderation_reason()
live_ui.console_panel(actor, gathering_id, rendered)
with st.expander(t("live.themes"), key="live_console.themes_open"):
    themes_ui.console_themes(actor, state)
with st.expander(t("live.room_vote"), key="live_console.room_vote_open"):
    room_vote_ui.console_room_vote(actor, state)
with st.expander(t("live.joining_and_projector")):
    live_ui.console_joining(actor, state)
# Keyed and followed, so it stays open while the facilitator prepares and runs activities
# (unkeyed, it closed on the rerun each save makes).
with st.expander(t("activities.title"), key="live_console.activities", on_change="rerun"):
    live_ui.console_activities(actor, state)
with st.expander(t("live.agenda")):
    live_ui.console_agenda(actor, state)
with st.expander(t("live.municipalities")):
    live_ui.console_municipalities(actor, programme.id, state, municipalities)
with st.expander(t("live.export")):
    live_ui.console_export(actor, state)
