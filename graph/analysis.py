"""Networks over the knowledge graph (networkx) and the measures people ask of them.

Every network is built from named queries (graph/queries/network-*.rq) over the store, never from
a second copy of the data. Node ids are IRI strings; every node has ``label`` and ``kind``
("person", "organisation", "topic" or "board"); every edge has a ``weight`` > 0.

The ``around=`` forms read only one thing's neighbourhood: first the meetings (or facts) it is
part of, then only those, so they cost the same in a store of ten meetings or ten thousand. Counts
on the nodes of such a network (``meetings``, ``statements``) are counted within what was read.

The ``*_neighbourhood`` forms give the pictures on the pages: one thing, its strongest neighbours and
its links to them (a star: the links among the neighbours are left out, since counting them within
the centre's meetings or facts would need a counter per triple of things). From the load-time pair
counters (graph/aggregates.py) when the store keeps them, so a page reads a few hundred counters
however many meetings there are; without counters, from the ``around=`` form. Both give the same.

Betweenness is hop-based (unweighted: networkx would read weights as distances) and normalised;
on a network of more than :data:`EXACT_BETWEENNESS_LIMIT` nodes it is estimated from that many
sampled sources with a fixed seed, so the same store always gives the same numbers.
"""
from __future__ import annotations

import itertools
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
from rdflib.term import Identifier, Literal, URIRef

from graph.aggregates import group, has_aggregates, totals
from graph.queries import load_query, select_named
from graph.sparql_bind import with_values_of
from graph.store import GraphStore, SelectResult

__all__ = [
    "people_network", "organisation_network", "topic_network", "person_topic_network",
    "people_neighbourhood", "organisation_neighbourhood", "topic_neighbourhood", "NEIGHBOURS",
    "board_person_network", "board_labels", "bridge_network", "strongest", "Ranked", "rank", "Bridge", "board_bridges",
    "topic_communities", "TrendMonth", "Trend", "topic_trend", "FirstRaised", "first_raised",
    "betweenness", "EXACT_BETWEENNESS_LIMIT", "SEED", "CORE", "Overview", "whole_overview", "core_overview",
    "core_topics", "node_labels",
]

#: above this many nodes betweenness is estimated from this many sampled sources
EXACT_BETWEENNESS_LIMIT = 500
#: the seed of every random choice here (betweenness sampling, community detection)
SEED = 42
#: the most neighbours a ``*_neighbourhood`` picture keeps
NEIGHBOURS = 12

# --------------------------------------------------------------------------------------------
# reading the named queries


def _bound(name: str, variable: str, values: Sequence[Identifier], query: str | None = None) -> str:
    """Named query NAME (or QUERY) with ``VALUES ?VARIABLE { VALUES }`` first in its WHERE clause:
    Oxigraph then plans from those values, so only their neighbourhood is read."""
    return with_values_of(load_query(name) if query is None else query, variable, values)


def _select(store: GraphStore, name: str, variable: str | None = None,
            values: Iterable[Identifier] = ()) -> SelectResult:
    """The rows of named query NAME: all of them (from its counted twin while the store's aggregates are
    current: graph.queries.select_named), or with VARIABLE bound to each of VALUES."""
    if variable is None:
        return select_named(store, name)
    values = sorted(set(values))
    return store.select(_bound(name, variable, values)) if values else SelectResult([], [])


def _number(term: Identifier | None) -> int:
    return int(term.toPython()) if isinstance(term, Literal) else 0


def _labels(store: GraphStore, nodes: Iterable[str]) -> dict[str, str]:
    """The label of each of NODES (named query network-labels); a node without one is labelled by its IRI."""
    nodes = set(nodes)
    found = node_labels(store, nodes)
    return {n: found.get(n, n) for n in nodes}


#: the labels read from each read-only store (a snapshot, which never changes): node -> label or None
_KEPT_LABELS: weakref.WeakKeyDictionary[GraphStore, dict[str, str | None]] = weakref.WeakKeyDictionary()


def node_labels(store: GraphStore, nodes: Iterable[str]) -> dict[str, str]:
    """The label of each of NODES that has one (named query network-labels), kept for a read-only
    store: an organisation's label is the first of its copies in every document naming it (13
    organisations' 40,000 copies took 29 ms at 10,000 meetings)."""
    kept = _KEPT_LABELS.setdefault(store, {}) if store.read_only else {}
    nodes = list(dict.fromkeys(nodes))
    missing = [n for n in nodes if n not in kept]
    found = {str(r["node"]): str(r["label"]) for r in _select(store, "network-labels", "node", map(URIRef, missing))}
    kept.update({n: found.get(n) for n in missing})
    return {n: label for n in nodes if (label := kept[n]) is not None}


def _row_labels(rows: Iterable[Mapping[str, Identifier]], node: str, label: str) -> dict[str, str]:
    """The label of each NODE in ROWS (the first in code point order when rows disagree)."""
    labels: dict[str, str] = {}
    for row in rows:
        iri, text = str(row[node]), str(row[label])
        labels[iri] = min(labels.get(iri, text), text)
    return labels


def _co_membership(rows: Iterable[Mapping[str, Identifier]], group: str, member: str, labels: Mapping[str, str],
                   kind: str, counted: str) -> nx.Graph:
    """A network of MEMBERs linked by the GROUPs they share (weight = groups shared), each node with
    its label, KIND and COUNTED = the groups it is in."""
    members: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        members[str(row[group])].add(str(row[member]))
    sizes: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for present in members.values():
        sizes.update(present)
        pairs.update(itertools.combinations(sorted(present), 2))
    graph = nx.Graph()
    for iri in sorted(sizes, key=lambda i: (labels[i], i)):
        graph.add_node(iri, label=labels[iri], kind=kind, **{counted: sizes[iri]})
    for (a, b), shared in sorted(pairs.items()):
        graph.add_edge(a, b, weight=shared)
    return graph


def _around(store: GraphStore, name: str, centre: str, group: str, around: URIRef | None) -> list:
    """The rows of named query NAME: all of them, or only those of the groups CENTRE=AROUND is in."""
    if around is None:
        return _select(store, name).rows
    groups = _select(store, name, centre, [around]).values(group)
    return _select(store, name, group, groups).rows


# --------------------------------------------------------------------------------------------
# the networks


def people_network(store: GraphStore, around: URIRef | None = None) -> nx.Graph:
    """People linked by the meetings both attended (present, not apologies); weight = shared meetings,
    node attr ``meetings`` = meetings attended. ``around`` = a person: only that person's meetings are
    read, giving their neighbourhood."""
    rows = _around(store, "network-attendance", "person", "meeting", around)
    return _co_membership(rows, "meeting", "person", _row_labels(rows, "person", "name"), "person", "meetings")


def organisation_network(store: GraphStore, around: URIRef | None = None) -> nx.Graph:
    """Organisations linked by the meetings both were represented at (someone present on their
    behalf); weight = shared meetings, node attr ``meetings``. ``around`` = an organisation: only its
    meetings are read."""
    rows = _around(store, "network-representation", "organisation", "meeting", around)
    labels = _row_labels(rows, "organisation", "label")
    return _co_membership(rows, "meeting", "organisation", labels, "organisation", "meetings")


def topic_network(store: GraphStore, around: URIRef | None = None) -> nx.Graph:
    """Topics linked by co-occurrence. Edge attrs: ``statements`` = facts (statements, decisions,
    action points) tagged with both, ``meetings`` = meetings discussing both (dcterms:subject of the
    meeting, rolled up from its items and facts); ``weight`` = statements + meetings. Node attr
    ``statements`` = facts tagged with the topic. ``around`` = a topic: only the facts and meetings
    tagged with it are read."""
    rows = _around(store, "network-topic-tags", "topic", "context", around)
    labels = _labels(store, (str(r["topic"]) for r in rows))
    by_fact = _co_membership([r for r in rows if str(r["kind"]) == "fact"],
                             "context", "topic", labels, "topic", "statements")
    by_meeting = _co_membership([r for r in rows if str(r["kind"]) == "meeting"],
                                "context", "topic", labels, "topic", "meetings")
    graph = nx.Graph()
    for iri in sorted(labels, key=lambda i: (labels[i], i)):
        statements = by_fact.nodes[iri]["statements"] if iri in by_fact else 0
        graph.add_node(iri, label=labels[iri], kind="topic", statements=statements)
    for a, b in sorted({tuple(sorted(e)) for e in itertools.chain(by_fact.edges, by_meeting.edges)}):
        statements = by_fact.edges[a, b]["weight"] if by_fact.has_edge(a, b) else 0
        meetings = by_meeting.edges[a, b]["weight"] if by_meeting.has_edge(a, b) else 0
        graph.add_edge(a, b, statements=statements, meetings=meetings, weight=statements + meetings)
    return graph


def person_topic_network(store: GraphStore, around: URIRef | None = None) -> nx.Graph:
    """Who speaks on what: the bipartite graph person (``bipartite`` 0) -- topic (``bipartite`` 1),
    weight = the person's statements on the topic. ``around`` = a person or a topic: only its edges."""
    if around is None:
        rows = _select(store, "network-person-topics").rows
    else:
        rows = (_select(store, "network-person-topics", "person", [around]).rows
                + _select(store, "network-person-topics", "topic", [around]).rows)
    graph = nx.Graph()
    people = _row_labels(rows, "person", "name")
    topics = _labels(store, (str(r["topic"]) for r in rows))
    for nodes, kind, side in ((people, "person", 0), (topics, "topic", 1)):
        for iri in sorted(nodes, key=lambda i: (nodes[i], i)):
            graph.add_node(iri, label=nodes[iri], kind=kind, bipartite=side)
    for row in sorted(rows, key=lambda r: (str(r["person"]), str(r["topic"]))):
        graph.add_edge(str(row["person"]), str(row["topic"]), weight=_number(row["statements"]))
    return graph


def board_person_network(store: GraphStore) -> nx.Graph:
    """Who links which boards: board -- person, weight = meetings of that board the person attended.
    A board's label is its acronym, or its name when it has none."""
    rows = _select(store, "network-board-people").rows
    graph = nx.Graph()
    boards = {str(r["board"]): str(r.get("acronym") or r["boardName"]) for r in rows}
    people = {str(r["person"]): str(r["name"]) for r in rows}
    for nodes, kind in ((boards, "board"), (people, "person")):
        for iri in sorted(nodes, key=lambda i: (nodes[i], i)):
            graph.add_node(iri, label=nodes[iri], kind=kind)
    for row in sorted(rows, key=lambda r: (str(r["board"]), str(r["person"]))):
        graph.add_edge(str(row["board"]), str(row["person"]), weight=_number(row["meetings"]))
    return graph


def strongest(graph: nx.Graph, node: str, limit: int = 12) -> nx.Graph:
    """NODE, its LIMIT heaviest neighbours (ties by label) and the edges among them: a network small
    enough to draw, its nodes in that order (NODE first)."""
    neighbours = sorted(graph[node], key=lambda n: (-graph.edges[node, n].get("weight", 1),
                                                    graph.nodes[n].get("label", n), n))
    kept = [node, *neighbours[:limit]]
    place = {n: i for i, n in enumerate(kept)}
    shown = nx.Graph()
    shown.add_nodes_from((n, graph.nodes[n]) for n in kept)  # in this order: the same graph, the same picture
    links = (sorted((a, b), key=place.get) + [data] for a, b, data in graph.subgraph(kept).edges(data=True))
    shown.add_edges_from(sorted(links, key=lambda e: (place[e[0]], place[e[1]])))
    return shown


# --------------------------------------------------------------------------------------------
# one thing and its strongest neighbours, from the load-time counters


def _counters(store: GraphStore, kind: str, things: Iterable[str]) -> dict[tuple[str, str | None], int]:
    """The counters of KIND keyed by (thing, other) or (other, thing) -- or (thing, None) for one-part
    keys -- of THINGS. Read as plain values (rdflib terms for a person's 160 counters took a third of
    the time)."""
    groups = [group(kind, t) for t in sorted(set(things))]
    query = load_query("aggregate-pairs")  # agg:by1, then agg:by2: a UNION or a bound ?by made Oxigraph read every counter
    rows = [row for by in ("agg:by1", "agg:by2") for row in
            (store.select_plain(_bound("", "group", groups, query.replace("agg:by1 ?group", f"{by} ?group")))
             if groups else [])]
    return {(str(r["k1"]), None if r.get("k2") is None else str(r["k2"])): int(r["count"]) for r in rows}


def _neighbourhood(store: GraphStore, centre: str, kinds: Sequence[str], single: str, kind: str, counted: str,
                   limit: int, parts: Callable[[Mapping[str, int]], dict]) -> nx.Graph:
    """CENTRE, its LIMIT strongest neighbours and its links to them from the pair counters of KINDS
    (weight = their sum, PARTS gives a link's attributes from its count per kind); node attr COUNTED =
    the SINGLE counter for the centre, the link's first kind's count for a neighbour."""
    per_kind = {k: {(b if a == centre else a): n for (a, b), n in _counters(store, k, [centre]).items()}
                for k in kinds}
    weights: Counter[str] = Counter()
    for counts in per_kind.values():
        weights.update(counts)
    total = _counters(store, single, [centre]).get((centre, None), 0)
    if not weights and not total:
        return nx.Graph()
    order = sorted(weights.values(), reverse=True)
    cut = order[limit - 1] if len(order) >= limit else 0
    labels = _labels(store, [centre, *(o for o, n in weights.items() if n >= cut)])  # only the ties at the cut
    others = sorted(labels.keys() - {centre}, key=lambda o: (-weights[o], labels[o], o))[:limit]
    graph = nx.Graph()
    for iri in [centre, *others]:  # in the order of :func:`strongest`
        count = total if iri == centre else per_kind[kinds[0]].get(iri, 0)
        graph.add_node(iri, label=labels[iri], kind=kind, **{counted: count})
    for other in others:
        graph.add_edge(centre, other, **parts({k: per_kind[k].get(other, 0) for k in kinds}))
    return graph


def people_neighbourhood(store: GraphStore, centre: URIRef, limit: int = NEIGHBOURS) -> nx.Graph:
    """CENTRE (a person), the LIMIT people sharing most meetings with them and its links to them (see
    the module docstring)."""
    if not has_aggregates(store):
        return _strongest_around(people_network(store, around=centre), str(centre), limit)
    return _neighbourhood(store, str(centre), ["person-pair"], "person-meetings", "person", "meetings", limit,
                          lambda counts: {"weight": counts["person-pair"]})


def organisation_neighbourhood(store: GraphStore, centre: URIRef, limit: int = NEIGHBOURS) -> nx.Graph:
    """CENTRE (an organisation) and the LIMIT organisations represented alongside it most."""
    if not has_aggregates(store):
        return _strongest_around(organisation_network(store, around=centre), str(centre), limit)
    return _neighbourhood(store, str(centre), ["organisation-pair"], "organisation-meetings", "organisation",
                          "meetings", limit, lambda counts: {"weight": counts["organisation-pair"]})


def topic_neighbourhood(store: GraphStore, centre: URIRef, limit: int = NEIGHBOURS) -> nx.Graph:
    """CENTRE (a topic) and the LIMIT topics discussed with it most (edge attrs as :func:`topic_network`)."""
    if not has_aggregates(store):
        return _strongest_around(topic_network(store, around=centre), str(centre), limit)
    return _neighbourhood(store, str(centre), ["topic-pair-facts", "topic-pair-meetings"], "topic-facts-all", "topic",
                          "statements", limit,
                          lambda c: {"statements": c["topic-pair-facts"], "meetings": c["topic-pair-meetings"],
                                     "weight": c["topic-pair-facts"] + c["topic-pair-meetings"]})


def _strongest_around(graph: nx.Graph, centre: str, limit: int) -> nx.Graph:
    """CENTRE's LIMIT strongest neighbours in GRAPH and its links to them (no links among them)."""
    if centre not in graph:
        return graph
    star = strongest(graph, centre, limit)
    star.remove_edges_from([e for e in list(star.edges) if centre not in e])
    return star


# --------------------------------------------------------------------------------------------
# the whole store's overview, bounded: the most connected part of each network


#: the most connected people and organisations (the most discussed topics) an overview keeps
CORE = 50


@dataclass(frozen=True)
class Overview:
    """A network's most connected part (``graph``: nodes with ``degree`` and ``weighted_degree`` in the
    whole network, the links among them) and the whole network's size."""

    graph: nx.Graph
    count: int
    connections: int


def whole_overview(graph: nx.Graph) -> Overview:
    """GRAPH as an :class:`Overview` of itself (a store without load-time counters)."""
    nx.set_node_attributes(graph, dict(graph.degree), "degree")
    nx.set_node_attributes(graph, dict(graph.degree(weight="weight")), "weighted_degree")
    return Overview(graph, graph.number_of_nodes(), graph.number_of_edges())


def _kind(store: GraphStore, kind: str) -> dict[str, int]:
    """Every counter of KIND keyed by one thing: thing -> count (read as plain values: rdflib terms
    for the 10,000 people's counters of one kind took 40% of the time)."""
    return {str(r["k1"]): int(r["count"]) for r in store.select_plain(_bound("aggregate-kind", "kind", [Literal(kind)]))}


def core_overview(store: GraphStore, kind: str, size: int = CORE) -> Overview:
    """The SIZE people or organisations (KIND) with most partners, from the load-time counters: one
    counter per node and one per pair among the SIZE, however many meetings there are."""
    partners, links = _kind(store, f"{kind}-partners"), _kind(store, f"{kind}-links")
    kept = sorted(partners, key=lambda n: (-partners[n], -links.get(n, 0), n))[:size]
    labels = _labels(store, kept)
    graph = nx.Graph()
    for node in sorted(kept, key=lambda n: (labels[n], n)):
        graph.add_node(node, label=labels[node], kind=kind, degree=partners[node], weighted_degree=links.get(node, 0))
    pairs = totals(store, [(f"{kind}-pair", a, b) for a, b in itertools.combinations(sorted(kept), 2)])
    graph.add_edges_from((a, b, {"weight": n}) for (_, a, b), n in sorted(pairs.items()))
    size_of = totals(store, [("distinct", f"{kind}-meetings"), ("distinct", f"{kind}-pair")])
    return Overview(graph, size_of.get(("distinct", f"{kind}-meetings"), 0), size_of.get(("distinct", f"{kind}-pair"), 0))


def core_topics(store: GraphStore, size: int = CORE) -> Overview:
    """The SIZE topics with most facts on them and their links (as :func:`topic_network`), from the
    load-time counters; ``count`` = the topics with any fact on them."""
    statements = _kind(store, "topic-facts-all")
    kept = sorted(statements, key=lambda t: (-statements[t], t))[:size]
    labels = _labels(store, kept)
    graph = nx.Graph()
    for topic in sorted(kept, key=lambda t: (labels[t], t)):
        graph.add_node(topic, label=labels[topic], kind="topic", statements=statements[topic])
    pairs = list(itertools.combinations(sorted(kept), 2))
    found = totals(store, [(k, a, b) for k in ("topic-pair-facts", "topic-pair-meetings") for a, b in pairs])
    for a, b in pairs:
        facts, meetings = found.get(("topic-pair-facts", a, b), 0), found.get(("topic-pair-meetings", a, b), 0)
        if facts or meetings:
            graph.add_edge(a, b, statements=facts, meetings=meetings, weight=facts + meetings)
    return Overview(graph, len(statements), graph.number_of_edges())


# --------------------------------------------------------------------------------------------
# measures


@dataclass(frozen=True)
class Ranked:
    """One node's place in a network: its degree, weighted degree and betweenness."""

    iri: str
    label: str
    kind: str
    degree: int
    weighted_degree: float
    betweenness: float


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised hop-based betweenness; estimated from EXACT_BETWEENNESS_LIMIT sources sampled with
    SEED when the network has more nodes than that."""
    sample = EXACT_BETWEENNESS_LIMIT if graph.number_of_nodes() > EXACT_BETWEENNESS_LIMIT else None
    return nx.betweenness_centrality(graph, k=sample, normalized=True, weight=None, seed=SEED)


def rank(graph: nx.Graph, top: int = 10, kind: str | None = None) -> list[Ranked]:
    """The TOP most central nodes (of KIND only, if given): by betweenness, then weighted degree,
    then degree, then label. A node's ``degree`` and ``weighted_degree`` attributes, where it has them
    (counted in the whole network a part was cut from, see :class:`Overview`), stand for its degrees."""
    central = betweenness(graph)
    ranked = [Ranked(iri=n, label=data["label"], kind=data["kind"], degree=data.get("degree", graph.degree(n)),
                     weighted_degree=data.get("weighted_degree", graph.degree(n, weight="weight")),
                     betweenness=central[n])
              for n, data in graph.nodes(data=True) if kind is None or data["kind"] == kind]
    ranked.sort(key=lambda r: (-r.betweenness, -r.weighted_degree, -r.degree, r.label, r.iri))
    return ranked[:top]


@dataclass(frozen=True)
class Bridge:
    """A person who attends meetings of several boards (board labels, sorted)."""

    iri: str
    label: str
    boards: tuple[str, ...]
    betweenness: float


def board_bridges(store: GraphStore, graph: nx.Graph | None = None) -> list[Bridge]:
    """The people attending meetings of two or more boards, with the boards' labels and their
    betweenness in the board-person network (or GRAPH, e.g. :func:`bridge_network`); most between
    first, then by name."""
    graph = board_person_network(store) if graph is None else graph
    central = betweenness(graph)
    bridges = [Bridge(iri=n, label=data["label"], boards=tuple(sorted(graph.nodes[b]["label"] for b in graph[n])),
                      betweenness=central[n])
               for n, data in graph.nodes(data=True) if data["kind"] == "person" and graph.degree(n) > 1]
    return sorted(bridges, key=lambda b: (-b.betweenness, b.label, b.iri))


def bridge_network(store: GraphStore) -> nx.Graph:
    """The boards and the people attending meetings of two or more of them (weight = meetings), from
    the load-time counters: one per person and one per (such person, board)."""
    bridges = sorted(p for p, boards in _kind(store, "person-boards").items() if boards > 1)
    meetings = _counters(store, "person-board", bridges)
    boards = board_labels(store, {URIRef(board) for _, board in meetings})
    people = _labels(store, bridges)
    graph = nx.Graph()
    for nodes, kind in ((boards, "board"), (people, "person")):
        for iri in sorted(nodes, key=lambda i: (nodes[i], i)):
            graph.add_node(iri, label=nodes[iri], kind=kind)
    graph.add_edges_from((board, person, {"weight": count}) for (person, board), count in sorted(meetings.items()))
    return graph


def topic_communities(graph: nx.Graph) -> list[list[str]]:
    """Communities of a (topic) network by weighted Louvain modularity, seeded so the same network
    always gives the same answer: largest first (ties by first label), members sorted by label."""
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    label = lambda n: (graph.nodes[n].get("label", n), n)  # noqa: E731
    members = [sorted(c, key=label) for c in found]
    return sorted(members, key=lambda c: (-len(c), label(c[0])))


# --------------------------------------------------------------------------------------------
# a topic over time


@dataclass(frozen=True)
class TrendMonth:
    """What one month ("YYYY-MM") said about a topic: the meetings held (of every board), how many of
    them discussed it, and the statements, decisions and action points on it there."""

    month: str
    meetings: int
    discussed: int
    statements: int
    decisions: int
    actions: int


@dataclass(frozen=True)
class Trend:
    """A topic's rise and fall: the boards that discussed it (acronym, or name) and every month from
    the first meeting in the store to the last, 0 where nothing happened (none when it was never
    discussed)."""

    boards: tuple[str, ...]
    months: tuple[TrendMonth, ...]


_FACT_FIELDS = {"Statement": "statements", "Decision": "decisions", "ActionPoint": "actions"}


def topic_trend(store: GraphStore, topic: URIRef) -> Trend:
    """TOPIC per month (see :class:`Trend`): from the load-time counters (a few a month however many
    meetings there are), or counted from its meetings."""
    counts: Counter[tuple[str, str]] = Counter()  # (month, "meetings" or a fact type) -> count
    if has_aggregates(store):
        for row in _select(store, "aggregate-topic-months", "group", [group("topic-month", str(topic))]):
            counts[str(row["month"]), str(row["what"])] += _number(row["count"])
        boards = {URIRef(board) for _, board in _counters(store, "topic-board", [str(topic)])}
        held = _kind(store, "month-meetings") if boards else {}
    else:
        rows = _select(store, "network-topic-trend", "topic", [topic]).rows
        boards = {r["board"] for r in rows}
        for _, month in {(str(r["meeting"]), str(r["date"])[:7]) for r in rows}:
            counts[month, "meetings"] += 1
        for row in rows:
            if "type" in row:
                counts[str(row["date"])[:7], str(row["type"]).rsplit("#", 1)[-1]] += _number(row["facts"])
        held = {str(r["month"]): _number(r["meetings"]) for r in _select(store, "network-months").rows} if boards else {}
    months = [TrendMonth(month, held.get(month, 0), counts[month, "meetings"],
                         **{field: counts[month, kind] for kind, field in _FACT_FIELDS.items()})
              for month in _months(min(held, default=""), max(held, default=""))]
    return Trend(tuple(sorted(set(board_labels(store, boards).values()))), tuple(months))


def board_labels(store: GraphStore, boards: Iterable[Identifier]) -> dict[str, str]:
    """Each of BOARDS' acronym, or its name when it has none (the first in code point order)."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _select(store, "network-board-labels", "board", boards):
        board, kind, label = str(row["board"]), str(row["kind"]), str(row["label"])
        found[board][kind] = min(found[board].get(kind, label), label)
    return {board: labels.get("acronym") or labels["name"] for board, labels in found.items()}


def _months(first: str, last: str) -> list[str]:
    """Every month ("YYYY-MM") from FIRST to LAST (none when either is empty)."""
    if not first or not last:
        return []
    year, month = int(first[:4]), int(first[5:7])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


@dataclass(frozen=True)
class FirstRaised:
    """The first fact on a topic, who raised it (if anyone is named) and for which organisation."""

    fact: str
    meeting: str
    date: str
    who: str | None
    label: str | None
    organisation: str | None
    organisation_label: str | None


#: first_raised reads the documents of a topic's first day when there are fewer than this many
_FIRST_DOCUMENTS = 50


def first_raised(store: GraphStore, topic: URIRef) -> FirstRaised | None:
    """The earliest statement, decision or action point on TOPIC (meeting date, then position in the
    document), or None when nothing is tagged with it."""
    query = _bound("network-first-raised", "topic", [topic])
    documents = _bound("topic-documents", "topic", [topic])
    if has_aggregates(store):  # the meetings of the first year it was discussed
        years = [year for _, year in _counters(store, "topic-year", [str(topic)])]
        documents = _bound("aggregate-topic-documents", "group",
                           [group("topic-year-meeting", f"{topic} {min(years)}")] if years else [])
    days = store.select(documents + f"\nORDER BY ?date ?graph LIMIT {_FIRST_DOCUMENTS}").rows
    first = [r["graph"] for r in days if r["date"] == days[0]["date"]] if days else []
    rows = []
    if 0 < len(first) < _FIRST_DOCUMENTS:  # read the documents of the first day it was discussed first
        rows = store.select(_bound("", "g", first, query) + "\nLIMIT 1").rows
    rows = rows or store.select(query + "\nLIMIT 1").rows
    if not rows:
        return None
    row = rows[0]
    text = lambda name: str(row[name]) if name in row else None  # noqa: E731
    return FirstRaised(fact=str(row["fact"]), meeting=str(row["meeting"]), date=str(row["date"]),
                       who=text("who"), label=text("label"), organisation=text("organisation"),
                       organisation_label=text("organisationLabel"))
