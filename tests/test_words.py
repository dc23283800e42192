"""Leaders search the groups' own words across the programme."""

import pytest
from sqlmodel import select

from kultur3.core.errors import PermissionDenied
from kultur3.group import workspace
from kultur3.insight import answer_search
from kultur3.insight.answer_search import Search
from kultur3.models import Answer, Gathering
from kultur3.programme import catalogue
from tests.conftest import actor_of


@pytest.fixture
def setup(demo):
    pid = catalogue.list_programmes(session=demo)[0].id
    asker = actor_of(demo, "kommune-3203")
    g = demo.exec(select(Gathering).where(Gathering.title == "Fellessamling 2 – digital")).one()
    frame = catalogue.framework_view(session=demo, programme_id=pid)
    workspace.save_answer(session=demo, actor=asker, gathering_id=g.id,
                          municipality_id=asker.municipality_id, question_id=frame.question(4).id,
                          value_area_id=frame.areas[4].id, base_version=0,
                          text="Ungdomspanelet med 100% frivillige_ledere møtes hver måned")
    demo.commit()
    return pid, g.id, frame


def _find(demo, who, pid, **kw):
    return answer_search.search_answers(session=demo, actor=actor_of(demo, who), programme_id=pid,
                                search=Search(**kw))


def test_search_and_filters(demo, setup):
    pid, gid, frame = setup
    hits, total = _find(demo, "leder", pid, query="UNGDOMSPANELET")
    assert total == 1 and hits[0].municipality == "Asker" and hits[0].question_number == 4
    assert hits[0].value_area == frame.areas[4].label and hits[0].county
    assert _find(demo, "leder", pid, query="100%")[1] == 1  # % is text, not a wildcard
    assert _find(demo, "leder", pid, query="0%f")[1] == 0
    assert _find(demo, "leder", pid, query="frivillige_l")[1] == 1
    assert _find(demo, "leder", pid, query="ungdomspanelet", counties=("Nordland",))[1] == 0
    assert _find(demo, "leder", pid, query="ungdomspanelet", question_number=1)[1] == 0
    assert _find(demo, "leder", pid, query="ungdomspanelet", gathering_id=gid)[1] == 1
    everything, total_all = _find(demo, "fasilitator", pid)
    assert total_all == len(everything) <= answer_search.LIMIT  # the demo has fewer than the limit
    assert len({h.municipality for h in everything}) == 16


def test_hidden_answers_stay_hidden(demo, setup):
    pid, _, _ = setup
    row = demo.exec(select(Answer).where(Answer.text.contains("Ungdomspanelet"))).one()
    row.hidden = True
    demo.commit()
    assert _find(demo, "leder", pid, query="ungdomspanelet")[1] == 0


@pytest.mark.parametrize("who", ["kommune-3203", "kommuneleder-3203"])
def test_groups_and_their_leadership_do_not_search_others(demo, setup, who):
    with pytest.raises(PermissionDenied):
        _find(demo, who, setup[0])
