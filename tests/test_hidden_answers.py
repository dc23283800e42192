"""An answer a facilitator hid in a live gathering stays hidden wherever leaders read the
group's words: the word search (tests/test_words.py), the municipality's page and the report."""

import io

from pypdf import PdfReader
from sqlmodel import select

from kultur3 import live
from kultur3.group import workspace
from kultur3.insight import group_pdf, municipality_work
from kultur3.models import Answer
from kultur3.programme import catalogue
from tests.conftest import actor_of

SECRET = "Navnet på eleven som slet skal ikke stå her"
SHOWN = "Kulturskolen i hvert nabolag"


def _answer_and_hide(demo):
    group = actor_of(demo, "kommune-3203")
    pid = catalogue.list_programmes(session=demo)[0].id
    g = next(g for g in catalogue.gatherings_for(session=demo, programme_id=pid,
                                                  municipality_id=group.municipality_id)
             if g.status == "active")
    q1, q2 = catalogue.questions(session=demo, programme_id=pid)[:2]
    saved = workspace.answers(session=demo, actor=group, gathering_id=g.id,
                              municipality_id=group.municipality_id)
    for q, text in ((q1, SECRET), (q2, SHOWN)):
        state = saved.get((q.id, None))
        workspace.save_answer(session=demo, actor=group, gathering_id=g.id,
                              municipality_id=group.municipality_id, question_id=q.id,
                              value_area_id=None, text=text,
                              base_version=state.version if state else 0)
    hidden = demo.exec(select(Answer.id).where(Answer.text == SECRET)).one()
    live.hide_answer(session=demo, actor=actor_of(demo, "fasilitator"), answer_id=hidden,
                     reason="Personopplysninger")
    demo.flush()
    return pid, group.municipality_id


def test_the_municipality_page_leaves_hidden_answers_out(demo):
    pid, asker = _answer_and_hide(demo)
    for reader in ("leder", "kommuneleder-3203", "fasilitator"):
        data = municipality_work.municipality_work(session=demo, actor=actor_of(demo, reader),
                                      programme_id=pid, municipality_id=asker)
        words = [p.whole for p in data.pictures] + [t for p in data.pictures
                                                    for _, t in p.per_area]
        assert SHOWN in words and SECRET not in words, reader


def test_the_report_leaves_hidden_answers_out(demo):
    pid, asker = _answer_and_hide(demo)
    data = municipality_work.municipality_work(session=demo, actor=actor_of(demo, "kommuneleder-3203"),
                                  programme_id=pid, municipality_id=asker)
    pdf = group_pdf.build(data, programme="Pilot", is_demo=True, lang="nb")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
                    .split())
    assert SHOWN in text and "Navnet på eleven" not in text
