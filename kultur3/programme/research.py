"""A programme's research partner and each person's consent to research use (issue 24 §4).

The admin names the partner and the purpose; naming the first makes the programme's
pseudonym key (32 random bytes, never shown, logged or exported). A person is asked when
accepting an invitation or joining by code (default: not given) and may change their mind
on /min-konto. Every decision is a new row with its time and the exact text shown; the latest
decides (consenting_users / consenting_participants, read by the research export).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, check
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.core.i18n import t
from kultur3.core.validation import clean_text
from kultur3.models import (
    DESCRIPTION_MAX,
    NAME_MAX,
    Member,
    Participation,
    Programme,
    ProgrammeAccess,
    ResearchConsent,
    User,
)
from kultur3.programme.catalogue import check_programme
from kultur3.store.changed import changed

INVITATION, JOIN, ACCOUNT = "invitation", "join", "account"


@dataclass(frozen=True)
class ResearchSettings:
    programme_id: int
    partner: str
    purpose: str


@dataclass(frozen=True)
class MyConsent:
    """One programme with a research partner that the person takes part in, and their
    current decision (False until they give it)."""

    programme_id: int
    programme: str
    partner: str
    purpose: str
    given: bool
    recorded_at: datetime | None


def research_settings(*, session: Session, actor: Actor, programme_id: int) -> ResearchSettings:
    """The partner and the purpose as the admin edits them (never the key)."""
    check(actor, "programme.edit")
    check_programme(session=session, actor=actor, programme_id=programme_id)
    p = session.get(Programme, programme_id) or _missing()
    return ResearchSettings(p.id, p.research_partner, p.research_purpose)


def set_research_partner(*, session: Session, actor: Actor, programme_id: int, partner: str,
                         purpose: str) -> None:
    """Name (or clear) the research partner and the purpose. The key is made once, with the
    first partner, and kept when the partner changes: a researcher's pseudonyms stay stable
    across exports of one programme."""
    check(actor, "programme.edit")
    check_programme(session=session, actor=actor, programme_id=programme_id)
    p = session.get(Programme, programme_id) or _missing()
    partner, purpose = clean_text(partner), clean_text(purpose)
    if len(partner) > NAME_MAX * 2 or len(purpose) > DESCRIPTION_MAX:
        raise InvalidInput(key="research.too_long")
    if partner and not purpose:
        raise InvalidInput(key="research.purpose_needed")
    before = {"partner": p.research_partner, "purpose": p.research_purpose}
    p.research_partner, p.research_purpose = partner, purpose
    if partner and not p.research_secret:
        p.research_secret = secrets.token_hex(32)
    session.add(p)
    session.flush()
    changed(session)
    audit.record(session, actor=actor, action="research.partner", entity="programme",
                 entity_id=programme_id,
                 detail={"before": before, "after": {"partner": partner, "purpose": purpose}})
    # ... never the key.


def consent_text(programme: Programme, lang: str) -> str:
    """The question exactly as shown (and stored with the answer): partner and purpose in."""
    return t("research.consent_text", lang, partner=programme.research_partner,
             purpose=programme.research_purpose)


def asks(session: Session, programme_id: int | None) -> Programme | None:
    """The programme when it has a research partner (so the question is asked), else None."""
    p = session.get(Programme, programme_id) if programme_id else None
    return p if p is not None and p.research_partner else None


def check_shown(session: Session, programme_id: int | None, given: bool,
                shown: tuple[str, str] | None) -> None:
    """A «yes» is to the question the page showed: refused (to be asked again) when the
    admin changed the partner or the purpose since, or the record would hold a text the
    person never saw. shown: (partner, purpose) as the page had them; None from callers
    that show no page (the command line, tests)."""
    p = asks(session, programme_id)
    if given and shown is not None and p is not None and tuple(shown) != (
            p.research_partner, p.research_purpose):
        raise InvalidInput(key="research.question_changed")


def record(session: Session, *, programme_id: int, given: bool, lang: str, source: str,
           user_id: int | None = None, participant_id: int | None = None) -> None:
    """Store one decision (the caller has established who the person is: the account that
    just accepted its invitation, the participant that just joined). Nothing is stored when
    the programme has no research partner: nobody was asked."""
    if (user_id is None) == (participant_id is None):
        raise TypeError("a consent names one person: an account or a participant")
    p = asks(session, programme_id)
    if p is None:
        return
    session.add(ResearchConsent(programme_id=programme_id, user_id=user_id,
                                participant_id=participant_id, given=bool(given),
                                text=consent_text(p, lang), lang=lang, source=source))
    session.flush()
    changed(session)
    audit.record(session, actor=None, action="research.consent", entity="programme",
                 entity_id=programme_id,
                 detail={"given": bool(given), "source": source,
                         "person": f"user-{user_id}" if user_id else f"deltaker-{participant_id}"})


def _programmes_of(session: Session, user_id: int) -> list[int]:
    """The programmes an account takes part in: by a member row or by programme access."""
    by_member = select(Participation.programme_id).join(
        Member, Member.participation_id == Participation.id).where(Member.user_id == user_id)
    by_access = select(ProgrammeAccess.programme_id).where(ProgrammeAccess.user_id == user_id)
    return sorted(set(session.exec(by_member).all()) | set(session.exec(by_access).all()))


def _latest(session: Session, programme_id: int, column, person_id: int):
    return session.exec(select(ResearchConsent).where(
        ResearchConsent.programme_id == programme_id, column == person_id)
        .order_by(col(ResearchConsent.id).desc()).limit(1)).first()


def my_consents(*, session: Session, actor: Actor) -> list[MyConsent]:
    """The acting account's decision per programme that has a research partner."""
    if not isinstance(actor, Actor) or actor.user_id is None:
        raise PermissionDenied()
    if _shared(session, actor.user_id):
        return []  # not a person: nothing to ask
    out = []
    for pid in _programmes_of(session, actor.user_id):
        p = asks(session, pid)
        if p is None:
            continue
        last = _latest(session, pid, ResearchConsent.user_id, actor.user_id)
        out.append(MyConsent(pid, p.name, p.research_partner, p.research_purpose,
                             bool(last and last.given), last.recorded_at if last else None))
    return out


def set_my_consent(*, session: Session, actor: Actor, programme_id: int, given: bool,
                   lang: str = "nb") -> None:
    """The acting account gives or withdraws its consent in one of its programmes."""
    if not isinstance(actor, Actor) or actor.user_id is None:
        raise PermissionDenied()
    if programme_id not in _programmes_of(session, actor.user_id) or asks(
            session, programme_id) is None or _shared(session, actor.user_id):
        raise PermissionDenied()
    record(session, programme_id=programme_id, given=given, lang=lang, source=ACCOUNT,
           user_id=actor.user_id)


def _consenting(session: Session, programme_id: int, column) -> set[int]:
    newest = (select(column, func.max(ResearchConsent.id).label("last"))
              .where(ResearchConsent.programme_id == programme_id, col(column).is_not(None))
              .group_by(column).subquery())
    rows = session.exec(select(ResearchConsent).join(
        newest, newest.c.last == ResearchConsent.id)).all()
    return {getattr(r, column.key) for r in rows if r.given}


def _shared(session: Session, user_id: int) -> bool:
    """A group's shared login (User.shared_login): whoever sits at the table types on it, so
    its «yes» is nobody's consent (the people at the table were never asked)."""
    user = session.get(User, user_id)
    return user is None or user.shared_login


def consenting_users(session: Session, programme_id: int) -> set[int]:
    """Accounts whose latest decision in the programme is «yes»; never a shared login."""
    given = _consenting(session, programme_id, ResearchConsent.user_id)
    shared = set(session.exec(select(User.id).where(
        col(User.id).in_(given or {-1}), col(User.shared_login))).all())
    return given - shared


def consenting_participants(session: Session, programme_id: int) -> set[int]:
    """Participants (joined by code) whose latest decision in the programme is «yes»."""
    return _consenting(session, programme_id, ResearchConsent.participant_id)


def export_rows(session: Session, user_id: int) -> list[dict]:
    """A person's consent history, for their privacy export."""
    rows = session.exec(select(ResearchConsent).where(ResearchConsent.user_id == user_id)
                        .order_by(ResearchConsent.id)).all()
    return [r.model_dump(mode="json") for r in rows]


def _missing():
    raise NotFound()

