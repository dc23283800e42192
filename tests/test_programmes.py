"""A programme's life from an empty install: create from the template or as a copy, enrol,
move through its statuses; an archived programme is read-only everywhere; people see only
the programmes they take part in. No demo data here unless a test names it."""

from datetime import date

import pytest
from sqlmodel import func, select

from kultur3.access.permissions import OPERATOR, Actor
from kultur3.core.errors import InvalidInput, NotFound, PermissionDenied
from kultur3.group import actions, workspace
from kultur3.models import (
    AuditEvent,
    FocusArea,
    Gathering,
    Participation,
    Programme,
    ProgrammeStatus,
    Question,
    Role,
    ValueArea,
)
from kultur3.programme import catalogue, framework_edit, lifecycle
from tests.conftest import actor_of

ADMIN = Actor(user_id=None, username="kari", display_name="Kari", role=Role.ADMIN)


def _count(session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def _create(session, name="Kulturskole 3.0 – Vestland 2027", **kw):
    return lifecycle.create_programme(
        session=session, actor=ADMIN, data=lifecycle.ProgrammeInput(name=name, **kw))


def test_a_programme_from_the_template_has_the_whole_framework(session):
    p = _create(session, description="Andre kull", starts_on=date(2027, 1, 1),
                ends_on=date(2028, 6, 30))
    session.commit()
    assert p.slug == "kulturskole-3-0-vestland-2027" and p.status == ProgrammeStatus.PLANNED
    assert _count(session, Question, Question.programme_id == p.id) == 4
    areas = session.exec(select(ValueArea).where(ValueArea.programme_id == p.id)).all()
    assert len(areas) == 8
    for area in areas:  # every level 1-5 and a description, in all three languages
        assert sorted(area.level_texts) == ["1", "2", "3", "4", "5"]
        assert all(set(texts) == {"nb", "nn", "en"} for texts in area.level_texts.values())
        assert set(area.descriptions) == {"nb", "nn", "en"}
    texts = [a.level_texts["1"]["nb"] for a in areas]
    assert len(set(texts)) == 8  # no generic text shared by every area
    assert _count(session, FocusArea, FocusArea.programme_id == p.id) == 6
    assert _count(session, AuditEvent, AuditEvent.action == "programme.create") == 1


@pytest.mark.parametrize("bad", [
    {"name": "  "},
    {"name": "x" * 241},
    {"name": "Periode", "starts_on": date(2027, 6, 1), "ends_on": date(2027, 1, 1)},
])
def test_bad_programme_input_creates_nothing(session, bad):
    with pytest.raises(InvalidInput):
        lifecycle.create_programme(session=session, actor=ADMIN,
                                         data=lifecycle.ProgrammeInput(**bad))
    session.rollback()
    assert _count(session, Programme) == 0 and _count(session, Question) == 0


def test_a_duplicate_name_is_refused_whatever_its_case(session):
    _create(session, name="Region Nord")
    session.commit()
    with pytest.raises(InvalidInput) as err:
        _create(session, name="region nord")
    assert err.value.key == "programme.duplicate_name"
    session.rollback()
    assert _count(session, Programme) == 1


def test_only_an_admin_creates_programmes(demo):
    for who in ("fasilitator", "leder", "kommune-3203"):
        with pytest.raises(PermissionDenied):
            lifecycle.create_programme(session=demo, actor=actor_of(demo, who),
                                             data=lifecycle.ProgrammeInput(name="X"))


def test_a_copy_takes_the_framework_never_the_work(demo):
    source = catalogue.list_programmes(session=demo)[0]
    admin = actor_of(demo, "admin")
    areas = catalogue.value_areas(session=demo, programme_id=source.id)
    framework_edit.rename_value_area(session=demo, actor=admin, area_id=areas[0].id,
                                      names={"nb": "Attraktiv, relevant og kjent"})
    framework_edit.set_retired(session=demo, actor=admin, area_id=areas[7].id, retired=True)
    copy = lifecycle.create_programme(
        session=demo, actor=admin, data=lifecycle.ProgrammeInput(name="Neste kull"),
        copy_from=source.slug)
    demo.commit()
    copied = catalogue.value_areas(session=demo, programme_id=copy.id)
    assert [a.names["nb"] for a in copied][0] == "Attraktiv, relevant og kjent"
    assert len(copied) == 7  # the retired area stays behind
    assert _count(demo, Question, Question.programme_id == copy.id) == 4
    for model in (Participation, Gathering):
        assert _count(demo, model, model.programme_id == copy.id) == 0
    with pytest.raises(NotFound):
        lifecycle.create_programme(
            session=demo, actor=admin, data=lifecycle.ProgrammeInput(name="Y"),
            copy_from="finnes-ikke")


def test_statuses_move_one_step_at_a_time(session):
    p = _create(session)
    with pytest.raises(InvalidInput):
        lifecycle.set_status(session=session, actor=ADMIN, programme_id=p.id,
                                   status=ProgrammeStatus.ARCHIVED)
    for status in (ProgrammeStatus.ACTIVE, ProgrammeStatus.CLOSED, ProgrammeStatus.ARCHIVED,
                   ProgrammeStatus.CLOSED):
        lifecycle.set_status(session=session, actor=ADMIN, programme_id=p.id,
                                   status=status)
    assert session.get(Programme, p.id).status == ProgrammeStatus.CLOSED


def test_enrolling_is_all_or_nothing(session):
    p = _create(session)
    session.commit()
    with pytest.raises(NotFound) as err:
        lifecycle.enrol(session=session, actor=ADMIN, programme_id=p.id,
                              numbers=["3203", "9999"])
    assert err.value.params == {"number": "9999"}
    session.rollback()
    assert _count(session, Participation) == 0
    added = lifecycle.enrol(session=session, actor=ADMIN, programme_id=p.id,
                                  numbers=["3203", "1804", "3203"], focus_key="helse")
    assert added == ["Asker", "Bodø"]
    assert lifecycle.enrol(session=session, actor=ADMIN, programme_id=p.id,
                                 numbers=["3203"]) == []  # already in: left as it is
    with pytest.raises(InvalidInput):
        lifecycle.enrol(session=session, actor=ADMIN, programme_id=p.id, numbers=["3203"],
                              focus_key="finnes-ikke")


def test_people_see_only_their_programmes_and_archived_ones_leave_the_pickers(demo):
    pilot = catalogue.list_programmes(session=demo)[0]
    admin = actor_of(demo, "admin")
    other = lifecycle.create_programme(
        session=demo, actor=admin, data=lifecycle.ProgrammeInput(name="Region Nord"))
    lifecycle.enrol(session=demo, actor=admin, programme_id=other.id, numbers=["1804"])

    def seen(who, **kw):
        return [p.id for p in catalogue.visible_programmes(session=demo,
                                                           actor=actor_of(demo, who), **kw)]

    assert seen("admin") == [other.id, pilot.id]
    assert seen("fasilitator") == [pilot.id] and seen("leder") == [pilot.id]
    assert seen("kommune-1804") == [other.id, pilot.id]
    assert seen("kommune-3203") == [pilot.id]
    with pytest.raises(PermissionDenied):
        catalogue.check_programme(session=demo, actor=actor_of(demo, "kommune-3203"),
                                   programme_id=other.id)
    lifecycle.grant_access(session=demo, actor=admin, programme_id=other.id,
                                 user_id=actor_of(demo, "leder").user_id)
    assert seen("leder") == [other.id, pilot.id]
    for status in (ProgrammeStatus.ACTIVE, ProgrammeStatus.CLOSED, ProgrammeStatus.ARCHIVED):
        lifecycle.set_status(session=demo, actor=admin, programme_id=other.id,
                                   status=status)
    assert seen("leder") == [pilot.id]
    assert seen("leder", include_archived=True) == [other.id, pilot.id]


def test_an_archived_programme_is_read_only_everywhere(demo):
    pilot = catalogue.list_programmes(session=demo)[0]
    admin, group = actor_of(demo, "admin"), actor_of(demo, "kommune-3203")
    gathering = catalogue.gatherings_for(session=demo, programme_id=pilot.id,
                                          municipality_id=group.municipality_id)[-1]
    frame = catalogue.framework_view(session=demo, programme_id=pilot.id)
    lifecycle.set_status(session=demo, actor=admin, programme_id=pilot.id,
                               status=ProgrammeStatus.CLOSED)
    lifecycle.set_status(session=demo, actor=admin, programme_id=pilot.id,
                               status=ProgrammeStatus.ARCHIVED)
    demo.commit()
    before = _count(demo, Participation)
    attempts = [
        lambda: workspace.save_score(session=demo, actor=group, gathering_id=gathering.id,
                                     municipality_id=group.municipality_id,
                                     value_area_id=frame.areas[0].id, kind="current", value=2,
                                     guest_key="g1"),
        lambda: actions.create_action(session=demo, actor=group, programme_id=pilot.id,
                                      municipality_id=group.municipality_id, title="Nytt",
                                      value_area_ids=[frame.areas[0].id]),
        lambda: lifecycle.enrol(session=demo, actor=admin, programme_id=pilot.id,
                                      numbers=["5610"]),
        lambda: framework_edit.rename_value_area(session=demo, actor=admin,
                                                  area_id=frame.areas[0].id, names={"nb": "X"}),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidInput) as err:
            attempt()
            demo.flush()
        assert err.value.key == "error.programme_archived"
        demo.rollback()
    assert _count(demo, Participation) == before
    # Reading still works, and bringing it back to «closed» opens it again.
    assert workspace.score_sheet(session=demo, actor=group, gathering_id=gathering.id,
                                 municipality_id=group.municipality_id)
    lifecycle.set_status(session=demo, actor=admin, programme_id=pilot.id,
                               status=ProgrammeStatus.CLOSED)
    lifecycle.enrol(session=demo, actor=admin, programme_id=pilot.id, numbers=["5610"])
    assert _count(demo, Participation) == before + 1


def test_staff_of_one_programme_cannot_reach_another(demo):
    """A facilitator and a leader who take part in the pilot only: every programme-wide
    read and write on another programme is refused in the service layer."""
    from kultur3 import live
    from kultur3.group import membership
    from kultur3.insight import dashboard, overview
    from kultur3.models import GatheringKind
    from kultur3.programme import gatherings

    other = lifecycle.create_programme(
        session=demo, actor=OPERATOR, data=lifecycle.ProgrammeInput(name="Region Nord"))
    lifecycle.enrol(session=demo, actor=OPERATOR, programme_id=other.id, numbers=["1804"])
    staff, leader = actor_of(demo, "fasilitator"), actor_of(demo, "leder")
    gid = gatherings.create_gathering(session=demo, actor=actor_of(demo, "admin"),
                                      programme_id=other.id, kind=GatheringKind.FELLESSAMLING,
                                      title="Nord 1", held_on=date(2027, 1, 1))
    demo.commit()
    attempts = {
        "gap_frame": lambda a: dashboard.gap_frame(session=demo, actor=a, programme_id=other.id),
        "municipality_gaps": lambda a: overview.municipality_gaps(session=demo, actor=a,
                                                                  programme_id=other.id),
        "answer_progress": lambda a: overview.answer_progress(session=demo, actor=staff,
                                                              programme_id=other.id),
        "create_gathering": lambda a: gatherings.create_gathering(
            session=demo, actor=staff, programme_id=other.id,
            kind=GatheringKind.FELLESSAMLING, title="X", held_on=date(2027, 1, 1)),
        "set_phase": lambda a: live.set_phase(session=demo, actor=staff, gathering_id=gid,
                                              phase="q1"),
        "add_member": lambda a: membership.add_member(
            session=demo, actor=staff, programme_id=other.id, number="1804",
            member=membership.MemberInput("Ny", "Lærer")),
        "enrol": lambda a: lifecycle.enrol(session=demo, actor=staff,
                                                 programme_id=other.id, numbers=["5610"]),
    }
    for name, attempt in attempts.items():
        for who in (staff, leader):
            with pytest.raises(PermissionDenied):
                attempt(who)
            demo.rollback()
        assert name
    lifecycle.grant_access(session=demo, actor=OPERATOR, programme_id=other.id,
                                 user_id=leader.user_id)
    assert dashboard.gap_frame(session=demo, actor=leader, programme_id=other.id).empty


def test_a_picker_starts_on_the_running_gathering_else_the_last_held():
    from datetime import date

    from kultur3.programme.catalogue import GatheringInfo, default_gathering

    def g(i, held, status):
        return GatheringInfo(id=i, title=f"S{i}", kind="fellessamling", held_on=held,
                             status=status, municipality_id=None, is_digital=False)
    today = date(2026, 11, 26)
    past, now, later = (g(1, date(2026, 4, 1), "closed"), g(2, date(2026, 11, 26), "active"),
                        g(3, date(2027, 4, 1), "planned"))
    assert default_gathering([past, now, later], today) == now
    assert default_gathering([past, later], today) == past  # not the one planned for later
    assert default_gathering([later], today) == later
    assert default_gathering([], today) is None
