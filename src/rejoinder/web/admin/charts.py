"""Charts drawn on the server as inline SVG: no script, no CDN, no third-party request.

Two shapes are enough for the statistics page: stacked bars (comments per day by decision; the
mistakes moderators found) and a line with gaps (precision, undefined on days nothing was held).
Colours come from CSS classes, so the stylesheet can restyle them and CSP needs no inline style.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 720
HEIGHT = 220
LEFT = 40
RIGHT = 16  # room for the last day's label
BOTTOM = 24
TOP = 10


@dataclass(frozen=True, slots=True)
class Series:
    name: str  # shown in the legend and the tooltips
    css: str  # class of the bars or line, e.g. "c-ham"
    values: Sequence[float | None]


def stacked_bars(title: str, labels: Sequence[str], series: Sequence[Series]) -> Markup:
    """One bar per label, the series stacked bottom to top; each segment has a <title> tooltip."""
    totals = [sum((s.values[i] or 0) for s in series) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    plot_h = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    bar_w = max(1.0, step * 0.8)
    parts = [_frame(title, top, lambda v: f"{v:g}")]
    for i, label in enumerate(labels):
        x = LEFT + i * step + (step - bar_w) / 2
        y = float(HEIGHT - BOTTOM)
        for s in series:
            value = s.values[i] or 0
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            tip = escape(f"{label}: {value:g} {s.name}")
            parts.append(
                f'<rect class="{s.css}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
                f"<title>{tip}</title></rect>"
            )
    parts += _x_labels(labels, step)
    return _svg(title, parts, series)


def line(title: str, labels: Sequence[str], series: Sequence[Series], as_percent: bool = True) -> Markup:
    """A line per series over 0..1 (or 0..max); a missing value breaks the line."""
    top = 1.0 if as_percent else _nice_max(max((v or 0 for s in series for v in s.values), default=0))
    plot_h = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    fmt: Callable[[float], str] = (lambda v: f"{v * 100:.0f}%") if as_percent else (lambda v: f"{v:g}")
    parts = [_frame(title, top, fmt)]
    for s in series:
        runs: list[list[str]] = [[]]
        for i, value in enumerate(s.values):
            if value is None:
                runs.append([])
                continue
            x = LEFT + i * step + step / 2
            y = HEIGHT - BOTTOM - plot_h * value / top
            runs[-1].append(f"{x:.1f},{y:.1f}")
            tip = escape(f"{labels[i]}: {fmt(value)} {s.name}")
            parts.append(
                f'<circle class="{s.css}" cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{tip}</title></circle>'
            )
        for run in runs:
            if len(run) > 1:
                parts.append(f'<polyline class="{s.css} line" points="{" ".join(run)}"/>')
    parts += _x_labels(labels, step)
    return _svg(title, parts, series)


def _svg(title: str, parts: list[str], series: Sequence[Series]) -> Markup:
    legend = "".join(
        f'<li><svg width="12" height="12" aria-hidden="true"><rect class="{s.css}" width="12" height="12"/>'
        f"</svg> {escape(s.name)}</li>"
        for s in series
    )
    body = "".join(parts)
    return Markup(  # noqa: S704 - every piece of text above went through escape()
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">{body}</svg>'
        f'<ul class="legend">{legend}</ul></figure>'
    )


def _frame(title: str, top: float, fmt: Callable[[float], str]) -> str:
    plot_h = HEIGHT - BOTTOM - TOP
    lines = []
    for k in range(5):
        value = top * k / 4
        y = HEIGHT - BOTTOM - plot_h * k / 4
        text = fmt(value)
        lines.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{escape(text)}</text>'
        )
    return f"<title>{escape(title)}</title>" + "".join(lines)


def _x_labels(labels: Sequence[str], step: float) -> list[str]:
    every = max(1, len(labels) // 8)
    out = []
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            x = LEFT + i * step + step / 2
            text = escape(label[5:])  # "11-28" of "2026-11-28"
            out.append(f'<text class="axis" x="{x:.1f}" y="{HEIGHT - 6}" text-anchor="middle">{text}</text>')
    return out


def _nice_max(value: float) -> float:
    """A round upper bound for the axis: 1, 2, 5, 10, 20, 50..."""
    if value <= 0:
        return 1.0
    scale = 1.0
    while True:
        for m in (1, 2, 5):
            if m * scale >= value:
                return m * scale
        scale *= 10
