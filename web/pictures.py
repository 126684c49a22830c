"""The pictures on the pages as data: a network (around one thing, or the best connected part of the
store) and a topic's rise and fall over meetings. Each is a plain dict that goes into the page's .json
twin as it is; the templates draw it with :func:`draw_network` and :func:`draw_trend` (web/svg.py)."""
from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
from markupsafe import Markup

from graph.analysis import TrendPoint, strongest
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


def trend(points: list[TrendPoint], *, name: str) -> dict:
    """A topic's rise and fall as picture data: one bar per meeting of the boards that discussed it,
    in date order, with its statements, decisions and action points on the topic."""
    meetings = [{"meeting": ref(p.meeting, f"{p.date} {p.board}"), "date": p.date, "board": p.board,
                 "statements": p.statements, "decisions": p.decisions, "actions": p.actions} for p in points]
    return {"id": "trend", "title": f"{name}: statements, decisions and action points per meeting",
            "description": trend_description(points, name), "meetings": meetings}


def trend_description(points: list[TrendPoint], name: str) -> str:
    """The chart in words: how many meetings discussed it, when first and last, and the peak."""
    active = [p for p in points if p.statements + p.decisions + p.actions]
    if not active:
        return f"Nothing on {name} has been recorded in the minutes loaded so far."
    peak = max(active, key=lambda p: (p.statements + p.decisions + p.actions, p.date))
    boards = listed(sorted({p.board for p in points}))
    share = f"{name} was discussed at {len(active)} of {plural(len(points), ('meeting', 'meetings'))} of {boards}"
    if len(active) == 1:
        return f"{share}, on {peak.date}: {_facts(peak)}."
    return (f"{share}, first on {active[0].date} and last on {active[-1].date}; most on {peak.date} ({peak.board}): "
            f"{_facts(peak)}.")


def _facts(point: TrendPoint) -> str:
    return ", ".join((plural(point.statements, ("statement", "statements")),
                      plural(point.decisions, ("decision", "decisions")),
                      plural(point.actions, ("action point", "action points"))))


def draw_trend(picture: dict) -> Markup:
    """The SVG bar chart of a trend picture made by :func:`trend`."""
    bars = [Bar(m["date"], m["meeting"]["url"], (m["statements"], m["decisions"], m["actions"]),
                f"{m['date']} {m['board']}: {_facts(_point(m))}") for m in picture["meetings"]]
    return bar_chart_svg(bars, TREND_SERIES, ident=picture["id"], title=picture["title"],
                         desc=picture["description"], y_label="on the topic", x_label="meetings, in date order")


def _point(row: dict) -> TrendPoint:
    return TrendPoint(meeting=row["meeting"]["iri"], date=row["date"], board=row["board"],
                      statements=row["statements"], decisions=row["decisions"], actions=row["actions"])
