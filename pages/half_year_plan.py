"""The half-year plan: every gathering of the programme on one page (staff and leaders)."""

import streamlit as st

from kultur3.programme import gatherings
from kultur3.ui import half_year, widgets
from kultur3.ui.context import cached_read, require_programme, require_role, t

actor = require_role("half_year_plan")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("page.half_year_plan"))
st.caption(widgets.escape(programme.name))
half_year.show(cached_read(gatherings.planned, actor=actor, programme_id=programme.id))
