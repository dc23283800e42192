"""A group's survey results on its radar and beside it: the third line «Slik ser brukerne
det», the differences named in words, a table per survey and the aggregates as CSV/Excel.
Aggregates only (kultur3/insight/survey_results.py): no single response, no open answer."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.group.scoring import AreaGap
from kultur3.insight import exports
from kultur3.insight import survey_results as results
from kultur3.insight.survey_results import SurveyResult
from kultur3.models import SURVEY_MIN_RESPONSES
from kultur3.ui import widgets
from kultur3.ui.context import cached_read, fmt_num, lang, t
from kultur3.ui.widgets import escape

# The export's column -> its heading's key.
COLUMNS = {"survey": "survey_results.col_survey", "audience": "survey_results.col_audience",
           "opens_on": "survey_results.col_opens", "closes_on": "survey_results.col_closes",
           "responses": "survey_results.col_responses", "value_area": "common.value_area",
           "statement": "survey_results.col_statement", "median": "survey_results.col_median",
           "q1": "survey_results.col_q1", "q3": "survey_results.col_q3",
           "answered": "survey_results.col_answered",
           "dont_know": "survey_results.col_dont_know"}


def read(actor: Actor, programme_id: int, municipality_id: int) -> tuple[SurveyResult, ...]:
    return cached_read(results.group_results, actor=actor, programme_id=programme_id,
                       municipality_id=municipality_id, lang=lang())


def audience(r: SurveyResult | results.Difference) -> str:
    """«Elevene», or the coordinator's own label for a custom audience."""
    if r.audience_label:
        return r.audience_label
    return t(f"survey_results.audience_{r.audience.value}")


def lines(found: tuple[SurveyResult, ...], gaps: list[AreaGap]
          ) -> list[tuple[str, list[float | None]]]:
    """The radar's survey lines: one per survey shown (at least SURVEY_MIN_RESPONSES)."""
    return [(t("survey_results.line", audience=audience(r), n=r.responses),
             results.radar_line(r, gaps)) for r in found if r.shown]


def radar(actor: Actor, programme_id: int, municipality_id: int, gaps: list[AreaGap], *,
          key: str, table_beside: bool = False) -> tuple[SurveyResult, ...]:
    """The group's radar with a line per survey shown; what it read, for details()."""
    found = read(actor, programme_id, municipality_id)
    widgets.gap_radar(gaps, key=key, table_beside=table_beside,
                      surveys=lines(found, gaps) or None)
    return found


def difference_words(found: tuple[SurveyResult, ...], gaps: list[AreaGap]) -> list[str]:
    """«Elevene gir Brukeren i sentrum 1,4 lavere enn dere selv», largest first (plain text:
    the caller escapes it)."""
    shown = {r.survey_id: r for r in found if r.shown}
    return [t("survey_results.lower" if d.difference < 0 else "survey_results.higher",
              audience=audience(shown[d.survey_id]), area=d.area,
              diff=fmt_num(abs(d.difference)))
            for d in results.differences(list(shown.values()), gaps)]


def _table(r: SurveyResult) -> pd.DataFrame:
    few = t("survey_results.too_few_in_area", n=SURVEY_MIN_RESPONSES)
    return pd.DataFrame({
        t("common.value_area"): [a.label for a in r.areas],
        t("survey_results.col_median"): [fmt_num(a.median) if a.median is not None else few
                                         for a in r.areas],
        t("survey_results.col_middle"): [f"{fmt_num(a.q1)}–{fmt_num(a.q3)}"
                                         if a.q1 is not None else "–" for a in r.areas],
        t("survey_results.col_answered"): [a.answered for a in r.areas],
        t("survey_results.col_dont_know"): [a.dont_know for a in r.areas],
        # Last: at 1280 px the home's column shows about two columns before it scrolls,
        # and the figures matter more than the statement's words.
        t("survey_results.col_statement"): [a.statement for a in r.areas],
    })


def details(found: tuple[SurveyResult, ...], gaps: list[AreaGap], *, key: str,
            file_name: str = "brukerundersokelse") -> None:
    """Beside or under the radar: the differences in words, a table per survey (side by
    side when there are two or three), «Vises fra 5 svar» for one below the threshold, and
    the aggregates to download. Nothing at all when the group has no survey."""
    if not found:
        return
    st.header(t("survey_results.heading"))
    words = difference_words(found, gaps)
    if words:
        for line in words:
            st.markdown(f"- {escape(line)}")
    elif any(r.shown for r in found):
        st.caption(t("survey_results.no_difference"))
    for r in found:
        if not r.shown:
            st.info(t("survey_results.below_threshold", title=escape(r.title),
                      n=SURVEY_MIN_RESPONSES))
    shown = [r for r in found if r.shown]
    for row_start in range(0, len(shown), 3):
        row = shown[row_start:row_start + 3]
        for column, r in zip(st.columns(len(row)), row, strict=True):
            column.markdown(f"**{escape(r.title)}** · {escape(audience(r))} · "
                            f"{t('survey_results.col_responses')}: {r.responses}")
            column.dataframe(_table(r), hide_index=True, key=f"{key}.survey.{r.survey_id}")
    st.caption(t("survey_results.about"))
    if shown:
        frame = results.frame(found, {c: t(k) for c, k in COLUMNS.items()}, audience)
        a, b = st.columns(2)
        a.download_button(t("survey_results.csv"), partial(exports.to_csv, frame),
                          f"{file_name}.csv", "text/csv", key=f"{key}.csv")
        b.download_button(t("survey_results.excel"),
                          partial(exports.to_excel, {t("survey_results.heading"): frame}),
                          f"{file_name}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}.excel")


def programme_table(actor: Actor, programme_id: int, *, key: str) -> None:
    """The leaders' view: each municipality's surveys in a row, a median per value area
    (aggregates only; «Vises fra 5 svar» where a survey is below the threshold)."""
    found = cached_read(results.programme_results, actor=actor, programme_id=programme_id,
                        lang=lang())
    if not found:
        st.info(t("survey_results.none_in_programme"))
        return
    rows, frames = [], []
    below = t("survey_results.below_threshold_short", n=SURVEY_MIN_RESPONSES)
    for m in found:
        for r in m.surveys:
            row = {t("common.municipality"): m.name, t("survey_results.col_survey"): r.title,
                   t("survey_results.col_audience"): audience(r),
                   t("survey_results.col_responses"): str(r.responses) if r.shown else below}
            row |= {a.label: fmt_num(a.median) for a in r.areas}
            rows.append(row)
        part = results.frame(m.surveys, {c: t(k) for c, k in COLUMNS.items()}, audience)
        part.insert(0, t("common.municipality"), m.name)
        frames.append(part)
    st.dataframe(pd.DataFrame(rows).fillna("–"), hide_index=True, key=f"{key}.table")
    st.caption(t("survey_results.about"))
    export = pd.concat(frames, ignore_index=True)
    a, b = st.columns(2)
    a.download_button(t("survey_results.csv"), partial(exports.to_csv, export),
                      "brukerundersokelser.csv", "text/csv", key=f"{key}.csv")
    b.download_button(t("survey_results.excel"),
                      partial(exports.to_excel, {t("survey_results.heading"): export}),
                      "brukerundersokelser.xlsx",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      key=f"{key}.excel")
