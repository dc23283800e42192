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
from dataclasses import dataclass
from pathlib import Path
from string import Template

import streamlit as st

from kultur3.live import RoomView, WallCard, spotlight
from kultur3.ui.chrome import stylesheet
from kultur3.ui.context import t
from kultur3.ui.widgets import escape

PER_PAGE = 6
PAGE_SECONDS = 12


@dataclass(frozen=True)
class Layout:
    """One way to lay the wall out, chosen by the screen's size in CSS (the server does not
    know it): a media query, answers per row and rows per page."""

    name: str
    media: str
    columns: int
    rows: int

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


def layouts(columns: int) -> tuple[Layout, ...]:
    """A 1080-line projector takes three rows of three: with type at 0.9 of the base size and
    four lines at most per card, a row is about 190 px and the wall starts about 390 px down
    (measured in room-wall-1920x1080.png), so 3 rows end near 1000 px. Six left a quarter of
    the screen empty. A 720-line projector keeps two rows (PER_PAGE); a phone stacks six."""
    wide = "(min-width: 640px)"
    if columns == 1:  # the narrow column beside the radar
        return (Layout("tall", f"{wide} and (min-height: 960px)", 1, 4),
                Layout("short", f"{wide} and (max-height: 959.98px)", 1, 3),
                Layout("phone", "(max-width: 639.98px)", 1, 3))
    return (Layout("tall", f"{wide} and (min-height: 960px)", columns, 3),
            Layout("short", f"{wide} and (max-height: 959.98px)", columns, PER_PAGE // columns),
            Layout("phone", "(max-width: 639.98px)", 1, PER_PAGE))


def _load(name: str) -> Template:
    return stylesheet(Path(__file__).with_name(name))


# The rules are in the .css files beside this module (Streamlit's test ids stay out of Python).
_WALL, _PAGES, _PAGE = _load("wall.css"), _load("wall-pages.css"), _load("wall-page.css")
_SPOTLIGHT = "<style>" + _load("spotlight.css").template + "</style>"


# A grid item: Streamlit wraps each keyed container in a plain <div> (seen in Chromium with
# Streamlit 1.67), so the wall's rules name the wrapper by the key it holds.
_ITEM = ".st-key-projector-wall > div:has"


@functools.lru_cache(maxsize=64)  # every projector run at one room version asks the same
def _css(cards: int, scale: float, columns: int, version: int) -> str:
    # `version`: the cycle's name (_cycle_name), the same while the wall shows the same cards.
    """Every card has a slot in one grid; each layout places the slots in its own rows and
    columns and turns its own pages. Page i shows from i * PAGE_SECONDS into each cycle; the
    cycle starts again at page 1 whenever the room changes (a new animation name per live
    version), so a new answer, the newest card, is on the screen at once."""
    rules = [_WALL.substitute(scale=scale)]
    for lay in layouts(columns):
        pages = max(1, math.ceil(cards / lay.per_page))
        inner = [f".st-key-projector-wall {{ grid-template-columns: repeat({lay.columns}, "
                 f"minmax(0, 1fr)); }}"]
        if pages > 1:
            inner.append(_PAGES.substitute(name=lay.name, version=version,
                                           slice=f"{100 / pages:.4f}"))
            inner += [f"{_ITEM}(> .st-key-projector-wall-{lay.name}-{p}) {{ "
                      f"display: block; grid-area: 1 / 1 / 2 / -1;"
                      f"{_turn(lay.name, version, p, pages)} }}" for p in range(pages)]
        for i in range(cards):
            page, at = divmod(i, lay.per_page)
            row, col = divmod(at, lay.columns)
            inner.append(f"{_ITEM}(> .st-key-projector-wall-slot-{i}) {{ "
                         f"grid-area: {row + 2} / {col + 1};{_turn(lay.name, version, page, pages)} }}")
        rules.append(f"@media {lay.media} {{\n" + "\n".join(inner) + "\n}")
    return "<style>" + "\n".join(rules) + "</style>"


def _turn(name: str, version: int, page: int, pages: int) -> str:
    """The animation that shows one page in its slice of the cycle (none for one page)."""
    if pages == 1:
        return ""
    cycle = pages * PAGE_SECONDS
    return " " + _PAGE.substitute(name=name, version=version, cycle=cycle,
                                  into=f"{(-page * PAGE_SECONDS) % cycle:.2f}")


def _cards(view: RoomView) -> list[WallCard]:
    return [c for c in reversed(view.wall) if not c.hidden]  # newest first


def page_count(view: RoomView, columns: int = 3) -> int:
    """How many pages the wall turns through on a 720-line projector, the most of any
    layout but the phone's (0 or 1: it stands still)."""
    cards = _cards(view)
    if not view.state.revealed or any(c.answer_id == view.state.spotlight_answer_id
                                      for c in cards):
        return 0
    return max(math.ceil(len(cards) / lay.per_page) for lay in layouts(columns)
               if lay.name != "phone")


def _cycle_name(cards: list[WallCard]) -> int:
    """The cycle's name: the same while the wall shows the same cards."""
    return zlib.crc32(repr([(c.answer_id, c.text) for c in cards]).encode())


def _card(card: WallCard, *, big: bool = False) -> None:
    with st.container(border=True, key=f"projector.card.{card.answer_id}"):
        who = card.municipality or t("live.anonymous_group")
        st.caption(escape(who + (f" · {card.area}" if card.area else "")))
        st.markdown(escape(card.text))


def show(view: RoomView, columns: int = 3, *, paused: bool = False) -> None:
    """The wall of revealed answers, newest first; or the one answer in the spotlight. While
    the answers are hidden the room reads the question's help text, large (the projector's
    CSS makes the timer large too), not a line addressed to the facilitator.
    `paused`: the pages stand still (kultur3/ui/live/room_screens.py), and say so."""
    if not view.state.revealed:
        with st.container(key="projector.waiting"):
            st.markdown(escape(view.question_help) if view.question_help
                        else t("live.hidden_until_revealed"))
        return
    cards = _cards(view)
    if not cards:
        st.caption(t("live.no_answers_yet"))
        return
    spot = next((c for c in cards if c.answer_id == view.state.spotlight_answer_id), None)
    if spot is not None:
        _spotlight(spot, cards.index(spot) + 1, len(cards))
        return
    scale = 1.25 if len(cards) <= columns else 1.0
    st.html(_css(len(cards), scale, columns, _cycle_name(cards)))
    with st.container(key="projector.wall"):
        for lay in layouts(columns):
            pages = math.ceil(len(cards) / lay.per_page)
            for i in range(pages if pages > 1 else 0):
                # On top: the bottom of a 720-line projector is often cut. Each layout's
                # page captions take row 1 in turn; the other layouts' are not displayed.
                with st.container(key=f"projector.wall.{lay.name}.{i}"):
                    st.caption(t("live.wall_page_paused" if paused else "live.wall_page",
                                 page=i + 1, pages=pages, n=len(cards)))
        for i, card in enumerate(cards):
            with st.container(key=f"projector.wall.slot.{i}"):
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
