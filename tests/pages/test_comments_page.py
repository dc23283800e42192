"""Comments in the app, on an empty install outside demo mode: an adviser comments on an
action, the group sees it on its home and answers; the author edits and deletes; bad text
keeps the field and says why; the development project and the log have their threads."""

from datetime import date

import pytest
from sqlmodel import select

from kultur3.access import accounts
from kultur3.access.permissions import OPERATOR
from kultur3.group import actions, comments
from kultur3.models import Comment, CommentTarget, LogKind, Role
from tests.factories import enrol, make_action, make_programme, make_user
from tests.pages.conftest import empty_install, run_app
from tests.pages.conftest import texts as _texts


def texts(at) -> str:
    """Visible text as read on screen (markdown escapes of user text removed)."""
    return _texts(at).replace("\\", "")


def links(at) -> list[str]:
    """The links to unread comments («1 ny – Tiltaket «…»»)."""
    return [label for e in at.get("page_link")
            if (label := str(e.proto.label)).startswith(("1 ny ", "2 nye "))]


@pytest.fixture
def real(backend, monkeypatch):
    """`db upgrade` only (the register), not in demo mode: a programme with Høyanger, an
    adviser, the group's coordinator, one action and one log entry."""
    with empty_install(backend, monkeypatch) as s:
        accounts.create_user(session=s, actor=OPERATOR, username="kari", password="x" * 12,
                             role=Role.ADMIN, display_name="Kari Admin")
        p = make_programme(s, "Vestland 2027")
        mid = enrol(s, p, "4638")
        w = dict(s=s, pid=p.id, mid=mid,
                 adviser=make_user(s, Role.FACILITATOR, programme=p),
                 group=make_user(s, Role.GROUP, programme=p, municipality="4638",
                                 coordinator=True),
                 action=make_action(s, p, mid, title="Kor på SFO"))
        w["log"] = actions.add_log_entry(session=s, actor=w["group"], programme_id=p.id,
                                         municipality_id=mid, kind=LogKind.REFLECT,
                                         text="Møtte rektorene", happened_on=date(2027, 2, 1))
        s.commit()
        yield w


def _write(at, key: str, text: str) -> None:
    at.text_area(key=f"{key}.text").input(text)
    at.button(key=f"{key}.submit").click().run()


def test_an_adviser_comments_on_an_action_and_the_group_sees_it_and_answers(real):
    w, s = real, real["s"]
    thread = f"comments.action.{w['action']}"
    at = run_app(w["adviser"].username, page="action_plan")
    assert not at.exception
    at.toggle(key=f"{thread}.show").set_value(True).run()
    assert "Ingen kommentarer ennå." in texts(at)
    _write(at, f"{thread}.new", "Hvem eier dette tiltaket?")
    assert not at.exception and "Kommentaren er lagt inn." in texts(at)
    [c] = s.exec(select(Comment)).all()
    assert (c.text, c.author_id, c.target_id) == ("Hvem eier dette tiltaket?",
                                                  w["adviser"].user_id, w["action"])

    home = run_app(w["group"].username)
    assert not home.exception
    assert "1 ny kommentar" in texts(home)
    assert "1 ny – Tiltaket «Kor på SFO»" in links(home)

    plan = run_app(w["group"].username, page="action_plan")  # opening the page: seen
    plan.toggle(key=f"{thread}.show").set_value(True).run()
    assert "Hvem eier dette tiltaket?" in texts(plan)
    assert "Kommentarer (1)" in [str(t.label) for t in plan.toggle]
    plan.toggle(key=f"comments.reply.{c.id}.open").set_value(True).run()
    _write(plan, f"comments.reply.{c.id}", "Ola gjør det.")
    assert not plan.exception
    reply = s.exec(select(Comment).where(Comment.parent_id == c.id)).one()
    assert reply.text == "Ola gjør det." and reply.author_id == w["group"].user_id
    home.run()
    assert "Ingen nye kommentarer." in texts(home) and not links(home)

    adviser_home = run_app(w["adviser"].username, page="group_home")
    assert "1 ny kommentar" in texts(adviser_home)


def test_empty_text_is_refused_plainly_and_the_field_keeps_what_was_there(real):
    w = real
    key = f"comments.log.{w['log']}"
    at = run_app(w["group"].username, page="action_plan")
    at.toggle(key=f"{key}.show").set_value(True).run()
    _write(at, f"{key}.new", "   ")
    assert "«Kommentar» kan ikke være tomt" in texts(at)
    assert real["s"].exec(select(Comment)).all() == []


def test_the_author_edits_and_deletes_and_others_cannot(real):
    w, s = real, real["s"]
    said = dict(session=s, programme_id=w["pid"], municipality_id=w["mid"],
                target_kind=CommentTarget.ACTION, target_id=w["action"])
    cid = comments.add_comment(**said, actor=w["adviser"], text="Første utkast")
    comments.add_comment(**said, actor=w["group"], text="Et svar", parent_id=cid)
    s.commit()
    thread = f"comments.action.{w['action']}"
    group = run_app(w["group"].username, page="action_plan")
    group.toggle(key=f"{thread}.show").set_value(True).run()
    assert f"comments.edit.{cid}.open" not in {t.key for t in group.toggle}
    assert f"comments.delete.{cid}" not in {b.key for b in group.button}

    at = run_app(w["adviser"].username, page="action_plan")
    at.toggle(key=f"{thread}.show").set_value(True).run()
    at.toggle(key=f"comments.edit.{cid}.open").set_value(True).run()
    _write(at, f"comments.edit.{cid}", "Rettet utkast")
    assert "Kommentaren er endret." in texts(at) and "redigert" in texts(at)
    at.button(key=f"comments.delete.{cid}").click().run()
    assert not at.exception
    assert "Kommentaren er slettet" in texts(at) and "Et svar" in texts(at)
    assert "Rettet utkast" not in texts(at)
    s.expire_all()
    assert s.get(Comment, cid).text == ""


def test_the_development_project_has_its_thread_on_the_groups_page(real):
    w = real
    at = run_app(w["group"].username, page="group_team")
    assert not at.exception
    assert "Kommentarer (0)" in [str(t.label) for t in at.toggle]
    _write(at, "comments.project.project.new", "Skal vi ta med korpset?")
    assert not at.exception and "Skal vi ta med korpset?" in texts(at)
    adviser = run_app(w["adviser"].username, page="group_home")
    assert "1 ny – Utviklingsprosjektet" in links(adviser)
    run_app(w["adviser"].username, page="group_team")  # opening the page: seen
    assert not links(run_app(w["adviser"].username, page="group_home"))
