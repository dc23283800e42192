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
from kultur3.core.errors import ConfigError
from kultur3.group import score_cells, scoring, survey_demo
from kultur3.models import (
    Action,
    ActionNote,
    ActionStatus,
    ActionValueArea,
    AdviserAssignment,
    Anchoring,
    AnchoringKind,
    AnchoringStatus,
    Answer,
    Comment,
    CommentTarget,
    FocusArea,
    Gathering,
    GatheringKind,
    GatheringStatus,
    LogEntry,
    LogKind,
    Member,
    Municipality,
    Participation,
    Programme,
    ProgrammeAccess,
    ProgrammeStatus,
    Question,
    Role,
    Score,
    ScoreKind,
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
FIRST, LAST = CONTENT["people"]["first"], CONTENT["people"]["last"]
CORE_ROLES, LOCAL_ACTORS = ([tuple(r) for r in CONTENT["people"][k]] for k in ("core", "local"))
SECOND_TEACHER, SMALL_GROUP = (CONTENT["people"][k] for k in ("second_teacher", "small_group"))


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
              today: date | None = None) -> SeedResult:
    """Load the invented demo programme; does nothing when data exists unless forced. Refuses
    (forced or not) a database that holds anything the demo did not make."""
    added = load_municipalities(session)
    check_demo_database(session)
    if has_data(session) and not force:
        return SeedResult(municipalities=added, programme_id=None, users=0)
    if force:
        _drop_demo(session)
    session.merge(Setting(key=DEMO_MARKER, value="seed_demo"))
    rng = random.Random(rng_seed)
    programme = create_programme(session=session, slug=DEMO_SLUG, name=DEMO_NAME, is_demo=True)
    users = _demo_users(session)
    for staff in ("fasilitator", "veileder", "leder", "forsker"):
        session.add(ProgrammeAccess(programme_id=programme.id, user_id=users[staff].id))
    areas = session.exec(select(ValueArea).where(ValueArea.programme_id == programme.id)
                         .order_by(ValueArea.position)).all()
    focus = {f.key: f for f in session.exec(
        select(FocusArea).where(FocusArea.programme_id == programme.id)).all()}
    questions = session.exec(select(Question).where(Question.programme_id == programme.id)
                             .order_by(Question.number)).all()
    munis = {m.number: m for m in session.exec(
        select(Municipality).where(Municipality.number.in_(list(PILOTS)))).all()}  # type: ignore[attr-defined]
    # Dates follow today: joint gatherings 7 months ago, today (live) and planned; others between
    today = today or date.today()
    fs1 = _gathering(session, programme, GatheringKind.FELLESSAMLING,
                     "Fellessamling 1 – Gardermoen", today - timedelta(days=210),
                     GatheringStatus.CLOSED)
    fs2 = _gathering(session, programme, GatheringKind.FELLESSAMLING,
                     "Fellessamling 2 – digital", today, GatheringStatus.ACTIVE, digital=True)
    fs3 = _gathering(session, programme, GatheringKind.FELLESSAMLING,
                     "Fellessamling 3 – Trondheim", today + timedelta(days=150),
                     GatheringStatus.PLANNED)
    # What a planned gathering carries (issue 23): times, a place or a video link, the
    # preparation each group ticks on its home.
    fs2.starts_at, fs2.ends_at = time(9), time(15)
    fs2.video_link = "https://example.no/demo-fellessamling-2"
    fs2.prep_task = "Les casen"
    fs3.starts_at, fs3.ends_at, fs3.place = time(10), time(16), "Trondheim"
    fs3.prep_task = "Skår nåsituasjonen før vi møtes"
    fs3.materials = [{"label": "Program (demo)", "url": "https://example.no/program.pdf"}]
    for number, focus_key in PILOTS.items():
        muni = munis[number]
        part = Participation(programme_id=programme.id, municipality_id=muni.id,
                             focus_area_id=focus[focus_key].id)
        session.add(part)
        session.flush()
        members = _demo_members(session, part, rng, number)
        # The shared demo login acts as the group's coordinator (it manages the members).
        members[0].user_id = users[f"kommune-{number}"].id
        session.add(members[0])
        local = _gathering(session, programme, GatheringKind.LOKAL_SAMLING,
                           f"Lokal samling – {muni.name}",
                           today - timedelta(days=rng.randint(90, 130)),
                           GatheringStatus.CLOSED, municipality_id=muni.id)
        # A quiet group has not met since its local gathering (nor joined today's).
        _demo_work(session, rng, muni, [fs1, local] if number in QUIET else [fs1, local, fs2],
                   members, areas, questions, focus_key, users)
        _demo_anchoring(session, rng, programme.id, muni, users)
        if number in LEADER_DAYS:  # a leader follow-up day, before the second joint gathering
            _gathering(session, programme, GatheringKind.LEDEROPPFOLGING,
                       f"Lederoppfølgingsdag – {muni.name}",
                       today - timedelta(days=LEADER_DAYS[number]),
                       GatheringStatus.CLOSED, municipality_id=muni.id)
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


def _demo_users(session: Session) -> dict[str, User]:
    """admin, fasilitator, leder, forsker and kommune-<nr> (a shared login) per pilot municipality."""
    h = _demo_hash()
    specs = [("admin", Role.ADMIN, "Demo-administrator", None),
             ("fasilitator", Role.FACILITATOR, "Demo-fasilitator", None),
             ("veileder", Role.FACILITATOR, "Demo-prosessveileder", None),
             ("leder", Role.LEADER, "Demo-leder", None), ("forsker", Role.RESEARCHER, "Demo-forsker", None)]
    specs += [(f"kommune-{n}", Role.GROUP, f"Kommunegruppe {n}", n) for n in PILOTS]
    specs += [(f"kommuneleder-{n}", Role.MUNICIPAL_LEADER, f"Kommuneledelsen {n}", n)
              for n in PILOTS]
    users = {}
    for username, role, name, number in specs:
        users[username] = accounts.create_user(
            session=session, actor=OPERATOR, username=username, password_hash=h, role=role,
            display_name=name, municipality_number=number, shared_login=role == Role.GROUP)
    return users


def _demo_members(session: Session, part: Participation, rng: random.Random, number: str) -> list[Member]:
    size = rng.randint(4, 6)  # a six has a second teacher: both sector bins reach 3 (issue 24)
    roles = CORE_ROLES + rng.sample(LOCAL_ACTORS, size - len(CORE_ROLES))
    roles = (roles[:-1] + [SECOND_TEACHER] if size == 6 else roles)[:3 if number == SMALL_GROUP else 6]
    members = []
    for i, (role, sector) in enumerate(roles):
        m = Member(participation_id=part.id, name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                   group_role=role, sector=sector, is_coordinator=(i == 0))
        session.add(m)
        members.append(m)
    session.flush()
    return members


def _clip(value: int) -> int:
    return max(1, min(5, value))


def _demo_work(session, rng, muni, gatherings, members, areas, questions, focus_key, users):
    """Answers in the municipality's own words, per-member and group scores and actions that
    move from gathering to gathering.

    Scores: each member's current score stays at or below their own desired score for the
    area (a group seldom rates today above its goal), and the current level stays at 4 or
    below (a 5 today is rare in a programme that exists to close gaps)."""
    author = users[f"kommune-{muni.number}"]
    own = CONTENT["municipalities"][muni.number]
    desired = {a.id: rng.choice([4, 4, 5, 5, 5]) for a in areas}
    current = {a.id: rng.choice([1, 2, 2, 2, 3, 3]) for a in areas}
    for step, g in enumerate(gatherings):
        if step:  # things improve a little between gatherings, unevenly, never past the goal
            current = {k: min(desired[k] - 1, 4, v + rng.choice([0, 0, 1]))
                       for k, v in current.items()}
        for q in questions:
            text = own["answers"][q.number - 1]
            if step == len(gatherings) - 1 and q.number == 3:  # today: what has changed
                text = f"{text} {own['since']}"
            session.add(Answer(gathering_id=g.id, municipality_id=muni.id, question_id=q.id,
                               text=text, author_id=author.id))
        for area in areas:
            wished = {}
            for kind, centre in ((ScoreKind.DESIRED, desired), (ScoreKind.CURRENT, current)):
                values = []
                for m in members:
                    v = None if rng.random() < 0.04 else _clip(
                        centre[area.id] + rng.choice([-1, 0, 0, 0, 1]))
                    if kind == ScoreKind.CURRENT and v is not None:
                        v = min(v, wished.get(m.id) or 5, 4)
                    else:
                        wished[m.id] = v
                    values.append(v)
                    session.add(Score(gathering_id=g.id, municipality_id=muni.id,
                                      value_area_id=area.id, kind=kind, member_id=m.id, value=v))
                agreed = scoring.median(values)
                session.add(Score(gathering_id=g.id, municipality_id=muni.id,
                                  value_area_id=area.id, kind=kind, is_group=True,
                                  value=None if agreed is None else int(agreed + 0.5)))
    _demo_actions(session, rng, muni, gatherings, members, areas, author, focus_key)


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

ANCHORING = [(AnchoringKind(k), title, AnchoringStatus(s), note)
             for k, title, s, note in CONTENT["anchoring"]]


def _demo_anchoring(session, rng, programme_id: int, muni: Municipality, users) -> None:
    """Zero to three anchoring entries; the leadership has approved some adopted ones."""
    leader = users[f"kommuneleder-{muni.number}"]
    for kind, title, status, note in rng.sample(ANCHORING, rng.randint(0, 3)):
        approved = status != AnchoringStatus.PROPOSED and rng.random() < 0.6
        session.add(Anchoring(
            programme_id=programme_id, municipality_id=muni.id, kind=kind, title=title,
            status=status, note=f"{note} (Oppdiktet demotekst.)",
            case_ref=f"{date.today().year}/{rng.randint(100, 2999)}"
            if kind == AnchoringKind.POLITICAL else "",
            decided_on=date.today() - timedelta(days=rng.randint(20, 150))
            if status != AnchoringStatus.PROPOSED else None,
            owner=rng.choice(["Kommunalsjef oppvekst og kultur", "Kulturskoleleder",
                              "Rådmannens stab"]),
            leader_comment="Viktig for budsjettarbeidet. (Demo.)" if approved else "",
            approved_by_id=leader.id if approved else None,
            approved_at=datetime.now(UTC) - timedelta(days=rng.randint(5, 15))
            if approved else None))


def _demo_actions(session, rng, muni, gatherings, members, areas, author, focus_key):
    """Three actions from the municipality's focus area. Deadlines follow today: most lie
    ahead, some passed (done, or honestly late), so «Forfalt» marks the exception."""
    by_key = {a.key: a for a in areas}
    today = date.today()
    plans = [(ActionStatus.DONE, -rng.randint(20, 90)),
             (ActionStatus.IN_PROGRESS, rng.randint(20, 120)),
             (rng.choice([ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS,
                          ActionStatus.ON_HOLD, ActionStatus.IN_PROGRESS]),
              rng.choice([-14, 45, 90, 150]))]
    for position, ((title, keys), (status, days)) in enumerate(zip(
            rng.sample(CONTENT["actions"][focus_key], 3), plans, strict=True), 1):
        source = rng.choice(gatherings[:2])
        action = Action(
            programme_id=source.programme_id, municipality_id=muni.id, title=title,
            description="", owner_member_id=rng.choice(members).id,
            deadline=today + timedelta(days=days), status=status, priority=rng.randint(1, 3),
            progress_note=rng.choice(CONTENT["progress_notes"]) if status != ActionStatus.DONE
            else "Gjennomført.",
            source_gathering_id=source.id, created_by_id=author.id, shared=rng.random() < 0.3,
            position=position)
        session.add(action)
        session.flush()
        session.add(ActionNote(action_id=action.id, author_id=author.id,
                               text=action.progress_note, status=status))
        for key in keys:
            session.add(ActionValueArea(action_id=action.id, value_area_id=by_key[key].id))
    own = CONTENT["municipalities"][muni.number]["log"]
    for (kind, text), days in zip(((LogKind.PLAN, own[0]), (LogKind.REFLECT, own[1])),
                                  (rng.randint(40, 80), rng.randint(5, 30)), strict=True):
        session.add(LogEntry(programme_id=gatherings[0].programme_id, municipality_id=muni.id,
                             kind=kind, text=text, happened_on=today - timedelta(days=days),
                             author_id=author.id,
                             shared=kind == LogKind.REFLECT and rng.random() < 0.5))
