"""What the facilitator's activities show: the library and a gathering's list for the console,
the activity on screen with its results for the projector (poll counts, the scale, the word
cloud folded by kultur3/core/words.py, the open answers as a wall), the phone's own entry, and
the entries as a table for the gathering's export."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, check, check_read
from kultur3.core import words as word_folding
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.group import workspace
from kultur3.live.activities import entry_key
from kultur3.live.state import check_staff_programme
from kultur3.models import Activity, ActivityEntry, ActivityKind, Gathering

WORDS_SHOWN = 40  # a 1280x720 projector holds about 40 words at the smallest size legibly


@dataclass(frozen=True)
class ActivityRow:
    id: int
    kind: str
    prompt: str
    options: tuple[str, ...]
    position: int
    is_current: bool
    is_open: bool
    gathering_id: int | None


@dataclass(frozen=True)
class EntryCard:
    entry_id: int
    municipality: str | None  # None in anonymous mode
    text: str
    hidden: bool = False
    hidden_reason: str = ""


@dataclass(frozen=True)
class ActivityView:
    """One activity with the room's results: counts per choice (poll), per value 1–5 (scale),
    words with their counts (word cloud, most frequent first), entries (open question, and
    every entry for moderation in the console)."""

    activity: ActivityRow
    responses: int
    counts: tuple[tuple[str, int], ...] = ()
    mean: float | None = None
    words: tuple[tuple[str, int], ...] = ()
    entries: tuple[EntryCard, ...] = ()


@dataclass(frozen=True)
class MyActivity:
    """The activity a phone answers now, and what this phone sent to it."""

    activity: ActivityRow
    choices: tuple[int, ...] = ()
    value: int | None = None
    text: str = ""
    sent: bool = False


def _row(a: Activity) -> ActivityRow:
    return ActivityRow(id=a.id, kind=a.kind, prompt=a.prompt, options=tuple(a.options or ()),
                       position=a.position, is_current=a.is_current, is_open=a.is_open,
                       gathering_id=a.gathering_id)


def library(*, session: Session, actor: Actor, programme_id: int) -> list[ActivityRow]:
    """The programme's prepared activities, in the order they were made."""
    check(actor, "activities.prepare")
    check_staff_programme(session, actor, programme_id)
    return [_row(a) for a in session.exec(select(Activity).where(
        Activity.programme_id == programme_id, col(Activity.gathering_id).is_(None))
        .order_by(Activity.position, Activity.id)).all()]


def gathering_activities(*, session: Session, actor: Actor, gathering_id: int
                         ) -> list[ActivityRow]:
    """A gathering's activities in agenda order, for the console."""
    check(actor, "live.run")
    g = session.get(Gathering, gathering_id)
    if g is None:
        raise NotFound()
    check_staff_programme(session, actor, g.programme_id)
    return [_row(a) for a in session.exec(select(Activity).where(
        Activity.gathering_id == gathering_id).order_by(Activity.position, Activity.id)).all()]


def _words(texts: list[str]) -> tuple[tuple[str, int], ...]:
    counted = word_folding.count_words(texts, "nb")  # nb and nn stop words are one list
    return tuple((w.word, w.count) for w in counted[:WORDS_SHOWN])


def current_view(session: Session, gathering_id: int, names: dict[int, str], *,
                 show_names: bool, include_hidden: bool) -> ActivityView | None:
    """The activity on screen in a gathering and its results; hidden entries count nowhere
    (listed only for the console). Called by kultur3.live.room.room_view, which has checked
    who reads."""
    activity = session.exec(select(Activity).where(
        Activity.gathering_id == gathering_id, col(Activity.is_current).is_(True))).first()
    if activity is None:
        return None
    rows = session.exec(select(ActivityEntry).where(
        ActivityEntry.activity_id == activity.id).order_by(
        ActivityEntry.updated_at, ActivityEntry.id)).all()
    rows = [e for e in rows if e.municipality_id in names]
    shown = [e for e in rows if not e.hidden]
    view = {"activity": _row(activity), "responses": len(shown)}
    if activity.kind in (ActivityKind.POLL, ActivityKind.MULTI):
        picked = Counter(c for e in shown for c in e.choices or [])
        view["counts"] = tuple((o, picked.get(i, 0)) for i, o in enumerate(activity.options))
    elif activity.kind == ActivityKind.SCALE:
        values = Counter(e.value for e in shown if e.value is not None)
        view["counts"] = tuple((str(v), values.get(v, 0)) for v in range(1, 6))
        total = sum(values.values())
        view["mean"] = (sum(v * n for v, n in values.items()) / total) if total else None
    elif activity.kind == ActivityKind.WORDS:
        view["words"] = _words([e.text for e in shown])
    if activity.kind in (ActivityKind.WORDS, ActivityKind.OPEN):
        view["entries"] = tuple(
            EntryCard(entry_id=e.id, municipality=names[e.municipality_id] if show_names
                      else None, text=e.text.replace("\n", " · "), hidden=e.hidden,
                      hidden_reason=e.hidden_reason)
            for e in (rows if include_hidden else shown))
    return ActivityView(**view)


def my_activity(*, session: Session, actor: Actor, gathering_id: int, municipality_id: int,
                device_key: str = "") -> MyActivity | None:
    """The activity on screen in this gathering, with what this phone (a participant; a group
    screen by its own key) has sent to it; None when none is shown."""
    check_read(actor, municipality_id, gathering_id, session=session)
    workspace.check_gathering(session, gathering_id, municipality_id)  # one it takes part in
    activity = session.exec(select(Activity).where(
        Activity.gathering_id == gathering_id, col(Activity.is_current).is_(True))).first()
    if activity is None:
        return None
    try:
        key = entry_key(actor, device_key, municipality_id)
    except InvalidInput:  # no key yet, or not one a screen makes: nothing sent
        key = ""
    entry = session.exec(select(ActivityEntry).where(
        ActivityEntry.activity_id == activity.id, ActivityEntry.voter_key == key,
        ActivityEntry.municipality_id == municipality_id)).first() if key else None
    if entry is None:
        return MyActivity(activity=_row(activity))
    return MyActivity(activity=_row(activity), choices=tuple(entry.choices or ()),
                      value=entry.value, text=entry.text, sent=True)


ENTRY_COLUMNS = ("activity", "activity_kind", "municipality", "answer", "hidden", "reason",
                 "changed")


def entries_frame(session: Session, gathering_id: int, names: dict[int, str], tr
                  ) -> pd.DataFrame:
    """Every entry of the gathering's activities, one row each (a poll's choices by their
    text), for kultur3.live.export (which has checked who reads); tr translates a key."""
    activities = {a.id: a for a in session.exec(select(Activity).where(
        Activity.gathering_id == gathering_id)).all()}
    rows = session.exec(select(ActivityEntry).where(
        ActivityEntry.gathering_id == gathering_id).order_by(
        ActivityEntry.activity_id, ActivityEntry.id)).all()

    def answer(a: Activity, e: ActivityEntry) -> str:
        if a.kind in (ActivityKind.POLL, ActivityKind.MULTI):
            return "; ".join(a.options[c] for c in e.choices or [] if c < len(a.options))
        if a.kind == ActivityKind.SCALE:
            return str(e.value or "")
        return e.text.replace("\n", "; ")

    return pd.DataFrame(
        [(activities[e.activity_id].prompt, tr(f"kind_{activities[e.activity_id].kind}"),
          names.get(e.municipality_id), answer(activities[e.activity_id], e),
          tr("yes") if e.hidden else "", e.hidden_reason if e.hidden else "",
          e.updated_at.strftime("%Y-%m-%d %H:%M")) for e in rows if e.activity_id in activities],
        columns=[tr(k) for k in ENTRY_COLUMNS])
