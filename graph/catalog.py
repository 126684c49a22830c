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

from graph.aggregates import ActionRecord, Contribution, action_state, contribution_of
from graph.namespaces import BG, SCHEMA

__all__ = ["CatalogueEntry", "catalogue_entry", "TABLES", "CATALOGUED_PREDICATES", "CATALOGUED_TYPES", "insert",
           "delete", "refresh_actions", "meetings_page", "documents_about", "actions_page", "owners", "representatives",
           "biggest", "boards", "RANKED_KINDS"]

TABLES = """
CREATE TABLE IF NOT EXISTS meetings (
    graph TEXT PRIMARY KEY, meeting TEXT NOT NULL, date TEXT NOT NULL, board TEXT, board_name TEXT,
    board_acronym TEXT, title TEXT, document TEXT, file TEXT, sha256 TEXT);
CREATE INDEX IF NOT EXISTS meetings_newest ON meetings (date DESC, board_name, meeting);
CREATE INDEX IF NOT EXISTS meetings_of_board ON meetings (board, date DESC, board_name, meeting);
CREATE TABLE IF NOT EXISTS about (
    iri TEXT NOT NULL, date TEXT NOT NULL, graph TEXT NOT NULL,
    PRIMARY KEY (iri, date DESC, graph)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS about_by_graph ON about (graph);
CREATE TABLE IF NOT EXISTS action_records (
    action TEXT NOT NULL, graph TEXT NOT NULL, seq INTEGER NOT NULL, date TEXT NOT NULL, board TEXT NOT NULL,
    board_name TEXT NOT NULL, notation TEXT NOT NULL, status TEXT NOT NULL, owners TEXT NOT NULL,
    PRIMARY KEY (action, graph, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS action_records_by_graph ON action_records (graph);
CREATE TABLE IF NOT EXISTS action_state (
    action TEXT NOT NULL, day INTEGER NOT NULL, sort TEXT NOT NULL, board TEXT NOT NULL, status TEXT NOT NULL,
    owner TEXT NOT NULL, PRIMARY KEY (action, status, owner)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS action_state_order ON action_state (day, sort, action);
CREATE INDEX IF NOT EXISTS action_state_board ON action_state (board, day, sort, action);
CREATE INDEX IF NOT EXISTS action_state_status ON action_state (status, day, sort, action);
CREATE INDEX IF NOT EXISTS action_state_owner ON action_state (owner, day, sort, action);
CREATE TABLE IF NOT EXISTS owned (
    owner TEXT NOT NULL, action TEXT NOT NULL, graph TEXT NOT NULL, name TEXT,
    PRIMARY KEY (owner, action, graph)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS owned_by_graph ON owned (graph);
CREATE TABLE IF NOT EXISTS represented (
    organisation TEXT NOT NULL, person TEXT NOT NULL, graph TEXT NOT NULL, meeting TEXT NOT NULL, date TEXT NOT NULL,
    name TEXT NOT NULL, PRIMARY KEY (organisation, person, graph, name)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS represented_by_graph ON represented (graph);
CREATE TABLE IF NOT EXISTS ranked (
    kind TEXT NOT NULL, k1 TEXT NOT NULL, k2 TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (kind, k1, k2)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ranked_most ON ranked (kind, k1, n DESC, k2);
CREATE TABLE IF NOT EXISTS ranked_by_document (
    graph TEXT NOT NULL, kind TEXT NOT NULL, k1 TEXT NOT NULL, k2 TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (graph, kind, k1, k2)) WITHOUT ROWID;
"""

#: what catalogue_entry reads: these predicates and rdf:type of these classes (graph/search_index.py
#: reads them back from the store to re-index)
CATALOGUED_PREDICATES = (BG.board, DCTERMS.date, DCTERMS.title, FOAF.name, SKOS.prefLabel, SKOS.altLabel,
                         PROV.wasDerivedFrom, DCTERMS.source, BG.sha256, DCTERMS.subject, BG.onBehalfOf, BG.meeting,
                         BG.participant, BG.speaker, BG.owner, BG.raisedIn, BG.reviewedIn, SKOS.notation,
                         SCHEMA.actionStatus, SCHEMA.description)
CATALOGUED_TYPES = (BG.Meeting, BG.ActionPoint, BG.Statement)
#: load-time counters (graph/aggregates.py kinds keyed (thing, other)) also kept here with an index on
#: their size, so a thing's biggest ones are read without reading all of them (a topic has thousands of speakers)
RANKED_KINDS = ("topic-person",)


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
    actions: tuple[ActionRecord, ...] = ()  # the action points it raises or reviews (graph/aggregates.py)
    owned: tuple[tuple[str, str, str | None], ...] = ()  # (owner, action point, owner's name) it names
    represented: tuple[tuple[str, str, str], ...] = ()  # (organisation, person, person's name) attending for it
    ranked: tuple[tuple[str, str, str, int], ...] = ()  # its share of the RANKED_KINDS counters (kind, k1, k2, n)


def _first(graph: rdflib.Graph, subject, predicate) -> str | None:
    """The smallest value (as text) of SUBJECT's PREDICATE: one deterministic value, like MIN/SAMPLE."""
    values = sorted(str(v) for v in graph.objects(subject, predicate)) if subject is not None else []
    return values[0] if values else None


def catalogue_entry(graph_iri: str, graph: rdflib.Graph, contribution: Contribution | None = None) -> CatalogueEntry | None:
    """The document's catalogue entry, or None when it records no dated meeting. CONTRIBUTION: the
    document's graph/aggregates.py contribution (its counters and action records) when the caller has
    it, else computed here."""
    meetings = sorted((m for m in graph.subjects(RDF.type, BG.Meeting) if graph.value(m, DCTERMS.date) is not None),
                      key=str)
    if not meetings:
        return None
    meeting = meetings[0]
    board = graph.value(meeting, BG.board)
    document = graph.value(meeting, PROV.wasDerivedFrom)
    about = {*graph.objects(meeting, DCTERMS.subject), *graph.objects(meeting, BG.board)}
    represented = set()
    for participation in graph.subjects(BG.meeting, meeting):
        about.update(graph.objects(participation, BG.onBehalfOf))
        about.update(graph.objects(participation, BG.participant))
        represented.update((str(o), str(p), str(n)) for o in graph.objects(participation, BG.onBehalfOf)
                           for p in graph.objects(participation, BG.participant) for n in graph.objects(p, FOAF.name))
    about.update(graph.objects(None, BG.speaker))
    about.update(graph.objects(None, BG.owner))
    contribution = contribution or contribution_of(graph_iri, graph)
    return CatalogueEntry(
        meeting=str(meeting), date=_first(graph, meeting, DCTERMS.date) or "", board=_first(graph, meeting, BG.board),
        board_name=_first(graph, board, FOAF.name), board_acronym=_first(graph, board, SKOS.altLabel),
        title=_first(graph, meeting, DCTERMS.title), document=None if document is None else str(document),
        file=_first(graph, document, DCTERMS.source), sha256=_first(graph, document, BG.sha256),
        about=frozenset(str(i) for i in about if isinstance(i, rdflib.URIRef)),
        actions=contribution.actions, owned=_owned(graph), represented=tuple(sorted(represented)),
        ranked=tuple(sorted((*key, n) for key, n in contribution.counts.items() if key[0] in RANKED_KINDS and n)))


def _owned(graph: rdflib.Graph) -> tuple[tuple[str, str, str | None], ...]:
    """(owner, action point, the owner's smallest name) for each named owner of an action point (as
    graph/aggregates.py counts an owner's action points: owners with a foaf:name)."""
    found = set()
    for action in graph.subjects(RDF.type, BG.ActionPoint):
        for owner in graph.objects(action, BG.owner):
            if graph.value(owner, FOAF.name) is not None:
                names = sorted(str(n) for p in (FOAF.name, SKOS.prefLabel) for n in graph.objects(owner, p))
                found.add((str(owner), str(action), names[0]))
    return tuple(sorted(found))


# ------------------------------------------------------------------------------------------- writing

def insert(db: sqlite3.Connection, graph_iri: str, entry: CatalogueEntry | None) -> set[str]:
    """Add the document's rows (inside the caller's transaction, after :func:`delete`); returns the
    action points it records (their state is then :func:`refresh_actions`' to recompute)."""
    if entry is None:
        return set()
    db.execute("INSERT INTO meetings (graph, meeting, date, board, board_name, board_acronym, title, document, file,"
               " sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (graph_iri, entry.meeting, entry.date, entry.board, entry.board_name, entry.board_acronym, entry.title,
                entry.document, entry.file, entry.sha256))
    db.executemany("INSERT INTO about (iri, date, graph) VALUES (?, ?, ?)",
                   [(iri, entry.date, graph_iri) for iri in sorted(entry.about)])
    db.executemany("INSERT INTO action_records (action, graph, seq, date, board, board_name, notation, status, owners)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [(r.action, graph_iri, seq, r.date, r.board, r.board_name, r.notation, r.status, _SEP.join(r.owners))
                    for seq, r in enumerate(entry.actions)])
    db.executemany("INSERT INTO owned (owner, action, graph, name) VALUES (?, ?, ?, ?)",
                   [(owner, action, graph_iri, name) for owner, action, name in entry.owned])
    db.executemany("INSERT INTO represented (organisation, person, graph, meeting, date, name) VALUES (?, ?, ?, ?, ?, ?)",
                   [(org, person, graph_iri, entry.meeting, entry.date, name) for org, person, name in entry.represented])
    db.executemany("INSERT INTO ranked_by_document (graph, kind, k1, k2, n) VALUES (?, ?, ?, ?, ?)",
                   [(graph_iri, *counter) for counter in entry.ranked])
    db.executemany("INSERT INTO ranked (kind, k1, k2, n) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (kind, k1, k2) DO UPDATE SET n = n + excluded.n", entry.ranked)
    return {r.action for r in entry.actions}


def delete(db: sqlite3.Connection, graph_iri: str) -> set[str]:
    """Remove the document's rows (inside the caller's transaction); returns the action points it recorded."""
    actions = {a for (a,) in db.execute("SELECT action FROM action_records WHERE graph = ?", (graph_iri,))}
    shares = db.execute("SELECT n, kind, k1, k2 FROM ranked_by_document WHERE graph = ?", (graph_iri,)).fetchall()
    db.executemany("UPDATE ranked SET n = n - ? WHERE kind = ? AND k1 = ? AND k2 = ?", shares)
    db.executemany("DELETE FROM ranked WHERE kind = ? AND k1 = ? AND k2 = ? AND n <= 0", [s[1:] for s in shares])
    for table in ("meetings", "about", "action_records", "owned", "represented", "ranked_by_document"):
        db.execute(f"DELETE FROM {table} WHERE graph = ?", (graph_iri,))
    return actions


_SEP = "\x1f"


def refresh_actions(db: sqlite3.Connection, actions: set[str]) -> None:
    """Recompute the current state of ACTIONS from their records (graph/aggregates.py action_state: the
    newest record's status, the newest owners named), inside the caller's transaction."""
    for action in sorted(actions):
        db.execute("DELETE FROM action_state WHERE action = ?", (action,))
        records = [ActionRecord(action, graph, date, board, board_name, notation, status,
                                tuple(owners.split(_SEP)) if owners else ())
                   for graph, date, board, board_name, notation, status, owners in db.execute(
                       "SELECT graph, date, board, board_name, notation, status, owners FROM action_records "
                       "WHERE action = ? ORDER BY graph, seq", (action,))]
        if not records:
            continue
        state = action_state(records)
        db.executemany("INSERT INTO action_state (action, day, sort, board, status, owner) VALUES (?, ?, ?, ?, ?, ?)",
                       [(action, state.day, state.sort, state.board, status, owner)
                        for status in state.statuses for owner in state.owners])


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


def actions_page(db: sqlite3.Connection, board: str | None, status: str | None, owner: str | None,
                 limit: int, offset: int) -> list[str]:
    """One page of action points in the tracker's order (newest latest meeting first, then board name,
    highest number first, IRI; graph/aggregates.py sort_key) whose current state has BOARD, STATUS and
    OWNER ("nobody": no owner named), each when given."""
    clauses = [(f"{column} = ?", value) for column, value in (("board", board), ("status", status), ("owner", owner))
               if value is not None]
    where = ("WHERE " + " AND ".join(c for c, _ in clauses)) if clauses else ""
    return [action for (action,) in db.execute(
        f"SELECT action FROM action_state {where} GROUP BY day, sort, action ORDER BY day, sort, action LIMIT ? OFFSET ?",
        [*(v for _, v in clauses), int(limit), int(offset)])]


def owners(db: sqlite3.Connection) -> list[dict]:
    """Every person named owner of an action point, with their name and the number of distinct action
    points they own: by name (no name first, as the tracker's owner list always ordered), then IRI."""
    found = [{"owner": owner, "name": name, "actions": count} for owner, name, count in
             db.execute("SELECT owner, min(name), count(DISTINCT action) FROM owned GROUP BY owner")]
    return sorted(found, key=lambda r: (r["name"] is not None, r["name"] or "", r["owner"]))


def representatives(db: sqlite3.Connection, organisation: str, limit: int, offset: int) -> list[dict]:
    """The people who attended meetings for ORGANISATION, with their name, number of meetings, first and
    latest date: latest first, then name (as organisation-people.rq orders them)."""
    return [{"person": person, "name": name, "meetings": count, "first": first, "last": last}
            for person, name, count, first, last in db.execute(
                "SELECT person, min(name), count(DISTINCT meeting), min(date), max(date) FROM represented "
                "WHERE organisation = ? GROUP BY person ORDER BY max(date) DESC, min(name), person LIMIT ? OFFSET ?",
                (organisation, int(limit), int(offset)))]


def biggest(db: sqlite3.Connection, kind: str, k1: str, limit: int) -> list[dict]:
    """The LIMIT biggest counters of KIND (one of RANKED_KINDS) for K1, and any tied with the last of
    them, as {k2, count}: most first (the caller orders ties)."""
    last = db.execute("SELECT n FROM ranked WHERE kind = ? AND k1 = ? ORDER BY n DESC LIMIT 1 OFFSET ?",
                      (kind, k1, max(int(limit) - 1, 0))).fetchone()
    return [{"k2": k2, "count": n} for k2, n in db.execute(
        "SELECT k2, n FROM ranked WHERE kind = ? AND k1 = ? AND n >= ? ORDER BY n DESC, k2",
        (kind, k1, last[0] if last else 0))]


def boards(db: sqlite3.Connection, board: str | None = None) -> list[dict]:
    """Each board (or BOARD) with its name, acronym, number of meetings, first and last date, ordered
    as boards.rq orders them (name case-insensitively, then IRI)."""
    where, values = ("WHERE board = ?", [board]) if board is not None else ("WHERE board IS NOT NULL", [])
    found = db.execute("SELECT board, min(board_name), min(board_acronym), count(DISTINCT meeting), min(date), max(date) "
                       f"FROM meetings {where} GROUP BY board", values).fetchall()
    rows = [{k: v for k, v in zip(("board", "name", "acronym", "meetings", "first", "last"), row) if v is not None}
            for row in found]
    return sorted(rows, key=lambda r: (r.get("name", "").lower(), r["board"]))
