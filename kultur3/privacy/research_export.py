"""The research export (issue 24 §4): a programme's data as a Frictionless Data Package for
its research partner.

Who is in it: people who consented (kultur3/programme/research.py: the latest decision in
the programme is «yes»), as pseudonyms: HMAC-SHA256 of the person with the programme's key,
so one person keeps one pseudonym across exports and nobody without the key can link it back.
People without consent are left out with everything they wrote or scored, and so is a group
text (an answer, an action, an anchoring) that one of them saved at some point (the audit log
names every save), whoever saved it last. Names and e-mail addresses are never exported: no
name column exists, free-text columns that hold names by their nature (an action's owner as
typed, an anchoring's owner) are left out, and gathering titles (typed by staff) are replaced
by the gathering's kind and date.

Survey responses are anonymous by construction (a day, no time, no person), so they need no
consent and are all in; their open answers are left out: respondents were told their words
would be read by the group, not handed on, and a pupil's sentence can name a pupil.
Hidden (moderated) answers are left out too: they were hidden for what they said.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime

from sqlmodel import Session, col, select

from kultur3.access import audit, enrolment
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.group import scorers
from kultur3.models import (
    Action,
    ActionValueArea,
    Anchoring,
    Answer,
    AuditEvent,
    Gathering,
    LogEntry,
    Member,
    Municipality,
    Participation,
    Programme,
    Question,
    Score,
    Survey,
    SurveyResponse,
    SurveyScore,
    User,
    ValueArea,
)
from kultur3.privacy import research_package
from kultur3.programme import research
from kultur3.programme.catalogue import check_programme


def pseudonym(secret: str, kind: str, person_id: int) -> str:
    """A person's stable pseudonym in one programme: the first 16 bytes of HMAC-SHA256, hex
    (128 bits: no two of a programme's people collide in practice)."""
    digest = hmac.new(bytes.fromhex(secret), f"{kind}:{person_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _ts(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


class _People:
    """Who consented, and what the export says about each of them."""

    def __init__(self, session: Session, programme: Programme) -> None:
        self.secret = programme.research_secret
        self.users = research.consenting_users(session, programme.id)
        self.participants = research.consenting_participants(session, programme.id)
        self.rows: dict[str, dict] = {}
        members = session.exec(select(Member, Participation.municipality_id).join(
            Participation, Participation.id == Member.participation_id).where(
            Participation.programme_id == programme.id, col(Member.user_id).in_(
                self.users or {-1}))).all()
        self.member_user = {m.id: m.user_id for m, _ in members}
        self.member_row = {m.user_id: (m, mid) for m, mid in members}
        roles = dict(session.exec(select(User.id, User.role).where(
            col(User.id).in_(self.users or {-1}))).all())
        for uid in self.users:
            member, mid = self.member_row.get(uid, (None, None))
            self.rows[self.user(uid)] = {
                "person": self.user(uid), "kind": "account", "account_role": str(roles[uid]),
                "municipality_id": mid, "group_role": member.group_role if member else "",
                "sector": member.sector if member else "",
                "coordinator": bool(member and member.is_coordinator)}

    def user(self, user_id: int | None) -> str | None:
        if user_id is None or user_id not in self.users:
            return None
        return pseudonym(self.secret, "user", user_id)

    def participant(self, participant_id: int, municipality_id: int) -> str | None:
        if participant_id not in self.participants:
            return None
        name = pseudonym(self.secret, "participant", participant_id)
        self.rows.setdefault(name, {
            "person": name, "kind": "participant", "account_role": "participant",
            "municipality_id": municipality_id, "group_role": "", "sector": "",
            "coordinator": False})
        return name

    def role_sector(self, person: str | None) -> tuple[str, str]:
        row = self.rows.get(person or "", {})
        return row.get("group_role", ""), row.get("sector", "")


def _edited_by_others(session: Session, entity: str, actions: tuple[str, ...],
                      ids: list[int], consenting: set[int]) -> set[int]:
    """The ids of a kind of group text (an answer, an action, an anchoring) that someone
    without consent saved at some point, as the audit log names every save: the group edits
    these together and a row names only its last editor or its creator, whose consent does
    not cover the others' words."""
    rows = session.exec(select(AuditEvent.entity_id, AuditEvent.user_id).where(
        AuditEvent.entity == entity, col(AuditEvent.action).in_(actions),
        col(AuditEvent.entity_id).in_(ids or [-1]))).all()
    return {eid for eid, uid in rows if uid is None or uid not in consenting}


def build(session: Session, programme: Programme) -> dict[str, list[dict]]:
    """The package's tables as rows, one list per resource (research_package.RESOURCES)."""
    pid = programme.id
    people = _People(session, programme)
    munis = {m.id: m for m in session.exec(select(Municipality).where(
        col(Municipality.id).in_(sorted(enrolment.enrolled_ids(session, pid))))).all()}
    areas = {a.id: a.key for a in session.exec(
        select(ValueArea).where(ValueArea.programme_id == pid)).all()}
    gatherings = {g.id: g for g in session.exec(
        select(Gathering).where(Gathering.programme_id == pid)).all()}
    questions = {q.id: q.number for q in session.exec(
        select(Question).where(Question.programme_id == pid)).all()}

    def where(mid: int | None) -> dict:
        m = munis.get(mid)
        return {"municipality_number": m.number if m else "",
                "municipality": m.name if m else ""}

    def gathering(gid: int | None) -> dict:
        g = gatherings.get(gid)
        return {"gathering_id": gid if g else None,
                "gathering_kind": str(g.kind) if g else "",
                "gathering_date": _day(g.held_on) if g else ""}

    def who(person: str | None) -> dict:
        role, sector = people.role_sector(person)
        return {"person": person, "group_role": role, "sector": sector}

    scores = []
    for s in session.exec(select(Score).where(col(Score.gathering_id).in_(
            gatherings or {-1})).order_by(Score.id)).all():
        if s.is_group:
            person = None
        elif s.member_id is not None:
            person = people.user(people.member_user.get(s.member_id))
            if person is None:
                continue
        elif s.guest_key and scorers.is_participant_key(s.guest_key):
            person = people.participant(int(s.guest_key[1:]), s.municipality_id)
            if person is None:
                continue
        else:  # a guest of a shared login: nobody who could consent
            continue
        scores.append({**who(person), "group_value": s.is_group, **gathering(s.gathering_id),
                       **where(s.municipality_id), "value_area": areas.get(s.value_area_id, ""),
                       "kind": str(s.kind), "value": s.value,
                       "entered_by_staff": s.entered_by_id is not None,
                       "updated_at": _ts(s.updated_at)})

    rows = session.exec(select(Answer).where(col(Answer.gathering_id).in_(
        gatherings or {-1}), col(Answer.hidden).is_(False)).order_by(Answer.id)).all()
    others = _edited_by_others(session, "answer", ("answer.save",), [a.id for a in rows],
                               people.users)
    answers = []
    for a in rows:
        person = people.user(a.author_id)
        if person is None or not a.text.strip() or a.id in others:
            continue
        answers.append({"answer_id": a.id, **who(person), **gathering(a.gathering_id),
                        **where(a.municipality_id), "question": questions.get(a.question_id),
                        "value_area": areas.get(a.value_area_id, ""), "text": a.text,
                        "entered_by_staff": a.entered_by_id is not None,
                        "created_at": _ts(a.created_at), "updated_at": _ts(a.updated_at)})

    linked: dict[int, list[str]] = {}
    for link in session.exec(select(ActionValueArea).join(
            Action, Action.id == ActionValueArea.action_id).where(
            Action.programme_id == pid)).all():
        linked.setdefault(link.action_id, []).append(areas.get(link.value_area_id, ""))
    rows = session.exec(select(Action).where(Action.programme_id == pid, col(
        Action.deleted_at).is_(None)).order_by(Action.id)).all()
    others = _edited_by_others(session, "action", ("action.create", "action.update"),
                               [a.id for a in rows], people.users)
    actions = []
    for a in rows:
        person = people.user(a.created_by_id)
        if person is None or a.id in others:
            continue
        actions.append({"action_id": a.id, **who(person), **where(a.municipality_id),
                        "title": a.title, "description": a.description,
                        "value_areas": " ".join(sorted(linked.get(a.id, []))),
                        "owner": people.user(people.member_user.get(a.owner_member_id)),
                        "status": str(a.status), "priority": a.priority,
                        "deadline": _day(a.deadline),
                        "source_gathering_id": a.source_gathering_id,
                        "shared": a.shared, "created_at": _ts(a.created_at),
                        "updated_at": _ts(a.updated_at)})

    log = []
    for e in session.exec(select(LogEntry).where(LogEntry.programme_id == pid)
                          .order_by(LogEntry.id)).all():
        person = people.user(e.author_id)
        if person is None:
            continue
        log.append({"entry_id": e.id, **who(person), **where(e.municipality_id),
                    "kind": str(e.kind), "text": e.text, "happened_on": _day(e.happened_on),
                    "shared": e.shared, "created_at": _ts(e.created_at)})

    rows = session.exec(select(Anchoring).where(Anchoring.programme_id == pid)
                        .order_by(Anchoring.id)).all()
    others = _edited_by_others(session, "anchoring", ("anchoring.add", "anchoring.update"),
                               [e.id for e in rows], people.users)
    anchoring = []
    for e in rows:
        person = people.user(e.created_by_id)
        if person is None or e.id in others:
            continue
        anchoring.append({"anchoring_id": e.id, **who(person), **where(e.municipality_id),
                          "kind": str(e.kind), "title": e.title, "status": str(e.status),
                          "decided_on": _day(e.decided_on), "note": e.note,
                          "approved": e.approved_at is not None,
                          "approved_at": _ts(e.approved_at), "created_at": _ts(e.created_at),
                          "updated_at": _ts(e.updated_at)})

    surveys = {s.id: s for s in session.exec(
        select(Survey).where(Survey.programme_id == pid)).all()}
    responses, survey_scores = [], []
    for r in session.exec(select(SurveyResponse).where(col(SurveyResponse.survey_id).in_(
            surveys or {-1})).order_by(SurveyResponse.id)).all():
        s = surveys[r.survey_id]
        responses.append({"response_id": r.id, "survey_id": s.id, **where(s.municipality_id),
                          "audience": str(s.audience), "survey_lang": s.lang,
                          "answered_on": _day(r.answered_on)})
    ids = [r["response_id"] for r in responses]
    for sc in session.exec(select(SurveyScore).where(col(SurveyScore.response_id).in_(
            ids or [-1])).order_by(SurveyScore.response_id, SurveyScore.value_area_id)).all():
        survey_scores.append({"response_id": sc.response_id,
                              "value_area": areas.get(sc.value_area_id, ""), "value": sc.value})

    persons = [{**row, **where(row.pop("municipality_id"))}
               for row in sorted(people.rows.values(), key=lambda r: r["person"])]
    return {"people": persons, "scores": scores, "answers": answers, "actions": actions,
            "log_entries": log, "anchoring": anchoring, "survey_responses": responses,
            "survey_scores": survey_scores}


def research_export(*, session: Session, actor: Actor, programme_id: int,
                    now: datetime | None = None) -> dict[str, bytes]:
    """The package's files by name (datapackage.json, codebook.md, one CSV per table).
    The admin and the programme's research partner; refused until a partner is named."""
    check(actor, "research.export")
    check_programme(session=session, actor=actor, programme_id=programme_id)
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise NotFound()
    if not programme.research_partner or not programme.research_secret:
        raise InvalidInput(key="research.no_partner")
    tables = build(session, programme)
    audit.record(session, actor=actor, action="research.export", entity="programme",
                 entity_id=programme_id, detail={k: len(v) for k, v in tables.items()})
    return research_package.files(programme, tables, now=now)


def research_zip(*, session: Session, actor: Actor, programme_id: int) -> bytes:
    """The package as one zip file (the download button)."""
    return research_package.zipped(research_export(session=session, actor=actor,
                                                   programme_id=programme_id))

