"""Numbers, dates and times the way each language writes them (Babel)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal

from kultur3.core.clock import OSLO

LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
DATE_PATTERNS = {"nb": "dd.MM.yyyy", "nn": "dd.MM.yyyy", "en": "d MMM yyyy"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["nb"])


def fmt_date(value: date | None, lang: str) -> str:
    """12.05.2022 in bokmål and nynorsk, 12 May 2022 in English; – for nothing."""
    if value is None:
        return "–"
    return format_date(value, DATE_PATTERNS.get(lang, DATE_PATTERNS["nb"]), locale=_locale(lang))


def fmt_number(value: float | None, lang: str) -> str:
    """1,5 in Norwegian, 1.5 in English; whole numbers without decimals; – for nothing.
    One decimal, a half rounded up as a reader does by hand: Babel's own rounding is
    half-to-even, which wrote the demo overview's 2.25 as «2,2» beside 1.75 as «1,8»."""
    if value is None or value != value:  # None, or a table's missing value (NaN)
        return "–"
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return format_decimal(rounded, "#,##0.#", locale=_locale(lang))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite gives naive UTC


def fmt_time(value: datetime | None, lang: str) -> str:
    """Oslo's clock time, e.g. 14:05 (not the server's zone: on a server kept in UTC,
    «Lagret kl.» was an hour behind the room's clocks)."""
    if value is None:
        return "–"
    return format_time(_aware(value).astimezone(OSLO), "HH:mm", locale=_locale(lang))


def fmt_datetime(value: datetime | None, lang: str) -> str:
    """Oslo's date and time, e.g. 12.05.2022 14:05."""
    if value is None:
        return "–"
    pattern = f"{DATE_PATTERNS.get(lang, DATE_PATTERNS['nb'])} HH:mm"
    return format_datetime(_aware(value).astimezone(OSLO), pattern, locale=_locale(lang))


def local_date(value: datetime) -> date:
    """The day a stored moment fell on in Oslo (SQLite gives naive UTC)."""
    return _aware(value).astimezone(OSLO).date()


def plotly_separators(lang: str) -> str:
    """Plotly's decimal and thousands separators for the language."""
    return ".," if lang == "en" else ",\u00a0"


def fmt_month(value: date, lang: str) -> str:
    """The month's name as it stands alone: «mars» in Norwegian, «March» in English."""
    return format_date(value, "LLLL", locale=_locale(lang))
