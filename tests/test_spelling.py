"""Spelling and terms in bokmål and nynorsk: every catalogue entry (locale/) and the framework's
texts (kultur3/programme/templates.py, template_texts.py) through hunspell's Norwegian
dictionaries (Debian hunspell-no, /usr/share/hunspell/{nb,nn}_NO), so a new misspelling fails.

tests/spelling/words-{nb,nn}.txt hold the words the dictionaries lack: domain terms, compounds
and a few common inflections the 2012 Debian dictionaries miss (nb has «konto» but not
«kontoen»). A word goes there only when it is right and hunspell does not know it; a misspelling
is fixed in the text. test_the_word_lists_stay_short_and_honest fails on a listed word that
hunspell knows anyway or that no text uses any more.
"""

import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest

from kultur3.core.i18n import TEXTS
from kultur3.programme import templates

HERE = Path(__file__).resolve().parent
DICTIONARIES = {"nb": "nb_NO", "nn": "nn_NO"}
# Identifiers the texts quote on purpose: logins, a CSV column and cookie names are typed as
# they are, in bokmål, whatever the language («navn» is the column the import reads).
IDENTIFIERS = {"groups.csv_header": {"navn", "rolle"},
               "login.demo_hint": {"admin", "fasilitator", "leder", "kommuneleder"}}
# Kept below 150 words each: today 56 (nb) and 88 (nn). A list that grows past this is
# listing misspellings rather than fixing them.
MAX_WORDS = 150


def _hunspell_or_fail() -> str:
    path = shutil.which("hunspell")
    if not path or not Path("/usr/share/hunspell/nb_NO.dic").exists():
        pytest.fail("hunspell with hunspell-no is missing: run scripts/ensure-system.sh")
    return path


def word_list(lang: str) -> list[str]:
    lines = (HERE / "spelling" / f"words-{lang}.txt").read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def framework_texts(lang: str) -> list[str]:
    """Every text of the default framework in one language: questions and their help, value
    areas (names, descriptions, level texts, survey statements), focus areas, generic levels."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == lang and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    walk([templates.QUESTIONS, templates.VALUE_AREAS, templates.FOCUS_AREAS,
          templates.generic_level_texts()])
    return found


def texts(lang: str) -> dict[str, list[str]]:
    """Key → its strings (both plural forms), the framework's under «framework»."""
    out: dict[str, list[str]] = {}
    for key, value in TEXTS[lang].items():
        out[key] = list(value) if isinstance(value, tuple) else [value]
    out["framework"] = framework_texts(lang)
    return out


def words(text: str, skip: set[str] = frozenset()) -> list[str]:
    """The words of a text a dictionary can judge: no {placeholders}, markup, links, e-mail
    addresses, abbreviations in capitals (PDF, QR), or tokens with digits or underscores (logins
    like «kommune-3203», cookie names). «e-post» and «QR-kode» are checked by their last part."""
    text = re.sub(r"https?://\S*|\S+@\S+|\{\w+\}|<[^>]+>|`[^`]*`|\]\([^)]*\)", " ", text)
    out = []
    for token in re.findall(r"[\w.'’-]+", text):
        token = token.strip(".-'’")
        if not token or re.search(r"[\d_]", token) or token in skip:
            continue
        if "." in token:  # t.d., f.eks., Saksnr.: abbreviations, in the word list by their parts
            out += [p for p in token.split(".") if p]
            continue
        parts = token.split("-")
        out += [p for p in parts if p and not p.isupper() and not (len(parts) > 1 and len(p) == 1)]
    return out


def unknown(lang: str, candidates: set[str], personal: list[str] | None = None) -> set[str]:
    """The words of `candidates` hunspell does not know, with the project's list or `personal`."""
    listed = word_list(lang) if personal is None else personal
    with tempfile.NamedTemporaryFile("w", suffix=".dic") as dic:
        dic.write("\n".join(listed) + "\n")
        dic.flush()
        result = subprocess.run(
            [_hunspell_or_fail(), "-i", "utf-8", "-d", DICTIONARIES[lang], "-p", dic.name, "-l"],
            input="\n".join(sorted(candidates)) + "\n", capture_output=True, text=True, check=True)
    return set(result.stdout.split())


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_text_is_spelled_right(lang):
    where: dict[str, set[str]] = defaultdict(set)
    for key, strings in texts(lang).items():
        for s in strings:
            for w in words(s, IDENTIFIERS.get(key, set())):
                where[w].add(key)
    wrong = unknown(lang, set(where))
    assert not wrong, "\n".join(f"{w}: {', '.join(sorted(where.get(w, {'?'})))}"
                                for w in sorted(wrong))


@pytest.mark.parametrize(("lang", "text", "misspelt"), [
    ("nb", "Svaret er lagret, og fasilitatoern viser det på storskjermen.", {"fasilitatoern"}),
    ("nn", "Svaret vert lagra, og fasilitatoren viser det på storskjærmen.", {"storskjærmen"}),
    ("nn", "Deltakerne ser nåsituasjonen.", {"Deltakerne", "nåsituasjonen"}),  # bokmål in nn
])
def test_a_misspelling_is_caught(lang, text, misspelt):
    assert unknown(lang, set(words(text))) == misspelt


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_word_lists_stay_short_and_honest(lang):
    """Each listed word is one hunspell lacks (else the list hides nothing and only grows) and
    one some text still uses (else it is stale)."""
    listed = [line.split("/")[0] for line in word_list(lang)]
    assert len(listed) <= MAX_WORDS
    assert len(listed) == len(set(listed)), "a word listed twice"
    known_anyway = set(listed) - unknown(lang, set(listed), personal=[])
    assert not known_anyway, f"hunspell knows these already: {sorted(known_anyway)}"
    used = {w.lower() for strings in texts(lang).values() for s in strings for w in words(s)}
    stale = [w for w in listed if not any(u.startswith(w.lower()) for u in used)]
    assert not stale, f"no text uses: {stale}"


# One term per thing (POLISH.md §1): forms that were found and fixed, so they do not return.
# Each: (language, pattern, why).
BANNED = [
    ("nb", r"\b[Ff]orfalt", "an invoice word: «Over fristen»"),
    ("nb", r"midterste halvdel", "the term is «midtre halvdel»"),
    ("nb", r"nå-situasjon", "the term is «nåsituasjon»"),
    ("nb", r"(?<![«\w])[Ff]asilitator (?:viser|har|starter|åpner|velger)|be fasilitator ",
     "«fasilitatoren», with the article, for the one in the room"),
    ("nn", r"(?<![«\w])[Ff]asilitator (?:viser|har|startar|opnar|vel)\b|be fasilitator ",
     "«fasilitatoren», with the article, for the one in the room"),
    ("nn", r"\b[Bb]lir\b(?! (?:du )?med\b)", "the nynorsk passive auxiliary here is «vert»"),
    ("nn", r"\b\w{3,}ast (?:med|stort|frå|seinare)\b", "s-passive as a finite verb: «vert vist»"),
    ("nn", r"\b[Mm]edlem+er\b|\bdataa\b|halde på|gruppa sin\b|\b[Ee]nkelt",
     "bokmål or stiff nynorsk: «medlemmar», «einskild»"),
    ("nn", r"nåsituasjon|Kulturskule 3\.0", "«nosituasjon»; the programme's name is «Kulturskole 3.0»"),
    ("en", r"[«»]", "English quotes are “ ”"),
    ("en", r"[Ff]uture pictures|Against everyone|Show big", "calques (POLISH.md §1c)"),
]


@pytest.mark.parametrize(("lang", "pattern", "why"), BANNED)
def test_terms_that_were_fixed_stay_fixed(lang, pattern, why):
    hits = [key for key, strings in texts(lang).items()
            if any(re.search(pattern, s) for s in strings)]
    assert not hits, f"{why}: {hits}"
