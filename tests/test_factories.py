"""tests/factories.py builds the same world on an empty database and beside the demo's."""

import pytest

from kultur3.group import actions, team
from kultur3.models import Role
from kultur3.programme import catalogue
from tests.factories import enrol, make_action, make_gathering, make_programme, make_user


@pytest.mark.parametrize("db", ["session", "demo"])
def test_a_world_in_a_line_each(request, db):
    session = request.getfixturevalue(db)
    programme = make_programme(session, "Fabrikkprogram")
    mid = enrol(session, programme, "4638")
    kari = make_user(session, Role.GROUP, programme=programme, municipality="4638",
                     coordinator=True)
    facilitator = make_user(session, Role.FACILITATOR, programme=programme)
    gid = make_gathering(session, programme, title="Oppstart")
    make_action(session, programme, mid, title="Kulturkalender", actor=kari)
    session.commit()
    assert team.is_coordinator(session, kari, programme.id, mid)
    assert programme.id in {p.id for p in catalogue.visible_programmes(
        session=session, actor=facilitator)}
    assert [g.id for g in catalogue.gatherings_for(session=session,
                                                   programme_id=programme.id)] == [gid]
    assert [a.title for a in actions.list_actions(session=session, actor=kari,
                                                  programme_id=programme.id,
                                                  municipality_id=mid)] == ["Kulturkalender"]
