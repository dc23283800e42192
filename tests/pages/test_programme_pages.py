"""The pages a real programme starts from, on an empty install outside demo mode: the first
programme, enrolling, inviting, the invitation link, the group's own page, and the level
texts where people score."""

import pytest
from sqlmodel import select

from kultur3.access import accounts, identity, sessions
from kultur3.access.permissions import OPERATOR
from kultur3.group import invitations
from kultur3.models import (
    Municipality,
    Participation,
    Programme,
    ProgrammeAccess,
    ProgrammeStatus,
    Role,
    User,
)
from kultur3.programme import catalogue, lifecycle
from kultur3.store.db import session_scope
from kultur3.ui import keys
from tests.pages.conftest import empty_install, run_app
from tests.pages.conftest import texts as _texts

PASSWORD = "et-godt-passord-2027"


def texts(at) -> str:
    """Visible text as read on screen (markdown escapes of user text removed)."""
    return _texts(at).replace("\\", "")


@pytest.fixture
def real(backend, monkeypatch):
    """A fresh database as `db upgrade` leaves it (register only), not in demo mode, with one
    administrator made on the command line; yields an open session on it."""
    with empty_install(backend, monkeypatch) as s:
        accounts.create_user(session=s, actor=OPERATOR, username="kari", password=PASSWORD, role=Role.ADMIN,
                             display_name="Kari Admin")
        s.commit()
        yield s


def _programme(s, name="Vestland 2027") -> Programme:
    p = lifecycle.create_programme(session=s, actor=OPERATOR,
                                         data=lifecycle.ProgrammeInput(name=name))
    lifecycle.enrol(session=s, actor=OPERATOR, programme_id=p.id,
                          numbers=["4638", "4647", "4618"])
    s.commit()
    return p


def _mid(s, number: str) -> int:
    return s.exec(select(Municipality.id).where(Municipality.number == number)).one()


def test_the_first_programme_is_created_in_the_app(real):
    at = run_app("kari", page="admin_programme")
    assert not at.exception
    assert "Det finnes ingen program ennå" in texts(at)
    assert "Demodata" not in texts(at)
    at.text_input(key="admin_programme.new.name").input("Kulturskole 3.0 – Vestland 2027")
    at.text_area(key="admin_programme.new.description").input("Andre kull <b>fet</b>")
    at.button(key="admin_programme.new.submit").click().run()
    assert "Programmet «Kulturskole 3.0 – Vestland 2027» er opprettet" in texts(at)
    assert "Rammeverket i Kulturskole 3.0 – Vestland 2027" in texts(at)
    at.text_input(key="admin_programme.new.name").input("kulturskole 3.0 – vestland 2027")
    at.button(key="admin_programme.new.submit").click().run()
    assert "Det finnes allerede et program som heter" in texts(at)
    real.expire_all()
    assert len(real.exec(select(Programme)).all()) == 1
    box = at.selectbox(key="admin_programme.manage")
    box.select(box.options[0]).run()
    at.button(key="admin_programme.to_active").click().run()
    real.expire_all()
    assert real.exec(select(Programme)).one().status == ProgrammeStatus.ACTIVE


def test_the_admin_edits_an_areas_level_texts(real):
    _programme(real)
    at = run_app("kari", page="admin_programme")
    box = at.selectbox(key="admin_programme.area")
    box.select(box.options[0]).run()
    area_id = int(next(b.key for b in at.button if b.key and b.key.startswith(
        "admin_programme.texts")).split(".")[1].removeprefix("texts"))
    key = f"admin_programme.texts{area_id}"
    at.text_area(key=f"{key}.2.nb").input("Første forsøk med to skoler.")
    at.button(key=f"{key}.submit").click().run()
    assert "Lagret." in texts(at)
    at.text_area(key=f"{key}.5.nb").input("")
    at.button(key=f"{key}.submit").click().run()
    assert "«Nivå 5 (3.0: samskapt og forankret) (Bokmål)» kan ikke være tomt." in texts(at)


def test_the_admin_edits_an_areas_survey_statement_per_language(real):
    """Issue 24: the survey's statement sits beside the level texts, prefilled with the
    built-in one, and is saved per language."""
    from kultur3.models import ValueArea
    _programme(real)
    at = run_app("kari", page="admin_programme")
    box = at.selectbox(key="admin_programme.area")
    box.select(box.options[1]).run()
    area_id = int(next(b.key for b in at.button if b.key and b.key.startswith(
        "admin_programme.texts")).split(".")[1].removeprefix("texts"))
    key = f"admin_programme.texts{area_id}"
    assert "uansett bakgrunn" in at.text_area(key=f"{key}.survey.nb").value
    at.text_area(key=f"{key}.survey.nn").input("Alle er velkomne i kulturskulen.")
    at.button(key=f"{key}.submit").click().run()
    assert "Lagret." in texts(at)
    real.expire_all()
    assert real.get(ValueArea, area_id).survey_statements["nn"] == \
        "Alle er velkomne i kulturskulen."


def test_enrol_from_the_register_and_invite_a_coordinator(real):
    p = _programme(real)
    at = run_app("kari", page="admin_groups")
    assert not at.exception
    enrol = at.multiselect(key="admin_groups.enrol.pick")
    enrol.select(next(o for o in enrol.options if "(5610," in o))
    at.button(key="admin_groups.enrol.submit").click().run()
    assert "Kommunene er lagt til." in texts(at)
    at.selectbox(key="admin_groups.pick").select("Høyanger (4638)").run()
    at.text_input(key="admin_groups.invite.email").input("kari@hoyanger")
    at.button(key="admin_groups.invite.submit").click().run()
    assert "«kari@hoyanger» ser ikke ut som en e-postadresse." in texts(at)
    at.text_input(key="admin_groups.invite.email").input("kari@hoyanger.kommune.no")
    at.text_input(key="admin_groups.invite.name").input("Kari Nordmann")
    at.checkbox(key="admin_groups.invite.coordinator").check()
    at.button(key="admin_groups.invite.submit").click().run()
    assert "Invitasjonen til kari@hoyanger.kommune.no er laget" in texts(at)
    link = at.code[0].value
    assert "/invitasjon?token=" in link
    pending = next(d.value for d in at.dataframe if "Status" in d.value.columns)
    assert list(pending["Status"]) == ["venter"]
    real.expire_all()
    assert len(real.exec(select(Participation).where(
        Participation.programme_id == p.id)).all()) == 4


def test_the_invitation_link_sets_a_password_and_logs_in(real):
    p = _programme(real)
    invited = invitations.invite(session=real, actor=OPERATOR, email="kari@hoyanger.kommune.no",
                                 role=Role.GROUP, programme_id=p.id,
                                 municipality_id=_mid(real, "4638"), is_coordinator=True)
    real.commit()
    at = run_app()
    at.query_params["token"] = invited.token
    at.switch_page("pages/invitation.py").run()
    assert "Velkommen til Kulturskole 3.0" in texts(at)
    assert "kari@hoyanger.kommune.no" in texts(at)
    at.text_input(key="invitation.password").input("kort")
    at.text_input(key="invitation.repeat").input("kort")
    at.button(key="invitation.submit").click().run()
    assert "Passordet må ha minst 12 tegn." in texts(at)
    at.text_input(key="invitation.password").input(PASSWORD)
    at.text_input(key="invitation.repeat").input(PASSWORD)
    at.button(key="invitation.submit").click().run()
    assert not at.exception
    with session_scope(real.get_bind()) as s:  # the tab holds kari's live session
        assert identity.actor_for_session(s, at.session_state[keys.SESSION_TOKEN],
                                          policy=sessions.SessionPolicy()).username == \
            "kari@hoyanger.kommune.no"
    assert "Kommunegruppa i Høyanger" in texts(at)
    again = run_app()
    again.query_params["token"] = invited.token
    again.switch_page("pages/invitation.py").run()
    assert "Denne lenken er allerede brukt." in texts(again)
    assert not [w for w in again.text_input if w.key == "invitation.password"]


def test_a_link_for_an_address_with_an_account_logs_nobody_in(real):
    """Issue 21 §1: the link's holder gets no password form; the owner, logged in with their
    own password, takes the invitation with one button."""
    p = _programme(real)
    invited = invitations.invite(session=real, actor=OPERATOR, email="eva@ks.no",
                                 role=Role.LEADER, programme_id=p.id)
    real.add(User(username="eva@ks.no", display_name="Eva Leder", role=Role.LEADER,
                  password_hash=accounts.hash_password(PASSWORD, rounds=4)))
    real.commit()
    at = run_app()
    at.query_params["token"] = invited.token
    at.switch_page("pages/invitation.py").run()
    assert "Du har allerede en konto – logg inn for å ta imot invitasjonen." in texts(at)
    assert not [w for w in at.text_input if w.key == "invitation.password"]
    assert not [b for b in at.button if b.key == "invitation.take"]
    owner = run_app("eva@ks.no")
    owner.query_params["token"] = invited.token
    owner.switch_page("pages/invitation.py").run()
    owner.button(key="invitation.take").click().run()
    assert not owner.exception
    real.expire_all()
    eva = real.exec(select(User).where(User.username == "eva@ks.no")).one()
    assert real.get(ProgrammeAccess, (p.id, eva.id)) is not None


def test_forgotten_password_answers_the_same_for_anyone(real):
    for address in ("kari@x.no", "ingen@x.no"):
        at = run_app()
        at.text_input(key="login.reset_email").input(address)
        at.button(key="login.reset_submit").click().run()
        assert "Denne installasjonen sender ikke e-post" in texts(at)


def test_the_coordinator_runs_the_group_and_a_member_writes_the_project(real):
    p = _programme(real)
    kari = invitations.accept(session=real, password=PASSWORD, token=invitations.invite(
        session=real, actor=OPERATOR, email="kari@hoyanger.kommune.no", role=Role.GROUP,
        programme_id=p.id, municipality_id=_mid(real, "4638"), is_coordinator=True).token)
    ola = invitations.accept(session=real, password=PASSWORD, token=invitations.invite(
        session=real, actor=OPERATOR, email="ola@hoyanger.kommune.no", role=Role.GROUP,
        programme_id=p.id, municipality_id=_mid(real, "4638"), group_role="Rektor").token)
    real.commit()
    at = run_app(kari.username, page="group_team")
    assert not at.exception
    assert "Gruppa og prosjektet – Høyanger" in texts(at)
    at.text_input(key="group_team.invite.email").input("per@hoyanger.kommune.no")
    at.button(key="group_team.invite.submit").click().run()
    assert "/invitasjon?token=" in at.code[0].value
    member = run_app(ola.username, page="group_team")
    assert "Koordinatoren i gruppa legger til og tar ut medlemmer." in texts(member)
    assert not any(b.key == "group_team.invite.submit" for b in member.button)
    field = next(a for a in member.text_area if a.key.endswith(".project_goal"))
    field.input("<script>alert(1)</script> Flere barn møter kunst")
    member.button(key="group_team.project.submit").click().run()
    assert "Utviklingsprosjektet er lagret." in texts(member)
    user = real.exec(select(User).where(User.username == ola.username)).one()
    assert user.role == Role.GROUP


def test_level_texts_are_on_the_scoring_page(app_env):
    at = run_app("kommune-3203", page="workshop")
    at.segmented_control(key="workshop.step").set_value("scores").run()
    who = next(s for s in at.selectbox if s.key and s.key.endswith(".who"))
    who.select(who.options[0]).run()
    assert not at.exception
    assert sum(e.label == "Hva betyr 1–5 her?" for e in at.expander) == 8
    shown = texts(at)
    assert "Ventelister og en fast meny av instrumentopplæring" in shown  # level 1, area 1
    assert "Faste rutiner henter innspill fra barn, unge og voksne" in shown  # level 4
    assert "Elevene speiler befolkningen" in shown  # a description


def test_staff_invite_the_municipalitys_leadership(real):
    p = _programme(real)
    at = run_app("kari", page="admin_groups")
    at.selectbox(key="admin_groups.pick").select("Høyanger (4638)").run()
    at.text_input(key="admin_groups.invite.email").input("radmann@hoyanger.kommune.no")
    at.selectbox(key="admin_groups.invite.role").select("kommuneleder")
    at.button(key="admin_groups.invite.submit").click().run()
    token = at.code[0].value.split("token=")[1]
    leader = invitations.accept(session=real, token=token, password=PASSWORD)
    assert (leader.role, leader.municipality_id) == (Role.MUNICIPAL_LEADER, _mid(real, "4638"))
    assert [x.id for x in catalogue.visible_programmes(session=real, actor=leader)] == [p.id]
