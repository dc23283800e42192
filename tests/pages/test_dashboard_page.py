"""The leaders' dashboard, view by view, with chart data read from the plotly spec."""

import json

from streamlit.testing.v1 import AppTest

from tests.pages.conftest import ROOT, TIMEOUT, log_in_as, run_app, texts


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def open_tab(at, label: str):
    """Switch the dashboard's tab as a click does: only the open tab's content runs."""
    assert label in [tab.label for tab in at.tabs]
    at.session_state["dashboard.tab"] = label
    return at.run()


def test_heatmap_multiples_and_trend_on_first_view():
    at = run_app("leder", page="dashboard")
    assert not at.exception
    specs = charts(at)
    heat = next(s for s in specs if s["data"][0]["type"] == "heatmap")
    assert len(heat["data"][0]["y"]) == 16 and len(heat["data"][0]["x"]) == 8
    assert heat["data"][0]["texttemplate"]  # numbers printed in the cells
    multiples = next(s for s in specs if sum(d["type"] == "scatterpolar" for d in s["data"]) == 32)
    assert multiples["data"][0]["line"]["dash"] == "solid"
    assert multiples["data"][1]["line"]["dash"] == "dash"
    assert not any(s["data"][0]["type"] == "scatter" for s in specs)  # other tabs wait
    trend = next(s for s in charts(open_tab(at, "Over tid")) if s["data"][0]["type"] == "scatter")
    assert len(trend["data"]) == 8  # one line per value area


def test_compare_overlays_up_to_six():
    at = run_app("leder", page="dashboard")
    box = at.multiselect(key="dashboard.compare")
    assert len(box.value) == 3  # the first view already compares the three largest mean gaps
    box.set_value(["Asker", "Bodø", "Tynset"])
    at.run()
    radar = next(s for s in charts(at) if s.get("layout", {}).get("title", {}).get("text")
                 == "Nåsituasjon")
    assert [d["name"] for d in radar["data"]] == ["Asker", "Bodø", "Tynset"]
    assert len({d["line"]["dash"] for d in radar["data"]}) == 3  # apart without colour
    assert at.multiselect(key="dashboard.compare").proto.max_selections == 6


def test_benchmark_places_one_municipality():
    at = run_app("leder", page="dashboard")
    at.selectbox(key="dashboard.benchmark_pick").select("Asker").run()
    bench = next(s for s in charts(at) if s["data"][0]["type"] == "bar")
    assert [d["name"] for d in bench["data"]][-1] == "Asker"
    assert "Nåsituasjon mot midtre halvdel og median av 16 kommuner." in texts(at)


def test_filters_come_from_and_go_to_the_url():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    log_in_as(at, "leder")
    at.query_params["county"] = "Nordland"
    at.run()
    at.switch_page("pages/dashboard.py").run()
    assert at.selectbox(key="dashboard.county").value == "Nordland"
    heat = next(s for s in charts(at) if s["data"][0]["type"] == "heatmap")
    assert heat["data"][0]["y"] == ["Bodø"]  # the only pilot in Nordland (Målselv is Troms)
    at.selectbox(key="dashboard.county").select("Vestland").run()
    assert at.query_params["county"] in ("Vestland", ["Vestland"])


def test_tampered_url_filter_shows_everything():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    log_in_as(at, "leder")
    at.query_params["county"] = "<script>alert(1)</script>"
    at.query_params["gathering"] = "999999"
    at.run()
    at.switch_page("pages/dashboard.py").run()
    assert not at.exception
    assert at.selectbox(key="dashboard.county").value == ""


def test_actions_tab_and_learning_partners():
    at = open_tab(run_app("leder", page="dashboard"), "Tiltak")
    assert [m.label for m in at.metric] == ["Tiltak i alt", "Andel ferdig", "Over fristen"]
    assert 16 * 2 <= int(at.metric[0].value) <= 16 * 6  # the demo: 2–6 actions per group
    open_tab(at, "Læringspartnere")
    at.selectbox(key="dashboard.partners_pick").select("Asker").run()
    partners = next(d.value for d in at.dataframe if "Kan lære av" in d.value.columns)
    assert len(partners) >= 3 and "Asker" not in set(partners["Kan lære av"])


def test_report_is_made_on_request():
    at = open_tab(run_app("leder", page="dashboard"), "Rapporter og eksport")
    at.selectbox(key="dashboard.report_pick").select("Asker").run()
    at.button(key="dashboard.make_report").click().run()
    assert not at.exception
    assert "Last ned rapport for Asker (PDF)" in [b.proto.label for b in at.get("download_button")]


def test_programme_comes_from_the_url_when_there_are_several(app_env):
    from kultur3.seed import create_programme
    from kultur3.store.db import make_engine, session_scope
    engine = make_engine(app_env)
    from kultur3.access.permissions import OPERATOR
    from kultur3.programme import lifecycle
    from tests.conftest import actor_of
    with session_scope(engine) as s:
        newer = create_programme(session=s, slug="region-nord", name="Region Nord 2025",
                                 is_demo=True).id  # demo mode runs on demo data only
        lifecycle.grant_access(session=s, actor=OPERATOR, programme_id=newer,
                                     user_id=actor_of(s, "leder").user_id)
    engine.dispose()

    def open_with(programme_id: int) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
        log_in_as(at, "leder")
        at.query_params["programme"] = str(programme_id)
        at.run()
        at.switch_page("pages/dashboard.py").run()
        return at

    empty = open_with(newer)
    assert "Ingen skårer å vise med dette utvalget." in texts(empty)
    demo = open_with(1)
    assert at_programme(demo) == 1 and "Gap per kommune og verdiområde" in texts(demo)


def at_programme(at: AppTest) -> int:
    return at.selectbox(key="app.programme").value


def test_the_sector_split_is_read_only_when_asked_for():
    at = run_app("leder", page="dashboard")
    def split_tables():
        return [d.value for d in at.dataframe if any("(n=" in str(c) for c in d.value.columns)]
    assert split_tables() == []
    at.toggle(key="dashboard.sectors_open").set_value(True).run()
    assert not at.exception
    assert len(split_tables()) == 1 and len(split_tables()[0]) == 8
