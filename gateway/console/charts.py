"""Charts as SVG markup rendered on the server: no JavaScript, no external assets.

Each chart is an image with a title and a description for screen readers (`role="img"`,
`aria-labelledby`); the page always shows the same numbers in a table next to it, which is the
text alternative WCAG 1.1.1 asks for. Colours reach at least 3:1 against white (WCAG 1.4.11) and
never carry meaning alone: bars are labelled with their values, series get distinct markers and
dash patterns and a legend in words. Colours are presentation attributes, not `style=`, so the
console's Content-Security-Policy can forbid inline styles.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

# Dark blue, dark orange, dark green, purple, dark red: ≥ 4.5:1 on white.
SERIES_COLOURS = ("#1f4e8c", "#a34800", "#2b6b2b", "#6a3d9a", "#a4161a")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")
MARKERS = ("circle", "square", "diamond", "triangle", "cross")
BUDGET_COLOUR = "#1a1a1a"
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    # Optional reference (a budget): drawn as a vertical rule with its own label.
    limit: float | None = None


def german_number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def bar_chart(title: str, description: str, bars: list[Bar], unit: str, decimals: int = 2) -> Markup:
    """Horizontal bars, one per label; a budget appears as a black rule with "Budget" beside it."""
    chart_id = f"chart-{next(_ids)}"
    label_width, width, row, top = 150, 640, 34, 10
    plot = width - label_width - 190  # room for "1.234,56 € von 5.000,00" right of the longest bar
    height = top + row * max(len(bars), 1) + 24
    largest = max([b.value for b in bars] + [b.limit or 0 for b in bars] + [1e-9])
    parts = [_open(chart_id, title, description, width, height)]
    for i, bar in enumerate(bars):
        y = top + i * row
        length = plot * bar.value / largest
        parts.append(f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end" class="chart-label">'
                     f"{escape(_shorten(bar.label, 22))}</text>")
        parts.append(f'<rect x="{label_width}" y="{y + 5}" width="{max(length, 1):.1f}" height="18" '
                     f'fill="{SERIES_COLOURS[0]}"/>')
        value_text = f"{german_number(bar.value, decimals)} {unit}".strip()
        text_x = label_width + max(length, 1) + 6
        if bar.limit:
            value_text += f" von {german_number(bar.limit, decimals)}"
            x = label_width + plot * bar.limit / largest
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1}" y2="{y + 27}" stroke="{BUDGET_COLOUR}" '
                         f'stroke-width="3"/>')
            text_x = max(text_x, x + 6)  # never written across the budget rule
        parts.append(f'<text x="{text_x:.1f}" y="{y + 18}" class="chart-value">{escape(value_text)}</text>')
    if any(b.limit for b in bars):
        parts.append(f'<line x1="{label_width}" x2="{label_width + 16}" y1="{height - 8}" y2="{height - 8}" '
                     f'stroke="{BUDGET_COLOUR}" stroke-width="3"/>'
                     f'<text x="{label_width + 22}" y="{height - 4}" class="chart-label">Budget (senkrechter Strich)'
                     "</text>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text inside went through escape()


def line_chart(title: str, description: str, x_labels: list[str], series: dict[str, list[float]],
               unit: str, decimals: int = 0) -> Markup:
    """One line per series over shared x labels (days); every fifth label is printed."""
    chart_id = f"chart-{next(_ids)}"
    width, height, left, right, top, bottom = 640, 260, 70, 16, 12, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    largest = max([v for values in series.values() for v in values] + [1e-9])
    n = max(len(x_labels), 2)
    parts = [_open(chart_id, title, description, width, height)]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#767676" '
                     f'stroke-width="{1 if fraction else 1.5}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="chart-label">'
                     f"{escape(german_number(largest * fraction, decimals))}</text>")
    for i, label in enumerate(x_labels):
        if i % 5 == 0 or i == len(x_labels) - 1:
            x = left + plot_w * i / (n - 1)
            parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" class="chart-label">'
                         f"{escape(label)}</text>")
    for s, (name, values) in enumerate(series.items()):
        colour, dash, marker = (SERIES_COLOURS[s % 5], DASHES[s % 5], MARKERS[s % 5])
        points = [(left + plot_w * i / (n - 1), top + plot_h * (1 - v / largest)) for i, v in enumerate(values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        parts.extend(_marker(marker, x, y, colour) for x, y in points)
        legend_y = height - 30 + 14 * (s // 3)
        legend_x = left + (s % 3) * 190
        parts.append(f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{legend_y}" y2="{legend_y}" stroke="{colour}" '
                     f'stroke-width="2"{dash_attr}/>' + _marker(marker, legend_x + 12, legend_y, colour))
        parts.append(f'<text x="{legend_x + 30}" y="{legend_y + 4}" class="chart-label">'
                     f"{escape(_shorten(name, 24))} ({escape(unit)})</text>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text inside went through escape()


def _open(chart_id: str, title: str, description: str, width: int, height: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" aria-labelledby="{chart_id}-t {chart_id}-d">'
            f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>')


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="{colour}"/>'
    if kind == "diamond":
        return f'<polygon points="{x:.1f},{y - 4:.1f} {x + 4:.1f},{y:.1f} {x:.1f},{y + 4:.1f} {x - 4:.1f},{y:.1f}" ' \
               f'fill="{colour}"/>'
    if kind == "triangle":
        return (f'<polygon points="{x:.1f},{y - 4:.1f} {x + 4:.1f},{y + 3:.1f} {x - 4:.1f},{y + 3:.1f}" '
                f'fill="{colour}"/>')
    if kind == "cross":
        return (f'<path d="M{x - 3:.1f},{y - 3:.1f}L{x + 3:.1f},{y + 3:.1f}M{x - 3:.1f},{y + 3:.1f}L{x + 3:.1f},'
                f'{y - 3:.1f}" stroke="{colour}" stroke-width="2"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
