"""The one way documents get into a store: :func:`write_documents`.

Every writer (``load.py``, the bulk loader in graph/bulk.py) goes through it, so whatever must
change together with a document's graph is written in the same transaction.

A document is written from its :class:`PreparedDocument`: the triples already serialised for the
update, its contribution to the aggregates and its search-index entry. :func:`prepare_document`
makes one from the rdflib graph where the graph was built, so a bulk load's worker processes do
that work and send the writing process a few strings instead of a pickled graph (unpickling an
rdflib graph of ~1,000 triples costs the writer ~30 ms; the serialised form almost nothing)."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import rdflib
from rdflib import URIRef

from graph.aggregates import AGGREGATES_GRAPH, Contribution, aggregate_change, clear_pending, contribution_of, pending_marks
from graph.conflicts import Claims, claims_of
from graph.recount import ensure_counted
from graph.search_index import DIGEST_GRAPH, IndexEntry, digest_change, index_documents, index_entry
from graph.store import GraphStore, SerialisedTriples, replace_graphs_update, serialise_for_update, to_oxigraph

__all__ = ["PreparedDocument", "prepare_document", "write_documents"]


@dataclass(frozen=True)
class PreparedDocument:
    """One document's graph, ready to write (graph IRI, serialised triples, aggregates, index) and
    what it claims to be (checked against the store by graph/conflicts.py before writing)."""

    graph_iri: str
    triples: SerialisedTriples
    contribution: Contribution
    index: IndexEntry
    claims: Claims


def prepare_document(graph_iri: str, graph: rdflib.Graph) -> PreparedDocument:
    """GRAPH as a :class:`PreparedDocument` (an empty graph removes the document when written).
    Raises ValueError for a term RDF cannot store."""
    graph_iri = str(graph_iri)
    # blank node labels of their own, so documents written in one update never share a blank node
    blank_prefix = "d" + hashlib.sha1(graph_iri.encode()).hexdigest()[:12] + "b"
    contribution = contribution_of(graph_iri, graph)
    return PreparedDocument(graph_iri, serialise_for_update(graph, blank_prefix), contribution,
                            index_entry(graph_iri, graph, contribution), claims_of(graph_iri, graph))


def write_documents(store: GraphStore, documents: Sequence[PreparedDocument | tuple[str, rdflib.Graph]]) -> None:
    """Replace each document's named graph with its triples (a :class:`PreparedDocument`, or a graph
    IRI and an rdflib graph), the whole batch in ONE transaction: readers see all of the batch or none
    of it, and on any error nothing changes. A graph given twice is written once, as the later one
    (as writing them in turn would leave it; the aggregates then count it once)."""
    prepared = list({d.graph_iri: d for d in (d if isinstance(d, PreparedDocument) else prepare_document(*d)
                                               for d in documents)}.values())
    if not prepared:
        return
    ensure_counted(store)  # a store whose aggregates are not current is counted afresh first (graph/recount.py)
    change = aggregate_change(store, [d.contribution for d in prepared])
    graphs = {d.graph_iri: d.triples for d in prepared}
    digest = digest_change(store, [d.index for d in prepared])  # the documents' digest changes with them
    if all(d.triples.count for d in prepared) and not _any_stored(store, graphs):
        # only new documents (a bulk load): added with "not yet counted" marks and their new counters in
        # one fast transaction, then the rest of the aggregates' change and the marks' removal in a
        # second (graph/aggregates.py)
        marked = SerialisedTriples.joined([pending_marks(graphs), change.new_counter_triples()])
        store.add_graphs({**graphs, AGGREGATES_GRAPH: marked, DIGEST_GRAPH: digest.part})
        store.update(change.update() + " ;\n" + clear_pending(graphs) + " ;\n"
                     + replace_graphs_update({DIGEST_GRAPH: digest.whole}))
    else:
        # replacing stored documents: the totals change in the same transaction as the documents
        store.replace_graphs({**graphs, DIGEST_GRAPH: digest.whole}, change.whole())
    # the full-text index follows right after the store's commit (its digest and stamps reveal a crash in between)
    index_documents(store, [d.index for d in prepared])


def _any_stored(store: GraphStore, graph_iris: Iterable[str]) -> bool:
    values = " ".join(str(to_oxigraph(URIRef(iri))) for iri in graph_iris)
    return store.ask(f"ASK {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
