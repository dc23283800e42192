"""Norwegian words folded to one key: the word cloud counts them, the wall's themes group on them.

«kulturskolen», «kulturskole» and «kulturskolens» are one word to a reader, so they are one key
here: lower-cased, stripped of punctuation, and stemmed by Snowball's Norwegian stemmer (which
covers bokmål and, for the endings that matter here, nynorsk: «kulturskulen» → «kulturskul»).
Stop words («og», «i», «det», «ikkje») are dropped before counting; the lists are nb and nn
together, since a room mixes them and a stop word in either is a stop word in the other.
English text is stemmed by Snowball's English stemmer.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass

import snowballstemmer

# Snowball's Norwegian stop-word list (bokmål and nynorsk) plus the words a workshop answer
# is full of that carry nothing: «kan», «skal», «må», «mer», «også».
_NORWEGIAN_STOP = frozenset(
    """
    og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg
    men ett har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man
    kan hans hvor eller hva skal selv sjøl her alle vil bli ble blei blitt kunne inn når
    være vore kom noen noe ville dere deres kun ja etter ned skulle denne for deg si sine
    sitt mot å meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken
    hvilke sånn inni mellom vår hver hvem vors hvis både bare enn fordi før mange også
    slik vært båe begge siden dykk dykkar dei deira deim di då eg ein eit eitt elles
    honom hjå ho hoe henne hennar hennes hoss hossen ingi inkje korleis korso kva kvar
    kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre si
    sia sidan so somt somme um upp vere vert vart varte vår vårt å så også må mer mest
    meir mykje litt veldig svært gjennom får få fekk fikk gjør gjer gjere gjøre
    """.split()
)

_ENGLISH_STOP = frozenset(
    """
    a an and are as at be been but by can could do does for from had has have he her his
    how i if in into is it its me more most my no not of on or our ours so some such than
    that the their them then there these they this those to too us very was we were what
    when where which who why will with would you your
    """.split()
)

# Nynorsk and bokmål spell the programme's commonest roots apart; one key for both, so a mixed
# room's «kulturskulen» and «kulturskolen» count as one word.
_NYNORSK_STEMS = (("skul", "skol"), ("kjensl", "følels"), ("tilhøyrsl", "tilhørighet"))

# A word: letters (with Norwegian and Sámi letters), digits, inner hyphens and apostrophes.
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
# Shorter than this carries no meaning on its own («ja», «nå» are stop words anyway).
MIN_LENGTH = 2


# One stemmer per thread: a Snowball stemmer keeps the word it works on in itself, and every
# Streamlit session runs in its own thread. Shared, 4 threads folding 1,400 words 40 times
# gave 135 wrong stems and 49 exceptions in 224,000 calls (tests/test_words.py).
_LOCAL = threading.local()


def _stemmer(language: str):
    name = "english" if language == "en" else "norwegian"
    stemmer = getattr(_LOCAL, name, None)
    if stemmer is None:
        stemmer = snowballstemmer.stemmer(name)
        setattr(_LOCAL, name, stemmer)
    return stemmer


def _stop_words(language: str) -> frozenset[str]:
    return _ENGLISH_STOP if language == "en" else _NORWEGIAN_STOP


def fold(word: str, language: str = "nb") -> str:
    """The key a word counts under: lower case, stemmed; "" for a stop word or no word."""
    lowered = word.strip().lower().replace("’", "'")
    if len(lowered) < MIN_LENGTH or lowered in _stop_words(language):
        return ""
    # Stem each part of a hyphenated compound so «kultur-skolen» folds like its parts.
    parts = lowered.split("-")
    stemmer = _stemmer(language)
    key = "-".join(stemmer.stemWord(part) for part in parts)
    if language != "en":
        for nynorsk, bokmaal in _NYNORSK_STEMS:
            key = key.replace(nynorsk, bokmaal)
    return key


def tokens(text: str | None, language: str = "nb") -> list[tuple[str, str]]:
    """Every word of a text that counts, as (key, the word as written in lower case)."""
    found = []
    for match in _WORD.finditer(text or ""):
        word = match.group(0)
        key = fold(word, language)
        if key:
            found.append((key, word.lower()))
    return found


@dataclass(frozen=True)
class WordCount:
    """One word of a cloud: shown as its most common written form, counted under its key."""

    key: str
    word: str
    count: int


def count_words(texts, language: str = "nb") -> list[WordCount]:
    """The words of many texts, folded and counted, most frequent first (ties by word).

    Each text counts a key once, so one person writing «kulturskole» three times in one
    answer does not outweigh three people writing it once.
    """
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        seen = set()
        for key, word in tokens(text, language):
            forms.setdefault(key, Counter())[word] += 1
            if key not in seen:
                seen.add(key)
                counts[key] += 1
    result = []
    for key, count in counts.items():
        # The form written most often; on a tie the shortest, then the alphabetically first.
        word = min(forms[key].items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]
        result.append(WordCount(key=key, word=word, count=count))
    return sorted(result, key=lambda item: (-item.count, item.word))


def keys(text: str | None, language: str = "nb") -> frozenset[str]:
    """The set of folded keys in a text: what two answers share when they share words."""
    return frozenset(key for key, _ in tokens(text, language))
