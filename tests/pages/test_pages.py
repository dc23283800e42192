"""Every page for every role, the login form, the guards and the language switch."""

import pytest

from kultur3.access.permissions import PAGE_ROLES, pages_for
from kultur3.models import ACCOUNT_ROLES, Role
from kultur3.ui import keys
from tests.pages.conftest import run_app, run_page, texts

USERS = {Role.ADMIN: "admin", Role.FACILITATOR: "fasilitator", Role.LEADER: "leder",
         Role.GROUP: "kommune-3203", Role.MUNICIPAL_LEADER: "kommuneleder-3203",
         Role.RESEARCHER: "forsker"}
TITLES = {"group_home": "Kommunegruppa i", "facilitator_home": "Samlinger og svar",
          "half_year_plan": "Halvårsplan",
          "my_municipalities": "Mine kommuner",
          "overview": "Alle kommuner", "admin_home": "Administrasjon",
          "workshop": "Fremtidsbilder", "action_plan": "Handlingsplan",
          "dashboard": "Dashbord", "admin_users": "Brukere",
          "admin_audit": "Endringslogg", "account": "Min konto",
          "admin_groups": "Kommunegrupper", "admin_privacy": "Personopplysninger",
          "admin_programme": "Program og spørsmål", "live_console": "Styring av samling",
          "projector": "Fellessamling 3 – digital", "live_group": "Fellessamling 3 – digital",
          "join": "Bli med i samling", "group_team": "Gruppa og prosjektet",
          "invitation": "Velkommen til Kulturskole 3.0", "anchoring": "Forankring –",
          "municipality_work": "Arbeidet i", "words": "Svar og erfaringer",
          "library": "Lær av andre kommuner", "privacy": "Hvem er ansvarlig",
          "research": "Forskning",
          "surveys": "Brukerundersøkelse",
          "survey_answer": "Vi finner ikke denne undersøkelsen",  # no link given
          "guide": "Veiledning", "accessibility": "Tilgjengelighetserklæring"}
# Pages without the demo banner: no programme data, or the big screen (the room knows).
NO_PROGRAMME_DATA = {"admin_users", "admin_audit", "account", "admin_privacy", "projector",
                     "join", "invitation", "privacy", "survey_answer", "guide", "accessibility"}
ALLOWED = [(role, page) for role in ACCOUNT_ROLES for page in pages_for(role)]
DENIED = [(role, page) for role in ACCOUNT_ROLES for page in PAGE_ROLES
          if role not in PAGE_ROLES[page]]
# Joining by code, invitation links, the privacy page and answering a survey need no account.
PUBLIC = {"join", "invitation", "privacy", "survey_answer", "accessibility"}


def test_anonymous_sees_only_the_login():
    at = run_app()
    assert not at.exception
    assert at.text_input(key="login.username") and at.text_input(key="login.password")
    assert "Logg inn i Kulturskole 3.0" in texts(at)
    assert "kultur3-demo" in texts(at)  # demo mode shows the demo logins
    # What the tool is, in one line of programme identity and one of purpose, before the form.
    assert "utviklingsprogram for kulturskolen i kommunen" in texts(at)
    assert "Et verktøy for samlingene i programmet" in texts(at)


@pytest.mark.parametrize(("role", "page"), ALLOWED)
def test_every_page_for_every_role(role, page):
    at = run_app(USERS[role], page=page)
    assert not at.exception, at.exception
    assert TITLES[page] in texts(at)
    if page not in NO_PROGRAMME_DATA:
        assert "Demodata" in texts(at)  # invented data is labelled


@pytest.mark.parametrize(("role", "page"), DENIED)
def test_a_role_cannot_open_another_roles_page(role, page):
    at = run_page(page, USERS[role])
    assert not at.exception
    assert "Du har ikke tilgang til dette." in [e.value for e in at.error]
    assert TITLES[page] not in texts(at)


@pytest.mark.parametrize("page", [p for p in PAGE_ROLES if p not in PUBLIC])
def test_anonymous_direct_page_run_is_refused(page):
    at = run_page(page)
    assert not at.exception
    assert "Du må logge inn for å se denne siden." in [w.value for w in at.warning]
    assert TITLES[page] not in texts(at)


def test_deactivated_user_in_session_is_logged_out(app_env):
    from sqlmodel import select

    from kultur3.models import User
    from kultur3.store.db import make_engine, session_scope
    engine = make_engine(app_env)
    with session_scope(engine) as s:
        s.exec(select(User).where(User.username == "leder")).one().active = False
    engine.dispose()
    at = run_app("leder")
    assert at.text_input(key="login.username")
    assert "Alle kommuner" not in texts(at)


def test_login_form_logs_in_and_lands_on_home():
    at = run_app()
    at.text_input(key="login.username").input("kommune-3203")
    at.text_input(key="login.password").input("kultur3-demo")
    at.button(key="login.submit").click().run()
    assert not at.exception
    assert "Kommunegruppa i Asker" in texts(at)
    # No cookie route serves AppTest: the session's id stays in the tab's state (the browser
    # tests prove the HttpOnly cookie arrives when served).
    assert at.session_state[keys.SESSION_TOKEN]
    assert "auth.pending_post" not in at.session_state


@pytest.mark.parametrize(("username", "password", "message"), [
    ("kommune-3203", "wrong-password", "Feil brukernavn eller passord."),
    ("", "", "Skriv inn brukernavn og passord."),
    ("<script>alert(1)</script>", "x", "Feil brukernavn eller passord."),
])
def test_bad_logins_get_a_plain_message(username, password, message):
    at = run_app()
    at.text_input(key="login.username").input(username)
    at.text_input(key="login.password").input(password)
    at.button(key="login.submit").click().run()
    assert not at.exception
    assert message in texts(at)
    assert at.text_input(key="login.username")


def test_five_failures_lock_the_account_in_the_ui():
    at = run_app()
    for _ in range(5):
        at.text_input(key="login.username").input("leder")
        at.text_input(key="login.password").input("not-the-password")
        at.button(key="login.submit").click().run()
    at.text_input(key="login.password").input("kultur3-demo")
    at.button(key="login.submit").click().run()
    assert "Kontoen er låst" in texts(at)
    assert "Alle kommuner" not in texts(at)


def test_logout_returns_to_login():
    at = run_app("leder")
    at.button(key="app.logout").click().run()
    assert at.text_input(key="login.username")
    assert "Alle kommuner" not in texts(at)


@pytest.mark.parametrize(("lang", "title"), [("nn", "Alle kommunar"), ("en", "All municipalities")])
def test_language_switch(lang, title):
    at = run_app("leder", lang=lang)
    assert title in texts(at)
    assert at.selectbox(key="app.lang").value == lang


def test_group_home_shows_radar_members_and_focus():
    at = run_app("kommune-3203")
    assert "Gapradar fra Fellessamling 3" in texts(at)  # today's, in progress
    chart = at.get("plotly_chart")[0]
    import json
    spec = json.loads(chart.proto.spec)
    names = [tr["name"] for tr in spec["data"]]
    # The demo's Asker has a partner survey above the threshold: its line is the third.
    assert names == ["Ønsket situasjon", "Nåsituasjon",
                     "Slik ser brukerne det: Samarbeidspartnerne (15 svar)"]
    assert spec["data"][1]["line"]["dash"] == "dash"
    assert len(spec["data"][0]["r"]) == 9  # eight axes, closed
    assert "Fokusområde" in texts(at)


def test_staff_choose_a_municipality_on_the_group_page():
    at = run_app("fasilitator", page="group_home")
    box = at.selectbox(key="group_home.municipality")
    box.select("Bodø (1804)").run()
    assert "Kommunegruppa i Bodø" in texts(at)


def test_leader_overview_lists_every_municipality():
    at = run_app("leder")
    frame = at.dataframe[0].value
    assert len(frame) == 16
    gaps = frame["Gjennomsnittlig gap"].dropna()
    assert list(gaps) == sorted(gaps, reverse=True)  # by the mean over the areas answered
    assert frame.iloc[0]["Områder besvart"].endswith("av 8")
