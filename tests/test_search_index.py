"""The full-text search index (graph/search_index.py) against graph/queries/search.rq on real stores:
the WSTB example and the corpus, loaded through graph/writer.py; reloads, changes and removals; a
stale or missing index beside an on-disk store (by the digests of a crash before the index's commit,
by the stamps of a store written without digests); FTS5 syntax in the words."""
from __future__ import annotations

import functools
import logging
import operator
import re
import sqlite3
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

import load
from graph.pipeline import process_file
from graph.queries import load_query
from graph import writer
from graph.search_index import (COUNT_CAP, DIGEST_GRAPH, SearchIndex, SearchQuery, document_digest, document_rows,
                                ensure_index, index_entry, index_path, match_expression, open_for_site, query_words,
                                reindex, stale_documents, store_digest, store_stamps)
from graph.store import load_vocabulary, open_store
from graph.writer import write_documents

BASE = "http://localhost:5000/id/"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
WSTB_BOARD = BASE + "board/wstb"


def _documents(paths) -> list[tuple[str, rdflib.Graph]]:
    documents = []
    for path in paths:
        processed = process_file(path, BASE)
        if processed.validation.conforms:
            documents.append((str(processed.built.graph_iri), processed.built.graph))
    return documents


@pytest.fixture(scope="module")
def corpus_documents(wstb_path) -> list[tuple[str, rdflib.Graph]]:
    return _documents([wstb_path, *sorted(CORPUS.glob("*.txt"))])


@pytest.fixture(scope="module")
def corpus_store(corpus_documents):
    with open_store() as store:
        load_vocabulary(store, BASE)
        write_documents(store, corpus_documents)
        yield store


def sparql_answer(store, query: SearchQuery) -> list[tuple[str, str]]:
    """search.rq's facts for QUERY, kept where every word starts a word of the text (the index's
    matching; search.rq matches anywhere), each (fact, graph) once, in search.rq's order."""
    bindings = {f"w{i}": Literal(w) for i, w in enumerate(query.words, 1)}
    for name, value in (("boardFilter", query.board), ("person", query.person), ("topic", query.topic)):
        if value is not None:
            bindings[name] = URIRef(value)
    for name, value in (("from", query.date_from), ("to", query.date_to)):
        if value is not None:
            bindings[name] = Literal(value, datatype=XSD.date)
    starts = [re.compile(r"(?<![^\W_])" + re.escape(w)) for w in query.words]
    answer = list(dict.fromkeys((str(r["fact"]), str(r["graph"]))
                                for r in store.select(load_query("search"), bindings)))
    texts = fact_texts(store, answer)
    return [key for key in answer if all(s.search(texts[key]) for s in starts)]


def fact_texts(store, keys) -> dict[tuple[str, str], str]:
    """(fact, graph) -> the fact's literals in that graph, lower-cased and joined."""
    graphs = {g: store.graph(g) for g in {g for _, g in keys}}
    return {(f, g): " ".join(str(o) for o in graphs[g].objects(URIRef(f), None) if isinstance(o, Literal)).lower()
            for f, g in keys}


def index_answer(index: SearchIndex, query: SearchQuery) -> list[tuple[str, str]]:
    found, total = index.search(query, limit=100_000)
    assert total == min(len(found), COUNT_CAP)
    return [(r["fact"], r["graph"]) for r in found]


# --- the same answers as search.rq ----------------------------------------------------------------


@pytest.mark.parametrize("words", [["data"], ["gdpr"], ["council"], ["agreed"], ["data", "the"], ["the"],
                                   ["action"], ["stat"], ["open", "data"], ["nothingmatchesthis"]])
def test_words_answer_like_search_rq(corpus_store, words):
    index = open_for_site(corpus_store)
    expected = sparql_answer(corpus_store, SearchQuery(words))
    assert index_answer(index, SearchQuery(words)) == expected
    if words != ["nothingmatchesthis"]:
        assert expected


@pytest.mark.parametrize("query", [SearchQuery(["the"]), SearchQuery(["data"]),
                                   SearchQuery(date_from="2011-01-01", date_to="2020-12-31")])
def test_pages_follow_each_other_exactly(corpus_store, query):
    index = open_for_site(corpus_store)
    everything = index_answer(index, query)
    pages, offset = [], 0
    while page := index.search(query, limit=7, offset=offset)[0]:
        pages += [(r["fact"], r["graph"]) for r in page]
        offset += 7
    assert pages == everything and len(everything) > 7


def _busiest(store, predicate: str) -> str:
    """The IRI most facts name with PREDICATE (a speaker, a topic)."""
    rows = store.select(f"SELECT ?x (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?f {predicate} ?x }} }} "
                        "GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1")
    return str(rows.rows[0]["x"])


def test_every_filter_answers_like_search_rq(corpus_store):
    index = open_for_site(corpus_store)
    person, topic = _busiest(corpus_store, "bg:speaker"), _busiest(corpus_store, "dcterms:subject")
    boards = {str(r["b"]) for r in corpus_store.select("SELECT DISTINCT ?b WHERE { ?m bg:board ?b }")}
    other_board = sorted(boards - {WSTB_BOARD})[0]
    queries = [SearchQuery(board=WSTB_BOARD), SearchQuery(["data"], board=WSTB_BOARD),
               SearchQuery(["the"], board=other_board), SearchQuery(person=person),
               SearchQuery(["the"], person=person), SearchQuery(topic=BASE + "topic/gdpr"),
               SearchQuery(topic=topic), SearchQuery(["the"], topic=topic),
               SearchQuery(date_from="2017-06-29", date_to="2017-06-29"), SearchQuery(["the"], date_from="2018-01-01"),
               SearchQuery(["the"], date_to="2015-12-31"), SearchQuery(["data"], WSTB_BOARD, person, topic,
                                                                        "2010-01-01", "2030-01-01"),
               SearchQuery(board=BASE + "board/no-such-board"), SearchQuery(person=BASE + "person/nobody-at-all")]
    empty = []
    for number, query in enumerate(queries):
        expected = sparql_answer(corpus_store, query)
        assert index_answer(index, query) == expected, query
        empty += [] if expected else [number]
    assert set(empty) <= {7, 11, 12, 13}


def test_rows_come_from_the_document_graph(corpus_documents):
    graph_iri, graph = corpus_documents[0]
    rows = document_rows(graph_iri, graph)
    statements = set(graph.subjects(rdflib.RDF.type, URIRef("https://w3id.org/boardgraph/ontology#Statement")))
    assert {URIRef(r.fact) for r in rows} >= statements
    assert all(r.graph == graph_iri and r.date == "2017-06-29" and r.board == WSTB_BOARD for r in rows)
    assert any(BASE + "topic/gdpr" in r.tags for r in rows)


# --- reload, change, removal -------------------------------------------------------------------------


def _wstb_changed(tmp_path: Path, wstb_path: Path, old: str, new: str) -> Path:
    path = tmp_path / wstb_path.name
    text = wstb_path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


def test_reload_change_and_removal_keep_the_index_exact(tmp_path, wstb_path, corpus_documents):
    with open_store() as store:
        load_vocabulary(store, BASE)
        write_documents(store, corpus_documents[:3])
        index = open_for_site(store)
        before = index_answer(index, SearchQuery(["data"]))
        write_documents(store, corpus_documents[:1])  # the same document again
        assert index_answer(index, SearchQuery(["data"])) == before
        changed = _documents([_wstb_changed(tmp_path, wstb_path, "Stat-Xplore", "Zanzibarplore")])
        write_documents(store, changed)
        assert index_answer(index, SearchQuery(["zanzibarplore"])) == sparql_answer(store, SearchQuery(["zanzibarplore"]))
        assert index_answer(index, SearchQuery(["zanzibarplore"]))
        assert index_answer(index, SearchQuery(["data"])) == sparql_answer(store, SearchQuery(["data"]))
        write_documents(store, [(corpus_documents[0][0], rdflib.Graph())])  # removed
        assert index_answer(index, SearchQuery(["zanzibarplore"])) == []
        assert index_answer(index, SearchQuery(["the"])) == sparql_answer(store, SearchQuery(["the"]))
        assert corpus_documents[0][0] not in index.stamps()
        assert stale_documents(store, index) == ([], [])


# --- beside an on-disk store: stale and missing indexes ---------------------------------------------


def test_on_disk_index_stale_and_missing_are_detected_and_rebuilt(tmp_path, wstb_path, corpus_documents, caplog):
    store_dir = tmp_path / "store"
    with open_store(store_dir) as store:
        load_vocabulary(store, BASE)
        write_documents(store, corpus_documents[:4])
        path = index_path(store)
    assert path == tmp_path / "store.search.sqlite" and path.is_file()
    with open_store(store_dir, read_only=True) as store:
        index = open_for_site(store)
        assert index is not None and index.read_only
        assert index_answer(index, SearchQuery(["data"])) == sparql_answer(store, SearchQuery(["data"]))
        with pytest.raises(sqlite3.OperationalError):  # the site cannot write it
            index.replace_documents([index_entry(*corpus_documents[0])])
        index.close()
    # a crash between the store's commit and the index's: the store holds a newer document
    changed = _documents([_wstb_changed(tmp_path, wstb_path, "Stat-Xplore", "Zanzibarplore")])
    with open_store(store_dir) as store:
        _crash_before_the_index(store, changed)
    with open_store(store_dir, read_only=True) as store, caplog.at_level(logging.WARNING):
        assert open_for_site(store) is None
        assert "is stale (its documents' digest differs from the store's)" in caplog.text
    with open_store(store_dir) as store, SearchIndex.open(index_path(store)) as index:
        assert ensure_index(store, index) == 1  # only the changed document
        assert ensure_index(store, index) == 0
        assert index_answer(index, SearchQuery(["zanzibarplore"])) == sparql_answer(store, SearchQuery(["zanzibarplore"]))
    path.unlink()
    with open_store(store_dir, read_only=True) as store, caplog.at_level(logging.WARNING):
        assert open_for_site(store) is None
        assert "no usable full-text index" in caplog.text
    result = CliRunner().invoke(load.cli, ["reindex", "--store", str(store_dir)])
    assert result.exit_code == 0 and "indexed 4 documents" in result.output
    with open_store(store_dir, read_only=True) as store:
        index = open_for_site(store)
        assert index is not None
        assert index_answer(index, SearchQuery(["the"])) == sparql_answer(store, SearchQuery(["the"]))
        index.close()


def _crash_before_the_index(store, documents) -> None:
    """write_documents killed between the store's commit and the index's."""
    def killed(*_):
        raise KeyboardInterrupt("killed before the index was written")
    with pytest.MonkeyPatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(writer, "index_documents", killed)
        write_documents(store, documents)


def _site_sees(store_dir: Path) -> bool:
    """Whether the site would use the index beside the store (else it asks the store)."""
    with open_store(store_dir, read_only=True) as store:
        index = open_for_site(store)
        if index is not None:
            index.close()
        return index is not None


@pytest.mark.parametrize("stale_by", ["added", "changed", "removed"])
def test_a_crash_before_the_index_is_seen_by_the_digests_until_the_batch_is_written_again(tmp_path, wstb_path,
                                                                                              corpus_documents, stale_by):
    store_dir = tmp_path / "store"
    changed = _documents([_wstb_changed(tmp_path, wstb_path, "Stat-Xplore", "Zanzibarplore")])
    batch = {"added": corpus_documents[3:4], "changed": changed,
             "removed": [(corpus_documents[0][0], rdflib.Graph())]}[stale_by]
    with open_store(store_dir) as store:
        write_documents(store, corpus_documents[:3])
        assert store_digest(store) is not None
        with SearchIndex.open(index_path(store)) as index:
            assert index.digest() == store_digest(store)
        _crash_before_the_index(store, batch)
        with SearchIndex.open(index_path(store)) as index:
            assert index.digest() != store_digest(store) and stale_documents(store, index) != ([], [])
    assert not _site_sees(store_dir)
    with open_store(store_dir) as store:
        write_documents(store, batch)  # the same batch again: the index catches up
    assert _site_sees(store_dir)
    with open_store(store_dir, read_only=True) as store, SearchIndex.open(index_path(store), read_only=True) as index:
        assert stale_documents(store, index) == ([], [])


def test_a_store_written_without_digests_is_checked_stamp_by_stamp(tmp_path, wstb_path, corpus_documents, caplog):
    """A store an older version wrote (no digest): every stamp is compared, as before digests; the next
    write gives the store its digest."""
    store_dir = tmp_path / "store"
    with open_store(store_dir) as store:
        store.replace_graphs(dict(corpus_documents[:3]))
        reindex(store, index_path(store))
        assert store_digest(store) is None
    assert _site_sees(store_dir)
    changed = _documents([_wstb_changed(tmp_path, wstb_path, "Stat-Xplore", "Zanzibarplore")])
    with open_store(store_dir) as store:
        store.replace_graphs(dict(changed))  # an older version, killed before its index write
    with caplog.at_level(logging.WARNING):
        assert not _site_sees(store_dir)
        assert "stale (1 documents differ from the store)" in caplog.text
    with open_store(store_dir) as store:
        write_documents(store, corpus_documents[1:2])
        assert store_digest(store) is not None
        with SearchIndex.open(index_path(store)) as index:
            assert index.digest() != store_digest(store)  # the older version's document is still not indexed
            ensure_index(store, index)
            assert index.digest() == store_digest(store)
    assert _site_sees(store_dir)


def test_an_index_written_before_digests_gives_the_digest_of_its_documents(tmp_path, corpus_documents):
    store_dir = tmp_path / "store"
    with open_store(store_dir) as store:
        write_documents(store, corpus_documents[:3])
        with SearchIndex.open(index_path(store)) as index, index._db:
            index._db.execute("DROP TABLE meta")  # as an index of layout 5 before digests
    assert _site_sees(store_dir)
    with open_store(store_dir) as store:
        write_documents(store, corpus_documents[3:4])
    assert _site_sees(store_dir)


def test_the_store_digest_is_the_digest_of_its_stamps(tmp_path, corpus_documents):
    """Written in one batch or many, replaced or removed, bulk (two transactions) or not: the digest the
    writer keeps is the one every stamp gives, and writing the same documents again leaves it alone."""
    with open_store() as store:
        write_documents(store, corpus_documents[:2])  # new documents: added, then the parts merged
        write_documents(store, corpus_documents[1:4])  # one replaced, two added
        write_documents(store, [(corpus_documents[0][0], rdflib.Graph())])
        expected = functools.reduce(operator.xor, (document_digest(g, s) for g, s in store_stamps(store).items()))
        assert store_digest(store) == expected
        write_documents(store, corpus_documents[2:4])
        assert store_digest(store) == expected
        assert len(store.select(f"SELECT ?p WHERE {{ GRAPH <{DIGEST_GRAPH}> {{ ?p ?d ?v }} }}").rows) == 1


def test_first_write_indexes_what_the_store_already_holds(tmp_path, corpus_documents):
    store_dir = tmp_path / "store"
    with open_store(store_dir) as store:
        store.replace_graphs(dict(corpus_documents[:2]))  # written before there was an index
        write_documents(store, corpus_documents[2:3])
        with SearchIndex.open(index_path(store)) as index:
            assert set(index.stamps()) == {g for g, _ in corpus_documents[:3]}


def test_reindex_into_another_file_leaves_the_store_dir_alone(tmp_path, corpus_documents):
    store_dir = tmp_path / "store"
    with open_store(store_dir) as store:
        store.replace_graphs(dict(corpus_documents[:2]))
    before = sorted(p.name for p in store_dir.iterdir())
    target = tmp_path / "elsewhere" / "index.sqlite"
    target.parent.mkdir()
    result = CliRunner().invoke(load.cli, ["reindex", "--store", str(store_dir), "--index", str(target)])
    assert result.exit_code == 0, result.output
    with SearchIndex.open(target, read_only=True) as index:
        assert len(index.stamps()) == 2
    assert not (tmp_path / "store.search.sqlite").exists()
    assert sorted(p.name for p in store_dir.iterdir() if not p.name.startswith("LOG")) == \
        [n for n in before if not n.startswith("LOG")]


# --- words ------------------------------------------------------------------------------------------


def test_query_words_keep_phrases_and_drop_repeats():
    assert query_words('Stat-Xplore  "Universal   Credit" data DATA') == ["stat-xplore", "universal credit", "data"]
    assert query_words('"unclosed phrase') == ['"unclosed', "phrase"]
    assert query_words("   ") == []


def test_every_word_is_quoted_for_fts5():
    assert match_expression(['a"b', "near(x", "a"]) == '"a""b"* AND "near(x"* AND "a"'


@pytest.mark.parametrize("words", [['"'], ["*"], ["near"], ["and"], ["-"], ["("], [")"], ["near(data"],
                                   ["data", "or", "not"], ['data"*'], ["text:data"], ["^data"], ['"data'],
                                   ["data)", "(the"], ["-data"], ["{data}"], ["data*"], ["'"], ["data", "NOT"]])
def test_fts5_syntax_in_words_is_only_text(corpus_store, words):
    index = open_for_site(corpus_store)
    words = [w.lower() for w in words]
    found = index_answer(index, SearchQuery(words))  # never an FTS5 syntax error
    tokens = [re.findall(r"[^\W_]+", w) for w in words]
    if not all(tokens):
        assert found == []  # a word without letters or digits matches nothing
        return
    # each word matches as its own tokens, in order, the last one a word start: a phrase of plain text
    phrases = [re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, t))) for t in tokens]
    texts = fact_texts(corpus_store, found)
    assert all(all(p.search(texts[key]) for p in phrases) for key in found)
