"""The group screen: the phase bar and dot-voting. Its timer type is in group.css."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kultur3 import (
    live,
)
from kultur3.access.permissions import Actor
from kultur3.live import LiveState
from kultur3.models import Role
from kultur3.ui import feedback
from kultur3.ui.chrome import stylesheet
from kultur3.ui.context import (
    cached_read,
    lang,
    t,
)
from kultur3.ui.live.console import act
from kultur3.ui.live.device import screen_key
from kultur3.ui.live.links import phase_label
from kultur3.ui.live.tickers import follow_phase
from kultur3.ui.widgets import escape

GROUP_CSS = "<style>" + stylesheet(Path(__file__).with_name("group.css")).template + "</style>"


# The line naming the phase; bench/load.py times a phase change by it.
PHASE_LINE = "**{}**"


def phase_bar(state: LiveState, rendered: int) -> None:
    """Where the room is: phase, timer, and whether input is open. Follows the facilitator
    from `rendered`, the phase version read before the page's data (context.read_first)."""
    st.html(GROUP_CSS)
    left, right = st.columns([3, 1], vertical_alignment="center")
    with left, st.container(key="live_group.phase"):
        # Where the room is, in bold, not a heading: as «### Spørsmål 1» it doubled the
        # question's own heading «1. Hvordan …» below it (room-table-card-joined-390x844.png).
        st.markdown(PHASE_LINE.format(phase_label(state.phase.value)))
        if not state.input_open:
            st.warning(t("live.input_locked_banner"))
    with right:
        follow_phase(state.gathering_id, rendered, state)


def voting(actor: Actor, state: LiveState, municipality_id: int, members, *,
           locked: bool) -> None:
    """Dot-voting: who is voting, how many dots are left, a dot on or off per target
    (disabled while `locked`: live.input_locked, the rule the services check)."""
    gid = state.gathering_id
    if actor.role == Role.PARTICIPANT:
        voter = ""
    else:
        names = {f"{m.name} ({m.group_role})": f"m{m.id}" for m in members}
        names[t("workshop.guest")] = screen_key()
        label = st.selectbox(t("live.who_votes"), list(names), index=None,
                             key=f"live_group.voter.{gid}", placeholder=t("workshop.pick_name"))
        if label is None or label not in names:
            return
        voter = names[label]
    targets = cached_read(live.vote_targets, actor=actor, gathering_id=gid,
                          municipality_id=municipality_id, lang=lang())
    mine = cached_read(live.my_dots, actor=actor, gathering_id=gid,
                       municipality_id=municipality_id, voter_key=voter)
    left = state.dots_per_person - sum(mine.values())
    with st.container(key="live_group.dots_left"):
        st.markdown(t("live.dots_left", left=left, total=state.dots_per_person))
    kw = {"actor": actor, "gathering_id": gid, "municipality_id": municipality_id,
          "voter_key": voter}
    for heading, kind in (("live.vote_actions", "action"), ("live.vote_areas", "area")):
        group = [x for x in targets if x.kind == kind]
        if not group:
            continue
        st.markdown(f"**{t(heading)}**")
        for target in group:
            n = mine.get((kind, target.target_id), 0)
            text, minus, plus = st.columns([6, 1, 1], vertical_alignment="center")
            text.markdown(f"{'●' * n}{'○' if not n else ''} {escape(target.label)}")
            base = f"live_group.vote.{kind}.{target.target_id}"
            minus.button("−", key=f"{base}.minus", disabled=not n or locked,
                         help=t("live.remove_dot"), on_click=act,
                         args=(live.remove_dot,), kwargs={**kw, "kind": kind,
                                                          "target_id": target.target_id})
            plus.button("+", key=f"{base}.plus", disabled=left <= 0 or locked,
                        help=t("live.add_dot"), on_click=act,
                        args=(live.add_dot,), kwargs={**kw, "kind": kind,
                                                      "target_id": target.target_id})
    feedback.show()
