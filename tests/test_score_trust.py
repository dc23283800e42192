"""Scores that mean what they say (issue 24 §1), on an empty database (no demo): a personal
account scores as its own member row, a shared login picks; the agreed value is the members'
and the scoring phase's; the room's scores are a stream of their own; staff entries marked."""

from datetime import date

import pytest
from sqlmodel import select

from kultur3.access import identity
from kultur3.core.errors import InvalidInput, PermissionDenied
from kultur3.group import actions, anchoring, membership, scorers, workspace
from kultur3.insight import group_pdf, municipality_work
from kultur3.live import export_frames, joining, set_phase, set_room_scores_counted
from kultur3.models import AuditEvent, GatheringKind, LogKind, Role, ScoreCell, ScoreKind, User
from kultur3.programme import catalogue
from tests.factories import ADMIN, enrol, make_gathering, make_programme, make_user

CURRENT = ScoreKind.CURRENT


@pytest.fixture
def w(session):
    """One programme, one group of two people with their own accounts (Kari the coordinator,
    Ola), a gathering running live in its scoring phase, and the first value area."""
    programme = make_programme(session)
    mid = enrol(session, programme, "4638")
    kari = make_user(session, Role.GROUP, programme=programme, municipality="4638",
                     coordinator=True)
    ola = make_user(session, Role.GROUP, programme=programme, municipality="4638")
    gid = make_gathering(session, programme)
    set_phase(session=session, actor=ADMIN, gathering_id=gid, phase="scoring")
    area = catalogue.value_areas(session=session, programme_id=programme.id)[0].id
    rows = membership.members(session=session, actor=ADMIN, programme_id=programme.id,
                              municipality_id=mid)
    ids = {r.user_id: r.id for r in rows}
    staff = make_user(session, Role.ADMIN)  # an account: what it enters names it
    return dict(session=session, programme=programme, m=mid, g=gid, area=area, kari=kari,
                ola=ola, kari_member=ids[kari.user_id], ola_member=ids[ola.user_id],
                staff=staff)


def score(w, actor, value=3, *, kind=CURRENT, **who):
    workspace.save_score(session=w["session"], actor=actor, gathering_id=w["g"],
                         municipality_id=w["m"], value_area_id=w["area"], kind=kind,
                         value=value, **who)


def cell(w) -> float | None:
    row = w["session"].get(ScoreCell, (w["g"], w["m"], w["area"], CURRENT.value),
                           populate_existing=True)
    return row.value if row else None


def participant(w):
    s = w["session"]
    joining.set_code_joining(session=s, actor=ADMIN, gathering_id=w["g"], enabled=True)
    code = joining.ensure_join_code(session=s, actor=ADMIN, gathering_id=w["g"])
    key = joining.join(session=s, code=code, municipality_id=w["m"])
    return identity.participant_actor(s, key)


# --- A personal account scores as itself --------------------------------------------------------

def test_a_personal_account_scores_as_its_own_member_row(w):
    score(w, w["ola"], 4, member_id=w["ola_member"])
    sheet = workspace.score_sheet(session=w["session"], actor=w["ola"], gathering_id=w["g"],
                                  municipality_id=w["m"])
    assert sheet[0].members[CURRENT] == {w["ola_member"]: 4}


def test_a_personal_account_may_not_score_as_another_member(w):
    with pytest.raises(PermissionDenied) as refused:
        score(w, w["ola"], 1, member_id=w["kari_member"])
    assert refused.value.key == "workshop.score_own_only"
    assert cell(w) is None  # nothing was written


def test_a_personal_account_may_not_score_as_a_guest(w):
    with pytest.raises(PermissionDenied) as refused:
        score(w, w["ola"], 1, guest_key="anything")
    assert refused.value.key == "workshop.score_own_only"


def test_a_removed_member_has_no_row_to_score_as(w):
    membership.deactivate_member(session=w["session"], actor=ADMIN, member_id=w["ola_member"])
    with pytest.raises(PermissionDenied) as refused:
        score(w, w["ola"], 1, member_id=w["ola_member"])
    assert refused.value.key == "workshop.no_member_row"
    mode = scorers.scoring_as(session=w["session"], actor=w["ola"], gathering_id=w["g"],
                              municipality_id=w["m"])
    assert mode.mode == "none"


def test_a_shared_login_keeps_the_picker(w):
    """A group account no member row names (made for the group's table) is shared, as is an
    account marked shared (the demo's «kommune-N», which also stands as a member)."""
    table = make_user(w["session"], Role.GROUP, municipality="4638")
    score(w, table, 2, member_id=w["kari_member"])
    score(w, table, 5, member_id=w["ola_member"])
    assert scorers.scoring_as(session=w["session"], actor=table, gathering_id=w["g"],
                              municipality_id=w["m"]).mode == "shared"
    w["session"].get(User, w["kari"].user_id).shared_login = True
    score(w, w["kari"], 1, member_id=w["ola_member"])
    assert cell(w) == 1.5


def test_scoring_as_is_read_only_by_those_who_may_read_the_group(w):
    other = enrol(w["session"], w["programme"], "0301")
    oslo = make_user(w["session"], Role.GROUP, programme=w["programme"], municipality="0301")
    assert other != w["m"]
    with pytest.raises(PermissionDenied):
        scorers.scoring_as(session=w["session"], actor=oslo, gathering_id=w["g"],
                           municipality_id=w["m"])
    mode = scorers.scoring_as(session=w["session"], actor=w["kari"], gathering_id=w["g"],
                              municipality_id=w["m"])
    assert (mode.mode, mode.member_id, mode.agreed_refusal) == ("own", w["kari_member"], None)


# --- The agreed value: members, and the scoring phase -------------------------------------------

def test_a_participant_may_not_set_or_clear_the_agreed_value(w):
    guest = participant(w)
    with pytest.raises(PermissionDenied) as refused:
        score(w, guest, 5, is_group=True)
    assert refused.value.key == "workshop.agreed_members_only"
    score(w, w["kari"], 2, is_group=True)
    with pytest.raises(PermissionDenied):
        workspace.clear_agreed_score(session=w["session"], actor=guest, gathering_id=w["g"],
                                     municipality_id=w["m"], value_area_id=w["area"],
                                     kind=CURRENT)
    assert cell(w) == 2.0


def test_a_participant_may_not_score_as_a_member(w):
    guest = participant(w)
    with pytest.raises(PermissionDenied) as refused:
        score(w, guest, 5, member_id=w["kari_member"])
    assert refused.value.key == "workshop.score_as_self"


def test_nobody_else_scores_under_a_code_participants_key(w):
    """A shared login (or staff) giving the guest key «p<id>» would overwrite a participant's
    room score, and the research export would credit it to that participant's pseudonym."""
    s = w["session"]
    guest = participant(w)
    key = identity.participant_key(guest)
    score(w, guest, 5, guest_key=key)
    shared = s.get(User, w["kari"].user_id)
    shared.shared_login = True
    s.add(shared)
    s.flush()
    for actor, forged in ((w["kari"], key), (w["staff"], key), (w["kari"], key + "0" * 40)):
        with pytest.raises(PermissionDenied) as refused:
            score(w, actor, 1, guest_key=forged)
        assert refused.value.key == "workshop.participant_scores_self"
    score(w, w["kari"], 2, guest_key="a" * 32)  # a shared login's own guest still scores


def test_the_agreed_value_only_in_the_scoring_phase_while_live(w):
    set_phase(session=w["session"], actor=ADMIN, gathering_id=w["g"], phase="q1")
    with pytest.raises(InvalidInput) as refused:
        score(w, w["kari"], 4, is_group=True)
    assert refused.value.key == "workshop.agreed_not_now"
    with pytest.raises(InvalidInput):
        workspace.clear_agreed_score(session=w["session"], actor=w["kari"], gathering_id=w["g"],
                                     municipality_id=w["m"], value_area_id=w["area"],
                                     kind=CURRENT)
    score(w, w["kari"], 3, member_id=w["kari_member"])  # one's own score is not the agreed one
    score(w, ADMIN, 4, is_group=True)  # staff correct on the group's behalf at any time
    assert cell(w) == 4.0


def test_no_agreed_value_in_a_gathering_whose_agenda_has_no_scoring(w):
    day = make_gathering(w["session"], w["programme"], title="Lederdag",
                         kind=GatheringKind.LEDEROPPFOLGING, municipality_number="4638",
                         held_on=date(2027, 5, 1))
    with pytest.raises(InvalidInput) as refused:
        workspace.save_score(session=w["session"], actor=w["kari"], gathering_id=day,
                             municipality_id=w["m"], value_area_id=w["area"], kind=CURRENT,
                             value=3, is_group=True)
    assert refused.value.key == "workshop.agreed_not_on_agenda"


# --- The room's own stream ----------------------------------------------------------------------

def test_the_room_is_kept_apart_until_the_facilitator_counts_it(w):
    s = w["session"]
    score(w, w["kari"], 1, member_id=w["kari_member"])
    guest = participant(w)
    score(w, guest, 5, guest_key=identity.participant_key(guest))
    assert cell(w) == 1.0  # the room does not move the members' median
    sheet = workspace.score_sheet(session=s, actor=w["kari"], gathering_id=w["g"],
                                  municipality_id=w["m"])[0]
    assert (sheet.median(CURRENT), sheet.room_median(CURRENT)) == (1.0, 5.0)
    assert sheet.value(CURRENT) == 1.0

    set_room_scores_counted(session=s, actor=ADMIN, gathering_id=w["g"], counted=True)
    assert cell(w) == 3.0  # recounted when the setting flips
    assert workspace.score_sheet(session=s, actor=w["kari"], gathering_id=w["g"],
                                 municipality_id=w["m"])[0].value(CURRENT) == 3.0
    set_room_scores_counted(session=s, actor=ADMIN, gathering_id=w["g"], counted=False)
    assert cell(w) == 1.0
    logged = s.exec(select(AuditEvent).where(AuditEvent.action == "live.room_scores")).all()
    assert [(e.detail["before"], e.detail["after"]) for e in logged] == [(False, True),
                                                                          (True, False)]


def test_only_staff_of_the_programme_count_the_room(w):
    for actor in (w["kari"], participant(w)):
        with pytest.raises(PermissionDenied):
            set_room_scores_counted(session=w["session"], actor=actor, gathering_id=w["g"],
                                    counted=True)


def test_the_projector_shows_the_room_beside_the_groups(w):
    from kultur3.live import room_view, set_revealed
    s = w["session"]
    score(w, w["kari"], 2, member_id=w["kari_member"])
    guest = participant(w)
    score(w, guest, 4, guest_key=identity.participant_key(guest))
    set_revealed(session=s, actor=ADMIN, gathering_id=w["g"], phase="scoring", revealed=True)
    view = room_view(session=s, actor=ADMIN, gathering_id=w["g"])
    assert view.radar[0].current == 2.0
    assert (view.room[0].current, view.room_people, view.room_counted) == (4.0, 1, False)


# --- What staff entered is marked ---------------------------------------------------------------

def test_a_score_entered_by_staff_is_marked_on_the_sheet_in_the_export_and_report(w):
    s = w["session"]
    score(w, w["ola"], 3, member_id=w["ola_member"])
    score(w, w["staff"], 4, member_id=w["kari_member"])
    sheet = workspace.score_sheet(session=s, actor=w["kari"], gathering_id=w["g"],
                                  municipality_id=w["m"])[0]
    assert sheet.by_staff[CURRENT] == {w["kari_member"]}
    frames = export_frames(session=s, actor=ADMIN, gathering_id=w["g"])
    scores = list(frames.values())[1]
    assert scores.columns[-1] == "ført inn av fasilitator"
    assert sorted(scores.iloc[:, -1].tolist()) == ["", "ja"]
    work = municipality_work.municipality_work(session=s, actor=w["kari"],
                                               programme_id=w["programme"].id,
                                               municipality_id=w["m"])
    assert len(work.staff_scores) == 1 and work.staff_scores[0][0] == "Samling 1"
    assert "ført inn av fasilitator" in group_pdf._staff_scores(work, "nb")[0][1]


def test_actions_log_and_anchoring_entered_by_staff_are_marked(w):
    s, pid, m = w["session"], w["programme"].id, w["m"]
    area = w["area"]
    for actor in (w["staff"], w["kari"]):
        actions.create_action(session=s, actor=actor, programme_id=pid, municipality_id=m,
                              title=f"Tiltak {actor.role}", value_area_ids=[area])
        actions.add_log_entry(session=s, actor=actor, programme_id=pid, municipality_id=m,
                              kind=LogKind.PLAN, text=f"Logg {actor.role}",
                              happened_on=date(2027, 1, 1))
        anchoring.add_entry(session=s, actor=actor, programme_id=pid, municipality_id=m,
                            data=anchoring.AnchoringInput(kind="budsjett",
                                                          title=f"Forankring {actor.role}"))
    marked = {a.title: a.entered_by_staff for a in actions.list_actions(
        session=s, actor=w["kari"], programme_id=pid, municipality_id=m)}
    assert marked == {"Tiltak admin": True, "Tiltak group": False}
    assert {e.text: e.entered_by_staff for e in actions.list_log(
        session=s, actor=w["kari"], programme_id=pid, municipality_id=m)} == {
        "Logg admin": True, "Logg group": False}
    assert {e.title: e.entered_by_staff for e in anchoring.entries(
        session=s, actor=w["kari"], programme_id=pid, municipality_id=m)} == {
        "Forankring admin": True, "Forankring group": False}
    work = municipality_work.municipality_work(session=s, actor=w["kari"], programme_id=pid,
                                               municipality_id=m)
    lines = [text for _, text in group_pdf._actions(work, "nb") + group_pdf._anchoring(work, "nb")]
    assert [line for line in lines if "ført inn av fasilitator" in line] == [
        line for line in lines if "admin" in line]
