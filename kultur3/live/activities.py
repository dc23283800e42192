"""The facilitator's own activities (issue 25 §2): a poll, a word cloud or an open question,
prepared in the programme's library and copied onto a gathering's agenda, run in the room's
«Aktivitet» phase like the four questions (the console shows one and opens or closes its
input; the phones answer it; the projector draws the results; the facilitator hides an entry).

Preparing is «activities.prepare» (the programme's facilitators and the admin); running is
«live.run», hiding «live.moderate»; answering is «work.write» into the phone's own
municipality in its own gathering. Every write ends with changed() and an audit record; no
entry's text goes into the audit log (it is the room's words, not an event)."""

from __future__ import annotations

from sqlalchemy import delete, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from kultur3.access import audit, identity
from kultur3.access.permissions import Actor, check, check_write, is_staff
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.core.validation import clean_text
from kultur3.group import workspace
from kultur3.live import moderation
from kultur3.live.console import staff_gathering
from kultur3.live.state import check_staff_programme
from kultur3.models import Activity, ActivityEntry, ActivityKind, Gathering, Phase, Role, utcnow
from kultur3.models.activities import (
    ENTRY_TEXT_MAX,
    HIDE_REASON_MAX,
    OPTION_MAX,
    OPTIONS_MAX,
    PROMPT_MAX,
    WORD_MAX,
    WORDS_MAX,
)
from kultur3.programme import phases
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed


def _clean(text: str | None) -> str:
    """One line of text: NUL bytes out (PostgreSQL refuses them), white space folded."""
    return " ".join(clean_text(text).split())


def _check_fields(kind: str, prompt: str, options) -> tuple[str, list[str]]:
    """The prompt and options of an activity of this kind, or a plain message why not."""
    if kind not in ActivityKind.ALL:
        raise InvalidInput(key="activities.kind_invalid")
    prompt = _clean(prompt)
    if not prompt:
        raise InvalidInput(key="activities.prompt_needed")
    if len(prompt) > PROMPT_MAX:
        raise InvalidInput(key="activities.prompt_too_long", limit=PROMPT_MAX)
    clean = [_clean(o) for o in (options or []) if _clean(o)]
    if any(len(o) > OPTION_MAX for o in clean):
        raise InvalidInput(key="activities.option_too_long", limit=OPTION_MAX)
    if kind in (ActivityKind.POLL, ActivityKind.MULTI):
        if not 2 <= len(clean) <= OPTIONS_MAX or len(set(clean)) != len(clean):
            raise InvalidInput(key="activities.options_needed", limit=OPTIONS_MAX)
    elif kind == ActivityKind.SCALE:
        if len(clean) not in (0, 2):
            raise InvalidInput(key="activities.scale_labels")
    else:
        clean = []
    return prompt, clean


def _place_on_agenda(g: Gathering) -> None:
    """A gathering with an activity has the «Aktivitet» phase on its agenda: before the
    summary when there is one, else last."""
    agenda = [p.value for p in phases.agenda_of(g)]
    if Phase.ACTIVITY.value in agenda:
        return
    at = agenda.index(Phase.SUMMARY.value) if Phase.SUMMARY.value in agenda else len(agenda)
    g.agenda = [*agenda[:at], Phase.ACTIVITY.value, *agenda[at:]]


def _new(session: Session, actor: Actor, programme_id: int, gathering_id: int | None,
         kind: str, prompt: str, options: list[str], source_id: int | None) -> int:
    if gathering_id is not None:
        g = staff_gathering(session, actor, gathering_id)  # live.run, its programme, not archived
        if g.programme_id != programme_id:
            raise NotFound()
        _place_on_agenda(g)
        session.add(g)
    last = session.exec(select(func.max(Activity.position)).where(
        Activity.programme_id == programme_id, Activity.gathering_id == gathering_id)).first()
    activity = Activity(programme_id=programme_id, gathering_id=gathering_id, kind=kind,
                        prompt=prompt, options=options, position=(last or 0) + 1,
                        source_id=source_id)
    session.add(activity)
    session.flush()
    if gathering_id is None:
        changed(session)
    else:
        changed(session, gathering_id=gathering_id, phase=True)
    audit.record(session, actor=actor, action="activities.create", entity="activity",
                 entity_id=activity.id, detail={"kind": kind, "gathering": gathering_id,
                                                "source": source_id})
    return activity.id


def _check_preparer(session: Session, actor: Actor, programme_id: int) -> None:
    check(actor, "activities.prepare")
    check_staff_programme(session, actor, programme_id)
    check_writable(session, programme_id)


def create_activity(*, session: Session, actor: Actor, programme_id: int, kind: str,
                    prompt: str, options: list[str] | tuple[str, ...] = (),
                    gathering_id: int | None = None) -> int:
    """A new activity in the programme's library (gathering_id None) or straight onto a
    gathering's agenda; returns its id."""
    _check_preparer(session, actor, programme_id)
    prompt, clean = _check_fields(kind, prompt, options)
    return _new(session, actor, programme_id, gathering_id, kind, prompt, clean, None)


def _activity(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound()
    return activity


def copy_activity(*, session: Session, actor: Actor, activity_id: int,
                  gathering_id: int | None) -> int:
    """Copy an activity onto a gathering's agenda, or (gathering_id None) into the library:
    prepared once, reused from one gathering to the next. Returns the copy's id."""
    check(actor, "activities.prepare")
    source = _activity(session, activity_id)
    _check_preparer(session, actor, source.programme_id)
    return _new(session, actor, source.programme_id, gathering_id, source.kind, source.prompt,
                list(source.options or []), source.id)


def delete_activity(*, session: Session, actor: Actor, activity_id: int) -> None:
    """Take an activity out of the library or off a gathering; refused once the room has
    answered it (its entries are the gathering's record)."""
    check(actor, "activities.prepare")
    activity = _activity(session, activity_id)
    _check_preparer(session, actor, activity.programme_id)
    if session.exec(select(ActivityEntry.id).where(
            ActivityEntry.activity_id == activity_id)).first() is not None:
        raise InvalidInput(key="activities.has_entries")
    gathering_id = activity.gathering_id
    if gathering_id is not None:
        staff_gathering(session, actor, gathering_id)
    session.exec(delete(Activity).where(Activity.id == activity_id))  # type: ignore[call-overload]
    if gathering_id is None:
        changed(session)
    else:
        changed(session, gathering_id=gathering_id, phase=True)
    audit.record(session, actor=actor, action="activities.delete", entity="activity",
                 entity_id=activity_id, detail={"prompt": activity.prompt})


def show_activity(*, session: Session, actor: Actor, gathering_id: int,
                  activity_id: int | None) -> None:
    """Put one of the gathering's activities on the projector and the phones (None: none),
    and move the room to the «Aktivitet» phase."""
    g = staff_gathering(session, actor, gathering_id)
    if activity_id is not None:
        activity = session.get(Activity, activity_id)
        if activity is None or activity.gathering_id != gathering_id:
            raise NotFound()
        _place_on_agenda(g)
        g.phase = Phase.ACTIVITY.value
        session.add(g)
    session.exec(update(Activity).where(  # type: ignore[call-overload]
        Activity.gathering_id == gathering_id).values(
        is_current=col(Activity.id) == activity_id if activity_id is not None else False))
    changed(session, gathering_id=gathering_id, phase=True)
    audit.record(session, actor=actor, action="live.show_activity", entity="gathering",
                 entity_id=gathering_id, detail={"activity": activity_id})


def set_activity_open(*, session: Session, actor: Actor, activity_id: int,
                      is_open: bool) -> None:
    """Open or close the phones' input to one activity of a gathering."""
    activity = _activity(session, activity_id)
    if activity.gathering_id is None:
        raise InvalidInput(key="activities.not_in_gathering")
    staff_gathering(session, actor, activity.gathering_id)
    session.exec(update(Activity).where(Activity.id == activity_id)  # type: ignore[call-overload]
                 .values(is_open=bool(is_open)))
    changed(session, gathering_id=activity.gathering_id, phase=True)
    audit.record(session, actor=actor, action="live.activity_input", entity="activity",
                 entity_id=activity_id, detail={"open": bool(is_open)})


DEVICE_KEY_MAX = 28  # "g" and 16 hex in the browser; with "@<municipality id>" within 40


def entry_key(actor: Actor, device_key: str, municipality_id: int) -> str:
    """Whose entry this is: a participant is always itself («p<id>»); a group screen sends
    its own random key («g<hex>», one per browser session), which names nobody, kept per
    municipality («g<hex>@<id>»): one screen answering for two groups (a facilitator) keeps
    both answers, and no other municipality's screen reaches this one's entry by its key."""
    if actor.role == Role.PARTICIPANT:
        return identity.participant_key(actor)
    if not device_key or len(device_key) > DEVICE_KEY_MAX or not device_key.startswith("g") \
            or "@" in device_key:
        raise InvalidInput(key="error.invalid_input")
    return f"{device_key}@{int(municipality_id)}"


def _check_entry(activity: Activity, choices, value, text) -> tuple[list[int], int | None, str]:
    """What the phone sent, for this kind of activity, or a plain message why not."""
    kind = activity.kind
    if kind in (ActivityKind.POLL, ActivityKind.MULTI):
        picked = sorted({int(c) for c in (choices or [])})
        if not picked or any(not 0 <= c < len(activity.options or []) for c in picked):
            raise InvalidInput(key="activities.choose_one")
        if kind == ActivityKind.POLL and len(picked) != 1:
            raise InvalidInput(key="activities.choose_one")
        return picked, None, ""
    if kind == ActivityKind.SCALE:
        if value is None or not 1 <= int(value) <= 5:
            raise InvalidInput(key="activities.scale_needed")
        return [], int(value), ""
    if kind == ActivityKind.WORDS:
        words = [_clean(w) for w in (text or "").split("\n") if _clean(w)]
        if not words:
            raise InvalidInput(key="activities.words_needed", limit=WORDS_MAX)
        # Three words, not three lines: the cloud counts each word of a line on its own.
        if len(" ".join(words).split()) > WORDS_MAX or any(len(w) > WORD_MAX for w in words):
            raise InvalidInput(key="activities.words_too_many", limit=WORDS_MAX, length=WORD_MAX)
        return [], None, "\n".join(words)
    clean = clean_text(text)
    if not clean:
        raise InvalidInput(key="activities.text_needed")
    if len(clean) > ENTRY_TEXT_MAX:
        raise InvalidInput(key="activities.text_too_long", limit=ENTRY_TEXT_MAX)
    return [], None, clean


def submit_entry(*, session: Session, actor: Actor, activity_id: int, municipality_id: int,
                 device_key: str = "", choices: list[int] | tuple[int, ...] = (),
                 value: int | None = None, text: str = "") -> None:
    """A phone's answer to the activity on the projector: while it is open, into the
    phone's own municipality in its own gathering. Sending again replaces the phone's
    entry (one per phone: a resend after a dropped connection is never counted twice)."""
    activity = _activity(session, activity_id)
    if activity.gathering_id is None:
        raise NotFound()
    gathering_id = activity.gathering_id
    check_write(actor, municipality_id, gathering_id, session=session)
    g = workspace.check_gathering(session, gathering_id, municipality_id)
    phases.check_input_open(actor, g, Phase.ACTIVITY)
    if not is_staff(actor) and not (activity.is_open and activity.is_current):
        raise InvalidInput(key="activities.closed")
    key = entry_key(actor, device_key, municipality_id)
    picked, number, words = _check_entry(activity, choices, value, text)
    check_writable(session, g.programme_id)
    values = {"choices": picked, "value": number, "text": words, "updated_at": utcnow(),
              "municipality_id": municipality_id}
    where = (ActivityEntry.activity_id == activity_id, ActivityEntry.voter_key == key)
    done = session.exec(update(ActivityEntry).where(*where)  # type: ignore[call-overload]
                        .values(**values)).rowcount
    if not done:
        try:
            with session.begin_nested():
                session.add(ActivityEntry(activity_id=activity_id, gathering_id=gathering_id,
                                          voter_key=key, **values))
        except IntegrityError:  # the same phone's other send got in first: replace it
            session.exec(update(ActivityEntry).where(*where)  # type: ignore[call-overload]
                         .values(**values))
    changed(session, gathering_id=gathering_id)
    audit.record(session, actor=actor, action="live.activity_entry", entity="activity",
                 entity_id=activity_id, detail={"gathering": gathering_id, "voter": key})


def _staff_entry(session: Session, actor: Actor, entry_id: int) -> ActivityEntry:
    return moderation.staff_row(session, actor, ActivityEntry, entry_id)


def hide_entry(*, session: Session, actor: Actor, entry_id: int, reason: str) -> None:
    """Take an entry off the projector (out of the counts too); the reason is kept."""
    entry = _staff_entry(session, actor, entry_id)
    reason = _clean(reason)
    if not reason:
        raise InvalidInput(key="live.reason_needed")
    reason = reason[:HIDE_REASON_MAX]
    session.exec(update(ActivityEntry).where(  # type: ignore[call-overload]
        ActivityEntry.id == entry_id).values(hidden=True, hidden_reason=reason))
    changed(session, gathering_id=entry.gathering_id)
    audit.record(session, actor=actor, action="live.hide_entry", entity="activityentry",
                 entity_id=entry_id, detail={"reason": reason})


def restore_entry(*, session: Session, actor: Actor, entry_id: int) -> None:
    """Put a hidden entry back (the reason stays in the log)."""
    entry = _staff_entry(session, actor, entry_id)
    session.exec(update(ActivityEntry).where(  # type: ignore[call-overload]
        ActivityEntry.id == entry_id).values(hidden=False))
    changed(session, gathering_id=entry.gathering_id)
    audit.record(session, actor=actor, action="live.restore_entry", entity="activityentry",
                 entity_id=entry_id, detail={"reason": entry.hidden_reason})
