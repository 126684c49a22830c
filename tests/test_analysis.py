"""graph/analysis.py: the networks and measures on a small store whose answers are worked out by
hand, and on the real corpus.

The small store (written triple by triple in the shape docs/vocabulary.md gives, one named graph
per meeting):

    m1  board X ("XB")   2020-01-10  present ann (o1), bob (o2), cat (o1); apologies dan (o3)
        s1 ann [alpha beta] @100, s2 bob [alpha] @200, d1 decision [beta] @300
    m2  board X          2020-02-10  present ann (o1), bob (o2)
        s3 bob [gamma] @50, s5 bob [gamma] @60
    m3  board Y (no acronym: "Y Board")  2020-03-10  present cat (o3), dan (o3), eve (o2)
        s4 cat [alpha gamma] @10, a1 action owned by eve [delta] @20
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS

from graph.aggregates import AGGREGATES_GRAPH, has_aggregates
from graph.analysis import (EXACT_BETWEENNESS_LIMIT, NEIGHBOURS, Bridge, FirstRaised, Trend, TrendMonth, betweenness,
                            board_bridges, board_person_network, bridge_network, core_overview, core_topics,
                            whole_overview, first_raised, organisation_neighbourhood,
                            organisation_network, people_neighbourhood, people_network, person_topic_network, rank,
                            strongest, topic_communities, topic_neighbourhood, topic_network, topic_trend)
from graph.namespaces import BG, DEFAULT_BASE, OA, ORG, PROV, SCHEMA
from graph.recount import rebuild
from graph.store import open_store

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
ID = DEFAULT_BASE
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def iri(path: str) -> URIRef:
    return URIRef(ID + path)


ANN, BOB, CAT, DAN, EVE = (iri(f"person/{n}") for n in ("ann", "bob", "cat", "dan", "eve"))
O1, O2, O3 = (iri(f"org/o{n}") for n in (1, 2, 3))
ALPHA, BETA, GAMMA, DELTA, UNUSED = (iri(f"topic/{t}") for t in ("alpha", "beta", "gamma", "delta", "unused"))
X, Y = iri("board/x"), iri("board/y")
M1, M2, M3 = iri("meeting/x/2020-01-10"), iri("meeting/x/2020-02-10"), iri("meeting/y/2020-03-10")
NAMES = {ANN: "Ann Ash", BOB: "Bob Birch", CAT: "Cat Cedar", DAN: "Dan Dogwood", EVE: "Eve Elm"}
ORGS = {O1: "Org One", O2: "Org Two", O3: "Org Three"}
TOPICS = {ALPHA: "alpha", BETA: "beta", GAMMA: "gamma", DELTA: "delta", UNUSED: "unused"}


def meeting_triples(meeting: URIRef, board: URIRef, board_name: str, acronym: str | None, date: str,
                    present: dict, apologies: dict, facts: list[tuple]) -> list[tuple]:
    """One meeting's named graph: board, meeting, participations, people, organisations, one agenda
    item and its facts (kind, name, speaker or owner, topics, start offset)."""
    t = [(board, RDF.type, BG.Board), (board, FOAF.name, Literal(board_name)),
         (meeting, RDF.type, BG.Meeting), (meeting, BG.board, board),
         (meeting, DCTERMS.date, Literal(date, datatype=XSD_DATE))]
    if acronym:
        t.append((board, SKOS.altLabel, Literal(acronym)))
    for people, role in ((present, BG.Member), (apologies, BG.Apologies)):
        for person, org in people.items():
            part = URIRef(f"{meeting}/participation/{person.rsplit('/', 1)[1]}")
            t += [(part, RDF.type, BG.Participation), (part, BG.meeting, meeting), (part, BG.participant, person),
                  (part, BG.role, role), (part, BG.onBehalfOf, org),
                  (person, RDF.type, FOAF.Person), (person, FOAF.name, Literal(NAMES[person])),
                  (org, RDF.type, ORG.Organization), (org, SKOS.prefLabel, Literal(ORGS[org]))]
            if role != BG.Apologies:
                t.append((meeting, SCHEMA.attendee, person))
            else:
                t.append((meeting, BG.apologiesFrom, person))
    item = URIRef(f"{meeting}/item/1")
    t += [(item, RDF.type, BG.AgendaItem), (item, DCTERMS.isPartOf, meeting), (meeting, BG.agendaItem, item)]
    for kind, name, agent, topics, start in facts:
        fact = URIRef(f"{meeting}/{name}") if kind != BG.ActionPoint else iri(f"action/{name}")
        source, at = URIRef(f"{meeting}/source/{start}"), URIRef(f"{meeting}/source/{start}/position")
        t += [(fact, RDF.type, kind), (fact, DCTERMS.isPartOf, item), (fact, PROV.wasDerivedFrom, source),
              (source, RDF.type, OA.SpecificResource), (source, OA.hasSelector, at),
              (at, RDF.type, OA.TextPositionSelector), (at, OA.start, Literal(start)),
              (at, OA.end, Literal(start + 10))]
        if agent is not None:
            t.append((fact, BG.speaker if kind == BG.Statement else BG.owner, agent))
        for topic in topics:
            t += [(fact, DCTERMS.subject, topic), (meeting, DCTERMS.subject, topic), (item, DCTERMS.subject, topic)]
    return t


def small_world() -> dict[str, list[tuple]]:
    """The named graphs of the small store (see the module docstring)."""
    return {
        ID + "graph/meeting/x/2020-01-10": meeting_triples(
            M1, X, "X Board", "XB", "2020-01-10", {ANN: O1, BOB: O2, CAT: O1}, {DAN: O3},
            [(BG.Statement, "statement/1", ANN, [ALPHA, BETA], 100),
             (BG.Statement, "statement/2", BOB, [ALPHA], 200),
             (BG.Decision, "decision/1", None, [BETA], 300)]),
        ID + "graph/meeting/x/2020-02-10": meeting_triples(
            M2, X, "X Board", "XB", "2020-02-10", {ANN: O1, BOB: O2}, {},
            [(BG.Statement, "statement/3", BOB, [GAMMA], 50),
             (BG.Statement, "statement/5", BOB, [GAMMA], 60)]),
        ID + "graph/meeting/y/2020-03-10": meeting_triples(
            M3, Y, "Y Board", None, "2020-03-10", {CAT: O3, DAN: O3, EVE: O2}, {},
            [(BG.Statement, "statement/4", CAT, [ALPHA, GAMMA], 10),
             (BG.ActionPoint, "y/1", EVE, [DELTA], 20)]),
        ID + "graph/topics": [(t, SKOS.prefLabel, Literal(label)) for t, label in TOPICS.items()],
    }


@pytest.fixture(scope="module")
def small():
    with open_store() as store:
        for graph_iri, triples in small_world().items():
            store.replace_graph(graph_iri, triples)
        yield store


def edges(graph: nx.Graph, attr: str = "weight") -> dict[frozenset, object]:
    return {frozenset((a, b)): data[attr] for a, b, data in graph.edges(data=True)}


def pair(a: URIRef, b: URIRef) -> frozenset:
    return frozenset((str(a), str(b)))


# --------------------------------------------------------------------------------------------
# the small store


def test_people_network_weights_are_shared_meetings_and_apologies_do_not_count(small):
    graph = people_network(small)
    assert edges(graph) == {pair(ANN, BOB): 2, pair(ANN, CAT): 1, pair(BOB, CAT): 1,
                            pair(CAT, DAN): 1, pair(CAT, EVE): 1, pair(DAN, EVE): 1}
    assert dict(graph.nodes(data="meetings")) == {str(ANN): 2, str(BOB): 2, str(CAT): 2, str(DAN): 1, str(EVE): 1}
    assert graph.nodes[str(ANN)]["label"] == "Ann Ash" and graph.nodes[str(ANN)]["kind"] == "person"


def test_people_network_around_a_person_reads_only_their_meetings(small):
    graph = people_network(small, around=ANN)  # m1 and m2: dan sent apologies, eve was not there
    assert set(graph) == {str(ANN), str(BOB), str(CAT)}
    assert edges(graph) == {pair(ANN, BOB): 2, pair(ANN, CAT): 1, pair(BOB, CAT): 1}
    around_dan = people_network(small, around=DAN)  # m3 only
    assert edges(around_dan) == {pair(CAT, DAN): 1, pair(CAT, EVE): 1, pair(DAN, EVE): 1}
    assert around_dan.nodes[str(CAT)]["meetings"] == 1  # counted within what was read
    assert people_network(small, around=iri("person/nobody")).number_of_nodes() == 0


def test_rank_people_by_betweenness_then_weighted_degree(small):
    ranked = rank(people_network(small), top=5)
    # cat is the only way between {ann, bob} and {dan, eve}: 4 pairs of the 4*3/2 = 6 it could lie on
    assert ranked[0].label == "Cat Cedar" and ranked[0].betweenness == pytest.approx(4 / 6)
    assert (ranked[0].degree, ranked[0].weighted_degree) == (4, 4)
    assert [(r.label, r.weighted_degree, r.betweenness) for r in ranked[1:]] == [
        ("Ann Ash", 3, 0.0), ("Bob Birch", 3, 0.0), ("Dan Dogwood", 2, 0.0), ("Eve Elm", 2, 0.0)]
    assert [r.label for r in rank(people_network(small), top=2)] == ["Cat Cedar", "Ann Ash"]


def test_organisation_network(small):
    graph = organisation_network(small)
    assert edges(graph) == {pair(O1, O2): 2, pair(O2, O3): 1}  # o3 only sent apologies to m1
    assert dict(graph.nodes(data="meetings")) == {str(O1): 2, str(O2): 3, str(O3): 1}
    top = rank(graph, top=1, kind="organisation")[0]
    assert (top.label, top.kind, top.degree, top.weighted_degree, top.betweenness) == ("Org Two", "organisation", 2, 3, 1.0)
    assert set(organisation_network(small, around=O1)) == {str(O1), str(O2)}


def test_topic_network_counts_facts_and_meetings(small):
    graph = topic_network(small)
    assert edges(graph, "statements") == {pair(ALPHA, BETA): 1, pair(ALPHA, GAMMA): 1,
                                          pair(ALPHA, DELTA): 0, pair(GAMMA, DELTA): 0}
    assert edges(graph, "meetings") == {pair(ALPHA, BETA): 1, pair(ALPHA, GAMMA): 1,
                                        pair(ALPHA, DELTA): 1, pair(GAMMA, DELTA): 1}
    assert edges(graph) == {pair(ALPHA, BETA): 2, pair(ALPHA, GAMMA): 2, pair(ALPHA, DELTA): 1, pair(GAMMA, DELTA): 1}
    assert dict(graph.nodes(data="statements")) == {str(ALPHA): 3, str(BETA): 2, str(GAMMA): 3, str(DELTA): 1}
    assert graph.nodes[str(ALPHA)] == {"label": "alpha", "kind": "topic", "statements": 3}
    assert str(UNUSED) not in graph


def test_topic_network_around_a_topic(small):
    graph = topic_network(small, around=GAMMA)  # s3, s4, s5, m2, m3
    assert set(graph) == {str(ALPHA), str(GAMMA), str(DELTA)}
    assert edges(graph) == {pair(ALPHA, GAMMA): 2, pair(ALPHA, DELTA): 1, pair(GAMMA, DELTA): 1}
    assert dict(graph.nodes(data="statements")) == {str(ALPHA): 1, str(GAMMA): 3, str(DELTA): 0}


def test_person_topic_network_is_bipartite_who_speaks_on_what(small):
    graph = person_topic_network(small)
    assert edges(graph) == {pair(ANN, ALPHA): 1, pair(ANN, BETA): 1, pair(BOB, ALPHA): 1, pair(BOB, GAMMA): 2,
                            pair(CAT, ALPHA): 1, pair(CAT, GAMMA): 1}  # eve's action is not a statement
    assert {n for n, side in graph.nodes(data="bipartite") if side == 0} == {str(ANN), str(BOB), str(CAT)}
    assert nx.is_bipartite(graph)
    assert edges(person_topic_network(small, around=BOB)) == {pair(BOB, ALPHA): 1, pair(BOB, GAMMA): 2}
    assert set(person_topic_network(small, around=ALPHA)) == {str(ALPHA), str(ANN), str(BOB), str(CAT)}


def test_board_person_network_and_bridges(small):
    graph = board_person_network(small)
    assert edges(graph) == {pair(X, ANN): 2, pair(X, BOB): 2, pair(X, CAT): 1,
                            pair(Y, CAT): 1, pair(Y, DAN): 1, pair(Y, EVE): 1}
    assert graph.nodes[str(X)] == {"label": "XB", "kind": "board"}
    assert graph.nodes[str(Y)]["label"] == "Y Board"
    # a tree of 7 nodes: cat separates {X, ann, bob} from {Y, dan, eve}: 9 of 6*5/2 = 15 pairs
    assert board_bridges(small) == [Bridge(iri=str(CAT), label="Cat Cedar", boards=("XB", "Y Board"),
                                           betweenness=pytest.approx(9 / 15))]


def test_strongest_neighbours_ties_by_label(small):
    graph = people_network(small)
    picture = strongest(graph, str(CAT), limit=2)
    assert set(picture) == {str(CAT), str(ANN), str(BOB)}
    assert edges(picture) == {pair(ANN, BOB): 2, pair(ANN, CAT): 1, pair(BOB, CAT): 1}
    assert set(strongest(graph, str(ANN), limit=1)) == {str(ANN), str(BOB)}


def test_topic_communities_two_cliques_and_a_weak_link():
    graph = nx.Graph()
    for n in "abcdef":
        graph.add_node(n, label=n.upper(), kind="topic")
    graph.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("x", "y")],
                         weight=5)
    graph.nodes["x"].update(label="X", kind="topic")
    graph.nodes["y"].update(label="Y", kind="topic")
    graph.add_edge("c", "d", weight=1)
    assert topic_communities(graph) == [["a", "b", "c"], ["d", "e", "f"], ["x", "y"]]
    assert topic_communities(nx.Graph()) == []


def test_topic_communities_are_deterministic(small):
    graph = topic_network(small)
    found = topic_communities(graph)
    assert found == topic_communities(topic_network(small))
    assert sorted(n for c in found for n in c) == sorted(graph)
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)


SMALL_TRENDS = {
    ALPHA: Trend(("XB", "Y Board"), (TrendMonth("2020-01", meetings=1, discussed=1, statements=2, decisions=0, actions=0),
                                     TrendMonth("2020-02", 1, 0, 0, 0, 0), TrendMonth("2020-03", 1, 1, 1, 0, 0))),
    BETA: Trend(("XB",), (TrendMonth("2020-01", 1, 1, 1, 1, 0), TrendMonth("2020-02", 1, 0, 0, 0, 0),
                          TrendMonth("2020-03", 1, 0, 0, 0, 0))),
    DELTA: Trend(("Y Board",), (TrendMonth("2020-01", 1, 0, 0, 0, 0), TrendMonth("2020-02", 1, 0, 0, 0, 0),
                                TrendMonth("2020-03", 1, 1, 0, 0, 1))),
    UNUSED: Trend((), ()),
}


def test_topic_trend_every_month_of_the_store_with_zeros(small):
    assert {topic: topic_trend(small, topic) for topic in SMALL_TRENDS} == SMALL_TRENDS


def test_topic_trend_from_counters_equals_the_documents_answer():
    with open_store() as store:
        for graph_iri, triples in small_world().items():
            store.replace_graph(graph_iri, triples)
        rebuild(store)
        assert has_aggregates(store)
        assert {topic: topic_trend(store, topic) for topic in SMALL_TRENDS} == SMALL_TRENDS


def test_first_raised_by_date_then_position(small):
    assert first_raised(small, ALPHA) == FirstRaised(
        fact=str(M1) + "/statement/1", meeting=str(M1), date="2020-01-10", who=str(ANN), label="Ann Ash",
        organisation=str(O1), organisation_label="Org One")
    assert first_raised(small, BETA).fact == str(M1) + "/statement/1"  # @100, before the decision @300
    gamma = first_raised(small, GAMMA)  # m2's statement @50 comes before m3's @10: the date decides
    assert (gamma.fact, gamma.label, gamma.organisation_label) == (str(M2) + "/statement/3", "Bob Birch", "Org Two")
    delta = first_raised(small, DELTA)
    assert (delta.fact, delta.who, delta.organisation) == (str(iri("action/y/1")), str(EVE), str(O2))
    assert first_raised(small, UNUSED) is None


def test_betweenness_is_sampled_with_a_seed_on_big_networks():
    graph = nx.path_graph(EXACT_BETWEENNESS_LIMIT + 100)
    estimated = betweenness(graph)
    assert estimated == betweenness(graph)  # the same every time
    assert max(estimated, key=estimated.get) in range(200, 400)  # the middle of the path, roughly
    assert betweenness(nx.path_graph(3)) == {0: 0.0, 1: 1.0, 2: 0.0}


# --------------------------------------------------------------------------------------------
# the real corpus


@pytest.fixture(scope="module")
def corpus():
    from graph.pipeline import process_file
    from graph.store import load_vocabulary
    with open_store() as store:
        load_vocabulary(store, DEFAULT_BASE)
        for path in sorted(CORPUS.glob("*.txt")):
            processed = process_file(path)
            store.replace_graph(str(processed.built.graph_iri), processed.built.graph)
        yield store


def test_corpus_bridges_are_the_people_present_at_two_boards(corpus):
    from graph.queries import load_query
    several = {str(r["name"]) for r in corpus.select(load_query("people-in-several-documents")).rows}
    bridges = board_bridges(corpus)
    assert {b.label: b.boards for b in bridges} == {
        "Nigel Shadbolt": ("Local Public Data Panel", "Transparency Board"),
        "Tim Moss": ("Transparency Board", "Welsh Government Board"),
    }
    # the people in several documents, but for Cass Chideock, who sent apologies to the Panel
    assert several - {b.label for b in bridges} == {"Cass Chideock"}
    assert {str(r["name"]) for r in corpus.select(load_query("people-on-several-boards")).rows} == {
        b.label for b in bridges}
    assert all(b.betweenness > 0 for b in bridges)


def test_corpus_bridges_are_the_most_central_people(corpus):
    graph = people_network(corpus)
    assert [r.label for r in rank(graph, top=2)] == ["Nigel Shadbolt", "Tim Moss"]
    # only they join the boards' cliques, so they alone lie between anyone
    assert {r.label for r in rank(graph, top=graph.number_of_nodes()) if r.betweenness > 0} == {
        "Nigel Shadbolt", "Tim Moss"}
    assert nx.number_connected_components(graph) == 11 - 2  # 11 meetings, three joined by the two


def test_corpus_neighbourhood_equals_the_full_network_around_a_person(corpus):
    full = people_network(corpus)
    person = ID + "person/tim-moss"
    around = people_network(corpus, around=URIRef(person))
    # Tim Moss's neighbours share no meeting he missed, so his neighbourhood is his ego network
    assert edges(around) == edges(nx.ego_graph(full, person))
    assert around.number_of_nodes() < full.number_of_nodes()


def test_corpus_gdpr_first_raised_and_trend(corpus):
    gdpr = iri("topic/gdpr")
    first = first_raised(corpus, gdpr)
    assert (first.date, first.label, first.organisation_label) == (
        "2017-06-29", "Judith Jones", "Information Commissioner's Office")
    trend = topic_trend(corpus, gdpr)
    assert trend.boards == ("WSTB",)
    assert [(m.month, m.meetings, m.discussed, m.statements) for m in trend.months if m.discussed] == \
        [("2017-06", 2, 1, 2)]  # two meetings that month, one of another board
    assert trend.months[0].month == "2011-01" and len(trend.months) == 169  # the corpus: 2011-01 to 2025-01


# --------------------------------------------------------------------------------------------
# the pictures from the load-time counters


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Twenty synthetic meetings of two boards written as the loader writes them (with the counters)."""
    from bench.synth import write_corpus
    from graph.pipeline import process_file
    from graph.store import load_vocabulary
    from graph.writer import write_documents
    out = tmp_path_factory.mktemp("synth")
    write_corpus(out, 20, seed=5, boards=2)
    found = [process_file(p, DEFAULT_BASE) for p in sorted(out.iterdir()) if p.suffix in (".txt", ".md")]
    with open_store() as store:
        load_vocabulary(store, DEFAULT_BASE)
        write_documents(store, [(str(d.built.graph_iri), d.built.graph) for d in found])
        assert has_aggregates(store)
        yield store


def drawn(graph: nx.Graph) -> tuple[list, list]:
    """A picture's graph as it is drawn: its nodes and edges with their attributes, in order."""
    return list(graph.nodes(data=True)), list(graph.edges(data=True))


@pytest.mark.parametrize("neighbourhood, network, kind", [
    (people_neighbourhood, people_network, "person"),
    (organisation_neighbourhood, organisation_network, "organisation"),
    (topic_neighbourhood, topic_network, "topic")])
def test_neighbourhood_from_counters_equals_the_picture_counted_from_the_documents(synthetic, neighbourhood,
                                                                                  network, kind):
    """The same picture, in the same order, from the pair counters as from the documents (the around=
    form): the centre, its strongest neighbours and its links to them, with the same counts."""
    full = network(synthetic)
    centres = sorted((n for n, data in full.nodes(data=True) if data["kind"] == kind), key=full.degree)
    chosen = [URIRef(c) for c in centres[:2] + centres[-3:]] + [iri("nothing/here")]
    assert len(centres) > 3
    from_counters = [drawn(neighbourhood(synthetic, c)) for c in chosen]
    assert all(0 < len(nodes) <= NEIGHBOURS + 1 for nodes, _ in from_counters[:-1]) and from_counters[-1] == ([], [])
    assert all(str(c) in e[:2] for c, (_, edges) in zip(chosen, from_counters) for e in edges)
    synthetic.update(f"DROP GRAPH <{AGGREGATES_GRAPH}>")
    try:
        assert [drawn(neighbourhood(synthetic, c)) for c in chosen] == from_counters
    finally:
        rebuild(synthetic)


def test_first_raised_from_counters_equals_the_documents_answer(synthetic):
    topics = {str(r["t"]) for r in synthetic.select(
        "SELECT DISTINCT ?t WHERE { GRAPH ?g { ?s a bg:Statement ; dcterms:subject ?t } }").rows}
    found = {t: first_raised(synthetic, URIRef(t)) for t in sorted(topics)}
    synthetic.update(f"DROP GRAPH <{AGGREGATES_GRAPH}>")
    try:
        assert not has_aggregates(synthetic)
        assert found == {t: first_raised(synthetic, URIRef(t)) for t in sorted(topics)}
    finally:
        rebuild(synthetic)


def test_core_overview_is_the_most_connected_part_of_the_whole_network(synthetic):
    """From the counters: the nodes with most partners, their partners and shared meetings in the whole
    network, the links among them; all of it when the core holds every node."""
    for kind, network in (("person", people_network(synthetic)), ("organisation", organisation_network(synthetic))):
        whole = whole_overview(network)
        everything = core_overview(synthetic, kind, size=network.number_of_nodes())
        assert (everything.count, everything.connections) == (whole.count, whole.connections)
        assert edges(everything.graph) == edges(whole.graph)
        assert {n: (d["degree"], d["weighted_degree"]) for n, d in everything.graph.nodes(data=True)} == \
            {n: (d["degree"], d["weighted_degree"]) for n, d in whole.graph.nodes(data=True) if d["degree"]}
        core = core_overview(synthetic, kind, size=5)
        top = sorted(network, key=lambda n: (-network.degree(n), -network.degree(n, weight="weight"), n))[:5]
        assert set(core.graph) == set(top) and (core.count, core.connections) == (whole.count, whole.connections)
        assert edges(core.graph) == edges(network.subgraph(top))


def test_core_topics_and_bridges_from_counters_equal_the_documents(synthetic):
    network = topic_network(synthetic)
    core = core_topics(synthetic, size=network.number_of_nodes())
    assert edges(core.graph) == edges(network) and edges(core.graph, "meetings") == edges(network, "meetings")
    assert dict(core.graph.nodes(data="statements")) == {n: s for n, s in network.nodes(data="statements") if s}
    assert set(core_topics(synthetic, size=3).graph) == set(
        sorted(core.graph, key=lambda n: (-core.graph.nodes[n]["statements"], n))[:3])
    bridges = bridge_network(synthetic)
    assert {b.iri: b.boards for b in board_bridges(synthetic, bridges)} == \
        {b.iri: b.boards for b in board_bridges(synthetic)}
    assert edges(bridges) == edges(board_person_network(synthetic).subgraph(bridges))


def test_node_labels_kept_for_a_read_only_store_are_the_query_answer(synthetic, tmp_path):
    """node_labels gives what network-labels gives, read once from a read-only store (a snapshot) and
    every time from a writable one; a node without a label is left out."""
    from graph.analysis import node_labels
    from graph.queries import load_query
    from graph.sparql_bind import with_values_of
    nodes = sorted({str(r["o"]) for r in synthetic.select(
        "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s bg:onBehalfOf|bg:speaker|dcterms:subject ?o } }").rows})
    nodes += [DEFAULT_BASE + "person/nobody-at-all"]
    expected = {str(r["node"]): str(r["label"]) for r in synthetic.select(
        with_values_of(load_query("network-labels"), "node", map(URIRef, nodes))).rows}
    assert len(expected) == len(nodes) - 1 > 20
    path = tmp_path / "store"
    with open_store(path) as copy:
        copy.replace_graphs({g: [q[:3] for q in synthetic.quads(g)] for g in synthetic.graph_iris()})
        assert node_labels(copy, nodes) == expected
    with open_store(path, read_only=True) as snapshot:
        assert node_labels(snapshot, nodes[:5]) == {n: expected[n] for n in nodes[:5]}
        assert node_labels(snapshot, nodes) == expected
        assert node_labels(snapshot, reversed(nodes)) == expected


def test_counters_read_as_plain_values_are_the_counted_terms(synthetic):
    """_kind and _counters read plain values: the same keys and counts as the rdflib terms gave."""
    from graph import analysis
    from graph.aggregates import group
    from graph.queries import load_query
    from graph.sparql_bind import with_values_of
    for kind in ("person-partners", "person-boards", "month-meetings", "topic-facts-all"):
        terms = synthetic.select(with_values_of(load_query("aggregate-kind"), "kind", [Literal(kind)])).rows
        assert terms and analysis._kind(synthetic, kind) == {str(r["k1"]): int(r["count"].toPython()) for r in terms}
    people = sorted(analysis._kind(synthetic, "person-partners"))[:5]
    for kind in ("person-pair", "person-meetings", "person-board"):
        terms = [r for by in ("agg:by1", "agg:by2") for r in synthetic.select(with_values_of(
            load_query("aggregate-pairs").replace("agg:by1 ?group", f"{by} ?group"), "group",
            [group(kind, p) for p in people])).rows]
        assert terms and analysis._counters(synthetic, kind, people) == {
            (str(r["k1"]), str(r["k2"]) if "k2" in r else None): int(r["count"].toPython()) for r in terms}
