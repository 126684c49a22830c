"""graph/store.py against real stores: pyoxigraph in memory and on disk, and an Oxigraph server."""
from __future__ import annotations

import io
import threading

import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")  # plain Namespace: keeps pytest quiet

from graph.namespaces import BG, DCTERMS
import graph.store as store_module
from graph.store import (GraphStore, QueryError, SelectResult, SerialisedTriples, StoreError, load_vocabulary,
                         open_store, serialise_for_update)

EX = rdflib.Namespace("http://example.org/")
G1 = "http://example.org/graph/one"
G2 = "http://example.org/graph/two"
G3 = "http://example.org/graph/three"
G4 = "http://example.org/graph/four"


def triples_one() -> list[tuple]:
    b = BNode()
    return [
        (EX.a, RDF.type, EX.Thing),
        (EX.a, EX.name, Literal("Alpha")),
        (EX.a, EX.part, b),
        (b, EX.name, Literal("inner")),
    ]


def triples_two() -> list[tuple]:
    return [(EX.b, RDF.type, EX.Thing), (EX.b, EX.name, Literal("Beta"))]


@pytest.fixture(params=["memory", "disk", "server"])
def store(request, tmp_path) -> GraphStore:
    """Every backend: in memory, on disk, and a real `oxigraph serve` over HTTP."""
    if request.param == "server":
        yield request.getfixturevalue("server_store")
        return
    path = None if request.param == "memory" else tmp_path / "store"
    with open_store(path) as s:
        yield s


def as_graph(triples) -> rdflib.Graph:
    g = rdflib.Graph()
    for t in triples:
        g.add(t)
    return g


def test_replace_graph_replaces_only_that_graph(store):
    store.replace_graph(G1, triples_one())
    store.replace_graph(G2, triples_two())
    assert store.graph_iris() == [G1, G2]
    assert store.count_quads() == 6

    store.replace_graph(G1, [(EX.c, EX.name, Literal("Gamma"))])
    assert set(store.graph(G1)) == {(EX.c, EX.name, Literal("Gamma"))}
    assert isomorphic(store.graph(G2), as_graph(triples_two()))
    assert store.count_quads() == 3
    assert store.count_quads(G2) == 2


def test_replacing_with_the_same_triples_is_idempotent(store):
    store.replace_graph(G1, triples_one())
    first = store.graph(G1)
    store.replace_graph(G1, first)
    store.replace_graph(G1, first)
    assert store.count_quads() == 4
    assert isomorphic(store.graph(G1), as_graph(triples_one()))


def test_empty_replacement_and_remove_graph(store):
    store.replace_graph(G1, triples_one())
    store.replace_graph(G2, triples_two())
    store.replace_graph(G1, [])
    assert store.graph_iris() == [G2]
    store.remove_graph(G2)
    store.remove_graph("http://example.org/never-there")
    assert store.graph_iris() == [] and store.count_quads() == 0


def test_failing_triple_iterator_leaves_old_graph(store):
    store.replace_graph(G1, triples_one())

    def broken():
        yield (EX.x, EX.name, Literal("new"))
        raise RuntimeError("parser died half-way")

    with pytest.raises(RuntimeError):
        store.replace_graph(G1, broken())
    assert isomorphic(store.graph(G1), as_graph(triples_one()))


def test_invalid_term_half_way_leaves_old_graph(store):
    store.replace_graph(G1, triples_one())
    bad = [(EX.x, EX.name, Literal("new")), (URIRef("http://example.org/has space"), EX.p, EX.o)]
    with pytest.raises(ValueError, match="has space"):
        store.replace_graph(G1, bad)
    assert isomorphic(store.graph(G1), as_graph(triples_one()))


def test_update_failing_after_drop_and_insert_changes_nothing(store):
    """The mechanism replace_graph relies on: one update request is one transaction."""
    store.replace_graph(G1, triples_one())
    store.replace_graph(G2, triples_two())
    with pytest.raises(QueryError, match="already exists"):
        store.update(f"DROP SILENT GRAPH <{G1}> ; "
                     f"INSERT DATA {{ GRAPH <{G1}> {{ <http://example.org/x> <http://example.org/p> 1 }} }} ; "
                     f"CREATE GRAPH <{G2}>")  # fails at run time, after the drop and the insert
    assert isomorphic(store.graph(G1), as_graph(triples_one()))
    assert store.count_quads() == 6


@pytest.mark.parametrize("bulk_up_to", [store_module.BULK_ATOMIC_QUADS, 0])
def test_add_graphs_adds_whole_graphs_or_nothing(store, monkeypatch, bulk_up_to):
    """add_graphs (on disk a bulk load up to BULK_ATOMIC_QUADS quads, else one transaction) stores
    each graph as given, blank nodes apart; a line that does not parse stores nothing at all."""
    monkeypatch.setattr(store_module, "BULK_ATOMIC_QUADS", bulk_up_to)
    store.add_graphs({G1: serialise_for_update(triples_one(), "one"), G2: serialise_for_update(triples_two(), "two")})
    assert isomorphic(store.graph(G1), as_graph(triples_one()))
    assert isomorphic(store.graph(G2), as_graph(triples_two()))
    good = serialise_for_update([(EX.c, EX.name, Literal("Gamma"))], "three")
    broken = SerialisedTriples(good.text + " .\n<http://example.org/c> <http://example.org/p> \"open", good.count + 1)
    with pytest.raises(QueryError):
        store.add_graphs({G3: good, G4: broken})
    assert store.count_quads() == 6 and not {G3, G4} & set(store.graph_iris())


def test_add_graphs_merges_into_a_graph_already_there(store):
    """add_graphs adds: a graph the store holds keeps its triples (graph/writer.py adds new counters to
    the aggregates graph this way; the server backend once dropped the graph first)."""
    store.replace_graph(G1, triples_one())
    store.add_graphs({G1: serialise_for_update(triples_two(), "two"), G2: serialise_for_update(triples_two(), "more")})
    assert isomorphic(store.graph(G1), as_graph(triples_one() + triples_two()))
    assert isomorphic(store.graph(G2), as_graph(triples_two()))


def test_readers_never_see_a_half_replaced_graph(store):
    big_a = [(EX[f"s{i}"], EX.value, Literal(i)) for i in range(1500)]
    big_b = [(EX[f"t{i}"], EX.value, Literal(i)) for i in range(1000)]
    store.replace_graph(G1, big_a)
    seen: set[int] = set()
    stop = threading.Event()
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

    def reader():
        while not stop.is_set():
            rows = store.select(query, {"g": URIRef(G1)}).rows
            seen.add(int(rows[0]["n"]) if rows else 0)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(6):
            store.replace_graph(G1, big_b if i % 2 == 0 else big_a)
    finally:
        stop.set()
        thread.join()
    assert seen <= {1500, 1000}


def test_queries_run_over_the_union_of_named_graphs(store):
    store.replace_graph(G1, triples_one())
    store.replace_graph(G2, triples_two())
    result = store.select("PREFIX ex: <http://example.org/> "
                          "SELECT ?s ?name WHERE { ?s a ex:Thing ; ex:name ?name } ORDER BY ?name")
    assert isinstance(result, SelectResult)
    assert result.variables == ["s", "name"]
    assert [row["name"] for row in result] == [Literal("Alpha"), Literal("Beta")]
    assert store.ask("ASK { ?s a <http://example.org/Thing> }")
    built = store.construct("CONSTRUCT { ?s <http://example.org/label> ?n } WHERE { ?s <http://example.org/name> ?n }")
    assert len(built) == 3


def test_project_prefixes_are_predeclared(store):
    store.replace_graph(G1, [(EX.m, RDF.type, BG.Meeting), (EX.m, DCTERMS.title, Literal("T"))])
    rows = store.select("SELECT ?t WHERE { ?m a bg:Meeting ; dcterms:title ?t }").rows
    assert rows == [{"t": Literal("T")}]


def test_values_of_reads_one_property_of_many_subjects_in_one_graph(store):
    store.replace_graph(G1, triples_one() + [(EX.c, EX["count"], Literal(3))])
    store.replace_graph(G2, triples_two() + [(EX.a, EX["count"], Literal(9))])
    subjects = [str(EX.a), str(EX.b), str(EX.c), str(EX.missing), str(EX.a)]
    assert store.values_of(subjects, str(EX.name), G1) == {str(EX.a): "Alpha"}
    assert store.values_of(subjects, str(EX["count"]), G1) == {str(EX.c): "3"}
    assert store.values_of(subjects, str(EX["count"]), G2) == {str(EX.a): "9"}
    assert store.values_of([], str(EX.name), G1) == {}


def test_unbound_variables_are_absent(store):
    store.replace_graph(G1, triples_two())
    rows = store.select("SELECT ?s ?missing WHERE { ?s <http://example.org/name> ?n "
                        "OPTIONAL { ?s <http://example.org/nope> ?missing } }").rows
    assert rows == [{"s": EX.b}]


def test_union_repeats_a_triple_asserted_in_two_graphs(store):
    """Documented pyoxigraph behaviour queries must allow for (use DISTINCT)."""
    store.replace_graph(G1, triples_two())
    store.replace_graph(G2, triples_two())
    assert len(store.select("SELECT ?n WHERE { ?s <http://example.org/name> ?n }")) == 2
    assert len(store.select("SELECT DISTINCT ?n WHERE { ?s <http://example.org/name> ?n }")) == 1


def test_bindings_are_bound_not_pasted(store):
    nasty = Literal('x"} ; DROP ALL ; #')
    store.replace_graph(G1, [(EX.a, EX.name, nasty)] + triples_two())
    rows = store.select("SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name }", {"name": nasty}).rows
    assert rows == [{"s": EX.a, "name": nasty}]
    assert store.select("SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name }",
                        {"?name": Literal('"} ; DROP ALL ; #')}).rows == []
    assert store.ask("ASK { ?s <http://example.org/name> ?name }", {"name": nasty})
    assert not store.ask("ASK { ?s <http://example.org/name> ?name }", {"name": Literal("nobody")})
    built = store.construct("CONSTRUCT { ?s <http://example.org/n> ?name } WHERE { ?s <http://example.org/name> ?name }",
                            {"s": EX.b})
    assert set(built) == {(EX.b, EX.n, Literal("Beta"))}
    assert store.count_quads() == 3  # nothing was dropped


def test_binding_must_be_projected(store):
    store.replace_graph(G1, triples_two())
    with pytest.raises(QueryError, match="SELECT"):
        store.select("SELECT ?s WHERE { ?s <http://example.org/name> ?name }", {"name": Literal("Beta")})


def test_bad_queries_raise_query_error(store):
    with pytest.raises(QueryError):
        store.select("SELECT ?s WHERE { ?s ?p ")
    with pytest.raises(QueryError):
        store.select("ASK { ?s ?p ?o }")
    with pytest.raises(QueryError):
        store.update("DROP GRAPH")


@pytest.mark.parametrize("literal", [
    Literal("plain"),
    Literal("English", lang="en"),
    Literal("Englisch", lang="en-gb"),
    Literal("Zoë Ångström — naïve ✓ 𝔘 日本語"),
    Literal('she said "hello" \\ back\\slash'),
    Literal("line one\nline two\r\n\ttabbed"),
    Literal('"""triple quoted"""'),
    Literal("<script>alert(1)</script> > } { ."),
    Literal("42", datatype=XSD.integer),
    Literal("2017-06-29", datatype=XSD.date),
    Literal("2017-06-29T12:15:00", datatype=XSD.dateTime),
    Literal("3.5", datatype=XSD.decimal),
    Literal("true", datatype=XSD.boolean),
    Literal("custom value", datatype=URIRef("http://example.org/dt")),
    Literal(""),
])
def test_literals_round_trip(store, literal):
    store.replace_graph(G1, [(EX.s, EX.p, literal)])
    (s, p, o), = store.graph(G1)
    assert o == literal and o.language == literal.language and o.datatype == literal.datatype
    assert store.select("SELECT ?o WHERE { ?s ?p ?o }").rows == [{"o": literal}]
    assert store.ask("ASK { ?s ?p ?o }", {"o": literal})


def test_converted_terms_are_cached_but_a_long_literal_is_not():
    import pyoxigraph as ox
    from graph.store import CACHED_LITERAL_CHARS, _converted_cached, from_oxigraph
    _converted_cached.cache_clear()
    short, long = ox.Literal("GDPR", language="en"), ox.Literal("x" * (CACHED_LITERAL_CHARS + 1))
    iri = ox.NamedNode("http://example.org/board")
    assert [from_oxigraph(t) for t in (short, long, iri)] == [Literal("GDPR", lang="en"),
                                                              Literal("x" * (CACHED_LITERAL_CHARS + 1)), EX.board]
    assert from_oxigraph(short) is from_oxigraph(short) and from_oxigraph(long) is not from_oxigraph(long)
    assert _converted_cached.cache_info().currsize == 2


def test_oxigraph_normalises_derived_integer_types(store):
    """Pinned so nobody is surprised: what comes back is xsd:integer (oxigraph issue #526)."""
    store.replace_graph(G1, [(EX.s, EX.start, Literal("4100", datatype=XSD.nonNegativeInteger)),
                             (EX.s, EX.n, Literal("1.50", datatype=XSD.decimal))])
    values = {p: o for _, p, o in store.graph(G1)}
    assert values[EX.start] == Literal("4100", datatype=XSD.integer)
    assert str(values[EX.n]) == "1.5"


def test_quads_and_dump(store):
    store.replace_graph(G1, triples_one())
    store.replace_graph(G2, triples_two())
    quads = list(store.quads())
    assert len(quads) == 6 and {q[3] for q in quads} == {URIRef(G1), URIRef(G2)}
    assert len(list(store.quads(G2))) == 2
    out = io.BytesIO()
    assert store.dump(out, "nquads") == 6
    assert out.getvalue().count(b"\n") == 6


def test_read_only_opener_sees_data_and_cannot_write(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as writer:
        writer.replace_graph(G1, triples_one())
    with open_store(path, read_only=True) as reader:
        assert reader.graph_iris() == [G1]
        assert isomorphic(reader.graph(G1), as_graph(triples_one()))
        with pytest.raises(StoreError, match="read-only"):
            reader.replace_graph(G1, [])
        with open_store(path) as writer:  # a read-only opener does not take the lock
            writer.replace_graph(G2, triples_two())
        assert reader.graph_iris() == [G1]  # a snapshot...
        reader.refresh()
        assert reader.graph_iris() == [G1, G2]  # ...until refreshed


def test_second_read_write_opener_raises_store_error(tmp_path):
    path = tmp_path / "store"
    with open_store(path):
        with pytest.raises(StoreError) as info:
            open_store(path)
        message = str(info.value)
        assert "locked" in message and str(path) in message and "\n" not in message
    with open_store(path) as again:  # close() released the lock
        assert again.count_quads() == 0


def test_data_survives_reopening(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as s:
        s.replace_graph(G1, triples_one())
    with open_store(path, read_only=True) as s:
        assert isomorphic(s.graph(G1), as_graph(triples_one()))


def test_missing_parent_folders_are_created(tmp_path):
    path = tmp_path / "data" / "store"
    with open_store(path) as store:
        store.replace_graph("http://example.org/g", [(URIRef("http://example.org/s"),
                                                       URIRef("http://example.org/p"), Literal("o"))])
    assert (path / "CURRENT").exists()


def test_unopenable_directories_raise_store_error(tmp_path):
    with pytest.raises(StoreError, match="no store there"):
        open_store(tmp_path / "missing", read_only=True)
    (tmp_path / "file").write_text("not a store")
    with pytest.raises(StoreError, match="not a directory"):
        open_store(tmp_path / "file")
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "CURRENT").write_text("garbage")
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(junk)


def test_closed_store_raises(tmp_path):
    s = open_store()
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.graph_iris()


# --- vocabulary -----------------------------------------------------------------------------

BASE = "http://localhost:5000/id/"


def write_vocabulary(directory, topic_label="General Data Protection Regulation"):
    directory.mkdir(exist_ok=True)
    (directory / "boardgraph.ttl").write_text(
        "@prefix bg: <https://w3id.org/boardgraph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "bg:Meeting a rdfs:Class ; rdfs:label \"Meeting\"@en .\n", encoding="utf-8")
    (directory / "topics.ttl").write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f"<topic/gdpr> a skos:Concept ; skos:prefLabel \"{topic_label}\"@en ; skos:altLabel \"GDPR\" .\n",
        encoding="utf-8")
    (directory / "organisations.ttl").write_text(
        "@prefix org: <http://www.w3.org/ns/org#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<org/dwp> a org:Organization ; skos:prefLabel \"Department for Work and Pensions\" .\n",
        encoding="utf-8")


def test_load_vocabulary(store, tmp_path):
    directory = tmp_path / "ontology"
    write_vocabulary(directory)
    loaded = load_vocabulary(store, BASE, directory)
    assert all(loaded.values()) and len(loaded) == 3
    assert store.graph_iris() == [BASE + "graph/ontology", BASE + "graph/organisations", BASE + "graph/topics"]
    # relative IRIs resolve against the base
    assert store.ask("ASK { GRAPH ?g { ?t skos:altLabel 'GDPR' } }",
                     {"g": URIRef(BASE + "graph/topics"), "t": URIRef(BASE + "topic/gdpr")})
    assert store.ask("ASK { ?o a org:Organization }", {"o": URIRef(BASE + "org/dwp")})

    # unchanged files are skipped; a changed file replaces only its graph
    assert not any(load_vocabulary(store, BASE, directory).values())
    before = store.count_quads()
    write_vocabulary(directory, topic_label="GDPR (General Data Protection Regulation)")
    loaded = load_vocabulary(store, BASE, directory)
    assert loaded == {BASE + "graph/ontology": False, BASE + "graph/topics": True,
                      BASE + "graph/organisations": False}
    assert store.count_quads() == before
    labels = store.select("SELECT ?l WHERE { ?t skos:prefLabel ?l }", None).values("l")
    assert Literal("GDPR (General Data Protection Regulation)", lang="en") in labels
    assert Literal("General Data Protection Regulation", lang="en") not in labels


def test_load_vocabulary_missing_file(store, tmp_path):
    with pytest.raises(FileNotFoundError, match="boardgraph.ttl"):
        load_vocabulary(store, BASE, tmp_path)


@pytest.mark.parametrize("query", [
    "SELECT ?s ?name ?o WHERE { ?s <http://example.org/name> ?name OPTIONAL { ?s <http://example.org/nope> ?o } }",
    "SELECT ?s ?name WHERE { { SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name } } }",
    "SELECT ?s ?name WHERE { { ?s <http://example.org/name> ?name } UNION { ?s <http://example.org/label> ?name } }",
    "# boardgraph: bind by substitution\nSELECT ?s ?name WHERE { ?s <http://example.org/name> ?name }",
], ids=["values", "sub-select", "union", "marked"])
def test_bindings_answer_as_the_value_written_in(store, query):
    """Whether the store binds by a VALUES block or by a substitution, the answer is the query's with
    the value written in its place."""
    store.replace_graph(G1, triples_two() + [(EX.c, URIRef("http://example.org/label"), Literal("Beta"))])
    written = query.replace("?name", '"Beta"').replace('SELECT ?s "Beta"', "SELECT ?s")
    expected = [{**row, "name": Literal("Beta")} for row in store.select(written).rows]
    assert expected and sorted(map(repr, store.select(query, {"name": Literal("Beta")}).rows)) == sorted(map(repr, expected))


def test_flush_keeps_the_data_and_is_a_no_op_where_there_is_nothing_to_flush(tmp_path):
    with open_store(tmp_path / "s") as store:
        store.replace_graph("http://example.org/g", [(URIRef("http://example.org/a"), RDF.type, Literal("A"))])
        store.flush()
        assert store.count_quads() == 1
    with open_store(tmp_path / "s", read_only=True) as reader:
        reader.flush()
        assert reader.count_quads() == 1
    with open_store(None) as in_memory:
        in_memory.flush()
        assert in_memory.count_quads() == 0
