"""The app's clock: today's date where the programmes run (Norway), and now.

«Overdue» and «held already» turn over at midnight in Oslo, not in UTC or in the server's own
time zone: between 00:00 and 01:00 (02:00 in summer) Oslo time a UTC clock still says
yesterday. Services take `today` as an argument and fall back to clock.today(); the UI's
cached reads put that date in their cache key (kultur3/ui/context.py: cached_read).
Tests move the clock by replacing clock.today.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def now() -> datetime:
    """The current instant, time-zone aware (UTC)."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Europe/Oslo."""
    return datetime.now(OSLO).date()
