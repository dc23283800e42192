"""The group screen in the phases of a local gathering and a leader follow-up day: what
changed since last time, the action-learning log, a rescore, the actions; the group's
presentation, its anchoring, and the decisions with who follows up."""

from __future__ import annotations

import streamlit as st

from kultur3.access.permissions import can_write_municipality
from kultur3.group import actions, anchoring, followup, team, workspace
from kultur3.live import LiveState
from kultur3.models import Phase, Role
from kultur3.ui import action_plan as plan
from kultur3.ui import anchoring as anchoring_ui
from kultur3.ui import widgets
from kultur3.ui import workshop as ws
from kultur3.ui.context import cached_read, lang, t

# A participant joined by code sees only its gathering's work: the rest is on the big screen.
FOR_PARTICIPANTS = (Phase.RESCORE, Phase.PRESENT)


def render(where: ws.Where, state: LiveState, frame, *, locked: bool) -> None:
    """The phase's content for this group (disabled while the facilitator has locked it)."""
    phase = state.phase
    st.caption(t(f"phase_help.{phase.value}"))
    if where.actor.role == Role.PARTICIPANT and phase not in FOR_PARTICIPANTS:
        st.info(t("live.follow_the_screen"))
        return
    {Phase.SINCE_LAST: _since_last, Phase.LOG: _log, Phase.RESCORE: _rescore,
     Phase.ACTIONS: _actions, Phase.PRESENT: _present, Phase.ANCHORING: _anchoring,
     Phase.DECISIONS: _decisions}[phase](where, frame, locked)


def _writable(where: ws.Where, locked: bool) -> bool:
    return not locked and can_write_municipality(where.actor, where.municipality_id)


def _since_last(where: ws.Where, frame, locked: bool) -> None:
    """What moved since the last gathering, then each action with its status and progress."""
    plan.since_last(cached_read(followup.since_last, actor=where.actor,
                                programme_id=where.programme_id,
                                municipality_id=where.municipality_id, lang=lang()))
    st.header(t("live.action_by_action"))
    widgets.action_list(cached_read(actions.list_actions, actor=where.actor,
                                    programme_id=where.programme_id,
                                    municipality_id=where.municipality_id, lang=lang()),
                        key="live_group.since_last_actions")


def _log(where: ws.Where, frame, locked: bool) -> None:
    writable = _writable(where, locked)
    if writable:
        plan.log_form(where.actor, where.programme_id, where.municipality_id)
    plan.log_list(cached_read(actions.list_log, actor=where.actor,
                              programme_id=where.programme_id,
                              municipality_id=where.municipality_id), where.actor,
                  can_write=writable)


def _rescore(where: ws.Where, frame, locked: bool) -> None:
    sheet = cached_read(workspace.score_sheet, actor=where.actor,
                        gathering_id=where.gathering_id, municipality_id=where.municipality_id,
                        lang=lang())
    ws.my_scores(where, sheet, ws.members_for(where), disabled=locked)


def _actions(where: ws.Where, frame, locked: bool) -> None:
    items = cached_read(actions.list_actions, actor=where.actor,
                        programme_id=where.programme_id,
                        municipality_id=where.municipality_id, lang=lang())
    writable = _writable(where, locked)
    plan.board(where.actor, items, can_write=writable)
    if writable:
        st.header(t("actions.new"))
        ws.action_form(where, frame.areas, ws.members_for(where), [])


def _present(where: ws.Where, frame, locked: bool) -> None:
    radar = cached_read(workspace.radar_data, actor=where.actor, gathering_id=where.gathering_id,
                        municipality_id=where.municipality_id, lang=lang())
    widgets.gap_radar(radar.gaps, key="live_group.present_radar", previous=radar.previous,
                      previous_title=radar.previous_title, table_beside=True)
    project = cached_read(team.project, actor=where.actor, programme_id=where.programme_id,
                          municipality_id=where.municipality_id)
    st.header(t("work.tab_project"))
    for key, value in (("project_goal", project.goal), ("project_partners", project.partners),
                       ("project_in_a_year", project.in_a_year)):
        st.markdown(f"**{t(f'team.{key}')}**  \n{widgets.escape(value) or '–'}")


def _anchoring(where: ws.Where, frame, locked: bool) -> None:
    items = cached_read(anchoring.entries, actor=where.actor, programme_id=where.programme_id,
                        municipality_id=where.municipality_id)
    anchoring_ui.entries(items)
    if _writable(where, locked):
        with st.expander(t("anchoring.add"), expanded=not items):
            anchoring_ui.add_form(where.actor, where.programme_id, where.municipality_id)
    if anchoring_ui.may_review(where.actor) and items:
        with st.expander(t("anchoring.review")):
            anchoring_ui.review_form(where.actor, items)


def _decisions(where: ws.Where, frame, locked: bool) -> None:
    made = cached_read(actions.list_actions, actor=where.actor,
                        programme_id=where.programme_id,
                       municipality_id=where.municipality_id, lang=lang(),
                       gathering_id=where.gathering_id)
    if _writable(where, locked):
        ws.action_form(where, frame.areas, ws.members_for(where), [])
    widgets.action_list(made, key="live_group.decisions")
