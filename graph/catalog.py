"""The catalogue: each stored document's meeting and what it is about, kept in the side index beside
the store (graph/search_index.py's SQLite file, written and checked with it), so the site lists
meetings and a thing's newest documents by reading an index range instead of the store.

Why: "the newest meetings", "a board's meetings", "the documents about topic X, newest first" are
ORDER BY ... LIMIT over every meeting in SPARQL; Oxigraph must read and sort all of them (2-5 s for a
topic at 10,000 meetings). Here each is one B-tree range read in date order, whatever the store's size.

What a document gives (:func:`catalogue_entry`, from the document graph being written):
* one ``meetings`` row: graph, meeting, date, board and its name and acronym, title, minutes document,
  its file (dcterms:source) and SHA-256 - what meeting-timeline.rq, boards.rq and document-graphs.rq read;
* ``about`` rows (graph, date, iri): the meeting's topics (dcterms:subject), its board, the organisations
  someone attended for (bg:onBehalfOf), and the people who attended, spoke or own an action point.
  For a topic, organisation or board these are exactly the documents topic-documents.rq,
  organisation-documents.rq and board-documents.rq give; for a person, person-documents.rq.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import rdflib
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS

from graph.namespaces import BG

__all__ = ["CatalogueEntry", "catalogue_entry", "SCHEMA", "CATALOGUED_PREDICATES", "insert", "delete",
           "meetings_page", "documents_about", "boards"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS meetings (
    graph TEXT PRIMARY KEY, meeting TEXT NOT NULL, date TEXT NOT NULL, board TEXT, board_name TEXT,
    board_acronym TEXT, title TEXT, document TEXT, file TEXT, sha256 TEXT);
CREATE INDEX IF NOT EXISTS meetings_newest ON meetings (date DESC, board_name, meeting);
CREATE INDEX IF NOT EXISTS meetings_of_board ON meetings (board, date DESC, board_name, meeting);
CREATE TABLE IF NOT EXISTS about (
    iri TEXT NOT NULL, date TEXT NOT NULL, graph TEXT NOT NULL,
    PRIMARY KEY (iri, date DESC, graph)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS about_by_graph ON about (graph);
"""

#: what catalogue_entry reads besides rdf:type (graph/search_index.py reads these back from the store)
CATALOGUED_PREDICATES = (BG.board, DCTERMS.date, DCTERMS.title, FOAF.name, SKOS.altLabel, PROV.wasDerivedFrom,
                         DCTERMS.source, BG.sha256, DCTERMS.subject, BG.onBehalfOf, BG.meeting, BG.participant,
                         BG.speaker, BG.owner)


@dataclass(frozen=True)
class CatalogueEntry:
    """One document's meeting row and the IRIs it is about. Small and picklable (a worker makes it)."""

    meeting: str
    date: str
    board: str | None
    board_name: str | None
    board_acronym: str | None
    title: str | None
    document: str | None
    file: str | None
    sha256: str | None
    about: frozenset[str]


def _first(graph: rdflib.Graph, subject, predicate) -> str | None:
    """The smallest value (as text) of SUBJECT's PREDICATE: one deterministic value, like MIN/SAMPLE."""
    values = sorted(str(v) for v in graph.objects(subject, predicate)) if subject is not None else []
    return values[0] if values else None


def catalogue_entry(graph: rdflib.Graph) -> CatalogueEntry | None:
    """The document's catalogue entry, or None when it records no dated meeting."""
    meetings = sorted((m for m in graph.subjects(RDF.type, BG.Meeting) if graph.value(m, DCTERMS.date) is not None),
                      key=str)
    if not meetings:
        return None
    meeting = meetings[0]
    board = graph.value(meeting, BG.board)
    document = graph.value(meeting, PROV.wasDerivedFrom)
    about = {*graph.objects(meeting, DCTERMS.subject), *graph.objects(meeting, BG.board)}
    for participation in graph.subjects(BG.meeting, meeting):
        about.update(graph.objects(participation, BG.onBehalfOf))
        about.update(graph.objects(participation, BG.participant))
    about.update(graph.objects(None, BG.speaker))
    about.update(graph.objects(None, BG.owner))
    return CatalogueEntry(
        meeting=str(meeting), date=_first(graph, meeting, DCTERMS.date) or "", board=_first(graph, meeting, BG.board),
        board_name=_first(graph, board, FOAF.name), board_acronym=_first(graph, board, SKOS.altLabel),
        title=_first(graph, meeting, DCTERMS.title), document=None if document is None else str(document),
        file=_first(graph, document, DCTERMS.source), sha256=_first(graph, document, BG.sha256),
        about=frozenset(str(i) for i in about if isinstance(i, rdflib.URIRef)))


# ------------------------------------------------------------------------------------------- writing

def insert(db: sqlite3.Connection, graph_iri: str, entry: CatalogueEntry | None) -> None:
    """Add the document's rows (inside the caller's transaction, after :func:`delete`)."""
    if entry is None:
        return
    db.execute("INSERT INTO meetings (graph, meeting, date, board, board_name, board_acronym, title, document, file,"
               " sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (graph_iri, entry.meeting, entry.date, entry.board, entry.board_name, entry.board_acronym, entry.title,
                entry.document, entry.file, entry.sha256))
    db.executemany("INSERT INTO about (iri, date, graph) VALUES (?, ?, ?)",
                   [(iri, entry.date, graph_iri) for iri in sorted(entry.about)])


def delete(db: sqlite3.Connection, graph_iri: str) -> None:
    """Remove the document's rows (inside the caller's transaction)."""
    db.execute("DELETE FROM meetings WHERE graph = ?", (graph_iri,))
    db.execute("DELETE FROM about WHERE graph = ?", (graph_iri,))


# ------------------------------------------------------------------------------------------- reading

_MEETING_COLUMNS = ("graph", "meeting", "date", "board", "boardName", "boardAcronym", "title", "document", "file",
                    "sha256")


def meetings_page(db: sqlite3.Connection, board: str | None, limit: int, offset: int, *,
                  by_graph: bool = False) -> list[dict]:
    """Meetings newest first, then by board name and meeting IRI (as meeting-timeline.rq orders them) or,
    BY_GRAPH, by graph IRI (as document-graphs.rq does), of one BOARD or all; columns named as the
    SPARQL queries name them, absent values left out."""
    where, values = ("WHERE board = ?", [board]) if board is not None else ("", [])
    order = "date DESC, graph" if by_graph else "date DESC, board_name, meeting"
    found = db.execute("SELECT graph, meeting, date, board, board_name, board_acronym, title, document, file, sha256 "
                       f"FROM meetings {where} ORDER BY {order} LIMIT ? OFFSET ?",
                       [*values, int(limit), int(offset)])
    return [{k: v for k, v in zip(_MEETING_COLUMNS, row) if v is not None} for row in found]


def documents_about(db: sqlite3.Connection, iri: str, limit: int, oldest: bool = False) -> list[dict]:
    """The LIMIT newest (or oldest) documents about IRI as {graph, date}: date, then graph IRI."""
    order = "date, graph" if oldest else "date DESC, graph"
    return [{"graph": graph, "date": date} for graph, date in
            db.execute(f"SELECT graph, date FROM about WHERE iri = ? ORDER BY {order} LIMIT ?", (iri, int(limit)))]


def boards(db: sqlite3.Connection, board: str | None = None) -> list[dict]:
    """Each board (or BOARD) with its name, acronym, number of meetings, first and last date, ordered
    as boards.rq orders them (name case-insensitively, then IRI)."""
    where, values = ("WHERE board = ?", [board]) if board is not None else ("WHERE board IS NOT NULL", [])
    found = db.execute("SELECT board, min(board_name), min(board_acronym), count(DISTINCT meeting), min(date), max(date) "
                       f"FROM meetings {where} GROUP BY board", values).fetchall()
    rows = [{k: v for k, v in zip(("board", "name", "acronym", "meetings", "first", "last"), row) if v is not None}
            for row in found]
    return sorted(rows, key=lambda r: (r.get("name", "").lower(), r["board"]))
