"""Themes on the wall: the console's synthesis of one question's answers (suggest, rename,
merge, move an answer) and the projector's view of the themes with their answers and counts."""

from __future__ import annotations

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.live import LiveState, themes
from kultur3.live.state import QUESTION_PHASES
from kultur3.live.themes import ThemeBoardView, ThemeCard
from kultur3.models import THEME_LABEL_MAX
from kultur3.ui.context import cached_read, lang, t
from kultur3.ui.live.console import act
from kultur3.ui.widgets import escape

# At 1280x720 three columns keep an answer's line at about 40 characters at the projector's
# type size; a fourth made lines of 25 and the cards twice as tall.
PROJECTOR_COLUMNS = 3
NO_THEME = 0  # the move picker's «no theme»


def console_themes(actor: Actor, state: LiveState) -> None:
    """Group one question's answers into themes and show them on the projector."""
    gid = state.gathering_id
    current = QUESTION_PHASES.get(state.phase, 1)
    number = st.selectbox(t("themes.question"), [1, 2, 3, 4], index=current - 1,
                          format_func=lambda n: t("themes.question_n", n=n),
                          key="live_console.themes.question")
    board = cached_read(themes.theme_board, actor=actor, gathering_id=gid,
                        question_number=number, lang=lang(), include_hidden=True)
    left, right = st.columns(2, vertical_alignment="center")
    left.button(t("themes.suggest"), key="live_console.themes.suggest", on_click=act,
                args=(themes.suggest_themes,), kwargs={
                    "actor": actor, "gathering_id": gid, "question_number": number,
                    "lang": lang()}, help=t("themes.suggest_help"))
    shown_key = "live_console.themes.shown"
    st.session_state[shown_key] = board.shown
    right.toggle(t("themes.show"), key=shown_key, on_change=lambda: act(
        themes.show_themes, actor=actor, gathering_id=gid, question_number=number,
        shown=bool(st.session_state[shown_key])))
    if not board.themes and not board.loose:
        st.caption(t("themes.no_answers"))
    options = {NO_THEME: t("themes.none"), **{v.theme_id: v.label for v in board.themes}}
    for view in board.themes:
        with st.container(border=True, key=f"live_console.theme.{view.theme_id}"):
            _theme_controls(actor, view, options)
            for card in view.cards:
                _card(actor, card, view.theme_id, options)
    if board.loose:
        st.markdown(f"**{t('themes.loose')}**")
        for card in board.loose:
            _card(actor, card, NO_THEME, options)
    with st.form("live_console.themes.new", clear_on_submit=True):
        st.text_input(t("themes.new_label"), max_chars=THEME_LABEL_MAX,
                      key="live_console.themes.new_label")
        st.form_submit_button(t("themes.add"), key="live_console.themes.add", on_click=lambda: act(
            themes.add_theme, actor=actor, gathering_id=gid, question_number=number,
            label=st.session_state.get("live_console.themes.new_label", "")))


def _theme_controls(actor: Actor, view, options: dict[int, str]) -> None:
    tid = view.theme_id
    st.markdown(f"**{escape(view.label)}** · {t('themes.count', n=view.count)}")
    name, merge, remove = st.columns([3, 3, 1], vertical_alignment="bottom")
    with name, st.form(f"live_console.theme_rename.{tid}", border=False):
        label_key = f"live_console.theme_label.{tid}"
        st.text_input(t("themes.rename"), value=view.label, max_chars=THEME_LABEL_MAX,
                      key=label_key)
        st.form_submit_button(t("themes.rename_save"), key=f"live_console.theme_rename_save.{tid}",
                              on_click=lambda: act(themes.rename_theme, actor=actor, theme_id=tid,
                                                    label=st.session_state.get(label_key, "")))
    others = {k: v for k, v in options.items() if k not in (NO_THEME, tid)}
    merge_key = f"live_console.theme_merge.{tid}"
    merge.selectbox(t("themes.merge_into"), list(others), index=None, key=merge_key,
                    format_func=lambda k: others.get(k, ""), placeholder=t("common.choose"),
                    disabled=not others, on_change=lambda: st.session_state.get(merge_key) and act(
                        themes.merge_themes, actor=actor, theme_id=tid,
                        into_theme_id=st.session_state[merge_key]))
    remove.button(t("themes.delete"), key=f"live_console.theme_delete.{tid}", on_click=act,
                  args=(themes.delete_theme,), kwargs={"actor": actor, "theme_id": tid},
                  help=t("themes.delete_help"))


def _card(actor: Actor, card: ThemeCard, theme_id: int, options: dict[int, str]) -> None:
    text, move = st.columns([4, 2], vertical_alignment="center")
    who = card.municipality or ""
    text.markdown(escape(card.text))
    text.caption(escape(who) + (f" · {t('live.hidden_because')}" if card.hidden else ""))
    key = f"live_console.theme_move.{card.answer_id}"
    st.session_state[key] = theme_id
    move.selectbox(t("themes.move_to"), list(options), key=key,
                   format_func=lambda k: options.get(k, ""), label_visibility="collapsed",
                   on_change=lambda: act(themes.move_answer, actor=actor,
                                         answer_id=card.answer_id,
                                         theme_id=st.session_state[key] or None))


def projector_themes(board: ThemeBoardView) -> None:
    """The themes big: each with its count and its answers, most answers first."""
    with st.container(key="projector.themes"):
        if not board.themes:
            st.caption(t("themes.none_yet"))
        for start in range(0, len(board.themes), PROJECTOR_COLUMNS):
            row = board.themes[start:start + PROJECTOR_COLUMNS]
            for column, view in zip(st.columns(PROJECTOR_COLUMNS), row, strict=False):
                with column, st.container(border=True, key=f"projector.theme.{view.theme_id}"):
                    st.markdown(f"### {escape(view.label)}")
                    st.markdown(f"**{t('themes.count', n=view.count)}**")
                    for card in view.cards:
                        who = f" – {escape(card.municipality)}" if card.municipality else ""
                        st.markdown(f"{escape(card.text)}{who}")
        if board.loose:
            st.caption(t("themes.loose_count", n=len(board.loose)))
