"""The browser a person joins from: one id per browser session for the rate limit on codes,
and the participant key this browser was given, so joining again brings the same participant
(and its dots) back instead of a fresh one (kultur3.live.joining.join)."""

from __future__ import annotations

import hashlib
import html
import secrets

import streamlit as st

from kultur3.core.inline_scripts import JOINED_SCRIPT
from kultur3.ui import keys
from kultur3.ui.context import session_token

# One day: longer than any gathering; the key is in the page's address anyway.
COOKIE_MAX_AGE_S = 24 * 60 * 60


def device_id() -> str:
    """This browser session's own id (a reload makes a new one: the address-wide limit in
    kultur3.live.joining is what stops a script that reconnects)."""
    return st.session_state.setdefault(keys.DEVICE, secrets.token_hex(8))


def screen_key() -> str:
    """One screen of a login («g<hex>»): the same over a reload and in a second tab of that
    login (its login session's token, hashed: the token itself stays out of every key), a
    different one for another login or another browser; this browser session's own id when
    no login session is known (single sign-on). The activities, the room vote's guest and the
    ideas of a shared group login all count a screen by it: a new random key per browser
    session let a reload, or a tab, answer again (tests/pages/test_activity_pages.py)."""
    token = session_token()
    if not token:
        return f"g{device_id()}"
    return "g" + hashlib.sha256(f"kultur3.screen:{token}".encode()).hexdigest()[:16]


def previous_key() -> str | None:
    """The participant key this browser was given before: this session's, else the cookie's
    (a new tab after scanning the table card again)."""
    cookie = st.context.cookies.get(keys.JOINED_COOKIE)  # not a string in AppTest
    return st.session_state.get(keys.JOINED_KEY) or (cookie if isinstance(cookie, str) else None)


def remember(key: str) -> None:
    """Keep the participant's key for a later join, in the session and in a cookie. Streamlit
    has no call that sets a cookie, so a one-line script does (without it, only the session
    remembers; SameSite=Strict: never sent by another site). The script is one fixed text,
    allowed by its hash in the Content-Security-Policy; the cookie rides in the element
    before it, escaped (kultur3/core/inline_scripts.py)."""
    if st.session_state.get(keys.JOINED_KEY) == key:
        return
    st.session_state[keys.JOINED_KEY] = key
    url = st.context.url
    secure = "; Secure" if isinstance(url, str) and url.startswith("https:") else ""
    cookie = (f"{keys.JOINED_COOKIE}={key}; Path=/; Max-Age={COOKIE_MAX_AGE_S}; "
              f"SameSite=Strict{secure}")
    st.html(f'<div id="k3-joined" data-cookie="{html.escape(cookie)}"></div>'
            f"<script>{JOINED_SCRIPT}</script>", unsafe_allow_javascript=True)
