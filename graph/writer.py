"""The one way documents get into a store: :func:`write_documents`.

Every writer (``load.py``, the bulk loader in graph/bulk.py) goes through it, so whatever must
change together with a document's graph is written in the same transaction."""
from __future__ import annotations

from collections.abc import Sequence

import rdflib

from graph.aggregates import aggregate_update
from graph.search_index import index_documents
from graph.store import GraphStore

__all__ = ["write_documents"]


def write_documents(store: GraphStore, documents: Sequence[tuple[str, rdflib.Graph]]) -> None:
    """Replace each document's named graph (graph IRI, graph) with its triples, the whole batch in
    ONE transaction: readers see all of the batch or none of it, and on any error nothing changes."""
    if not documents:
        return
    # the load-time totals (graph/aggregates.py) change in the same transaction as the documents
    store.replace_graphs({graph_iri: graph for graph_iri, graph in documents}, aggregate_update(store, documents))
    # the full-text index follows right after the store's commit (its stamps reveal a crash in between)
    index_documents(store, documents)
