"""A group's member list from a CSV file, with a personal invitation for every address.

It sits on top of membership (the home of members) and invitations, which itself writes
members through membership: one module holding both would import itself in a circle."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlmodel import Session

from kultur3.access import audit
from kultur3.access.permissions import Actor, is_staff
from kultur3.core.errors import InvalidInput
from kultur3.group import invitations, membership
from kultur3.group.membership import MemberInput
from kultur3.models import Role
from kultur3.store.changed import changed

CSV_COLUMNS = ("navn", "rolle", "sektor", "epost", "koordinator")
# Headings a nynorsk coordinator or a spreadsheet writes for the same columns.
ALIASES = {"namn": "navn", "e-post": "epost", "e-postadresse": "epost"}
MAX_IMPORT_ROWS = 200
TRUE_WORDS = {"ja", "yes", "x", "1", "true", "sann"}


@dataclass(frozen=True)
class ImportResult:
    imported: int
    errors: list[tuple[int, str, dict]]  # (line, error key, params)
    # With invite=True: (name, e-mail, token or None when the address already had an account)
    invited: tuple[tuple[str, str, str | None], ...] = ()


def _column(heading: str) -> str:
    """A heading as the import reads it: «Namn» and «navn» are the same column."""
    name = heading.strip().lower()
    return ALIASES.get(name, name)


def import_members_csv(*, session: Session, actor: Actor, programme_id: int, number: str,
                       content: bytes, invite: bool = False, lang: str = "nb") -> ImportResult:
    """Import members from CSV (navn;rolle;sektor;epost;koordinator). Every bad row is named;
    when any row is bad, nothing is imported. With invite, every row with an e-mail address
    gets a personal invitation in the same transaction."""
    part = membership.enrolment_by_number(session, programme_id, number)
    membership.check_manage_members(session, actor, programme_id, part.municipality_id)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportResult(0, [(0, "groups.csv_encoding", {})])
    first_line = text.split("\n", 1)[0]
    delimiter = next((d for d in (";", "\t", ",") if d in first_line), ";")
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [_column(h) for h in (reader.fieldnames or [])]
    if not {"navn", "rolle"} <= set(header):
        return ImportResult(0, [(1, "groups.csv_header", {"columns": ", ".join(CSV_COLUMNS)})])
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            errors.append((line, "groups.csv_too_many", {"limit": MAX_IMPORT_ROWS}))
            break
        row = {_column(k or ""): (v or "") for k, v in raw.items() if k is not None}
        if None in raw:  # more cells than columns
            errors.append((line, "groups.csv_extra_cells", {}))
            continue
        try:
            rows.append(membership.checked(MemberInput(
                name=row.get("navn", ""), group_role=row.get("rolle", ""),
                sector=row.get("sektor", ""), email=row.get("epost") or None,
                is_coordinator=row.get("koordinator", "").strip().lower() in TRUE_WORDS)))
        except InvalidInput as exc:
            errors.append((line, exc.key, exc.params))
            continue
        if rows[-1].is_coordinator and not is_staff(actor):  # as add_member
            errors.append((line, "groups.coordinator_staff_only", {}))
    if errors or not rows:
        return ImportResult(0, errors or [(2, "groups.csv_empty", {})])
    membership.add_rows(session, part.id, rows)
    invited = tuple(
        (m.name, m.email, invitations.invite(
            session=session, actor=actor, email=m.email, role=Role.GROUP,
            programme_id=programme_id, municipality_id=part.municipality_id, display_name=m.name,
            group_role=m.group_role, sector=m.sector, is_coordinator=m.is_coordinator,
            lang=lang).token)
        for m in rows if invite and m.email)
    changed(session)
    audit.record(session, actor=actor, action="member.import", entity="participation",
                 entity_id=part.id, detail={"municipality": number, "rows": len(rows)})
    return ImportResult(len(rows), [], invited)
