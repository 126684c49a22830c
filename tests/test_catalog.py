"""The catalogue (graph/catalog.py, kept in the side index) against the named queries it stands in for,
on a real store: the WSTB example, the corpus and a small synthetic corpus (several boards, people on
several boards, reviewed action points), written through graph/writer.py; then after a removal."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef

from graph.aggregates import AGG, group, has_aggregates
from graph.pipeline import process_file
from graph.queries import load_query
from graph.search_index import open_for_site
from graph.sparql_bind import with_values
from graph.store import load_vocabulary, open_store
from graph.writer import write_documents

BASE = "http://localhost:5000/id/"
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

#: documents query -> the variable it binds
DOCUMENT_QUERIES = {"topic-documents": "topic", "board-documents": "board", "person-documents": "person",
                    "organisation-documents": "organisation"}


@pytest.fixture(scope="module")
def documents(wstb_path, tmp_path_factory) -> list[tuple[str, rdflib.Graph]]:
    synthetic = tmp_path_factory.mktemp("synth")
    synth.write_corpus(synthetic, count=24, seed=3, boards=3)
    found = []
    for path in [wstb_path, *sorted(CORPUS.glob("*.txt")), *sorted(p for p in synthetic.iterdir() if p.suffix in (".txt", ".md"))]:
        processed = process_file(path, BASE)
        if processed.validation.conforms:
            found.append((str(processed.built.graph_iri), processed.built.graph))
    return found


@pytest.fixture()
def store(documents):
    with open_store() as opened:
        load_vocabulary(opened, BASE)
        write_documents(opened, documents)
        yield opened


def _select(store, name: str, bindings: dict | None = None, order: str | None = None) -> list[dict]:
    text = with_values(load_query(name), [bindings or {}]) + (f"\nORDER BY {order}" if order else "")
    return [{k: str(v) for k, v in row.items()} for row in store.select(text).rows]


def _things(store, query: str, variable: str) -> list[str]:
    return sorted({row[variable] for row in _select(store, query)})


@pytest.mark.parametrize("query", DOCUMENT_QUERIES)
def test_documents_about_a_thing_are_the_documents_query_newest_and_oldest_first(store, query):
    variable = DOCUMENT_QUERIES[query]
    index = open_for_site(store)
    things = _things(store, query, variable)
    assert len(things) >= 3
    for thing in things:
        expected = [(r["graph"], r["date"]) for r in _select(store, query, {variable: URIRef(thing)}, "DESC(?date) ?graph")]
        newest = [(r["graph"], r["date"]) for r in index.documents_about(thing, 10_000)]
        if query == "organisation-documents":  # also the documents where it owns an action point
            assert set(expected) <= set(newest), thing
            newest = [d for d in newest if d in set(expected)]
        assert newest == expected, thing
        assert [(r["graph"], r["date"]) for r in index.documents_about(thing, 2, oldest=True)] == \
            sorted(set(expected), key=lambda d: (d[1], d[0]))[:2]


def test_meetings_pages_are_meeting_timeline_for_all_and_each_board(store, documents):
    index = open_for_site(store)
    columns = ("meeting", "date", "title", "board", "boardName", "boardAcronym")
    for board in [None, *_things(store, "board-documents", "board")]:
        expected = _select(store, "meeting-timeline", {"board": URIRef(board)} if board else {})
        paged = [row for offset in range(0, len(expected) + 7, 7) for row in index.meetings(board, 7, offset)]
        assert [{k: r.get(k) for k in columns} for r in paged] == [{k: r.get(k) for k in columns} for r in expected]
    assert len(index.meetings(None, 1_000, 0)) == len({graph for graph, _ in documents}) >= 25


def test_documents_by_graph_are_document_graphs(store):
    index = open_for_site(store)
    columns = ("graph", "meeting", "date", "board", "boardName", "document", "file", "sha256")
    expected = _select(store, "document-graphs")
    assert [{k: r.get(k) for k in columns} for r in index.meetings(None, 1_000, 0, by_graph=True)] == \
        [{k: r.get(k) for k in columns} for r in expected]


def test_boards_are_the_boards_query(store):
    index = open_for_site(store)
    expected = _select(store, "boards")
    assert len(expected) >= 4
    assert [{k: str(v) for k, v in r.items()} for r in index.boards()] == expected
    assert [{k: str(v) for k, v in r.items()} for r in index.boards(expected[0]["board"])] == expected[:1]


def test_a_removed_document_leaves_the_catalogue(store, documents):
    index = open_for_site(store)
    graph_iri, graph = documents[0]
    meeting = str(next(graph.subjects(rdflib.RDF.type, URIRef("https://w3id.org/boardgraph/ontology#Meeting"))))
    board = next(r["board"] for r in index.meetings(None, 1_000, 0) if r["meeting"] == meeting)
    before = {r["board"]: r["meetings"] for r in index.boards()}
    write_documents(store, [(graph_iri, rdflib.Graph())])
    index = open_for_site(store)
    assert meeting not in {r["meeting"] for r in index.meetings(None, 1_000, 0)}
    assert graph_iri not in {r["graph"] for r in index.documents_about(board, 1_000)}
    after = {r["board"]: r["meetings"] for r in index.boards()}
    assert after.get(board, 0) == before[board] - 1


def _tracker_from_aggregates(store, board=None, status=None, owner=None) -> list[str]:
    bindings = {name: Literal(value) for name, value in (("boardKey", board), ("statusKey", status),
                                                         ("ownerKey", owner)) if value is not None}
    return [r["action"] for r in _select(store, "aggregate-actions", bindings)]


def _assert_tracker_matches_the_aggregates(store) -> None:
    index = open_for_site(store)
    assert has_aggregates(store)
    everything = _tracker_from_aggregates(store)
    assert len(everything) >= 20
    assert [a for offset in range(0, len(everything) + 9, 9) for a in index.actions(None, None, None, 9, offset)] \
        == everything
    states = store.select(
        "SELECT DISTINCT ?b ?s ?o WHERE { GRAPH <urn:boardgraph:aggregates> { "
        "?n <https://w3id.org/boardgraph/aggregates#board> ?b ; <https://w3id.org/boardgraph/aggregates#status> ?s ; "
        "<https://w3id.org/boardgraph/aggregates#owner> ?o } }").rows
    filters = sorted({(str(r["b"]), None, None) for r in states} | {(None, str(r["s"]), None) for r in states}
                     | {(None, None, str(r["o"])) for r in states} | {(str(r["b"]), str(r["s"]), None) for r in states},
                     key=lambda f: tuple(x or "" for x in f))
    assert len(filters) >= 10
    for board, status, owner in filters:
        assert index.actions(board, status, owner, 10_000, 0) == _tracker_from_aggregates(store, board, status, owner)
    counted = {r["owner"]: int(r["actions"]) for r in _select(store, "aggregate-action-owners")}
    assert {r["owner"]: r["actions"] for r in index.owners()} == counted
    names = {r["node"]: r["label"] for r in _select(store, "network-labels")}
    assert {r["owner"]: r["name"] for r in index.owners()} == {owner: names.get(owner) for owner in counted}


def _assert_ranked_matches_the_aggregates(store) -> None:
    index = open_for_site(store)
    topics = _things(store, "topic-documents", "topic")
    for topic in topics:
        counters = {r["k2"]: int(r["count"]) for r in _select(store, "aggregate-counts", {
            "by": AGG.by1, "group": group("topic-person", topic)})}
        assert {r["k2"]: r["count"] for r in index.biggest("topic-person", topic, 10_000)} == counters, topic
        top = index.biggest("topic-person", topic, 3)
        if len(counters) > 3:
            third = sorted(counters.values(), reverse=True)[2]
            assert {r["k2"] for r in top} == {k for k, n in counters.items() if n >= third}
    assert any(len(index.biggest("topic-person", t, 10_000)) > 3 for t in topics)


def test_the_tracker_and_its_owners_are_the_aggregates(store):
    _assert_tracker_matches_the_aggregates(store)
    _assert_ranked_matches_the_aggregates(store)


def test_the_tracker_follows_a_replaced_and_a_removed_document(store, documents):
    with_reviews = [(g, graph) for g, graph in documents
                    if any(graph.subjects(URIRef("https://w3id.org/boardgraph/ontology#reviewedIn"), None))]
    assert with_reviews, "the synthetic corpus reviews earlier action points"
    graph_iri, graph = with_reviews[-1]
    write_documents(store, [(graph_iri, rdflib.Graph())])
    _assert_tracker_matches_the_aggregates(store)
    _assert_ranked_matches_the_aggregates(store)
    write_documents(store, [(graph_iri, graph)])
    _assert_tracker_matches_the_aggregates(store)
    _assert_ranked_matches_the_aggregates(store)


def test_the_representatives_of_each_organisation_are_organisation_people(store):
    index = open_for_site(store)
    organisations = _things(store, "organisation-documents", "organisation")
    assert len(organisations) >= 10
    for organisation in organisations:
        expected = [{k: r[k] for k in ("person", "name", "meetings", "first", "last")}
                    for r in _select(store, "organisation-people", {"organisation": URIRef(organisation)})]
        found = [{k: str(v) for k, v in r.items()} for r in index.representatives(organisation, 10_000, 0)]
        assert found == expected, organisation
        assert index.representatives(organisation, 2, 1) == index.representatives(organisation, 10_000, 0)[1:3]
