"""A text field that loses no typed word (issue 25 §1): the smallest components-v2 component
(typing_assets/typing.js) around a labelled <textarea>.

Streamlit's own text area sends its value only when it is left, greys out while the
websocket is down without a word, and after a server restart shows the last saved text over
what was typed. This field sends after a pause in typing and when left, keeps each
unconfirmed draft in the browser's localStorage until the server confirms it, and sends it
again after a reconnect, a reload or a restart, from the version it was based on, with a
random key per draft (kultur3/store/drafts.py: a re-send is not saved twice, and is not a
conflict with its own earlier save). Someone else's newer text is the existing conflict:
both texts and a choice under the field, nothing overwritten.

The page gives `save(text, base_version, draft_key, draft_seq) -> Outcome` whose value is
(the new version, the text the server holds); this module keeps what the server answered
(an «ack») in session state under f"{key}.meta" and hands it to the browser on the next
render. Its JavaScript is a file
served from 'self' (kultur3/ui/streamlit_internals.py, 5.), so the strict
Content-Security-Policy allows it without 'unsafe-inline' or blob:.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import streamlit as st

from kultur3.core import formatting
from kultur3.core.errors import Conflict
from kultur3.store import drafts
from kultur3.ui import streamlit_internals
from kultur3.ui.context import lang, t
from kultur3.ui.feedback import Outcome

PACKAGE, NAME = "kultur3", "typing"
COMPONENT = f"{PACKAGE}.{NAME}"
ASSETS = "typing_assets"
# Rows of the textarea per pixel height Streamlit's text area was given (24 px a line).
LINE_PX = 24

# save(text, base_version, draft_key, draft_seq) -> Outcome of (new version, the text saved)
Save = Callable[[str, int, "str | None", int], Outcome]

_mounts: dict[int, Callable] = {}


def _mount() -> Callable | None:
    """The component's mounting command on this runtime (each AppTest has its own)."""
    runtime = streamlit_internals.serve_component_dir(PACKAGE, NAME,
                                                      str(Path(__file__).parent), ASSETS)
    if runtime is None:
        return None
    if runtime not in _mounts:
        _mounts[runtime] = st.components.v2.component(
            COMPONENT, js="typing.js", css="typing.css", isolate_styles=False)
    return _mounts[runtime]


def person_doc(actor, doc: str) -> str:
    """A field's `doc` for this person: a browser's drafts are kept under it, so a draft one
    account left unconfirmed on a shared computer is never filled into, nor sent by, the next
    person who logs in there (kultur3/store/drafts.py binds the server's side the same way)."""
    return f"{drafts.owner(actor)}.{doc}"


def texts() -> dict[str, str]:
    """What the browser shows, in the page's language."""
    return {"typing": t("typing.not_saved_yet"), "retry": t("typing.retrying"),
            "lost": t("typing.connection_lost"), "back": t("typing.connection_back")}


def _payload(key: str) -> dict | None:
    state = st.session_state.get(key)
    value = state.get("save") if hasattr(state, "get") else getattr(state, "save", None)
    return value if isinstance(value, dict) else None


def _ack(key: str, outcome: Outcome, text: str, draft: str | None, seq: int) -> None:
    """Keep what the server answered for the browser's next render."""
    meta = st.session_state.setdefault(f"{key}.meta", {})
    n = meta.get("n", 0) + 1
    meta["n"], meta["draft"], meta["seq"] = n, draft, seq
    if outcome.ok:
        now = datetime.now(UTC)
        version, saved = outcome.value
        meta.pop("conflict", None)
        meta["saved_at"] = now
        meta["ack"] = {"n": n, "ok": True, "version": int(version), "text": saved, "sent": text,
                       "label": t("workshop.saved_at",
                                  time=formatting.fmt_time(now, lang()))}
    elif isinstance(outcome.error, Conflict):
        meta["conflict"] = {**outcome.error.params, "mine": text}
        meta["ack"] = {"n": n, "ok": False, "conflict": True,
                       "label": t("typing.conflict_short")}
    else:
        error = outcome.error
        meta["ack"] = {"n": n, "ok": False, "label": t(error.key, **error.params)}


def _on_save(key: str, save: Save) -> None:
    """Callback: the browser sent a draft; save it through the page's service call."""
    payload = _payload(key)
    if payload is None:
        return
    text = payload.get("text") if isinstance(payload.get("text"), str) else ""
    base = payload.get("base") if isinstance(payload.get("base"), int) else 0
    draft = payload.get("draft") if isinstance(payload.get("draft"), str) else None
    seq = payload.get("seq") if isinstance(payload.get("seq"), int) else 0
    _ack(key, save(text, base, draft, seq), text, draft, seq)


def _take_theirs(key: str) -> None:
    """Callback: drop my text and load the one someone else saved."""
    meta = st.session_state[f"{key}.meta"]
    meta.pop("conflict", None)
    meta["reset"] = meta.get("reset", 0) + 1
    meta.pop("ack", None)


def _keep_mine(key: str, save: Save) -> None:
    """Callback: save my text over theirs, knowingly (both were shown)."""
    meta = st.session_state[f"{key}.meta"]
    conflict = meta.pop("conflict")
    # A send of its own, after the draft's last: numbered above it.
    seq = meta.get("seq", 0) + 1
    _ack(key, save(conflict["mine"], int(conflict["version"]), meta.get("draft"), seq),
         conflict["mine"], meta.get("draft"), seq)


def typing_field(key: str, *, doc: str, label: str, text: str, version: int, save: Save,
                 saved_label: str = "", max_chars: int, height: int = 160,
                 placeholder: str = "", disabled: bool = False) -> None:
    """The field, its status line, and (after a conflict) both texts and the choice.

    `doc` names what it edits, the same in every browser and session (its drafts are kept
    under it); `text` and `version` are what the database holds now."""
    mount = _mount()
    meta = st.session_state.setdefault(f"{key}.meta", {})
    if mount is None:  # outside a runtime: nothing to mount
        return
    data = {"doc": doc, "label": label, "text": text, "version": version, "max": max_chars,
            "rows": max(2, height // LINE_PX), "placeholder": placeholder,
            "disabled": disabled, "reset": meta.get("reset", 0), "ack": meta.get("ack"),
            "saved_label": (t("workshop.saved_at", time=formatting.fmt_time(
                meta["saved_at"], lang())) if meta.get("saved_at") else saved_label),
            "texts": texts()}
    mount(key=key, data=data, on_save_change=lambda: _on_save(key, save))
    conflict = meta.get("conflict")
    if conflict:
        st.warning(t("workshop.conflict"))
        theirs, mine = st.columns(2)
        theirs.caption(t("workshop.their_text"))
        theirs.text(conflict.get("theirs") or "")
        mine.caption(t("workshop.my_text"))
        mine.text(conflict.get("mine") or "")
        theirs.button(t("workshop.use_theirs"), key=f"{key}.theirs", on_click=_take_theirs,
                      args=(key,))
        mine.button(t("workshop.keep_mine"), key=f"{key}.mine", on_click=_keep_mine,
                    args=(key, save))
