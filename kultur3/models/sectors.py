"""Where a group member comes from: a controlled list, so «Helse» and «Helsetjenesten» are one
sector and the two bins the sector view compares (the culture school against its partners)
can reach the threshold of three. Stored as the value in Member.sector, Invitation.sector;
"" is «not given». Labels in nb/nn/en are the texts `sector.<value>` in locale/."""

from __future__ import annotations

from enum import StrEnum

from pydantic_core import PydanticCustomError

from kultur3.core.i18n import t
from kultur3.models.base import LANGS


class Sector(StrEnum):
    KULTURSKOLEN = "kulturskolen"
    GRUNNSKOLE = "grunnskole"
    BARNEHAGE = "barnehage"
    HELSE_OMSORG = "helse_omsorg"
    KULTUR_FRIVILLIGHET = "kultur_frivillighet"
    NARINGSLIV = "naringsliv"
    INNBYGGER = "innbygger"
    ANNET = "annet"


VALUES = frozenset(s.value for s in Sector)

# The sector view's two bins: the culture school, and everyone else it works with.
SCHOOL_BIN, PARTNER_BIN = "kulturskolen", "partners"

# Free text people typed before the list (and still type in a CSV), lower-cased, to its
# sector. db/migrations/versions/0022 holds a frozen copy of this table; a label in any of the
# three languages is accepted too (sector_of).
_WORDS: dict[Sector, tuple[str, ...]] = {
    Sector.KULTURSKOLEN: ("kulturskole", "kulturskulen", "kulturskule", "culture school"),
    Sector.GRUNNSKOLE: ("grunnskolen", "grunnskule", "grunnskulen", "skole", "skule", "skolen",
                        "sfo", "skoleeier", "kommunen (skoleeier)", "oppvekst", "school"),
    Sector.BARNEHAGE: ("barnehagen", "barnehagar", "kindergarten"),
    Sector.HELSE_OMSORG: ("helse- og omsorg", "helse", "helsetjenesten", "helsetenesta",
                          "helsestasjon", "omsorg", "barnevern", "barnevernet", "nav",
                          "health"),
    Sector.KULTUR_FRIVILLIGHET: ("kultur", "frivillighet", "frivilligheit", "frivillig",
                                 "kulturliv", "bibliotek", "biblioteket", "kulturhuset",
                                 "lag og foreninger", "volunteers"),
    Sector.NARINGSLIV: ("næringslivet", "næringsliv og arbeidsliv", "business"),
    Sector.INNBYGGER: ("innbygger", "innbyggere", "innbyggjarar", "bruker", "brukere", "elev",
                       "elever", "foresatte", "ungdomsråd", "residents"),
}
SYNONYMS: dict[str, Sector] = {word: s for s, words in _WORDS.items() for word in words}


def sector_of(text: str | None) -> Sector | None:
    """The sector a typed value names (its value, its label in nb/nn/en or a synonym, any
    case and spacing); None when empty. Raises ValueError when it names none."""
    clean = " ".join((text or "").split()).casefold()
    if not clean:
        return None
    for s in Sector:
        if clean == s.value or any(clean == t(f"sector.{s.value}", lang).casefold()
                                   for lang in LANGS):
            return s
    if clean in SYNONYMS:
        return SYNONYMS[clean]
    raise ValueError(text)


def checked_sector(text: str | None) -> str:
    """For the input models: the stored value, "" when not given; an unknown value is a
    validation error kultur3/core/validation.py names with the list to choose from."""
    try:
        found = sector_of(text)
    except ValueError:
        raise PydanticCustomError("unknown_sector", "unknown sector {value}",
                                  {"value": " ".join((text or "").split())[:60]}) from None
    return found.value if found else ""


def sector_label(value: str | None, lang: str = "nb") -> str:
    """The label to show; a value from before the list is shown as it was typed."""
    if not value:
        return ""
    return t(f"sector.{value}", lang) if value in VALUES else value


def sector_bin(value: str | None) -> str | None:
    """Which bin of the sector view a member is in; None when their sector is not given."""
    if not value:
        return None
    return SCHOOL_BIN if value == Sector.KULTURSKOLEN else PARTNER_BIN
