"""A page shows the comments of the group it opened (kultur3/ui/comments.py open_group), and
no page reuses a group opened on an earlier run (review of issue 23): the live group screen
opens none, so it showed the threads, counts and forms of whatever /handlingsplan had shown
last in the tab: another municipality's for a facilitator (whose forms then failed), a stale
copy for the group."""

from sqlmodel import Session, select

from kultur3 import live
from kultur3.group import actions
from kultur3.models import Gathering, LogKind
from tests.conftest import actor_of
from tests.pages.conftest import run_app
from tests.pages.test_live_pages import FS2, console, db  # noqa: F401 (fixture)


def _comment_widgets(at) -> list[str]:
    return [w.key for kind in ("toggle", "text_area", "button")
            for w in at.get(kind) if (getattr(w, "key", None) or "").startswith("comments.")]


def test_the_live_screen_never_reuses_the_comments_an_earlier_page_opened(db):  # noqa: F811
    with Session(db) as s:
        group = actor_of(s, "kommune-3203")
        g = s.exec(select(Gathering).where(Gathering.title == FS2)).one()
        actions.add_log_entry(session=s, actor=group, programme_id=g.programme_id,
                              municipality_id=group.municipality_id, kind=LogKind.REFLECT,
                              text="Logg før samlingen", happened_on=g.held_on)
        s.commit()
    console(db, live.set_agenda, agenda=["log"])
    at = run_app("kommune-3203", page="action_plan")
    assert not at.exception and _comment_widgets(at)  # the group's own page: its threads
    at.switch_page("pages/live_group.py").run()
    assert not at.exception
    assert "Logg før samlingen" in "\n".join(str(m.value) for m in at.markdown)
    assert _comment_widgets(at) == []
