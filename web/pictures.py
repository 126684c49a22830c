"""The pictures on the pages as data: a network (around one thing, or the best connected part of the
store) and a topic's rise and fall month by month. Each is a plain dict that goes into the page's .json
twin as it is; the templates draw it with :func:`draw_network` and :func:`draw_trend` (web/svg.py)."""
from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import fields

import networkx as nx
from markupsafe import Markup

from graph.analysis import Trend, TrendMonth, strongest
from web.data import ref
from web.svg import Bar, Series, bar_chart_svg, layout, network_svg

#: How each network's edge weight is counted (singular, plural).
MEETINGS = ("shared meeting", "shared meetings")
TOGETHER = ("shared statement or meeting", "shared statements and meetings")
#: The most neighbours a picture around one thing shows.
NEIGHBOURS = 12
#: The stacked parts of a topic's bars.
TREND_SERIES = (Series("statements", "Statements"), Series("decisions", "Decisions"), Series("actions", "Action points"))
#: Numeric node and edge attributes copied into the picture's data as they are.
_COUNTS = ("meetings", "statements", "group")


def network(graph: nx.Graph, *, ident: str, title: str, description: str, unit: tuple[str, str],
            centre: str | None = None) -> dict:
    """GRAPH as picture data: nodes (reference, kind, weighted degree, counts, position in the
    viewBox), edges (source, target, weight and counts), and what the picture shows in words."""
    positions = layout(graph, centre=centre)
    strength = dict(graph.degree(weight="weight"))
    nodes = [{**ref(n, data.get("label")), "kind": data.get("kind"), "weight": strength[n],
              **{k: data[k] for k in _COUNTS if k in data}, "x": positions[n][0], "y": positions[n][1]}
             for n, data in graph.nodes(data=True)]
    edges = [{"source": a, "target": b, "weight": data.get("weight", 1),
              **{k: data[k] for k in _COUNTS if k in data}} for a, b, data in graph.edges(data=True)]
    return {"id": ident, "title": title, "description": description, "unit": list(unit), "centre": centre,
            "nodes": nodes, "edges": edges}


def links(graph: nx.Graph, centre: str) -> list[dict]:
    """CENTRE's links in GRAPH, heaviest first: the other node's reference, the weight and the edge's counts."""
    rows = [{"other": ref(other, graph.nodes[other].get("label")), "weight": data.get("weight", 1),
             **{k: data[k] for k in _COUNTS if k in data}} for other, data in graph[centre].items()]
    return sorted(rows, key=lambda r: (-r["weight"], r["other"]["name"], r["other"]["iri"]))


def around(graph: nx.Graph, centre: str, *, name: str, kind: str, ident: str, title: str, verb: str,
           others: tuple[str, str], unit: tuple[str, str], unit_short: tuple[str, str],
           limit: int = NEIGHBOURS) -> tuple[dict, list[dict]]:
    """The picture of CENTRE (called NAME) and its LIMIT strongest neighbours in GRAPH, described in
    words, and CENTRE's links (the table beside it). A centre with no links is drawn alone."""
    if centre not in graph:
        graph = nx.Graph()
        graph.add_node(centre, label=name, kind=kind)
    graph = strongest(graph, centre, limit)
    rows = links(graph, centre)
    return network(graph, ident=ident, title=title, unit=unit, centre=centre,
                   description=around_description(name, rows, verb, others, unit_short)), rows


def draw_network(picture: dict) -> Markup:
    """The SVG of a network picture made by :func:`network`."""
    graph = nx.Graph()
    for node in picture["nodes"]:
        graph.add_node(node["iri"], label=node["name"], kind=node["kind"], group=node.get("group"))
    for edge in picture["edges"]:
        graph.add_edge(edge["source"], edge["target"], weight=edge["weight"])
    urls = {n["iri"]: n["url"] for n in picture["nodes"]}
    return network_svg(graph, ident=picture["id"], title=picture["title"], desc=picture["description"],
                       url_of=urls.get, unit=tuple(picture["unit"]), centre=picture["centre"],
                       positions={n["iri"]: (n["x"], n["y"]) for n in picture["nodes"]})


def listed(items: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    items = list(items)
    return " and ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, unit: tuple[str, str] | Sequence[str]) -> str:
    return f"{count} {unit[0] if count == 1 else unit[1]}"


def around_description(name: str, rows: list[dict], verb: str, others: tuple[str, str], unit: tuple[str, str],
                       shown: int = 3) -> str:
    """"NAME VERB N OTHERS; most often with A (3 UNIT), B (2) and C (1)." for the centre's links ROWS."""
    if not rows:
        return f"{name} {verb} no {others[1]} in the minutes loaded so far."
    top = [f"{r['other']['name']} ({plural(r['weight'], unit)})" for r in rows[:shown]]
    return f"{name} {verb} {plural(len(rows), others)}; most often with {listed(top)}."


def trend(found: Trend, *, name: str) -> dict:
    """A topic's rise and fall as picture data: one bar per month from the first meeting loaded to the
    last, with the meetings held, those that discussed it, and its statements, decisions and action
    points there."""
    months = [{"month": m.month, "meetings": m.meetings, "discussed": m.discussed, "statements": m.statements,
               "decisions": m.decisions, "actions": m.actions} for m in found.months]
    return {"id": "trend", "title": f"{name}: statements, decisions and action points per month",
            "description": trend_description(found, name), "boards": list(found.boards), "months": months}


def month_name(month: str) -> str:
    """"2017-06" -> "June 2017"."""
    return f"{calendar.month_name[int(month[5:7])]} {month[:4]}"


def trend_description(found: Trend, name: str) -> str:
    """The chart in words: at how many of the meetings loaded it was discussed and by which boards, the
    first and last month, and the month with most facts on it."""
    active = [m for m in found.months if m.discussed or _total(m)]
    if not active:
        return f"Nothing on {name} has been recorded in the minutes loaded so far."
    peak = max(active, key=lambda m: (_total(m), m.month))
    held = sum(m.meetings for m in found.months)
    share = (f"{name} was discussed at {sum(m.discussed for m in found.months)} of the "
             f"{plural(held, ('meeting', 'meetings'))} loaded (by {listed(found.boards)})")
    if len(active) == 1:
        return f"{share}, in {month_name(peak.month)}: {_facts(peak)}."
    return (f"{share}, first in {month_name(active[0].month)} and last in {month_name(active[-1].month)}; "
            f"most in {month_name(peak.month)}: {_facts(peak)}.")


def _total(month: TrendMonth) -> int:
    return month.statements + month.decisions + month.actions


def _facts(month: TrendMonth) -> str:
    return ", ".join((plural(month.statements, ("statement", "statements")),
                      plural(month.decisions, ("decision", "decisions")),
                      plural(month.actions, ("action point", "action points"))))


def draw_trend(picture: dict) -> Markup:
    """The SVG bar chart of a trend picture made by :func:`trend`."""
    bars = [Bar(m["month"], None, (m["statements"], m["decisions"], m["actions"]), _note(_month(m)))
            for m in picture["months"]]
    return bar_chart_svg(bars, TREND_SERIES, ident=picture["id"], title=picture["title"],
                         desc=picture["description"], y_label="on the topic", x_label="months, in date order")


def _note(month: TrendMonth) -> str:
    """One bar's hover text."""
    return (f"{month_name(month.month)}: discussed at {month.discussed} of "
            f"{plural(month.meetings, ('meeting', 'meetings'))}; {_facts(month)}")


def _month(row: dict) -> TrendMonth:
    return TrendMonth(**{field.name: row[field.name] for field in fields(TrendMonth)})
