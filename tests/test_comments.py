"""Comments on the development project, an action and a log entry: threads, edits and
deletions by their author, unread counts, and who may do what. Built from an empty install
(the `session` fixture: the register, nothing else), on SQLite or PostgreSQL."""

from datetime import date

import pytest
from sqlmodel import select

from kultur3.access import permissions
from kultur3.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from kultur3.group import actions, comments
from kultur3.models import (
    NOTE_MAX,
    AuditEvent,
    Comment,
    CommentSeen,
    CommentTarget,
    LogKind,
    Role,
)
from kultur3.store import versions
from tests.factories import enrol, make_action, make_programme, make_user

ACTION, LOG, PROJECT = CommentTarget.ACTION, CommentTarget.LOG, CommentTarget.PROJECT


@pytest.fixture
def world(session):
    """A programme with Høyanger and Sunnfjord, an adviser, a member of each, a leader, and an
    action and a log entry of each group."""
    p = make_programme(session, "Vestland 2027")
    hoy, sun = enrol(session, p, "4638"), enrol(session, p, "4647")
    w = dict(p=p, pid=p.id, hoy=hoy, sun=sun,
             adviser=make_user(session, Role.FACILITATOR, programme=p),
             kari=make_user(session, Role.GROUP, programme=p, municipality="4638",
                            coordinator=True),
             ola=make_user(session, Role.GROUP, programme=p, municipality="4638"),
             sunnfjord=make_user(session, Role.GROUP, programme=p, municipality="4647"),
             leader=make_user(session, Role.LEADER, programme=p),
             action=make_action(session, p, hoy, title="Kor på SFO"),
             other_action=make_action(session, p, sun, title="Sunnfjords tiltak"))
    w["log"] = actions.add_log_entry(session=session, actor=w["kari"], programme_id=p.id,
                                     municipality_id=hoy, kind=LogKind.REFLECT,
                                     text="Møtte rektorene i dag", happened_on=date(2027, 2, 1))
    w["other_log"] = actions.add_log_entry(
        session=session, actor=w["sunnfjord"], programme_id=p.id, municipality_id=sun,
        kind=LogKind.PLAN, text="Sunnfjords logg", happened_on=date(2027, 2, 1))
    session.commit()
    return w


def add(session, w, who, kind=ACTION, text="Hvordan går det?", **kw):
    target = {ACTION: w["action"], LOG: w["log"], PROJECT: None}[kind]
    kw.setdefault("target_id", target)
    return comments.add_comment(session=session, actor=w[who], programme_id=w["pid"],
                                municipality_id=w["hoy"], target_kind=kind, text=text, **kw)


def threads(session, w, who="kari"):
    return comments.threads(session=session, actor=w[who], programme_id=w["pid"],
                            municipality_id=w["hoy"])


def unread(session, w, who):
    return comments.unread(session=session, actor=w[who], programme_id=w["pid"],
                           municipality_id=w["hoy"])


def test_an_adviser_and_the_group_talk_in_threads_on_three_kinds_of_work(session, world):
    w = world
    first = add(session, w, "adviser", text="Hvem eier tiltaket?")
    reply = add(session, w, "kari", text="Ola gjør det.", parent_id=first)
    deeper = add(session, w, "ola", text="Ja, jeg tar det.", parent_id=reply)  # same thread
    add(session, w, "adviser", LOG, text="Fin refleksjon.")
    add(session, w, "ola", PROJECT, text="Skal vi ta med korpset som partner?")
    session.commit()
    book = threads(session, w)
    [thread] = book.of(ACTION, w["action"])
    assert (thread.id, thread.text, thread.author_role) == (first, "Hvem eier tiltaket?",
                                                           Role.FACILITATOR)
    assert [(r.id, r.text) for r in thread.replies] == [(reply, "Ola gjør det."),
                                                        (deeper, "Ja, jeg tar det.")]
    assert [c.text for c in book.of(LOG, w["log"])] == ["Fin refleksjon."]
    assert [c.text for c in book.of(PROJECT)] == ["Skal vi ta med korpset som partner?"]
    assert book.of(ACTION, w["other_action"]) == ()
    # Every write is audited, without the words.
    events = session.exec(select(AuditEvent).where(AuditEvent.entity == "comment")).all()
    assert [e.action for e in events].count("comment.add") == 5
    assert not any("tiltaket" in str(e.detail) for e in events)


def test_unread_counts_others_comments_until_the_page_is_opened(session, world):
    w = world
    assert unread(session, w, "kari").total == 0  # nothing yet: an empty group
    a = add(session, w, "adviser", text="Hvem eier tiltaket?")
    add(session, w, "adviser", LOG, text="Fin refleksjon.")
    p = add(session, w, "adviser", PROJECT, text="Godt mål.")
    add(session, w, "kari", text="Vi finner ut av det.", parent_id=a)
    session.commit()
    mine = unread(session, w, "kari")
    assert mine.total == 3  # her own reply is not news to her
    assert {(i.kind, i.label, i.count) for i in mine.items} == {
        (ACTION, "Kor på SFO", 1), (LOG, "Møtte rektorene i d…", 1), (PROJECT, "", 1)}
    assert unread(session, w, "ola").total == 4
    assert unread(session, w, "adviser").total == 1  # Kari's reply
    before = versions.current(session)
    book = threads(session, w)
    assert comments.mark_seen(session=session, actor=w["kari"], programme_id=w["pid"],
                              municipality_id=w["hoy"], target_kind=ACTION,
                              up_to=book.latest[ACTION])
    session.commit()
    assert versions.current(session) == before + 1  # the home page's count is read again
    assert {i.kind for i in unread(session, w, "kari").items} == {LOG, PROJECT}
    # Seen again, or an older id: nothing moves, nothing is written.
    for up_to in (book.latest[ACTION], 1):
        assert not comments.mark_seen(session=session, actor=w["kari"], programme_id=w["pid"],
                                      municipality_id=w["hoy"], target_kind=ACTION, up_to=up_to)
    assert versions.current(session) == before + 1
    assert session.exec(select(CommentSeen.seen_up_to).where(
        CommentSeen.user_id == w["kari"].user_id, CommentSeen.target_kind == ACTION)).one() \
        == book.latest[ACTION]
    # A newer comment on the project after she looked is news again.
    comments.mark_seen(session=session, actor=w["kari"], programme_id=w["pid"],
                       municipality_id=w["hoy"], target_kind=PROJECT, up_to=p)
    add(session, w, "adviser", PROJECT, text="Og en ting til.")
    assert [(i.kind, i.count) for i in unread(session, w, "kari").items
            if i.kind == PROJECT] == [(PROJECT, 1)]


def test_only_the_author_edits_and_a_stale_edit_is_a_conflict(session, world):
    w = world
    cid = add(session, w, "adviser", text="Første utkast")
    for who in ("kari", "leader", "sunnfjord"):
        with pytest.raises(PermissionDenied):
            comments.edit_comment(session=session, actor=w[who], comment_id=cid,
                                  text="Kapret", base_version=1)
    assert comments.edit_comment(session=session, actor=w["adviser"], comment_id=cid,
                                 text="Rettet", base_version=1) == 2
    with pytest.raises(Conflict):  # another tab, still on version 1
        comments.edit_comment(session=session, actor=w["adviser"], comment_id=cid,
                              text="Fra den andre fanen", base_version=1)
    [c] = threads(session, w).of(ACTION, w["action"])
    assert (c.text, c.edited, c.version) == ("Rettet", True, 2)


def test_bad_text_is_refused_with_a_plain_message_and_nothing_is_stored(session, world):
    w = world
    cid = add(session, w, "kari", text="Ok")
    for text, key in (("   ", "error.empty"), ("x" * (NOTE_MAX + 1), "error.too_long")):
        with pytest.raises(InvalidInput) as err:
            add(session, w, "kari", text=text)
        assert err.value.key == key and err.value.params["field"] == "comments.text"
        with pytest.raises(InvalidInput):
            comments.edit_comment(session=session, actor=w["kari"], comment_id=cid, text=text,
                                  base_version=1)
    assert [c.text for c in threads(session, w).of(ACTION, w["action"])] == ["Ok"]


def test_a_deleted_comment_with_replies_stays_as_a_stub_until_its_last_reply_goes(session,
                                                                                 world):
    w = world
    root = add(session, w, "adviser", text="Spørsmål")
    reply = add(session, w, "kari", text="Svar", parent_id=root)
    lonely = add(session, w, "adviser", LOG, text="Ingen svarer på denne")
    with pytest.raises(PermissionDenied):  # not hers
        comments.delete_comment(session=session, actor=w["kari"], comment_id=root)
    comments.delete_comment(session=session, actor=w["adviser"], comment_id=root)
    comments.delete_comment(session=session, actor=w["adviser"], comment_id=lonely)
    [stub] = threads(session, w).of(ACTION, w["action"])
    assert (stub.deleted, stub.text, stub.author_id) == (True, "", None)
    assert [r.text for r in stub.replies] == ["Svar"]
    assert threads(session, w).of(LOG, w["log"]) == ()
    assert session.get(Comment, lonely) is None
    with pytest.raises(NotFound):  # no reply to a deleted comment, no edit of it
        add(session, w, "ola", text="Sent svar", parent_id=root)
    with pytest.raises(NotFound):
        comments.edit_comment(session=session, actor=w["adviser"], comment_id=root, text="x",
                              base_version=2)
    comments.delete_comment(session=session, actor=w["kari"], comment_id=reply)
    assert threads(session, w).of(ACTION, w["action"]) == ()
    assert session.exec(select(Comment)).all() == []


@pytest.mark.parametrize("kind", [ACTION, LOG])
def test_another_groups_target_cannot_be_commented_through_ones_own_group(session, world,
                                                                          kind):
    """Kari names Sunnfjord's action (or log entry) with her own municipality: refused as if
    it did not exist, and nothing is stored; so is a reply to a comment on another target."""
    w = world
    other = {ACTION: w["other_action"], LOG: w["other_log"]}[kind]
    with pytest.raises(NotFound):
        add(session, w, "kari", kind, target_id=other)
    with pytest.raises(NotFound):
        add(session, w, "kari", PROJECT, target_id=other)
    mine = add(session, w, "kari", LOG if kind == ACTION else ACTION)
    with pytest.raises(NotFound):  # a parent on another target
        add(session, w, "kari", kind, parent_id=mine)
    theirs = comments.add_comment(session=session, actor=w["sunnfjord"], programme_id=w["pid"],
                                  municipality_id=w["sun"], target_kind=kind, target_id=other,
                                  text="Vår egen")
    with pytest.raises(PermissionDenied):  # Sunnfjord's group, named as Sunnfjord's
        comments.add_comment(session=session, actor=w["kari"], programme_id=w["pid"],
                             municipality_id=w["sun"], target_kind=kind, target_id=other,
                             text="Inn", parent_id=theirs)
    assert session.exec(select(Comment.text)).all() == ["Hvordan går det?", "Vår egen"]


def test_who_may_read_and_write(session, world):
    """The group and the programme's advisers write; a leader reads; another municipality's
    member, and staff of another programme, neither read nor write."""
    w = world
    add(session, w, "adviser")
    assert threads(session, w, "leader").of(ACTION, w["action"])
    with pytest.raises(PermissionDenied):
        add(session, w, "leader")
    other = make_programme(session, "Nordland 2027")
    enrol(session, other, "4638")
    outsider = make_user(session, Role.FACILITATOR, programme=other)
    w["outsider"] = outsider
    for who in ("sunnfjord", "outsider"):
        with pytest.raises(PermissionDenied):
            threads(session, w, who)
        with pytest.raises(PermissionDenied):
            unread(session, w, who)
        with pytest.raises(PermissionDenied):
            add(session, w, who)
        with pytest.raises(PermissionDenied):
            comments.mark_seen(session=session, actor=w[who], programme_id=w["pid"],
                               municipality_id=w["hoy"], target_kind=ACTION, up_to=1)
    with pytest.raises(PermissionDenied):
        threads(session, w, "sunnfjord")
    assert not permissions.allowed(w["leader"], "comments.write",
                                   permissions.Resource(municipality_id=w["hoy"]))
