"""Municipalities in a programme and the members of their kommunegrupper, with CSV import."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlmodel import Session, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.core.validation import build
from kultur3.group import invitations, team
from kultur3.models import FocusArea, Member, Municipality, Participation, Role
from kultur3.models.inputs import FocusIn, MemberIn
from kultur3.programme import catalogue
from kultur3.store.changed import changed

CSV_COLUMNS = ("navn", "rolle", "sektor", "epost", "koordinator")
MAX_IMPORT_ROWS = 200
TRUE_WORDS = {"ja", "yes", "x", "1", "true", "sann"}


def _participation(session: Session, programme_id: int, number: str) -> Participation:
    row = session.exec(select(Participation).join(Municipality).where(
        Participation.programme_id == programme_id, Municipality.number == number)).first()
    if row is None:
        raise NotFound(key="error.unknown_municipality", number=number)
    return row


def add_municipality(*, session: Session, actor: Actor, programme_id: int, number: str,
                     focus_key: str | None = None, focus_text: str | None = None) -> int:
    """Let a municipality from the national list join the programme."""
    check(actor, "programme.enrol")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    muni = session.exec(select(Municipality).where(Municipality.number == number)).first()
    if muni is None:
        raise NotFound(key="error.unknown_municipality", number=number)
    if session.exec(select(Participation.id).where(
            Participation.programme_id == programme_id,
            Participation.municipality_id == muni.id)).first() is not None:
        raise InvalidInput(key="groups.already_in", name=muni.name)
    part = Participation(programme_id=programme_id, municipality_id=muni.id)
    session.add(part)
    session.flush()
    set_focus_area(session=session, actor=actor, programme_id=programme_id, number=number,
                   focus_key=focus_key, focus_text=focus_text)
    audit.record(session, actor=actor, action="participation.add", entity="participation",
                 entity_id=part.id, detail={"municipality": number})
    return part.id


def set_focus_area(*, session: Session, actor: Actor, programme_id: int, number: str,
                   focus_key: str | None = None, focus_text: str | None = None) -> None:
    """Pick a focus area from the programme's list, or write one (staff or the coordinator)."""
    part = _participation(session, programme_id, number)
    team.check_manage_members(session, actor, programme_id, part.municipality_id)
    text = build(FocusIn, focus_text=focus_text or "").focus_text
    focus_id = None
    if focus_key:
        focus_id = session.exec(select(FocusArea.id).where(
            FocusArea.programme_id == programme_id, FocusArea.key == focus_key)).first()
        if focus_id is None:
            raise NotFound()
    before = {"focus_area_id": part.focus_area_id, "focus_area_text": part.focus_area_text}
    part.focus_area_id, part.focus_area_text = focus_id, text or None
    session.add(part)
    changed(session)
    audit.record(session, actor=actor, action="participation.focus", entity="participation",
                 entity_id=part.id, detail={"before": before, "after": {
                     "focus_area_id": focus_id, "focus_area_text": text or None}})


@dataclass(frozen=True)
class MemberInput:
    name: str
    group_role: str
    sector: str = ""
    email: str | None = None
    is_coordinator: bool = False


def _checked(m: MemberInput) -> MemberInput:
    data = build(MemberIn, name=m.name or "", group_role=m.group_role or "",
                 sector=m.sector or "", email=m.email or None)
    email = data.email or None
    if email and ("@" not in email or " " in email):
        raise InvalidInput(key="groups.bad_email", email=email)
    return MemberInput(name=data.name, group_role=data.group_role, sector=data.sector,
                       email=email, is_coordinator=m.is_coordinator)


def _staff(actor: Actor) -> bool:
    """Who may name coordinators: staff. A coordinator hands its own role over with
    team.set_coordinator (one per group); it never makes a second one."""
    return actor.role in (Role.ADMIN, Role.FACILITATOR)


def add_member(*, session: Session, actor: Actor, programme_id: int, number: str,
               member: MemberInput) -> int:
    """Add one person to a kommunegruppe (staff or the group's coordinator)."""
    part = _participation(session, programme_id, number)
    team.check_manage_members(session, actor, programme_id, part.municipality_id)
    m = _checked(member)
    if m.is_coordinator and not _staff(actor):
        raise PermissionDenied(key="groups.coordinator_staff_only")
    row = Member(participation_id=part.id, name=m.name, group_role=m.group_role,
                 sector=m.sector, email=m.email, is_coordinator=m.is_coordinator)
    session.add(row)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="member.add", entity="member", entity_id=row.id,
                 detail={"municipality": number, "name": m.name})
    return row.id


def deactivate_member(*, session: Session, actor: Actor, member_id: int) -> None:
    """Take a person off the group's list; their earlier scores stay."""
    row = session.get(Member, member_id)
    part = session.get(Participation, row.participation_id) if row else None
    if row is None or part is None:
        raise NotFound()
    team.check_manage_members(session, actor, part.programme_id, part.municipality_id)
    row.active = False
    session.add(row)
    changed(session)
    audit.record(session, actor=actor, action="member.deactivate", entity="member",
                 entity_id=member_id, detail={"name": row.name})


@dataclass(frozen=True)
class ImportResult:
    imported: int
    errors: list[tuple[int, str, dict]]  # (line, error key, params)
    # With invite=True: (name, e-mail, token or None when the address already had an account)
    invited: tuple[tuple[str, str, str | None], ...] = ()


def import_members_csv(*, session: Session, actor: Actor, programme_id: int, number: str,
                       content: bytes, invite: bool = False, lang: str = "nb") -> ImportResult:
    """Import members from CSV (navn;rolle;sektor;epost;koordinator). Every bad row is named;
    when any row is bad, nothing is imported. With invite, every row with an e-mail address
    gets a personal invitation in the same transaction."""
    part = _participation(session, programme_id, number)
    team.check_manage_members(session, actor, programme_id, part.municipality_id)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportResult(0, [(0, "groups.csv_encoding", {})])
    first_line = text.split("\n", 1)[0]
    delimiter = next((d for d in (";", "\t", ",") if d in first_line), ";")
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not {"navn", "rolle"} <= set(header):
        return ImportResult(0, [(1, "groups.csv_header", {"columns": ", ".join(CSV_COLUMNS)})])
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            errors.append((line, "groups.csv_too_many", {"limit": MAX_IMPORT_ROWS}))
            break
        row = {(k or "").strip().lower(): (v or "") for k, v in raw.items() if k is not None}
        if None in raw:  # more cells than columns
            errors.append((line, "groups.csv_extra_cells", {}))
            continue
        try:
            rows.append(_checked(MemberInput(
                name=row.get("navn", ""), group_role=row.get("rolle", ""),
                sector=row.get("sektor", ""), email=row.get("epost") or None,
                is_coordinator=row.get("koordinator", "").strip().lower() in TRUE_WORDS)))
        except InvalidInput as exc:
            errors.append((line, exc.key, exc.params))
            continue
        if rows[-1].is_coordinator and not _staff(actor):
            errors.append((line, "groups.coordinator_staff_only", {}))
    if errors or not rows:
        return ImportResult(0, errors or [(2, "groups.csv_empty", {})])
    for m in rows:
        session.add(Member(participation_id=part.id, name=m.name, group_role=m.group_role,
                           sector=m.sector, email=m.email, is_coordinator=m.is_coordinator))
    session.flush()
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
