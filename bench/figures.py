"""What each leaders' chart costs at national scale: building the Plotly figure, and turning it
into the JSON st.plotly_chart sends on every run (the figure object is cached per data version;
the serialising is not: Streamlit does it again on each rerun that draws the chart).

    .venv/bin/python bench/figures.py           # 357 municipalities x 6 gatherings

Prints one line per figure: figure=... build_ms=... serialise_ms=... kb=... and, as the
baseline measured in the same run, a one-trace line chart (figure=baseline).
Figures, never assertions.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import plotly.graph_objects as go  # noqa: E402
import plotly.io as pio  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from kultur3.access.permissions import Actor  # noqa: E402
from kultur3.insight import charts, dashboard  # noqa: E402
from kultur3.models import Programme, Role  # noqa: E402
from kultur3.store.db import make_engine  # noqa: E402


def timed(fn, runs: int = 7) -> tuple[float, object]:
    samples, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), value


def report(name: str, build) -> None:
    build_ms, fig = timed(build)
    serialise_ms, text = timed(lambda: pio.to_json(fig, validate=False))
    print(f"figure={name} build_ms={build_ms:.1f} serialise_ms={serialise_ms:.1f} "
          f"kb={len(text) / 1024:.0f}", flush=True)


def main() -> None:
    from pages import national
    url = f"sqlite:///{tempfile.mkdtemp()}/figures.db"
    national(url)
    engine = make_engine(url)
    leader = Actor(user_id=0, username="bench", display_name="bench", role=Role.ADMIN,
                   municipality_id=None)
    with Session(engine) as s:
        pid = s.exec(select(Programme.id)).first()
        view = dashboard.view(session=s, actor=leader, programme_id=pid)
    now, table = view.latest, view.heatmap
    labels = list(now.drop_duplicates("value_area").sort_values("position")["value_area"])
    names = sorted(now["municipality"].unique())
    print(f"municipalities={len(names)} heatmap_rows={len(table)} cells={len(view.frame)}")

    def values(m: str, kind: str) -> list:
        rows = now[now["municipality"] == m].set_index("value_area")[kind]
        return [rows.get(x) for x in labels]

    report("baseline", lambda: go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))
    series = [(m, values(m, "current")) for m in names[:3]]
    items = [(m, values(m, "desired"), values(m, "current")) for m in names[:16]]
    report("compare_radar_3", lambda: charts.compare_radar(labels, series))
    report("gap_heatmap_all", lambda: charts.gap_heatmap(table, gap_label="Gap"))
    report("small_multiples_16", lambda: charts.small_multiples(
        labels, items, desired_label="Ønsket", current_label="Nå"))
    bench = dashboard.benchmark(view.frame, int(now["municipality_id"].iloc[0]))
    report("benchmark", lambda: charts.benchmark_chart(bench.table, name="X", band_label="b",
                                                       median_label="m"))
    trend = dashboard.trend(view.frame)
    report("trend_programme", lambda: charts.trend_chart(trend, gap_label="Gap"))


if __name__ == "__main__":
    main()
