"""One-page PDF reports, drawn with matplotlib alone (no browser on the machine needed).

Same colours, line styles and scale as the screen: desired solid blue, current dashed
vermillion, 1–5.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
# TrueType fonts (not Type 3): text can be searched and copied, Sami letters included.
matplotlib.rcParams["pdf.fonttype"] = 42
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

from kultur3.group.scoring import AreaGap  # noqa: E402
from kultur3.insight.charts import CURRENT_COLOUR, DESIRED_COLOUR, SURVEY_STYLES  # noqa: E402

A4 = (8.27, 11.69)
# The radar on the left of page one and the lists beside it. At [0.12, 0.5, 0.5] the label on
# the right spoke («Utviklende og skapende», 0.62–0.70 of the width) ran into the gap list at
# 0.66; 0.40 wide from 0.14, labels wrapped at 14 characters end by 0.67 on the right and
# start after 0.03 on the left (a label of 18 at 7.5 pt is 0.125 of the width).
RADAR_BOX = (0.14, 0.50, 0.40, 0.33)
BESIDE = 0.69


@dataclass(frozen=True)
class ReportText:
    """Every label the report prints, already translated."""

    title: str
    subtitle: str
    desired: str
    current: str
    biggest_gaps: str
    actions: str
    group: str
    demo_note: str | None


def _radar(ax, gaps: list[AreaGap], desired: str, current: str,
           surveys: list[tuple[str, list[float | None]]] = ()) -> None:
    n = len(gaps)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]
    for values, colour, style, label in (([g.desired for g in gaps], DESIRED_COLOUR, "-", desired),
                                         ([g.current for g in gaps], CURRENT_COLOUR, "--",
                                          current)):
        pts = [(a, v) for a, v in zip(angles, values, strict=True) if v is not None]
        if pts:
            xs, ys = zip(*[*pts, pts[0]], strict=True)
            ax.plot(xs, ys, style, color=colour, linewidth=2.2, label=label.replace("$", r"\$"),
                    marker="o", markersize=4)
    for i, (label, values) in enumerate(surveys):  # a survey's medians: dash-dot, diamonds
        colour = SURVEY_STYLES[i % len(SURVEY_STYLES)][0]
        ys = [math.nan if v is None else v for v in values]  # NaN breaks the line: not asked
        ax.plot([*angles, angles[0]], [*ys, ys[0]], "-.", color=colour, linewidth=2,
                label=label.replace("$", r"\$"), marker="D", markersize=4)
    ax.set_ylim(0, 5)
    # The whole circle: left to itself matplotlib took the angles' span (a quarter short,
    # from the first axis clockwise to the last) and cut the quarter before the first axis.
    ax.set_thetalim(math.pi / 2 - 2 * math.pi, math.pi / 2)
    ax.set_yticks([1, 2, 3, 4, 5])
    # The scale's numbers half-way between the first two areas, small and grey: on the default
    # 22.5° ray the «5» sat on the third area's label (issue 26 §5, seen in the rendered page).
    if n:
        ax.set_rlabel_position(math.degrees(angles[0]) - 180 / n)
    ax.tick_params(axis="y", labelsize=7, labelcolor="#555555")
    ax.set_xticks(angles)
    # Whole words only («mestringsorientert» was split «mestringsorie / ntert»), 6 pt off the rim.
    ax.set_xticklabels([textwrap.fill(g.label, 14, break_long_words=False) for g in gaps],
                       fontsize=7.5, parse_math=False)
    ax.tick_params(axis="x", pad=4)
    for label, angle in zip(ax.get_xticklabels(), angles, strict=True):
        # Each label grows away from the circle: centred, «Bærekraft» on the left spoke sat
        # half on the rim, where a desired 5 draws its line.
        x = math.cos(angle)
        label.set_horizontalalignment("left" if x > 0.1 else "right" if x < -0.1 else "center")
    if ax.get_legend_handles_labels()[0]:  # an empty programme has no lines to name
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize=8,
                  frameon=False)


NBSP = "\u00a0"


def gap_line(label: str, desired: str, current: str, gap: str) -> str:
    """«Area: 5 → 2 (gap 3)» with its numbers bound by no-break spaces: textwrap breaks only
    at ASCII whitespace, so the line wraps inside the area's name, never in «(gap 3)».
    «gap» is the programme's word in nb, nn and en alike (common.gap)."""
    return f"{label}: " + NBSP.join([desired, "→", current, "(gap", f"{gap})"])


def municipality_report(*, text: ReportText, fmt, gaps: list[AreaGap],
                        actions: list[tuple[str, str, str, str]],
                        members: list[tuple[str, str]]) -> bytes:
    """Radar, biggest gaps, actions (title, status, owner, deadline) and the group, on A4."""
    fig = _page(text)
    _radar(fig.add_axes(RADAR_BOX, projection="polar"), gaps, text.desired, text.current)
    known = sorted((g for g in gaps if g.gap is not None), key=lambda g: -g.gap)[:3]
    lines = [gap_line(g.label, fmt(g.desired), fmt(g.current), fmt(g.gap)) for g in known]
    _block(fig, BESIDE, 0.84, text.biggest_gaps, lines, width=28)
    _block(fig, BESIDE, 0.62, text.group, [f"{n} – {r}" for n, r in members], width=28)
    _block(fig, 0.06, 0.44, text.actions,
           [f"{t} · {s} · {o or '–'} · {d}" for t, s, o, d in actions] or ["–"], width=100)
    return _pdf([fig])


def programme_report(*, text: ReportText, gaps: list[AreaGap],
                     rows: list[tuple[str, str, str]]) -> bytes:
    """The programme median radar and one line per municipality (name, total gap, done)."""
    fig = _page(text)
    _radar(fig.add_axes([0.25, 0.55, 0.5, 0.3], projection="polar"), gaps, text.desired,
           text.current)
    _block(fig, 0.06, 0.45, text.group, [" · ".join(r) for r in rows], width=100, size=7.5)
    return _pdf([fig])


def _page(text: ReportText):
    """An A4 figure with the title, subtitle and (for demo data) the invented-data note."""
    fig = plt.figure(figsize=A4)
    fig.text(0.06, 0.955, text.title, fontsize=18, weight="bold", parse_math=False)
    fig.text(0.06, 0.93, text.subtitle, fontsize=10, color="#333333", parse_math=False)
    if text.demo_note:
        fig.text(0.06, 0.91, text.demo_note, fontsize=8.5, color="#8A3B00", parse_math=False)
    return fig


def _block(fig, x: float, y: float, heading: str, lines: list[str], *, width: int,
           size: float = 8.5) -> None:
    fig.text(x, y, heading, fontsize=11, weight="bold", parse_math=False)
    body = "\n".join(textwrap.fill(line, width, subsequent_indent="   ") for line in lines)
    fig.text(x, y - 0.012, body, fontsize=size, va="top", linespacing=1.4, parse_math=False)


def _pdf(figures) -> bytes:
    buf = io.BytesIO()
    with PdfPages(buf) as pdf:
        for fig in figures:
            pdf.savefig(fig)
            plt.close(fig)
    return buf.getvalue()


# --- The group's report to its own leadership: its words first, then its numbers -------------

# (style, text): a heading, a sub-heading, or body text; wrapped and flowed over A4 pages.
Line = tuple[str, str]
STYLES = {"h": (12, "bold", 0.030, 90), "q": (9.5, "bold", 0.020, 100),
          "p": (9, "normal", 0.0165, 105)}
TOP, BOTTOM = 0.90, 0.06


def group_report(*, text: ReportText, gaps: list[AreaGap], gap_lines: list[str],
                 sections: list[Line],
                 surveys: list[tuple[str, list[float | None]]] = ()) -> bytes:
    """Page one: the radar and the gaps; then every section flowed over as many pages as the
    group's words need. Text is TrueType (searchable, Sami letters kept), never math."""
    first = _page(text)
    _radar(first.add_axes(RADAR_BOX, projection="polar"), gaps, text.desired, text.current,
           surveys)
    _block(first, BESIDE, 0.84, text.biggest_gaps, gap_lines or ["–"], width=28)
    figures, fig, y = [first], first, 0.40
    for i, (style, body) in enumerate(sections):
        size, weight, step, width = STYLES[style]
        wrapped = textwrap.wrap(body, width) or [""]
        if style != "p":
            y -= step * 0.4  # air above a heading
        if y - _keep(sections, i) < BOTTOM:  # a heading never alone at the foot of a page
            fig, y = _continuation(text), TOP
            figures.append(fig)
        for line in wrapped:
            if y < BOTTOM:
                fig, y = _continuation(text), TOP
                figures.append(fig)
            fig.text(0.06, y, line, fontsize=size, weight=weight, parse_math=False)
            y -= step
    return _pdf(figures)


def _keep(sections: list[Line], i: int) -> float:
    """The height section i needs on this page: body text its first three lines; a heading
    itself, the sub-headings straight after it and three lines of the text they head. Checking
    the heading alone left «Fokusområde og utviklingsprosjekt» at the foot of Sunnfjord's
    page one with its text on page two."""
    need = 0.0
    for k, (style, body) in enumerate(sections[i:]):
        _, _, step, width = STYLES[style]
        lines = len(textwrap.wrap(body, width)) or 1
        if style == "p":
            return need + step * min(lines, 3)
        need += step * (lines + (0.4 if k else 0))
    return need


def _continuation(text: ReportText):
    """A following page: the title small at the top."""
    fig = plt.figure(figsize=A4)
    fig.text(0.06, 0.955, text.title, fontsize=10, color="#333333", parse_math=False)
    return fig


@dataclass(frozen=True)
class TableCardText:
    """A table card's labels, already translated."""

    gathering: str
    scan: str  # «Skann for å bli med som {name}»
    or_type: str  # «eller gå til {url} og skriv koden»
    wifi: str  # «Wi-Fi: ____» (the line is filled in by hand)
    demo_note: str | None


def table_cards(*, text: TableCardText, cards: list[tuple[str, str, str]]) -> bytes:
    """One A5-landscape page per municipality (name, code, join link): its name large, a QR
    code a phone reads from across the table, the code to type, and a blank Wi-Fi line."""
    import segno  # the console's QR codes come from the same library

    figures = []
    for name, code, url in cards:
        fig = plt.figure(figsize=(8.27, 5.83))  # A5 landscape
        fig.text(0.06, 0.88, name, fontsize=30, weight="bold", parse_math=False)
        fig.text(0.06, 0.81, text.gathering, fontsize=12, color="#333333", parse_math=False)
        qr = fig.add_axes([0.06, 0.12, 0.38, 0.6])
        qr.imshow([[0 if cell else 1 for cell in row] for row in
                   segno.make(url, error="m").matrix], cmap="gray", interpolation="nearest")
        qr.set_axis_off()
        qr.margins(0.08)
        fig.text(0.5, 0.62, text.scan, fontsize=13, parse_math=False, wrap=True)
        fig.text(0.5, 0.45, " ".join([code[:3], code[3:]]), fontsize=40, weight="bold",
                 family="monospace", parse_math=False)
        fig.text(0.5, 0.36, textwrap.fill(text.or_type, 40), fontsize=10, va="top",
                 parse_math=False)
        fig.text(0.5, 0.16, text.wifi + " " + "_" * 26, fontsize=12, parse_math=False)
        if text.demo_note:
            fig.text(0.06, 0.04, text.demo_note, fontsize=8, color="#8A3B00", parse_math=False)
        figures.append(fig)
    return _pdf(figures)


@dataclass(frozen=True)
class PosterText:
    """What a survey's A4 poster prints, already translated."""

    municipality: str
    title: str
    purpose: str  # why we ask, in one or two sentences
    scan: str  # «Skann koden med mobilen»
    or_go: str  # «eller gå til»
    privacy: str  # anonymous, in one line
    demo_note: str | None


def survey_poster(*, text: PosterText, url: str) -> bytes:
    """The poster as a one-page PDF."""
    return _pdf([poster_figure(text=text, url=url)])


def poster_figure(*, text: PosterText, url: str):
    """One A4 portrait page for a notice board or a classroom door: the municipality and the
    title large, why we ask, a QR code about 12 cm wide (a phone reads a QR code from up to
    about ten times its width: across a classroom door's corridor), the link to type and the privacy line."""
    import segno

    fig = plt.figure(figsize=A4)
    fig.text(0.08, 0.93, text.municipality, fontsize=16, color="#333333", parse_math=False)
    long = len(text.title) > 64  # two lines at 30 pt; a title of up to 200 in four at 18
    fig.text(0.08, 0.86, textwrap.fill(text.title, 55 if long else 32),
             fontsize=18 if long else 30, weight="bold", va="top", parse_math=False)
    fig.text(0.08, 0.74, textwrap.fill(text.purpose, 60), fontsize=14, va="top",
             linespacing=1.4, parse_math=False)
    qr = fig.add_axes([0.2, 0.24, 0.6, 0.4])
    qr.imshow([[0 if cell else 1 for cell in row] for row in segno.make(url, error="m").matrix],
              cmap="gray", interpolation="nearest")
    qr.set_axis_off()
    qr.margins(0.06)
    fig.text(0.5, 0.21, text.scan, fontsize=16, weight="bold", ha="center", parse_math=False)
    fig.text(0.5, 0.17, text.or_go, fontsize=11, ha="center", parse_math=False)
    fig.text(0.5, 0.14, url, fontsize=11, ha="center", family="monospace", parse_math=False)
    fig.text(0.08, 0.07, textwrap.fill(text.privacy, 90), fontsize=9, color="#333333",
             va="top", parse_math=False)
    if text.demo_note:
        fig.text(0.08, 0.03, text.demo_note, fontsize=8, color="#8A3B00", parse_math=False)
    return fig
