"""The network overview (/network): who is most connected and most central among people and
organisations, the people who bridge boards, and the communities of topics, each a picture with its
table. Computed once per content of the store and kept with the app.

With the load-time counters (graph/aggregates.py) it reads a bounded part of each network instead of
every meeting: the :data:`~graph.analysis.CORE` people and organisations with most partners (their
partners and shared meetings counted in the whole store) and the links among them, the CORE most
discussed topics, and the boards with the people who attend two or more; betweenness and the topic
communities are computed within those parts, and the page says so. Without counters, over the whole
networks."""
from __future__ import annotations

import threading
import weakref

import networkx as nx
from flask import Blueprint, current_app

from graph.aggregates import has_aggregates
from graph.analysis import (CORE, Overview, Ranked, board_bridges, bridge_network, core_overview, core_topics,
                            organisation_network, people_network, rank, topic_communities, topic_network,
                            whole_overview)
from graph.store import GraphStore
from web import pictures
from web.data import ref, rows
from web.respond import envelope, respond, twin_route
from web.state import get_store

bp = Blueprint("network", __name__)

#: Nodes in each overview picture, rows in each ranking table, topics listed per community.
PICTURED = 25
TOP = 10
COMMUNITIES = 8
CACHE = "boardgraph.network"


@twin_route(bp, "/network")
def overview():
    """The networks of the whole store, their most connected and most central members."""
    store = get_store()
    return respond("network.html", envelope("network", "Networks", **(_cached(store) if store else _empty())))


def _cached(store: GraphStore) -> dict:
    """The overview's data, recomputed only when the documents in the store change: a read-only store
    is a snapshot that never changes (the site opens a new one when the loader commits), so it is
    its own key; for a writable store the documents' graphs and SHA-256 sums are the key."""
    key = weakref.ref(store) if store.read_only else tuple((r["graph"], r["sha256"]) for r in rows("document-graphs"))
    holder = current_app.extensions.setdefault(CACHE, {"lock": threading.Lock(), "key": None, "data": None})
    with holder["lock"]:
        if holder["key"] != key:
            holder["data"], holder["key"] = _overview(store), key
        return holder["data"]


def _empty() -> dict:
    return {"people": None, "organisations": None, "topics": None, "bridges": [], "bounded": False, "core": CORE}


def _overview(store: GraphStore) -> dict:
    bounded = has_aggregates(store)
    people, organisations, topics = ((core_overview(store, "person"), core_overview(store, "organisation"),
                                      core_topics(store)) if bounded else
                                     (whole_overview(people_network(store)), whole_overview(organisation_network(store)),
                                      whole_overview(topic_network(store))))
    return {"people": _ranking(people, "people", ("person", "people"), bounded),
            "organisations": _ranking(organisations, "organisations", ("organisation", "organisations"), bounded),
            "topics": _topics(topics, bounded), "bounded": bounded, "core": CORE,
            "bridges": [{"person": ref(b.iri, b.label), "boards": list(b.boards), "betweenness": b.betweenness}
                        for b in board_bridges(store, bridge_network(store) if bounded else None)]}


def _ranking(overview: Overview, ident: str, names: tuple[str, str], bounded: bool) -> dict:
    """The PICTURED most connected members of the network drawn together, and the TOP by connections
    and by betweenness (within the overview's part of the network when BOUNDED)."""
    graph = overview.graph
    ranked = rank(graph, top=graph.number_of_nodes())
    connected = sorted(ranked, key=lambda r: (-r.degree, -r.weighted_degree, r.label, r.iri))
    shown = graph.subgraph(r.iri for r in connected[:PICTURED]).copy()
    within = f" Betweenness is measured among the {_plural_of(graph, names)} with most partners." if bounded else ""
    description = (f"The {pictures.plural(shown.number_of_nodes(), names)} who share meetings with the most others, "
                   f"out of {overview.count}; a line joins two who met, wider the more meetings they "
                   f"shared. Most connected: {_leaders(connected, names)}.{within}") if ranked else \
        f"No {names[1]} in the minutes loaded so far."
    picture = pictures.network(shown, ident=f"{ident}-picture", title=f"The best connected {names[1]}",
                               description=description, unit=pictures.MEETINGS)
    return {"picture": picture, "count": overview.count, "connections": overview.connections,
            "connected": [_row(r) for r in connected[:TOP]], "central": [_row(r) for r in ranked[:TOP]],
            "centralAmong": graph.number_of_nodes() if bounded else None}


def _plural_of(graph: nx.Graph, names: tuple[str, str]) -> str:
    return pictures.plural(graph.number_of_nodes(), names)


def _leaders(ranked: list[Ranked], names: tuple[str, str], shown: int = 3) -> str:
    return pictures.listed([f"{r.label} ({pictures.plural(r.degree, names)})" for r in ranked[:shown]])


def _row(r: Ranked) -> dict:
    return {"node": ref(r.iri, r.label), "kind": r.kind, "degree": r.degree, "weightedDegree": r.weighted_degree,
            "betweenness": r.betweenness}


def _topics(overview: Overview, bounded: bool) -> dict:
    """The topic network's communities (among the overview's topics): each listed (its topics, most
    discussed first), and the PICTURED most discussed topics drawn coloured by community."""
    graph = overview.graph
    communities = topic_communities(graph)
    group = {n: index for index, members in enumerate(communities) for n in members}
    statements = nx.get_node_attributes(graph, "statements")
    by_talk = sorted(graph.nodes, key=lambda n: (-statements.get(n, 0), graph.nodes[n]["label"], n))
    shown = graph.subgraph(by_talk[:PICTURED]).copy()
    nx.set_node_attributes(shown, {n: group[n] for n in shown}, "group")
    listed = [[ref(n, graph.nodes[n]["label"], statements=statements.get(n, 0))
               for n in sorted(members, key=lambda n: (-statements.get(n, 0), graph.nodes[n]["label"], n))]
              for members in communities]
    among = f" among the {_plural_of(graph, ('topic', 'topics'))} discussed most" if bounded else ""
    description = (f"The {pictures.plural(shown.number_of_nodes(), ('topic', 'topics'))} discussed most, out of "
                   f"{overview.count}, coloured by community ({len(communities)} communities of topics "
                   f"that come up together{among}); the largest community holds "
                   f"{pictures.listed([t['name'] for t in listed[0][:3]])}.") if communities else \
        "No topics in the minutes loaded so far."
    picture = pictures.network(shown, ident="topics-picture", title="The most discussed topics and their communities",
                               description=description, unit=pictures.TOGETHER)
    return {"picture": picture, "count": overview.count, "communities": listed[:COMMUNITIES],
            "moreCommunities": max(len(listed) - COMMUNITIES, 0), "among": graph.number_of_nodes() if bounded else None}
