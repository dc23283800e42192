"""«Vår gruppe» checks the call's composition in words, and the invitation asks for the
person's sector from the list (issue 24 §3): on an empty install outside demo mode, and in
the demo's group that breaks the rule."""

from sqlmodel import select

from kultur3.access.permissions import OPERATOR
from kultur3.group import invitations
from kultur3.models import Invitation, Member, Role
from tests.pages.conftest import run_app
from tests.pages.test_programme_pages import PASSWORD, _mid, _programme, real, texts

__all__ = ["real"]  # the empty-install fixture, used below

OUTSIDE = "Ingen i gruppa er fra utenfor kulturskolen"


def test_the_group_page_says_what_the_call_asks_and_the_invite_takes_a_sector(real):
    p = _programme(real)
    kari = invitations.accept(session=real, password=PASSWORD, token=invitations.invite(
        session=real, actor=OPERATOR, email="kari@hoyanger.kommune.no", role=Role.GROUP,
        programme_id=p.id, municipality_id=_mid(real, "4638"), is_coordinator=True,
        sector="kulturskolen").token)
    real.commit()
    at = run_app(kari.username, page="group_team")
    assert not at.exception
    shown = texts(at)
    assert "Gruppa har 1 medlem; kallet ber om 4–6." in shown and OUTSIDE in shown
    sector = at.selectbox(key="group_team.invite.sector")
    assert sector.value == "" and len(sector.options) == 9  # «Ikke oppgitt» and the eight
    at.text_input(key="group_team.invite.email").input("hilde@hoyanger.kommune.no")
    at.text_input(key="group_team.invite.name").input("Hilde Helsesykepleier")
    at.selectbox(key="group_team.invite.sector").select("helse_omsorg")
    at.button(key="group_team.invite.submit").click().run()
    assert not at.exception
    real.expire_all()
    invited = real.exec(select(Invitation).where(
        Invitation.email == "hilde@hoyanger.kommune.no")).one()
    assert invited.sector == "helse_omsorg"
    token = at.code[0].value.split("token=")[1].strip()
    invitations.accept(session=real, password=PASSWORD, token=token)
    real.commit()
    hilde = real.exec(select(Member).where(Member.name == "Hilde Helsesykepleier")).one()
    assert hilde.sector == "helse_omsorg"
    again = run_app(kari.username, page="group_team")
    shown = texts(again)
    assert "Gruppa har 2 medlemmer; kallet ber om 4–6." in shown and OUTSIDE not in shown
    table = again.dataframe[0].value  # the member list
    assert "Helse og omsorg" in list(table["Sektor"])


def test_the_demo_group_of_three_is_told_it_is_too_small():
    at = run_app("kommune-3427", page="group_team")
    assert not at.exception
    assert "Gruppa har 3 medlemmer; kallet ber om 4–6." in texts(at)
    ok = run_app("kommune-3203", page="group_team")
    assert "Gruppa følger kallet: 5 medlemmer, 3 fra utenfor kulturskolen." in texts(ok)
