"""Pure functions: data -> plotly Figure. Colour-blind-safe (Okabe–Ito) and readable without colour."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from kultur3.group.scoring import AreaGap

# Okabe–Ito: safe for the common colour-vision deficiencies.
DESIRED_COLOUR = "#0072B2"  # blue
CURRENT_COLOUR = "#D55E00"  # vermillion
PREVIOUS_COLOUR = "#666666"  # grey, dotted: the previous gathering's current state
# The respondents' medians of a group's surveys («Slik ser brukerne det»): bluish green, then
# reddish purple for a second survey; dash-dot and a diamond or triangle, so they stay apart
# from desired (solid, circle) and current (dash, square) without colour.
SURVEY_STYLES = (("#009E73", "dashdot", "diamond"), ("#CC79A7", "longdashdot", "triangle-up"),
                 ("#56B4E9", "longdash", "star"))
SCALE = (0, 5)


# Hover texts with one decimal («2,4» with the layout's separators), not Plotly's default
# «2,375»; dates as the app writes them (dd.mm.yyyy), not Plotly's English «Dec 5, 2026».
HOVER_R = "%{theta}: %{r:.1f}<extra>%{fullData.name}</extra>"
DATE_FORMAT = "%d.%m.%Y"


def _closed(values: list) -> list:
    """A radar trace must end where it starts."""
    return [*values, values[0]] if values else values


def wrap(label: str, width: int = 16) -> str:
    """Break a long axis label over lines (plotly wants <br>) so it is not cut off."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line] if line else lines)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def gap_radar(gaps: list[AreaGap], *, desired_label: str, current_label: str, gap_label: str,
              title: str = "", previous: list[float | None] | None = None,
              previous_label: str = "", band: list[tuple[float, float] | None] | None = None,
              band_label: str = "", separators: str = ".,", fmt=None,
              surveys: list[tuple[str, list[float | None]]] | None = None) -> go.Figure:
    """Desired (solid) vs current (dashed) on a fixed 1–5 scale; hover gives both and the gap.

    Optional: the previous gathering's current state (dotted, grey) so change shows, the
    spread of members' current scores as a shaded band, and a line per survey (name, the
    respondents' median per axis) beside the group's own current state.
    """
    fmt = fmt or _fmt
    labels = [wrap(html.escape(g.label)) for g in gaps]
    hover = [f"{lab}<br>{html.escape(desired_label)}: {fmt(g.desired)}"
             f"<br>{html.escape(current_label)}: {fmt(g.current)}"
             f"<br>{html.escape(gap_label)}: {fmt(g.gap)}"
             for lab, g in zip(labels, gaps, strict=True)]
    fig = go.Figure()
    if band and any(band):
        fig.add_trace(_band_trace(labels, band, band_label))
    if previous and any(v is not None for v in previous):
        fig.add_trace(go.Scatterpolar(
            r=_closed(previous), theta=_closed(labels), name=previous_label, mode="lines",
            line={"color": PREVIOUS_COLOUR, "dash": "dot", "width": 2}, connectgaps=False,
            hoverinfo="skip"))
    for name, values, colour, dash, symbol in (
        (desired_label, [g.desired for g in gaps], DESIRED_COLOUR, "solid", "circle"),
        (current_label, [g.current for g in gaps], CURRENT_COLOUR, "dash", "square"),
    ):
        fig.add_trace(go.Scatterpolar(
            r=_closed(values), theta=_closed(labels), name=name, mode="lines+markers",
            line={"color": colour, "dash": dash, "width": 3},
            marker={"symbol": symbol, "size": 9},
            connectgaps=False, hovertext=_closed(hover), hoverinfo="text",
        ))
    for i, (name, values) in enumerate(surveys or []):
        colour, dash, symbol = SURVEY_STYLES[i % len(SURVEY_STYLES)]
        fig.add_trace(go.Scatterpolar(
            r=_closed(values), theta=_closed(labels), name=html.escape(name),
            mode="lines+markers", line={"color": colour, "dash": dash, "width": 3},
            marker={"symbol": symbol, "size": 10}, connectgaps=False,
            hovertext=_closed([f"{lab}<br>{html.escape(name)}: {fmt(v)}"
                               for lab, v in zip(labels, values, strict=True)]),
            hoverinfo="text"))
    fig.update_layout(
        separators=separators,
        title={"text": html.escape(title)} if title else None,
        polar={"radialaxis": {"range": list(SCALE), "tickvals": [1, 2, 3, 4, 5],
                              "angle": 90, "tickangle": 90},
               "angularaxis": {"direction": "clockwise"}},
        legend={"orientation": "h", "y": -0.15},
        # 110 px each side: at 90, «Utviklende og skapende» was cut in the group home's
        # half-width column at 1280 px.
        margin={"l": 110, "r": 110, "t": 60 if title else 40, "b": 40},
        font={"size": 15},
    )
    return fig


def _band_trace(labels: list[str], band: list[tuple[float, float] | None], name: str
                ) -> go.Scatterpolar:
    """A closed polygon out along the highest scores and back along the lowest."""
    highs = [b[1] if b else None for b in band]
    lows = [b[0] if b else None for b in band]
    r = [*_closed(highs), *reversed(_closed(lows))]
    theta = [*_closed(labels), *reversed(_closed(labels))]
    return go.Scatterpolar(r=r, theta=theta, name=name, mode="lines", fill="toself",
                           fillcolor="rgba(213, 94, 0, 0.15)", line={"width": 0},
                           connectgaps=True, hoverinfo="skip")


# --- Dashboard --------------------------------------------------------------------------------

# Okabe–Ito without the yellow (too pale on white), then black; with a dash and marker each so
# the lines stay apart without colour.
SERIES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid"]
MARKERS = ["circle", "square", "diamond", "triangle-up", "x", "star", "cross"]


def _style(i: int) -> dict:
    return {"line": {"color": SERIES[i % len(SERIES)], "dash": DASHES[i % len(DASHES)],
                     "width": 3},
            "marker": {"symbol": MARKERS[i % len(MARKERS)], "size": 9}}


def compare_radar(labels: list[str], series: list[tuple[str, list[float | None]]],
                  *, title: str = "", separators: str = ".,") -> go.Figure:
    """Several municipalities on one radar (fixed 1–5), each with its own colour, dash, marker."""
    theta = _closed([wrap(html.escape(x)) for x in labels])
    fig = go.Figure()
    for i, (name, values) in enumerate(series):
        fig.add_trace(go.Scatterpolar(r=_closed(values), theta=theta, name=html.escape(name),
                                      mode="lines+markers", connectgaps=False, **_style(i),
                                      hovertemplate=HOVER_R))
    fig.update_layout(separators=separators,
                      polar={"radialaxis": {"range": list(SCALE), "tickvals": [1, 2, 3, 4, 5]},
                             "angularaxis": {"direction": "clockwise"}},
                      title={"text": html.escape(title)} if title else None,
                      legend={"orientation": "h", "y": -0.15}, font={"size": 15},
                      margin={"l": 110, "r": 110, "t": 60 if title else 40, "b": 40})
    return fig


def small_multiples(labels: list[str], items: list[tuple[str, list, list]], *,
                    desired_label: str, current_label: str, columns: int = 4,
                    separators: str = ".,") -> go.Figure:
    """One small radar per municipality, all on the same 1–5 scale.

    Laid out by hand instead of with plotly's make_subplots: that built and validated a polar
    subplot for every cell of the grid, used or not, and took 74 ms for 16 radars at national
    scale against 8 ms now (bench/figures.py), on every data change."""
    rows = max(1, -(-len(items) // columns))
    h_gap, v_gap = 0.06, 0.35 / rows
    width, height = (1 - h_gap * (columns - 1)) / columns, (1 - v_gap * (rows - 1)) / rows
    theta = _closed([html.escape(x) for x in labels])
    layout: dict = {"separators": separators, "height": 260 * rows + 80,
                    "legend": {"orientation": "h", "y": 1.02 + 0.1 / rows},
                    "margin": {"l": 20, "r": 20, "t": 80, "b": 20}, "annotations": []}
    data = []
    for i, (name, desired, current) in enumerate(items):
        r, c = divmod(i, columns)
        x0, y1 = c * (width + h_gap), 1 - r * (height + v_gap)
        polar = "polar" if i == 0 else f"polar{i + 1}"
        layout[polar] = {"domain": {"x": [x0, x0 + width], "y": [y1 - height, y1]},
                         "radialaxis": {"range": list(SCALE), "showticklabels": False},
                         "angularaxis": {"showticklabels": False, "direction": "clockwise"}}
        layout["annotations"].append({"text": html.escape(name), "x": x0 + width / 2, "y": y1,
                                      "xref": "paper", "yref": "paper", "xanchor": "center",
                                      "yanchor": "bottom", "showarrow": False,
                                      "font": {"size": 16}})
        for label, values, colour, dash in ((desired_label, desired, DESIRED_COLOUR, "solid"),
                                            (current_label, current, CURRENT_COLOUR, "dash")):
            data.append({"type": "scatterpolar", "r": _closed(values), "theta": theta,
                         "name": label, "legendgroup": label, "showlegend": i == 0,
                         "mode": "lines", "subplot": polar, "hovertemplate": HOVER_R,
                         "line": {"color": colour, "dash": dash, "width": 2}})
    return go.Figure({"data": data, "layout": layout})


def gap_heatmap(table, *, gap_label: str, separators: str = ".,") -> go.Figure:
    """Municipality × value area gaps; the number is printed in every cell, so colour is extra."""
    fig = go.Figure(go.Heatmap(
        z=table.values, x=[wrap(html.escape(c)) for c in table.columns],
        y=[html.escape(i) for i in table.index], colorscale="Cividis", reversescale=True,
        zmin=-1, zmax=4, texttemplate="%{z:.1f}", colorbar={"title": {"text": gap_label}},
        hovertemplate="%{y}<br>%{x}<br>" + html.escape(gap_label) + ": %{z:.1f}<extra></extra>"))
    fig.update_layout(separators=separators, height=max(300, 28 * len(table.index) + 160),
                      yaxis={"autorange": "reversed"}, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      font={"size": 14})
    return fig


def benchmark_chart(table, *, name: str, band_label: str, median_label: str,
                    separators: str = ".,") -> go.Figure:
    """Per value area: everyone's middle half as a bar, the median as a tick, this one as a dot."""
    areas = [wrap(html.escape(a), 24) for a in table["value_area"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=areas, x=table["q3"] - table["q1"], base=table["q1"],
                         orientation="h", name=band_label, marker={"color": "#BBCCDD"},
                         xhoverformat=".1f"))
    fig.add_trace(go.Scatter(y=areas, x=table["median"], mode="markers", name=median_label,
                             xhoverformat=".1f",
                             marker={"symbol": "line-ns-open", "size": 22,
                                     "line": {"width": 3, "color": "#333333"}}))
    fig.add_trace(go.Scatter(y=areas, x=table["value"], mode="markers", name=html.escape(name),
                             xhoverformat=".1f",
                             marker={"symbol": "diamond", "size": 14, "color": CURRENT_COLOUR}))
    fig.update_layout(separators=separators,
                      xaxis={"range": [0.5, 5.5], "tickvals": [1, 2, 3, 4, 5]},
                      yaxis={"autorange": "reversed"}, barmode="overlay",
                      legend={"orientation": "h", "y": -0.15}, font={"size": 14},
                      margin={"l": 10, "r": 10, "t": 20, "b": 40})
    return fig


def trend_chart(frame, *, gap_label: str, title: str = "", separators: str = ".,") -> go.Figure:
    """The gap per value area across gatherings; one styled line per value area."""
    fig = go.Figure()
    for i, (area, rows) in enumerate(frame.groupby("value_area", sort=False)):
        fig.add_trace(go.Scatter(x=rows["held_on"], y=rows["gap"], name=html.escape(area),
                                 mode="lines+markers", yhoverformat=".1f",
                                 xhoverformat=DATE_FORMAT, **_style(i)))
    fig.update_layout(separators=separators, xaxis={"tickformat": DATE_FORMAT},
                      yaxis={"title": {"text": gap_label}, "range": [-1, 4.5]},
                      title={"text": html.escape(title)} if title else None,
                      legend={"orientation": "h", "y": -0.2}, font={"size": 14},
                      margin={"l": 10, "r": 10, "t": 40 if title else 20, "b": 40})
    return fig


def plan_timeline(rows: list[dict], *, kinds: dict[str, str], first, last,
                  months: list[tuple], today=None, separators: str = ".,") -> go.Figure:
    """The half-year plan: one row per municipality (the joint gatherings on the top row),
    one marker per gathering on its date, coloured by kind; a cancelled one hollow. rows:
    {"row", "held_on", "kind", "title", "when", "cancelled"} in the order the rows go;
    months: (first day, its name in the reader's language) for the axis; today, a dashed
    line when it falls in the half-year."""
    fig = go.Figure()
    if today is not None and first <= today <= last:
        fig.add_vline(x=today, line={"dash": "dash", "width": 1, "color": "#555"})
    order = list(dict.fromkeys(r["row"] for r in rows))
    for i, (kind, label) in enumerate(kinds.items()):
        mine = [r for r in rows if r["kind"] == kind]
        if not mine:
            continue
        fig.add_trace(go.Scatter(
            x=[r["held_on"] for r in mine], y=[html.escape(r["row"]) for r in mine],
            mode="markers", name=html.escape(label),
            marker={"size": 14, "symbol": ["circle-open" if r["cancelled"] else "circle"
                                           for r in mine],
                    "color": _style(i)["line"]["color"], "line": {"width": 2}},
            text=[html.escape(f"{r['title']} · {r['when']}") for r in mine],
            hovertemplate="%{text}<extra></extra>"))
    # 28 px per row keeps 16 rows (the pilot) at 560 px: the whole plan inside 1280×720.
    fig.update_layout(separators=separators, height=120 + 28 * max(len(order), 1),
                      xaxis={"range": [first, last], "showgrid": True,
                             "tickvals": [d for d, _ in months],
                             "ticktext": [html.escape(n) for _, n in months]},
                      yaxis={"categoryorder": "array",
                             "categoryarray": [html.escape(r) for r in reversed(order)],
                             "automargin": True},
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
                      font={"size": 14}, margin={"l": 10, "r": 10, "t": 40, "b": 30})
    return fig
