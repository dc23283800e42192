"""Facilitator's home: the programme's gatherings and which municipalities have answered."""

import streamlit as st

from kultur3 import overview, programmes
from kultur3.ui import gatherings as plan
from kultur3.ui import widgets
from kultur3.ui.admin import show_result
from kultur3.ui.context import cached_read, fmt_date, require_programme, require_role, t

actor = require_role("facilitator_home")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("facilitator.heading"))
with st.expander(t("gatherings.plan")):
    plan.plan_form(actor, programme.id, cached_read(programmes.participants,
                                                    programme_id=programme.id))
show_result()

progress = cached_read(overview.answer_progress, actor=actor, programme_id=programme.id)
if not progress:
    st.info(t("facilitator.none"))
for row in progress:
    with st.container(border=True, key=f"facilitator_home.gathering_{row.gathering_id}"):
        st.markdown(f"**{widgets.escape(row.title)}**")
        st.caption(f"{widgets.gathering_kind(row.kind)} · {fmt_date(row.held_on)}")
        plan.status_control(actor, row.gathering_id, row.status)
        st.progress(len(row.answered) / row.expected if row.expected else 0.0,
                    text=t("facilitator.answered_count", done=len(row.answered),
                           total=row.expected))
        if row.missing:
            st.caption(f"{t('facilitator.missing')}: {widgets.escape(', '.join(row.missing))}")
