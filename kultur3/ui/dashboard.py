"""Widgets of the leaders' dashboard: filters kept in the URL, the views, downloads, reports."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core import formatting
from kultur3.insight import charts, dashboard, exports, pdf
from kultur3.insight.dashboard import Filters
from kultur3.programme.catalogue import ProgrammeInfo
from kultur3.ui.context import cached_read, fmt_num, lang, t
from kultur3.ui.widgets import chart_alternative, decimals

ALL = ""
QUERY = {"gathering": "dashboard.gathering", "county": "dashboard.county",
         "focus": "dashboard.focus"}


def wanted_filters() -> Filters:
    """The filters as chosen so far (session, else the URL), before the widgets are drawn:
    the view is read with them, then filters() checks them against the view's choices."""
    for param, key in QUERY.items():
        if key not in st.session_state:
            st.session_state[key] = st.query_params.get(param, ALL)
    return _chosen()


def _chosen() -> Filters:
    g = str(st.session_state[QUERY["gathering"]] or "")
    return Filters(gathering_id=int(g) if g.isdigit() else None,
                   county=st.session_state[QUERY["county"]] or None,
                   focus_area=st.session_state[QUERY["focus"]] or None)


def filters(view: dashboard.View, gatherings: list) -> Filters:
    """Gathering, county and focus area; read from and written back to the URL query."""
    wanted_filters()
    meets = {ALL: t("dash.latest_each")} | {
        str(g.id): f"{g.title} ({formatting.fmt_date(g.held_on, lang())})"
        for g in gatherings if g.municipality_id is None}
    counties = [ALL, *view.counties]
    focus = [ALL, *view.focus_areas]
    for key, options in ((QUERY["gathering"], list(meets)), (QUERY["county"], counties),
                         (QUERY["focus"], focus)):
        if st.session_state[key] not in options:  # a stale or tampered link: show everything
            st.session_state[key] = ALL
    a, b, c = st.columns(3)
    a.selectbox(t("common.gathering"), list(meets), format_func=meets.get, key=QUERY["gathering"])
    b.selectbox(t("common.county"), counties, format_func=_all, key=QUERY["county"])
    c.selectbox(t("common.focus_area"), focus, format_func=_all, key=QUERY["focus"])
    for param, key in QUERY.items():
        if st.session_state[key]:
            st.query_params[param] = st.session_state[key]
        elif param in st.query_params:
            del st.query_params[param]
    return _chosen()


# Building a plotly figure validates every trace (bench/figures.py prints what each costs).
# Cached on their data, reruns that change nothing skip it.
# cache_resource, not cache_data: cache_data hands back an unpickled copy, and unpickling a
# figure validates it again (11 ms of every rerun for the 16 radars, bench/pages.py). The
# figures are only read (st.plotly_chart serialises them), so one shared object is safe.
_figure_cache = st.cache_resource(show_spinner=False, max_entries=64)
_heatmap_figure = _figure_cache(charts.gap_heatmap)
_multiples_figure = _figure_cache(charts.small_multiples)
_trend_figure = _figure_cache(charts.trend_chart)
_compare_figure = _figure_cache(charts.compare_radar)


def _separators() -> str:
    return formatting.plotly_separators(lang())


def _all(value: str) -> str:
    return value or t("dash.all")


def downloads(name: str, sheets: dict[str, pd.DataFrame], key: str) -> None:
    """CSV of the first sheet and Excel of all, for the data behind a view.

    The files are made only when a button is clicked (deferred data): building the Excel file
    of a national programme takes seconds, far too long for every rerun.
    """
    a, b = st.columns(2)
    first = next(iter(sheets.values()))
    a.download_button(t("dash.csv"), partial(exports.to_csv, first), f"{name}.csv", "text/csv",
                      key=f"{key}.csv", on_click="ignore")
    b.download_button(t("dash.excel"), partial(exports.to_excel, sheets), f"{name}.xlsx",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      key=f"{key}.xlsx", on_click="ignore")


def _municipality_picker(frame: pd.DataFrame, key: str, *, label: str) -> int | None:
    names = frame.drop_duplicates("municipality_id").set_index("municipality")["municipality_id"]
    options = sorted(names.index)
    choice = st.selectbox(label, options, index=None, key=key, placeholder=t("common.choose"))
    return None if choice is None else int(names[choice])


def compare(view: dashboard.View) -> None:
    """Overlay of up to six, the gap heatmap, small multiples and the benchmark."""
    frame, now, table = view.frame, view.latest, view.heatmap
    labels = list(now.drop_duplicates("value_area").sort_values("position")["value_area"])
    # The first view compares something: the three largest mean gaps (the heatmap's top rows).
    chosen = st.multiselect(t("dash.compare_pick"), sorted(now["municipality"].unique()),
                            default=list(table.index[:3]) if not table.empty else None,
                            max_selections=dashboard.MAX_COMPARE, key="dashboard.compare",
                            placeholder=t("common.choose"))
    if chosen:
        series = [(m, _values(now[now["municipality"] == m], labels, "current")) for m in chosen]
        st.plotly_chart(_compare_figure(labels, series, title=t("dash.compare_title"),
                                             separators=_separators()),
                        key="dashboard.compare_chart")
        chart_alternative("dash.alt_compare", readable(now[now["municipality"].isin(chosen)]),
                          key="dashboard.compare_alt")
        downloads(t("file.compare"), {t("dash.compare_title"): readable(now[now["municipality"].isin(
            chosen)])}, "dashboard.compare_dl")
    st.header(t("dash.heatmap"))
    if table.empty:
        st.info(t("dash.no_data"))
        return
    st.plotly_chart(_heatmap_figure(table, gap_label=t("common.gap"),
                                    separators=_separators()), key="dashboard.heatmap")
    chart_alternative("dash.alt_heatmap", table.reset_index(), key="dashboard.heatmap_alt")
    downloads(t("file.gap_heatmap"), {t("dash.heatmap"): table.reset_index()}, "dashboard.heatmap_dl")
    _small_multiples(now, view.wide, labels)
    _benchmark(frame)


def _values(rows: pd.DataFrame, labels: list[str], kind: str) -> list[float | None]:
    by_area = rows.set_index("value_area")[kind]
    return [None if pd.isna(by_area.get(x)) else float(by_area.get(x)) for x in labels]


def _small_multiples(now: pd.DataFrame, wide: pd.DataFrame, labels: list[str],
                     per_page: int = 16) -> None:
    st.header(t("dash.small_multiples"))
    names = sorted(now["municipality"].unique())
    pages = max(1, -(-len(names) // per_page))
    page = st.number_input(t("dash.page_of", pages=pages), 1, pages, 1,
                           key="dashboard.multiples_page") if pages > 1 else 1
    shown = names[(page - 1) * per_page: page * per_page]
    items = list(zip(shown, _grid(wide, "desired", shown, labels),
                     _grid(wide, "current", shown, labels), strict=True))
    st.plotly_chart(_multiples_figure(labels, items, desired_label=t("common.desired"),
                                      current_label=t("common.current"),
                                      separators=_separators()),
                    key="dashboard.multiples")
    chart_alternative("dash.alt_multiples", readable(now[now["municipality"].isin(shown)]),
                      key="dashboard.multiples_alt")


def _grid(wide: pd.DataFrame, kind: str, rows: list[str], labels: list[str]
          ) -> list[list[float | None]]:
    """The municipalities' values of one kind, area by area, None where unknown: one reindex
    (a lookup per cell took 25 ms of every rerun for 16 radars, bench/pages.py)."""
    part = (wide[kind] if kind in wide.columns.get_level_values(0) else pd.DataFrame())
    grid = part.reindex(index=rows, columns=labels)
    return [[None if pd.isna(v) else float(v) for v in row] for row in grid.to_numpy()]


def _benchmark(frame: pd.DataFrame) -> None:
    st.header(t("dash.benchmark"))
    muni = _municipality_picker(frame, "dashboard.benchmark_pick", label=t("dash.benchmark_pick"))
    if muni is None:
        return
    result = dashboard.benchmark(frame, muni)
    if not result.shown:
        st.info(t("dash.benchmark_hidden", n=result.municipalities,
                  min=dashboard.MIN_FOR_BENCHMARK))
        return
    name = frame.loc[frame["municipality_id"] == muni, "municipality"].iloc[0]
    st.plotly_chart(charts.benchmark_chart(result.table, name=name, band_label=t("dash.middle"),
                                           median_label=t("dash.median"),
                                           separators=_separators()),
                    key="dashboard.benchmark_chart")
    chart_alternative("dash.alt_benchmark", result.table, key="dashboard.benchmark_alt")
    st.caption(t("dash.benchmark_note", n=result.municipalities))
    downloads(t("file.benchmark"), {t("dash.benchmark"): result.table}, "dashboard.benchmark_dl")


def over_time(frame: pd.DataFrame) -> None:
    """The gap per value area across gatherings, for one municipality or the whole programme."""
    muni = _municipality_picker(frame, "dashboard.trend_pick", label=t("dash.trend_pick"))
    data = dashboard.trend(frame, muni)
    title = t("dash.whole_programme") if muni is None else ""
    st.plotly_chart(_trend_figure(data, gap_label=t("common.gap"), title=title,
                                  separators=_separators()),
                    key="dashboard.trend")
    chart_alternative("dash.alt_trend", data, key="dashboard.trend_alt")
    closed = dashboard.closed_since_first(data)
    st.dataframe(decimals(closed.rename(columns={
        "value_area": t("common.value_area"), "first": t("dash.first"),
        "latest": t("dash.latest"), "closed": t("dash.closed")})),
                 hide_index=True, key="dashboard.closed")
    downloads(t("file.gap_over_time"), {t("dash.over_time"): data, t("dash.closed"): closed},
              "dashboard.trend_dl")


def action_progress(stats: dashboard.ActionStats) -> None:
    """Counts, share done, overdue, actions per value area, large gaps with no action."""
    a, b, c = st.columns(3)
    a.metric(t("dash.actions_total"), stats.total)
    share = stats.done / stats.total * 100 if stats.total else 0
    b.metric(t("dash.actions_done"), f"{fmt_num(round(share, 1))} %")
    c.metric(t("dash.actions_overdue"), stats.overdue)
    by_status = stats.by_status.rename(columns=lambda s: t(f"action_status.{s}"))
    st.dataframe(by_status, key="dashboard.by_status")
    st.header(t("dash.per_area"))
    if stats.per_area.empty:
        st.info(t("dash.no_data"))
    else:
        st.bar_chart(stats.per_area.set_index("value_area"), horizontal=True)
    st.header(t("dash.uncovered"))
    st.dataframe(decimals(stats.uncovered.rename(columns={
        "municipality": t("common.municipality"), "value_area": t("common.value_area"),
        "gap": t("common.gap")})), hide_index=True, key="dashboard.uncovered")
    downloads(t("file.actions"), {t("dash.by_status"): by_status.reset_index(),
                          t("dash.per_area"): stats.per_area,
                          t("dash.uncovered"): stats.uncovered}, "dashboard.actions_dl")


def partners(frame: pd.DataFrame) -> None:
    """For one municipality's largest gaps, who scores highest on those areas."""
    muni = _municipality_picker(frame, "dashboard.partners_pick", label=t("dash.partners_pick"))
    if muni is None:
        return
    table = dashboard.learning_partners(frame, muni)
    if table.empty:
        st.info(t("dash.no_partners"))
        return
    table = table.rename(columns={"value_area": t("common.value_area"), "gap": t("common.gap"),
                                  "partner": t("dash.partner"),
                                  "partner_current": t("common.current")})
    st.dataframe(decimals(table), hide_index=True, key="dashboard.partners")
    downloads(t("file.learning_partners"), {t("dash.tab_partners"): table}, "dashboard.partners_dl")


def report_text(title: str, subtitle: str, programme: ProgrammeInfo, *,
                list_heading: str = "") -> pdf.ReportText:
    """The translated labels a PDF prints."""
    return pdf.ReportText(
        title=title, subtitle=subtitle, desired=t("common.desired"), current=t("common.current"),
        biggest_gaps=t("dash.biggest_gaps"), actions=t("page.action_plan"),
        group=list_heading or t("group.members"),
        demo_note=t("app.demo_banner") if programme.is_demo else None)


def report_downloads(actor: Actor, programme: ProgrammeInfo, frame: pd.DataFrame) -> None:
    """One-page PDF per municipality and a programme summary, made on request."""
    muni = _municipality_picker(frame, "dashboard.report_pick", label=t("dash.report_pick"))
    if muni is not None and st.button(t("dash.make_report"), key="dashboard.make_report"):
        data = cached_read(dashboard.municipality_report_data, actor=actor,
                           programme_id=programme.id, municipality_id=muni, lang=lang())
        st.session_state["dashboard.report_pdf"] = (data.name, _municipality_pdf(data, programme))
    made = st.session_state.get("dashboard.report_pdf")
    if made:
        st.download_button(t("dash.download_pdf", name=made[0]), made[1],
                           f"kultur3-{made[0]}.pdf", "application/pdf", key="dashboard.report_dl",
                           on_click="ignore")
    if st.button(t("dash.make_summary"), key="dashboard.make_summary"):
        st.session_state["dashboard.summary_pdf"] = _summary_pdf(programme, frame)
    if st.session_state.get("dashboard.summary_pdf"):
        st.download_button(t("dash.download_summary"), st.session_state["dashboard.summary_pdf"],
                           "kultur3-programme.pdf", "application/pdf",
                           key="dashboard.summary_dl", on_click="ignore")
    downloads(t("file.gaps"), {t("dash.all_data"): readable(frame)}, "dashboard.all_dl")


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """The gap frame with translated column names and no internal ids, for export."""
    names = {"municipality": "common.municipality", "number": "common.number",
             "county": "common.county", "focus_area": "common.focus_area",
             "gathering": "common.gathering", "held_on": "common.date",
             "value_area": "common.value_area", "desired": "common.desired",
             "current": "common.current", "gap": "common.gap"}
    return frame[list(names)].rename(columns={k: t(v) for k, v in names.items()})


def _municipality_pdf(data: dashboard.MunicipalityReport, programme: ProgrammeInfo) -> bytes:
    when = (f"{data.gathering} ({formatting.fmt_date(data.gathering_date, lang())})"
            if data.gathering else "–")
    text = report_text(f"{data.name} – {programme.name}",
                       f"{t('common.focus_area')}: {data.focus_area or '–'} · {when}", programme)
    acts = [(a.title, t(f"action_status.{a.status.value}"), a.owner,
             formatting.fmt_date(a.deadline, lang())) for a in data.actions]
    return pdf.municipality_report(text=text, fmt=fmt_num, gaps=data.gaps, actions=acts,
                                       members=data.members)


def _summary_pdf(programme: ProgrammeInfo, frame: pd.DataFrame) -> bytes:
    now = dashboard.latest(frame)
    means = now.groupby("municipality")["gap"].agg(["mean", "count"]).sort_values(
        "mean", ascending=False)
    rows = [(name, f"{t('common.mean_gap')} {fmt_num(None if pd.isna(m) else float(m))}",
             t("common.areas_answered_n", n=int(n))) for name, (m, n) in means.iterrows()]
    text = report_text(programme.name, t("dash.summary_subtitle", n=len(rows)), programme,
                       list_heading=t("dash.municipalities"))
    return pdf.programme_report(text=text, gaps=dashboard.programme_median_gaps(frame),
                                    rows=rows)


def anchoring_counts(rows) -> None:
    """Anchoring per municipality by status: where the work stands in plans and budgets."""
    st.header(t("anchoring.per_municipality"))
    table = pd.DataFrame({
        t("common.municipality"): [r.municipality for r in rows],
        t("anchoring.status_foreslatt"): [r.proposed for r in rows],
        t("anchoring.status_vedtatt"): [r.adopted for r in rows],
        t("anchoring.status_gjennomfort"): [r.done for r in rows],
    })
    st.dataframe(table, hide_index=True, key="dashboard.anchoring", width="stretch")
