"""A full-text index of statements, decisions and action points (SQLite FTS5), kept next to the store.

One row per fact and document graph (the same fact, e.g. a reviewed action point, can be stated in
several documents), with what the search page filters and orders on: the fact's text, meeting date,
meeting, board, offset in the document, and its speaker or owner and topics (as tags). Rows are built
from the document graph being written (:func:`document_rows`), never read back from the store.

Where it lives: ``<store dir>.search.sqlite`` next to an on-disk store (never inside the RocksDB
directory), in memory for an in-memory store (one per store object); a SPARQL server store has none
(the site then runs graph/queries/search.rq).

Consistency: graph/writer.py calls :func:`index_documents` right after the store commits a batch, and
the index records per document graph a stamp (the minutes document's ``bg:sha256`` and
``dcterms:created``). :func:`stale_documents` compares the store's stamps with the index's, so a
crash between the two commits is seen; :func:`ensure_index` re-indexes just the documents that differ.
Comparing every stamp reads every minutes document of the store (seconds at 10,000), so both sides also
keep a digest of their (document graph, stamp) pairs (:func:`document_digest`, combined by XOR so a
write changes it by its own documents only): the writer updates the store's (:data:`DIGEST_GRAPH`,
:func:`digest_change`) in the transaction that writes the documents, the index its own in the
transaction that writes their rows. Equal digests mean the same documents in the same versions; the
site compares the two (two small reads) and compares stamps only for a store written without a digest.

Matching: every word must occur (AND), case- and accent-insensitively, as the start of a word
(``gdp`` finds "GDPR"; ``dpr`` does not); ``"two words"`` is a phrase. Each word is quoted for FTS5, so
quotes, ``*``, ``-``, parentheses, NEAR or AND in a query are only ever text to look for."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import operator
import re
import sqlite3
import threading
import uuid
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, PROV, RDF
from rdflib.term import URIRef

from graph import catalog
from graph.aggregates import Contribution
from graph.catalog import CatalogueEntry, catalogue_entry
from graph.namespaces import BG, OA, SCHEMA
from graph.sparql_bind import with_values
from graph.store import GraphStore, OxigraphStore, SerialisedTriples, serialise_for_update, to_oxigraph

log = logging.getLogger(__name__)

__all__ = ["SearchIndex", "SearchQuery", "FactRow", "IndexEntry", "index_entry", "document_rows", "document_stamp", "store_stamps",
           "DIGEST_GRAPH", "DigestChange", "document_digest", "store_digest", "digest_change", "index_path", "index_documents", "indexed_graph", "INDEXED_PREDICATES", "ensure_index", "stale_documents", "reindex", "open_for_site",
           "query_words", "match_expression", "SiteSearch", "COUNT_CAP"]

#: Counting stops here: "1,000 results or more" is as useful as the exact number and costs less.
COUNT_CAP = 1_000
#: The layout of the index file (SQLite's user_version); a file of another version is rebuilt.
VERSION = 5
#: Documents re-indexed per SQLite transaction by :func:`ensure_index`.
BATCH = 200

#: A fact's id puts the newest day first: (DAY_KEYS - date ordinal) << DAY_SHIFT, plus a number within
#: the day. Scanning ids upwards (the FTS5 table, the tags index, the facts table) then meets facts
#: newest day first, so a page is found without reading every match; ties within a day are sorted exactly.
DAY_SHIFT = 24
DAY_KEYS = dt.date.max.toordinal() + 1

_SCHEMA = """
PRAGMA user_version = 5;
CREATE TABLE IF NOT EXISTS documents (graph TEXT PRIMARY KEY, stamp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY, fact TEXT NOT NULL, graph TEXT NOT NULL, date TEXT NOT NULL,
    meeting TEXT NOT NULL, start INTEGER, board TEXT);
CREATE INDEX IF NOT EXISTS facts_by_graph ON facts (graph);
CREATE TABLE IF NOT EXISTS tags (id INTEGER NOT NULL, iri TEXT NOT NULL, PRIMARY KEY (id, iri)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tags_by_iri ON tags (iri, id);
CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2',
                                                     prefix = '2 3 4 5');
""" + catalog.TABLES

#: (The OPTIONAL stays outside the GRAPH block: inside it, Oxigraph read every document of the store
#: before joining the VALUES the writer binds ?graph with: 520 ms against 3 ms for 50 graphs at 10,000.)
_STAMPS_QUERY = """
SELECT ?graph ?sha ?created WHERE {
  GRAPH ?graph { ?document a bg:MinutesDocument ; bg:sha256 ?sha . }
  OPTIONAL { GRAPH ?graph { ?document dcterms:created ?created } }
}"""

#: The named graph in which graph/writer.py keeps the digest of the store's documents, as one or more
#: parts (``<part> <urn:boardgraph:documents:digest> "hex"``) whose XOR is the digest; none: the store
#: was written before digests were kept.
DIGEST_GRAPH = "urn:boardgraph:documents"
_DIGEST = URIRef(DIGEST_GRAPH + ":digest")

_TERMS = re.compile(r'"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class FactRow:
    """One fact as one document states it: what the index stores."""

    fact: str
    graph: str
    date: str
    meeting: str
    start: int | None
    board: str | None
    text: str
    tags: frozenset[str]  # speaker or owner, topics


@dataclass(frozen=True)
class IndexEntry:
    """What the index keeps of one document: its stamp (None: no minutes document, i.e. removed)
    and its rows. Small and picklable: a bulk-load worker computes it."""

    graph_iri: str
    stamp: str | None
    rows: tuple[FactRow, ...]
    catalogue: CatalogueEntry | None = None  # the document's meeting and what it is about (graph/catalog.py)


def index_entry(graph_iri: str, graph: rdflib.Graph, contribution: Contribution | None = None) -> IndexEntry:
    """GRAPH's :class:`IndexEntry` (an empty graph removes the document); CONTRIBUTION: its
    graph/aggregates.py contribution, when the caller has it."""
    stamp = document_stamp(graph) if len(graph) else None
    if not stamp:
        return IndexEntry(str(graph_iri), None, ())
    return IndexEntry(str(graph_iri), stamp, tuple(document_rows(str(graph_iri), graph)),
                      catalogue_entry(str(graph_iri), graph, contribution))


@dataclass(frozen=True)
class SearchQuery:
    """What the search page asks: words (all must occur) and optional filters (IRIs, ISO dates)."""

    words: Sequence[str] = ()
    board: str | None = None
    person: str | None = None
    topic: str | None = None
    date_from: str | None = None
    date_to: str | None = None


def query_words(text: str) -> list[str]:
    """The words of a query, lower-cased, each once, in order; ``"two words"`` stays one phrase."""
    terms = (m.group(1) if m.group(1) is not None else m.group(2) for m in _TERMS.finditer(text.lower()))
    return list(dict.fromkeys(" ".join(t.split()) for t in terms if t.strip()))


def match_expression(words: Iterable[str]) -> str:
    """An FTS5 MATCH expression: each word a quoted prefix phrase (inner quotes doubled), all ANDed.

    Quoting makes every character literal text for the tokenizer: nothing in a word is FTS5 syntax.
    A one-character word is a whole word (as a prefix it would match nearly everything, slowly); a
    word without letters or digits has no tokens, and so matches nothing."""
    return " AND ".join('"' + word.replace('"', '""') + ('"*' if len(word) > 1 else '"') for word in words)


# --------------------------------------------------------------------------------------------
# rows from a document graph


def document_rows(graph_iri: str, graph: rdflib.Graph) -> list[FactRow]:
    """The index rows of one document graph: every subject with a schema:text or schema:description
    that is part of an agenda item of a dated meeting (as graph/queries/search.rq reads them)."""
    texts: dict[URIRef, list[str]] = {}
    for predicate in (SCHEMA.text, SCHEMA.description):
        for fact, text in graph.subject_objects(predicate):
            texts.setdefault(fact, []).append(str(text))
    rows = []
    for fact, parts in texts.items():
        item = graph.value(fact, DCTERMS.isPartOf)
        meeting = graph.value(item, DCTERMS.isPartOf) if item is not None else None
        date = graph.value(meeting, DCTERMS.date) if meeting is not None else None
        if date is None:
            continue
        source = graph.value(fact, PROV.wasDerivedFrom)
        selector_starts = [graph.value(s, OA.start) for s in graph.objects(source, OA.hasSelector)] if source else []
        start = next((int(s) for s in selector_starts if s is not None), None)
        board = graph.value(meeting, BG.board)
        tags = {*graph.objects(fact, BG.speaker), *graph.objects(fact, BG.owner), *graph.objects(fact, DCTERMS.subject)}
        rows.append(FactRow(str(fact), str(graph_iri), str(date), str(meeting), start,
                            str(board) if board is not None else None, "\n".join(parts),
                            frozenset(str(t) for t in tags)))
    return rows


#: What document_rows, document_stamp and the catalogue (graph/catalog.py) read: these predicates, and the
#: rdf:type of minutes documents and of graph/catalog.py's CATALOGUED_TYPES.
INDEXED_PREDICATES = tuple(dict.fromkeys((
    SCHEMA.text, SCHEMA.description, DCTERMS.isPartOf, DCTERMS.date, BG.board, PROV.wasDerivedFrom, OA.hasSelector,
    OA.start, BG.speaker, BG.owner, DCTERMS.subject, BG.sha256, DCTERMS.created, *catalog.CATALOGUED_PREDICATES)))


def indexed_graph(store: GraphStore, graph_iri: str) -> rdflib.Graph:
    """The document's graph cut down to what the index reads (about a third of its triples; one
    query on the graph/predicate index, several times cheaper than reading the whole graph back)."""
    predicates = " ".join(str(to_oxigraph(p)) for p in INDEXED_PREDICATES)
    document = " ".join(f"({to_oxigraph(RDF.type)} {to_oxigraph(cls)})"
                        for cls in (BG.MinutesDocument, *catalog.CATALOGUED_TYPES))
    graph = rdflib.Graph(identifier=URIRef(graph_iri))
    for row in store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {to_oxigraph(URIRef(graph_iri))} {{ "
                            f"{{ VALUES ?p {{ {predicates} }} ?s ?p ?o }} UNION "
                            f"{{ VALUES (?p ?o) {{ {document} }} ?s ?p ?o }} }} }}"):
        graph.add((row["s"], row["p"], row["o"]))
    return graph


def document_stamp(graph: rdflib.Graph) -> str | None:
    """The graph's minutes document stamp (``sha256|created``), or None if it records no minutes document."""
    for document in graph.subjects(RDF.type, BG.MinutesDocument):
        sha = graph.value(document, BG.sha256)
        if sha is not None:
            return _stamp(sha, graph.value(document, DCTERMS.created))
    return None


def store_stamps(store: GraphStore, graph_iris: Sequence[str] | None = None) -> dict[str, str]:
    """Each document graph in the store (or of GRAPH_IRIS) -> its stamp (one query over the minutes documents)."""
    if graph_iris is not None and not graph_iris:
        return {}
    query = _STAMPS_QUERY if graph_iris is None else with_values(_STAMPS_QUERY, [{"graph": URIRef(g)} for g in graph_iris])
    return {str(r["graph"]): _stamp(r["sha"], r.get("created")) for r in store.select(query)}


def _stamp(sha, created) -> str:
    return f"{sha}|{created or ''}"


# --------------------------------------------------------------------------------------------
# digests: which documents, in which versions, in one number


def document_digest(graph_iri: str, stamp: str) -> int:
    """One document's share of a digest (128 bits of SHA-256 of its graph IRI and stamp)."""
    return int.from_bytes(hashlib.sha256(f"{graph_iri}\n{stamp}".encode()).digest()[:16], "big")


def _xor(values: Iterable[int]) -> int:
    return functools.reduce(operator.xor, values, 0)


def _digest_of(stamps: Iterable[tuple[str, str]]) -> int:
    """The digest of (graph IRI, stamp) pairs: the XOR of their shares."""
    return _xor(document_digest(g, s) for g, s in stamps)


def _stored_parts(store: GraphStore) -> list[int]:
    return [int(str(r["value"]), 16) for r in
            store.select(f"SELECT ?value WHERE {{ GRAPH <{DIGEST_GRAPH}> {{ ?part <{_DIGEST}> ?value }} }}")]


def store_digest(store: GraphStore) -> int | None:
    """The digest of the store's documents, or None when the store keeps none (written before digests)."""
    parts = _stored_parts(store)
    return _xor(parts) if parts else None


@dataclass(frozen=True)
class DigestChange:
    """A batch's new store digest, ready to write: ``part`` to add to DIGEST_GRAPH with the documents
    (the parts then combine to the new digest), ``whole`` to replace DIGEST_GRAPH with."""

    part: SerialisedTriples
    whole: SerialisedTriples


def digest_change(store: GraphStore, entries: Sequence[IndexEntry]) -> DigestChange:
    """The store's digest once ENTRIES (documents about to be written; no stamp: removed) replace what
    the store holds for their graphs: one query for their stored stamps. A store without a digest has
    it computed from every stamp first (once: the writes after that keep it)."""
    parts = _stored_parts(store)
    kept = _xor(parts)
    digest = kept if parts else _digest_of(store_stamps(store).items())
    stored = store_stamps(store, [e.graph_iri for e in entries])
    digest ^= _digest_of(stored.items()) ^ _digest_of((e.graph_iri, e.stamp) for e in entries if e.stamp)
    part = digest ^ kept
    return DigestChange(_digest_triple(URIRef(f"{DIGEST_GRAPH}:part:{uuid.uuid4().hex}"), part),
                        _digest_triple(URIRef(DIGEST_GRAPH), digest))


def _digest_triple(part: URIRef, value: int) -> SerialisedTriples:
    return serialise_for_update([(part, _DIGEST, rdflib.Literal(f"{value:032x}"))], "digest")


# --------------------------------------------------------------------------------------------
# the index


class SearchIndex:
    """An SQLite FTS5 index of facts. Thread-safe (one connection, one lock); use as a context manager."""

    def __init__(self, connection: sqlite3.Connection, read_only: bool):
        self._db = connection
        self.read_only = read_only
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | Path | None, *, read_only: bool = False) -> SearchIndex:
        """Open (or create, unless ``read_only``) the index at PATH; ``None`` makes one in memory.
        Read-only opens use SQLite's ``mode=ro`` and fail if the file is missing."""
        if read_only:
            if path is None or not Path(path).is_file():
                raise FileNotFoundError(f"no search index at {path}")
            db = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False,
                                 timeout=10)
            return cls(db, read_only=True)
        db = sqlite3.connect(":memory:" if path is None else str(path), check_same_thread=False, timeout=10)
        if db.execute("PRAGMA user_version").fetchone()[0] not in (0, VERSION):
            raise sqlite3.DatabaseError(f"search index {path} has another layout; rebuild it (load.py reindex)")
        db.executescript(_SCHEMA)
        return cls(db, read_only=False)

    def version(self) -> int:
        """The layout version the file was written with (0: empty)."""
        with self._lock:
            return self._db.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------------------
    def replace_documents(self, entries: Iterable[IndexEntry]) -> int:
        """Replace the rows and stamp of each document, in ONE SQLite transaction; an entry without a
        stamp removes the document. Returns the rows written."""
        written = 0
        with self._lock, self._db:
            digest = self._digest()
            touched: set[str] = set()  # action points whose current state must be recomputed
            for entry in entries:
                old = self._db.execute("SELECT stamp FROM documents WHERE graph = ?", (entry.graph_iri,)).fetchone()
                if old:
                    digest ^= document_digest(entry.graph_iri, old[0])
                touched |= self._delete(entry.graph_iri)
                if entry.stamp is None:
                    continue
                digest ^= document_digest(entry.graph_iri, entry.stamp)
                self._db.execute("INSERT INTO documents (graph, stamp) VALUES (?, ?)", (entry.graph_iri, entry.stamp))
                written += self._insert(entry.rows)
                touched |= catalog.insert(self._db, entry.graph_iri, entry.catalogue)
            catalog.refresh_actions(self._db, touched)
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('digest', ?)", (f"{digest:032x}",))
        return written

    def optimise(self) -> None:
        """Merge the full-text index's segments into one (after a rebuild: faster reads)."""
        with self._lock, self._db:
            self._db.execute("INSERT INTO texts (texts) VALUES ('optimize')")

    def _delete(self, graph_iri: str) -> set[str]:
        ids = [(i,) for (i,) in self._db.execute("SELECT id FROM facts WHERE graph = ?", (graph_iri,))]
        self._db.executemany("DELETE FROM texts WHERE rowid = ?", ids)
        self._db.executemany("DELETE FROM tags WHERE id = ?", ids)
        self._db.execute("DELETE FROM facts WHERE graph = ?", (graph_iri,))
        self._db.execute("DELETE FROM documents WHERE graph = ?", (graph_iri,))
        return catalog.delete(self._db, graph_iri)

    def _insert(self, rows: Sequence[FactRow]) -> int:
        for row in sorted(rows, key=lambda r: (r.date, r.meeting, -1 if r.start is None else r.start, r.fact)):
            first = _day_start(row.date)
            (last,) = self._db.execute("SELECT max(id) FROM facts WHERE id >= ? AND id < ?",
                                       (first, first + (1 << DAY_SHIFT))).fetchone()
            fact_id = first if last is None else last + 1
            self._db.execute("INSERT INTO facts (id, fact, graph, date, meeting, start, board) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (fact_id, row.fact, row.graph, row.date, row.meeting, row.start, row.board))
            self._db.execute("INSERT INTO texts (rowid, text) VALUES (?, ?)", (fact_id, row.text))
            self._db.executemany("INSERT OR IGNORE INTO tags (id, iri) VALUES (?, ?)", [(fact_id, t) for t in row.tags])
        return len(rows)

    # --- reading -----------------------------------------------------------------------------
    def digest(self) -> int:
        """The digest of the indexed documents (:func:`document_digest`; the same as the store's when
        the index holds the store's documents)."""
        with self._lock:
            return self._digest()

    def _digest(self) -> int:
        """The kept digest, or (a file written before digests were kept) the one its documents give."""
        try:
            kept = self._db.execute("SELECT value FROM meta WHERE key = 'digest'").fetchone()
        except sqlite3.OperationalError:  # no meta table: written before digests, opened read-only
            kept = None
        return int(kept[0], 16) if kept else _digest_of(self._db.execute("SELECT graph, stamp FROM documents"))

    def stamps(self) -> dict[str, str]:
        """Each indexed document graph -> the stamp it was indexed with."""
        with self._lock:
            return dict(self._db.execute("SELECT graph, stamp FROM documents"))

    def search(self, query: SearchQuery, limit: int, offset: int = 0) -> tuple[list[dict], int]:
        """One page of matching facts (dicts with "fact" and "graph"), newest first (then meeting,
        offset in the document, fact IRI, as search.rq orders them), and how many match in all
        (counted up to COUNT_CAP).

        Two steps, each reading matches in id order (newest day first) and stopping early: the
        page's last match gives the last day the page can reach; the matches up to the end of that
        day are then sorted exactly."""
        source, where, values = self._plan(query)
        scan = f"SELECT f.id FROM {source} WHERE {where} ORDER BY m.{_ID[source]}"
        with self._lock:
            last = self._db.execute(f"{scan} LIMIT 1 OFFSET ?", [*values, int(offset) + int(limit) - 1]).fetchone()
            bound = [] if last is None else [((last[0] >> DAY_SHIFT) + 1) << DAY_SHIFT]
            page_sql = (f"SELECT f.fact, f.graph FROM {source} WHERE {where}{f' AND m.{_ID[source]} < ?' if bound else ''} "
                        "ORDER BY f.date DESC, f.meeting, f.start, f.fact LIMIT ? OFFSET ?")
            found = [{"fact": fact, "graph": graph}
                     for fact, graph in self._db.execute(page_sql, [*values, *bound, int(limit), int(offset)])]
            total = self._db.execute(f"SELECT count(*) FROM ({scan} LIMIT ?)", [*values, COUNT_CAP]).fetchone()[0]
        return found, total

    def meetings(self, board: str | None, limit: int, offset: int, *, by_graph: bool = False) -> list[dict]:
        """Meetings newest first, of BOARD or all (graph/catalog.py meetings_page)."""
        with self._lock:
            return catalog.meetings_page(self._db, board, limit, offset, by_graph=by_graph)

    def documents_about(self, iri: str, limit: int, oldest: bool = False) -> list[dict]:
        """The LIMIT newest (OLDEST: oldest) documents about IRI (graph/catalog.py documents_about)."""
        with self._lock:
            return catalog.documents_about(self._db, iri, limit, oldest)

    def actions(self, board: str | None, status: str | None, owner: str | None, limit: int, offset: int) -> list[str]:
        """One page of action points in the tracker's order, filtered by their current state
        (graph/catalog.py actions_page)."""
        with self._lock:
            return catalog.actions_page(self._db, board, status, owner, limit, offset)

    def owners(self) -> list[dict]:
        """The owners of action points with their names and counts (graph/catalog.py owners)."""
        with self._lock:
            return catalog.owners(self._db)

    def representatives(self, organisation: str, limit: int, offset: int) -> list[dict]:
        """The people who attended for ORGANISATION (graph/catalog.py representatives)."""
        with self._lock:
            return catalog.representatives(self._db, organisation, limit, offset)

    def biggest(self, kind: str, k1: str, limit: int) -> list[dict]:
        """A thing's biggest counters of KIND and the ties at the cut (graph/catalog.py biggest)."""
        with self._lock:
            return catalog.biggest(self._db, kind, k1, limit)

    def boards(self, board: str | None = None) -> list[dict]:
        """Every board, or BOARD, with its meetings' count and dates (graph/catalog.py boards)."""
        with self._lock:
            return catalog.boards(self._db, board)

    @staticmethod
    def _plan(query: SearchQuery) -> tuple[str, str, list]:
        """The rows to scan in id order (``m`` and its id column _ID[source]) joined to facts ``f``, the WHERE clause (fixed SQL
        text) and its bound values. The words drive the scan if there are any (FTS5 reads its
        matches in rowid order), else a person or topic (the tags index), else the facts table."""
        tags = [t for t in (query.person, query.topic) if t is not None]
        values: list = []
        if query.words:
            source = _WORDS
            clauses = ["texts MATCH ?"]
            values.append(match_expression(query.words))
        elif tags:
            source = _TAGS
            clauses = ["m.iri = ?"]
            values.append(tags.pop(0))
        else:
            source, clauses = _FACTS, []
        if query.date_to is not None:  # days up to date_to: ids from that day's start
            clauses.append(f"m.{_ID[source]} >= ?")
            values.append(_day_start(query.date_to))
        if query.date_from is not None:  # days from date_from: ids below the day before it
            clauses.append(f"m.{_ID[source]} < ?")
            values.append(_day_start(query.date_from) + (1 << DAY_SHIFT))
        if query.board is not None:
            clauses.append("f.board = ?")
            values.append(query.board)
        for tag in tags:
            clauses.append("EXISTS (SELECT 1 FROM tags t WHERE t.id = f.id AND t.iri = ?)")
            values.append(tag)
        return source, " AND ".join(clauses) or "1", values


_WORDS, _TAGS, _FACTS = ("texts m JOIN facts f ON f.id = m.rowid", "tags m JOIN facts f ON f.id = m.id",
                          "facts m JOIN facts f ON f.id = m.id")
_ID = {_WORDS: "rowid", _TAGS: "id", _FACTS: "id"}


def _day_start(date: str) -> int:
    """The first fact id of a day (ISO date)."""
    return (DAY_KEYS - dt.date.fromisoformat(date[:10]).toordinal()) << DAY_SHIFT


# --------------------------------------------------------------------------------------------
# which index belongs to which store


_IN_MEMORY: weakref.WeakKeyDictionary[GraphStore, SearchIndex] = weakref.WeakKeyDictionary()


def index_path(store: GraphStore) -> Path | None:
    """Where an on-disk store's index lives (``<store dir>.search.sqlite``); None for other stores."""
    path = getattr(store, "path", None) if isinstance(store, OxigraphStore) else None
    return None if path is None else path.with_name(path.name + ".search.sqlite")


def _in_memory(store: GraphStore) -> bool:
    return isinstance(store, OxigraphStore) and store.path is None


def index_documents(store: GraphStore, entries: Sequence[IndexEntry]) -> None:
    """Bring the store's index up to date with documents just committed to the store (the writer's
    hook; each document's :class:`IndexEntry`). A new index (first write to a store) also gets every other
    document of the store, read back from it (:func:`ensure_index`). A SPARQL server store has no index:
    nothing to do."""
    if _in_memory(store):
        index = _IN_MEMORY.get(store)
        if index is None:
            _IN_MEMORY[store] = index = SearchIndex.open(None)
            _fill_new(store, index, entries)
        else:
            index.replace_documents(entries)
        return
    path = index_path(store)
    if path is None:
        return
    fresh = not path.exists() or _layout(path) != VERSION
    if fresh:
        path.unlink(missing_ok=True)
    with SearchIndex.open(path) as index:
        if fresh:
            _fill_new(store, index, entries)
        else:
            index.replace_documents(entries)


def _fill_new(store: GraphStore, index: SearchIndex, entries: Sequence[IndexEntry]) -> None:
    """A new index: the documents just written from their entries, then whatever else the store holds
    read back from it (a first bulk batch of 200 synthetic meetings: ~11 s less than reading them all back)."""
    index.replace_documents(entries)
    ensure_index(store, index)


def _layout(path: Path) -> int:
    with SearchIndex.open(path, read_only=True) as index:
        return index.version()


def stale_documents(store: GraphStore, index: SearchIndex) -> tuple[list[str], list[str]]:
    """(documents of the store the index lacks or holds an older version of, documents the index
    holds that the store no longer has)."""
    wanted, held = store_stamps(store), index.stamps()
    return ([g for g, stamp in sorted(wanted.items()) if held.get(g) != stamp],
            sorted(set(held) - set(wanted)))


def ensure_index(store: GraphStore, index: SearchIndex) -> int:
    """Re-index the documents whose stamp differs between store and index (graphs read from the
    store), drop those the store no longer has; returns how many documents changed."""
    changed, gone = stale_documents(store, index)
    index.replace_documents(IndexEntry(g, None, ()) for g in gone)
    for start in range(0, len(changed), BATCH):
        index.replace_documents(index_entry(g, indexed_graph(store, g)) for g in changed[start:start + BATCH])
    return len(changed) + len(gone)


def reindex(store: GraphStore, path: str | Path) -> int:
    """Rebuild the index at PATH from the store from scratch (built beside it, then moved into place,
    so readers see the old index or the new one); returns the documents indexed."""
    path = Path(path)
    building = path.with_name(path.name + ".building")
    for leftover in (building, building.with_name(building.name + "-journal")):
        leftover.unlink(missing_ok=True)
    with SearchIndex.open(building) as index:
        count = ensure_index(store, index)
        index.optimise()
    building.replace(path)
    return count


def open_for_site(store: GraphStore) -> SearchIndex | None:
    """The index the site searches with, or None (with a log line saying why) when it must run
    search.rq instead: a SPARQL server store, or an on-disk index that is missing or stale.
    An in-memory store's index is brought up to date here."""
    if _in_memory(store):
        index = _IN_MEMORY.get(store)
        if index is None:
            _IN_MEMORY[store] = index = SearchIndex.open(None)
        ensure_index(store, index)
        return index
    path = index_path(store)
    if path is None:
        log.info("search: %r has no full-text index; searching with search.rq", store)
        return None
    try:
        index = SearchIndex.open(path, read_only=True)
        if index.version() != VERSION:
            raise sqlite3.DatabaseError(f"layout {index.version()}, expected {VERSION}")
        stale = _staleness(store, index)
    except (FileNotFoundError, sqlite3.Error) as error:
        log.warning("search: no usable full-text index at %s (%s); searching with search.rq "
                    "(run `python load.py reindex` to build it)", path, error)
        return None
    if stale:
        index.close()
        log.warning("search: the full-text index at %s is stale (%s); searching with search.rq "
                    "(run `python load.py reindex` to rebuild it)", path, stale)
        return None
    return index


def _staleness(store: GraphStore, index: SearchIndex) -> str | None:
    """Why INDEX does not hold the store's documents as stored, or None when it does: the two digests
    compared (two small reads), or every stamp for a store written before digests were kept."""
    digest = store_digest(store)
    if digest is not None:
        return None if index.digest() == digest else "its documents' digest differs from the store's"
    changed, gone = stale_documents(store, index)
    return f"{len(changed) + len(gone)} documents differ from the store" if changed or gone else None


class SiteSearch:
    """The index one site searches its store with: an on-disk index is opened and checked once (the
    site's store is a read-only snapshot); an in-memory store's index is brought up to date per search."""

    def __init__(self, store: GraphStore):
        self.store = store
        self._lock = threading.Lock()
        self._opened = False
        self._index: SearchIndex | None = None

    def index(self) -> SearchIndex | None:
        """The index, or None when the site must run search.rq."""
        if _in_memory(self.store):
            return open_for_site(self.store)
        with self._lock:
            if not self._opened:
                self._index, self._opened = open_for_site(self.store), True
        return self._index
