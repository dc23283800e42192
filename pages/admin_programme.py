"""Admin: the programme's value areas (rename, reorder, add, retire) and question wording."""

import streamlit as st

from kultur3 import programmes
from kultur3.ui import framework as ui
from kultur3.ui import widgets
from kultur3.ui.admin import show_result
from kultur3.ui.context import cached_read, require_programme, require_role, t

actor = require_role("admin_programme")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("page.admin_programme"))

areas, questions = st.tabs([t("framework.areas"), t("framework.questions")])
with areas:
    ui.areas_editor(actor, programme.id, cached_read(
        programmes.value_areas, programme_id=programme.id, include_retired=True))
with questions:
    ui.question_editor(actor, cached_read(programmes.questions, programme_id=programme.id))
show_result()
