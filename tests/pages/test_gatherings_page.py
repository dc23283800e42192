"""The facilitator's gatherings page with many gatherings: grouped by kind, running and
coming first, past ones found by a filter and a search."""

from tests.pages.conftest import run_app, texts


def test_running_and_coming_first_past_by_filter_and_search(app_env):
    at = run_app("fasilitator", page="facilitator_home")
    assert not at.exception
    body = texts(at)
    assert "Fellessamling 3 – digital" in body and "Fellessamling 4 – Bodø" in body
    assert "Fellessamling 1 – Gardermoen" not in body  # closed: under «Tidligere»
    assert [s.value for s in at.subheader] == ["Fellessamling (2)"]
    at.segmented_control(key="facilitator_home.when").set_value("past").run()
    body = texts(at)
    assert "Fellessamling 1 – Gardermoen" in body and "Lokal samling – Bodø" in body
    assert "Fellessamling 3 – digital" not in body
    at.text_input(key="facilitator_home.search").input("bodø").run()
    body = texts(at)
    assert "Lokal samling – Bodø" in body and "Lederoppfølgingsdag – Bodø" in body
    assert "Lokal samling – Asker" not in body
    at.text_input(key="facilitator_home.search").input("finnes ikke").run()
    assert "Ingen samlinger passer med søket." in texts(at)
