"""Research (issue 24 §4): the programme's research export for its research partner, and
for the admin. A researcher sees this page, «Min konto» and the privacy page, never a name."""

import streamlit as st

from kultur3.ui import research, widgets
from kultur3.ui.context import require_programme, require_role, t

actor = require_role("research")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("page.research"))
research.export_panel(actor, programme.id, programme.slug)
