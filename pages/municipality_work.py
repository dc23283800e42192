"""A municipality's work, read-only: its leadership's home, and where programme leaders read
a group's own words (future pictures, project, actions, log, anchoring)."""

import streamlit as st

from kultur3.core.errors import Kultur3Error
from kultur3.insight import municipality_work
from kultur3.ui import anchoring as anchoring_ui
from kultur3.ui import feedback, keys, widgets
from kultur3.ui import municipality_work as ui
from kultur3.ui.context import cached_read, lang, require_programme, require_role, t

actor = require_role("municipality_work")
programme = require_programme()
widgets.demo_banner(programme)
municipality_id = widgets.choose_municipality(actor, programme.id, keys.WORK_MUNICIPALITY)
try:
    data = cached_read(municipality_work.municipality_work, actor=actor, programme_id=programme.id,
                       municipality_id=municipality_id, lang=lang())
except Kultur3Error as exc:
    feedback.show_error(exc)
    st.stop()

st.title(t("work.heading", name=widgets.escape(data.municipality_name)))
ui.summary(data)
pictures, radar, project, plan, anchored = st.tabs(
    [t("work.tab_pictures"), t("work.tab_radar"), t("work.tab_project"), t("work.tab_actions"),
     t("anchoring.heading")])
with pictures:
    ui.pictures(data)
with radar:
    ui.radar(data)
with project:
    ui.project(data)
with plan:
    ui.actions_and_log(data)
with anchored:
    anchoring_ui.entries(list(data.anchoring))
    st.page_link("pages/anchoring.py", label=t("work.to_anchoring"))
anchoring_ui.report_download(actor, programme, municipality_id, key="municipality_work.report")
