"""Norwegian numbers and dates in bokmål and nynorsk, English ones in English."""

from datetime import UTC, date, datetime

import pytest

from kultur3.core.formatting import fmt_date, fmt_datetime, fmt_number, fmt_time


@pytest.mark.parametrize(("lang", "expected"), [("nb", "12.05.2022"), ("nn", "12.05.2022"),
                                                ("en", "12 May 2022")])
def test_dates(lang, expected):
    assert fmt_date(date(2022, 5, 12), lang) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (2.5, "nb", "2,5"), (2.5, "nn", "2,5"), (2.5, "en", "2.5"), (3.0, "nb", "3"),
    (1234.5, "nb", "1\u00a0234,5"), (1234.5, "en", "1,234.5"), (None, "nb", "–"),
])
def test_numbers(value, lang, expected):
    assert fmt_number(value, lang) == expected


@pytest.mark.parametrize(("value", "expected"), [(2.25, "2,3"), (1.75, "1,8"), (2.125, "2,1"),
                                               (2.375, "2,4"), (-0.25, "-0,3"), (2.0, "2")])
def test_one_decimal_and_a_half_rounds_up(value, expected):
    assert fmt_number(value, "nb") == expected


def test_a_table_shows_decimals_the_languages_way_and_still_sorts_by_number():
    import pandas as pd

    from kultur3.ui import widgets  # outside a session: bokmål
    frame = pd.DataFrame({"kommune": ["Asker", "Bodø", "Nes"], "gap": [2.375, None, 1.25]})
    styled = widgets.decimals(frame)
    assert list(styled.data["gap"].iloc[[0, 2]]) == [2.375, 1.25]  # the numbers stay numbers
    shown = [c["display_value"] for row in styled._translate(False, False)["body"]
             for c in row if c.get("type") == "td" and c["id"].endswith("col1")]
    assert shown == ["2,4", "–", "1,3"]
    assert isinstance(widgets.decimals(frame[["kommune"]]), pd.DataFrame)  # nothing to format


def test_times_accept_naive_utc_from_sqlite():
    aware = datetime(2022, 5, 12, 12, 30, tzinfo=UTC)
    naive = aware.replace(tzinfo=None)
    assert fmt_time(aware, "nb") == fmt_time(naive, "nb")
    assert fmt_datetime(naive, "nb").startswith("12.05.2022")
    assert fmt_date(None, "en") == "–"


def test_times_and_days_are_oslos_whatever_the_servers_zone(monkeypatch):
    """A server kept in UTC showed «Lagret kl.» an hour behind the room's clocks, and a note
    written at 00:30 in Oslo under the day before."""
    import time

    from kultur3.core.formatting import local_date
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        summer = datetime(2026, 6, 1, 10, 5)  # naive UTC, as SQLite gives it
        winter = datetime(2026, 12, 5, 23, 30, tzinfo=UTC)
        assert fmt_time(summer, "nb") == "12:05" and fmt_time(winter, "nb") == "00:30"
        assert fmt_datetime(winter, "nb") == "06.12.2026 00:30"
        assert local_date(winter) == date(2026, 12, 6)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_charts_use_the_languages_decimal_separator():
    from kultur3.core.formatting import plotly_separators
    from kultur3.group.scoring import AreaGap
    from kultur3.insight.charts import gap_radar
    fig = gap_radar([AreaGap(1, "A", 4.5, 2)], desired_label="D", current_label="C",
                    gap_label="G", separators=plotly_separators("nb"),
                    fmt=lambda v: fmt_number(v, "nb"))
    assert fig.layout.separators == ",\u00a0"
    assert "D: 4,5" in fig.data[-2].hovertext[0] and "G: 2,5" in fig.data[-2].hovertext[0]
    assert plotly_separators("en") == ".,"


def test_chart_hovers_give_one_decimal_and_norwegian_dates():
    """Plotly's own hover wrote «2,375» and «Dec 5, 2026»: each chart names its formats."""
    from datetime import date

    import pandas as pd

    from kultur3.insight import charts
    trend = charts.trend_chart(pd.DataFrame({"value_area": ["A", "A"], "gap": [2.375, 1.25],
                                             "held_on": [date(2026, 1, 8), date(2026, 5, 4)]}),
                               gap_label="Gap")
    assert trend.data[0].yhoverformat == ".1f" and trend.layout.xaxis.tickformat == "%d.%m.%Y"
    radar = charts.compare_radar(["A", "B"], [("Asker", [2.375, 1.0])])
    assert ":.1f}" in radar.data[0].hovertemplate
    heat = charts.gap_heatmap(pd.DataFrame({"A": [2.375]}, index=["Asker"]), gap_label="Gap")
    assert heat.data[0].hovertemplate.endswith("%{z:.1f}<extra></extra>")
