"""The group workspace: the four future-picture questions, scoring, and from gap to action."""


import streamlit as st

from kultur3.group import actions, workspace
from kultur3.insight import sectors
from kultur3.models import Role
from kultur3.programme import catalogue
from kultur3.ui import sectors as sectors_ui
from kultur3.ui import widgets
from kultur3.ui import workshop as ws
from kultur3.ui.context import cached_read, lang, require_programme, require_role, t

actor = require_role("workshop")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("page.workshop"))

municipality_id = widgets.choose_municipality(actor, programme.id, "workshop.municipality")
gatherings = cached_read(catalogue.gatherings_for, programme_id=programme.id,
                         municipality_id=municipality_id)
if not gatherings:
    st.info(t("facilitator.none"))
    st.stop()
gathering = ws.choose_gathering(gatherings)
where = ws.Where(actor, programme.id, municipality_id, gathering.id)
if actor.role != Role.GROUP:
    st.info(t("workshop.on_behalf"))

frame = cached_read(catalogue.framework_view, programme_id=programme.id, lang=lang())
saved = cached_read(workspace.answers, actor=actor, gathering_id=gathering.id,
                    municipality_id=municipality_id)
sheet = cached_read(workspace.score_sheet, actor=actor, gathering_id=gathering.id,
                    municipality_id=municipality_id, lang=lang())
plan = cached_read(actions.list_actions, actor=actor, programme_id=programme.id,
                   municipality_id=municipality_id, lang=lang())
made_here = [a for a in plan if a.source_gathering == gathering.title]
step = ws.stepper(ws.done_steps(frame, saved, sheet, made_here))

if step in ("q1", "q2", "q3"):
    ws.question_step(where, frame.question(int(step[1])), frame.areas, saved)
elif step == "scores":
    mine, ours = st.tabs([t("workshop.my_scores"), t("workshop.group_scores")])
    with mine:
        ws.my_scores(where, sheet, ws.members_for(where))
    with ours:
        ws.agreed_scores(where, sheet)
        with st.expander(t("sectors.heading")):
            sectors_ui.split_table(cached_read(
                sectors.group_split, actor=actor, gathering_id=gathering.id,
                municipality_id=municipality_id, lang=lang()), key="workshop.sectors")
else:
    q4 = frame.question(4)
    radar = cached_read(workspace.radar_data, actor=actor, gathering_id=gathering.id,
                        municipality_id=municipality_id, lang=lang())
    st.header(f"4. {q4.text}")
    st.caption(q4.help)
    widgets.gap_radar(radar.gaps, key="workshop.radar", previous=radar.previous,
                      previous_title=radar.previous_title, band=radar.band, table_beside=True)
    uncovered = actions.uncovered_gaps(radar.gaps, plan)
    if uncovered:
        st.warning(t("workshop.uncovered", areas=", ".join(widgets.escape(g.label)
                                                            for g in uncovered)))
    ws.answer_editor(where, q4.id, None, t("workshop.whole_picture"), saved.get((q4.id, None)))
    st.header(t("actions.new"))
    ws.action_form(where, frame.areas, ws.members_for(where), [g.value_area_id for g in uncovered])
    widgets.action_list(made_here, key="workshop.actions")
