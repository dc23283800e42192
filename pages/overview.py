"""Leaders' overview: every municipality with its latest total gap and action progress."""

import streamlit as st

from kultur3.insight import overview
from kultur3.ui import widgets
from kultur3.ui.context import cached_read, lang, require_programme, require_role, t

actor = require_role("overview")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("overview.heading"))

rows = cached_read(overview.municipality_gaps, actor=actor, programme_id=programme.id,
                   lang=lang())
# Tall enough for every row: the page scrolls, not a small box inside it.
st.dataframe(widgets.decimals(widgets.municipality_gap_table(rows)), hide_index=True,
             key="overview.table",
             column_config=widgets.table_formats(), width="stretch",
             height=widgets.table_height(len(rows)))
st.caption(t("overview.caption"))
