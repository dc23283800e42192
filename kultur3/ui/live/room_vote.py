"""The room-wide vote: the console starts and closes it, every phone and group screen spends
its dots, the projector ranks live (equal dots, equal rank) with the number who voted."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.live import LiveState, room_vote, themes
from kultur3.live.room_vote import SHOWN_ROWS, Ranking
from kultur3.models import ROOM_VOTE_KINDS, Role
from kultur3.ui import feedback
from kultur3.ui.chrome import stylesheet
from kultur3.ui.context import cached_read, lang, t
from kultur3.ui.live.console import act
from kultur3.ui.live.device import screen_key
from kultur3.ui.live.themes import projector_themes
from kultur3.ui.widgets import escape

ROOM_VOTE_CSS = ("<style>" + stylesheet(Path(__file__).with_name("room_vote.css")).template
                 + "</style>")


def console_room_vote(actor: Actor, state: LiveState) -> None:
    """Start a vote of the whole room; open/close it, put it on the big screen; its ranking."""
    gid = state.gathering_id
    with st.form("live_console.room_vote_form"):
        kind_col, question_col, dots_col = st.columns([3, 2, 1])
        kind_col.radio(t("room_vote.what"), list(ROOM_VOTE_KINDS), key="live_console.room_vote.kind",
                       format_func=lambda k: t(f"room_vote.kind_{k}"))
        question_col.selectbox(t("themes.question"), [1, 2, 3, 4],
                               format_func=lambda n: t("themes.question_n", n=n),
                               key="live_console.room_vote.question",
                               help=t("room_vote.question_help"))
        dots_col.number_input(t("live.dots_per_person"), min_value=1, max_value=10, step=1,
                              value=state.dots_per_person, key="live_console.room_vote.dots")
        st.form_submit_button(t("room_vote.start"), key="live_console.room_vote.start",
                              type="primary", on_click=lambda: act(
                                  room_vote.start_room_vote, actor=actor, gathering_id=gid,
                                  kind=st.session_state["live_console.room_vote.kind"],
                                  question_number=st.session_state[
                                      "live_console.room_vote.question"],
                                  dots=int(st.session_state["live_console.room_vote.dots"])))
    ranking = cached_read(room_vote.room_ranking, actor=actor, gathering_id=gid)
    if ranking is None:
        st.caption(t("room_vote.none"))
        return
    left, right = st.columns(2)
    open_key, shown_key = "live_console.room_vote.open", "live_console.room_vote.on_screen"
    st.session_state[open_key] = ranking.is_open
    st.session_state[shown_key] = ranking.on_screen
    left.toggle(t("room_vote.open"), key=open_key, on_change=lambda: act(
        room_vote.set_room_vote, actor=actor, gathering_id=gid,
        is_open=bool(st.session_state[open_key])))
    right.toggle(t("room_vote.on_screen"), key=shown_key, on_change=lambda: act(
        room_vote.set_room_vote, actor=actor, gathering_id=gid,
        on_screen=bool(st.session_state[shown_key])))
    ranking_list(ranking, key="live_console.room_vote.ranking")


def ranking_list(ranking: Ranking, *, key: str) -> None:
    """The ranking as a numbered list (a tie shows the same number), and who voted."""
    with st.container(key=key):
        st.markdown(f"**{t('room_vote.voted', n=ranking.voters)}**")
        lines = []
        for row in ranking.rows[:SHOWN_ROWS]:
            who = f" – {escape(row.municipality)}" if row.municipality else ""
            lines.append(f"{row.rank}\\. {escape(row.label)}{who} · "
                         f"{t('room_vote.dots', n=row.dots)}")
        st.markdown("  \n".join(lines))


def projector_ranking(ranking: Ranking) -> None:
    st.html(ROOM_VOTE_CSS)
    with st.container(key="projector.room_vote"):
        st.markdown(f"### {t('room_vote.title_' + ranking.kind)}")
        if not ranking.is_open:
            st.caption(t("room_vote.closed_note"))
        ranking_list(ranking, key="projector.room_vote.ranking")


def ballot(actor: Actor, state: LiveState, municipality_id: int, members) -> bool:
    """The ballot of an open room-wide vote on a phone or group screen; whether one is drawn.
    A group login names who votes (a member, or the screen's guest), as in its own vote."""
    if actor.role == Role.MUNICIPAL_LEADER:
        return False
    gid = state.gathering_id
    voter = ""
    if actor.role != Role.PARTICIPANT:
        if cached_read(room_vote.room_ballot, actor=actor, gathering_id=gid,
                       municipality_id=municipality_id) is None:
            return False
        names = {f"{m.name} ({m.group_role})": f"m{m.id}" for m in members()}
        names[t("workshop.guest")] = screen_key()
        st.header(t("room_vote.heading"))
        label = st.selectbox(t("live.who_votes"), list(names), index=None,
                             key=f"live_group.room_voter.{gid}", placeholder=t("workshop.pick_name"))
        if label is None or label not in names:
            return True
        voter = names[label]
    found = cached_read(room_vote.room_ballot, actor=actor, gathering_id=gid,
                        municipality_id=municipality_id, voter_key=voter)
    if found is None:
        return False
    if actor.role == Role.PARTICIPANT:  # (a group screen drew it above its voter picker)
        st.header(t("room_vote.heading"))
    with st.container(key="live_group.room_dots_left"):
        st.markdown(t("live.dots_left", left=found.left, total=found.dots))
    kw = {"actor": actor, "gathering_id": gid, "municipality_id": municipality_id,
          "vote_id": found.vote_id, "voter_key": voter}
    for target in found.targets:
        n = found.mine.get(target.target_id, 0)
        text, minus, plus = st.columns([6, 1, 1], vertical_alignment="center")
        who = f" – {escape(target.municipality)}" if target.municipality else ""
        text.markdown(f"{'●' * n}{'○' if not n else ''} {escape(target.label)}{who}")
        base = f"live_group.room_vote.{target.target_id}"
        minus.button("−", key=f"{base}.minus", disabled=not n, help=t("live.remove_dot"),
                     on_click=act, args=(room_vote.take_back_dot,),
                     kwargs={**kw, "target_id": target.target_id})
        plus.button("+", key=f"{base}.plus", disabled=found.left <= 0, help=t("live.add_dot"),
                    on_click=act, args=(room_vote.spend_dot,),
                    kwargs={**kw, "target_id": target.target_id})
    feedback.show()
    return True


def projector_overlay(actor: Actor, gathering_id: int, view):
    """What the projector shows instead of the phase's own view, if anything: the room-wide
    vote while it is on the screen, else a question's themes while the facilitator shows
    them (in that question's phase)."""
    ranking = cached_read(room_vote.room_ranking, actor=actor, gathering_id=gathering_id)
    if ranking is not None and ranking.on_screen:
        return lambda: projector_ranking(ranking)
    if view.question_number:
        board = cached_read(themes.theme_board, actor=actor, gathering_id=gathering_id,
                            question_number=view.question_number, lang=lang())
        if board.shown:
            return lambda: projector_themes(board)
    return None
