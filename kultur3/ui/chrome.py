"""Streamlit's own English chrome, made Norwegian or hidden, on every page of every role.

What a room meets: the status corner's «Stop» button while a page runs and «CONNECTING» when
the Wi-Fi drops (`.stConnectionStatus`, Streamlit 1.67), and headings that broke mid-word on
a 390 px phone («Kommunegrupp/a»), a dashboard tab row cut off at 390 px, and radar labels
clipped there. «View N more» under a long menu is avoided by app.py's
st.navigation(expanded=True); «Page not found» by kultur3/ui/nav.py and kultur3/ui/serve.py.
Streamlit's English words in widgets (file uploader, date field, table toolbar, input hints,
aria-labels) are translated in the browser by WORDS_SCRIPT (kultur3/core/inline_scripts.py).
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from string import Template

import streamlit as st

from kultur3.core.i18n import t as tr
from kultur3.core.inline_scripts import LANG_SCRIPT, NAV_SCRIPT, WORDS_SCRIPT
from kultur3.ui.context import lang


def stylesheet(path: Path) -> Template:
    """A .css file (beside the module that draws with it: Streamlit's test ids stay out of
    Python), without its comments, as a template for the values a run fills in. Read once, at
    import; every run sends it."""
    css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
    return Template(css.strip())


_CSS = Template("<style>" + stylesheet(Path(__file__).with_name("chrome.css")).template
                + "</style>")


# Streamlit 1.67's English literals (its static/js bundles) -> the key of their translation.
WORDS = {
    "Upload": "streamlit.upload", "Drag and drop a file here": "streamlit.drag_drop",
    "Drag and drop files here": "streamlit.drag_drop", "Add files": "streamlit.add_files",
    "file upload": "streamlit.file_upload", "Choose date": "streamlit.choose_date",
    "Empty": "streamlit.empty", "Previous month": "streamlit.previous_month",
    "Next month": "streamlit.next_month", "Download as CSV": "streamlit.download_csv",
    "Search": "streamlit.search", "Fullscreen": "streamlit.fullscreen",
    "Close fullscreen": "streamlit.close_fullscreen", "Show/hide columns": "streamlit.columns",
    "Collapse sidebar": "streamlit.collapse_sidebar",
    "Expand sidebar": "streamlit.expand_sidebar", "Open": "streamlit.open",
    "Clear value": "streamlit.clear_value", "Clear all": "streamlit.clear_all",
    "Selected values": "streamlit.selected", "Link to heading": "streamlit.link_heading",
    "No results": "streamlit.no_results", "App pages": "streamlit.app_pages",
    "Sidebar": "streamlit.sidebar",
}
# English starts and ends of a longer text: (English, key, at the end).
AFFIXES = (("Remove ", "streamlit.remove", False), ("Help for ", "streamlit.help_for", False),
           ("day, ", "streamlit.day", False), ("month, ", "streamlit.month", False),
           ("year, ", "streamlit.year", False), (" per file", "streamlit.per_file", True))
# The date field's empty year: Norwegian writes «åååå» (as react-aria's own nb-NO does).
YEAR = {"nb": "åååå", "nn": "åååå"}
BROWSER_LANG = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def _words(code: str) -> tuple[dict[str, str], list[tuple[str, str, bool]]]:
    words = {en: tr(key, code) for en, key in WORDS.items()}
    for keys in ("Enter", "Ctrl+Enter", "⌘+Enter"):  # the input hints under a text field
        words[f"Press {keys} to apply"] = tr("streamlit.press_apply", code, keys=keys)
        words[f"Press {keys} to submit form"] = tr("streamlit.press_submit", code, keys=keys)
    if code in YEAR:
        words["yyyy"] = YEAR[code]
    affixes = []
    for en, key, end in AFFIXES:
        here = tr(key, code)
        affixes.append((en, f" {here}" if end else f"{here}, " if en.endswith(", ")
                        else f"{here} ", end))
    return {en: v for en, v in words.items() if v != en}, affixes


def streamlit_words(code: str) -> str:
    """The element WORDS_SCRIPT reads: the language's words, escaped into data- attributes."""
    words, affixes = _words(code)
    return (f'<div id="k3-words" data-lang="{BROWSER_LANG.get(code, "nb-NO")}" '
            f'data-words="{html.escape(json.dumps(words))}" '
            f'data-affixes="{html.escape(json.dumps(affixes))}"></div>'
            f"<script>{WORDS_SCRIPT}</script>")


def style() -> None:
    """Inject the chrome fixes and Streamlit's words, in the session's language, and declare
    that language on <html>. NAV_SCRIPT gives the sectioned menu list semantics axe-core
    accepts (kultur3/core/inline_scripts.py)."""
    st.html(_chrome(lang()), unsafe_allow_javascript=True)


@functools.lru_cache(maxsize=8)
def _chrome(code: str) -> str:
    """The same 6.8 KB for every run of every page in one language: built once per language
    (every rerun of every page draws it; the catalogues do not change while the app runs)."""
    return (_CSS.substitute(connecting=tr("chrome.connecting", code).replace('"', ""))
            + streamlit_words(code) + declared_language(code)
            + f"<script>{NAV_SCRIPT}</script>")


def declared_language(code: str) -> str:
    """<html lang> in the language (WCAG 3.1.1): the element LANG_SCRIPT reads."""
    return (f'<div id="k3-lang" data-lang="{html.escape(code)}"></div>'
            f"<script>{LANG_SCRIPT}</script>")
