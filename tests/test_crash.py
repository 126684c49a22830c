"""A load killed with SIGKILL at any moment leaves every stored document whole, the load-time
aggregates exact (or marked as not yet counting the last batch), and a re-run of the same load
completes, search index included (graph/writer.py).

Real `load.py` processes writing a real on-disk store, killed at several moments; nothing is mocked."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from graph.aggregates import AGG, has_aggregates, snapshot
from graph.pipeline import process_file
from graph.recount import rebuild
from graph.search_index import open_for_site, stale_documents
from graph.store import open_store

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import synth  # noqa: E402

LOAD = [sys.executable, str(REPO / "load.py")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[str], dict]:
    """Twelve synthetic minutes and the graph each should be stored as."""
    folder = tmp_path_factory.mktemp("crash")
    synth.write_corpus(folder, 12, seed=7, boards=3)
    files = sorted(str(p) for p in folder.iterdir() if p.suffix in (".txt", ".md"))
    expected = {}
    for file in files:
        processed = process_file(file)
        expected[str(processed.built.graph_iri)] = processed.built.graph
    return files, expected


def _counts(store) -> set[tuple[str, str, str]]:
    """The aggregates without their layout marker: a store killed before its first batch was written has
    no marker and no counts, which is what a recount of nothing gives."""
    return {triple for triple in snapshot(store) if triple[1] != str(AGG.version)}


def _every_index_holds(store, graph_iri: str) -> None:
    """Oxigraph keeps each quad in six index orders (a bulk load ingests one file per order): every
    order must give the document's graph exactly, not only the one store.graph() reads."""
    native = store._ox  # the pyoxigraph store: quads_for_pattern picks the index from what is bound
    graph = ox.NamedNode(graph_iri)
    whole = set(native.quads_for_pattern(None, None, None, graph))
    subjects, predicates, objects = ({getattr(q, part) for q in whole} for part in ("subject", "predicate", "object"))
    through = {
        "gpos": {q for p in predicates for q in native.quads_for_pattern(None, p, None, graph)},
        "gosp": {q for o in objects for q in native.quads_for_pattern(None, None, o, graph)},
        "spog": {q for s in subjects for q in native.quads_for_pattern(s, None, None) if q.graph_name == graph},
        "posg": {q for p in predicates for q in native.quads_for_pattern(None, p, None) if q.graph_name == graph},
        "ospg": {q for o in objects for q in native.quads_for_pattern(None, None, o) if q.graph_name == graph},
    }
    for order, quads in through.items():
        assert quads == whole, f"{graph_iri}: the {order} index holds {len(quads)} of its {len(whole)} quads"


def _stored_documents_are_whole(store_dir: Path, expected: dict) -> int:
    """How many documents the store holds; each must be exactly the graph the pipeline builds, and the
    aggregates must equal a recount, or (killed between a batch's two transactions, graph/writer.py)
    be marked as not counting the batch's documents, which readers then count themselves."""
    with open_store(store_dir) as store:
        stored = [iri for iri in store.graph_iris() if iri in expected]
        for iri in stored:
            assert isomorphic(store.graph(iri), expected[iri]), f"{iri} is not whole"
            _every_index_holds(store, iri)
        exact = has_aggregates(store)
        pending = {str(o) for _, p, o in snapshot(store) if p == str(AGG.pending)}
        if stored and not exact:
            assert pending and pending <= set(stored), "documents are stored but the aggregates are not"
        before = _counts(store)
        rebuild(store)
        assert has_aggregates(store)
        if exact:
            assert _counts(store) == before, "the aggregates differ from a recount"
    return len(stored)


@pytest.mark.parametrize("kill_after", [1.5, 3.0, 5.0])
def test_a_killed_load_leaves_whole_documents_and_a_rerun_completes(tmp_path, corpus, kill_after):
    files, expected = corpus
    store_dir = tmp_path / "store"
    loading = subprocess.Popen([*LOAD, "--store", str(store_dir), "--jobs", "1", "--batch", "1", *files],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(kill_after)
    loading.send_signal(signal.SIGKILL)
    loading.wait()
    if (store_dir / "CURRENT").exists():
        _stored_documents_are_whole(store_dir, expected)
    rerun = subprocess.run([*LOAD, "--store", str(store_dir), "--jobs", "1", *files], capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert _stored_documents_are_whole(store_dir, expected) == len(expected)
    with open_store(store_dir, read_only=True) as store:  # the search index caught up with the store too
        index = open_for_site(store)
        assert index is not None, "the search index is missing or stale after the re-run"
        assert stale_documents(store, index) == ([], [])
        index.close()
