"""A group's screen in a live gathering: follows the facilitator's phase and takes input."""


import streamlit as st

from kultur3 import live
from kultur3.group import actions, workspace
from kultur3.models import Phase, Role
from kultur3.programme import catalogue
from kultur3.programme.phases import GUIDED
from kultur3.ui import agenda as agenda_ui
from kultur3.ui import keys, widgets
from kultur3.ui import live as live_ui
from kultur3.ui import workshop as ws
from kultur3.ui.context import cached_read, lang, read_first, require_programme, require_role, t
from kultur3.ui.live import room_screens
from kultur3.ui.live import room_vote as room_vote_ui
from kultur3.ui.live.device import remember
from kultur3.ui.nav import URL_PATHS

actor = require_role("live_group")
if actor.role == Role.PARTICIPANT:
    municipality_id, gathering_id = actor.municipality_id, actor.gathering_id
    # The participant's key lives in the address: leaving is a link without it. Kept for a
    # later join too, so joining again brings this participant (and its dots) back.
    remember(st.query_params[keys.PARTICIPANT_PARAM])
    st.sidebar.markdown(f"[{t('live.leave')}](/{URL_PATHS['join']})")
else:
    programme = require_programme()
    widgets.demo_banner(programme)
    municipality_id = widgets.choose_municipality(actor, programme.id, "live_group.municipality")
    gathering_id = live_ui.choose_gathering(programme.id, municipality_id,
                                            "live_group.gathering")
    if gathering_id is None:
        st.stop()

rendered = read_first(live.phase_version, gathering_id=gathering_id)  # before what is drawn
state = cached_read(live.live_state, actor=actor, gathering_id=gathering_id)
name = cached_read(catalogue.municipality_name, municipality_id=municipality_id)
st.title(widgets.escape(state.title))
st.caption(t("live.working_for", name=widgets.escape(name)))
live_ui.phase_bar(state, rendered)

where = ws.Where(actor, state.programme_id, municipality_id, gathering_id)
frame = cached_read(catalogue.framework_view, programme_id=state.programme_id, lang=lang())
# The one lock the services check too (the leadership follows the room and writes nothing).
locked = live.input_locked(actor, state, municipality_id)
phase = state.phase

if room_vote_ui.ballot(actor, state, municipality_id, lambda: ws.members_for(where)):
    pass  # a vote of the whole room is open: the phone votes first
elif phase == Phase.WELCOME:
    st.info(t("live.wait_for_start"))
elif phase in (Phase.Q1, Phase.Q2, Phase.Q3):
    question = frame.question(int(phase.value[1]))
    # «hver for seg først»: each phone's own idea first; then the ideas above the answer
    if room_screens.group_ideas(actor, state, municipality_id, question,
                                locked=locked) != room_screens.SOLO:
        saved = cached_read(workspace.answers, actor=actor, gathering_id=gathering_id,
                            municipality_id=municipality_id)
        ws.question_step(where, question, frame.areas, saved, disabled=locked)
elif phase == Phase.SCORING:
    sheet = cached_read(workspace.score_sheet, actor=actor, gathering_id=gathering_id,
                        municipality_id=municipality_id, lang=lang())
    mine, ours = st.tabs([t("workshop.my_scores"), t("workshop.group_scores")])
    with mine:
        ws.my_scores(where, sheet, ws.members_for(where), disabled=locked)
    with ours:
        ws.agreed_scores(where, sheet, disabled=locked)
elif phase in (Phase.Q4, Phase.SUMMARY):
    radar = cached_read(workspace.radar_data, actor=actor, gathering_id=gathering_id,
                        municipality_id=municipality_id, lang=lang())
    q4 = frame.question(4)
    st.header(f"4. {q4.text}")
    widgets.gap_radar(radar.gaps, key="live_group.radar", previous=radar.previous,
                      previous_title=radar.previous_title, band=radar.band)
    made = cached_read(actions.list_actions, actor=actor, programme_id=state.programme_id,
                       municipality_id=municipality_id, lang=lang(), gathering_id=gathering_id)
    if phase == Phase.Q4:
        saved = cached_read(workspace.answers, actor=actor, gathering_id=gathering_id,
                            municipality_id=municipality_id)
        ws.answer_editor(where, q4.id, None, t("workshop.whole_picture"),
                         saved.get((q4.id, None)), disabled=locked)
        if not locked:
            st.header(t("actions.new"))
            uncovered = actions.uncovered_gaps(radar.gaps, made)
            ws.action_form(where, frame.areas, ws.members_for(where),
                           [g.value_area_id for g in uncovered])
    widgets.action_list(made, key="live_group.actions")
elif phase == Phase.PRIORITISING and actor.role != Role.MUNICIPAL_LEADER:
    live_ui.voting(actor, state, municipality_id, ws.members_for(where), locked=locked)
elif phase == Phase.ACTIVITY and actor.role != Role.MUNICIPAL_LEADER:
    live_ui.phone_activity(actor, state, municipality_id, locked=locked)
elif phase in GUIDED:
    agenda_ui.render(where, state, frame, locked=locked)

if actor.role != Role.PARTICIPANT:
    st.query_params[keys.GATHERING_PARAM] = str(gathering_id)
