"""The national municipality register: loaded on every install, and renewed from a newer CSV.

A newer register (e.g. after a merger or a county reform) keeps history: a municipality that
only changed its number keeps its row, so all its work stays with it, and remembers the old
number; municipalities merged into a new one are retired and point to their successor.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, func, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput
from kultur3.models import NAME_MAX, Municipality
from kultur3.store.changed import changed

SEED_DIR = Path(__file__).resolve().parents[2] / "db" / "seed"
MUNICIPALITIES_CSV = SEED_DIR / "kommuner-2024.csv"
COLUMNS = ("kommunenummer", "kommunenavn", "samisk_navn", "fylkesnummer", "fylke")
# Optional column: the numbers this municipality had before (space, | or / between them).
FORMER = "tidligere_nummer"


@dataclass(frozen=True)
class Row:
    number: str
    name: str
    sami_name: str | None
    county_number: str
    county: str
    former: tuple[str, ...] = ()


@dataclass
class RegisterResult:
    added: int = 0
    renamed: int = 0
    renumbered: int = 0
    merged: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str, dict]] = field(default_factory=list)


def _digits(value: str, n: int) -> bool:
    return len(value) == n and value.isdigit()


def parse(content: str) -> tuple[list[Row], list[tuple[int, str, dict]]]:
    """Rows of a register CSV (comma or semicolon), and an error per bad line."""
    first = content.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(content), delimiter=";" if ";" in first else ",")
    header = {(h or "").strip().lower() for h in reader.fieldnames or []}
    if not {"kommunenummer", "kommunenavn", "fylkesnummer", "fylke"} <= header:
        return [], [(1, "register.header", {"columns": ",".join(COLUMNS)})]
    rows, errors, seen = [], [], set()
    for line, raw in enumerate(reader, start=2):
        cells = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        number, name = cells.get("kommunenummer", ""), cells.get("kommunenavn", "")
        county_number = cells.get("fylkesnummer", "")
        former = tuple(n for n in cells.get(FORMER, "").replace("|", " ").replace("/", " ").split())
        if (not _digits(number, 4) or not name or len(name) > NAME_MAX
                or not _digits(county_number, 2) or not cells.get("fylke")
                or not all(_digits(n, 4) for n in former)):
            errors.append((line, "register.bad_row", {"number": number}))
            continue
        if number in seen:
            errors.append((line, "register.duplicate", {"number": number}))
            continue
        seen.add(number)
        rows.append(Row(number=number, name=name, sami_name=cells.get("samisk_navn") or None,
                        county_number=county_number, county=cells["fylke"], former=former))
    return rows, errors


def ensure_loaded(session: Session) -> int:
    """Load the built-in 2024 register when no municipality is known yet; return how many."""
    if session.exec(select(func.count()).select_from(Municipality)).one():
        return 0
    rows, errors = parse(MUNICIPALITIES_CSV.read_text(encoding="utf-8"))
    if errors:  # the shipped file is checked by the tests; this would be a packaging error
        raise InvalidInput(key="register.bad_row", number=errors[0][2].get("number", ""))
    for row in rows:
        session.add(_new(row))
    session.flush()
    return len(rows)


def _new(row: Row) -> Municipality:
    return Municipality(number=row.number, name=row.name, sami_name=row.sami_name,
                        county_number=row.county_number, county=row.county)


def _update(m: Municipality, row: Row) -> bool:
    """Copy names and county from the row; True when anything changed."""
    before = (m.name, m.sami_name, m.county_number, m.county, m.retired)
    m.name, m.sami_name = row.name, row.sami_name
    m.county_number, m.county, m.retired = row.county_number, row.county, False
    return before != (m.name, m.sami_name, m.county_number, m.county, m.retired)


def load(*, session: Session, content: bytes, actor: Actor) -> RegisterResult:
    """Apply a newer register. Every bad line is named and then nothing is changed."""
    check(actor, "register.load")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return RegisterResult(errors=[(0, "groups.csv_encoding", {})])
    rows, errors = parse(text)
    if errors or not rows:
        return RegisterResult(errors=errors or [(2, "groups.csv_empty", {})])
    known = {m.number: m for m in session.exec(select(Municipality)).all()}
    claims: dict[str, int] = {}
    for row in rows:
        for n in row.former:
            claims[n] = claims.get(n, 0) + 1
    result = RegisterResult()
    for row in rows:
        _apply(session, known, claims, row, result)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="register.load", entity="municipality",
                 detail={"added": result.added, "renamed": result.renamed,
                         "renumbered": result.renumbered, "merged": result.merged})
    return result


def _apply(session: Session, known: dict[str, Municipality], claims: dict[str, int], row: Row,
           result: RegisterResult) -> None:
    if row.number in known:
        if _update(known[row.number], row):
            result.renamed += 1
        else:
            result.unchanged += 1
        return
    former = [known[n] for n in row.former if n in known and n != row.number]
    if len(former) == 1 and claims[former[0].number] == 1:  # same municipality, new number
        m = former[0]
        m.former_numbers = [*m.former_numbers, m.number]
        known.pop(m.number)
        m.number = row.number
        _update(m, row)
        known[row.number] = m
        result.renumbered += 1
        return
    new = _new(row)
    session.add(new)
    session.flush()
    known[row.number] = new
    result.added += 1
    for m in former:  # merged (or split) into the new one: retired, history kept
        m.retired, m.successor_id = True, new.id
        session.add(m)
        result.merged += 1


def active_municipalities(*, session: Session) -> list[tuple[str, str, str]]:
    """(number, name, county) of every current municipality, by name (public register)."""
    rows = session.exec(select(Municipality.number, Municipality.name, Municipality.county)
                        .where(col(Municipality.retired).is_(False))
                        .order_by(Municipality.name)).all()
    return [tuple(r) for r in rows]
