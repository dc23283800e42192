"""Admin and facilitators: municipalities in the programme, focus areas, group members, CSV import."""

import streamlit as st

from kultur3 import programmes
from kultur3.ui import groups as ui
from kultur3.ui import widgets
from kultur3.ui.context import cached_read, lang, require_programme, require_role, t

actor = require_role("admin_groups")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("page.admin_groups"))

with st.expander(t("groups.add_municipality")):
    ui.add_municipality_form(actor, programme.id)
participants = cached_read(programmes.participants, programme_id=programme.id, lang=lang())
number = ui.pick_participant(participants)
if number:
    ui.focus_form(actor, programme.id, number)
    municipality_id = next(p.municipality_id for p in participants if p.number == number)
    ui.members(actor, programme.id, number, cached_read(
        programmes.members, actor=actor, programme_id=programme.id,
        municipality_id=municipality_id))
    ui.import_form(actor, programme.id, number)
ui.show_result()
