"""Research use on screen (issue 24 §4): the admin names the partner, people are asked when
accepting an invitation and joining by code (unticked), change their mind on /min-konto; the
admin and the researcher download the export; the researcher opens nothing with names."""

import io
import zipfile

import pytest
from sqlmodel import Session, select

from kultur3.access import accounts
from kultur3.access.permissions import OPERATOR
from kultur3.group import invitations
from kultur3.live import joining
from kultur3.models import Gathering, Municipality, Programme, ResearchConsent, Role
from kultur3.programme import lifecycle, research
from kultur3.store.db import make_engine
from tests.conftest import actor_of
from tests.pages.conftest import empty_install, run_app, run_page
from tests.pages.conftest import texts as _texts
from tests.pages.test_live_pages import run_guest

PASSWORD = "et-godt-passord-2027"
PARTNER, PURPOSE = "Universitetet i Bergen", "Følgeforskning på samskaping"


def texts(at) -> str:
    return _texts(at).replace("\\", "")


@pytest.fixture
def real(backend, monkeypatch):
    """An empty install outside demo mode: an admin made on the command line, one programme
    with Høyanger enrolled."""
    with empty_install(backend, monkeypatch) as s:
        accounts.create_user(session=s, actor=OPERATOR, username="kari", password=PASSWORD,
                             role=Role.ADMIN, display_name="Kari Admin")
        p = lifecycle.create_programme(session=s, actor=OPERATOR,
                                       data=lifecycle.ProgrammeInput(name="Vestland 2027"))
        lifecycle.enrol(session=s, actor=OPERATOR, programme_id=p.id, numbers=["4638"])
        s.commit()
        yield s, p


def _partner(s, p) -> None:
    research.set_research_partner(session=s, actor=OPERATOR, programme_id=p.id,
                                  partner=PARTNER, purpose=PURPOSE)
    s.commit()


def test_the_admin_names_the_partner_and_downloads_the_export(real):
    s, p = real
    at = run_app("kari", page="research")
    assert not at.exception
    at.button(key="research.make").click().run()  # no partner yet: a plain message
    assert "ingen forskningspartner" in texts(at)
    at = run_app("kari", page="admin_programme")
    at.text_input(key="research.partner").input(PARTNER)
    at.button(key="research.save").click().run()  # a partner without a purpose
    assert "Skriv formålet" in texts(at)
    at.text_input(key="research.partner").input(PARTNER)
    at.text_area(key="research.purpose").input(PURPOSE)
    at.button(key="research.save").click().run()
    assert not at.exception and "Forskningspartneren er lagret." in texts(at)
    s.expire_all()
    row = s.get(Programme, p.id)
    assert (row.research_partner, row.research_purpose) == (PARTNER, PURPOSE)
    assert len(row.research_secret) == 64 and row.research_secret not in texts(at)
    at = run_app("kari", page="research")
    at.button(key="research.make").click().run()
    assert not at.exception
    button = at.get("download_button")[0]
    assert button.proto.label == "Last ned forskningsuttrekket (zip)"


def test_an_invitation_asks_for_consent_unticked_and_records_the_answer(real):
    s, p = real
    _partner(s, p)
    mid = s.exec(select(Municipality.id).where(Municipality.number == "4638")).one()
    invited = invitations.invite(session=s, actor=OPERATOR, email="ola@hoyanger.kommune.no",
                                 role=Role.GROUP, programme_id=p.id, municipality_id=mid)
    s.commit()
    at = run_app()
    at.query_params["token"] = invited.token
    at.switch_page("pages/invitation.py").run()
    box = at.checkbox(key="invitation.research")
    assert box.value is False and PARTNER in box.label and PURPOSE in box.label
    box.check()
    at.text_input(key="invitation.password").input(PASSWORD)
    at.text_input(key="invitation.repeat").input(PASSWORD)
    at.button(key="invitation.submit").click().run()
    assert not at.exception
    s.expire_all()
    row = s.exec(select(ResearchConsent)).one()
    assert row.given and row.source == "invitation" and PARTNER in row.text
    # /min-konto: withdrawn by a toggle, a new row; the latest decides.
    at = run_app("ola@hoyanger.kommune.no", page="account")
    toggle = at.toggle(key=f"account.research.{p.id}")
    assert toggle.value is True
    toggle.set_value(False).run()
    assert not at.exception and "Samtykket er trukket." in texts(at)
    s.expire_all()
    assert research.consenting_users(s, p.id) == set()
    assert len(s.exec(select(ResearchConsent)).all()) == 2


def test_no_partner_no_question(real):
    s, p = real
    mid = s.exec(select(Municipality.id).where(Municipality.number == "4638")).one()
    invited = invitations.invite(session=s, actor=OPERATOR, email="per@hoyanger.kommune.no",
                                 role=Role.GROUP, programme_id=p.id, municipality_id=mid)
    s.commit()
    at = run_app()
    at.query_params["token"] = invited.token
    at.switch_page("pages/invitation.py").run()
    assert not [c for c in at.checkbox if c.key == "invitation.research"]


def test_joining_by_a_table_code_asks_first_when_there_is_a_partner(app_env):
    engine = make_engine(app_env)
    with Session(engine) as s:
        pid = s.exec(select(Programme.id)).first()
        _partner(s, s.get(Programme, pid))
        g = s.exec(select(Gathering).where(Gathering.title == "Fellessamling 3 – digital")).one()
        joining.set_code_joining(session=s, actor=actor_of(s, "fasilitator"),
                                 gathering_id=g.id, enabled=True)
        card = joining.table_cards(session=s, actor=actor_of(s, "fasilitator"),
                                   gathering_id=g.id)[0]
        s.commit()
    at = run_guest("kode", card.code, page="join")
    assert not at.exception
    box = at.checkbox(key="join.research")  # a table card no longer joins at once
    assert box.value is False
    box.check()
    at.button(key="join.submit").click().run()
    assert not at.exception
    with Session(engine) as s:
        row = s.exec(select(ResearchConsent)).one()
        assert row.given and row.participant_id and row.source == "join"
    engine.dispose()


@pytest.mark.parametrize("page", ["overview", "dashboard", "words", "municipality_work",
                                  "group_team", "admin_groups", "library", "action_plan"])
def test_the_researcher_is_refused_every_page_with_names(page):
    at = run_page(page, "forsker")
    assert not at.exception
    assert "Du har ikke tilgang til dette." in [e.value for e in at.error]


def test_the_researchers_home_is_the_export(app_env):
    at = run_app("forsker")
    assert not at.exception
    assert "Forskning" in texts(at)
    assert at.button(key="research.make")
    # The zip of the demo (no partner named): refused with the plain message.
    at.button(key="research.make").click().run()
    assert "ingen forskningspartner" in texts(at)


def test_the_downloaded_zip_is_the_package(real):
    s, p = real
    _partner(s, p)
    from kultur3.privacy import research_export
    data = research_export.research_zip(session=s, actor=OPERATOR, programme_id=p.id)
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert {"datapackage.json", "codebook.md", "people.csv", "scores.csv"} <= names


def test_the_partner_and_purpose_are_shown_escaped(real):
    """The admin's text is user text: markup in it reaches the consent question inert."""
    s, p = real
    research.set_research_partner(session=s, actor=OPERATOR, programme_id=p.id,
                                  partner="**Fet** <b>x</b>", purpose="[lenke](http://x)")
    mid = s.exec(select(Municipality.id).where(Municipality.number == "4638")).one()
    invited = invitations.invite(session=s, actor=OPERATOR, email="eva@hoyanger.kommune.no",
                                 role=Role.GROUP, programme_id=p.id, municipality_id=mid)
    s.commit()
    at = run_app()
    at.query_params["token"] = invited.token
    at.switch_page("pages/invitation.py").run()
    label = at.checkbox(key="invitation.research").label
    assert "\\*\\*Fet\\*\\* \\<b\\>" in label and "\\[lenke\\]\\(http" in label
