"""The SVG drawings on hand-made graphs and bars: well-formed, accessible, deterministic and escaped."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from markupsafe import Markup

from web import svg
from web.svg import MARGIN, NETWORK_SIZE, Bar, Series, bar_chart_svg, layout, network_svg

SVG = "{http://www.w3.org/2000/svg}"
SERIES = (Series("statements", "Statements"), Series("decisions", "Decisions"), Series("actions", "Actions"))


def people() -> nx.Graph:
    graph = nx.Graph()
    for node, label in (("p/nick", "Nick Halliday"), ("p/tom", "Tom Davies"), ("p/ann", "Ann <script>alert(1)</script>"),
                        ("o/co", "Cabinet Office & Co")):
        graph.add_node(node, label=label, kind="organisation" if node.startswith("o/") else "person")
    graph.add_edge("p/nick", "p/tom", weight=3)
    graph.add_edge("p/nick", "p/ann", weight=1)
    graph.add_edge("p/tom", "o/co", weight=2)
    return graph


def parsed(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def draw(graph: nx.Graph, **extra) -> ET.Element:
    return parsed(network_svg(graph, ident="net", title="Who sits with whom", desc="Nick <sits> with Tom",
                              url_of=lambda n: "/" + n, **extra))


def test_network_is_an_accessible_image():
    svg = draw(people())
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "net-title net-desc"
    assert svg.find(SVG + "title").get("id") == "net-title" and svg.find(SVG + "title").text == "Who sits with whom"
    assert svg.find(SVG + "desc").text == "Nick <sits> with Tom"


def test_network_nodes_link_to_their_pages_and_edges_carry_their_weight():
    svg = draw(people())
    links = {a.get("href"): a for a in svg.iter(SVG + "a")}
    assert set(links) == {"/p/nick", "/p/tom", "/p/ann", "/o/co"}
    assert links["/o/co"].get("class") == "node kind-organisation"
    assert links["/p/tom"].find(SVG + "title").text == "Tom Davies: 5 shared meetings"
    lines = {line.find(SVG + "title").text: float(line.get("stroke-width")) for line in svg.iter(SVG + "line")}
    assert lines["Nick Halliday – Tom Davies: 3 shared meetings"] > lines["Tom Davies – Cabinet Office & Co: 2 shared meetings"]
    assert lines["Nick Halliday – Ann <script>alert(1)</script>: 1 shared meeting"] == 1.0
    radius = {a.get("href"): float(a.find(SVG + "circle").get("r")) for a in svg.iter(SVG + "a")}
    assert radius["/p/tom"] == max(radius.values()) and radius["/p/ann"] == min(radius.values())


def test_network_without_a_page_is_a_group_and_the_centre_is_marked():
    svg = parsed(network_svg(people(), ident="n", title="t", desc="d", centre="p/nick",
                             url_of=lambda n: None if n == "o/co" else "/" + n))
    groups = [g for g in svg.iter(SVG + "g") if (g.get("class") or "").startswith("node ")]
    assert [g.find(SVG + "text").text for g in groups] == ["Cabinet Office & Co"]
    centre = [a for a in svg.iter(SVG + "a") if "centre" in a.get("class")]
    assert [a.get("href") for a in centre] == ["/p/nick"]


def test_text_is_escaped():
    markup = str(network_svg(people(), ident="n", title="<t>", desc="<d>", url_of=lambda n: '/x?"y"'))
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "<t>" not in markup
    assert 'href="/x?&#34;y&#34;"' in markup
    chart = str(bar_chart_svg([Bar("<b>", '/m"', (1, 0, 0), "<i>")], SERIES, ident="c", title="t", desc="d",
                              y_label="<y>", x_label="<x>"))
    assert "<b>" not in chart and "<i>" not in chart and "<y>" not in chart and "&lt;i&gt;" in chart


def test_layout_is_deterministic_inside_the_box_and_centred():
    graph = people()
    first = layout(graph, centre="p/nick")
    assert first == layout(graph.copy(), centre="p/nick")
    width, height = NETWORK_SIZE
    assert first["p/nick"] == (width / 2, height / 2)
    for x, y in first.values():
        assert MARGIN <= x <= width - MARGIN and MARGIN <= y <= height - MARGIN
    assert len(set(first.values())) == 4  # no two nodes on top of each other


def test_degenerate_graphs():
    assert layout(nx.Graph()) == {}
    lone = nx.Graph()
    lone.add_node("a", label="A", kind="topic")
    assert layout(lone) == {"a": (NETWORK_SIZE[0] / 2, NETWORK_SIZE[1] / 2)}
    assert draw(lone).find(f".//{SVG}circle") is not None
    assert draw(nx.Graph()).find(f".//{SVG}circle") is None


def test_bar_chart_stacks_series_and_links_bars():
    bars = [Bar("2017-06-29", "/meeting/a", (3, 1, 0), "29 June: 3 statements"),
            Bar("2017-09-14", None, (0, 0, 0), "14 September: nothing"),
            Bar("2017-10-12", "/meeting/c", (2, 0, 2), "12 October")]
    svg = parsed(bar_chart_svg(bars, SERIES, ident="trend", title="GDPR over meetings", desc="Raised at 2 of 3",
                               y_label="facts", x_label="meetings"))
    assert svg.get("role") == "img" and svg.find(SVG + "desc").text == "Raised at 2 of 3"
    links = [a for a in svg.iter(SVG + "a")]
    assert [a.get("href") for a in links] == ["/meeting/a", "/meeting/c"]
    first = {r.get("class"): float(r.get("height")) for r in links[0].iter(SVG + "rect")}
    assert set(first) == {"series-statements", "series-decisions"}
    assert first["series-statements"] == pytest.approx(3 * first["series-decisions"], abs=0.2)
    assert links[0].find(SVG + "title").text == "29 June: 3 statements"
    labels = [t.text for t in svg.iter(SVG + "text") if t.get("class") == "x-label"]
    assert labels == ["2017-06-29", "2017-09-14", "2017-10-12"]
    ticks = [t.text for t in svg.iter(SVG + "text") if t.get("class") == "y-tick"]
    assert ticks[0] == "0" and ticks[-1] == "5"  # 4 facts at most, rounded up
    legend = [t.text for t in svg.find(f"{SVG}g[@class='legend']").iter(SVG + "text")]
    assert legend == ["Statements", "Decisions", "Actions"]


def test_bar_chart_thins_labels_on_a_long_axis():
    bars = [Bar(f"2020-01-{n:02d}", None, (n % 3, 0, 0), "") for n in range(1, 31)]
    svg = parsed(bar_chart_svg(bars, SERIES, ident="c", title="t", desc="d", y_label="y", x_label="x"))
    labels = [t.text for t in svg.iter(SVG + "text") if t.get("class") == "x-label"]
    assert 10 <= len(labels) <= 14 and labels[0] == "2020-01-01"
    assert len([g for g in svg.iter(SVG + "g") if g.get("class") == "bar"]) == 30


def test_empty_chart_is_still_well_formed():
    svg = parsed(bar_chart_svg([], SERIES, ident="c", title="t", desc="nothing yet", y_label="y", x_label="x"))
    assert svg.find(SVG + "desc").text == "nothing yet"


def _bar_as_before(bar: Bar, series, x: float, width: float, base: float, per_unit: float) -> Markup:
    """_bar as it was written with Markup.format (before the f-strings): the reference."""
    segments, y = [], base
    for part, value in zip(series, bar.values):
        if value <= 0:
            continue
        h = value * per_unit
        y -= h
        segments.append(Markup('<rect class="series-{}" x="{}" y="{}" width="{}" height="{}"></rect>').format(
            part.key, x, round(y, 1), width, round(h, 1)))
    body = Markup("").join(segments) + Markup("<title>{}</title>").format(bar.note)
    if bar.url:
        return Markup('<a class="bar" href="{}">{}</a>').format(bar.url, body)
    return Markup('<g class="bar">{}</g>').format(body)


def test_bars_are_drawn_as_markupsafe_format_drew_them():
    series = [Series('a"&<', "A"), *SERIES]
    bars = [Bar("x", '/m?a="1"&b=<2>', (3, 0, 2, 1), "<i>'n' & \"q\"</i>"), Bar("y", None, (0, 1, 0, 7), "plain"),
            Bar("z", "", (0, 0, 0, 0), "")]
    for bar in bars:
        for x, width, base, per_unit in ((10.0, 4.3, 182, 1.7), (44.55, 1.0, 182.0, 0.1234567), (0, 48, 0, 3)):
            assert svg._bar(bar, series, x, width, base, per_unit) == _bar_as_before(bar, series, x, width, base, per_unit)
