"""The programme page lists the staff who take part, and an admin removes one's access."""

from sqlmodel import Session, select

from kultur3.models import ProgrammeAccess, User
from kultur3.store.db import make_engine
from tests.pages.conftest import run_app, texts


def test_an_admin_removes_a_leaders_access_to_the_programme(app_env):
    at = run_app("admin", page="admin_programme")
    assert not at.exception
    manage = at.selectbox(key="admin_programme.manage")
    manage.set_value(manage.options[0]).run()
    assert "Fasilitatorer og ledere i programmet" in texts(at)
    who = at.selectbox(key="admin_programme.revoke.who")
    leader = next(o for o in who.options if "(leder," in o)
    who.set_value(leader).run()
    at.button(key="admin_programme.revoke.submit").click().run()
    assert not at.exception
    assert "Tilgangen til programmet er fjernet." in texts(at)
    engine = make_engine(app_env)
    with Session(engine) as s:
        uid = s.exec(select(User.id).where(User.username == "leder")).one()
        assert s.exec(select(ProgrammeAccess).where(ProgrammeAccess.user_id == uid)).all() == []
    engine.dispose()
    # The leader is now among those who can be given access again.
    assert any("(leder," in o for o in at.selectbox(key="admin_programme.grant.who").options)
