"""Who is invited to a gathering, read both ways, from an empty install."""

from datetime import date

from kultur3.models import GatheringKind, Role, User
from kultur3.programme import invitees
from kultur3.programme.gatherings import create_gathering
from tests.factories import ADMIN, enrol, make_gathering, make_programme, make_user


def _setup(session):
    programme = make_programme(session)
    tromso, bodo = enrol(session, programme, "5501"), enrol(session, programme, "1804")
    people = {
        "tromso": make_user(session, Role.GROUP, programme=programme, municipality="5501"),
        "bodo": make_user(session, Role.GROUP, programme=programme, municipality="1804"),
        "leader": make_user(session, Role.MUNICIPAL_LEADER, programme=programme,
                            municipality="5501"),
        "facilitator": make_user(session, Role.FACILITATOR, programme=programme),
        "other_staff": make_user(session, Role.FACILITATOR, programme=make_programme(
            session, "Et annet program")),
    }
    return programme, tromso, bodo, {k: a.user_id for k, a in people.items()}


def test_a_joint_gathering_invites_every_group_and_the_programme_team(session):
    programme, _, _, ids = _setup(session)
    joint = make_gathering(session, programme, held_on=date(2027, 3, 1))
    assert invitees.invited_user_ids(session, joint) == sorted(
        [ids["tromso"], ids["bodo"], ids["facilitator"]])


def test_a_local_day_invites_its_own_municipality_and_a_leader_day_its_leadership(session):
    programme, *_, ids = _setup(session)
    local = make_gathering(session, programme, kind=GatheringKind.LOKAL_SAMLING,
                           municipality_number="5501", held_on=date(2027, 4, 1))
    leader_day = make_gathering(session, programme, kind=GatheringKind.LEDEROPPFOLGING,
                                municipality_number="5501", held_on=date(2027, 5, 1))
    assert invitees.invited_user_ids(session, local) == [ids["tromso"]]
    assert invitees.invited_user_ids(session, leader_day) == sorted(
        [ids["tromso"], ids["leader"]])
    assert invitees.gathering_ids_of_user(session, ids["leader"]) == [leader_day]
    assert invitees.gathering_ids_of_user(session, ids["bodo"]) == []
    assert invitees.gathering_ids_of_user(session, ids["tromso"]) == [local, leader_day]


def test_a_joint_gathering_for_chosen_municipalities_invites_only_those(session):
    from kultur3.live import console

    programme, tromso, _, ids = _setup(session)
    joint = create_gathering(session=session, actor=ADMIN, programme_id=programme.id,
                             kind=GatheringKind.FELLESSAMLING, title="Bare Tromsø",
                             held_on=date(2027, 6, 1))
    console.set_municipalities(session=session, actor=ADMIN, gathering_id=joint,
                                         municipality_ids=[tromso])
    assert ids["bodo"] not in invitees.invited_user_ids(session, joint)
    assert joint in invitees.gathering_ids_of_user(session, ids["tromso"])
    assert joint not in invitees.gathering_ids_of_user(session, ids["bodo"])


def test_staff_see_only_their_programmes_and_a_closed_account_nothing(session):
    programme, *_, ids = _setup(session)
    joint = make_gathering(session, programme, held_on=date(2027, 3, 1))
    assert invitees.gathering_ids_of_user(session, ids["facilitator"]) == [joint]
    assert invitees.gathering_ids_of_user(session, ids["other_staff"]) == []
    user = session.get(User, ids["tromso"])
    user.active = False
    session.add(user)
    session.flush()
    assert ids["tromso"] not in invitees.invited_user_ids(session, joint)
    assert invitees.gathering_ids_of_user(session, ids["tromso"]) == []
    assert invitees.invited_user_ids(session, 999999) == []


def test_an_adviser_is_invited_to_the_own_gatherings_of_the_municipalities_they_follow(session):
    from kultur3.access.permissions import OPERATOR
    from kultur3.programme import advisers

    programme, tromso, _, ids = _setup(session)
    advisers.assign(session=session, actor=OPERATOR, programme_id=programme.id,
                    municipality_id=tromso, user_id=ids["facilitator"])
    local = make_gathering(session, programme, kind=GatheringKind.LOKAL_SAMLING,
                           municipality_number="5501", held_on=date(2027, 4, 1))
    other = make_gathering(session, programme, kind=GatheringKind.LOKAL_SAMLING,
                           municipality_number="1804", held_on=date(2027, 4, 2))
    assert invitees.invited_user_ids(session, local) == sorted([ids["tromso"],
                                                                ids["facilitator"]])
    assert ids["facilitator"] not in invitees.invited_user_ids(session, other)
    assert invitees.gathering_ids_of_user(session, ids["facilitator"]) == [local]
