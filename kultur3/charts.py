"""Pure functions: data -> plotly Figure. Colour-blind-safe (Okabe–Ito) and readable without colour."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from kultur3.scoring import AreaGap

# Okabe–Ito: safe for the common colour-vision deficiencies.
DESIRED_COLOUR = "#0072B2"  # blue
CURRENT_COLOUR = "#D55E00"  # vermillion
PREVIOUS_COLOUR = "#666666"  # grey, dotted: the previous gathering's current state
SCALE = (0, 5)


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
              band_label: str = "") -> go.Figure:
    """Desired (solid) vs current (dashed) on a fixed 1–5 scale; hover gives both and the gap.

    Optional: the previous gathering's current state (dotted, grey) so change shows, and the
    spread of members' current scores as a shaded band.
    """
    labels = [wrap(html.escape(g.label)) for g in gaps]
    hover = [f"{lab}<br>{html.escape(desired_label)}: {_fmt(g.desired)}"
             f"<br>{html.escape(current_label)}: {_fmt(g.current)}"
             f"<br>{html.escape(gap_label)}: {_fmt(g.gap)}"
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
    fig.update_layout(
        title={"text": html.escape(title)} if title else None,
        polar={"radialaxis": {"range": list(SCALE), "tickvals": [1, 2, 3, 4, 5],
                              "angle": 90, "tickangle": 90},
               "angularaxis": {"direction": "clockwise"}},
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 90, "r": 90, "t": 60 if title else 40, "b": 40},
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
