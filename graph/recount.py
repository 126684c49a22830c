"""Counting the load-time aggregates (graph/aggregates.py) afresh from every stored document.

Needed when a store's aggregates are not current: written by a layout of another VERSION, or a load
stopped between a batch's two transactions (graph/writer.py), or ``load.py aggregates`` asked for it.
It works in bounded memory and never in one big transaction (one update dropping the 3,057,954
aggregate triples of 10,000 synthetic meetings took 170 s and 4.4 GB; the recount as one update,
861 s and 13.3 GB):

1. every stored document's contribution is read (in worker processes opening the store read-only,
   when it is on disk or on a server and holds many documents) and summed: memory grows with the
   distinct counters, not with the documents; nothing is written until this is done;
2. the version triple is removed (one small transaction): from then on readers count for themselves
   (:func:`graph.aggregates.has_aggregates` is False) and the next write recounts, so a stop at any
   later step leaves the store consistent;
3. the old aggregates are deleted :data:`CLEAR_CHUNK` triples a transaction;
4. the new ones are added :data:`ADD_CHUNK` triples at a time (on disk, Oxigraph's bulk load);
5. the version triple is written;
6. a store on disk holding :data:`OPTIMIZE_FROM` documents or more is compacted (GraphStore.optimize): the
   deleted counters and the new files left queries on the aggregates twice as slow (a topic's speakers at
   10,000 meetings: 103 ms against 44 before the recount).
"""
from __future__ import annotations

import itertools
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence

from tqdm import tqdm

from graph.aggregates import (AGGREGATES_GRAPH, VERSION_TRIPLE, ActionRecord, Key, action_records, contribution,
                              counted_afresh, has_aggregates, is_empty, stored_documents)
from graph.store import GraphStore, SerialisedTriples, open_store
from graph.workers import in_workers

__all__ = ["rebuild", "ensure_counted", "needs_recount", "count_documents", "CLEAR_CHUNK", "ADD_CHUNK", "WORKERS_FROM"]

#: aggregate triples deleted a transaction (DELETE DATA of 50,000: ~13 us a triple at 1,000 meetings,
#: where one DROP of all of them at 10,000 took 57 us a triple and 4.4 GB)
CLEAR_CHUNK = 50_000
#: aggregate triples added at a time (under graph/store.py's BULK_ATOMIC_QUADS: each one bulk load, whose
#: memory grows with it: recounting 1,000 synthetic meetings peaked at 850 MB with 500,000, 384 with 100,000,
#: in the same time)
ADD_CHUNK = 100_000
#: a load storing this many documents, or a recount of a store holding this many, compacts the store at the
#: end (GraphStore.optimize)
OPTIMIZE_FROM = 1000
#: documents read a task by a worker process
DOCUMENTS_A_TASK = 50
#: from this many stored documents the reading is done in worker processes (when the store can be
#: opened by them: on disk or on a server); starting and importing a worker takes ~1 s
WORKERS_FROM = 400
#: documents from which reading shows a progress bar
PROGRESS_FROM = 20

_opened: dict[str, GraphStore] = {}  # a worker process's read-only store, opened at its first task


def needs_recount(store: GraphStore) -> bool:
    """Whether the store holds documents its aggregates do not count exactly (see the module docstring)."""
    return not (has_aggregates(store) or is_empty(store))


def ensure_counted(store: GraphStore, *, jobs: int | None = None, progress: bool = False) -> bool:
    """Recount the aggregates (:func:`rebuild`) if :func:`needs_recount`; True if it did."""
    if not needs_recount(store):
        return False
    rebuild(store, jobs=jobs, progress=progress)
    return True


def rebuild(store: GraphStore, *, jobs: int | None = None, progress: bool = False, compact: bool = True) -> int:
    """Count every aggregate afresh from the documents in the store, in the steps of the module
    docstring; how many documents it counted. JOBS: worker processes reading the documents (default: the
    CPUs when the store holds :data:`WORKERS_FROM` documents or more and another process can open it, else
    1: this process); PROGRESS: a progress bar on stderr while reading; COMPACT: step 6 (a load that goes
    on to write documents compacts once, at its end, instead)."""
    documents = sorted(stored_documents(store))
    counts, records = _summed(store, documents, _jobs_for(store, jobs, len(documents)),
                              progress and len(documents) >= PROGRESS_FROM)
    store.update(f"DELETE DATA {{ GRAPH <{AGGREGATES_GRAPH}> {{ {VERSION_TRIPLE} }} }}")
    _clear(store)
    lines = counted_afresh(counts, records)
    while chunk := list(itertools.islice(lines, ADD_CHUNK)):
        store.add_graphs({AGGREGATES_GRAPH: SerialisedTriples.from_lines(chunk)})
        store.flush()
    store.update(f"INSERT DATA {{ GRAPH <{AGGREGATES_GRAPH}> {{ {VERSION_TRIPLE} }} }}")
    if compact and store.writes_files and len(documents) >= OPTIMIZE_FROM:
        store.optimize()
    return len(documents)


def _jobs_for(store: GraphStore, jobs: int | None, documents: int) -> int:
    if store.location is None:
        return 1
    if jobs is None:
        return (os.cpu_count() or 1) if documents >= WORKERS_FROM else 1
    return max(1, jobs)


def _summed(store: GraphStore, documents: Sequence[str], jobs: int,
            progress: bool) -> tuple[Counter[Key], list[ActionRecord]]:
    """The contributions of DOCUMENTS summed, and their action records in the documents' order."""
    counts: Counter[Key] = Counter()
    records: list[ActionRecord] = []
    tasks = [documents[start:start + DOCUMENTS_A_TASK] for start in range(0, len(documents), DOCUMENTS_A_TASK)]
    with tqdm(total=len(documents), desc="recounting", unit="doc", file=sys.stderr, disable=not progress) as bar:
        for task, (task_counts, task_records) in zip(tasks, _counted(store, tasks, jobs)):
            counts.update(task_counts)
            records += task_records
            bar.update(len(task))
    return counts, records


def _counted(store: GraphStore, tasks: Sequence[Sequence[str]], jobs: int) -> Iterator[tuple[Counter[Key], list[ActionRecord]]]:
    """Each task's documents counted (:func:`count_documents`), in order; by JOBS worker processes
    (graph/workers.py) when more than one."""
    if jobs <= 1:
        return (count_documents(store, task) for task in tasks)
    return in_workers(_count_in_worker, tasks, store.location, jobs, window=4 * jobs)


def count_documents(store: GraphStore, documents: Sequence[str]) -> tuple[Counter[Key], list[ActionRecord]]:
    """DOCUMENTS' contributions summed and their action records, read from STORE."""
    counts: Counter[Key] = Counter()
    records: list[ActionRecord] = []
    for iri in documents:
        graph = store.graph(iri)
        counts.update(contribution(iri, graph))
        records += action_records(iri, graph)
    return counts, records


def _count_in_worker(documents: Sequence[str], location: str) -> tuple[Counter[Key], list[ActionRecord]]:
    """:func:`count_documents` in a worker process, on the store at LOCATION opened read-only once a process."""
    if location not in _opened:
        _opened[location] = open_store(location, read_only=True)
    return count_documents(_opened[location], documents)


def _clear(store: GraphStore) -> None:
    """Delete every triple of the aggregates graph, CLEAR_CHUNK a transaction."""
    graph = f"<{AGGREGATES_GRAPH}>"
    while store.ask(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"):
        store.update(f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ {{ SELECT ?s ?p ?o WHERE "
                     f"{{ GRAPH {graph} {{ ?s ?p ?o }} }} LIMIT {CLEAR_CHUNK} }} }}")
        store.flush()
