"""One way for the UI to write, and one place for what came of it.

`act(fn, ok=…, **kwargs)` opens the transaction, calls the service, commits, and keeps a plain
message for the next render: the service's `Kultur3Error` (its translation key and parameters)
as an error, or the `ok` text as a success. `show()` shows those messages once, where the page
calls it; app.py shows whatever a page did not. `attempt()` is the same without a message, for
the few callers that show the outcome in their own place (an answer field's status line).

Parameters are escaped here, once: callers pass user text as it was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

import streamlit as st

from kultur3.core.errors import Kultur3Error
from kultur3.core.text import escape_markdown
from kultur3.store.db import session_scope
from kultur3.ui.context import engine, t

T = TypeVar("T")
Level = Literal["success", "info", "warning", "error"]
FLASH = "flash"  # the one store: [(level, key, params), …] until shown


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a write came to: its value, or the error the service raised."""

    value: T | None = None
    error: Kultur3Error | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def attempt(fn: Callable[..., T], /, **kwargs: object) -> Outcome[T]:
    """Call a service in one transaction (committed when it returns, rolled back when it raises)."""
    try:
        with session_scope(engine()) as session:
            return Outcome(value=fn(session=session, **kwargs))
    except Kultur3Error as exc:
        return Outcome(error=exc)


def act(fn: Callable[..., T], /, *, ok: str | None = None,
        ok_params: Mapping[str, object] | Callable[[T], Mapping[str, object]] | None = None,
        **kwargs: object) -> Outcome[T]:
    """attempt(), and a message for the next render: the error, or `ok` with `ok_params`
    (a mapping, or a function of the service's return value)."""
    outcome = attempt(fn, **kwargs)
    if outcome.error is not None:
        flash("error", outcome.error.key, **outcome.error.params)
    elif ok:
        params = ok_params(outcome.value) if callable(ok_params) else ok_params
        flash("success", ok, **(params or {}))
    return outcome


def _escaped(params: Mapping[str, object]) -> dict[str, object]:
    """Every text parameter escaped, except `field`: the code names a field by its
    translation key (kultur3/core/validation.py), and t() puts in its translated name."""
    return {k: escape_markdown(v) if isinstance(v, str) and k != "field" else v
            for k, v in params.items()}


def flash(level: Level, key: str, /, **params: object) -> None:
    """Keep a message (a translation key and its parameters) until show() shows it."""
    st.session_state.setdefault(FLASH, []).append((level, key, _escaped(params)))


def show() -> None:
    """Show the kept messages, once, in the session's language."""
    for level, key, params in st.session_state.pop(FLASH, []):
        getattr(st, level)(t(key, **params))


def show_error(exc: Kultur3Error) -> None:
    """A service error that escaped a page, as the plain message it carries (app.py)."""
    st.error(t(exc.key, **_escaped(exc.params)))
