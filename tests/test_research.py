"""Research use (issue 24 §4): the partner and purpose, consent events, the research export
(a Frictionless Data Package of pseudonyms), the researcher role and the command line."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from sqlmodel import select

from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.group import actions, invitations
from kultur3.live import joining
from kultur3.models import (
    Action,
    Answer,
    LogKind,
    Member,
    Municipality,
    Participant,
    ResearchConsent,
    Role,
    Score,
    ScoreKind,
    Survey,
    SurveyAudience,
    SurveyResponse,
    SurveyScore,
    User,
)
from kultur3.privacy import personal_data, research_export, retention
from kultur3.programme import catalogue, lifecycle, research
from tests.factories import ADMIN, enrol, make_gathering, make_programme, make_user

PARTNER = "Universitetet i Sørøst-Norge"
PURPOSE = "Følgeforskning på samskaping i kulturskolen"


def _with_partner(session, name="Forskning"):
    programme = make_programme(session, name)
    research.set_research_partner(session=session, actor=ADMIN, programme_id=programme.id,
                                  partner=PARTNER, purpose=PURPOSE)
    return programme


def _member_of(session, actor) -> Member:
    return session.exec(select(Member).where(Member.user_id == actor.user_id)).one()


def _invite(session, programme, email, *, consent: bool, name: str):
    invited = invitations.invite(session=session, actor=ADMIN, email=email, role=Role.GROUP,
                                 programme_id=programme.id,
                                 municipality_id=session.exec(select(Municipality.id).where(
                                     Municipality.number == "4638")).one(),
                                 display_name=name, group_role="Lærer", sector="Kulturskolen")
    return invitations.accept(session=session, token=invited.token,
                              password="et-godt-passord-2027", display_name=name,
                              research_consent=consent)


def _world(session):
    """Two people in one group: Kari consents, Ola does not. Each writes an answer, scores,
    an action and a log entry; a code participant consents; a survey has two responses."""
    programme = _with_partner(session)
    mid = enrol(session, programme, "4638")
    kari = _invite(session, programme, "kari.nordmann@example.no", consent=True,
                   name="Kari Nordmann")
    ola = _invite(session, programme, "ola.hansen@example.no", consent=False, name="Ola Hansen")
    gid = make_gathering(session, programme, held_on=date(2027, 3, 1))
    questions = catalogue.questions(session=session, programme_id=programme.id)
    area = catalogue.value_areas(session=session, programme_id=programme.id)[0]
    for who, text, value, question in ((kari, "Kulturskolen i hele kommunen", 4, questions[0]),
                                       (ola, "Ola sitt svar", 2, questions[1])):
        session.add(Answer(gathering_id=gid, municipality_id=mid, question_id=question.id,
                           text=text, author_id=who.user_id))
        session.add(Score(gathering_id=gid, municipality_id=mid, value_area_id=area.id,
                          kind=ScoreKind.CURRENT, member_id=_member_of(session, who).id,
                          value=value))
        actions.create_action(session=session, actor=who, programme_id=programme.id,
                              municipality_id=mid, title=f"Tiltak fra {who.user_id}",
                              value_area_ids=[area.id])
        actions.add_log_entry(session=session, actor=who, programme_id=programme.id,
                              municipality_id=mid, kind=LogKind.REFLECT,
                              text=f"Refleksjon {who.user_id}", happened_on=date(2027, 3, 2))
    survey = Survey(programme_id=programme.id, municipality_id=mid, title="Elevene",
                    audience=SurveyAudience.PUPILS, opens_on=date(2027, 3, 1),
                    closes_on=date(2027, 4, 1), token="t" * 40)
    session.add(survey)
    session.flush()
    for value in (3, None):
        response = SurveyResponse(survey_id=survey.id, answered_on=date(2027, 3, 3),
                                  open_answer="Per Pettersen er en fin lærer")
        session.add(response)
        session.flush()
        session.add(SurveyScore(response_id=response.id, value_area_id=area.id, value=value))
    session.flush()
    return programme, mid, gid, kari, ola


def _tables(package: dict[str, bytes]) -> dict[str, list[dict]]:
    return {name[:-4]: list(csv.DictReader(io.StringIO(content.decode())))
            for name, content in package.items() if name.endswith(".csv")}


def test_consent_is_asked_at_invitation_and_the_latest_decides(session):
    programme, _mid, _gid, kari, ola = _world(session)
    assert research.consenting_users(session, programme.id) == {kari.user_id}
    row = session.exec(select(ResearchConsent).where(
        ResearchConsent.user_id == ola.user_id)).one()
    assert not row.given and PARTNER in row.text and PURPOSE in row.text
    assert row.source == "invitation"
    # Changed on /min-konto: withdrawn, given again; each a row of its own.
    research.set_my_consent(session=session, actor=kari, programme_id=programme.id, given=False)
    research.set_my_consent(session=session, actor=ola, programme_id=programme.id, given=True)
    assert research.consenting_users(session, programme.id) == {ola.user_id}
    mine = research.my_consents(session=session, actor=ola)
    assert [(c.programme_id, c.given, c.partner) for c in mine] == [
        (programme.id, True, PARTNER)]
    assert session.exec(select(ResearchConsent).where(
        ResearchConsent.user_id == kari.user_id)).all()[-1].source == "account"


def test_nobody_is_asked_without_a_partner_and_default_is_no(session):
    programme = make_programme(session)
    enrol(session, programme, "4638")
    kari = make_user(session, Role.GROUP, programme=programme, municipality="4638")
    assert research.my_consents(session=session, actor=kari) == []
    assert session.exec(select(ResearchConsent)).all() == []
    with pytest.raises(PermissionDenied):  # no partner: nothing to consent to
        research.set_my_consent(session=session, actor=kari, programme_id=programme.id,
                                given=True)
    other = _with_partner(session, "Et annet program")
    with pytest.raises(PermissionDenied):  # not a programme Kari takes part in
        research.set_my_consent(session=session, actor=kari, programme_id=other.id,
                                given=True)


def test_partner_settings_are_the_admins_and_a_purpose_is_needed(session):
    programme = make_programme(session)
    enrol(session, programme, "4638")
    kari = make_user(session, Role.GROUP, programme=programme, municipality="4638")
    with pytest.raises(PermissionDenied):
        research.set_research_partner(session=session, actor=kari, programme_id=programme.id,
                                      partner="X", purpose="Y")
    with pytest.raises(InvalidInput):
        research.set_research_partner(session=session, actor=ADMIN, programme_id=programme.id,
                                      partner=PARTNER, purpose="  ")
    research.set_research_partner(session=session, actor=ADMIN, programme_id=programme.id,
                                  partner=PARTNER, purpose=PURPOSE)
    key = programme.research_secret
    assert len(key) == 64
    research.set_research_partner(session=session, actor=ADMIN, programme_id=programme.id,
                                  partner="OsloMet", purpose=PURPOSE)
    assert programme.research_secret == key  # pseudonyms stay stable
    from kultur3.models import AuditEvent
    logged = json.dumps([e.detail for e in session.exec(select(AuditEvent)).all()])
    assert key not in logged


def test_the_export_holds_only_consented_people_as_pseudonyms(session):
    programme, _mid, _gid, kari, ola = _world(session)
    package = research_export.research_export(session=session, actor=ADMIN,
                                              programme_id=programme.id)
    tables = _tables(package)
    people = {row["person"] for row in tables["people"]}
    assert len(people) == 1
    me = research_export.pseudonym(programme.research_secret, "user", kari.user_id)
    assert people == {me}
    assert [r["text"] for r in tables["answers"]] == ["Kulturskolen i hele kommunen"]
    assert [r["value"] for r in tables["scores"]] == ["4"]
    assert {r["person"] for r in tables["actions"]} == {me}
    assert {r["person"] for r in tables["log_entries"]} == {me}
    assert tables["people"][0]["sector"] == "kulturskolen"  # the controlled list's value
    assert tables["people"][0]["municipality_number"] == "4638"
    # Survey responses: anonymous, all in, without their open answers.
    assert len(tables["survey_responses"]) == 2
    assert sorted(r["value"] for r in tables["survey_scores"]) == ["", "3"]
    assert b"Per Pettersen" not in b"".join(package.values())
    # A second export gives the same pseudonym.
    again = _tables(research_export.research_export(session=session, actor=ADMIN,
                                                    programme_id=programme.id))
    assert {row["person"] for row in again["people"]} == {me}


def test_a_yes_is_to_the_question_the_page_showed(session):
    """The admin widens the purpose while an invitation page is open: the «yes» ticked under
    the old question is refused, to be asked again, rather than stored with a text the person
    never saw; the same on joining by code."""
    programme = _with_partner(session)
    mid = enrol(session, programme, "4638")
    invited = invitations.invite(session=session, actor=ADMIN, email="siri@example.no",
                                 role=Role.GROUP, programme_id=programme.id, municipality_id=mid)
    shown = (PARTNER, PURPOSE)
    research.set_research_partner(session=session, actor=ADMIN, programme_id=programme.id,
                                  partner=PARTNER, purpose=PURPOSE + " og helsedata")
    with pytest.raises(InvalidInput) as refused:
        invitations.accept(session=session, token=invited.token,
                           password="et-godt-passord-2027", research_consent=True,
                           research_shown=shown)
    assert refused.value.key == "research.question_changed"
    assert session.exec(select(ResearchConsent)).all() == []
    gid = make_gathering(session, programme)
    joining.set_code_joining(session=session, actor=ADMIN, gathering_id=gid, enabled=True)
    code = joining.ensure_join_code(session=session, actor=ADMIN, gathering_id=gid)
    with pytest.raises(InvalidInput):
        joining.join(session=session, code=code, municipality_id=mid, research_consent=True,
                     research_shown=shown)
    assert session.exec(select(ResearchConsent)).all() == []
    now = (PARTNER, PURPOSE + " og helsedata")
    joining.join(session=session, code=code, municipality_id=mid, research_consent=True,
                 research_shown=now)
    actor = invitations.accept(session=session, token=invited.token,
                               password="et-godt-passord-2027", research_consent=True,
                               research_shown=now)
    assert research.consenting_users(session, programme.id) == {actor.user_id}
    assert all("helsedata" in r.text for r in session.exec(select(ResearchConsent)))


def test_a_group_text_someone_without_consent_saved_stays_out(session):
    """The group's answer and action are edited together and name only the last editor (or
    the creator): Ola (no consent) wrote them, Kari (consent) saved last or created them. The
    audit log names every save; neither is exported."""
    from kultur3.access import audit
    programme, _mid, _gid, kari, ola = _world(session)
    answer = session.exec(select(Answer).where(Answer.author_id == kari.user_id)).one()
    action_id = session.exec(select(Action.id).where(Action.created_by_id == kari.user_id)).one()
    audit.record(session, actor=ola, action="answer.save", entity="answer", entity_id=answer.id,
                 detail={"before": None, "after": "Olas ord"})
    audit.record(session, actor=ola, action="action.update", entity="action",
                 entity_id=action_id, detail={})
    session.flush()
    tables = _tables(research_export.research_export(session=session, actor=ADMIN,
                                                     programme_id=programme.id))
    assert tables["answers"] == [] and tables["actions"] == []
    assert len(tables["log_entries"]) == 1  # Kari's own entry stays


def test_a_shared_logins_yes_is_nobodys_consent(session):
    """A group's table login (shared_login, as the demo's «kommune-N», which stands as the
    coordinator's member row) is typed on by whoever sits there: its «yes» would hand their
    words to the researcher. It is neither asked nor counted."""
    programme, _mid, _gid, kari, _ola = _world(session)
    user = session.get(User, kari.user_id)
    user.shared_login = True
    session.add(user)
    session.flush()
    tables = _tables(research_export.research_export(session=session, actor=ADMIN,
                                                     programme_id=programme.id))
    assert tables["people"] == [] and tables["answers"] == [] and tables["log_entries"] == []
    assert research.my_consents(session=session, actor=kari) == []
    with pytest.raises(PermissionDenied):
        research.set_my_consent(session=session, actor=kari, programme_id=programme.id,
                                given=True)


def test_the_export_holds_no_name_or_address_in_the_database(session):
    """Every name and e-mail address stored anywhere: zero hits in any file."""
    programme, _mid, _gid, kari, ola = _world(session)
    research.set_my_consent(session=session, actor=ola, programme_id=programme.id, given=True)
    blob = b"".join(research_export.research_export(
        session=session, actor=ADMIN, programme_id=programme.id).values()).decode().lower()
    needles = set()
    for u in session.exec(select(User)).all():
        needles |= {u.username, u.display_name}
    for m in session.exec(select(Member)).all():
        needles |= {m.name, m.email or ""}
    needles = {n.lower() for n in needles if n and len(n) > 2}
    assert "kari nordmann" in needles and "ola.hansen@example.no" in needles
    assert sorted(n for n in needles if n in blob) == []


def test_the_package_validates_with_frictionless(session, tmp_path):
    import frictionless  # requirements-dev.txt: missing, this fails, it never skips
    programme, *_ = _world(session)
    package = research_export.research_export(session=session, actor=ADMIN,
                                              programme_id=programme.id)
    from kultur3.privacy import research_package
    research_package.write(package, tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    codebook = package["codebook.md"].decode()
    for name, (_nb, _en, cols) in research_package.RESOURCES.items():
        for column, *_ in cols:
            assert f"`{column}`" in codebook, (name, column)


def test_a_participant_who_joined_by_code_is_asked_too(session):
    programme, mid, gid, *_ = _world(session)
    code = joining.ensure_join_code(session=session, actor=ADMIN, gathering_id=gid)
    joining.set_code_joining(session=session, actor=ADMIN, gathering_id=gid, enabled=True)
    info = joining.find_by_code(session=session, code=code)
    assert info.research_partner == PARTNER
    yes = joining.join(session=session, code=code, municipality_id=mid, research_consent=True)
    no = joining.join(session=session, code=code, municipality_id=mid)
    by_key = {p.key: p.id for p in session.exec(select(Participant)).all()}
    assert research.consenting_participants(session, programme.id) == {by_key[yes]}
    area = catalogue.value_areas(session=session, programme_id=programme.id)[0]
    for key, value in ((yes, 5), (no, 1)):
        session.add(Score(gathering_id=gid, municipality_id=mid, value_area_id=area.id,
                          kind=ScoreKind.DESIRED, guest_key=f"p{by_key[key]}", value=value))
    session.flush()
    tables = _tables(research_export.research_export(session=session, actor=ADMIN,
                                                     programme_id=programme.id))
    desired = [r for r in tables["scores"] if r["kind"] == "desired"]
    assert [r["value"] for r in desired] == ["5"]
    assert any(r["kind"] == "participant" for r in tables["people"])
    # Retention: a participant forgotten takes its consent with it (the foreign key cascades).
    from datetime import timedelta

    from kultur3.models import utcnow
    personal_data.purge_participants(session=session, older_than_days=1,
                                     now=utcnow() + timedelta(days=2))
    session.expire_all()
    assert session.exec(select(ResearchConsent).where(
        ResearchConsent.participant_id.is_not(None))).all() == []


def test_only_the_admin_and_the_programmes_researcher_export(session):
    programme, *_rest, kari, _ola = _world(session)
    researcher = make_user(session, Role.RESEARCHER, programme=programme)
    research_export.research_export(session=session, actor=researcher,
                                    programme_id=programme.id)
    other = make_programme(session, "Annet")
    research.set_research_partner(session=session, actor=ADMIN, programme_id=other.id,
                                  partner=PARTNER, purpose=PURPOSE)
    for actor, pid in ((researcher, other.id), (kari, programme.id)):
        with pytest.raises(PermissionDenied):
            research_export.research_export(session=session, actor=actor, programme_id=pid)
    facilitator = make_user(session, Role.FACILITATOR, programme=programme)
    with pytest.raises(PermissionDenied):  # a facilitator neither exports nor invites one
        research_export.research_export(session=session, actor=facilitator,
                                        programme_id=programme.id)
    with pytest.raises(PermissionDenied):
        invitations.invite(session=session, actor=facilitator, email="f@example.no",
                           role=Role.RESEARCHER, programme_id=programme.id)
    without = make_programme(session, "Uten partner")
    with pytest.raises(InvalidInput):
        research_export.research_export(session=session, actor=ADMIN, programme_id=without.id)


def test_privacy_export_erase_and_retention_take_the_consents(session):
    from datetime import timedelta

    from kultur3.models import ProgrammeStatus, utcnow
    programme, _mid, _gid, kari, ola = _world(session)
    exported = personal_data.export_person(session=session, actor=ADMIN,
                                           kind=personal_data.USER, person_id=kari.user_id)
    assert [r["given"] for r in exported["research_consents"]] == [True]
    personal_data.delete_person(session=session, actor=ADMIN, kind=personal_data.USER,
                                person_id=kari.user_id)
    assert session.exec(select(ResearchConsent).where(
        ResearchConsent.user_id == kari.user_id)).all() == []
    for status in (ProgrammeStatus.CLOSED, ProgrammeStatus.ARCHIVED):
        lifecycle.set_status(session=session, actor=ADMIN, programme_id=programme.id,
                             status=status)
    purge = retention.purge_archived(session=session, archived_before=utcnow() + timedelta(1),
                                     apply=True)
    assert purge.consents == 1  # Ola's
    assert session.exec(select(ResearchConsent)).all() == []


def test_the_command_line_writes_the_package(engine, tmp_path):
    """Outside demo mode, from an empty database with one programme and its partner."""
    from sqlmodel import Session

    from tests.test_cli import cli
    with Session(engine) as s:
        programme, *_ = _world(s)
        slug = programme.slug
        s.commit()
    url = engine.url.render_as_string(hide_password=False)
    done = cli(url, "research-export", "--programme", slug, str(tmp_path / "ut"), demo=False)
    assert done.returncode == 0, done.stderr
    assert "Forskningsuttrekket" in done.stdout
    written = sorted(p.name for p in (tmp_path / "ut").iterdir())
    assert {"datapackage.json", "codebook.md", "people.csv", "survey_scores.csv"} <= set(written)
    missing = cli(url, "research-export", "--programme", "finnes-ikke", str(tmp_path / "x"),
                  demo=False)
    assert missing.returncode == 2 and "Feil:" in missing.stderr


def test_the_demo_export_holds_no_name_when_everyone_consented(demo):
    """The demo's programme, every account consenting: none of the demo's member names,
    addresses, logins or display names appears in any file."""
    from kultur3.models import Programme
    programme = demo.exec(select(Programme)).first()
    research.set_research_partner(session=demo, actor=ADMIN, programme_id=programme.id,
                                  partner=PARTNER, purpose=PURPOSE)
    for user in demo.exec(select(User)).all():
        # The demo's group logins are shared (a shared login's «yes» counts for nobody): made
        # personal here, so the groups' words are in the export for the scan.
        user.shared_login = False
        demo.add(ResearchConsent(programme_id=programme.id, user_id=user.id, given=True))
    demo.flush()
    package = research_export.research_export(session=demo, actor=ADMIN,
                                              programme_id=programme.id)
    assert len(_tables(package)["answers"]) > 0  # the groups' words are in, unsigned
    blob = b"".join(package.values()).decode().lower()
    needles = {m.name for m in demo.exec(select(Member)).all()}
    needles |= {m.email for m in demo.exec(select(Member)).all() if m.email}
    needles |= {u.display_name for u in demo.exec(select(User)).all()}
    # Logins that are a person's or a group's («kommune-3203»); not «fasilitator» or
    # «leder», which are the demo's role logins and words the codebook uses.
    needles |= {u.username for u in demo.exec(select(User)).all()
                if "-" in u.username or "@" in u.username}
    assert sorted(n for n in {n.lower() for n in needles} if n in blob) == []
