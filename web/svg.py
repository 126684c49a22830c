"""Pictures drawn on the server as SVG: a network (nodes linked to their pages, edges by weight) and a
bar chart (one bar per meeting, its values stacked). No script, no style attribute: colours come from
classes in static/style.css, and every text and attribute value is escaped by markupsafe.

Each picture is ``<svg role="img" aria-labelledby="...">`` with a ``<title>`` and a ``<desc>`` that says
in words what it shows; every node, edge and bar carries a ``<title>`` of its own (shown on hover)."""
from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import networkx as nx
from markupsafe import Markup, escape

#: The size of a network picture's viewBox, and the room kept free around it for labels.
NETWORK_SIZE = (720, 460)
MARGIN = 40
#: Node radius and edge width ranges (the smallest and largest in one picture).
RADIUS = (5.0, 14.0)
STROKE = (1.0, 7.0)
LABEL_LENGTH = 28
#: Node groups (communities) have this many colours in the stylesheet, then repeat.
GROUPS = 8


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its axis label, the page it links to, one value per series, a hover text."""

    label: str
    url: str | None
    values: tuple[int, ...]
    note: str


@dataclass(frozen=True)
class Series:
    """One stacked part of every bar: a CSS class suffix and its name in the legend."""

    key: str
    name: str


def layout(graph: nx.Graph, size: tuple[int, int] = NETWORK_SIZE, seed: int = 7,
           centre: str | None = None) -> dict[str, tuple[float, float]]:
    """Node positions inside the viewBox (MARGIN kept free): a force-directed layout started from a fixed
    seed over the nodes in sorted order, so the same graph is always drawn the same way; CENTRE, if given,
    stays in the middle."""
    nodes = sorted(graph.nodes)
    if not nodes:
        return {}
    centre = centre if centre in graph else None
    raw = _forces(nodes, [(a, b, d.get("weight", 1)) for a, b, d in graph.edges(data=True)], seed, centre)
    return _fit(raw, size, centre)


def _forces(nodes: list[str], edges: list[tuple[str, str, float]], seed: int, centre: str | None,
            iterations: int = 90) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold in the unit square, pure Python: every pair of nodes repels, every edge pulls
    its ends together (more the heavier it is), a weak pull to the middle keeps separate parts close."""
    rng = random.Random(seed)
    count = len(nodes)
    index = {n: i for i, n in enumerate(nodes)}
    # start on a circle round the middle (the centre, if any, in it), a little jitter to break symmetry
    ring = [n for n in nodes if n != centre]
    angle = {n: 2 * math.pi * i / max(len(ring), 1) for i, n in enumerate(ring)}
    xs = [0.5 if n == centre else 0.5 + 0.35 * math.cos(angle[n]) + rng.uniform(-0.03, 0.03) for n in nodes]
    ys = [0.5 if n == centre else 0.5 + 0.35 * math.sin(angle[n]) + rng.uniform(-0.03, 0.03) for n in nodes]
    k2 = 1.0 / count
    heaviest = max((w for _, _, w in edges), default=1) or 1
    springs = [(index[a], index[b], math.sqrt(count) * (0.5 + math.sqrt(w / heaviest))) for a, b, w in edges]
    moving = [i for i, n in enumerate(nodes) if n != centre]
    for step in range(iterations):
        heat = 0.1 * (1 - step / iterations) + 0.002
        fx, fy = [0.0] * count, [0.0] * count
        for i in range(count):
            xi, yi = xs[i], ys[i]
            for j in range(i + 1, count):
                dx, dy = xi - xs[j], yi - ys[j]
                d2 = dx * dx + dy * dy or 1e-6
                f = k2 / d2  # (k^2 / dist) along the unit vector (dx, dy) / dist
                fx[i] += dx * f
                fy[i] += dy * f
                fx[j] -= dx * f
                fy[j] -= dy * f
        for i, j, pull in springs:
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            f = math.hypot(dx, dy) * pull  # (dist^2 / k) along the unit vector, times the edge's strength
            fx[i] -= dx * f
            fy[i] -= dy * f
            fx[j] += dx * f
            fy[j] += dy * f
        for i in moving:
            gx, gy = fx[i] + (0.5 - xs[i]) * 0.5, fy[i] + (0.5 - ys[i]) * 0.5
            length = math.hypot(gx, gy) or 1e-9
            move = min(length, heat) / length
            xs[i] += gx * move
            ys[i] += gy * move
    return {n: (xs[i], ys[i]) for i, n in enumerate(nodes)}


def _fit(raw: dict[str, tuple[float, float]], size: tuple[int, int], centre: str | None) -> dict[str, tuple[float, float]]:
    """Positions scaled into the box; around CENTRE symmetrically so it lands in the middle."""
    width, height = size
    xs, ys = [x for x, _ in raw.values()], [y for _, y in raw.values()]
    mid_x, mid_y = raw[centre] if centre else ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    reach_x = max((abs(x - mid_x) for x, _ in raw.values()), default=0) or 1.0
    reach_y = max((abs(y - mid_y) for _, y in raw.values()), default=0) or 1.0
    half_w, half_h = width / 2 - MARGIN, height / 2 - MARGIN
    return {n: (round(width / 2 + (x - mid_x) / reach_x * half_w, 1), round(height / 2 + (y - mid_y) / reach_y * half_h, 1))
            for n, (x, y) in raw.items()}


def _scale(value: float, low: float, high: float, out: tuple[float, float]) -> float:
    """VALUE in [LOW, HIGH] mapped onto OUT (the middle of OUT when all values are equal)."""
    if high <= low:
        return round((out[0] + out[1]) / 2, 1)
    return round(out[0] + (value - low) / (high - low) * (out[1] - out[0]), 1)


def _short(text: str, length: int = LABEL_LENGTH) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def _plural(count: int, unit: tuple[str, str]) -> str:
    return f"{count} {unit[0] if count == 1 else unit[1]}"


def _open_svg(ident: str, size: tuple[int, int], title: str, desc: str, kind: str) -> Markup:
    return Markup('<svg xmlns="http://www.w3.org/2000/svg" class="picture {kind}" viewBox="0 0 {w} {h}" '
                  'role="img" aria-labelledby="{id}-title {id}-desc">'
                  '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>').format(
        kind=kind, w=size[0], h=size[1], id=ident, title=title, desc=desc)


def network_svg(graph: nx.Graph, *, ident: str, title: str, desc: str, url_of: Callable[[str], str | None],
                unit: tuple[str, str] = ("shared meeting", "shared meetings"), centre: str | None = None,
                size: tuple[int, int] = NETWORK_SIZE,
                positions: dict[str, tuple[float, float]] | None = None) -> Markup:
    """GRAPH as an SVG picture: nodes (attrs ``label``, ``kind``, optionally ``group``, a number) as
    labelled circles linking to ``url_of(node)``, sized by weighted degree; edges as lines as wide as
    their ``weight`` (counted in UNIT, singular and plural); CENTRE, if given, in the middle and marked.
    POSITIONS (from :func:`layout`) saves laying the graph out again."""
    positions = positions if positions is not None else layout(graph, size, centre=centre)
    weights = [d.get("weight", 1) for _, _, d in graph.edges(data=True)]
    strength = dict(graph.degree(weight="weight"))
    parts = [_open_svg(ident, size, title, desc, "network"), Markup('<g class="edges">')]
    low_w, high_w = min(weights, default=1), max(weights, default=1)
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (e[2].get("weight", 1), sorted(e[:2]))):
        (x1, y1), (x2, y2) = positions[a], positions[b]
        weight = data.get("weight", 1)
        label = escape(f"{_label(graph, a)} – {_label(graph, b)}: {_plural(weight, unit)}")
        width = _scale(weight, low_w, high_w, STROKE)
        # numbers computed here and escaped text only (f-strings: many edges, and Markup.format is slow)
        parts.append(Markup(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                            f'stroke-width="{width:.1f}"><title>{label}</title></line>'))
    parts.append(Markup('</g><g class="nodes">'))
    low, high = min(strength.values(), default=0), max(strength.values(), default=0)
    for node in sorted(graph.nodes, key=lambda n: (n == centre, strength[n], n)):
        parts.append(_node(graph, node, positions[node], _scale(strength[node], low, high, RADIUS), url_of(node),
                           node == centre, f"{_label(graph, node)}: {_plural(strength[node], unit)}",
                           size[0]))
    parts.append(Markup("</g></svg>"))
    return Markup("").join(parts)


def _label(graph: nx.Graph, node: str) -> str:
    return str(graph.nodes[node].get("label") or node)


def _node(graph: nx.Graph, node: str, at: tuple[float, float], radius: float, url: str | None, centre: bool,
          note: str, width: int) -> Markup:
    """One node: a circle and its label, inside a link to its page when it has one."""
    x, y = at
    kind = graph.nodes[node].get("kind", "thing")
    group = graph.nodes[node].get("group")
    anchor, dx = ("end", -radius - 3) if x > width * 0.75 else ("start", radius + 3)
    shape = Markup('<circle cx="{}" cy="{}" r="{}"></circle><text x="{}" y="{}" text-anchor="{}">{}</text>'
                   '<title>{}</title>').format(x, y, radius, round(x + dx, 1), round(y + 4, 1), anchor,
                                               _short(_label(graph, node)), note)
    classes = f"node kind-{kind}" + (f" group-{group % GROUPS}" if group is not None else "") + (" centre" if centre else "")
    if url:
        return Markup('<a class="{}" href="{}">{}</a>').format(classes, url, shape)
    return Markup('<g class="{}">{}</g>').format(classes, shape)


#: The size of a bar chart's viewBox and its plot area's margins (left, top, right, bottom).
CHART_SIZE = (960, 280)
CHART_MARGINS = (44, 28, 12, 70)
MAX_X_LABELS = 14


def bar_chart_svg(bars: Sequence[Bar], series: Sequence[Series], *, ident: str, title: str, desc: str,
                  y_label: str, x_label: str, size: tuple[int, int] = CHART_SIZE) -> Markup:
    """BARS as a stacked bar chart: x axis in the given order (labels thinned to at most MAX_X_LABELS),
    y axis from 0 to a round maximum with its ticks; each bar a link to its page; a legend of SERIES."""
    left, top, right, bottom = CHART_MARGINS
    width, height = size
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _round_up(max((sum(b.values) for b in bars), default=0))
    slot = plot_w / max(len(bars), 1)
    bar_w = round(max(min(slot * 0.7, 48), 1.0), 1)
    parts = [_open_svg(ident, size, title, desc, "chart")]
    parts.append(_axes(left, top, plot_w, plot_h, peak, x_label, y_label))
    every = math.ceil(len(bars) / MAX_X_LABELS) if bars else 1
    for index, bar in enumerate(bars):
        x = round(left + slot * index + (slot - bar_w) / 2, 1)
        parts.append(_bar(bar, series, x, bar_w, top + plot_h, plot_h / peak))
        if index % every == 0:
            cx, cy = round(x + bar_w / 2, 1), top + plot_h + 12
            parts.append(Markup('<text class="x-label" x="{}" y="{}" text-anchor="end" '
                                'transform="rotate(-40 {} {})">{}</text>').format(cx, cy, cx, cy, _short(bar.label, 14)))
    parts.append(_legend(series, left, 4))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _round_up(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 ... at least VALUE (and at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _axes(left: float, top: float, plot_w: float, plot_h: float, peak: int, x_label: str, y_label: str) -> Markup:
    base = top + plot_h
    parts = [Markup('<g class="axes"><line x1="{}" y1="{}" x2="{}" y2="{}"></line>'
                    '<line x1="{}" y1="{}" x2="{}" y2="{}"></line>').format(
        left, top, left, base, left, base, left + plot_w, base)]
    step = max(peak // 5, 1)
    for tick in range(0, peak + 1, step):
        y = round(base - tick / peak * plot_h, 1)
        parts.append(Markup('<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
                            '<text class="y-tick" x="{}" y="{}" text-anchor="end">{}</text>').format(
            left, y, left + plot_w, y, left - 6, round(y + 4, 1), tick))
    parts.append(Markup('<text class="axis-label" x="{}" y="{}" text-anchor="middle" transform="rotate(-90 {} {})">{}'
                        '</text><text class="axis-label" x="{}" y="{}" text-anchor="end">{}</text></g>').format(
        12, top + plot_h / 2, 12, top + plot_h / 2, y_label, left + plot_w, top + plot_h + 64, x_label))
    return Markup("").join(parts)


def _bar(bar: Bar, series: Sequence[Series], x: float, width: float, base: float, per_unit: float) -> Markup:
    """One bar: its values stacked bottom-up, the whole a link to its page with its hover text. Written
    with f-strings, every text escaped (the same as Markup.format, which took a topic's 223 bars 25 ms)."""
    segments = []
    y = base
    for part, value in zip(series, bar.values):
        if value <= 0:
            continue
        h = value * per_unit
        y -= h
        segments.append(f'<rect class="series-{escape(part.key)}" x="{x}" y="{round(y, 1)}" width="{width}" '
                        f'height="{round(h, 1)}"></rect>')
    body = "".join(segments) + f"<title>{escape(bar.note)}</title>"
    if bar.url:
        return Markup(f'<a class="bar" href="{escape(bar.url)}">{body}</a>')
    return Markup(f'<g class="bar">{body}</g>')


def _legend(series: Sequence[Series], x: float, y: float) -> Markup:
    parts = [Markup('<g class="legend">')]
    for part in series:
        parts.append(Markup('<rect class="series-{}" x="{}" y="{}" width="12" height="12"></rect>'
                            '<text x="{}" y="{}">{}</text>').format(part.key, x, y, x + 16, y + 11, part.name))
        x += 24 + 8 * len(part.name)
    parts.append(Markup("</g>"))
    return Markup("").join(parts)

