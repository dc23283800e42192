"""The room-wide vote: the facilitator picks what is voted on, every phone and group login
spends its dots, the projector ranks live with ties and the number who voted; a voter's
racing taps never lose a dot nor pass the limit (SQLite and PostgreSQL)."""

import threading

import pytest
from sqlmodel import Session, func, select

from kultur3 import live
from kultur3.access import identity
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.group import workspace
from kultur3.live import joining, room_vote, themes
from kultur3.models import Answer, Gathering, Member, Role, RoomDot, RoomVote
from kultur3.programme import catalogue
from kultur3.store.db import session_scope
from tests.factories import ADMIN, enrol, make_action, make_gathering, make_programme, make_user

TEXTS = {"4638": "Musikk i barnehagen sammen med kulturskolen",
         "3203": "Barnehagen og kulturskolen lager musikk",
         "1804": "Teater for ungdom i kulturhuset"}


def room(session):
    """A joint gathering of three groups, each with an answer to question 1."""
    programme = make_programme(session)
    ids = {n: enrol(session, programme, n) for n in TEXTS}
    gid = make_gathering(session, programme)
    live.set_phase(session=session, actor=ADMIN, gathering_id=gid, phase="q1")
    q1 = catalogue.framework_view(session=session, programme_id=programme.id).question(1)
    for n, text in TEXTS.items():
        workspace.save_answer(session=session, actor=ADMIN, gathering_id=gid,
                              municipality_id=ids[n], question_id=q1.id, text=text,
                              base_version=0)
    answers = {n: session.exec(select(Answer.id).where(
        Answer.gathering_id == gid, Answer.municipality_id == ids[n])).one() for n in TEXTS}
    return programme, gid, ids, answers


def phone(session, gid, municipality_id):
    """A participant joined by the municipality's table card."""
    cards = {c.municipality_id: c.code for c in joining.table_cards(
        session=session, actor=ADMIN, gathering_id=gid)}
    joining.set_code_joining(session=session, actor=ADMIN, gathering_id=gid, enabled=True) \
        if not session.get(Gathering, gid).code_joining else None
    key = joining.join(session=session, code=cards[municipality_id])
    return identity.participant_actor(session, key)


def test_a_room_vote_on_answers_ranks_with_a_tie_and_counts_voters(session):
    _, gid, ids, answers = room(session)
    vid = room_vote.start_room_vote(session=session, actor=ADMIN, gathering_id=gid,
                                    kind="answers", question_number=1, dots=2)
    phones = [phone(session, gid, ids[n]) for n in ("4638", "3203", "1804")]
    spend = [("4638", "1804"), ("3203", "3203"), ("1804", "4638")]
    for actor, targets in zip(phones, spend, strict=True):
        for n in targets:
            room_vote.spend_dot(session=session, actor=actor, gathering_id=gid,
                                municipality_id=actor.municipality_id, vote_id=vid,
                                target_id=answers[n])
    ballot = room_vote.room_ballot(session=session, actor=phones[0], gathering_id=gid,
                                   municipality_id=ids["4638"])
    assert ballot.left == 0 and sum(ballot.mine.values()) == 2
    with pytest.raises(InvalidInput):  # no third dot
        room_vote.spend_dot(session=session, actor=phones[0], gathering_id=gid,
                            municipality_id=ids["4638"], vote_id=vid, target_id=answers["3203"])
    ranking = room_vote.room_ranking(session=session, actor=ADMIN, gathering_id=gid)
    assert ranking.voters == 3
    assert [(r.rank, r.dots) for r in ranking.rows] == [(1, 2), (1, 2), (1, 2)]
    room_vote.take_back_dot(session=session, actor=phones[1], gathering_id=gid,
                            municipality_id=ids["3203"], vote_id=vid, target_id=answers["3203"])
    ranking = room_vote.room_ranking(session=session, actor=ADMIN, gathering_id=gid)
    assert [(r.rank, r.dots) for r in ranking.rows] == [(1, 2), (1, 2), (3, 1)]
    assert ranking.rows[2].label == TEXTS["3203"]
    # Closed: no dot goes in, the ranking stays.
    room_vote.set_room_vote(session=session, actor=ADMIN, gathering_id=gid, is_open=False)
    with pytest.raises(InvalidInput):
        room_vote.spend_dot(session=session, actor=phones[1], gathering_id=gid,
                            municipality_id=ids["3203"], vote_id=vid, target_id=answers["3203"])
    assert room_vote.room_ballot(session=session, actor=phones[1], gathering_id=gid,
                                 municipality_id=ids["3203"]) is None


def test_rank_shares_places_and_skips():
    t = [room_vote.RoomTarget(i, f"T{i}", None) for i in range(5)]
    rows = room_vote.rank([(t[0], 1), (t[1], 4), (t[2], 4), (t[3], 0), (t[4], 1)])
    assert [(r.rank, r.label) for r in rows] == [(1, "T1"), (1, "T2"), (3, "T0"), (3, "T4"),
                                                 (5, "T3")]


def test_a_vote_on_themes_and_on_each_groups_top_action(session):
    programme, gid, ids, answers = room(session)
    themes.suggest_themes(session=session, actor=ADMIN, gathering_id=gid, question_number=1)
    vid = room_vote.start_room_vote(session=session, actor=ADMIN, gathering_id=gid,
                                    kind="themes", question_number=1)
    ballot = room_vote.room_ballot(session=session, actor=ADMIN, gathering_id=gid,
                                   municipality_id=ids["4638"])
    assert len(ballot.targets) == 1 and ballot.vote_id == vid
    with pytest.raises(InvalidInput):  # no action made in this gathering yet
        room_vote.start_room_vote(session=session, actor=ADMIN, gathering_id=gid,
                                  kind="actions")
    from kultur3.group import actions
    area = catalogue.value_areas(session=session, programme_id=programme.id)[0]
    for title, prio in (("Andre", 2), ("Først", 1)):
        actions.create_action(session=session, actor=ADMIN, programme_id=programme.id,
                              municipality_id=ids["4638"], title=title, value_area_ids=[area.id],
                              source_gathering_id=gid, priority=prio)
    make_action(session, programme, ids["3203"], title="Ikke fra samlingen")
    room_vote.start_room_vote(session=session, actor=ADMIN, gathering_id=gid, kind="actions")
    ranking = room_vote.room_ranking(session=session, actor=ADMIN, gathering_id=gid)
    assert [r.label for r in ranking.rows] == ["Først"]
    # The earlier vote is closed and kept.
    assert session.get(RoomVote, vid).is_open is False


def _a_member_dots(session, dots: int | None = 1):
    """A room vote on question 1's answers where 4638's coordinator login puts one of its
    member's dots on 1804's answer: (programme, gid, ids, answers, vid, group, member)."""
    programme, gid, ids, answers = room(session)
    extra = {} if dots is None else {"dots": dots}
    vid = room_vote.start_room_vote(session=session, actor=ADMIN, gathering_id=gid,
                                    kind="answers", question_number=1, **extra)
    group = make_user(session, Role.GROUP, programme=programme, municipality="4638",
                      coordinator=True)
    member = session.exec(select(Member.id)).first()
    room_vote.spend_dot(session=session, actor=group, gathering_id=gid,
                        municipality_id=ids["4638"], vote_id=vid, target_id=answers["1804"],
                        voter_key=f"m{member}")
    return programme, gid, ids, answers, vid, group, member


def test_a_group_login_votes_as_a_member_and_a_leader_or_stranger_not_at_all(session):
    programme, gid, ids, answers, vid, group, member = _a_member_dots(session)
    with pytest.raises(InvalidInput):  # a group login names who votes
        room_vote.spend_dot(session=session, actor=group, gathering_id=gid,
                            municipality_id=ids["4638"], vote_id=vid,
                            target_id=answers["1804"])
    leader = make_user(session, Role.MUNICIPAL_LEADER, programme=programme, municipality="4638")
    other_group = make_user(session, Role.GROUP, programme=programme, municipality="3203")
    stranger = phone(session, gid, ids["1804"])
    for actor, mid in ((leader, ids["4638"]), (other_group, ids["4638"]),
                       (stranger, ids["4638"])):
        with pytest.raises(PermissionDenied):
            room_vote.spend_dot(session=session, actor=actor, gathering_id=gid,
                                municipality_id=mid, vote_id=vid, target_id=answers["1804"],
                                voter_key="gx")
    for actor in (group, stranger):
        with pytest.raises(PermissionDenied):
            room_vote.start_room_vote(session=session, actor=actor, gathering_id=gid,
                                      kind="answers", question_number=1)
    with pytest.raises(NotFound):  # not a target of this vote
        room_vote.spend_dot(session=session, actor=stranger, gathering_id=gid,
                            municipality_id=ids["1804"], vote_id=vid, target_id=10**6)
    assert room_vote.room_ranking(session=session, actor=ADMIN, gathering_id=gid).voters == 1


def test_an_empty_room_has_nothing_to_vote_on(session):
    programme = make_programme(session)
    enrol(session, programme, "4638")
    gid = make_gathering(session, programme)
    assert room_vote.room_ranking(session=session, actor=ADMIN, gathering_id=gid) is None
    for kind in ("answers", "actions", "themes"):
        with pytest.raises(InvalidInput):
            room_vote.start_room_vote(session=session, actor=ADMIN, gathering_id=gid,
                                      kind=kind, question_number=1)
    assert session.exec(select(RoomVote)).all() == []


RACERS = 12


def test_racing_taps_of_one_voter_lose_no_dot_and_never_pass_the_limit(engine):
    """Twelve taps of one phone at once and twelve of twelve other phones: the one phone
    gets exactly its three dots, every other phone its one; no database error."""
    with Session(engine, expire_on_commit=False) as s:
        _, gid, ids, answers = room(s)
        vid = room_vote.start_room_vote(session=s, actor=ADMIN, gathering_id=gid,
                                        kind="answers", question_number=1, dots=3)
        one = phone(s, gid, ids["4638"])
        others = [phone(s, gid, ids["3203"]) for _ in range(RACERS)]
        s.commit()
    targets = list(answers.values())
    barrier = threading.Barrier(2 * RACERS)
    results: list = []

    def tap(actor, i):
        barrier.wait()
        try:
            with session_scope(engine) as s:
                room_vote.spend_dot(session=s, actor=actor, gathering_id=gid,
                                    municipality_id=actor.municipality_id, vote_id=vid,
                                    target_id=targets[i % 3])
            results.append(("ok", actor.participant_id))
        except InvalidInput as exc:
            results.append(("refused", exc.key))
        except Exception as exc:  # noqa: BLE001 - any other outcome fails below
            results.append(("error", repr(exc)))

    threads = ([threading.Thread(target=tap, args=(one, i)) for i in range(RACERS)]
               + [threading.Thread(target=tap, args=(a, i)) for i, a in enumerate(others)])
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert [r for r in results if r[0] == "error"] == []
    assert sum(1 for r in results if r == ("ok", one.participant_id)) == 3
    with Session(engine) as s:
        count = s.exec(select(func.count()).select_from(RoomDot)).one()
        assert count == 3 + RACERS
        ranking = room_vote.room_ranking(session=s, actor=ADMIN, gathering_id=gid)
        assert ranking.voters == 1 + RACERS and sum(r.dots for r in ranking.rows) == count


def test_a_members_dots_are_in_their_export_and_go_with_them(session):
    from kultur3.privacy import personal_data
    programme, gid, ids, answers, vid, group, member = _a_member_dots(session, dots=None)
    exported = personal_data.export_person(session=session, actor=ADMIN,
                                           kind=personal_data.MEMBER, person_id=member)
    assert [d["target_id"] for d in exported["room_vote_dots"]] == [answers["1804"]]
    personal_data.delete_person(session=session, actor=ADMIN, kind=personal_data.MEMBER,
                                person_id=member)
    assert session.exec(select(RoomDot)).all() == []


def test_an_archived_programme_takes_no_dot(session):
    from kultur3.access.permissions import OPERATOR
    from kultur3.models import ProgrammeStatus
    from kultur3.programme import lifecycle
    programme, gid, ids, answers = room(session)
    vid = room_vote.start_room_vote(session=session, actor=ADMIN, gathering_id=gid,
                                    kind="answers", question_number=1)
    voter = phone(session, gid, ids["4638"])
    for status in (ProgrammeStatus.CLOSED, ProgrammeStatus.ARCHIVED):
        lifecycle.set_status(session=session, actor=OPERATOR, programme_id=programme.id,
                             status=status)
    with pytest.raises(InvalidInput):
        room_vote.spend_dot(session=session, actor=voter, gathering_id=gid,
                            municipality_id=ids["4638"], vote_id=vid, target_id=answers["1804"])
    assert session.exec(select(RoomDot)).all() == []


def test_a_group_reads_no_ballot_of_a_gathering_it_is_not_in(session):
    """A group enrolled in the programme may not read the room vote of a gathering run for
    other municipalities: its targets are their answers."""
    programme, gid, ids, _ = room(session)
    live.set_municipalities(session=session, actor=ADMIN, gathering_id=gid,
                            municipality_ids=[ids["4638"], ids["1804"]])
    room_vote.start_room_vote(session=session, actor=ADMIN, gathering_id=gid, kind="answers",
                              question_number=1, dots=1)
    other_group = make_user(session, Role.GROUP, programme=programme, municipality="3203")
    with pytest.raises((NotFound, PermissionDenied)):
        room_vote.room_ballot(session=session, actor=other_group, gathering_id=gid,
                              municipality_id=ids["3203"], voter_key="gx")


def test_a_group_login_reads_no_other_groups_members_dots(session):
    """A member's dots are theirs: another municipality's login naming that member («m<id>»,
    ids count up) reads nothing of where they went."""
    programme, gid, ids, answers, vid, group, member = _a_member_dots(session)
    other_group = make_user(session, Role.GROUP, programme=programme, municipality="3203")
    with pytest.raises(PermissionDenied):
        room_vote.room_ballot(session=session, actor=other_group, gathering_id=gid,
                              municipality_id=ids["3203"], voter_key=f"m{member}")


def test_one_screens_guest_votes_for_two_groups_with_each_groups_own_dots(session):
    """A facilitator's browser voting as a guest for two groups: its guest key is one, its
    dots are each group's (before, the second group found its dots already spent)."""
    programme, gid, ids, answers = room(session)
    vid = room_vote.start_room_vote(session=session, actor=ADMIN, gathering_id=gid,
                                    kind="answers", question_number=1, dots=1)
    guest = "g0123456789abcdef"
    for number, target in (("4638", "1804"), ("1804", "4638")):
        room_vote.spend_dot(session=session, actor=ADMIN, gathering_id=gid,
                            municipality_id=ids[number], vote_id=vid,
                            target_id=answers[target], voter_key=guest)
        ballot = room_vote.room_ballot(session=session, actor=ADMIN, gathering_id=gid,
                                       municipality_id=ids[number], voter_key=guest)
        assert ballot.mine == {answers[target]: 1}
    ranking = room_vote.room_ranking(session=session, actor=ADMIN, gathering_id=gid)
    assert ranking.voters == 2
