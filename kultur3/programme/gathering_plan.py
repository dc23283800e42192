"""Planning many gatherings at once, and the links a gathering carries.

Local gatherings and leader follow-up days for every enrolled municipality in one step: a
kind, a date window and a title pattern («Lokal samling – {kommune}»), spread over the
window's weekdays, then adjusted one by one on /samlinger. Links (the video link, the
materials) are http or https only: anything else is refused with a plain message, so a
«javascript:» link never reaches a page.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput
from kultur3.core.validation import build, clean_text
from kultur3.models import Gathering, GatheringKind
from kultur3.models.gathering import URL_MAX
from kultur3.models.inputs import GatheringCreate
from kultur3.programme import catalogue
from kultur3.store.changed import changed

PLACEHOLDER = "{kommune}"
# A half-year is about 130 weekdays; a window longer than a year is a typing mistake.
WINDOW_MAX_DAYS = 366
# A gathering's reading list: 20 links is more than any agenda we have seen (the pilot's
# fellessamlinger had 3-6 documents each).
MATERIALS_MAX = 20
LABEL_MAX = 200


def parse_link(value: str) -> str:
    """A link as stored: empty, or an absolute http(s) URL without spaces; InvalidInput
    otherwise."""
    link = clean_text(value)
    if not link:
        return ""
    parts = urlsplit(link)
    if (parts.scheme.lower() not in ("http", "https") or not parts.netloc
            or any(c.isspace() for c in link) or len(link) > URL_MAX):
        raise InvalidInput(key="gatherings.bad_link", link=link[:80])
    return link


def parse_materials(text: str) -> list[dict]:
    """One material per line, «Tittel | https://…» or just the link: [{"label", "url"}]."""
    materials = []
    for line in (text or "").splitlines():
        line = clean_text(line)
        if not line:
            continue
        label, _, url = line.rpartition("|") if "|" in line else ("", "", line)
        label = clean_text(label)[:LABEL_MAX]
        url = parse_link(url)
        materials.append({"label": label or url, "url": url})
    if len(materials) > MATERIALS_MAX:
        raise InvalidInput(key="gatherings.too_many_materials", limit=MATERIALS_MAX)
    return materials


def materials_text(materials: list[dict]) -> str:
    """The materials back as the form's lines."""
    return "\n".join(m["url"] if m.get("label") in ("", m.get("url")) else
                     f"{m['label']} | {m['url']}" for m in materials)


def spread(first: date, last: date, count: int) -> list[date]:
    """count dates over the weekdays from first to last, evenly, earliest first (every day
    when the window holds no weekday)."""
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    days = [d for d in days if d.weekday() < 5] or days
    return [days[i * len(days) // count] for i in range(count)]


def create_for_every_municipality(*, session: Session, actor: Actor, programme_id: int,
                                  kind: GatheringKind, first: date, last: date,
                                  title_pattern: str) -> list[int]:
    """A gathering of one municipality's kind for every municipality enrolled, spread over the
    window (by name), in one transaction. A municipality that already has one of this kind in
    the window is left out, so a second click does not double the plan. The new ids."""
    check(actor, "gatherings.manage")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    kind = GatheringKind(kind)
    if kind == GatheringKind.FELLESSAMLING:
        raise InvalidInput(key="gatherings.bulk_kind")
    if last < first or (last - first).days > WINDOW_MAX_DAYS:
        raise InvalidInput(key="gatherings.bad_window", days=WINDOW_MAX_DAYS)
    pattern = clean_text(title_pattern)
    if PLACEHOLDER not in pattern:
        raise InvalidInput(key="gatherings.pattern_needs_name", placeholder=PLACEHOLDER)
    have = set(session.exec(select(Gathering.municipality_id).where(
        Gathering.programme_id == programme_id, Gathering.kind == kind,
        col(Gathering.held_on).between(first, last))).all())
    todo = [p for p in catalogue.participants(session=session, programme_id=programme_id)
            if p.municipality_id not in have]
    if not todo:
        raise InvalidInput(key="gatherings.bulk_nothing")
    rows = [Gathering(programme_id=programme_id, kind=kind, held_on=day,
                      municipality_id=p.municipality_id,
                      title=build(GatheringCreate,
                                  title=pattern.replace(PLACEHOLDER, p.name)).title)
            for p, day in zip(todo, spread(first, last, len(todo)), strict=True)]
    session.add_all(rows)
    session.flush()
    ids = [g.id for g in rows]
    changed(session)
    audit.record(session, actor=actor, action="gathering.create_many", entity="programme",
                 entity_id=programme_id,
                 detail={"kind": kind.value, "first": first.isoformat(),
                         "last": last.isoformat(), "pattern": pattern, "ids": ids})
    return ids
