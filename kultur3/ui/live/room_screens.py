"""The room's screens beyond the phase (issue 25 §4, §7; kultur3/live/room_screens.py):

- the wall's pause: a button in the console and on the projector (space), kept per gathering.
  The wall turns its pages by CSS alone (kultur3/ui/wall.py); pausing sets the pages'
  animation-play-state, so the page on the screen stays where it is (the animation's name
  does not change with the pause: see wall._css);
- «hver for seg først»: the console's stage per question, each phone's own idea, the group
  screen's ideas side by side, and the ideas on the projector when the facilitator shows them.
"""

from __future__ import annotations

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.live import LiveState, RoomView
from kultur3.live import room_screens as screens
from kultur3.live.room_screens import SOLO, TOGETHER, ScreenSettings
from kultur3.live.state import QUESTION_PHASES
from kultur3.models import IDEA_MAX, Role
from kultur3.ui import feedback, wall
from kultur3.ui.context import cached_read, t
from kultur3.ui.live.console import act
from kultur3.ui.live.device import screen_key
from kultur3.ui.widgets import escape

# Every page of the wall stands still where it is (the pages are the wall's keyed containers).
# The wall's pages turn by an animation on each grid item, the plain <div> Streamlit wraps
# round each keyed slot and page caption (kultur3/ui/wall.py).
PAUSED_CSS = ("<style>.st-key-projector-wall > div "
              "{ animation-play-state: paused !important; }</style>")
# The pause sits on the wall's first line, right of «Side 2 av 3 · 14 svar», over nothing: a
# container of no height whose button hangs down into that line. Under the wall it pushed
# the second row of cards past the bottom of a 1280x720 projector; fixed in the bottom right
# corner it covered the last card's last line. Streamlit's own key hint reads «Space» in
# every language (its bundle spells it): hidden, and the caption names the key instead.
LINE_CSS = ("<style>div:has(> .st-key-projector-wall_pause) { height: 0; "
            "margin-bottom: -1rem; overflow: visible; position: relative; z-index: 5; }"
            ".st-key-projector-wall_pause { justify-content: flex-end; }"
            ".st-key-projector-wall_pause button { min-height: 0; padding: 0.1rem 0.75rem; }"
            ".st-key-projector-wall_pause kbd { display: none; }"
            # a phone's wall stands still (wall.py's phone layout): nothing to pause
            "@media (max-width: 639px) { div:has(> .st-key-projector-wall_pause) "
            "{ display: none; } }</style>")


def settings_of(actor: Actor, gathering_id: int) -> ScreenSettings:
    return cached_read(screens.screen_settings, actor=actor, gathering_id=gathering_id)


def _pause_button(actor: Actor, gathering_id: int, paused: bool, key: str, *,
                  space: bool = False) -> None:
    """Pause or continue; `space`: the space bar presses it (the projector only: in the
    console a space typed on a focused toggle would pause the wall as well)."""
    st.button(t("wall.continue" if paused else "wall.pause"), key=key,
              icon=":material/play_arrow:" if paused else ":material/pause:",
              shortcut="space" if space else None, help=t("wall.pause_help"), on_click=act,
              args=(screens.set_wall_paused,),
              kwargs={"actor": actor, "gathering_id": gathering_id, "paused": not paused})


def projector_wall(view: RoomView, actor: Actor, columns: int = 3) -> None:
    """The projector's wall (kultur3/ui/wall.py) with its pause (space) while it has pages
    to turn, and the ideas when the facilitator shows them. `actor`: the projector page's
    own (staff, or the view link), not looked up again on every rerun."""
    state = view.state
    number = QUESTION_PHASES.get(state.phase)
    settings = settings_of(actor, state.gathering_id)
    if wall.page_count(view, columns) > 1:
        st.html(LINE_CSS + (PAUSED_CSS if settings.wall_paused else ""))
        with st.container(key="projector.wall_pause", horizontal=True,
                          vertical_alignment="top", gap="small"):
            st.caption(t("wall.paused_space" if settings.wall_paused else "wall.turning_space"),
                       width="content")
            _pause_button(actor, state.gathering_id, settings.wall_paused,
                          "projector.wall_pause_button", space=True)
    wall.show(view, columns, paused=settings.wall_paused)
    if number is not None and number in settings.ideas_shown:
        ideas = cached_read(screens.room_ideas, actor=actor, gathering_id=state.gathering_id,
                            question_number=number)
        if ideas:
            with st.container(key="projector.ideas"):
                st.markdown(f"**{t('ideas.heading_room', n=len(ideas))}**")
                cols = st.columns(3)
                for i, idea in enumerate(ideas):
                    with cols[i % 3], st.container(border=True, key=f"projector.idea.{idea.idea_id}"):
                        if idea.municipality:
                            st.caption(escape(idea.municipality))
                        st.markdown(escape(idea.text))


def console_controls(actor: Actor, state: LiveState) -> None:
    """The console's part: the wall's pause, and «hver for seg først» for the question now."""
    number = QUESTION_PHASES.get(state.phase)
    if number is None:  # the wall is on the projector in the question phases only
        return
    settings = settings_of(actor, state.gathering_id)
    with st.container(key="live_console.room_screens", horizontal=True,
                      vertical_alignment="center"):
        _pause_button(actor, state.gathering_id, settings.wall_paused,
                      "live_console.wall_pause")
        st.caption(t("wall.paused" if settings.wall_paused else "wall.turning"))
    if number not in screens.IDEA_QUESTIONS:
        return
    gid = state.gathering_id
    stage_key = f"live_console.idea_stage.{gid}"
    st.session_state[stage_key] = settings.stage(number) or "off"
    st.segmented_control(
        t("ideas.stage"), ["off", SOLO, TOGETHER], key=stage_key,
        format_func=lambda s: t(f"ideas.stage_{s}"), help=t("ideas.stage_help"),
        on_change=lambda: st.session_state.get(stage_key) and act(
            screens.set_idea_stage, actor=actor, gathering_id=gid, question_number=number,
            stage=None if st.session_state[stage_key] == "off" else st.session_state[stage_key]))
    shown_key = f"live_console.ideas_shown.{gid}"
    st.session_state[shown_key] = number in settings.ideas_shown
    st.toggle(t("ideas.show_on_projector"), key=shown_key, on_change=lambda: act(
        screens.set_ideas_shown, actor=actor, gathering_id=gid, question_number=number,
        shown=bool(st.session_state[shown_key])))


def _device(actor: Actor) -> str:
    """Which of an account's browsers writes (device.screen_key: a reload is the same one).
    A group's login open on two phones is two people's ideas."""
    return "" if actor.role == Role.PARTICIPANT else screen_key()


def group_ideas(actor: Actor, state: LiveState, municipality_id: int, question, *,
                locked: bool) -> str | None:
    """The group screen's part for a question worked «hver for seg først»: in the solo stage
    each phone's own idea (the screen shows nothing else: the return value says so); in the
    together stage every member's idea side by side above the shared answer."""
    stage = settings_of(actor, state.gathering_id).stage(question.number)
    if stage is None:
        return None
    kw = {"actor": actor, "gathering_id": state.gathering_id, "municipality_id": municipality_id,
          "question_id": question.id, "device_key": _device(actor)}
    count, ideas = cached_read(screens.group_ideas, **kw)
    if stage == SOLO:
        st.header(f"{question.number}. {escape(question.text)}")
        st.info(t("ideas.solo_help"))
        if actor.role == Role.PARTICIPANT or actor.user_id is not None:
            _idea_form(kw, cached_read(screens.my_idea, **kw), locked=locked)
        st.caption(t("ideas.count", n=count))
        return stage
    with st.container(key="live_group.ideas"):
        st.markdown(f"**{t('ideas.heading_group', n=len(ideas))}**")
        if not ideas:
            st.caption(t("ideas.none"))
        cols = st.columns(min(3, max(1, len(ideas))))
        for i, idea in enumerate(ideas):
            with cols[i % len(cols)], st.container(border=True,
                                                   key=f"live_group.idea.{idea.idea_id}"):
                if idea.mine:
                    st.caption(t("ideas.yours"))
                st.markdown(escape(idea.text))
        st.caption(t("ideas.together_help"))
    return stage


def _idea_form(kw: dict, mine: str, *, locked: bool) -> None:
    key = f"live_group.idea.{kw['gathering_id']}.{kw['question_id']}"
    with st.form(f"{key}.form", border=False):
        st.text_area(t("ideas.mine"), value=mine, max_chars=IDEA_MAX, key=key,
                     disabled=locked, height=140)
        st.form_submit_button(t("ideas.save"), key=f"{key}.save", type="primary",
                              disabled=locked,
                              on_click=lambda: feedback.act(
                                  screens.save_idea, ok="ideas.saved",
                                  text=st.session_state.get(key, ""), **kw))
    feedback.show()
