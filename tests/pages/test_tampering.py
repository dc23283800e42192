"""Pages across tenants: tampered widget state and query parameters change nothing."""

import pytest

from tests.pages.conftest import run_app, run_page, texts


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


def test_unknown_or_forged_username_in_session_shows_the_login():
    at = run_app("ghost-user")
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
