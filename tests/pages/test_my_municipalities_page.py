"""«Mine kommuner»: the facilitator's home, the admin's pick of any adviser, advisers chosen on
/kommunegrupper, and ?kommune= on the pages its links open."""

import re

import pytest
from sqlmodel import delete, select

from kultur3.access.permissions import OPERATOR
from kultur3.core.config import database_url
from kultur3.models import AdviserAssignment, Programme, User
from kultur3.programme import advisers
from kultur3.store.db import make_engine, session_scope
from tests.conftest import municipality_id
from tests.pages.conftest import run_app
from tests.pages.conftest import texts as _texts
from tests.pages.test_programme_pages import real as real_install


@pytest.fixture(autouse=True)
def _nobody_followed(_app):
    """The demo gives its advisers municipalities; these tests assign their own."""
    engine = make_engine(database_url())
    with session_scope(engine) as s:
        s.exec(delete(AdviserAssignment))
    engine.dispose()



def texts(at) -> str:
    """Visible text, with the list of municipalities (one st.html element) included."""
    return "\n".join([_texts(at), *(h.proto.body for h in at.get("html"))])
def _overdue(number: str) -> None:
    """One of the municipality's open actions past its deadline (the demo's own states vary)."""
    from datetime import timedelta

    from sqlalchemy import update

    from kultur3.core import clock
    from kultur3.models import Action
    engine = make_engine(database_url())
    try:
        with session_scope(engine) as s:
            mid = municipality_id(s, number)
            first = s.exec(select(Action.id).where(Action.municipality_id == mid)
                           .order_by(Action.id)).first()
            s.exec(update(Action).where(Action.municipality_id == mid).values(
                deadline=clock.today() + timedelta(days=30), status="in_progress"))
            s.exec(update(Action).where(Action.id == first).values(
                deadline=clock.today() - timedelta(days=3)))
    finally:
        engine.dispose()


def _assign(*numbers: str, username: str = "fasilitator") -> None:
    engine = make_engine(database_url())
    try:
        with session_scope(engine) as s:
            pid = s.exec(select(Programme.id)).first()
            uid = s.exec(select(User.id).where(User.username == username)).one()
            for number in numbers:
                advisers.assign(session=s, actor=OPERATOR, programme_id=pid,
                                municipality_id=municipality_id(s, number), user_id=uid)
    finally:
        engine.dispose()


def test_a_facilitator_without_municipalities_is_told_how_to_get_some():
    at = run_app("fasilitator")  # the home page
    assert not at.exception
    assert [t.value for t in at.title] == ["Mine kommuner"]
    assert "Du følger ingen kommuner ennå" in texts(at) and "Kommunegrupper" in texts(at)


def test_the_adviser_sees_their_municipalities_every_figure_a_link():
    _assign("3203", "1804")
    _overdue("3203")
    at = run_app("fasilitator")
    assert not at.exception
    table = next(h.proto.body for h in at.get("html") if 'class="k3-mine"' in h.proto.body)
    rows = re.findall(r"<li>.*?</li>", table)  # one item (three lines) a municipality
    assert len(rows) == 2
    assert "Asker (3203)" in rows[0] and "Bodø (1804)" in rows[1]
    assert "/var-kommune?kommune=3203" in table and "/forankring?kommune=1804" in table
    asker = rows[0]  # Asker has one action overdue (_overdue)
    assert "<strong>1 tiltak over fristen</strong>" in asker
    # Same tab: a plain <a>, never st.markdown's target=_blank (see the browser test).
    assert '<a href="/handlingsplan?kommune=3203&amp;vis=forfalt">1 over fristen</a>' in asker
    assert "_blank" not in table


def test_user_text_in_the_list_is_escaped():
    """A log entry or gathering title typed with HTML shows as typed, never as markup."""
    from datetime import date

    from kultur3.insight.adviser_home import FollowedMunicipality
    from kultur3.ui import my_municipalities as ui
    typed = '<img src=x onerror="alert(1)"> & [x](/y)'
    row = FollowedMunicipality(
        municipality_id=1, number="3203", name="<b>Asker</b>", last_activity=None,
        days_since=None, overdue=1, due_soon=0, stalled=0, last_log_text=typed,
        last_log_on=date(2026, 12, 1), anchored=0, anchoring_total=0, next_gathering=typed,
        next_gathering_on=date(2026, 12, 9), reasons=(), weight=0)
    captured = []
    ui.st.html, real_html = captured.append, ui.st.html
    try:
        ui.table((row,))
    finally:
        ui.st.html = real_html
    assert "<img" not in captured[0] and "<b>" not in captured[0]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; [x](/y)" in captured[0]


def test_the_admin_picks_an_adviser_and_sees_who_has_none():
    _assign("3203")
    at = run_app("admin", page="my_municipalities")
    assert not at.exception
    pick = at.selectbox(key="my_municipalities.adviser")
    assert pick.value is not None
    assert "Asker (3203)" in texts(at)
    assert "Kommuner uten prosessveileder" in texts(at)
    free = at.markdown[-1].value
    assert "Bodø (1804)" in free and "Asker (3203)" not in free


def test_advisers_are_chosen_on_kommunegrupper():
    at = run_app("fasilitator", page="admin_groups")
    box = at.selectbox(key="admin_groups.pick")
    box.select(next(o for o in box.options if "(4638)" in o)).run()
    engine = make_engine(database_url())
    with session_scope(engine) as s:
        uid = s.exec(select(User.id).where(User.username == "fasilitator")).one()
        hoyanger = municipality_id(s, "4638")
    engine.dispose()
    at.multiselect(key=f"admin_groups.advisers.{hoyanger}").set_value([uid])
    at.button(key="admin_groups.advisers.submit").click().run()
    assert not at.exception
    assert "Prosessveilederne er lagret." in texts(at)
    home = run_app("fasilitator")
    assert "Høyanger (4638)" in texts(home)


def test_a_link_with_kommune_chooses_the_municipality():
    at = run_app("fasilitator", page="action_plan")
    at.query_params["kommune"] = "1804"
    at.run()
    assert at.selectbox(key="action_plan.municipality").value == "Bodø (1804)"
    at.query_params["kommune"] = "0301"  # Oslo is not in the programme: ignored
    at.run()
    assert at.selectbox(key="action_plan.municipality").value == "Bodø (1804)"


real = real_install  # the empty install of tests/pages/test_programme_pages.py


def test_from_an_empty_install_outside_demo_mode(real):
    """No demo: the admin sees that nobody advises yet, gives a facilitator Høyanger on
    /kommunegrupper, and the facilitator's home lists it as never active."""
    from kultur3.access import accounts
    from kultur3.models import Role
    from kultur3.programme import lifecycle
    from tests.pages.test_programme_pages import PASSWORD, _programme
    from tests.pages.test_programme_pages import texts as plain

    def shown(at) -> str:
        return "\n".join([plain(at), *(h.proto.body for h in at.get("html"))])
    programme = _programme(real)
    first = run_app("kari", page="my_municipalities")
    assert not first.exception and "Demodata" not in shown(first)
    assert "Programmet har ingen prosessveiledere ennå" in shown(first)
    assert "Høyanger (4638)" in shown(first)  # among the municipalities nobody follows
    ingrid = accounts.create_user(session=real, actor=OPERATOR, username="ingrid@ks.no",
                                  password=PASSWORD, role=Role.FACILITATOR,
                                  display_name="Ingrid Veileder")
    lifecycle.grant_access(session=real, actor=OPERATOR, programme_id=programme.id,
                           user_id=ingrid.id)
    real.commit()
    groups = run_app("kari", page="admin_groups")
    box = groups.selectbox(key="admin_groups.pick")
    box.select(next(o for o in box.options if "(4638)" in o)).run()
    hoyanger = municipality_id(real, "4638")
    groups.multiselect(key=f"admin_groups.advisers.{hoyanger}").set_value([ingrid.id])
    groups.button(key="admin_groups.advisers.submit").click().run()
    assert "Prosessveilederne er lagret." in shown(groups)
    home = run_app("ingrid@ks.no")
    assert not home.exception
    assert [t.value for t in home.title] == ["Mine kommuner"]
    assert "Høyanger (4638)</strong> — <strong>Ingen aktivitet ennå</strong>" in shown(home)
    overview = run_app("kari", page="my_municipalities")
    assert overview.selectbox(key="my_municipalities.adviser").value == ingrid.id
    assert "Høyanger (4638)" in shown(overview)
