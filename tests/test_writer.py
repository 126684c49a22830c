"""graph/writer.py: a batch of documents is written in one transaction, on both backends, from graphs or
from documents prepared in another process."""
from __future__ import annotations

import pickle

import pytest
import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from graph.aggregates import snapshot
from graph.search_index import SearchQuery, open_for_site
from graph.store import open_store
from graph.writer import prepare_document, write_documents
from oxigraph_server import oxigraph_server

EX = Namespace("http://example.org/")
G1, G2, G3 = (f"http://example.org/graph/{n}" for n in ("one", "two", "three"))


def _graph(*names: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in names:
        graph.add((EX[name], EX.name, Literal(name)))
    return graph


@pytest.fixture()
def store():
    with open_store(None) as opened:
        yield opened


def test_batch_replaces_each_graph_and_leaves_others(store):
    write_documents(store, [(G1, _graph("a", "b")), (G3, _graph("z"))])
    write_documents(store, [(G1, _graph("c")), (G2, _graph("d", "e"))])
    assert store.count_quads(G1) == 1 and store.count_quads(G2) == 2 and store.count_quads(G3) == 1
    assert (EX.c, EX.name, Literal("c")) in store.graph(G1)


def test_empty_batch_writes_nothing(store):
    write_documents(store, [])
    assert store.count_quads() == 0


def test_failing_batch_writes_nothing(store):
    write_documents(store, [(G1, _graph("a"))])
    bad = rdflib.Graph()
    bad.add((URIRef("not an iri"), EX.name, Literal("x")))
    with pytest.raises(ValueError):
        write_documents(store, [(G2, _graph("b")), (G1, bad)])
    assert G2 not in store.graph_iris() and store.count_quads(G1) == 1


def test_blank_nodes_stay_apart_per_graph(store):
    one, two = rdflib.Graph(), rdflib.Graph()
    shared = rdflib.BNode("x")
    one.add((EX.a, EX.has, shared))
    two.add((EX.b, EX.has, shared))
    write_documents(store, [(G1, one), (G2, two)])
    rows = store.select("SELECT DISTINCT ?o WHERE { ?s <http://example.org/has> ?o }")
    assert len(rows) == 2


def test_extra_update_runs_in_the_same_transaction(store):
    store.replace_graphs({G1: _graph("a")}, "INSERT DATA { GRAPH <http://example.org/graph/x> "
                                            "{ <http://example.org/s> <http://example.org/p> 1 } }")
    assert store.count_quads("http://example.org/graph/x") == 1
    with pytest.raises(Exception):
        store.replace_graphs({G2: _graph("b")}, "INSERT DATA { this is not SPARQL }")
    assert G2 not in store.graph_iris()


def test_batch_over_a_sparql_server(tmp_path):
    with oxigraph_server(tmp_path / "data") as url, open_store(url) as server:
        write_documents(server, [(G1, _graph("a", "b")), (G2, _graph("c"))])
        write_documents(server, [(G1, _graph("d"))])
        assert server.count_quads(G1) == 1 and server.count_quads(G2) == 1


def test_a_prepared_document_sent_between_processes_writes_what_its_graph_writes(wstb_processed):
    """The bulk loader's workers send a pickled PreparedDocument instead of the graph: the store, its
    aggregates and its search index must end up exactly as when the graph itself is written."""
    graph_iri, graph = str(wstb_processed.built.graph_iri), wstb_processed.built.graph
    prepared = pickle.loads(pickle.dumps(prepare_document(graph_iri, graph)))
    assert prepared.triples.count == len(graph)
    with open_store(None) as from_graph, open_store(None) as from_prepared:
        write_documents(from_graph, [(graph_iri, graph)])
        write_documents(from_prepared, [prepared])
        assert isomorphic(from_prepared.graph(graph_iri), graph)
        assert snapshot(from_prepared) == snapshot(from_graph) != set()
        words = SearchQuery(["GDPR"])
        assert open_for_site(from_prepared).search(words, 50) == open_for_site(from_graph).search(words, 50)
        assert open_for_site(from_prepared).search(words, 50)[1] > 0


@pytest.mark.parametrize("stored_before", [False, True])
def test_one_document_twice_in_a_batch_counts_once(wstb_processed, stored_before):
    """The same minutes twice in one load (the same file in two folders) is one graph: the aggregates
    must count it once, as writing it twice in turn does."""
    graph_iri, graph = str(wstb_processed.built.graph_iri), wstb_processed.built.graph
    with open_store(None) as once, open_store(None) as twice:
        write_documents(once, [(graph_iri, graph)])
        if stored_before:
            write_documents(twice, [(graph_iri, graph)])
        write_documents(twice, [(graph_iri, graph), (graph_iri, graph)])
        assert snapshot(twice) == snapshot(once) != set()
        assert isomorphic(twice.graph(graph_iri), graph)
