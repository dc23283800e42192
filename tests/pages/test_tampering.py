"""Pages across tenants: tampered widget state and query parameters change nothing."""

import pytest
from streamlit.testing.v1 import AppTest

from kultur3.ui import keys
from tests.pages.conftest import ROOT, TIMEOUT, run_app, run_page, texts


def test_group_cannot_switch_municipality_through_session_state():
    at = run_app("kommune-3203", page="workshop")
    at.session_state["workshop.municipality"] = "Bodø (1804)"
    at.session_state["group_home.municipality"] = "Bodø (1804)"
    at.run()
    assert "Bodø" not in texts(at)
    home = run_app("kommune-3203")
    home.session_state["group_home.municipality"] = "Bodø (1804)"
    home.run()
    assert "Kommunegruppa i Asker" in texts(home)


@pytest.mark.parametrize("token", ["forged-session-id", "x" * 500, ""])
def test_an_unknown_or_forged_session_id_shows_the_login(token):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state[keys.SESSION_TOKEN] = token
    at.session_state["username"] = "admin"  # what the old login kept: means nothing now
    at.session_state["authentication_status"] = True
    at.run()
    assert at.text_input(key="login.username")
    assert "Alle kommuner" not in texts(at)


def test_staff_pages_are_not_in_a_groups_navigation():
    at = run_app("kommune-3203")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/dashboard.py")
    # Run directly, as Streamlit does before st.navigation, the page's own guard refuses.
    direct = run_page("dashboard", "kommune-3203")
    assert "Du har ikke tilgang til dette." in [e.value for e in direct.error]
    assert "Gap per kommune og verdiområde" not in texts(direct)
