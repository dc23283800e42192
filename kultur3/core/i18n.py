"""UI text in bokmål (default), nynorsk and English. Every visible string goes through t().

The texts live in gettext catalogues, `locale/{nb,nn,en}/LC_MESSAGES/kultur3.po`, so translators
work in Poedit or Weblate. Bokmål is the source language: each entry's `msgctxt` is the key the
code asks for («workshop.saved_at»), its `msgid` the bokmål text, and `msgstr` the translation.
Plurals are gettext plurals (`msgid_plural`, `msgstr[0]`/`msgstr[1]`), chosen by the parameter
`n`: «1 kommune» / «2 kommuner». `locale/kultur3.pot` is the template for a new language;
`tests/test_translations.py` keeps the three catalogues and the template in step.

The catalogues are read once per process with Babel: 26 ms for all three, Babel's import
included (measured after `import kultur3`), so no compile step to .mo files is needed.
"""

from __future__ import annotations

import gettext
import operator
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po

LANGS = ("nb", "nn", "en")
DEFAULT_LANG = "nb"
LANG_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
DOMAIN = "kultur3"

# Tests set this (tests/conftest.py): a missing key or parameter raises instead of showing the
# key or an empty gap, so a typo in a key cannot pass a test that only checks for no exception.
STRICT = False


class MissingText(KeyError):
    """A translation key or a parameter of its text that does not exist (strict mode only)."""


# A text is one string, or a tuple of plural forms (gettext order: singular first).
Text = str | tuple[str, ...]


def _load(lang: str) -> tuple[dict[str, Text], Callable[[int], int]]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as f:
        catalog = read_po(f, locale=None, domain=DOMAIN)
    texts: dict[str, Text] = {}
    for message in catalog:
        if not message.id or not message.context:
            continue
        if message.pluralizable:  # an empty form falls back to the bokmål source text
            texts[message.context] = tuple(s or message.id[min(i, 1)]
                                           for i, s in enumerate(message.string))
        else:
            texts[message.context] = message.string or message.id
    return texts, gettext.c2py(catalog.plural_expr or "(n != 1)")


_LOADED = {lang: _load(lang) for lang in LANGS}
TEXTS: dict[str, dict[str, Text]] = {lang: texts for lang, (texts, _) in _LOADED.items()}
PLURAL: dict[str, Callable[[int], int]] = {lang: rule for lang, (_, rule) in _LOADED.items()}
KEYS = frozenset(TEXTS[DEFAULT_LANG])


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The text for key in lang (bokmål when lang is unknown), with {params} filled in."""
    lang = lang if lang in LANGS else DEFAULT_LANG
    text = TEXTS[lang].get(key, TEXTS[DEFAULT_LANG].get(key))
    if text is None:
        if STRICT:
            raise MissingText(key)
        return key
    if isinstance(text, tuple):
        try:
            n = operator.index(params.get("n"))  # int, bool or a numpy integer
        except TypeError:
            if STRICT:
                raise MissingText(f"{key}: a plural text needs an integer n") from None
            n = 2
        text = text[min(PLURAL[lang](n), len(text) - 1)]
    field = params.get("field")
    if isinstance(field, str):  # a field named by its key («common.name (nn)») is translated
        base, sep, rest = field.partition(" (")
        if base in KEYS:
            params = {**params, "field": t(base, lang) + sep + rest}
    return text.format_map(_Params(params)) if params or "{" in text else text


class _Params(dict):
    """Format parameters where a missing one renders empty instead of raising (in
    production; strict mode raises)."""

    def __missing__(self, key: str) -> str:
        if STRICT:
            raise MissingText(f"parameter {{{key}}}")
        return ""
