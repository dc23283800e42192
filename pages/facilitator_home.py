"""Facilitator's home: the programme's gatherings and which municipalities have answered."""

import streamlit as st

from kultur3.insight import overview
from kultur3.programme import catalogue, gatherings
from kultur3.ui import feedback, gathering_edit, widgets
from kultur3.ui import gatherings as plan
from kultur3.ui.context import cached_read, require_programme, require_role, t

actor = require_role("facilitator_home")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("facilitator.heading"))
st.caption(widgets.escape(programme.name))
with st.expander(t("gatherings.plan")):
    plan.plan_form(actor, programme.id, cached_read(catalogue.participants,
                                                    programme_id=programme.id))
with st.expander(t("gatherings.bulk")):
    gathering_edit.bulk_form(actor, programme.id)
feedback.show()

progress = cached_read(overview.answer_progress, actor=actor, programme_id=programme.id)
if not progress:
    st.info(t("facilitator.none"))
else:
    plans = {p.id: p for p in cached_read(gatherings.planned, actor=actor,
                                          programme_id=programme.id)}
    plan.gathering_list(actor, progress, plans)
