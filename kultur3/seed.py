"""Reference data (municipalities, framework) and the invented demo programme."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import delete, update
from sqlmodel import Session, SQLModel, col, func, select

from kultur3.access import accounts
from kultur3.access.accounts import DEMO_PASSWORD
from kultur3.access.permissions import OPERATOR
from kultur3.core import clock
from kultur3.core.errors import ConfigError
from kultur3.group import demo_work, score_cells, survey_demo
from kultur3.models import (
    Action,
    AdviserAssignment,
    Anchoring,
    Answer,
    Comment,
    CommentTarget,
    FocusArea,
    Gathering,
    GatheringKind,
    GatheringStatus,
    LogEntry,
    Municipality,
    Participation,
    Programme,
    ProgrammeAccess,
    ProgrammeStatus,
    Question,
    Role,
    Score,
    Setting,
    User,
    ValueArea,
)
from kultur3.programme import lifecycle, register
from kultur3.store.changed import changed

DEMO_SLUG = "kulturskole-3-pilot"
DEMO_NAME = "Kulturskole 3.0 – pilot"

# The 16 pilot municipalities and the focus area each works on (invented pairing).
PILOTS: dict[str, str] = {
    "3203": "mangfold", "1804": "oppvekst", "1122": "kunstaktorer", "4638": "livslop",
    "5053": "helse", "3205": "mangfold", "5524": "oppvekst", "3228": "ressurssenter",
    "4001": "mangfold", "5006": "helse", "5035": "oppvekst", "1525": "kunstaktorer",
    "4647": "ressurssenter", "3427": "livslop", "4618": "kunstaktorer", "3218": "oppvekst",
}

# All invented: each municipality's answers, actions, log lines; people, sectors, anchoring.
CONTENT = json.loads((register.SEED_DIR / "demo-content.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SeedResult:
    municipalities: int
    programme_id: int | None
    users: int


def load_municipalities(session: Session) -> int:
    """The built-in register, when no municipality is known yet (see register.ensure_loaded)."""
    return register.ensure_loaded(session)


def create_programme(*, session: Session, slug: str, name: str, is_demo: bool = False) -> Programme:
    """An active programme from the built-in template under a fixed slug (demo and tests)."""
    programme = lifecycle.create_programme(
        session=session, actor=OPERATOR, data=lifecycle.ProgrammeInput(name=name),
        is_demo=is_demo)
    programme.slug, programme.status = slug, ProgrammeStatus.ACTIVE
    session.add(programme)
    session.flush()
    return programme


@lru_cache(maxsize=1)
def _demo_hash() -> str:
    """One bcrypt hash of the demo password, shared by every demo user (hashing is slow)."""
    return accounts.hash_password(DEMO_PASSWORD)


def has_data(session: Session) -> bool:
    """True when any programme or user exists."""
    return bool(session.exec(select(func.count()).select_from(Programme)).one()
                or session.exec(select(func.count()).select_from(User)).one())


# Written by seed_demo in the transaction that loads the demo, and only on a database that was
# empty or the demo's own: a database that holds it was made by the demo.
DEMO_MARKER = "demo.made_by"


def demo_usernames() -> set[str]:
    """Every login the demo makes."""
    return {"admin", "fasilitator", "veileder", "leder", "forsker", *(f"kommune-{n}" for n in PILOTS),
            *(f"kommuneleder-{n}" for n in PILOTS)}


def demo_made(session: Session) -> bool:
    """True when the demo made this database and nothing else was added: its marker is
    there, every programme is a demo programme and every login one the demo made. Demo mode
    publishes a password and a cookie key, so it runs on nothing else."""
    if session.get(Setting, DEMO_MARKER) is None:
        return False
    foreign_programme = session.exec(select(Programme.id).where(col(Programme.is_demo).is_(False))).first()
    foreign_user = session.exec(select(User.id).where(
        col(User.username).not_in(demo_usernames()))).first()
    return foreign_programme is None and foreign_user is None


def check_demo_database(session: Session) -> None:
    """Raise ConfigError unless the database is empty or the demo's own."""
    if has_data(session) and not demo_made(session):
        raise ConfigError(key="demo.foreign_data")


def seed_demo(session: Session, *, force: bool = False, rng_seed: int = 2021,
              today: date | None = None, room_in_progress: bool = False) -> SeedResult:
    """Load the invented demo programme; does nothing when data exists unless forced. Refuses
    (forced or not) a database that holds anything the demo did not make.

    Today's gathering starts empty. `room_in_progress` shows it mid-session instead, every
    active group's answers and scores in: what the tests and the screenshots of a full room
    use."""
    added = load_municipalities(session)
    check_demo_database(session)
    if has_data(session) and not force:
        return SeedResult(municipalities=added, programme_id=None, users=0)
    if force:
        _drop_demo(session)
    session.merge(Setting(key=DEMO_MARKER, value="seed_demo"))
    rng = random.Random(rng_seed)
    programme = create_programme(session=session, slug=DEMO_SLUG, name=DEMO_NAME, is_demo=True)
    munis = {m.number: m for m in session.exec(
        select(Municipality).where(Municipality.number.in_(list(PILOTS)))).all()}  # type: ignore[attr-defined]
    users = _demo_users(session, munis)
    for staff in ("fasilitator", "veileder", "leder", "forsker"):
        session.add(ProgrammeAccess(programme_id=programme.id, user_id=users[staff].id))
    areas = session.exec(select(ValueArea).where(ValueArea.programme_id == programme.id)
                         .order_by(ValueArea.position)).all()
    focus = {f.key: f for f in session.exec(
        select(FocusArea).where(FocusArea.programme_id == programme.id)).all()}
    questions = session.exec(select(Question).where(Question.programme_id == programme.id)
                             .order_by(Question.number)).all()
    # Dates follow today: the first joint gathering ten months ago, the second four months
    # ago, the third today (live, and empty: a facilitator demonstrates from the first
    # answer) and the fourth planned; each group's local gathering between the first two.
    today = today or clock.today()  # Oslo's, as every page's: a demo made at 23:30 UTC was a day behind
    fs1 = _gathering(session, programme, GatheringKind.FELLESSAMLING,
                     "Fellessamling 1 – Gardermoen", today - timedelta(days=300),
                     GatheringStatus.CLOSED)
    fs2 = _gathering(session, programme, GatheringKind.FELLESSAMLING,
                     "Fellessamling 2 – Trondheim", today - timedelta(days=120),
                     GatheringStatus.CLOSED)
    fs3 = _gathering(session, programme, GatheringKind.FELLESSAMLING,
                     "Fellessamling 3 – digital", today, GatheringStatus.ACTIVE, digital=True)
    fs4 = _gathering(session, programme, GatheringKind.FELLESSAMLING,
                     "Fellessamling 4 – Bodø", today + timedelta(days=150),
                     GatheringStatus.PLANNED)
    # What a planned gathering carries (issue 23): times, a place or a video link, the
    # preparation each group ticks on its home.
    fs3.starts_at, fs3.ends_at = time(9), time(15)
    fs3.video_link = "https://example.no/demo-fellessamling-3"
    fs3.prep_task = "Les casen"
    fs4.starts_at, fs4.ends_at, fs4.place = time(10), time(16), "Bodø"
    fs4.prep_task = "Skår nåsituasjonen før vi møtes"
    fs4.materials = [{"label": "Program (demo)", "url": "https://example.no/program.pdf"}]
    for number, focus_key in PILOTS.items():
        muni, own = munis[number], CONTENT["municipalities"][number]
        part = Participation(programme_id=programme.id, municipality_id=muni.id,
                             focus_area_id=focus[focus_key].id)
        session.add(part)
        session.flush()
        members = demo_work.members(session, part, rng, number, CONTENT["people"], own["region"])
        # The shared demo login acts as the group's coordinator (it manages the members).
        members[0].user_id = users[f"kommune-{number}"].id
        session.add(members[0])
        local = _gathering(session, programme, GatheringKind.LOKAL_SAMLING,
                           f"Lokal samling – {muni.name}",
                           today - timedelta(days=rng.randint(200, 250)),
                           GatheringStatus.CLOSED, municipality_id=muni.id)
        leader_day = None
        if number in LEADER_DAYS:  # a leader follow-up day, after the second joint gathering
            leader_day = _gathering(session, programme, GatheringKind.LEDEROPPFOLGING,
                                    f"Lederoppfølgingsdag – {muni.name}",
                                    today - timedelta(days=LEADER_DAYS[number]),
                                    GatheringStatus.CLOSED, municipality_id=muni.id)
        # A quiet group has not met since its local gathering (nor joined the second).
        meet = demo_work.Meetings(first=fs1, local=local,
                                  second=None if number in QUIET else fs2,
                                  leader_day=leader_day,
                                  live=fs3 if room_in_progress and number not in QUIET else None,
                                  late_days=QUIET[number] // 2 if number in QUIET else None)
        demo_work.work(session, rng, CONTENT, muni, meet, members, areas, questions, focus_key,
                       users, today=today)
    _demo_advisers(session, programme.id, users, munis)
    score_cells.rebuild(session, programme.id)
    survey_demo.add_demo_surveys(session, programme.id, CONTENT["surveys"], today=today)
    changed(session)
    return SeedResult(municipalities=added, programme_id=programme.id, users=len(users))


def _drop_demo(session: Session) -> None:
    """Forced seed: empty every table but the municipality list, so the demo starts clean."""
    for table in reversed(SQLModel.metadata.sorted_tables):
        if table.name != Municipality.__tablename__:
            session.exec(delete(table))  # type: ignore[call-overload]
    session.flush()


def _gathering(session: Session, programme: Programme, kind: GatheringKind, title: str,
               held_on: date, status: GatheringStatus, *, digital: bool = False,
               municipality_id: int | None = None) -> Gathering:
    g = Gathering(programme_id=programme.id, kind=kind, title=title, held_on=held_on,
                  status=status, is_digital=digital, municipality_id=municipality_id)
    session.add(g)
    session.flush()
    return g


def _demo_users(session: Session, munis: dict[str, Municipality]) -> dict[str, User]:
    """admin, fasilitator, leder, forsker; per pilot municipality kommune-<nr> (the group's
    shared login, «Kommunegruppa i Asker») and kommuneleder-<nr> (a named kommunalsjef)."""
    h = _demo_hash()
    specs = [("admin", Role.ADMIN, "Demo-administrator", None),
             ("fasilitator", Role.FACILITATOR, "Demo-fasilitator", None),
             ("veileder", Role.FACILITATOR, "Demo-prosessveileder", None),
             ("leder", Role.LEADER, "Demo-leder", None), ("forsker", Role.RESEARCHER, "Demo-forsker", None)]
    specs += [(f"kommune-{n}", Role.GROUP, f"Kommunegruppa i {munis[n].name}", n) for n in PILOTS]
    specs += [(f"kommuneleder-{n}", Role.MUNICIPAL_LEADER,
               f"{CONTENT['municipalities'][n]['leader']}, kommunalsjef i {munis[n].name}", n)
              for n in PILOTS]
    users = {}
    for username, role, name, number in specs:
        users[username] = accounts.create_user(
            session=session, actor=OPERATOR, username=username, password_hash=h, role=role,
            display_name=name, municipality_number=number, shared_login=role == Role.GROUP)
    return users


# Who follows whom between gatherings («Mine kommuner»), and the two groups that have gone
# quiet: the days since their last write.
ADVISED = {"veileder": ("5053", "5035", "3203", "1804"),
           "fasilitator": ("1122", "5524", "3228", "4001")}
QUIET = {"5053": 50, "5035": 23}


def _demo_advisers(session, programme_id: int, users, munis) -> None:
    """Advisers assigned; the quiet groups' work dated back to when they last wrote; the
    adviser's comments, answered by an active group and unanswered by a quiet one."""
    for username, numbers in ADVISED.items():
        session.add_all(AdviserAssignment(programme_id=programme_id, user_id=users[username].id,
                                          municipality_id=munis[n].id) for n in numbers)
    for number, days in QUIET.items():
        then, mid = datetime.now(UTC) - timedelta(days=days), munis[number].id
        for table in (Answer, Score, Action, Anchoring):
            session.exec(update(table).where(table.municipality_id == mid)  # type: ignore[call-overload]
                         .values(updated_at=then))
        for entry in session.exec(select(LogEntry).where(LogEntry.municipality_id == mid)):
            entry.created_at, entry.happened_on = then, min(entry.happened_on, then.date())
    for number, (asked, answer) in zip(ADVISED["veileder"], CONTENT["comments"], strict=True):
        mid, group = munis[number].id, users[f"kommune-{number}"]
        action = session.exec(select(Action.id).where(Action.municipality_id == mid)
                              .order_by(Action.position)).first()
        parent = None
        for author, text, days in ((users["veileder"], asked, 10 if number in QUIET else 4),
                                   (group, answer, 3)):  # a quiet group has no answer
            if text:
                parent = Comment(programme_id=programme_id, municipality_id=mid, text=text,
                                 author_id=author.id, target_kind=CommentTarget.ACTION,
                                 target_id=action, parent_id=parent and parent.id,
                                 created_at=datetime.now(UTC) - timedelta(days=days))
                session.add(parent)
                session.flush()


# Four municipalities have had their leader follow-up day (days ago; the others: to come).
LEADER_DAYS = {"3203": 75, "1804": 68, "5006": 54, "3218": 40}
