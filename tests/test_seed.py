"""Reference data and the demo programme, on a real database."""

from sqlmodel import func, select

from kultur3 import accounts
from kultur3.models import (
    Action,
    Answer,
    Gathering,
    GatheringKind,
    Member,
    Municipality,
    Participation,
    Programme,
    Question,
    Score,
    User,
    ValueArea,
)
from kultur3.seed import DEMO_PASSWORD, PILOTS, seed_demo


def count(session, model, *where):
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_all_357_municipalities_with_sami_names(demo):
    assert count(demo, Municipality) == 357
    karasjok = demo.exec(select(Municipality).where(Municipality.number == "5610")).one()
    assert karasjok.sami_name == "Kárášjohka"
    assert karasjok.county == "Finnmark"


def test_demo_programme_shape(demo):
    programme = demo.exec(select(Programme)).one()
    assert programme.is_demo
    assert count(demo, Question) == 4
    assert count(demo, ValueArea) == 8
    assert count(demo, Participation) == 16
    sizes = demo.exec(select(func.count()).select_from(Member).group_by(Member.participation_id)).all()
    assert len(sizes) == 16 and all(4 <= n <= 6 for n in sizes)
    kinds = [g.kind for g in demo.exec(select(Gathering)).all()]
    assert kinds.count(GatheringKind.FELLESSAMLING) == 2
    assert kinds.count(GatheringKind.LOKAL_SAMLING) == 16  # one per group
    assert count(demo, Action) >= 16 * 3
    assert count(demo, Answer) > 0


def test_demo_texts_say_they_are_invented(demo):
    texts = demo.exec(select(Answer.text)).all()
    assert all("demo" in t.lower() for t in texts)


def test_every_group_has_scores_that_change_between_gatherings(demo):
    for number in PILOTS:
        muni_id = demo.exec(select(Municipality.id).where(Municipality.number == number)).one()
        rows = demo.exec(select(Score.gathering_id, Score.value).where(
            Score.municipality_id == muni_id, Score.is_group, Score.kind == "current")).all()
        by_gathering = {}
        for g, v in rows:
            by_gathering.setdefault(g, []).append(v)
        assert len(by_gathering) == 3


def test_demo_users_and_password(demo):
    names = set(demo.exec(select(User.username)).all())
    assert {"admin", "fasilitator", "leder"} <= names
    assert {f"kommune-{n}" for n in PILOTS} <= names
    assert accounts.authenticate(session=demo, username="kommune-3203", password=DEMO_PASSWORD)


def test_seed_does_nothing_when_data_exists(demo):
    before = count(demo, Score)
    result = seed_demo(demo)
    assert result.programme_id is None
    assert count(demo, Score) == before


def test_forced_seed_starts_clean(demo):
    before = count(demo, Score)
    result = seed_demo(demo, force=True)
    demo.commit()
    assert result.programme_id is not None
    assert count(demo, Programme) == 1
    assert count(demo, Score) == before
