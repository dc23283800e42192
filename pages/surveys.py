"""Brukerundersøkelse: the group's surveys of the people its culture school serves (issue
24). The coordinator (or the programme's staff) makes one, shares it and moderates it."""

import streamlit as st

from kultur3.core.errors import Kultur3Error
from kultur3.group import surveys
from kultur3.ui import feedback, widgets
from kultur3.ui import surveys as ui
from kultur3.ui.context import cached_read, require_programme, require_role, t

actor = require_role("surveys")
programme = require_programme()
widgets.demo_banner(programme)
municipality_id = widgets.choose_municipality(actor, programme.id, "surveys.municipality")
st.title(t("page.surveys"))
st.caption(t("survey.intro"))
feedback.show()
try:
    rows = cached_read(surveys.list_surveys, actor=actor, programme_id=programme.id,
                       municipality_id=municipality_id)
except Kultur3Error as exc:
    feedback.show_error(exc)
    st.stop()
ui.survey_table(rows)
for row in rows:
    with st.expander(widgets.escape(row.title), key=f"surveys.survey.{row.id}"):
        ui.manage(actor, row)
with st.expander(t("survey.new"), expanded=not rows, key="surveys.new"):
    ui.create_form(actor, programme.id, municipality_id)
