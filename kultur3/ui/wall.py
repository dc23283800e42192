"""The projector's answer wall, for 3 groups or 30: every answer is shown.

Up to six answers fit a 1280x720 projector legibly (three columns, two rows, type at the
projector's base size; measured with the screenshots in docs/screenshots). More answers are
split into pages of six, and the pages turn by themselves every PAGE_SECONDS, with «Side 2 av
3» on each. The turning is CSS alone (no reruns, no server cost): each page is shown during
its slice of a cycle. When the room changes (a new answer), the cycle starts again at page
one, where the newest answers are, so a submission is on the screen at once; when the room
is quiet, every page comes round. Fewer answers get larger type. The cycle is named after the
cards on the wall, not the room's counter: a change that leaves the wall as it was (the
timer, the wall's pause: kultur3/ui/live/room_screens.py) does not send it back to page one.

The facilitator can also put one answer on the whole screen (kultur3/live/spotlight.py) and step
through them from the console.
"""

from __future__ import annotations

import functools
import math
import zlib
from pathlib import Path
from string import Template

import streamlit as st

from kultur3.live import RoomView, WallCard, spotlight
from kultur3.ui.chrome import stylesheet
from kultur3.ui.context import t
from kultur3.ui.widgets import escape

PER_PAGE = 6
PAGE_SECONDS = 12


def _load(name: str) -> Template:
    return stylesheet(Path(__file__).with_name(name))


# The rules are in the .css files beside this module (Streamlit's test ids stay out of Python).
_WALL, _PAGES, _PAGE = _load("wall.css"), _load("wall-pages.css"), _load("wall-page.css")
_SPOTLIGHT = "<style>" + _load("spotlight.css").template + "</style>"


@functools.lru_cache(maxsize=64)  # every projector run at one room version asks the same
def _css(pages: int, scale: float, columns: int, version: int) -> str:
    rules = [_WALL.substitute(scale=scale, columns=columns)]
    if pages > 1:
        cycle = pages * PAGE_SECONDS
        rules.append(_PAGES.substitute(version=version, slice=f"{100 / pages:.4f}"))
        for i in range(pages):
            # Page i shows from i * PAGE_SECONDS into each cycle. The cycle starts again at
            # page 1 whenever the room changes (a new animation name per live version), so a
            # new answer, the newest card, is on the screen at once.
            into = (-i * PAGE_SECONDS) % cycle
            rules.append(_PAGE.substitute(page=i, version=version, cycle=cycle,
                                          into=f"{into:.2f}"))
    return "<style>" + "\n".join(rules) + "</style>"


def _card(card: WallCard, *, big: bool = False) -> None:
    with st.container(border=True, key=f"projector.card.{card.answer_id}"):
        who = card.municipality or t("live.anonymous_group")
        st.caption(escape(who + (f" · {card.area}" if card.area else "")))
        st.markdown(escape(card.text))


def _cards(view: RoomView) -> list[WallCard]:
    return [c for c in reversed(view.wall) if not c.hidden]  # newest first


def page_count(view: RoomView, columns: int = 3) -> int:
    """How many pages the wall turns through (0 or 1: it stands still)."""
    cards = _cards(view)
    if not view.state.revealed or any(c.answer_id == view.state.spotlight_answer_id
                                      for c in cards):
        return 0
    return math.ceil(len(cards) / (PER_PAGE if columns > 1 else 3))


def _cycle_name(cards: list[WallCard]) -> int:
    """The cycle's name: the same while the wall shows the same cards."""
    return zlib.crc32(repr([(c.answer_id, c.text) for c in cards]).encode())


def show(view: RoomView, columns: int = 3, *, paused: bool = False) -> None:
    """The wall of revealed answers, newest first; or the one answer in the spotlight.
    `paused`: the pages stand still (kultur3/ui/live/room_screens.py), and say so."""
    if not view.state.revealed:
        st.info(t("live.hidden_until_revealed"))
        return
    cards = _cards(view)
    if not cards:
        st.caption(t("live.no_answers_yet"))
        return
    spot = next((c for c in cards if c.answer_id == view.state.spotlight_answer_id), None)
    if spot is not None:
        _spotlight(spot, cards.index(spot) + 1, len(cards))
        return
    per_page = PER_PAGE if columns > 1 else 3
    pages = math.ceil(len(cards) / per_page)
    scale = 1.25 if len(cards) <= columns else 1.0
    st.html(_css(pages, scale, columns, _cycle_name(cards)))
    with st.container(key="projector.wall"):
        for i in range(pages):
            with st.container(key=f"projector.wall.page.{i}"):
                if pages > 1:  # on top: the bottom of a 720-line projector is often cut
                    st.caption(t("live.wall_page_paused" if paused else "live.wall_page",
                                 page=i + 1, pages=pages, n=len(cards)))
                chunk = cards[i * per_page:(i + 1) * per_page]
                cols = st.columns(columns)
                for j, card in enumerate(chunk):
                    with cols[j % columns]:
                        _card(card)


def _spotlight(card: WallCard, number: int, total: int) -> None:
    st.html(_SPOTLIGHT)
    with st.container(key="projector.spotlight", border=True):
        who = card.municipality or t("live.anonymous_group")
        st.caption(escape(who + (f" · {card.area}" if card.area else ""))
                   + f" · {t('live.answer_n_of', n=number, total=total)}")
        st.markdown(escape(card.text))


def console_spotlight(actor, view: RoomView, act) -> None:
    """The console's way through the wall: ◀ ▶ one answer at a time on the whole projector,
    and back to the wall. `act` runs a service call from a button (kultur3.ui.live.console.act)."""
    cards = [c for c in reversed(view.wall) if not c.hidden]
    if not cards or not view.state.revealed:
        return
    gid, current = view.state.gathering_id, view.state.spotlight_answer_id
    showing = current in {c.answer_id for c in cards}
    cols = st.columns([1, 1, 2] if showing else [1, 3])

    def go(delta: int) -> dict:
        return {"actor": actor, "gathering_id": gid,
                "answer_id": spotlight.step(cards, current if showing else None, delta)}

    cols[0].button(t("live.previous_answer"), key="live_console.spot_prev", on_click=act,
                   args=(spotlight.set_answer_spotlight,), kwargs=go(-1 if showing else 0))
    if showing:
        cols[1].button(t("live.next_answer"), key="live_console.spot_next", on_click=act,
                       args=(spotlight.set_answer_spotlight,), kwargs=go(1))
        cols[2].button(t("live.back_to_wall"), key="live_console.spot_off", on_click=act,
                       args=(spotlight.set_answer_spotlight,),
                       kwargs={"actor": actor, "gathering_id": gid, "answer_id": None})
    else:
        cols[1].button(t("live.next_answer"), key="live_console.spot_next", on_click=act,
                       args=(spotlight.set_answer_spotlight,), kwargs=go(0))
