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

# The menu by sections (kultur3.ui.chrome.style, every page): Streamlit 1.67 draws each
# section as a <div> (a heading and <li>s) straight inside the menu's <ul>, which axe-core
# reports as serious (list, listitem) on every page. The list markup becomes neutral and each
# section a group named by its heading; set again whenever Streamlit redraws the menu.
NAV_SCRIPT = (
    "(() => {if (window.k3Nav) return; window.k3Nav = 1; const fix = () => {"
    "for (const ul of document.querySelectorAll('[data-testid=\"stSidebarNavItems\"]')) {"
    "const parts = ul.querySelectorAll(':scope > div'); if (!parts.length) continue;"
    "if (ul.getAttribute('role') !== 'none') ul.setAttribute('role', 'none');"
    "for (const d of parts) {const h = d.querySelector(':scope > header');"
    "if (d.getAttribute('role') !== 'group') d.setAttribute('role', 'group');"
    "if (h && d.getAttribute('aria-label') !== h.innerText.trim())"
    " d.setAttribute('aria-label', h.innerText.trim());"
    "for (const li of d.querySelectorAll(':scope > li'))"
    " if (li.getAttribute('role') !== 'none') li.setAttribute('role', 'none');}}};"
    "new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});"
    "fix();})()")

APP_SCRIPTS: tuple[str, ...] = (HANDOFF_SCRIPT, JOINED_SCRIPT, NAV_SCRIPT)


def script_hash(text: str) -> str:
    """The CSP source for an inline script of exactly this text ('sha256-…', unquoted)."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
