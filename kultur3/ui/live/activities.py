"""The facilitator's own activities on the live screens: prepared and run from the console,
answered on the phone and the group screen, drawn on the projector (a poll's bars, the scale,
the word cloud, the open answers as a wall). Services: kultur3/live/activities.py (writes),
kultur3/live/activity_results.py (reads)."""

from __future__ import annotations

import dataclasses
import html
import math

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.live import LiveState, RoomView, WallCard, activities, activity_results
from kultur3.live.activity_results import ActivityView
from kultur3.models import ActivityKind, Phase, Role
from kultur3.models.activities import (
    ENTRY_TEXT_MAX,
    OPTIONS_MAX,
    PROMPT_MAX,
    WORD_MAX,
    WORDS_MAX,
)
from kultur3.ui import feedback, wall
from kultur3.ui.context import cached_read, fmt_num, t
from kultur3.ui.live.console import _toggle, act, hide_reason
from kultur3.ui.live.device import screen_key
from kultur3.ui.widgets import escape

# The word cloud's type, as multiples of the projector's base size (--k3: 20 px at 1280
# wide, 34 px at 1920): the rarest word at 1.3 (26 px at 1280x720, the wall's smallest text
# is 20 px), the most frequent at 3.6 (72 px); between them by the square root of the count,
# so a word said twice as often is about twice the area, not twice the height. Forty words at
# those sizes fill five to six lines of a 1280-wide screen (docs/screenshots/projector_activity.png).
WORD_MIN, WORD_MAX_SIZE = 1.3, 3.6
CLOUD_CSS = """<style>
.k3-cloud { display: flex; flex-wrap: wrap; justify-content: center; align-items: baseline;
  gap: 0.3em 0.9em; padding: 0.5rem 1rem; line-height: 1.05; }
/* A 40-character word at the largest size is wider than a 1280 projector: it breaks. */
.k3-word { font-weight: 700; color: #1b3a57; max-width: 100%; overflow-wrap: anywhere; }
.k3-word:nth-child(3n+2) { color: #005a8c; }
.k3-word:nth-child(3n) { color: #6b2e5f; }
.k3-count { font-size: max(0.4em, calc(var(--k3, 20px) * 0.8)); font-weight: 600;
  color: #333; margin-left: 0.15em; vertical-align: super; }
.k3-bars { display: grid; grid-template-columns: minmax(8em, 2fr) 5fr 3em; gap: 0.5em 0.8em;
  align-items: center; font-size: calc(var(--k3, 20px) * 1.1); }
.k3-bar { background: #0072B2; height: 1.2em; border-radius: 0.2em; min-width: 2px; }
.k3-bar-n { font-weight: 700; font-variant-numeric: tabular-nums; }
</style>"""


def _kind(kind: str) -> str:
    return t(f"activities.kind_{kind}")


# --- The projector ------------------------------------------------------------------------------


def word_size(count: int, top: int) -> float:
    """A word's size in units of the projector's base size (WORD_MIN .. WORD_MAX_SIZE)."""
    if top <= 1:
        return WORD_MAX_SIZE if count else WORD_MIN
    return round(WORD_MIN + (WORD_MAX_SIZE - WORD_MIN) * math.sqrt((count - 1) / (top - 1)), 2)


def cloud_html(words: tuple[tuple[str, int], ...]) -> str:
    """The word cloud as one escaped HTML list: flex-wrap places every word on its own box in
    the flow (no word can overlap another), most frequent first, sized by count."""
    top = max((n for _, n in words), default=1)
    items = "".join(
        f'<li class="k3-word" data-count="{n}" style="font-size: calc(var(--k3, 20px) * '
        f'{word_size(n, top)})">{html.escape(word)}<span class="k3-count">{n}</span></li>'
        for word, n in words)
    return (f'<ul class="k3-cloud" role="list" style="list-style: none; margin: 0" '
            f'aria-label="{html.escape(t("activities.cloud_label"))}">{items}</ul>')


def bars_html(counts: tuple[tuple[str, int], ...]) -> str:
    """A poll's (or scale's) results as labelled bars, counts written out."""
    top = max((n for _, n in counts), default=0) or 1
    rows = "".join(
        f'<div>{html.escape(label)}</div><div><div class="k3-bar" style="width: '
        f'{100 * n / top:.1f}%"></div></div><div class="k3-bar-n">{n}</div>'
        for label, n in counts)
    return f'<div class="k3-bars">{rows}</div>'


def projector_activity(view: RoomView) -> None:
    """The activity on screen: its prompt, how many answered, and its results, live."""
    av = view.activity
    if av is None:
        st.info(t("activities.none_on_screen"))
        return
    a = av.activity
    with st.container(key="projector.question"):
        st.markdown(escape(a.prompt))
    with st.container(key="projector.activity_status"):
        st.markdown(t("activities.responses", n=av.responses)
                    + ("" if a.is_open else " · " + t("activities.input_closed")))
    st.html(CLOUD_CSS)
    if a.kind in (ActivityKind.POLL, ActivityKind.MULTI, ActivityKind.SCALE):
        counts = av.counts
        if a.kind == ActivityKind.SCALE and len(a.options) == 2:
            counts = ((f"1 – {a.options[0]}", counts[0][1]), *counts[1:4],
                      (f"5 – {a.options[1]}", counts[4][1]))
        with st.container(key="projector.activity_bars"):
            st.html(bars_html(counts))
        if av.mean is not None:
            st.markdown(t("activities.mean", mean=fmt_num(av.mean)))
    elif a.kind == ActivityKind.WORDS:
        if not av.words:
            st.caption(t("activities.no_entries_yet"))
        with st.container(key="projector.word_cloud"):
            st.html(cloud_html(av.words))
    else:
        cards = [WallCard(answer_id=-e.entry_id, municipality=e.municipality, area=None,
                          text=e.text) for e in av.entries]
        state = dataclasses.replace(view.state, revealed_phases=(Phase.ACTIVITY.value,),
                                    spotlight_answer_id=None)
        wall.show(dataclasses.replace(view, state=state, wall=cards))


# --- The console --------------------------------------------------------------------------------


def console_results(actor: Actor, av: ActivityView | None) -> None:
    """In the console's live panel: the activity's results as numbers, and each entry with
    «Skjul» / «Vis igjen» (the reason chosen above the panel, as for answers)."""
    if av is None:
        st.caption(t("activities.none_on_screen"))
        return
    a = av.activity
    st.markdown(f"**{_kind(a.kind)}** · {escape(a.prompt)} · "
                + t("activities.responses", n=av.responses))
    if av.counts:
        st.dataframe({t("activities.choice"): [c for c, _ in av.counts],
                      t("activities.count"): [n for _, n in av.counts]},
                     hide_index=True, key="live_console.activity_counts")
    if av.words:
        st.caption(" · ".join(f"{escape(w)} {n}" for w, n in av.words))
    for e in reversed(av.entries):
        with st.container(border=True, key=f"live_console.entry.{e.entry_id}"):
            text_col, button_col = st.columns([5, 1])
            text_col.caption(escape(e.municipality or ""))
            text_col.markdown(escape(e.text))
            if e.hidden:
                text_col.caption(f"🚫 {t('live.hidden_because')}: {escape(e.hidden_reason)}")
                button_col.button(t("live.restore"), key=f"live_console.entry_restore.{e.entry_id}",
                                  on_click=act, args=(activities.restore_entry,),
                                  kwargs={"actor": actor, "entry_id": e.entry_id})
            else:
                button_col.button(t("live.hide"), key=f"live_console.entry_hide.{e.entry_id}",
                                  on_click=_hide, args=(actor, e.entry_id))


def _hide(actor: Actor, entry_id: int) -> None:
    act(activities.hide_entry, actor=actor, entry_id=entry_id, reason=hide_reason())


def console_activities(actor: Actor, state: LiveState) -> None:
    """The gathering's activities (show one, open or close its input, keep it in the
    library, remove it), one from the programme's library, or a new one."""
    gid = state.gathering_id
    rows = cached_read(activity_results.gathering_activities, actor=actor, gathering_id=gid)
    if not rows:
        st.caption(t("activities.none_yet"))
    for row in rows:
        with st.container(border=True, key=f"live_console.activity.{row.id}"):
            text, show, open_, keep, drop = st.columns([4, 1, 1, 1, 1],
                                                       vertical_alignment="center")
            text.markdown(f"**{_kind(row.kind)}** · {escape(row.prompt)}")
            if row.options:
                text.caption(escape(" · ".join(row.options)))
            if row.is_current and state.phase == Phase.ACTIVITY:
                show.caption(t("activities.on_screen"))
            else:
                show.button(t("activities.show"), key=f"live_console.activity_show.{row.id}",
                            on_click=act, args=(activities.show_activity,),
                            kwargs={"actor": actor, "gathering_id": gid, "activity_id": row.id})
            _toggle(open_, f"live_console.activity_open.{row.id}", t("activities.input_open"),
                    row.is_open, lambda v, aid=row.id: act(
                        activities.set_activity_open, actor=actor, activity_id=aid, is_open=v))
            keep.button(t("activities.to_library"), key=f"live_console.activity_keep.{row.id}",
                        on_click=act, args=(activities.copy_activity,),
                        kwargs={"actor": actor, "activity_id": row.id, "gathering_id": None})
            drop.button(t("activities.remove"), key=f"live_console.activity_remove.{row.id}",
                        on_click=act, args=(activities.delete_activity,),
                        kwargs={"actor": actor, "activity_id": row.id})
    feedback.show()
    _from_library(actor, state)
    _new_activity(actor, state)


def _from_library(actor: Actor, state: LiveState) -> None:
    prepared = cached_read(activity_results.library, actor=actor,
                           programme_id=state.programme_id)
    if not prepared:
        return
    by_label = {f"{_kind(a.kind)}: {a.prompt}": a.id for a in prepared}
    pick, add = st.columns([4, 1], vertical_alignment="bottom")
    pick.selectbox(t("activities.library"), list(by_label), index=None,
                   key="live_console.activity_library", placeholder=t("common.choose"))
    add.button(t("activities.add_to_gathering"), key="live_console.activity_copy",
               on_click=lambda: st.session_state.get("live_console.activity_library") in by_label
               and act(activities.copy_activity, actor=actor,
                       activity_id=by_label[st.session_state["live_console.activity_library"]],
                       gathering_id=state.gathering_id))


def _create(actor: Actor, state: LiveState) -> None:
    ss = st.session_state
    options = (ss.get("live_console.activity_options") or "").splitlines()
    act(activities.create_activity, actor=actor, programme_id=state.programme_id,
        kind=ss.get("live_console.activity_kind"), prompt=ss.get("live_console.activity_prompt"),
        options=options, gathering_id=None if ss.get("live_console.activity_where") == "library"
        else state.gathering_id)


def _new_activity(actor: Actor, state: LiveState) -> None:
    with st.form("live_console.activity_form"):
        st.markdown(f"**{t('activities.new')}**")
        kind, where = st.columns(2)
        kind.selectbox(t("activities.kind"), ActivityKind.ALL, format_func=_kind,
                       key="live_console.activity_kind")
        where.radio(t("activities.where"), ("gathering", "library"), horizontal=True,
                    format_func=lambda w: t(f"activities.where_{w}"),
                    key="live_console.activity_where")
        st.text_input(t("activities.prompt"), max_chars=PROMPT_MAX,
                      key="live_console.activity_prompt")
        st.text_area(t("activities.options"), key="live_console.activity_options",
                     help=t("activities.options_help", limit=OPTIONS_MAX), height=120)
        st.form_submit_button(t("activities.create"), key="live_console.activity_create",
                              on_click=_create, args=(actor, state))


# --- The phone and the group screen -------------------------------------------------------------


def phone_activity(actor: Actor, state: LiveState, municipality_id: int, *,
                   locked: bool) -> None:
    """The activity on the projector, answered here: a participant as itself, a group
    screen by its own key (device.screen_key: a reload is the same screen)."""
    gid = state.gathering_id
    device = "" if actor.role == Role.PARTICIPANT else screen_key()
    mine = cached_read(activity_results.my_activity, actor=actor, gathering_id=gid,
                       municipality_id=municipality_id, device_key=device)
    if mine is None:
        st.info(t("activities.wait"))
        return
    a = mine.activity
    with st.container(key="live_group.activity_prompt"):
        st.markdown(f"### {escape(a.prompt)}")
    closed = locked or not a.is_open
    if not a.is_open:
        st.info(t("activities.closed_banner"))
    base = f"live_group.activity.{a.id}"
    with st.form(f"{base}.form"):
        if a.kind == ActivityKind.POLL:
            st.radio(t("activities.your_choice"), range(len(a.options)),
                     format_func=lambda i: escape(a.options[i]),
                     index=mine.choices[0] if mine.choices else None, key=f"{base}.choice")
        elif a.kind == ActivityKind.MULTI:
            for i, option in enumerate(a.options):
                st.checkbox(escape(option), value=i in mine.choices, key=f"{base}.check.{i}")
        elif a.kind == ActivityKind.SCALE:
            if len(a.options) == 2:
                st.caption(escape(f"1 = {a.options[0]} · 5 = {a.options[1]}"))
            st.radio(t("activities.your_value"), (1, 2, 3, 4, 5), horizontal=True,
                     index=mine.value - 1 if mine.value else None, key=f"{base}.value")
        elif a.kind == ActivityKind.WORDS:
            sent = (mine.text.split("\n") + ["", "", ""])[:WORDS_MAX]
            for i in range(WORDS_MAX):
                st.text_input(t("activities.word_n", n=i + 1), value=sent[i], max_chars=WORD_MAX,
                              key=f"{base}.word.{i}")
        else:
            st.text_area(t("activities.your_answer"), value=mine.text, max_chars=ENTRY_TEXT_MAX,
                         key=f"{base}.text")
        st.form_submit_button(t("activities.send"), key=f"{base}.send", type="primary",
                              disabled=closed, on_click=_submit,
                              args=(actor, a, municipality_id, device))
    feedback.show()
    if mine.sent:
        st.caption(t("activities.sent_before"))


def _submit(actor: Actor, a, municipality_id: int, device: str) -> None:
    ss, base = st.session_state, f"live_group.activity.{a.id}"
    kw: dict = {}
    if a.kind == ActivityKind.POLL:
        choice = ss.get(f"{base}.choice")
        kw["choices"] = [] if choice is None else [choice]
    elif a.kind == ActivityKind.MULTI:
        kw["choices"] = [i for i in range(len(a.options)) if ss.get(f"{base}.check.{i}")]
    elif a.kind == ActivityKind.SCALE:
        kw["value"] = ss.get(f"{base}.value")
    elif a.kind == ActivityKind.WORDS:
        kw["text"] = "\n".join(ss.get(f"{base}.word.{i}") or "" for i in range(WORDS_MAX))
    else:
        kw["text"] = ss.get(f"{base}.text") or ""
    feedback.act(activities.submit_entry, ok="activities.sent", actor=actor, activity_id=a.id,
                 municipality_id=municipality_id, device_key=device, **kw)
