"""Documents that contradict what the store (or an earlier file of the same load) already holds.

A meeting's graph IRI comes from its board and date, and an action point's IRI from its board and
number, so two files can silently claim the same thing. Before a batch is written, each document's
:class:`Claims` are checked, in input order, against the store and the documents accepted before it:

* another file (a different ``dcterms:source`` name) claims a stored meeting: refused, unless the
  load says ``replace`` (that file is then the meeting's minutes); the same file name with other
  content is a revision and replaces the stored one, as a reload always did;
* two files of one load claim the same meeting with different content (conflicting revisions):
  the later one is refused, whatever ``replace`` says (which of them is right is not knowable); a
  file the load skips because the store holds it unchanged counts as one of the load's files;
* an action point number already raised at another meeting of the board, with another text (numbers
  reused within a board): refused; the same number raised again with the same text is the same action.

Each refusal is one line naming the file, the problem and what to do."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import rdflib
from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS, FOAF

from graph.namespaces import BG, SCHEMA, SKOS
from graph.sparql_bind import with_values_of
from graph.store import GraphStore

__all__ = ["Claims", "RaisedAction", "claims_of", "ConflictCheck"]


@dataclass(frozen=True, order=True)
class RaisedAction:
    """An action point a document raises (not one it reviews)."""

    action: str
    notation: str
    text: str  # its description, whitespace collapsed and case folded for comparison


@dataclass(frozen=True)
class Claims:
    """What a document says it is: the meeting's graph, its source file and checksum, and the
    action points it raises. Small and picklable: a bulk-load worker computes it."""

    graph_iri: str
    source: str
    sha256: str
    meeting: str  # for messages: "Board name, 2017-06-29"
    raised: tuple[RaisedAction, ...]


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold()


def claims_of(graph_iri: str, graph: rdflib.Graph) -> Claims:
    """The :class:`Claims` of one document's graph."""
    document = next(graph.subjects(RDF.type, BG.MinutesDocument), None)
    meeting = next(graph.subjects(RDF.type, BG.Meeting), None)
    board = graph.value(meeting, BG.board) if meeting is not None else None
    board_name = graph.value(board, FOAF.name) if board is not None else None
    date = graph.value(meeting, DCTERMS.date) if meeting is not None else None
    raised = tuple(sorted(
        RaisedAction(str(action), str(graph.value(action, SKOS.notation) or ""),
                     _comparable(str(graph.value(action, SCHEMA.description) or "")))
        for action in graph.subjects(BG.raisedIn, meeting)) if meeting is not None else ())
    return Claims(str(graph_iri), str(graph.value(document, DCTERMS.source) or "") if document else "",
                  str(graph.value(document, BG.sha256) or "") if document else "",
                  f"{board_name or board}, {date}", raised)


def _stored_documents(store: GraphStore, graphs: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Stored graph IRI -> (source file name, sha256) for those of GRAPHS the store holds."""
    if not graphs:
        return {}
    rows = store.select(with_values_of("""SELECT ?g ?source ?sha WHERE {
        GRAPH ?g { ?doc a bg:MinutesDocument ; dcterms:source ?source ; bg:sha256 ?sha } }""", "g", map(URIRef, sorted(set(graphs)))))
    return {str(r["g"]): (str(r["source"]), str(r["sha"])) for r in rows}


def _stored_raisings(store: GraphStore, actions: Sequence[str]) -> dict[str, list[tuple[str, str, str, str]]]:
    """Action IRI -> (graph, comparable text, meeting date, source file) for each stored document
    raising one of ACTIONS. (Every pattern hangs off the bound action: an OPTIONAL for the source
    file made Oxigraph read every document of the store, 2.4 s for 300 actions at 1,000 meetings.)"""
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    listed = sorted(set(actions))
    for start in range(0, len(listed), 500):
        rows = store.select(with_values_of("""SELECT ?action ?g ?text ?date ?source WHERE {
            GRAPH ?g { ?action bg:raisedIn ?meeting ; schema:description ?text .
                       ?meeting dcterms:date ?date ; prov:wasDerivedFrom ?doc . ?doc dcterms:source ?source } }""",
                                           "action", map(URIRef, listed[start:start + 500])))
        for r in rows:
            found.setdefault(str(r["action"]), []).append(
                (str(r["g"]), _comparable(str(r["text"])), str(r["date"]), str(r["source"])))
    return found


class ConflictCheck:
    """The checks of one load: remembers what the load has accepted so far, so that files are judged
    against each other across batches as well as against the store."""

    def __init__(self, *, replace: bool = False) -> None:
        self.replace = replace
        self.accepted: dict[str, tuple[str, str]] = {}  # graph IRI -> (label, sha256) of the file accepted for it
        self.raised: dict[str, tuple[str, str, str]] = {}  # action -> (text, label, meeting) accepted for it

    def accept_stored(self, label: str, graph_iris: Iterable[str], sha256: str) -> None:
        """Count a file the load skips because the store holds it unchanged (graph/unchanged.py) as
        accepted by this load, so a later file claiming its meeting with other content is judged as it
        would be had the file been processed: conflicting revisions, refused whatever ``replace`` says."""
        for graph_iri in graph_iris:
            self.accepted.setdefault(graph_iri, (label, sha256))

    def refuse(self, store: GraphStore, documents: Sequence[tuple[str, Claims]]) -> dict[str, str]:
        """For one batch's documents, (label, claims) in input order, the label of each that must not be
        stored -> a one-line reason and what to do; the others count as accepted from now on."""
        graphs = [claims.graph_iri for _, claims in documents]
        stored = _stored_documents(store, graphs)
        stored_raisings = _stored_raisings(store, [r.action for _, claims in documents for r in claims.raised])
        batch_graphs = set(graphs)
        refused: dict[str, str] = {}
        for label, claims in documents:
            problem = (_meeting_conflict(claims, stored.get(claims.graph_iri), self.accepted.get(claims.graph_iri),
                                         self.replace)
                       or _action_conflict(claims, stored_raisings, self.raised, batch_graphs))
            if problem is not None:
                refused[label] = f"{label}: {problem}"
                continue
            self.accepted[claims.graph_iri] = (label, claims.sha256)
            for raised in claims.raised:
                self.raised.setdefault(raised.action, (raised.text, label, claims.meeting))
        return refused


def _meeting_conflict(claims: Claims, stored: tuple[str, str] | None, earlier: tuple[str, str] | None,
                      replace: bool) -> str | None:
    if earlier is not None and earlier[1] != claims.sha256:
        return (f"claims the meeting {claims.meeting}, as {earlier[0]} does earlier in this load, with different "
                f"content (conflicting revisions); load the right one on its own")
    if earlier is None and stored is not None and stored[0] != claims.source and stored[1] != claims.sha256 \
            and not replace:
        return (f"claims the meeting {claims.meeting}, already stored from {stored[0]}; if this file replaces "
                f"it, load it with --replace")
    return None


def _action_conflict(claims: Claims, stored_raisings: dict[str, list[tuple[str, str, str, str]]],
                     raised_here: dict[str, tuple[str, str, str]], batch_graphs: set[str]) -> str | None:
    for raised in claims.raised:
        earlier = raised_here.get(raised.action)
        if earlier is not None and earlier[0] != raised.text:
            return (f"action point {raised.notation} is raised again with a different text (also raised by "
                    f"{earlier[1]}, {earlier[2]}, earlier in this load); action numbers are not reused within a "
                    f"board, so correct the number in one of the minutes")
        for graph, text, date, source in stored_raisings.get(raised.action, []):
            if graph != claims.graph_iri and graph not in batch_graphs and text != raised.text:
                return (f"action point {raised.notation} is raised again with a different text (first raised at "
                        f"the meeting of {date}, stored from {source}); action numbers are not reused within a "
                        f"board, so correct the number in the minutes")
    return None
