"""Hostile text in every free-text field, then every page that shows it: all shown as typed,
never run as HTML or markdown."""

import re
from datetime import date

import pytest
from sqlmodel import Session, select

from kultur3.access.permissions import OPERATOR
from kultur3.group import actions, anchoring, comments, team, workspace
from kultur3.insight import shared_learning
from kultur3.models import (
    CommentTarget,
    Gathering,
    LogKind,
    Member,
    Participation,
    Programme,
    Survey,
    SurveyArea,
    User,
    ValueArea,
)
from kultur3.programme import catalogue
from kultur3.store.db import make_engine
from tests.conftest import actor_of
from tests.pages.conftest import run_app

PAYLOADS = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[klikk her](javascript:alert(1))",
    "![bilde](http://example.invalid/x.png)",
    "**fet** _skrå_ `kode` $x^2$ :smile:",
]
HOSTILE = " ".join(PAYLOADS)
MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "success",
                  "warning", "error")


@pytest.fixture
def hostile(app_env):
    """Put the payloads into every free-text field of Asker's work (and a user's name)."""
    engine = make_engine(app_env)
    with Session(engine) as s:
        asker = actor_of(s, "kommune-3203")
        pid = catalogue.list_programmes(session=s)[0].id
        g = s.exec(select(Gathering).where(Gathering.title == "Fellessamling 3 – digital")).one()
        areas = catalogue.value_areas(session=s, programme_id=pid)
        q1 = catalogue.questions(session=s, programme_id=pid)[0]
        workspace.save_answer(session=s, actor=asker, gathering_id=g.id,
                              municipality_id=asker.municipality_id, question_id=q1.id,
                              value_area_id=areas[0].id, text=HOSTILE, base_version=0)
        action_id = actions.create_action(
            session=s, actor=asker, programme_id=pid, municipality_id=asker.municipality_id,
            title=PAYLOADS[0][:200], description=HOSTILE, owner_text=PAYLOADS[2][:120],
            value_area_ids=[areas[0].id], deadline=date(2020, 1, 1), source_gathering_id=g.id)
        actions.update_action(session=s, actor=asker, action_id=action_id, base_version=1,
                              progress_note=HOSTILE)
        log_id = actions.add_log_entry(session=s, actor=asker, programme_id=pid,
                                       municipality_id=asker.municipality_id,
                                       kind=LogKind.REFLECT, text=HOSTILE,
                                       happened_on=date(2022, 6, 1))
        adviser = actor_of(s, "fasilitator")
        for kind, target in ((CommentTarget.ACTION, action_id), (CommentTarget.LOG, log_id),
                             (CommentTarget.PROJECT, None)):
            said = dict(session=s, programme_id=pid, municipality_id=asker.municipality_id,
                        target_kind=kind, target_id=target)
            root = comments.add_comment(**said, actor=adviser, text=HOSTILE)
            comments.add_comment(**said, actor=asker, text=HOSTILE, parent_id=root)
        member = s.exec(select(Member).join(Participation).where(
            Participation.municipality_id == asker.municipality_id)).first()
        member.name = PAYLOADS[1][:120]
        part = s.get(Participation, member.participation_id)
        part.focus_area_text = PAYLOADS[3]
        s.exec(select(User).where(User.username == "kommune-3203")).one().display_name = \
            PAYLOADS[2][:120]
        g.title = PAYLOADS[0]
        g.place, g.description, g.prep_task = PAYLOADS[1], HOSTILE, PAYLOADS[4]
        g.materials = [{"label": PAYLOADS[2], "url": "https://example.no/x"}]
        team.save_project(session=s, actor=asker, programme_id=pid,
                          municipality_id=asker.municipality_id, base_version=0,
                          texts={f: HOSTILE for f in team.PROJECT_FIELDS})
        member.group_role, member.sector = PAYLOADS[4], PAYLOADS[0]
        programme = s.get(Programme, pid)
        programme.description = HOSTILE
        area = s.get(ValueArea, areas[0].id)
        area.descriptions = {"nb": HOSTILE}
        area.level_texts = {**area.level_texts, "2": {"nb": HOSTILE}}
        entry = anchoring.add_entry(
            session=s, actor=asker, programme_id=pid, municipality_id=asker.municipality_id,
            data=anchoring.AnchoringInput(kind="politisk_sak", title=PAYLOADS[0],
                                          case_ref=PAYLOADS[4][:60], owner=PAYLOADS[2][:120],
                                          note=HOSTILE, status="vedtatt"))
        anchoring.review(session=s, actor=actor_of(s, "kommuneleder-3203"), entry_id=entry,
                         comment=HOSTILE, approve=True)
        shared_learning.set_shared(session=s, actor=asker, kind="action", item_id=action_id,
                           shared=True)
        # The demo's Asker has a partner survey: its title, audience and statements.
        survey = s.exec(select(Survey).where(
            Survey.municipality_id == asker.municipality_id)).one()
        survey.title, survey.audience_label = PAYLOADS[0], PAYLOADS[4][:120]
        for asked in s.exec(select(SurveyArea).where(SurveyArea.survey_id == survey.id)):
            asked.statement = HOSTILE[:300]
        s.commit()
    engine.dispose()


def rendered(at) -> list[str]:
    return [str(e.value) for kind in MARKDOWN_KINDS for e in getattr(at, kind)]


# Each payload's active part, unless a backslash escapes it.
ACTIVE = [r"(?<!\\)<(script|img)", r"(?<!\\)\]\(javascript", r"(?<!\\)!\[bilde",
          r"(?<!\\)\*\*fet", r"(?<!\\)\$x\^2"]


def assert_inert(at) -> None:
    for body in rendered(at):
        for pattern in ACTIVE:
            assert not re.search(pattern, body), f"unescaped {pattern!r} in {body[:160]!r}"


PAGES = [("kommune-3203", None), ("kommune-3203", "workshop"), ("kommune-3203", "action_plan"),
         ("fasilitator", "facilitator_home"), ("leder", "overview"), ("leder", "dashboard"),
         ("admin", "admin_home"), ("admin", "admin_users"), ("kommune-3203", "group_team"),
         ("admin", "admin_groups"), ("admin", "admin_programme"),
         ("kommuneleder-3203", None), ("kommuneleder-3203", "anchoring"),
         ("leder", "municipality_work"), ("kommune-3203", "anchoring"), ("leder", "words"),
         ("kommune-1804", "library"), ("leder", "half_year_plan")]


@pytest.mark.parametrize(("user", "page"), PAGES)
def test_every_page_shows_hostile_text_inert(hostile, user, page):
    at = run_app(user, page=page)
    assert not at.exception
    assert_inert(at)


def test_hostile_text_is_shown_not_dropped(hostile):
    plan = run_app("kommune-3203", page="action_plan")
    assert any(r"\<script\>alert" in body for body in rendered(plan))
    home = run_app("kommune-3203")
    assert any(r"\!\[bilde\]" in body for body in rendered(home))


def test_a_surveys_hostile_title_and_audience_are_shown_inert(hostile):
    home = run_app("kommune-3203")
    assert not home.exception
    assert_inert(home)
    assert any(r"\<script\>alert" in body for body in rendered(home))  # the title
    assert any(r"\*\*fet\*\*" in body for body in rendered(home))  # the audience


def test_comments_with_hostile_text_are_shown_inert(hostile):
    """Every thread on the action plan opened: the comments, their replies and the unread
    links on the group's home show the payloads as typed."""
    at = run_app("kommune-3203", page="action_plan")
    for toggle in [t for t in at.toggle if t.key.endswith(".show")]:
        toggle.set_value(True)
    at.run()
    assert not at.exception
    assert_inert(at)
    shown = [body for body in rendered(at) if r"\<script\>alert" in body]
    assert len(shown) >= 4  # an adviser's comment and a reply, on an action and a log entry
    team_page = run_app("kommune-3203", page="group_team")
    assert sum(r"\<script\>alert" in body for body in rendered(team_page)) >= 2


def test_workshop_steps_with_hostile_text(hostile):
    at = run_app("kommune-3203", page="workshop")
    for step in ("scores", "q4"):
        at.segmented_control(key="workshop.step").set_value(step).run()
        assert not at.exception
        assert_inert(at)


def test_hostile_invitation_name_and_programme_stay_inert(hostile, app_env):
    from kultur3.group import invitations
    from kultur3.models import Role
    engine = make_engine(app_env)
    with Session(engine) as s:
        pid = catalogue.list_programmes(session=s)[0].id
        s.get(Programme, pid).name = PAYLOADS[0]
        token = invitations.invite(session=s, actor=OPERATOR, email="x@y.no", role=Role.GROUP,
                                   programme_id=pid, municipality_id=actor_of(
                                       s, "kommune-3203").municipality_id,
                                   display_name=PAYLOADS[1][:120]).token
        s.commit()
    engine.dispose()
    at = run_app()
    at.query_params["token"] = token
    at.switch_page("pages/invitation.py").run()
    assert not at.exception
    assert_inert(at)
    assert any(r"\<script\>" in body for body in rendered(at))


def test_join_page_shows_a_hostile_gathering_title_inert(app_env):
    """The join page names the gathering to someone with no account: its title as typed."""
    from kultur3.live import joining
    engine = make_engine(app_env)
    with Session(engine) as s:
        g = s.exec(select(Gathering).where(Gathering.title == "Fellessamling 3 – digital")).one()
        g.title = PAYLOADS[0] + " " + PAYLOADS[4]
        s.add(g)
        s.commit()
        joining.set_code_joining(session=s, actor=actor_of(s, "fasilitator"),
                                 gathering_id=g.id, enabled=True)
        s.commit()
        code = s.get(Gathering, g.id).join_code
    engine.dispose()
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import ROOT, TIMEOUT
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["kode"] = code
    at.run()
    at.switch_page("pages/join.py").run()
    assert not at.exception
    assert any(r"\<script\>" in body for body in rendered(at))  # shown, not dropped
    assert_inert(at)


def test_mine_kommuner_shows_hostile_text_inert(hostile, app_env):
    """The adviser's list quotes the group's latest log entry and names its next gathering."""
    from kultur3.programme import advisers
    from tests.conftest import municipality_id
    engine = make_engine(app_env)
    with Session(engine) as s:
        pid = catalogue.list_programmes(session=s)[0].id
        advisers.assign(session=s, actor=OPERATOR, programme_id=pid,
                        municipality_id=municipality_id(s, "3203"),
                        user_id=actor_of(s, "fasilitator").user_id)
        s.commit()
    engine.dispose()
    for user, page in (("fasilitator", None), ("admin", "my_municipalities")):
        at = run_app(user, page=page)
        assert not at.exception
        assert_inert(at)
        # The list is one st.html element (plain links open in the same tab): HTML-escaped.
        lists = [h.proto.body for h in at.get("html") if 'class="k3-mine"' in h.proto.body]
        assert lists and any("&lt;script&gt;alert" in body for body in lists)
        assert not any(re.search(r"<(script|img)", body) for body in lists)
