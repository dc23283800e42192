"""Streamlit's English words that kultur3/ui/chrome.py translates in the browser (WORDS_SCRIPT,
kultur3/core/inline_scripts.py) are still Streamlit's words: an upgrade that rewords one, or
renames a widget the script looks inside, fails here rather than leaving English on a page.
tests/browser/test_language_browser.py checks the pages themselves in Chromium."""

import re
from pathlib import Path

import streamlit

from kultur3.core.i18n import TEXTS
from kultur3.core.inline_scripts import WORDS_SCRIPT
from kultur3.ui import chrome


def _frontend() -> str:
    static = Path(streamlit.__file__).parent / "static"
    return "\n".join(p.read_text(errors="replace") for p in static.rglob("*.js"))


def test_every_english_word_translated_is_in_the_installed_frontend():
    frontend = _frontend()
    literals = [*chrome.WORDS, *(en.strip(" ,") for en, _, _ in chrome.AFFIXES)]
    missing = [w for w in literals if w not in frontend]
    assert missing == [], "Streamlit no longer says these: update chrome.WORDS"
    assert "`Press Enter to ${e}`" in frontend and "`submit form`:`apply`" in frontend


def test_every_widget_the_script_looks_inside_is_in_the_installed_frontend():
    frontend = _frontend()
    ids = re.findall(r"data-testid=(\w+)", WORDS_SCRIPT)
    assert ids and [i for i in ids if f"`{i}`" not in frontend] == []


def test_each_language_has_every_word_and_norwegian_changes_them_all():
    for lang in ("nb", "nn"):
        words = {key: TEXTS[lang][key] for key in chrome.WORDS.values()}
        english = {key: TEXTS["en"][key] for key in chrome.WORDS.values()}
        assert [k for k in words if words[k] == english[k]] == [], lang
