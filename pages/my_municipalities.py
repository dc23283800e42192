"""«Mine kommuner»: the adviser's home. The municipalities they follow, the one that most
needs a call first; an admin picks any adviser and sees the municipalities nobody follows."""

import streamlit as st

from kultur3.ui import feedback, guides, widgets
from kultur3.ui import my_municipalities as ui
from kultur3.ui.context import require_programme, require_role, t

actor = require_role("my_municipalities")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("page.my_municipalities"))
st.caption(widgets.escape(programme.name))
guides.guide_link()
feedback.show()
ui.page(actor, programme.id)
