"""Shared widgets: the demo banner, the gap radar with its table, gathering labels."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core import formatting
from kultur3.core.text import escape_markdown
from kultur3.group.actions import ActionView
from kultur3.group.scoring import AreaGap
from kultur3.insight import charts
from kultur3.insight.overview import MunicipalityGap
from kultur3.models import MUNICIPAL_ROLES
from kultur3.programme import catalogue
from kultur3.programme.catalogue import ProgrammeInfo
from kultur3.ui.context import cached_read, fmt_date, fmt_num, lang, t


def demo_banner(programme: ProgrammeInfo | None) -> None:
    """Label invented demo data wherever it is shown."""
    if programme is not None and programme.is_demo:
        st.info(t("app.demo_banner"), icon="ℹ️")


def gap_table(gaps: list[AreaGap],
              surveys: list[tuple[str, list[float | None]]] | None = None) -> pd.DataFrame:
    """The radar's numbers as a table (the chart's text alternative), a column per survey."""
    return pd.DataFrame({
        t("common.value_area"): [g.label for g in gaps],
        t("common.desired"): [fmt_num(g.desired) for g in gaps],
        t("common.current"): [fmt_num(g.current) for g in gaps],
        t("common.gap"): [fmt_num(g.gap) for g in gaps],
        **{name: [fmt_num(v) for v in values] for name, values in surveys or []},
    })


def gap_radar(gaps: list[AreaGap], *, key: str, title: str = "",
              previous: list[float | None] | None = None, previous_title: str | None = None,
              band: list[tuple[float, float] | None] | None = None,
              table_beside: bool = False,
              surveys: list[tuple[str, list[float | None]]] | None = None) -> None:
    """The gap radar with its alt text and the same figures as a table: beside the chart,
    or one click away in an expander. surveys: a line each beside the group's own
    current state (kultur3/ui/survey_results.py)."""
    fig = charts.gap_radar(gaps, desired_label=t("common.desired"),
                           current_label=t("common.current"), gap_label=t("common.gap"),
                           title=title, previous=previous,
                           previous_label=t("common.previous", title=previous_title or ""),
                           band=band, band_label=t("common.spread_band"),
                           separators=formatting.plotly_separators(lang()), fmt=fmt_num,
                           surveys=surveys)
    chart, table = st.columns([3, 2]) if table_beside else (st.container(), None)
    chart.plotly_chart(fig, key=key, config={"displaylogo": False})
    chart.caption(t("group.radar_alt"))
    if surveys:
        chart.caption(t("survey_results.radar_alt"))
    if table is not None:
        table.dataframe(gap_table(gaps, surveys), hide_index=True, key=f"{key}.table")
    else:
        with st.expander(t("common.show_table")):
            st.dataframe(gap_table(gaps, surveys), hide_index=True, key=f"{key}.table")


def gathering_kind(kind: str) -> str:
    """Translated gathering type."""
    return t(f"kind.{kind}")


def members_table(members: list[tuple[str, str, str, bool]]) -> pd.DataFrame:
    """Group members, name and role, the coordinator marked: two columns fit the home page's
    narrow column at 1280 px (with four, sector and coordinator scrolled out of sight); the
    whole table is on «Vår gruppe»."""
    mark = t("common.coordinator").lower()
    return pd.DataFrame({
        t("common.name"): [f"{m[0]} ({mark})" if m[3] else m[0] for m in members],
        t("common.role_in_group"): [m[1] for m in members],
    })


def escape(text: str) -> str:
    """User text for st.markdown: shown exactly as typed, never run as markdown or HTML."""
    return escape_markdown(text)


def municipality_gap_table(rows: list[MunicipalityGap]) -> pd.DataFrame:
    """The leaders' table of municipalities, largest mean gap first (over the areas each
    group answered, with how many that is)."""
    frame = pd.DataFrame({
        t("common.municipality"): [r.name for r in rows],
        t("common.county"): [r.county for r in rows],
        t("common.focus_area"): [r.focus_area for r in rows],
        t("common.latest_gathering"): [r.latest_gathering_date for r in rows],
        t("common.mean_gap"): [r.mean_gap for r in rows],
        t("common.areas_answered"): [t("common.n_of", n=r.areas_answered, total=r.areas_total)
                                     for r in rows],
        t("common.largest_gap"): [r.largest_gap_area for r in rows],
        t("common.actions_done"): [f"{r.actions_done}/{r.actions_total}" for r in rows],
        t("anchoring.heading"): [t("anchoring.count", anchored=r.anchored, total=r.anchoring_total)
                                 if r.anchoring_total else "–" for r in rows],  # not «0 av 0»
    })
    return frame.sort_values(t("common.mean_gap"), ascending=False, na_position="last")


def decimals(frame: pd.DataFrame):
    """The frame's decimal columns the session's way with one decimal («2,1», not the
    «2.125» Streamlit printed for a float), while a click on the header still sorts by the
    number: a pandas Styler's display text over the numeric column. Streamlit's own number
    formats are printf («%.1f», always a point) or the browser's locale, not the app's."""
    floats = list(frame.select_dtypes("float").columns)
    if not floats or not (frame.index.is_unique and frame.columns.is_unique):
        return frame  # a Styler needs unique labels; nothing to format either way
    return frame.style.format(fmt_num, subset=floats, na_rep="–")


def table_height(rows: int) -> int:
    """Pixels for a table to show every row without its own scrollbar (35 px a row)."""
    return 38 + 35 * max(rows, 1)


def table_formats() -> dict:
    """Column formats so dates and numbers read the Norwegian way while columns still sort."""
    date_format = "D MMM YYYY" if lang() == "en" else "DD.MM.YYYY"
    return {t("common.latest_gathering"): st.column_config.DateColumn(format=date_format)}


def choose_municipality(actor: Actor, programme_id: int, key: str) -> int:
    """A group works in its own municipality; staff pick one (to view or fill in for it)."""
    if actor.role in MUNICIPAL_ROLES:
        return actor.municipality_id
    enrolled = cached_read(catalogue.participants, programme_id=programme_id)
    options = {f"{p.name} ({p.number})": p.municipality_id for p in enrolled}
    if not options:  # a new programme: nobody enrolled yet
        st.info(t("groups.none_enrolled"))
        st.stop()
    _follow_link(key, {p.number: f"{p.name} ({p.number})" for p in enrolled})
    return options[st.selectbox(t("common.choose_municipality"), list(options), key=key)]


def _follow_link(key: str, labels: dict[str, str]) -> None:
    """A link from «Mine kommuner» (?kommune=4638, the municipality number) chooses that
    municipality, once per link: a choice made on the page afterwards stands. Only one the
    picker offers (enrolled in the programme, which the actor may read); anything else is
    ignored."""
    asked = st.query_params.get("kommune")
    seen = f"{key}.linked"
    if asked and asked in labels and st.session_state.get(seen) != asked:
        st.session_state[key] = labels[asked]
        st.session_state[seen] = asked


def action_card(action: ActionView) -> None:
    """One tiltak: title, areas, owner, deadline, overdue flag (user text escaped)."""
    flag = f" · :red[**{t('actions.overdue')}**]" if action.overdue else ""
    st.markdown(f"**{escape(action.title)}**{flag}")
    deadline = fmt_date(action.deadline)
    st.caption(f"{t('actions.owner')}: {escape(action.owner) or '–'} · "
               f"{t('actions.deadline')}: {deadline} · {t('priority.' + str(action.priority))}"
               f" · {escape(', '.join(action.value_areas))}")
    if action.progress_note:
        st.caption(f"{t('actions.progress')}: {escape(action.progress_note)}")
    if action.entered_by_staff:
        st.caption(t("workshop.score_by_staff"))


def action_list(items: list[ActionView], *, key: str) -> None:
    """Actions as bordered cards with their status."""
    for action in items:
        with st.container(border=True, key=f"{key}.{action.id}"):
            action_card(action)
            st.caption(t(f"action_status.{action.status.value}"))


def chart_alternative(alt_key: str, table: pd.DataFrame, *, key: str) -> None:
    """A chart's text alternative: what it shows in words, and its numbers one click away."""
    st.caption(t(alt_key))
    with st.expander(t("common.show_table")):
        st.dataframe(decimals(table), hide_index=True, key=f"{key}.table")
