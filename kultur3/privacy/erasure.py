"""Taking a person's name and address out of every text the database holds.

The services that erase (kultur3.privacy.personal_data) and purge (kultur3.privacy.retention)
delete the rows that are about a person. What is left is text that mentions them: the audit
log (its username and
its detail JSON: before/after of a member edit, the address of an invitation) and free text
(an action's owner, a log entry that names them). The audit log keeps the event under a
pseudonym, so one person's events still read as one person's; every other text column of
every table (walked from SQLModel.metadata, so a table added later is covered without a line
here) gets a neutral stand-in. A text that names someone by full name or address loses it;
a namesake mentioned in free text does too (the price of a sweep by name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import JSON, Enum, String, Table, TypeDecorator, func, or_, select, update
from sqlmodel import Session, SQLModel

from kultur3.models import AuditEvent

# A needle shorter than this must stand as a whole word («Ola» is not in «Olav»); a longer one
# is replaced where a word starts with it, so «Kari Nordmanns» (genitive) goes too.
WHOLE_WORD_BELOW = 6
MIN_NEEDLE = 3
# Rows that are a person: the services delete the erased person's own rows by their keys (id,
# address). What is left there with the same name belongs to someone else of that name.
IDENTITY_TABLES = frozenset({"user", "member", "invitation", "loginattempt"})


def needles(*values: str | None) -> list[str]:
    """The distinct, non-trivial strings to take out, longest first (a name before the
    first name it starts with)."""
    seen = {v.strip().casefold(): v.strip() for v in values if v and len(v.strip()) >= MIN_NEEDLE}
    return sorted(seen.values(), key=len, reverse=True)


def telling(found: Iterable[str]) -> list[str]:
    """The needles that name one person wherever they stand in a text: an address, or a name
    of two words or more. A single word (a first name, a username like «leder») is a common
    word too: it is replaced only where it is a whole value (see _replace)."""
    return [n for n in found if "@" in n or len(n.split()) >= 2]


def pattern(found: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for all the needles; None when there are none."""
    parts = [rf"(?<!\w){re.escape(n)}(?!\w)" if len(n) < WHOLE_WORD_BELOW
             else rf"(?<!\w){re.escape(n)}" for n in found]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _replace(value, pat: re.Pattern[str] | None, by: str, exact: frozenset[str] = frozenset()):
    """The value with every match replaced, walking into JSON lists and dicts (keys too); a
    string that is one of the exact values as a whole is replaced too."""
    if isinstance(value, str):
        if value.strip().casefold() in exact:
            return by
        return pat.sub(by, value) if pat is not None else value
    if isinstance(value, list):
        return [_replace(v, pat, by, exact) for v in value]
    if isinstance(value, dict):
        return {_replace(k, pat, by, exact): _replace(v, pat, by, exact)
                for k, v in value.items()}
    return value


def stored_type(column):
    """What the column holds in the database (sqlmodel's AutoString decorates a String)."""
    kind = column.type
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def text_columns(table: Table) -> list:
    """The columns that hold text or JSON (enums and keys are never a person's words)."""
    return [c for c in table.columns if isinstance(stored_type(c), (String, JSON))
            and not isinstance(stored_type(c), Enum) and not c.primary_key]


def _candidates(session: Session, table: Table, column, found: list[str],
                exact: frozenset[str]):
    """Rows whose column may hold a needle. Strings are narrowed in SQL (as typed, and
    lowercased: SQLite's lower() folds ASCII only, so both); JSON is stored escaped
    (\\u00f8 for ø) and is read whole, which the audit log aside is a few small tables."""
    keys = list(table.primary_key.columns)
    stmt = select(*keys, column)
    if isinstance(stored_type(column), String):
        conditions = [cond for n in found for cond in (
            column.contains(n, autoescape=True),
            func.lower(column).contains(n.lower(), autoescape=True))]
        if exact:
            conditions.append(func.lower(func.trim(column)).in_(exact))
        if not conditions:
            return keys, []
        stmt = stmt.where(or_(*conditions))
    # Streamed: the audit log's JSON is read whole, and it grows without end.
    return keys, session.execute(stmt.execution_options(yield_per=2000))


def sweep(session: Session, found: list[str], *, replacement: str, pseudonym: str) -> int:
    """Replace the needles in every text and JSON column of every table: the audit log's by
    the pseudonym (and there every value that is a needle as a whole, a bare username too),
    the rest by the replacement where a telling needle stands. Returns how many values
    changed."""
    words = telling(found)
    pat = pattern(words)
    changed = 0
    for table in SQLModel.metadata.sorted_tables:
        if table.name in IDENTITY_TABLES:
            continue
        audit = table.name == AuditEvent.__tablename__
        by = pseudonym if audit else replacement
        exact = frozenset(n.casefold() for n in found) if audit else frozenset()
        if pat is None and not exact:
            continue
        for column in text_columns(table):
            keys, rows = _candidates(session, table, column, words, exact)
            limit = getattr(stored_type(column), "length", None)
            fixes = []  # written after the read, not into the table being read
            for row in rows:
                new = _replace(row[-1], pat, by, exact)
                if new != row[-1]:
                    fixes.append((row[:-1], new[:limit] if isinstance(new, str) and limit
                                  else new))
            for key, new in fixes:
                session.execute(update(table).where(
                    *(k == key[i] for i, k in enumerate(keys))).values({column.name: new}))
            changed += len(fixes)
    return changed



def pseudonymise(session: Session, events: list[AuditEvent], found: list[str],
                 pseudonym: str) -> None:
    """These audit events keep what happened, with the needles in their username and detail
    replaced by the pseudonym."""
    pat, exact = pattern(telling(found)), frozenset(n.casefold() for n in found)
    for event in events:
        username, detail = (_replace(event.username, pat, pseudonym, exact),
                            _replace(event.detail, pat, pseudonym, exact))
        if (username, detail) != (event.username, event.detail):
            event.username, event.detail = username, detail
            session.add(event)
