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
# The same observer closes Streamlit's «Connection error» dialog when the network drops: it
# is English, it covered the page's own Norwegian notice, and its focus lock took the focus
# from the field being typed in, so every key typed after it opened was lost (issue 25 §1,
# tests/browser/test_typing_safe_browser.py). The focus goes back where it was; Streamlit's
# own status in the corner and the typing field's notice say what is going on.
NAV_SCRIPT = (
    "(() => {if (window.k3Nav) return; window.k3Nav = 1;"
    "document.addEventListener('focusin', (e) => {"
    "if (!e.target.closest('[role=\"dialog\"]')) window.k3Focus = e.target;}, true);"
    "const back = () => {const f = window.k3Focus;"
    "if (f && f.isConnected && document.activeElement !== f) f.focus({preventScroll: true});};"
    "const fix = () => {"
    "for (const d of document.querySelectorAll('[role=\"dialog\"]')) {"
    "const h = d.querySelector('h2'); const b = d.querySelector('button');"
    "if (h && b && h.textContent.trim() === 'Connection error') {"
    "b.click(); requestAnimationFrame(back); setTimeout(back, 50);}}"
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

# Streamlit's own English words in the session's language (kultur3.ui.chrome.streamlit_words):
# Streamlit 1.67 has no locale setting, and its file uploader, date field, table toolbar,
# input hints and aria-labels are English literals. #k3-words holds the session's words
# (exact English text -> translation, and English prefixes/suffixes such as «Remove »); a
# MutationObserver translates attributes anywhere and text only inside those widgets, so a
# user's own text is never touched. navigator.language is the app's language, so Streamlit's
# Intl formatting (the calendar's month and day names) follows the app, not the browser.
# A pass over a whole page took 0.24 ms (the overview, Chromium; a later pass covers only
# what changed): tests/browser/test_language_browser.py measures it.
WORDS_SCRIPT = (
    "(() => {const d = document.getElementById('k3-words'); const w = window;"
    "w.k3Words = JSON.parse(d.dataset.words); w.k3Affixes = JSON.parse(d.dataset.affixes);"
    "w.k3Lang = d.dataset.lang;"
    "if (!w.k3Observer) {"
    "for (const p of ['language', 'languages']) Object.defineProperty(Navigator.prototype, p,"
    " {configurable: true, get: () => p === 'language' ? w.k3Lang : [w.k3Lang]});"
    "const zones = '[data-testid=stFileUploader],[data-testid=stDateInput],"
    "[data-testid=InputInstructions],[data-baseweb=calendar],[data-baseweb=tooltip],"
    "[data-testid=stTooltipContent],[role=tooltip],[data-baseweb=menu]';"
    "const attrs = ['aria-label', 'title', 'placeholder', 'aria-valuetext'];"
    "const tr = (s) => {const t = s.trim(); if (!t) return null;"
    "if (Object.hasOwn(w.k3Words, t)) return s.replace(t, w.k3Words[t]);"
    "for (const [en, here, end] of w.k3Affixes) {"
    "if (end ? t.endsWith(en) : t.startsWith(en)) return s.replace(en, here);} return null;};"
    "const text = (n) => {const p = n.parentElement;"
    "if (!p || !p.closest(zones)) return; const v = tr(n.nodeValue);"
    "if (v !== null && v !== n.nodeValue) n.nodeValue = v;};"
    "const attr = (e, a) => {const o = e.getAttribute(a); if (o === null) return;"
    "const v = tr(o); if (v !== null && v !== o) e.setAttribute(a, v);};"
    "const all = (root) => {if (root.nodeType === 3) return text(root);"
    "if (root.nodeType !== 1) return; for (const a of attrs) attr(root, a);"
    "for (const e of root.querySelectorAll('[aria-label],[title],[placeholder],"
    "[aria-valuetext]')) for (const a of attrs) attr(e, a);"
    "const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);"
    "for (let n = it.nextNode(); n; n = it.nextNode()) text(n);};"
    "w.k3Observer = new MutationObserver((ms) => {for (const m of ms) {"
    "if (m.type === 'characterData') text(m.target);"
    "else if (m.type === 'attributes') attr(m.target, m.attributeName);"
    "else m.addedNodes.forEach(all);}});"
    "w.k3Observer.observe(document.body, {subtree: true, childList: true,"
    " characterData: true, attributes: true, attributeFilter: attrs});"
    "w.k3All = all;}"
    "w.k3All(document.body);})()")

# Every page (kultur3.ui.chrome.style): declares the session's language on <html> (WCAG 3.1.1;
# Streamlit's index.html says "en", and the language can change within a session, so the
# page sets it on every change of #k3-lang rather than a rewrite of the served HTML).
LANG_SCRIPT = ("document.documentElement.lang = "
               "document.getElementById('k3-lang').dataset.lang;")

APP_SCRIPTS: tuple[str, ...] = (HANDOFF_SCRIPT, JOINED_SCRIPT, WORDS_SCRIPT, LANG_SCRIPT,
                                NAV_SCRIPT)


def script_hash(text: str) -> str:
    """The CSP source for an inline script of exactly this text ('sha256-…', unquoted)."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
