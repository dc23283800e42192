"""The projector in the phases of a local gathering and a leader follow-up day (issue 25 §6):
the actions one by one, the anchoring, the decisions as they are recorded, the group's
presentation (kultur3/insight/phase_screens.py reads them). The type is the projector's own
(projector.css: --k3, at least 20 px at 1280x720); cards in three columns as on the wall."""

from __future__ import annotations

import streamlit as st

from kultur3.core import formatting
from kultur3.insight import charts
from kultur3.insight import phase_screens as screens
from kultur3.insight.phase_screens import PhaseScreen
from kultur3.live import RoomView
from kultur3.models import Phase
from kultur3.ui import survey_results as survey_ui
from kultur3.ui import widgets
from kultur3.ui.context import cached_read, current_user, fmt_date, fmt_num, lang, t
from kultur3.ui.widgets import escape

COLUMNS = 3


def handles(view: RoomView) -> bool:
    """Whether this module draws the projector's content in the room's phase."""
    return view.state.municipality_id is not None and view.state.phase in screens.SCREENS


def show(view: RoomView) -> None:
    """The phase's content under its help sentence; nothing when there is no content yet."""
    screen = cached_read(screens.phase_screen, actor=current_user(),
                         gathering_id=view.state.gathering_id, lang=lang())
    if screen is None:
        return
    with st.container(key="projector.phase_screen"):
        if screen.phase == Phase.PRESENT:
            _present(screen)
        elif screen.phase == Phase.ANCHORING:
            _anchoring(screen)
        else:
            _actions(screen)


def _grid(items, draw, key: str) -> None:
    cols = st.columns(COLUMNS)
    for i, item in enumerate(items):
        with cols[i % COLUMNS], st.container(border=True, key=f"{key}.{item.id}"):
            draw(item)


def _more(screen: PhaseScreen) -> None:
    if screen.more:
        st.caption(t("phase_screen.more", n=screen.more))


def _actions(screen: PhaseScreen) -> None:
    if not screen.actions:
        st.markdown(t("phase_screen.no_decisions" if screen.phase == Phase.DECISIONS
                      else "phase_screen.no_actions", name=escape(screen.municipality)))
        return

    def card(a) -> None:
        flag = f" · **{t('actions.overdue')}**" if a.overdue else ""
        st.markdown(f"**{escape(a.title)}**")
        st.markdown(f"{t(f'action_status.{a.status.value}')}{flag}")
        st.caption(f"{t('actions.owner')}: {escape(a.owner) or '–'} · "
                   f"{t('actions.deadline')}: {fmt_date(a.deadline)}")
    _grid(screen.actions, card, "projector.phase_card")
    _more(screen)


def _anchoring(screen: PhaseScreen) -> None:
    if not screen.anchoring:
        st.markdown(t("phase_screen.no_anchoring", name=escape(screen.municipality)))
        return

    def card(e) -> None:
        st.markdown(f"**{escape(e.title)}**")
        st.markdown(t(f"anchoring.status_{e.status}"))
        facts = [t(f"anchoring.kind_{e.kind}")]
        if e.decided_on:
            facts.append(fmt_date(e.decided_on))
        if e.owner:
            facts.append(f"{t('actions.owner')}: {escape(e.owner)}")
        st.caption(" · ".join(facts))
    _grid(screen.anchoring, card, "projector.anchoring_card")
    _more(screen)


def _present(screen: PhaseScreen) -> None:
    """The group's radar with its survey lines beside its development project."""
    chart, project = st.columns([3, 2])
    with chart:
        gaps = list(screen.radar)
        if not any(g.desired is not None or g.current is not None for g in gaps):
            st.markdown(t("live.no_scores_yet"))
        else:
            if screen.radar_from:
                st.markdown(t("phase_screen.radar_from", title=escape(screen.radar_from)))
            fig = charts.gap_radar(gaps, desired_label=t("common.desired"),
                                   current_label=t("common.current"),
                                   gap_label=t("common.gap"),
                                   separators=formatting.plotly_separators(lang()),
                                   fmt=fmt_num,
                                   surveys=survey_ui.lines(screen.surveys, gaps) or None)
            # 22 px axis names, as the room's radar (projector.py), in the 720 px height
            fig.update_layout(font={"size": 22}, height=540,
                              margin={"l": 120, "r": 120, "t": 30, "b": 90},
                              legend={"orientation": "h", "y": -0.15})
            st.plotly_chart(fig, key="projector.present_radar",
                            config={"displaylogo": False, "displayModeBar": False})
            widgets.chart_alternative("live.radar_alt", widgets.gap_table(gaps),
                                      key="projector.present_radar")
    with project, st.container(key="projector.project"):
        p = screen.project
        for key, value in (("project_goal", p.goal if p else ""),
                           ("project_partners", p.partners if p else ""),
                           ("project_in_a_year", p.in_a_year if p else "")):
            st.markdown(f"**{t(f'team.{key}')}**  \n{escape(value) or '–'}")
