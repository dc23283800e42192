"""Erasing a person leaves their name and address in no text of any table.

The person is made the way a real one is: the coordinator puts her on the member list, invites
her, she accepts, logs in (once with a typo), asks for a reset link and uses it, writes an
answer, a log entry and an anchoring entry, owns an action, and others name her in their own
text. Then an admin erases her account, and every text and JSON column of every table (walked
from SQLModel.metadata, so a table added later is scanned too) is read back.
"""

import json
from datetime import date

import pytest
from sqlalchemy import JSON, Enum, String, TypeDecorator
from sqlmodel import SQLModel, select

from kultur3.access import accounts, identity, sessions
from kultur3.group import actions, anchoring, comments, invitations, membership, workspace
from kultur3.live import activities
from kultur3.models import (
    Action,
    ActionNote,
    AnchoringKind,
    AuditEvent,
    Comment,
    CommentSeen,
    CommentTarget,
    Gathering,
    GatheringStatus,
    LogEntry,
    LogKind,
    Member,
    Question,
    RateEvent,
    SessionHandoff,
    User,
    UserSession,
    ValueArea,
)
from kultur3.privacy import personal_data
from kultur3.programme import catalogue
from kultur3.store import ratelimit
from tests.conftest import actor_of, municipality_id

NAME = "Ingrid Testesen"
EMAIL = "ingrid.testesen@asker.kommune.no"
PASSWORD = "et langt og godt passord"


def texts_holding(session, *needles: str) -> list[tuple[str, str, object]]:
    """(table, column, value) of every text or JSON value that holds a needle, any case."""
    wanted = [n.casefold() for n in needles]
    hits = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            kind = kind.impl_instance if isinstance(kind, TypeDecorator) else kind
            if not isinstance(kind, (String, JSON)) or isinstance(kind, Enum):
                continue
            for value in session.execute(select(column)).scalars():
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if any(n in (text or "").casefold() for n in wanted):
                    hits.append((table.name, column.name, value))
    return hits


def _live_person(demo):
    """Ingrid, as the services make her; returns (her actor, her member id)."""
    coordinator = actor_of(demo, "kommune-3203")
    admin = actor_of(demo, "admin")
    asker = municipality_id(demo, "3203")
    programme = catalogue.list_programmes(session=demo)[0]
    member_id = membership.add_member(session=demo, actor=coordinator, programme_id=programme.id,
                                  number="3203", member=membership.MemberInput(
                                      name=NAME, group_role="Rektor", sector="Grunnskole",
                                      email=EMAIL))
    membership.update_member(session=demo, actor=coordinator, member_id=member_id,
                       group_role="Rektor", sector="Skole")
    invited = invitations.invite(session=demo, actor=admin, email=EMAIL, role="group",
                                 programme_id=programme.id, municipality_id=asker,
                                 display_name=NAME)
    invitations.accept(session=demo, token=invited.token, password=PASSWORD,
                       display_name=NAME)
    assert accounts.authenticate(session=demo, username=EMAIL, password="feil passord") is None
    me = accounts.authenticate(session=demo, username=EMAIL, password=PASSWORD)
    sessions.start(demo, user_id=me.user_id, policy=sessions.SessionPolicy(),
                   user_agent="Mozilla/5.0 Firefox")
    sessions.handoff(demo, user_id=me.user_id)
    _, token = invitations.request_reset(session=demo, email=EMAIL, client="10.0.0.7")
    invitations.accept(session=demo, token=token, password=PASSWORD + "!")
    gathering = demo.exec(select(Gathering).where(
        Gathering.status == GatheringStatus.ACTIVE)).first()
    question = demo.exec(select(Question).where(
        Question.programme_id == programme.id)).first()
    saved = workspace.answers(session=demo, actor=me, gathering_id=gathering.id,
                              municipality_id=asker).get((question.id, None))
    area = demo.exec(select(ValueArea.id).where(ValueArea.programme_id == programme.id)).first()
    workspace.save_answer(session=demo, actor=me, gathering_id=gathering.id,
                          municipality_id=asker, question_id=question.id, value_area_id=None,
                          text="Alle barn skal møte kunst hver uke.",
                          base_version=saved.version if saved else 0)
    actions.add_log_entry(session=demo, actor=coordinator, programme_id=programme.id,
                          municipality_id=asker, kind=LogKind.ACT, happened_on=date.today(),
                          text=f"{NAME} tok kontakt med korpset ({EMAIL}).")
    korps = actions.create_action(
        session=demo, actor=me, programme_id=programme.id, municipality_id=asker,
        title="Korps i skoletida", value_area_ids=[area], owner_member_id=member_id)
    # She writes progress notes (kept in the history with her as author) and removes one.
    actions.update_action(session=demo, actor=me, action_id=korps, base_version=1,
                          progress_note=f"Avtalt med korpset. Hilsen {NAME}")
    removed = actions.create_action(
        session=demo, actor=me, programme_id=programme.id, municipality_id=asker,
        title="Dropper dette", value_area_ids=[area])
    actions.update_action(session=demo, actor=me, action_id=removed, base_version=1,
                          progress_note="Ikke aktuelt likevel")
    actions.delete_action(session=demo, actor=me, action_id=removed)
    actions.create_action(session=demo, actor=coordinator, programme_id=programme.id,
                          municipality_id=asker, title="Kor på SFO", value_area_ids=[area],
                          owner_text=NAME)
    entry = anchoring.add_entry(session=demo, actor=me, programme_id=programme.id,
                                municipality_id=asker, data=anchoring.AnchoringInput(
                                    kind=AnchoringKind.SECTOR_PLAN, title="Skolens plan",
                                    owner=NAME, note=f"Ansvarlig: {NAME.upper()}"))
    anchoring.review(session=demo, actor=actor_of(demo, "kommuneleder-3203"), entry_id=entry,
                     comment=f"Godt arbeid, {NAME}. Ta det opp i kommunestyret.",
                     approve=False)
    # Comments: one of hers an adviser answers (it stays as a stub), one nobody answers (it
    # goes), a reply of hers, an adviser's comment naming her, and what she has read.
    said = dict(session=demo, programme_id=programme.id, municipality_id=asker)
    answered = comments.add_comment(**said, actor=me, target_kind=CommentTarget.PROJECT,
                                    text=f"Jeg, {NAME}, foreslår korpset som partner.")
    adviser = actor_of(demo, "fasilitator")
    comments.add_comment(**said, actor=adviser, target_kind=CommentTarget.PROJECT,
                         text=f"Godt forslag, {NAME}!", parent_id=answered)
    comments.add_comment(**said, actor=me, target_kind=CommentTarget.PROJECT,
                         text="Ingen svarer på denne.")
    theirs = comments.add_comment(**said, actor=adviser, target_kind=CommentTarget.PROJECT,
                                  text="Hvem tar kontakt?")
    comments.add_comment(**said, actor=me, target_kind=CommentTarget.PROJECT,
                         text=f"Det gjør jeg ({EMAIL}).", parent_id=theirs)
    comments.mark_seen(**said, actor=me, target_kind=CommentTarget.PROJECT, up_to=theirs)
    # The facilitator's open question in the room: her group screen's entry names her (an
    # entry carries an opaque key, not her account: only the sweep finds her name in it).
    question = activities.create_activity(
        session=demo, actor=adviser, programme_id=programme.id, kind="open",
        prompt="Hvem tar kontakt?", gathering_id=gathering.id)
    activities.show_activity(session=demo, actor=adviser, gathering_id=gathering.id,
                             activity_id=question)
    activities.set_activity_open(session=demo, actor=adviser, activity_id=question,
                                 is_open=True)
    activities.submit_entry(session=demo, actor=me, activity_id=question,
                            municipality_id=asker, device_key="gingrid",
                            text=f"{NAME} tar kontakt med korpset")
    demo.flush()
    return identity.actor_for(demo, EMAIL), member_id


def test_erasing_a_person_leaves_their_name_and_address_nowhere(demo):
    me, member_id = _live_person(demo)
    assert {t for t, _, _ in texts_holding(demo, NAME, EMAIL)} >= {
        "user", "member", "invitation", "loginattempt", "auditevent", "action", "anchoring",
        "logentry", "actionnote", "comment", "activityentry"}
    reset_key = ratelimit.key_for("reset-address", EMAIL)
    assert demo.exec(select(RateEvent).where(RateEvent.key == reset_key)).first()
    events = len(demo.exec(select(AuditEvent)).all())
    copy = personal_data.export_person(session=demo, actor=actor_of(demo, "admin"), kind="user",
                                 person_id=me.user_id)
    assert [m["name"] for m in copy["member_rows"]] == [NAME] and copy["login_attempts"]
    assert [r["user_agent"] for r in copy["sessions"]] == ["Mozilla/5.0 Firefox"]
    assert len(copy["comments_written"]) == 3 and len(copy["comments_seen"]) == 1
    assert "token_hash" not in json.dumps(copy, default=str)
    assert {n["text"] for n in copy["progress_notes_written"]} == {
        f"Avtalt med korpset. Hilsen {NAME}", "Ikke aktuelt likevel"}

    personal_data.delete_person(session=demo, actor=actor_of(demo, "admin"), kind="user",
                          person_id=me.user_id)
    demo.commit()

    assert texts_holding(demo, NAME, EMAIL) == []
    assert demo.get(User, me.user_id) is None and demo.get(Member, member_id) is None
    for table in (UserSession, SessionHandoff):  # logged in somewhere: ended and gone
        assert not demo.exec(select(table).where(table.user_id == me.user_id)).all()
    assert not demo.exec(select(RateEvent).where(RateEvent.key == reset_key)).all()
    # Her comments are gone; the one the adviser answered is a stub holding the reply up, and
    # the adviser's words stay, without her name in them.
    left = demo.exec(select(Comment).where(  # the demo's own comments are on actions
        Comment.target_kind == CommentTarget.PROJECT).order_by(Comment.id)).all()
    assert [(c.text, c.deleted_at is not None, c.author_id) for c in left] == [
        ("", True, None), ("Godt forslag, (slettet person)!", False, left[1].author_id),
        ("Hvem tar kontakt?", False, left[2].author_id)]
    assert not demo.exec(select(CommentSeen).where(CommentSeen.user_id == me.user_id)).all()
    # The events stay (and one more: the erasure), under a pseudonym.
    assert len(demo.exec(select(AuditEvent)).all()) == events + 1
    mine = demo.exec(select(AuditEvent).where(
        AuditEvent.username == f"slettet-{me.user_id}")).all()
    assert {e.action for e in mine} >= {"user.login", "invitation.accept"}
    # Her notes and her removal stay as the group's work, no longer linked to her.
    assert not demo.exec(select(ActionNote).where(ActionNote.author_id == me.user_id)).all()
    assert demo.exec(select(ActionNote).where(ActionNote.text == "Ikke aktuelt likevel")).one()
    assert not demo.exec(select(Action).where(Action.deleted_by_id == me.user_id)).all()


def test_erasing_a_member_with_their_own_account_erases_both(demo):
    me, member_id = _live_person(demo)
    personal_data.delete_person(session=demo, actor=actor_of(demo, "admin"), kind="member",
                          person_id=member_id)
    demo.commit()
    assert texts_holding(demo, NAME, EMAIL) == []
    assert demo.get(User, me.user_id) is None


def test_a_namesake_on_another_list_keeps_their_row(demo):
    """The sweep goes by name through the texts, never through other people's own rows."""
    _live_person(demo)
    other = membership.add_member(session=demo, actor=actor_of(demo, "admin"),
                              programme_id=catalogue.list_programmes(session=demo)[0].id,
                              number="1804", member=membership.MemberInput(
                                  name=NAME, group_role="Lærer", email="ingrid@bodo.kommune.no"))
    user = demo.exec(select(User).where(User.username == EMAIL)).one()
    personal_data.delete_person(session=demo, actor=actor_of(demo, "admin"), kind="user",
                          person_id=user.id)
    assert demo.get(Member, other).name == NAME


@pytest.mark.parametrize("kind", ["user", "member"])
def test_an_unknown_person_is_not_found(demo, kind):
    from kultur3.core.errors import NotFound
    with pytest.raises(NotFound):
        personal_data.delete_person(session=demo, actor=actor_of(demo, "admin"), kind=kind,
                              person_id=999_999)


def test_a_one_word_username_is_replaced_as_a_value_never_as_a_word_in_text(demo):
    """«leder» is a login and a common word: the audit log loses it where it is the whole
    value; the groups' texts keep the word."""
    coordinator = actor_of(demo, "kommune-3203")
    pid = catalogue.list_programmes(session=demo)[0].id
    actions.add_log_entry(session=demo, actor=coordinator, programme_id=pid,
                          municipality_id=coordinator.municipality_id, kind=LogKind.ACT,
                          happened_on=date.today(), text="Daglig leder i korpset var med.")
    leader = demo.exec(select(User).where(User.username == "leder")).one()
    accounts.authenticate(session=demo, username="leder", password="feil passord")
    accounts.authenticate(session=demo, username="leder", password=accounts.DEMO_PASSWORD)
    personal_data.delete_person(session=demo, actor=actor_of(demo, "admin"), kind="user",
                          person_id=leader.id)
    demo.commit()
    assert demo.exec(select(LogEntry).where(LogEntry.text == "Daglig leder i korpset var med.")
                     ).one()
    logins = demo.exec(select(AuditEvent).where(AuditEvent.action == "user.login")).all()
    assert all(e.username != "leder" and e.detail.get("username") != "leder" for e in logins)
    assert any(e.username == f"slettet-{leader.id}" for e in logins)
