"""Anchoring (forankring): where the group's work stands in plans, budget and politics. The
group records it, the municipality's leadership comments and approves, leaders read."""

import streamlit as st

from kultur3.access.permissions import can_write_municipality
from kultur3.group import anchoring
from kultur3.programme import catalogue
from kultur3.ui import anchoring as ui
from kultur3.ui import feedback, widgets
from kultur3.ui.context import cached_read, require_programme, require_role, t

actor = require_role("anchoring")
programme = require_programme()
widgets.demo_banner(programme)
municipality_id = widgets.choose_municipality(actor, programme.id, "anchoring.municipality")
name = cached_read(catalogue.municipality_name, municipality_id=municipality_id)
st.title(t("anchoring.page_heading", name=widgets.escape(name)))
st.caption(t("anchoring.help"))
feedback.show()

items = cached_read(anchoring.entries, actor=actor, programme_id=programme.id,
                    municipality_id=municipality_id)
ui.entries(items)
if can_write_municipality(actor, municipality_id):
    with st.expander(t("anchoring.add"), expanded=not items):
        ui.add_form(actor, programme.id, municipality_id)
    if items:
        with st.expander(t("anchoring.edit")):
            ui.edit_form(actor, items)
if ui.may_review(actor) and items:
    with st.expander(t("anchoring.review"), expanded=True):
        ui.review_form(actor, items)
