"""The facilitator's gatherings page with many gatherings: grouped by kind, running and
coming first, past ones found by a filter and a search."""

from tests.pages.conftest import run_app, texts


def test_running_and_coming_first_past_by_filter_and_search(app_env):
    at = run_app("fasilitator", page="facilitator_home")
    assert not at.exception
    body = texts(at)
    assert "Fellessamling 3 – digital" in body and "Fellessamling 4 – Bodø" in body
    assert "Fellessamling 1 – Gardermoen" not in body  # closed: under «Tidligere»
    assert [s.value for s in at.header] == ["Fellessamling (2)"]
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


def test_a_card_links_to_its_console_and_projector_and_a_planned_one_lists_nobody_as_late(
        app_env):
    at = run_app("fasilitator", page="facilitator_home")
    assert not at.exception
    links = [(p.proto.page, p.proto.label, p.proto.query_string) for p in at.get("page_link")
             if p.proto.page not in ("tilgjengelighet", "personvern")]  # the footer
    labels = [label for _, label, _ in links]
    assert labels.count("Styring av samling") == 2 and labels.count("Storskjerm") == 2, links
    assert all(query.startswith("samling=") for _, _, query in links), links
    # The running gathering shows its progress with a noun; the planned Fellessamling 3 has
    # no progress bar and no «Mangler svar» listing all sixteen.
    bars = [b.proto.text for b in at.get("progress")]
    assert len(bars) == 1 and bars[0].endswith("kommuner har svart"), bars
    assert sum("Mangler svar" in c.value for c in at.caption) <= 1
