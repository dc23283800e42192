"""«Personvern» (/personvern): open to visitors, linked from the login, join and invitation
pages, in bokmål, nynorsk and English; who is responsible is set by an admin."""

import pytest

from kultur3.access.permissions import OPERATOR
from kultur3.core.text import escape_markdown
from kultur3.models import Role
from kultur3.store.db import make_engine, session_scope
from kultur3.ui.privacy import SECTIONS
from tests.pages.conftest import run_app, texts

HEADINGS = {"nb": ("Personvern", "Hvem er ansvarlig", "Om deltakere som blir med via kode"),
            "nn": ("Personvern", "Kven er ansvarleg", "Om deltakarar som blir med via kode"),
            "en": ("Privacy", "Who is responsible", "About participants who join with a code")}
UNSET = {"nb": "Behandlingsansvarlig er ikke oppgitt ennå", "nn": "Behandlingsansvarleg er "
         "ikkje oppgitt enno", "en": "The data controller has not been named yet"}
LINK = {"nb": "Personvern: hva som lagres, og hvorfor",
        "nn": "Personvern: kva som vert lagra, og kvifor",
        "en": "Privacy: what is stored, and why"}


def _links(at) -> list[str]:
    return [el.proto.label for el in at.get("page_link")]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_visitor_reads_the_page_in_every_language(lang):
    at = run_app(lang=lang)
    assert LINK[lang] in _links(at)  # under the login form
    at.switch_page("pages/privacy.py").run()
    assert not at.exception and not at.text_input  # no login asked for
    shown = texts(at)
    assert all(h in shown for h in HEADINGS[lang]) and UNSET[lang] in shown
    assert len(at.header) == len(SECTIONS) + 1
    assert "365" in shown  # how long guests' data is kept


def test_the_join_and_invitation_pages_link_to_it(app_env):
    from kultur3.group import invitations
    from kultur3.programme import catalogue
    at = run_app()
    at.switch_page("pages/join.py").run()
    assert LINK["nb"] in _links(at)
    engine = make_engine(app_env)
    with session_scope(engine) as s:
        pid = catalogue.list_programmes(session=s)[0].id
        token = invitations.invite(session=s, actor=OPERATOR, email="ny@asker.kommune.no",
                                   role=Role.LEADER, programme_id=pid).token
    engine.dispose()
    at = run_app()
    at.query_params["token"] = token
    at.switch_page("pages/invitation.py").run()
    assert "Velkommen til Kulturskole 3.0" in texts(at) and LINK["nb"] in _links(at)
    at = run_app()
    at.query_params["token"] = "no-such-token"
    at.switch_page("pages/invitation.py").run()
    assert LINK["nb"] in _links(at)


def test_logged_in_it_is_in_the_menu():
    at = run_app("kommune-3203", page="privacy")
    assert not at.exception and "Hvem er ansvarlig" in texts(at)


def test_the_admin_names_the_controller_and_visitors_see_it_escaped():
    typed = ["Asker kommune **<script>alert(1)</script>**", "personvern@asker.kommune.no"]
    at = run_app("admin", page="admin_privacy")
    at.text_area(key="admin_privacy.controller").input("\n".join(typed))
    at.button(key="admin_privacy.controller_save").click().run()
    assert not at.exception and "Lagret. Personvernsiden viser det nå." in texts(at)
    visitor = run_app()
    visitor.switch_page("pages/privacy.py").run()
    assert "  \n".join(escape_markdown(line) for line in typed) in [
        m.value for m in visitor.markdown]  # shown as typed, line by line, never as markup
    assert "ikke oppgitt ennå" not in texts(visitor)
