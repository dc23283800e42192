"""The half-year plan (/halvarsplan): every gathering of the programme in one half-year, the
fellessamlinger across the top, then one row per municipality on a timeline, then the same
as a list; filtered by kind, municipality and (for staff) adviser."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from kultur3.core import clock, formatting
from kultur3.insight import charts
from kultur3.models import GatheringKind
from kultur3.programme.gatherings import GatheringPlan
from kultur3.ui import gathering_edit
from kultur3.ui.context import fmt_date, lang, t
from kultur3.ui.widgets import escape

JOINT = GatheringKind.FELLESSAMLING.value


def half_of(day: date) -> str:
    """«2027-1» for January to June, «2027-2» for July to December (a plain string: the
    picker's options)."""
    return f"{day.year}-{1 if day.month <= 6 else 2}"


def bounds(half: str) -> tuple[date, date]:
    year, part = (int(x) for x in half.split("-"))
    return (date(year, 1, 1), date(year, 6, 30)) if part == 1 else (date(year, 7, 1),
                                                                    date(year, 12, 31))


def _half_label(half: str) -> str:
    year, part = half.split("-")
    return t("plan.spring" if part == "1" else "plan.autumn", year=year)


def filters(plans: list[GatheringPlan]) -> tuple[str, list[str], list[str], list[str]]:
    """The half-year, the kinds, the municipalities and the advisers picked (empty: all).
    The adviser filter only for those shown who follows whom (staff)."""
    today = clock.today()
    halves = sorted({half_of(p.held_on) for p in plans} | {half_of(today)})
    names = sorted({n for p in plans for n in p.advisers})
    # 3:3:4:4 keeps «Høsten 2026» whole at 1280 px (1:1:2:2 cut it to «Høsten 202»).
    period, kinds, places, *rest = st.columns([3, 3, 4, 4] if names else [1, 1, 2])
    half = period.selectbox(t("plan.half_year"), halves, index=halves.index(half_of(today)),
                            format_func=_half_label, key="half_year_plan.half")
    picked_kinds = kinds.multiselect(t("gatherings.kind"), [k.value for k in GatheringKind],
                                     format_func=lambda k: t(f"kind.{k}"),
                                     placeholder=t("plan.all"), key="half_year_plan.kinds")
    picked_places = places.multiselect(t("plan.municipalities"),
                                       sorted({n for p in plans for n in p.invited}),
                                       placeholder=t("plan.all"),
                                       key="half_year_plan.municipalities")
    picked_advisers = rest[0].multiselect(t("plan.advisers"), names,
                                          placeholder=t("plan.all"),
                                          key="half_year_plan.advisers") if rest else []
    return half, picked_kinds, picked_places, picked_advisers


def pick(plans: list[GatheringPlan], half: str, kinds: list[str], places: list[str],
         advisers: list[str] = ()) -> list[GatheringPlan]:
    first, last = bounds(half)
    rows = [p for p in plans if first <= p.held_on <= last]
    if kinds:
        rows = [p for p in rows if p.kind in kinds]
    if places:
        wanted = set(places)
        rows = [p for p in rows if wanted & set(p.invited)]
    if advisers:
        followers = set(advisers)
        rows = [p for p in rows if followers & set(p.advisers)]
    return rows


def joint_strip(rows: list[GatheringPlan]) -> None:
    """The fellessamlinger of the half-year, side by side across the top."""
    joint = [p for p in rows if p.kind == JOINT]
    if not joint:
        st.caption(t("plan.no_joint"))
        return
    for start in range(0, len(joint), 3):
        columns = st.columns(3)
        for column, p in zip(columns, joint[start:start + 3], strict=False):
            with column.container(border=True, key=f"half_year_plan.joint_{p.id}"):
                mark = f" · {t('gatherings.cancelled')}" if p.cancelled else ""
                st.markdown(f"**{escape(p.title)}**{mark}  \n{gathering_edit.when(p)}")
                line = gathering_edit.where(p)
                if line:
                    st.markdown(line)


def timeline(rows: list[GatheringPlan], half: str) -> None:
    first, last = bounds(half)
    joint_row = t("plan.joint_row")
    data = [{"row": joint_row if p.municipality_id is None else p.municipality_name,
             "held_on": p.held_on, "kind": p.kind, "title": p.title,
             "when": gathering_edit.when(p), "cancelled": p.cancelled}
            for p in sorted(rows, key=lambda p: (p.municipality_id is not None,
                                                 p.municipality_name, p.held_on))]
    months = [(date(first.year, m, 1), formatting.fmt_month(date(first.year, m, 1), lang()))
              for m in range(first.month, last.month + 1)]
    fig = charts.plan_timeline(data, kinds={k.value: t(f"kind.{k.value}") for k in GatheringKind},
                               first=first - timedelta(days=3), last=last + timedelta(days=3),
                               months=months, today=clock.today(),
                               separators=formatting.plotly_separators(lang()))
    st.plotly_chart(fig, key="half_year_plan.timeline", config={"displayModeBar": False})


def table(rows: list[GatheringPlan]) -> None:
    frame = pd.DataFrame([{
        t("common.date"): fmt_date(p.held_on),
        t("plan.time"): gathering_edit.when(p).partition(" · ")[2],
        t("gatherings.kind"): t(f"kind.{p.kind}"),
        t("gatherings.municipality_short"): p.municipality_name or t("plan.everyone"),
        t("gatherings.title"): p.title + (f" ({t('gatherings.cancelled')})" if p.cancelled
                                          else ""),
        t("gatherings.place"): p.place,
        t("gatherings.prep_task"): p.prep_task,
    } for p in rows])
    st.dataframe(frame, hide_index=True, key="half_year_plan.table")


def show(plans: list[GatheringPlan]) -> None:
    half, kinds, places, advisers = filters(plans)
    rows = pick(plans, half, kinds, places, advisers)
    st.header(t("plan.joint_heading"))
    joint_strip(rows)
    if not rows:
        st.info(t("plan.none"))
        return
    st.header(t("plan.timeline_heading"))
    timeline(rows, half)
    st.header(t("plan.list_heading", n=len(rows)))
    table(rows)
