"""The network overview (/network): who is most connected and most central among people and
organisations, the people who bridge boards, and the communities of topics, each a picture with its
table. The whole-store networks are computed once per content of the store and kept with the app."""
from __future__ import annotations

import threading
import weakref

import networkx as nx
from flask import Blueprint, current_app

from graph.analysis import Ranked, board_bridges, organisation_network, people_network, rank, topic_communities, \
    topic_network
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
    return {"people": None, "organisations": None, "topics": None, "bridges": []}


def _overview(store: GraphStore) -> dict:
    return {"people": _ranking(people_network(store), "people", ("person", "people")),
            "organisations": _ranking(organisation_network(store), "organisations",
                                      ("organisation", "organisations")),
            "topics": _topics(topic_network(store)),
            "bridges": [{"person": ref(b.iri, b.label), "boards": list(b.boards), "betweenness": b.betweenness}
                        for b in board_bridges(store)]}


def _ranking(graph: nx.Graph, ident: str, names: tuple[str, str]) -> dict:
    """The PICTURED most connected members of GRAPH drawn together, and the TOP by connections and by
    betweenness."""
    ranked = rank(graph, top=graph.number_of_nodes())
    connected = sorted(ranked, key=lambda r: (-r.degree, -r.weighted_degree, r.label, r.iri))
    shown = graph.subgraph(r.iri for r in connected[:PICTURED]).copy()
    description = (f"The {pictures.plural(shown.number_of_nodes(), names)} who share meetings with the most others, "
                   f"out of {graph.number_of_nodes()}; a line joins two who met, wider the more meetings they "
                   f"shared. Most connected: {_leaders(connected, names)}.") if ranked else \
        f"No {names[1]} in the minutes loaded so far."
    picture = pictures.network(shown, ident=f"{ident}-picture", title=f"The best connected {names[1]}",
                               description=description, unit=pictures.MEETINGS)
    return {"picture": picture, "count": graph.number_of_nodes(), "connections": graph.number_of_edges(),
            "connected": [_row(r) for r in connected[:TOP]], "central": [_row(r) for r in ranked[:TOP]]}


def _leaders(ranked: list[Ranked], names: tuple[str, str], shown: int = 3) -> str:
    return pictures.listed([f"{r.label} ({pictures.plural(r.degree, names)})" for r in ranked[:shown]])


def _row(r: Ranked) -> dict:
    return {"node": ref(r.iri, r.label), "kind": r.kind, "degree": r.degree, "weightedDegree": r.weighted_degree,
            "betweenness": r.betweenness}


def _topics(graph: nx.Graph) -> dict:
    """The topic network's communities: each listed (its topics, most discussed first), and the
    PICTURED most discussed topics drawn coloured by community."""
    communities = topic_communities(graph)
    group = {n: index for index, members in enumerate(communities) for n in members}
    statements = nx.get_node_attributes(graph, "statements")
    by_talk = sorted(graph.nodes, key=lambda n: (-statements.get(n, 0), graph.nodes[n]["label"], n))
    shown = graph.subgraph(by_talk[:PICTURED]).copy()
    nx.set_node_attributes(shown, {n: group[n] for n in shown}, "group")
    listed = [[ref(n, graph.nodes[n]["label"], statements=statements.get(n, 0))
               for n in sorted(members, key=lambda n: (-statements.get(n, 0), graph.nodes[n]["label"], n))]
              for members in communities]
    description = (f"The {pictures.plural(shown.number_of_nodes(), ('topic', 'topics'))} discussed most, out of "
                   f"{graph.number_of_nodes()}, coloured by community ({len(communities)} communities of topics "
                   f"that come up together); the largest community holds "
                   f"{pictures.listed([t['name'] for t in listed[0][:3]])}.") if communities else \
        "No topics in the minutes loaded so far."
    picture = pictures.network(shown, ident="topics-picture", title="The most discussed topics and their communities",
                               description=description, unit=pictures.TOGETHER)
    return {"picture": picture, "count": graph.number_of_nodes(), "communities": listed[:COMMUNITIES],
            "moreCommunities": max(len(listed) - COMMUNITIES, 0)}
