"""Menus by section, the guides in the app (/veiledning) and the accessibility statement
(/tilgjengelighet), with every page's footer (issue 26 §2, §3)."""

import re

import pytest
from babel.messages.pofile import read_po

from kultur3.access.permissions import PAGE_ROLES, Actor, pages_for
from kultur3.core.i18n import t
from kultur3.models import ACCOUNT_ROLES, Role
from kultur3.ui import guides, nav
from tests.factories import make_user
from tests.pages.conftest import ROOT, empty_install, run_app, texts

USERS = {Role.ADMIN: "admin", Role.FACILITATOR: "fasilitator", Role.LEADER: "leder",
         Role.GROUP: "kommune-3203", Role.MUNICIPAL_LEADER: "kommuneleder-3203",
         Role.RESEARCHER: "forsker"}
# The admin's menu at 1280×720: 26 px a row and 28 px a heading (chrome.css) below 44 px
# hold 20 rows with 5 headings (tests/browser/test_menus_browser.py measures it).
ADMIN_MENU_MAX = 20


def _actor(role: Role, municipality_id: int | None = None) -> Actor:
    return Actor(user_id=1, username="x", display_name="x", role=role,
                 municipality_id=municipality_id)


def _listed(actor: Actor) -> dict[str, list[str]]:
    return {name: [k for k in keys if nav.listed(actor, k) or k == pages_for(actor.role)[0]]
            for name, keys in nav.menu(actor).items()}


@pytest.mark.parametrize("role", list(ACCOUNT_ROLES))
def test_every_page_a_role_opens_is_in_one_section_of_its_menu(role):
    actor = _actor(role)
    sections = nav.menu(actor)
    keys = [k for ks in sections.values() for k in ks]
    assert sorted(keys) == sorted(pages_for(role))  # each once, none it may not open
    assert next(iter(sections.values()))[0] == pages_for(role)[0]  # home first
    for name in sections:
        assert nav.section_title(actor, name)  # strict mode: the key exists


def test_a_facilitator_sees_the_groups_own_pages_only_when_it_belongs_to_a_group():
    listed = [k for ks in _listed(_actor(Role.FACILITATOR)).values() for k in ks]
    assert "group_home" not in listed and "group_team" not in listed
    assert "my_municipalities" in listed and "live_console" in listed
    member = [k for ks in _listed(_actor(Role.FACILITATOR, 7)).values() for k in ks]
    assert "group_home" in member and "group_team" in member


def test_the_admins_menu_is_short_enough_for_a_1280x720_screen():
    listed = [k for ks in _listed(_actor(Role.ADMIN)).values() for k in ks]
    assert len(listed) <= ADMIN_MENU_MAX, listed
    assert list(_listed(_actor(Role.ADMIN))) == ["admin", "municipalities", "gatherings",
                                                  "insight", "account"]


def test_a_group_calls_its_section_our_work_and_staff_call_it_the_municipalities():
    assert nav.section_title(_actor(Role.GROUP), "municipalities") == "Vårt arbeid"
    assert nav.section_title(_actor(Role.FACILITATOR), "municipalities") == "Kommunene"


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.GROUP, Role.MUNICIPAL_LEADER])
def test_the_guide_page_shows_the_roles_own_guide_first(role):
    at = run_app(USERS[role], page="guide")
    assert not at.exception, at.exception
    own = guides.GUIDES[guides.ROLE_GUIDES[role][0]]
    first_heading = (ROOT / "docs" / own).read_text(encoding="utf-8").splitlines()[0]
    assert first_heading.lstrip("# ") in texts(at)
    assert all(not m.allow_html for m in at.markdown)  # a guide can never inject a tag


def test_every_role_the_guide_page_lets_in_has_a_guide():
    assert set(guides.ROLE_GUIDES) == set(PAGE_ROLES["guide"])
    assert all((ROOT / "docs" / name).is_file() for name in guides.GUIDES.values())


def _catalogue_labels() -> str:
    """Every bokmål text, its {placeholders} and numbers as «#», without bold, whitespace as
    one space."""
    with (ROOT / "locale" / "nb" / "LC_MESSAGES" / "kultur3.po").open("rb") as f:
        catalogue = read_po(f)
    ids = [i for m in catalogue if m.id for i in ([m.id] if isinstance(m.id, str) else m.id)]
    return " ".join(_norm(re.sub(r"\{\w+\}", "#", i).replace("**", "")) for i in ids)


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))


# Quoted in a guide but not a label of ours: button texts written in code, an example of
# what to type, and the three screens the facilitator's guide names.
NOT_LABELS = {"+1 min", "+5 min", "Tittel | https://…", "Styringen", "Storskjermen",
              "Gruppeskjermen"}


@pytest.mark.parametrize("name", sorted(guides.GUIDES.values()))
def test_every_label_a_guide_quotes_is_the_uis(name):
    """«…» and **…** in a guide name what the screen says: a label renamed in the catalogue
    fails here until the guide says the same."""
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    labels = _catalogue_labels()
    quoted = {" ".join(q.split()) for q in re.findall(r"«([^»]+)»", text)}
    bold_in_tables = {" ".join(q.split()) for line in text.splitlines() if line.startswith("| **")
                      for q in re.findall(r"\*\*([^*]+)\*\*", line)}
    wrong = sorted(q for q in (quoted | bold_in_tables) - NOT_LABELS if _norm(q) not in labels)
    assert wrong == []


def test_the_accessibility_statement_is_open_to_visitors_and_names_no_contact_unset():
    at = run_app(page="accessibility")
    assert not at.exception, at.exception
    shown = texts(at)
    for part in ("Tilgjengelighetserklæring", "WCAG 2.1", "Dette oppfyller løsningen ikke",
                 "Meld fra om en barriere", "har ikke lagt inn en kontaktadresse",
                 "Tilsynet for universell utforming av IKT", "Sist kontrollert: 05.12.2026"):
        assert part in shown, part


def test_the_statement_shows_the_configured_contact_escaped(monkeypatch):
    from kultur3.core.config import get_settings
    monkeypatch.setenv("KULTUR3_ACCESSIBILITY_CONTACT", "uu@<b>kommune</b>.no [x](javascript:1)")
    get_settings.cache_clear()
    at = run_app("kommune-3203", page="accessibility")
    assert not at.exception, at.exception
    shown = texts(at)
    assert "har ikke lagt inn" not in shown
    # every markdown and HTML character backslash-escaped: no tag, never a link
    assert r"uu@\<b\>kommune\</b\>\.no \[x\]\(javascript\:1\)" in shown
    get_settings.cache_clear()


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_the_statement_in_nynorsk_and_english(lang):
    at = run_app(lang=lang, page="accessibility")
    assert not at.exception
    assert t("a11y.fails.heading", lang) in texts(at)


def _footer_links(at) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


@pytest.mark.parametrize("role", list(ACCOUNT_ROLES))
def test_every_page_has_the_statement_in_its_footer(role):
    at = run_app(USERS[role])
    assert not at.exception
    assert t("page.accessibility") in _footer_links(at)


@pytest.mark.parametrize("page", ["join", "survey_answer", "invitation"])
def test_a_page_that_stops_early_keeps_its_footer(page):
    """The join page without a code, a survey or an invitation without its link: each stops
    early (st.stop);
    the footer is drawn before the page, so it is there all the same."""
    at = run_app(page=page)
    assert not at.exception
    assert t("page.accessibility") in _footer_links(at)


def test_the_login_page_has_the_statement_in_its_footer_and_the_privacy_notice_once():
    """Under the login form, and not again in the footer (two links to one page, POLISH)."""
    at = run_app()
    links = _footer_links(at)
    assert t("page.accessibility") in links and t("page.privacy") not in links
    assert links.count(t("privacy.link")) == 1


@pytest.mark.parametrize("page", ["join", "invitation"])
def test_a_visitors_page_links_the_privacy_notice_once(page):
    links = _footer_links(run_app(page=page))
    assert [t("page.privacy") in links, links.count(t("privacy.link"))] == [False, 1]


def test_a_join_page_that_stops_at_an_unknown_code_still_links_the_privacy_notice():
    """The visitor gave a code (and the device its mark): every way the page ends links the
    notice, as the footer does not there."""
    from streamlit.testing.v1 import AppTest

    from kultur3.ui import keys
    from tests.pages.conftest import ROOT, TIMEOUT
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params[keys.CODE_PARAM] = "ZZZZZZ"
    at.run()
    at.switch_page("pages/join.py").run()
    assert not at.exception and t("live.unknown_code") in [e.value for e in at.error]
    assert _footer_links(at).count(t("privacy.link")) == 1


def test_a_visitors_page_without_its_own_link_has_it_in_the_footer():
    links = _footer_links(run_app(page="accessibility"))
    assert t("page.privacy") in links


def test_the_statement_and_the_guide_on_an_empty_install(backend, monkeypatch):
    """Outside demo mode on a database with the register only: both pages still open."""
    with empty_install(backend, monkeypatch) as s:
        make_user(s, Role.FACILITATOR, username="fasilitator@test.no")
        s.commit()
        at = run_app(page="accessibility")
        assert not at.exception and "Tilgjengelighetserklæring" in texts(at)
        at = run_app("fasilitator@test.no", page="guide")
        assert not at.exception, at.exception
        assert "Fasilitatorveiledning" in texts(at)
