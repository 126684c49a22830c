"""Files a load can skip: the store already holds them, whole, as this pipeline would build them.

A document's graph depends only on its file's name and bytes and on the pipeline (graph/version.py),
so a file is skipped when the store holds a minutes document with the same ``dcterms:source`` name,
the same ``bg:sha256`` and the current ``bg:extractedWith`` stamp, and everything written with it
is there too: its validation report graph, its counts in the aggregates (no ``agg:pending`` mark
left by a load killed between its two transactions) and, for a store on disk, its entry in the
full-text index. A re-run over a folder that has grown then costs only the new and changed files;
``load.py --rebuild`` processes every file again."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal

from graph.aggregates import AGG, AGGREGATES_GRAPH
from graph.search_index import SearchIndex, VERSION, index_path, stale_documents, store_digest, store_stamps
from graph.sparql_bind import with_values
from graph.store import GraphStore
from graph.version import pipeline_stamp

__all__ = ["StoredFile", "unchanged_paths", "LOOKUPS_PER_QUERY"]

#: file digests looked up per query (a VALUES block inside the document graph's group)
LOOKUPS_PER_QUERY = 500

_STORED = """SELECT ?g ?source ?sha WHERE {
  GRAPH ?g { ?doc bg:sha256 ?sha ; a bg:MinutesDocument ; dcterms:source ?source ; bg:extractedWith ?stamp }
  GRAPH ?report { ?report dcterms:source ?g ; a sh:ValidationReport }
}"""
_PENDING = f"SELECT ?g WHERE {{ GRAPH <{AGGREGATES_GRAPH}> {{ <{AGGREGATES_GRAPH}> <{AGG.pending}> ?g }} }}"


@dataclass(frozen=True)
class StoredFile:
    """Where the store holds a file unchanged: the document graphs, and the file's SHA-256."""

    graphs: frozenset[str]
    sha256: str


def unchanged_paths(store: GraphStore, paths: Sequence[str]) -> dict[str, StoredFile]:
    """Those of PATHS the store holds unchanged (see the module docstring), each with where it is
    stored. A file that cannot be read is not among them: loading it reports the problem."""
    digests: dict[tuple[str, str], list[str]] = {}
    for path in paths:
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            continue
        digests.setdefault((Path(path).name, digest), []).append(path)
    if not digests:
        return {}
    stored = _stored_documents(store, sorted({sha for _, sha in digests}))
    unusable = _pending(store) | _not_indexed(store)
    usable = {(name, sha): frozenset(graph_iris - unusable) for (name, sha), graph_iris in stored.items()}
    return {path: StoredFile(graph_iris, sha) for (name, sha), graph_iris in usable.items() if graph_iris
            for path in digests.get((name, sha), [])}


def _stored_documents(store: GraphStore, shas: list[str]) -> dict[tuple[str, str], set[str]]:
    """(file name, digest) -> the graphs holding a minutes document of that file, digest and stamp,
    with its validation report."""
    inside = _STORED.index("GRAPH ?g {") + len("GRAPH ?g {")  # Oxigraph plans from a VALUES block in the same group
    stamp = Literal(pipeline_stamp())
    found: dict[tuple[str, str], set[str]] = {}
    for start in range(0, len(shas), LOOKUPS_PER_QUERY):
        table = [{"sha": Literal(sha), "stamp": stamp} for sha in shas[start:start + LOOKUPS_PER_QUERY]]
        for row in store.select(with_values(_STORED, table, where=inside)):
            found.setdefault((str(row["source"]), str(row["sha"])), set()).add(str(row["g"]))
    return found


def _pending(store: GraphStore) -> set[str]:
    """Documents whose counts the aggregates do not hold yet."""
    return {str(row["g"]) for row in store.select(_PENDING)}


def _not_indexed(store: GraphStore) -> set[str]:
    """Document graphs the store's full-text index lacks or holds in another version: every one when
    the index is missing or of another layout, none for a store without an index of its own."""
    path = index_path(store)
    if path is None:
        return set()
    if path.is_file():
        with SearchIndex.open(path, read_only=True) as index:
            if index.version() == VERSION:
                if index.digest() == store_digest(store):  # two small reads; the stamps only after a crash
                    return set()
                return set(stale_documents(store, index)[0])
    return set(store_stamps(store))
