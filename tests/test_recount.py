"""graph/recount.py: the aggregates counted afresh from the stored documents equal the ones the writes
kept, whether the documents are read in this process or in worker processes, on disk or on a server,
and whatever stale triples the aggregates graph held; a recount stopped part way leaves the store
marked as not counted, and the next write counts it afresh."""
from __future__ import annotations

import pytest
import rdflib

from graph import recount
from graph.aggregates import AGG, AGGREGATES_GRAPH, has_aggregates, snapshot
from graph.recount import ensure_counted, rebuild
from graph.store import StoreError, open_store
from graph.writer import write_documents


@pytest.fixture()
def documents(synthetic_documents) -> list[tuple[str, rdflib.Graph]]:
    """Ten synthetic meetings of three boards (conftest.py)."""
    return synthetic_documents[:10]


def _stopping(original, at_call: int, message: str):
    """ORIGINAL (a store method taking one argument), raising StoreError(MESSAGE) at its AT_CALL-th call."""
    calls = []

    def stopping(argument) -> None:
        calls.append(argument)
        if len(calls) == at_call:
            raise StoreError(message)
        original(argument)
    return stopping


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
        with monkeypatch.context() as patched, pytest.raises(StoreError):
            patched.setattr(store, "add_graphs", _stopping(store.add_graphs, 2, "stopped while adding the counters"))
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
        with monkeypatch.context() as patched, pytest.raises(StoreError):
            # the marker's removal and the first chunk done
            patched.setattr(store, "update", _stopping(store.update, 3, "stopped while clearing"))
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


@pytest.mark.parametrize("optimize_from, compact, compacted", [(10, True, True), (11, True, False), (10, False, False)])
def test_a_recount_of_optimize_from_documents_on_disk_compacts_the_store(tmp_path, documents, monkeypatch, optimize_from,
                                                                        compact, compacted):
    """Step 6: a recount of OPTIMIZE_FROM documents or more compacts the on-disk store, unless the caller
    (a load going on to write) compacts at its own end; the aggregates are the kept ones either way."""
    monkeypatch.setattr(recount, "OPTIMIZE_FROM", optimize_from)
    with open_store(tmp_path / "store") as store:
        kept = _kept(store, documents)
        compactions = []
        monkeypatch.setattr(store, "optimize", lambda original=store.optimize: compactions.append(original()))
        assert rebuild(store, jobs=1, compact=compact) == len(documents) == 10
        assert bool(compactions) == compacted
        assert has_aggregates(store) and snapshot(store) == kept
