"""Planning gatherings as a programme team does (issue 23 §3, §5): edit, reschedule, cancel,
delete, many at once, the preparation task and the group's next gathering. Every test starts
from an empty database (outside demo mode)."""

from datetime import UTC, date, datetime, time

import pytest
from sqlmodel import select

from kultur3 import live
from kultur3.access.permissions import OPERATOR
from kultur3.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from kultur3.group import preparation, workspace
from kultur3.models import AuditEvent, Gathering, GatheringKind, Role, ScoreKind
from kultur3.programme import catalogue, gathering_plan, gatherings
from tests.factories import ADMIN, enrol, make_action, make_gathering, make_programme, make_user


def _edit(session, actor, gid, version, **kw):
    g = session.get(Gathering, gid)
    args = dict(title=g.title, kind=g.kind, held_on=g.held_on, starts_at=g.starts_at,
                ends_at=g.ends_at, place=g.place, video_link=g.video_link,
                description=g.description,
                materials=gathering_plan.materials_text(g.materials), prep_task=g.prep_task)
    return gatherings.update_gathering(session=session, actor=actor, gathering_id=gid,
                                       base_version=version, **{**args, **kw})


@pytest.fixture
def world(session):
    p = make_programme(session)
    enrol(session, p, "4638")
    enrol(session, p, "3203")
    staff = make_user(session, Role.FACILITATOR, programme=p)
    gid = make_gathering(session, p, title="Fellessamling 1", held_on=date(2027, 3, 1))
    session.commit()
    return dict(p=p, staff=staff, gid=gid)


def test_edit_every_field_and_a_reschedule_moves_the_schedule_version(session, world):
    gid, staff = world["gid"], world["staff"]
    version = _edit(session, staff, gid, 1, title="Fellessamling 1 – Bergen",
                    description="Vi møtes i Bergen.", prep_task="Les casen",
                    materials="Casen | https://example.no/case.pdf\nhttps://ks.no/k3")
    g = session.get(Gathering, gid)
    assert (version, g.edit_version, g.schedule_version) == (2, 2, 1)  # no date change yet
    assert g.materials == [{"label": "Casen", "url": "https://example.no/case.pdf"},
                           {"label": "https://ks.no/k3", "url": "https://ks.no/k3"}]
    _edit(session, staff, gid, version, held_on=date(2027, 3, 8), starts_at=time(9),
          ends_at=time(15, 30), place="Scandic Ørnen")
    session.refresh(g)
    assert (g.held_on, g.starts_at, g.place, g.schedule_version) == (
        date(2027, 3, 8), time(9), "Scandic Ørnen", 2)
    info = catalogue.gatherings_for(session=session, programme_id=world["p"].id)[0]
    assert (info.held_on, info.starts_at, info.place, info.schedule_version) == (
        date(2027, 3, 8), time(9), "Scandic Ørnen", 2)
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "gathering.update")
                         ).all()[-1]
    assert audit.detail["before"]["held_on"] == "2027-03-01" and audit.detail["rescheduled"]


def test_a_second_editor_gets_a_conflict_and_loses_nothing(session, world):
    gid, staff = world["gid"], world["staff"]
    _edit(session, staff, gid, 1, title="Først")
    session.commit()
    with pytest.raises(Conflict):
        _edit(session, ADMIN, gid, 1, title="Andre")
    session.rollback()
    assert session.get(Gathering, gid).title == "Først"


@pytest.mark.parametrize(("kw", "key"), [
    ({"video_link": "javascript:alert(1)"}, "gatherings.bad_link"),
    ({"materials": "Les | ftp://example.no/x"}, "gatherings.bad_link"),
    ({"materials": "https://exa mple.no"}, "gatherings.bad_link"),
    ({"title": " "}, "error.empty"),
    ({"kind": GatheringKind.LOKAL_SAMLING}, "gatherings.kind_fixed"),
    ({"starts_at": time(12), "ends_at": time(11)}, "gatherings.ends_before_start"),
])
def test_bad_edits_are_refused_in_plain_words(session, world, kw, key):
    with pytest.raises(InvalidInput) as err:
        _edit(session, world["staff"], world["gid"], 1, **kw)
    assert err.value.key == key


def test_cancelled_is_kept_marked_and_the_console_refuses_it(session, world):
    gid, staff = world["gid"], world["staff"]
    gatherings.cancel_gathering(session=session, actor=staff, gathering_id=gid)
    session.commit()
    g = session.get(Gathering, gid)
    assert g.cancelled_at is not None and g.schedule_version == 2
    with pytest.raises(InvalidInput) as err:
        live.set_phase(session=session, actor=staff, gathering_id=gid, phase="q1")
    assert err.value.key == "live.cancelled"
    session.rollback()
    plan = gatherings.planned(session=session, actor=staff, programme_id=world["p"].id)
    assert plan[0].cancelled
    assert session.exec(select(AuditEvent.action).where(
        AuditEvent.entity_id == gid, AuditEvent.action == "gathering.cancel")).first()
    gatherings.cancel_gathering(session=session, actor=staff, gathering_id=gid, cancelled=False)
    assert session.get(Gathering, gid).cancelled_at is None


def test_delete_only_while_nothing_is_recorded(session, world):
    p, staff = world["p"], world["staff"]
    empty = make_gathering(session, p, title="Tom")
    gatherings.delete_gathering(session=session, actor=staff, gathering_id=empty)
    assert session.get(Gathering, empty) is None
    area = catalogue.value_areas(session=session, programme_id=p.id)[0]
    asker = catalogue.participants(session=session, programme_id=p.id)[0].municipality_id
    workspace.save_score(session=session, actor=ADMIN, gathering_id=world["gid"],
                         municipality_id=asker, value_area_id=area.id, kind=ScoreKind.CURRENT,
                         value=3, is_group=True)
    session.commit()
    with pytest.raises(InvalidInput) as err:
        gatherings.delete_gathering(session=session, actor=staff, gathering_id=world["gid"])
    assert err.value.key == "gatherings.has_work"
    session.rollback()
    # Moving it keeps the work: the score hangs on the gathering, not on its date.
    _edit(session, staff, world["gid"], 1, held_on=date(2027, 4, 1))
    sheet = workspace.score_sheet(session=session, actor=ADMIN, gathering_id=world["gid"],
                                  municipality_id=asker)
    assert sheet  # still there


def test_an_action_made_in_it_blocks_deletion(session, world):
    p = world["p"]
    mid = catalogue.participants(session=session, programme_id=p.id)[0].municipality_id
    aid = make_action(session, p, mid)
    from kultur3.models import Action
    session.get(Action, aid).source_gathering_id = world["gid"]
    session.commit()
    with pytest.raises(InvalidInput):
        gatherings.delete_gathering(session=session, actor=world["staff"],
                                    gathering_id=world["gid"])


def test_another_programmes_facilitator_and_a_leader_are_refused(session, world):
    other = make_programme(session, "Annet program")
    stranger = make_user(session, Role.FACILITATOR, programme=other)
    leader = make_user(session, Role.LEADER, programme=world["p"])
    gid = world["gid"]
    for actor in (stranger, leader):
        for call in (lambda a: _edit(session, a, gid, 1, title="Kapret"),
                     lambda a: gatherings.cancel_gathering(session=session, actor=a,
                                                           gathering_id=gid),
                     lambda a: gatherings.delete_gathering(session=session, actor=a,
                                                           gathering_id=gid)):
            with pytest.raises(PermissionDenied):
                call(actor)
    with pytest.raises(PermissionDenied):
        gatherings.planned(session=session, actor=stranger, programme_id=world["p"].id)
    assert gatherings.planned(session=session, actor=leader, programme_id=world["p"].id)
    assert session.get(Gathering, gid).title == "Fellessamling 1"


def test_local_gatherings_for_every_municipality_in_one_step(session, world):
    p, staff = world["p"], world["staff"]
    enrol(session, p, "1804")
    ids = gathering_plan.create_for_every_municipality(
        session=session, actor=staff, programme_id=p.id, kind=GatheringKind.LOKAL_SAMLING,
        first=date(2027, 4, 5), last=date(2027, 4, 16), title_pattern="Lokal samling – {kommune}")
    rows = [session.get(Gathering, i) for i in ids]
    assert sorted(g.title for g in rows) == ["Lokal samling – Asker", "Lokal samling – Bodø",
                                             "Lokal samling – Høyanger"]
    days = [g.held_on for g in rows]
    assert days == sorted(days) and len(set(days)) == 3
    assert all(d.weekday() < 5 and date(2027, 4, 5) <= d <= date(2027, 4, 16) for d in days)
    assert all(g.municipality_id is not None for g in rows)
    with pytest.raises(InvalidInput) as err:  # a second click doubles nothing
        gathering_plan.create_for_every_municipality(
            session=session, actor=staff, programme_id=p.id, kind=GatheringKind.LOKAL_SAMLING,
            first=date(2027, 4, 5), last=date(2027, 4, 16), title_pattern="L – {kommune}")
    assert err.value.key == "gatherings.bulk_nothing"


@pytest.mark.parametrize(("kw", "key"), [
    ({"title_pattern": "Lokal samling"}, "gatherings.pattern_needs_name"),
    ({"last": date(2027, 4, 1)}, "gatherings.bad_window"),
    ({"kind": GatheringKind.FELLESSAMLING}, "gatherings.bulk_kind"),
])
def test_bad_bulk_plans_are_refused(session, world, kw, key):
    args = dict(session=session, actor=world["staff"], programme_id=world["p"].id,
                kind=GatheringKind.LEDEROPPFOLGING, first=date(2027, 4, 5),
                last=date(2027, 4, 16), title_pattern="Lederdag – {kommune}")
    with pytest.raises(InvalidInput) as err:
        gathering_plan.create_for_every_municipality(**{**args, **kw})
    assert err.value.key == key


def test_the_group_ticks_the_preparation_and_sees_its_next_gathering(session, world):
    p, gid, staff = world["p"], world["gid"], world["staff"]
    group = make_user(session, Role.GROUP, programme=p, municipality="4638", coordinator=True)
    mid = group.municipality_id
    assert preparation.next_gathering(session=session, actor=group, programme_id=p.id,
                                      municipality_id=mid, today=date(2027, 2, 1)).prep_task == ""
    with pytest.raises(InvalidInput):  # no task yet: nothing to tick
        preparation.tick_preparation(session=session, actor=group, programme_id=p.id,
                                     municipality_id=mid, gathering_id=gid)
    _edit(session, staff, gid, 1, prep_task="Skår nåsituasjonen før vi møtes",
          starts_at=time(10), place="Bergen")
    make_action(session, p, mid, title="Før", deadline=date(2027, 2, 20))
    make_action(session, p, mid, title="Etter", deadline=date(2027, 5, 1))
    preparation.tick_preparation(session=session, actor=group, programme_id=p.id,
                                 municipality_id=mid, gathering_id=gid)
    nxt = preparation.next_gathering(session=session, actor=group, programme_id=p.id,
                                     municipality_id=mid, today=date(2027, 2, 1))
    assert (nxt.id, nxt.starts_at, nxt.place, nxt.prep_done) == (gid, time(10), "Bergen", True)
    assert [a.title for a in nxt.due] == ["Før"]
    plan = gatherings.planned(session=session, actor=staff, programme_id=p.id)[0]
    assert plan.prepared == ("Høyanger",) and plan.invited == ("Asker", "Høyanger")
    preparation.tick_preparation(session=session, actor=group, programme_id=p.id,
                                 municipality_id=mid, gathering_id=gid, done=False)
    assert gatherings.planned(session=session, actor=staff, programme_id=p.id)[0].prepared == ()
    # A cancelled gathering is not next; none left means None.
    gatherings.cancel_gathering(session=session, actor=staff, gathering_id=gid)
    assert preparation.next_gathering(session=session, actor=group, programme_id=p.id,
                                      municipality_id=mid, today=date(2027, 2, 1)) is None


def test_another_group_cannot_tick_or_read(session, world):
    p = world["p"]
    asker = make_user(session, Role.GROUP, programme=p, municipality="3203", coordinator=True)
    hoyanger = catalogue.participants(session=session, programme_id=p.id)[1].municipality_id
    with pytest.raises(PermissionDenied):
        preparation.tick_preparation(session=session, actor=asker, programme_id=p.id,
                                     municipality_id=hoyanger, gathering_id=world["gid"])
    with pytest.raises(PermissionDenied):
        preparation.next_gathering(session=session, actor=asker, programme_id=p.id,
                                   municipality_id=hoyanger)
    local = make_gathering(session, p, title="Lokal Høyanger", kind=GatheringKind.LOKAL_SAMLING,
                           municipality_number="4638")
    with pytest.raises(NotFound):  # not invited to Høyanger's own gathering
        preparation.tick_preparation(session=session, actor=asker, programme_id=p.id,
                                     municipality_id=asker.municipality_id, gathering_id=local)


def test_an_empty_programme_has_an_empty_plan(session):
    p = make_programme(session)
    assert gatherings.planned(session=session, actor=OPERATOR, programme_id=p.id) == []


def test_the_calendar_feed_follows_a_reschedule_and_a_cancellation(session, world):
    from kultur3.programme import calendar_feed

    def ics(gid):
        fields = calendar_feed.fields_of(session.get(Gathering, gid))
        return calendar_feed.event(fields, host="k3.test", url="https://k3.test/",
                                   stamp=datetime(2027, 1, 1, tzinfo=UTC)).to_ical().decode()
    gid = world["gid"]
    assert "DTSTART;VALUE=DATE:20270301" in ics(gid) and "SEQUENCE:0" in ics(gid)
    _edit(session, world["staff"], gid, 1, held_on=date(2027, 3, 8), starts_at=time(9),
          ends_at=time(15), place="Bergen")
    body = ics(gid)
    assert "DTSTART;TZID=Europe/Oslo:20270308T090000" in body and "SEQUENCE:1" in body
    assert "LOCATION:Bergen" in body and "STATUS:CONFIRMED" in body
    gatherings.cancel_gathering(session=session, actor=world["staff"], gathering_id=gid)
    assert "STATUS:CANCELLED" in ics(gid) and "SEQUENCE:2" in ics(gid)


def test_the_plan_names_each_gatherings_advisers_for_staff_only(session, world):
    from kultur3.programme import advisers
    p, staff = world["p"], world["staff"]
    leader = make_user(session, Role.LEADER, programme=p)
    mid = catalogue.participants(session=session, programme_id=p.id)[1].municipality_id
    advisers.assign(session=session, actor=ADMIN, programme_id=p.id, municipality_id=mid,
                    user_id=staff.user_id)
    local = make_gathering(session, p, title="Lokal", kind=GatheringKind.LOKAL_SAMLING,
                           municipality_number="3203")  # Asker: nobody follows it
    plan = {g.id: g for g in gatherings.planned(session=session, actor=staff, programme_id=p.id)}
    assert plan[world["gid"]].advisers == (staff.display_name,)  # Høyanger is invited
    assert plan[local].advisers == ()
    for_leader = gatherings.planned(session=session, actor=leader, programme_id=p.id)
    assert all(g.advisers == () for g in for_leader)  # who advises whom is not theirs to see


def test_reminders_follow_a_reschedule_and_skip_a_cancelled_gathering(session, world):
    from kultur3.outreach import run
    p, staff, gid = world["p"], world["staff"], world["gid"]
    make_user(session, Role.GROUP, programme=p, municipality="4638", coordinator=True)
    session.commit()

    def due(today):
        sent = []
        run.send_due(session.get_bind(), today=today, days_before=3, base="https://k3.test",
                     smtp=None, dry_run=False, send=lambda cfg, **m: sent.append(m))
        session.expire_all()
        return sent
    reminded = due(date(2027, 2, 26))  # three days before 1 March
    assert {m["subject"] for m in reminded if "Påminnelse" in m["subject"]} == {
        "Påminnelse: Fellessamling 1 01.03.2027"}
    _edit(session, staff, gid, 1, held_on=date(2027, 3, 8), place="Scandic Ørnen")
    session.commit()
    notice = [m for m in due(date(2027, 2, 27)) if "Ny dato" in m["subject"]]
    assert notice and "08.03.2027" in notice[0]["subject"] and "Scandic Ørnen" in notice[0]["body"]
    other = make_gathering(session, p, title="Avlyst samling", held_on=date(2027, 3, 10))
    gatherings.cancel_gathering(session=session, actor=staff, gathering_id=other)
    session.commit()
    assert not [m for m in due(date(2027, 3, 7)) if "Avlyst samling" in m["subject"]]


def test_the_coordinators_digest_names_the_next_gatherings_preparation(session, world):
    from kultur3.outreach import run
    p, staff, gid = world["p"], world["staff"], world["gid"]
    group = make_user(session, Role.GROUP, programme=p, municipality="4638", coordinator=True)
    _edit(session, staff, gid, 1, prep_task="Skår nåsituasjonen før vi møtes")
    session.commit()
    sent = []
    run.send_due(session.get_bind(), today=date(2027, 2, 22), days_before=3,
                 base="https://k3.test", smtp=None, dry_run=False,
                 send=lambda cfg, **m: sent.append(m))
    digest = [m for m in sent if m["to"] == group.username]
    assert digest and "Skår nåsituasjonen før vi møtes" in digest[0]["body"]
