"""Read-only views of a municipality's work: its words, its radar, its project and plan."""

from __future__ import annotations

import streamlit as st

from kultur3.insight.municipality_work import MunicipalityWork
from kultur3.ui import survey_results as surveys_ui
from kultur3.ui import widgets
from kultur3.ui.context import fmt_date, t
from kultur3.ui.widgets import escape


def summary(data: MunicipalityWork) -> None:
    """Focus area, latest gathering, and a warning when high scores have nothing anchored."""
    when = (f"{escape(data.gathering_title)} ({fmt_date(data.gathering_date)})"
            if data.gathering_title else t("common.not_available"))
    st.caption(f"{t('common.focus_area')}: {escape(data.focus_area) or '–'} · "
               f"{t('common.gathering')}: {when}")
    if data.high_without_anchoring:
        st.warning(t("anchoring.high_without",
                     areas=escape(", ".join(data.high_without_anchoring))))


def pictures(data: MunicipalityWork) -> None:
    """The four future pictures in the group's own words."""
    if not data.pictures:
        st.info(t("work.no_answers"))
    for pic in data.pictures:
        st.markdown(f"**{pic.number}. {escape(pic.question)}**")
        st.markdown(escape(pic.whole) if pic.whole else f"_{t('work.no_answer')}_")
        for area, text in pic.per_area:
            st.markdown(f"- *{escape(area)}*: {escape(text)}")


def radar(data: MunicipalityWork) -> None:
    """The radar with a line per survey shown (aggregates only), and the surveys' tables."""
    gaps = list(data.gaps)
    if gaps and any(g.desired is not None or g.current is not None for g in gaps):
        widgets.gap_radar(gaps, key="municipality_work.radar", table_beside=True,
                          surveys=surveys_ui.lines(data.surveys, gaps) or None)
    else:
        gaps = []
        st.info(t("group.no_scores"))
    surveys_ui.details(data.surveys, gaps, key="municipality_work.surveys")


def project(data: MunicipalityWork) -> None:
    p = data.project
    for key, value in (("project_goal", p.goal), ("project_target_groups", p.target_groups),
                       ("project_partners", p.partners), ("project_in_a_year", p.in_a_year)):
        st.markdown(f"**{t(f'team.{key}')}**")
        st.markdown(escape(value) if value else "–")


def actions_and_log(data: MunicipalityWork) -> None:
    widgets.action_list(list(data.actions), key="municipality_work.actions")
    st.header(t("work.log"))
    if not data.log:
        st.info(t("report.no_log"))
    for e in data.log:
        st.markdown(f"**{fmt_date(e.happened_on)} · {t(f'log.{e.kind.value}')}**  \n"
                    f"{escape(e.text)}")
        if e.entered_by_staff:
            st.caption(t("workshop.score_by_staff"))
