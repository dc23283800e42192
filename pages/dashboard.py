"""Leaders' dashboard: compare municipalities, follow the gap over time, actions, reports."""

import streamlit as st

from kultur3.group import anchoring
from kultur3.insight import dashboard, sectors
from kultur3.programme import catalogue
from kultur3.ui import dashboard as dash
from kultur3.ui import sectors as sectors_ui
from kultur3.ui import survey_results as surveys_ui
from kultur3.ui import widgets
from kultur3.ui.context import cached_read, lang, require_programme, require_role, t

actor = require_role("dashboard")
programme = require_programme()
widgets.demo_banner(programme)
st.title(t("page.dashboard"))

gatherings = cached_read(catalogue.gatherings_for, programme_id=programme.id)
wanted = dash.wanted_filters()
view = cached_read(dashboard.view, actor=actor, programme_id=programme.id, lang=lang(),
                   filters=wanted)
chosen = dash.filters(view, gatherings)
if chosen != wanted:  # a stale or tampered link was set back to everything
    view = cached_read(dashboard.view, actor=actor, programme_id=programme.id, lang=lang(),
                       filters=chosen)
frame = view.frame
if frame.empty:
    st.info(t("dash.no_data"))
    st.stop()

# Only the open tab runs (on_change="rerun"): building every tab's figures on every rerun
# was most of the dashboard's warm run at national scale (bench/pages.py).
compare, over_time, plans, partners, reports = st.tabs(
    [t("dash.tab_compare"), t("dash.over_time"), t("dash.tab_actions"), t("dash.tab_partners"),
     t("dash.tab_reports")], key="dashboard.tab", on_change="rerun")
if compare.open:
    with compare:
        dash.compare(view)
        # A toggle, not an expander: an expander's content runs even when closed, and the
        # split reads every member's latest scores (180 ms after a write, national scale).
        if st.toggle(t("sectors.programme_heading"), key="dashboard.sectors_open"):
            sectors_ui.split_table(cached_read(sectors.programme_split, actor=actor,
                                               programme_id=programme.id, lang=lang()),
                                   key="dashboard.sectors")
        # A toggle as above: closed, the surveys are not read at all.
        if st.toggle(t("survey_results.programme_heading"), key="dashboard.surveys_open"):
            surveys_ui.programme_table(actor, programme.id, key="dashboard.surveys")
if over_time.open:
    with over_time:
        dash.over_time(frame)
if plans.open:
    with plans:
        dash.action_progress(cached_read(dashboard.action_stats, actor=actor,
                                         programme_id=programme.id, frame=frame, lang=lang()))
        dash.anchoring_counts(cached_read(anchoring.programme_counts, actor=actor,
                                          programme_id=programme.id))
if partners.open:
    with partners:
        dash.partners(frame)
if reports.open:
    with reports:
        dash.report_downloads(actor, programme, frame)
