"""Pure functions: data -> plotly Figure. Colour-blind-safe (Okabe–Ito) and readable without colour."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from kultur3.scoring import AreaGap

# Okabe–Ito: safe for the common colour-vision deficiencies.
DESIRED_COLOUR = "#0072B2"  # blue
CURRENT_COLOUR = "#D55E00"  # vermillion
SCALE = (0, 5)


def _closed(values: list) -> list:
    """A radar trace must end where it starts."""
    return [*values, values[0]] if values else values


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def gap_radar(gaps: list[AreaGap], *, desired_label: str, current_label: str, gap_label: str,
              title: str = "") -> go.Figure:
    """Desired (solid) vs current (dashed) on a fixed 1–5 scale; hover gives both and the gap."""
    labels = [html.escape(g.label) for g in gaps]
    hover = [f"{lab}<br>{html.escape(desired_label)}: {_fmt(g.desired)}"
             f"<br>{html.escape(current_label)}: {_fmt(g.current)}"
             f"<br>{html.escape(gap_label)}: {_fmt(g.gap)}" for lab, g in zip(labels, gaps, strict=True)]
    fig = go.Figure()
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
    fig.update_layout(
        title={"text": html.escape(title)} if title else None,
        polar={"radialaxis": {"range": list(SCALE), "tickvals": [1, 2, 3, 4, 5],
                              "angle": 90, "tickangle": 90},
               "angularaxis": {"direction": "clockwise"}},
        legend={"orientation": "h", "y": -0.12},
        margin={"l": 60, "r": 60, "t": 50 if title else 30, "b": 40},
        font={"size": 15},
    )
    return fig
