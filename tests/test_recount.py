"""graph/recount.py: the aggregates counted afresh from the stored documents equal the ones the writes
kept, whether the documents are read in this process or in worker processes, on disk or on a server,
and whatever stale triples the aggregates graph held; a recount stopped part way leaves the store
marked as not counted, and the next write counts it afresh."""
from __future__ import annotations

import pytest
import rdflib

from bench.synth import write_corpus
from graph import recount
from graph.aggregates import AGG, AGGREGATES_GRAPH, has_aggregates, snapshot
from graph.pipeline import process_file
from graph.recount import ensure_counted, rebuild
from graph.store import StoreError, open_store
from graph.writer import write_documents

BASE = "http://localhost:5000/id/"


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[tuple[str, rdflib.Graph]]:
    """Ten synthetic meetings of three boards, processed."""
    out = tmp_path_factory.mktemp("synth")
    write_corpus(out, 10, seed=5, boards=3)
    found = [process_file(p, BASE) for p in sorted(out.iterdir()) if p.suffix in (".txt", ".md")]
    return [(str(d.built.graph_iri), d.built.graph) for d in found]


@pytest.fixture()
def small_chunks(monkeypatch):
    """Chunks small enough that clearing, adding and the workers' tasks each take several rounds."""
    monkeypatch.setattr(recount, "CLEAR_CHUNK", 300)
    monkeypatch.setattr(recount, "ADD_CHUNK", 700)
    monkeypatch.setattr(recount, "DOCUMENTS_A_TASK", 3)


def _kept(store, documents) -> set:
    """The aggregates the writes keep for DOCUMENTS written in two batches."""
    write_documents(store, documents[:4])
    write_documents(store, documents[4:])
    assert has_aggregates(store)
    return snapshot(store)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_recount_on_disk_equals_the_kept_aggregates(tmp_path, documents, small_chunks, jobs):
    with open_store(tmp_path / "store") as store:
        kept = _kept(store, documents)
        assert len(kept) > 2 * recount.ADD_CHUNK
        rebuild(store, jobs=jobs)
        assert has_aggregates(store)
        assert snapshot(store) == kept


def test_a_recount_on_a_sparql_server_in_workers_equals_the_kept_aggregates(server_store, documents, small_chunks):
    """The workers open the server by its URL (GraphStore.location)."""
    kept = _kept(server_store, documents)
    assert server_store.location is not None
    rebuild(server_store, jobs=2)
    assert has_aggregates(server_store) and snapshot(server_store) == kept


def test_a_recount_removes_what_no_document_gives(documents, small_chunks):
    """Pending marks, a counter no document gives and another layout's version marker all go."""
    with open_store() as store:
        kept = _kept(store, documents)
        graph = f"<{AGGREGATES_GRAPH}>"
        store.update(f"""INSERT DATA {{ GRAPH {graph} {{
            {graph} <{AGG.pending}> <{documents[0][0]}> . {graph} <{AGG.version}> 1 .
            <urn:boardgraph:aggregates:stale:0> <{AGG.kind}> "stale" ; <{AGG["count"]}> 7 }} }}""")
        assert not has_aggregates(store)
        rebuild(store)
        assert snapshot(store) == kept


def test_a_recount_stopped_part_way_is_not_taken_as_current_and_the_next_write_counts_afresh(documents, small_chunks,
                                                                                               monkeypatch):
    with open_store() as store:
        write_documents(store, documents[:6])
        rounds = []

        def stopped(graphs) -> None:
            rounds.append(graphs)
            if len(rounds) == 2:
                raise StoreError("stopped while adding the counters")
            original(graphs)

        original = store.add_graphs
        with monkeypatch.context() as patched, pytest.raises(StoreError):
            patched.setattr(store, "add_graphs", stopped)
            rebuild(store)
        assert not has_aggregates(store)
        assert 0 < len(snapshot(store)) <= recount.ADD_CHUNK  # the first chunk only
        write_documents(store, documents[6:])
        assert has_aggregates(store)
        with open_store() as whole:
            assert snapshot(store) == _kept(whole, documents)


def test_a_recount_stopped_while_clearing_is_not_taken_as_current(documents, small_chunks, monkeypatch):
    """The version marker goes first, so a store whose old counters are half deleted is not read as exact."""
    with open_store() as store:
        kept = _kept(store, documents)
        updates = []

        def stopped(text: str) -> None:
            updates.append(text)
            if len(updates) == 3:  # the version's removal and the first chunk done
                raise StoreError("stopped while clearing")
            original(text)

        original = store.update
        with monkeypatch.context() as patched, pytest.raises(StoreError):
            patched.setattr(store, "update", stopped)
            rebuild(store)
        assert len(snapshot(store)) == len(kept) - 1 - recount.CLEAR_CHUNK  # the marker and one chunk gone
        assert not has_aggregates(store)


def test_ensure_counted_recounts_only_a_store_whose_aggregates_are_not_current(documents):
    with open_store() as store:
        assert not ensure_counted(store)  # nothing stored
        for iri, graph in documents[:3]:
            store.replace_graph(iri, graph)  # stored without aggregates
        assert not has_aggregates(store)
        assert ensure_counted(store, jobs=2)  # in memory: read in this process whatever JOBS says
        assert has_aggregates(store)
        counted = snapshot(store)
        assert not ensure_counted(store)  # current
        with open_store() as whole:
            assert counted == _kept(whole, documents[:3])
