"""graph/bulk.py: many files through worker processes, written in batches, in input order; the same
store, lines and exit code as one at a time; validation reports stored or spooled."""
from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from rdflib import BNode

from graph import bulk  # bulk.in_workers: the fixture in_workers below is a whole load
from graph.bulk import EXIT_OK, EXIT_UNREADABLE, EXIT_VIOLATIONS, load_files, process_path, report_document, warm
from graph.namespaces import DEFAULT_BASE
from graph.workers import in_worker
from graph.reports import read_findings, report_graph_iri, write_spooled_reports
from graph.store import load_vocabulary, open_store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synth  # noqa: E402

VIOLATING = ("Minutes\nTitle of Meeting:\tTest Board (TB)\nDate:\t1 March 2020\n\n"
             "Agenda item 1 - Welcome\n\n(Action Point 3).\n")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[str]:
    """Six synthetic minutes with an unreadable file and a violating one among them."""
    folder = tmp_path_factory.mktemp("corpus")
    synth.write_corpus(folder, 6, seed=1)
    good = sorted(str(p) for p in folder.iterdir() if p.suffix in (".txt", ".md"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "violating.txt").write_text(VIOLATING, encoding="utf-8")
    return [*good[:2], str(folder / "empty.txt"), *good[2:4], str(folder / "violating.txt"), *good[4:]]


def _load(files, jobs, batch=2, spool=None):
    """Load into a fresh in-memory store; returns (result, store, printed lines)."""
    store = open_store(None)
    printed: list[tuple[str, bool]] = []

    def open_target():
        load_vocabulary(store, DEFAULT_BASE)
        return store
    result = load_files(files, open_target, DEFAULT_BASE, jobs=jobs, batch=batch, reports_spool=spool,
                        echo=lambda text, err: printed.append((text, err)))
    return result, store, printed


@pytest.fixture(scope="module")
def one_at_a_time(files):
    return _load(files, jobs=1)


@pytest.fixture(scope="module")
def in_workers(files):
    return _load(files, jobs=2, batch=2)


def test_workers_store_exactly_what_one_at_a_time_stores(one_at_a_time, in_workers):
    (serial, serial_store, _), (parallel, parallel_store, _) = one_at_a_time, in_workers
    assert serial.stored == parallel.stored == 6 and serial.triples == parallel.triples
    assert _ground(serial_store) == _ground(parallel_store)


def _ground(store) -> set:
    """The quads without blank nodes (the ontology's blank nodes get new labels per load)."""
    return {quad for quad in store.quads() if not any(isinstance(term, BNode) for term in quad)}


def test_lines_in_input_order_and_worst_exit_code(files, one_at_a_time, in_workers):
    for result, _, printed in (one_at_a_time, in_workers):
        assert result.worst == EXIT_UNREADABLE
        firsts = [text.splitlines()[0] for text, _ in printed]
        assert len(firsts) == len(files) and all(Path(f).name in line for f, line in zip(files, firsts))
        assert [err for _, err in printed] == [False, False, True, False, False, True, False, False]
        assert "violation" in firsts[5] and "nothing stored" in firsts[5]
    assert one_at_a_time[2] == in_workers[2]


def test_bad_documents_are_not_stored(in_workers):
    _, store, _ = in_workers
    assert not any("/tb/" in iri for iri in store.graph_iris())


def test_outcome_of_each_kind(files):
    assert process_path(files[0], DEFAULT_BASE).status == EXIT_OK
    assert process_path(files[2], DEFAULT_BASE).status == EXIT_UNREADABLE
    violating = process_path(files[5], DEFAULT_BASE)
    assert violating.status == EXIT_VIOLATIONS and violating.graph is None


def test_a_worker_leaves_no_garbage_of_a_document_to_the_collector(files):
    """warm() freezes what every document shares; in_worker() then collects each document's
    cycles itself, so the collector's automatic runs find nothing of it (they scanned it, costing a
    sixth of a worker's time, graph/bulk.py)."""
    gc.collect()
    try:
        warm(DEFAULT_BASE)
        assert gc.get_freeze_count() > 0
        gc.disable()  # no automatic run may take the garbage first
        for path in (files[0], files[5]):  # a stored and a violating document
            in_worker(process_path, path, DEFAULT_BASE)
            assert gc.collect() < 50  # 0 here; a little slack for what another thread of pytest may leave
        process_path(files[0], DEFAULT_BASE)
        assert gc.collect() > 1000  # what the worker's own collection removes (~5,000 objects)
    finally:
        gc.enable()
        gc.unfreeze()


def test_report_document_of_each_kind(files):
    good, empty, violating = (report_document(files[i], DEFAULT_BASE) for i in (0, 2, 5))
    processed = process_path(files[0], DEFAULT_BASE)
    assert good.error is None and good.violations == 0 and good.name == Path(files[0]).name
    assert processed.lines[0].startswith(f"{good.name}: loaded ") and f", {good.date}): " in processed.lines[0]
    assert good.counts["statements"] > 0 and good.counts["participants"] > 0 and set(good.counts) == {
        "participants", "items", "statements", "action points", "decisions", "topics", "warnings"}
    assert empty.error is not None and "empty" in empty.error and not empty.counts
    assert violating.error is None and violating.violations > 0 and violating.board == "Test Board"


def test_in_workers_gives_what_one_at_a_time_gives_in_input_order(files):
    one_at_a_time = list(bulk.in_workers(report_document, files, DEFAULT_BASE, 1, window=3))
    assert [r.name for r in one_at_a_time] == [Path(f).name for f in files]
    assert list(bulk.in_workers(report_document, files, DEFAULT_BASE, 2, window=3)) == one_at_a_time


def test_reports_stored_with_the_documents(files, in_workers):
    _, store, _ = in_workers
    stored = read_findings(store)
    for path in files[:2]:
        outcome = process_path(path, DEFAULT_BASE)
        assert stored[outcome.graph_iri] == outcome.findings
    assert len(stored) == 6
    assert report_graph_iri(outcome.graph_iri, DEFAULT_BASE) in store.graph_iris()


def test_deferred_reports_are_written_later(files, in_workers, tmp_path):
    spool = tmp_path / "reports.jsonl"
    _, store, _ = _load(files, jobs=2, spool=spool)
    assert read_findings(store) == {}
    assert write_spooled_reports(store, spool, DEFAULT_BASE) == 6
    assert not spool.exists()
    assert read_findings(store) == read_findings(in_workers[1])


def test_an_on_disk_store_is_flushed_every_flush_every_documents_and_keeps_them(files, tmp_path, monkeypatch):
    """The loader flushes the store (Oxigraph's memtables to disk) every FLUSH_EVERY stored documents;
    reopened, the store holds what a load without flushes holds."""
    import graph.bulk
    from graph.store import OxigraphStore
    flushed: list[int] = []

    class CountingStore(OxigraphStore):
        def flush(self) -> None:
            flushed.append(self.count_quads())
            super().flush()
    monkeypatch.setattr(graph.bulk, "FLUSH_EVERY", 2)
    store = CountingStore(tmp_path / "store")
    load_vocabulary(store, DEFAULT_BASE)
    result = load_files(files, lambda: store, DEFAULT_BASE, jobs=1, echo=lambda text, err: None)
    assert result.stored == 6 and len(flushed) == 3 and flushed == sorted(flushed)
    store.close()
    with open_store(tmp_path / "store", read_only=True) as reopened:
        _, unflushed, _ = _load(files, jobs=1)
        assert _ground(reopened) == _ground(unflushed)


@pytest.mark.parametrize("optimize_from, compacted", [(6, True), (7, False)])
def test_a_load_storing_optimize_from_documents_compacts_the_store_and_keeps_them(files, tmp_path, optimize_from,
                                                                                   compacted):
    """A load that stored at least ``optimize_from`` documents compacts the on-disk store at its end (and
    says so); reopened, it holds what the in-memory load holds."""
    printed: list[tuple[str, bool]] = []
    store = open_store(tmp_path / "store")
    load_vocabulary(store, DEFAULT_BASE)
    result = load_files(files, lambda: store, DEFAULT_BASE, jobs=2, batch=2, optimize_from=optimize_from,
                        echo=lambda text, err: printed.append((text, err)))
    store.close()
    assert result.stored == 6
    assert (("compacting the store (6 documents written, 0 recounted)", True) in printed) == compacted
    with open_store(tmp_path / "store", read_only=True) as reopened:
        assert _ground(reopened) == _ground(_load(files, jobs=1)[1])


def test_a_store_without_files_of_its_own_is_not_compacted(files):
    """In memory (as on a SPARQL server) there is nothing to compact, and no compaction is announced."""
    printed: list[tuple[str, bool]] = []
    store = open_store(None)
    load_vocabulary(store, DEFAULT_BASE)
    result = load_files(files, lambda: store, DEFAULT_BASE, jobs=1, optimize_from=1,
                        echo=lambda text, err: printed.append((text, err)))
    assert result.stored == 6 and not store.writes_files
    assert not [text for text, _ in printed if text.startswith("compacting")]
