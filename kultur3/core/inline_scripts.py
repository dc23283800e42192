"""The text of every inline script the app itself renders (st.html with
unsafe_allow_javascript), in one place, so the Content-Security-Policy
(kultur3/core/http_headers.py) can allow exactly these by their hashes instead of every inline
script. Each is one fixed text: what varies (a path, a code, a cookie) is read from a
data- attribute of the element rendered before it, escaped as HTML, never pasted into
the script. tests/test_inline_scripts.py checks that every <script> the app's code renders
is one of these constants.
"""

from __future__ import annotations

import base64
import hashlib

# Login and logout (kultur3.ui.auth.hand_over): posts the fields kept in #k3-handoff as a
# form to the route that sets or clears the HttpOnly session cookie.
HANDOFF_SCRIPT = (
    "(() => {const d = document.getElementById('k3-handoff');"
    "const f = document.createElement('form'); f.method = 'post'; f.action = d.dataset.path;"
    "for (const [k, v] of Object.entries(JSON.parse(d.dataset.fields))) {"
    "const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v;"
    "f.appendChild(i);} document.body.appendChild(f); f.submit();})()")

# A participant who joined by code (kultur3.ui.live.device.remember): writes the cookie kept
# in #k3-joined, so scanning the table card again brings the same participant back.
JOINED_SCRIPT = "document.cookie = document.getElementById('k3-joined').dataset.cookie;"

# Every page (kultur3.ui.chrome.style): declares the session's language on <html> (WCAG 3.1.1;
# Streamlit's index.html says "en", and the language can change within a session, so the
# page sets it on every change of #k3-lang rather than a rewrite of the served HTML).
LANG_SCRIPT = ("document.documentElement.lang = "
               "document.getElementById('k3-lang').dataset.lang;")

APP_SCRIPTS: tuple[str, ...] = (HANDOFF_SCRIPT, JOINED_SCRIPT, LANG_SCRIPT)


def script_hash(text: str) -> str:
    """The CSP source for an inline script of exactly this text ('sha256-…', unquoted)."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
