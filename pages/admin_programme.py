"""Admin: programmes (create, life cycle) and the current programme's framework: value areas
with their descriptions and level texts, and the questions' wording."""

import streamlit as st

from kultur3.programme import catalogue
from kultur3.ui import feedback, research, widgets
from kultur3.ui import framework_edit as ui
from kultur3.ui import programme as programme_ui
from kultur3.ui.context import cached_read, current_programme, require_role, t

actor = require_role("admin_programme")
st.title(t("page.admin_programme"))
feedback.show()

every = cached_read(catalogue.visible_programmes, actor=actor, include_archived=True)
if every:
    programme_ui.programmes_table(every)
else:
    st.info(t("programme.none_yet"))
with st.expander(t("programme.create"), expanded=not every):
    programme_ui.create_form(actor, every)
if every:
    with st.expander(t("programme.manage")):
        programme_ui.manage(actor, every)

programme = current_programme()
if programme is None:
    st.stop()
widgets.demo_banner(programme)
st.header(t("programme.framework_of", name=widgets.escape(programme.name)))
areas, questions, partner = st.tabs([t("framework.areas"), t("framework.questions"),
                                     t("research.partner_tab")])
with areas:
    ui.areas_editor(actor, programme.id, cached_read(
        catalogue.value_areas, programme_id=programme.id, include_retired=True))
with questions:
    ui.question_editor(actor, cached_read(catalogue.questions, programme_id=programme.id))
with partner:
    research.partner_form(actor, programme.id)
