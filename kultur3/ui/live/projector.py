"""The projector: read from the back of a room, at 1920x1080 and at 1280x720. Its type and
layout are in projector.css next to this file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.core import formatting
from kultur3.insight import charts
from kultur3.live import LiveState, RoomView
from kultur3.models import Phase
from kultur3.programme.phases import GUIDED
from kultur3.ui import widgets
from kultur3.ui.chrome import stylesheet
from kultur3.ui.context import (
    fmt_num,
    lang,
    t,
)
from kultur3.ui.live import phase_screens, room_screens
from kultur3.ui.live.activities import projector_activity
from kultur3.ui.live.links import join_url, phase_label, qr_png
from kultur3.ui.live.tickers import follow_room
from kultur3.ui.widgets import escape

PROJECTOR_CSS = "<style>" + stylesheet(Path(__file__).with_name("projector.css")).template + "</style>"


def projector(view: RoomView, rendered: int, *, actor: Actor, staff: bool,
              overlay=None) -> None:
    """The big screen: question, timer, how many have answered, the wall or the radar; or,
    instead of the phase's own view, an overlay (the room-wide vote, the wall's themes).
    `rendered`: the room's live version, read before the view (context.read_first)."""
    st.html(PROJECTOR_CSS)
    state = view.state
    left, middle, right = st.columns([4, 2, 3], vertical_alignment="center")
    with left:
        with st.container(key="projector.title"):
            st.markdown(escape(state.title))
        with st.container(key="projector.phase"):
            st.markdown(phase_label(state.phase.value))
    with middle:
        follow_room(state.gathering_id, rendered, state)
    with right, st.container(key="projector.code"):
        _code_corner(state)
    if view.question:
        with st.container(key="projector.question"):
            st.markdown(f"{view.question_number}\\. {escape(view.question)}")
    if state.phase in GUIDED:
        with st.container(key="projector.question"):
            st.markdown(t(f"phase_help.{state.phase.value}"))
    if state.phase not in (Phase.WELCOME, Phase.ACTIVITY) and state.phase not in GUIDED:
        with st.container(key="projector.status"):
            st.markdown(t("live.answered_count", done=len(view.answered), total=view.total))
            st.progress(len(view.answered) / view.total if view.total else 0.0)
    if overlay is not None:
        overlay()
    elif phase_screens.handles(view):  # a local gathering's or a leader day's own content
        phase_screens.show(view)
    elif state.phase == Phase.WELCOME:
        _welcome(state)
    elif state.phase in (Phase.Q1, Phase.Q2, Phase.Q3):
        room_screens.projector_wall(view, actor)  # the wall, its pause, the ideas when shown
    elif state.phase in (Phase.SCORING, Phase.Q4, Phase.SUMMARY, Phase.RESCORE, Phase.PRESENT):
        if state.phase == Phase.Q4:
            chart, side = st.columns([3, 2])
            with chart:
                _room_radar(view)
            with side:
                room_screens.projector_wall(view, actor, columns=1)
        else:
            _room_radar(view)
    elif state.phase == Phase.PRIORITISING:
        _vote_results(view)
    elif state.phase == Phase.ACTIVITY:
        projector_activity(view)
    if staff:
        st.page_link("pages/live_console.py", label=t("live.to_console"))


def _code_corner(state: LiveState) -> None:
    """While code-joining is on, the way in stays in a corner in every phase: the room code
    with a QR a phone reads from the room (not at welcome, where it is big), or, with the
    room code off, a pointer to the table cards. Plain text, not a faded caption: the link
    must pass AA contrast (Lighthouse measured the caption's #669cba at 2.98:1)."""
    if not (state.code_joining and state.join_code):
        return
    if not state.room_code_open:
        st.markdown(t("live.join_by_table_card"))
        return
    url = join_url(state.join_code)
    text, qr = st.columns([3, 2], vertical_alignment="center")
    with text:
        st.markdown(t("live.join_with_code", code=state.join_code))
        st.markdown(f"`{url.split('?')[0].split('://', 1)[-1]}`")
    if state.phase != Phase.WELCOME:
        qr.image(qr_png(url), width=150, alt=t("live.qr_alt"))


def _welcome(state: LiveState) -> None:
    """The way in, big, while code-joining is open; and the day's plan, so a room arriving
    reads what the day holds (a lokal samling's screen said only «Vi starter snart»)."""
    if not (state.code_joining and state.join_code and state.room_code_open):
        st.markdown(t("live.welcome"))
        _agenda(state)
        return
    qr, text = st.columns([1, 2], vertical_alignment="center")
    url = join_url(state.join_code)
    qr.image(qr_png(url), width=360, alt=t("live.qr_alt"))
    with text:
        st.markdown(t("live.welcome"))
        st.markdown(t("live.scan_or_type", url=url.split("?")[0], code=state.join_code))
        _agenda(state)


def _agenda(state: LiveState) -> None:
    steps = [phase_label(p.value) for p in state.agenda if p != Phase.WELCOME]
    if steps:
        with st.container(key="projector.agenda"):
            st.markdown(f"**{t('live.agenda_today')}**")
            st.markdown("\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1)))


def _room_radar(view: RoomView) -> None:
    if not view.radar:
        st.info(t("live.hidden_until_revealed") if not view.state.revealed
                else t("live.no_scores_yet"))
        return
    title = (t("live.radar_spotlight", name=view.radar_title) if view.radar_title
             else t("live.radar_room", n=view.radar_groups))
    fig = charts.gap_radar(view.radar, desired_label=t("common.desired"),
                           current_label=t("common.current"), gap_label=t("common.gap"),
                           title=title, band=None if view.radar_title else view.band,
                           band_label=t("live.iqr_band"),
                           separators=formatting.plotly_separators(lang()),
                           fmt=fmt_num)
    fig.update_layout(font={"size": 22}, height=620, title={"font": {"size": 26}},
                      margin={"t": 130},  # the title above the top area's two-line label
                      legend={"font": {"size": 20}},
                      polar={"radialaxis": {"tickfont": {"size": 16}}})
    if view.room:  # half the width beside the room's table: wider margins keep the area
        # names at the circle's sides whole at 1280x720, and the legend under the lowest one
        fig.update_layout(margin={"l": 150, "r": 150, "t": 130, "b": 110},
                          legend={"orientation": "h", "y": -0.22})
    # The room's stream goes beside the radar, not under it: under it, a 1280x720 projector
    # showed it only after scrolling; in two fifths of the width its fourth column was cut.
    chart, beside = st.columns(2) if view.room else (st.container(), None)
    with chart:
        st.plotly_chart(fig, key="projector.radar", config={"displaylogo": False,
                                                             "displayModeBar": False})
        widgets.chart_alternative("live.radar_alt", widgets.gap_table(view.radar),
                                  key="projector.radar")
    if beside is not None:
        with beside:
            _room_stream(view)


def _room_stream(view: RoomView) -> None:
    """«Deltakere i rommet» beside the groups' values: the room's own median per area, and
    whether it counts in the groups' values (the facilitator's choice)."""
    if not view.room:
        return
    st.markdown(f"#### {t('scores.room_stream')}")
    st.caption(t("scores.room_people", n=view.room_people) + " · " + t(
        "scores.room_counted" if view.room_counted else "scores.room_apart"))
    st.dataframe(pd.DataFrame({
        t("common.value_area"): [a.label for a in view.room],
        t("scores.groups_current"): [fmt_num(g.current) for g in view.radar],
        t("scores.room_desired"): [fmt_num(a.desired) for a in view.room],
        t("scores.room_current"): [fmt_num(a.current) for a in view.room],
    }), hide_index=True, key="projector.room_stream")


def _vote_results(view: RoomView) -> None:
    if not view.state.revealed:
        st.info(t("live.hidden_until_revealed"))
        return
    if not view.area_votes and not view.votes:
        st.caption(t("live.no_votes_yet"))
        return
    chart, top = st.columns([3, 2])
    if view.area_votes:
        fig = go.Figure(go.Bar(x=[r.dots for r in view.area_votes][::-1],
                               y=[charts.wrap(r.label, 28) for r in view.area_votes][::-1],
                               orientation="h", marker_color="#0072B2",
                               text=[r.dots for r in view.area_votes][::-1],
                               textposition="outside"))
        fig.update_layout(font={"size": 22}, height=90 + 56 * len(view.area_votes),
                          margin={"l": 10, "r": 40, "t": 50, "b": 10},
                          title={"text": t("live.votes_by_area"), "font": {"size": 26}},
                          xaxis={"visible": False},
                          # the areas' names at a size the room reads; plotly had shrunk them
                          # to about 11 px to fit a 10 px margin (room-phase-prioritering shot)
                          yaxis={"automargin": True, "tickfont": {"size": 20}})
        chart.plotly_chart(fig, key="projector.votes", config={"displayModeBar": False})
    with top, st.container(key="projector.top_actions"):
        st.markdown(f"**{t('live.top_actions')}**")
        if not view.votes:  # the dots went to areas only: say so, not an empty heading
            st.markdown(t("live.no_action_votes"))
        for r in view.votes:
            who = f" – {escape(r.municipality)}" if r.municipality else ""
            st.markdown(f"{r.dots} ● {escape(r.label)}{who}")
