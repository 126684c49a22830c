"""Running the named queries for the pages: bound values in, plain Python values out.

Values are bound with a SPARQL VALUES block placed first in the query's WHERE clause, each term
written by pyoxigraph (IRIs validated, literals escaped), never text copied from a request.
pyoxigraph's own substitutions give the same answers but its optimiser then plans the query as if
the variable were free: a meeting's statements took 62 ms instead of 0.8 ms in a store of 400
meetings, and the gap grows with the store. A VALUES block is planned first.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote

from flask import current_app, request
from rdflib.term import Identifier, Literal, URIRef

from graph.aggregates import AGG, group, has_aggregates
from graph.analysis import node_labels
from graph.catalog import RANKED_KINDS
from graph.namespaces import ONTOLOGY_GRAPH, ORGANISATIONS_GRAPH, TOPICS_GRAPH
from graph.queries import load_counted, load_query
from graph.search_index import SearchIndex, SiteSearch
from graph.sparql_bind import with_values
from graph.store import GraphStore, to_oxigraph
from web.linked_data import kept_for_snapshot
from web.state import base, get_store
from web.urls import page_url

T = TypeVar("T")

#: Rows per page of a paginated list, and the highest page number accepted.
PAGE_SIZE = 50
MAX_PAGE = 10_000


VOCABULARY_GRAPHS = (ONTOLOGY_GRAPH, TOPICS_GRAPH, ORGANISATIONS_GRAPH)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def _query(name: str, counted: bool = False) -> str:
    """The named query (its counted twin, graph/queries/counted/, if COUNTED) without its comment lines
    (so nothing in a comment is mistaken for syntax)."""
    text = load_counted(name) if counted else load_query(name)
    if text is None:
        raise KeyError(f"the named query {name!r} has no counted twin for the whole store")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def within(query: str, graphs: Iterable[str]) -> str:
    """QUERY with its GRAPH patterns limited to GRAPHS and the vocabulary graphs (FROM NAMED).

    For queries about one document or a page of documents: Oxigraph then reads those graphs only,
    so the query costs the same in a store of ten meetings or ten thousand."""
    names = dict.fromkeys([*graphs, *(base() + g for g in VOCABULARY_GRAPHS)])
    clause = "".join(f"FROM NAMED {to_oxigraph(URIRef(g))}\n" for g in names)
    where = _WHERE.search(query)
    return query[:where.start()] + clause + query[where.start():]


def iri(path: str) -> URIRef:
    """The data IRI for a path below the base, e.g. ``iri("person/nick-halliday")``."""
    return URIRef(base() + path)


def slug_iri(kind: str, *slugs: str | None) -> URIRef | None:
    """The IRI ``<base>KIND/SLUG/...`` for path segments taken from a request, each percent-encoded
    (so any value makes a valid IRI that at worst names nothing); None when a segment is missing."""
    parts = [s.strip() for s in slugs if s and s.strip()]
    if len(parts) != len(slugs):
        return None
    return iri("/".join([kind, *(quote(s, safe="") for s in parts)]))


@dataclass(frozen=True)
class Page:
    """One page of a long list: ``?page=N`` (1-based) of ``size`` rows."""

    number: int = 1
    size: int = PAGE_SIZE

    param: str = "page"

    @classmethod
    def from_request(cls, size: int = PAGE_SIZE, param: str = "page") -> "Page":
        """The page asked for with ``?PARAM=N``; anything but a positive number means page 1."""
        raw = request.args.get(param, "1")
        number = int(raw) if raw.isdigit() else 1
        return cls(min(max(number, 1), MAX_PAGE), size, param)

    def clause(self) -> str:
        """LIMIT/OFFSET for the query (one row more than shown, to tell whether a next page exists).
        Only these two integers, computed here, are ever added to a query's text."""
        return f"\nLIMIT {int(self.size) + 1} OFFSET {(int(self.number) - 1) * int(self.size)}"


def rows(name: str, bindings: Mapping[str, Identifier | None] | None = None, *,
         table: Sequence[Mapping[str, Identifier]] | None = None, graphs: Iterable[str] | None = None,
         page: Page | None = None, limit: int | None = None, order: str | None = None,
         where: str | None = None, counted: bool = False) -> list[dict]:
    """The rows of named query NAME (its counted twin if COUNTED: the caller knows the store's aggregates
    are current) with plain values. ``bindings`` binds one value per variable
    (None leaves it unbound); ``table`` binds several rows of values (e.g. the facts on a page);
    ``graphs`` limits the query's GRAPH patterns to those documents' graphs (and the vocabulary);
    ``order`` (a constant ORDER BY clause written in the code, never from a request) is appended;
    ``where`` (a constant clause written in the code, e.g. a FILTER, never from a request) is added
    at the end of the WHERE group of a query that ends with it."""
    store = get_store()
    if store is None or table == []:
        return []
    bound = [{k: v for k, v in (bindings or {}).items() if v is not None}] if table is None else table
    text = with_values(_query(name, counted), bound)
    if where is not None:
        text = _ending_with(text, where)
    if graphs is not None:
        text = within(text, graphs)
    if order is not None:
        text += f"\nORDER BY {order}"
    if page is not None:
        text += page.clause()
    elif limit is not None:
        text += f"\nLIMIT {int(limit)}"
    return store.select_plain(text)


def _ending_with(query: str, clause: str) -> str:
    """QUERY (ending with its WHERE group) with CLAUSE last in that group."""
    body = query.rstrip()
    if not body.endswith("}"):
        raise ValueError("the query does not end with its WHERE group")
    return f"{body[:-1]}  {clause}\n}}"


def paged(name: str, bindings: Mapping[str, Identifier | None], page: Page) -> tuple[list[dict], dict]:
    """One page of rows and the pagination facts for the page (number, previous and next page)."""
    return paginated(rows(name, bindings, page=page), page)


def paginated(found: list, page: Page) -> tuple[list, dict]:
    """The page's rows of FOUND (the page's rows and one more, if there is a next page) and its pagination."""
    more = len(found) > page.size
    pagination = {"param": page.param, "page": page.number, "size": page.size,
                  "previous": page.number - 1 if page.number > 1 else None,
                  "next": page.number + 1 if more else None}
    return found[:page.size], pagination


_SIDE_INDEX = "boardgraph.side-index"


def for_this_store(key: str, make: Callable[[GraphStore], T]) -> T | None:
    """MAKE(store), kept in the app under KEY for the store the site serves now (made again when the
    site follows the loader to a new snapshot); None when nothing is loaded yet."""
    store = get_store()
    if store is None:
        return None
    held = current_app.extensions.get(key)
    if held is None or held[0] is not store:
        held = current_app.extensions[key] = (store, make(store))
    return held[1]


def side_index() -> SearchIndex | None:
    """The store's side index (full-text search and the catalogue, graph/catalog.py), or None when the
    pages must ask the store: a SPARQL server, or an index that is missing or stale (checked once per
    read-only snapshot of the store, see graph/search_index.py SiteSearch)."""
    search = for_this_store(_SIDE_INDEX, SiteSearch)
    return None if search is None else search.index()


#: the named queries giving the documents about one thing -> the variable naming the thing
DOCUMENTS_ABOUT = {"topic-documents": "topic", "person-documents": "person", "organisation-documents": "organisation",
                   "board-documents": "board"}


def newest_documents(documents: str, bindings: Mapping[str, Identifier | None], limit: int) -> list[dict]:
    """The LIMIT newest documents ({graph, date}, newest first, then graph IRI) named query DOCUMENTS
    (one of DOCUMENTS_ABOUT) gives for the thing BINDINGS name: from the catalogue when the side index
    is usable (one index range), else from the store."""
    variable = DOCUMENTS_ABOUT[documents]
    thing = bindings.get(variable)
    index = side_index() if thing is not None else None
    if index is not None:
        return index.documents_about(str(thing), limit)
    return rows(documents, {variable: thing}, order="DESC(?date) ?graph", limit=limit)


def newest_rows(name: str, bindings: Mapping[str, Identifier | None], documents: str, count: int,
                first: int = 8) -> list[dict]:
    """The first COUNT rows of named query NAME (ordered newest document first), read only from the
    newest documents: DOCUMENTS is a named query giving them (?graph, ?date; bound the same way;
    :func:`newest_documents`), read newest first in growing batches of whole days, until COUNT rows are
    found or no document is left. The same rows as NAME over the whole store, at the cost of the
    documents read (a topic's first page reads a few meetings, not all of them). FIRST is the first
    batch's size: COUNT for a query giving about a row a document reads them in one go.

    Each batch reads only the documents the batches before it did not: they are whole days older than
    those, so their rows (NAME orders by date, newest first, before anything else) follow the rows
    already found (re-reading them cost a person's feed at 1,000 meetings 22 of its 51 ms)."""
    batch = first
    found: list[dict] = []
    read = 0  # the newest documents read so far: the first READ of every longer list of them
    while True:
        newest = newest_documents(documents, bindings, batch + 1)
        complete = len(newest) <= batch
        if not complete:  # whole days only: every row of the days kept is then read
            newest = [r for r in newest if r["date"] > newest[batch]["date"]]
        if len(newest) > read:
            found += rows(name, bindings, graphs=[r["graph"] for r in newest[read:]])
            read = len(newest)
        if len(found) >= count or complete:
            return found[:count]
        batch = _next_batch(batch, count, read, len(found))


def _next_batch(batch: int, count: int, read: int, found: int) -> int:
    """How many newest documents to read next for COUNT rows, when READ documents gave FOUND rows:
    as many as the rows per document so far need, and a quarter more (a person's meetings are about
    one a document: 8 documents, then 64 for a page of 51 instead of 8, 32 and 128); at least twice as
    many as before, and four times as many when none gave a row."""
    if not found:
        return batch * 4
    return max(batch * 2, -(-count * read * 5 // (found * 4)))


def thing_rows(name: str, bindings: Mapping[str, Identifier | None], documents: str) -> list[dict]:
    """Named query NAME (a thing's name) over the vocabulary graphs when they name the thing, else over
    its newest documents (DOCUMENTS, :func:`newest_documents`) when the catalogue has them, else over
    the store: an organisation of the registry is named by it without reading its thousands of documents
    (and one the registry lacks, by its newest documents)."""
    found = rows(name, bindings, graphs=[])
    if not found and side_index() is not None:
        newest = newest_documents(documents, bindings, 8)
        found = rows(name, bindings, graphs=[r["graph"] for r in newest]) if newest else []
    return found or rows(name, bindings)


def paged_newest(name: str, bindings: Mapping[str, Identifier | None], documents: str,
                 page: Page, *, row_a_document: bool = False) -> tuple[list[dict], dict]:
    """:func:`paged` for a query ordered newest document first, reading only the documents the page
    needs (:func:`newest_rows`): at once when the query gives about a row a document (ROW_A_DOCUMENT:
    a person's meetings read 8 and then 64 documents for 51 rows, two queries instead of one)."""
    count = page.number * page.size + 1
    found = newest_rows(name, bindings, documents, count, first=count if row_a_document else 8)
    return paginated(found[(page.number - 1) * page.size:], page)


def meetings_paged(board: URIRef | None, page: Page) -> tuple[list[dict], dict]:
    """One page of meetings newest first (all, or BOARD's): named query meeting-timeline's rows, from
    the catalogue when the side index is usable."""
    index = side_index()
    if index is None:
        return paged("meeting-timeline", {"board": board}, page)
    found = index.meetings(None if board is None else str(board), page.size + 1, (page.number - 1) * page.size)
    return paginated(found, page)


def documents_paged(page: Page) -> tuple[list[dict], dict]:
    """One page of the stored documents newest first (named query document-graphs' rows), from the
    catalogue when the side index is usable."""
    index = side_index()
    if index is None:
        return paged("document-graphs", {}, page)
    return paginated(index.meetings(None, page.size + 1, (page.number - 1) * page.size, by_graph=True), page)


def representatives_paged(organisation: URIRef, page: Page) -> tuple[list[dict], dict]:
    """One page of the people who attended for ORGANISATION (named query organisation-people's rows),
    from the catalogue when the side index is usable."""
    index = side_index()
    if index is None:
        return paged("organisation-people", {"organisation": organisation}, page)
    return paginated(index.representatives(str(organisation), page.size + 1, (page.number - 1) * page.size), page)


def board_rows(board: URIRef | None = None) -> list[dict]:
    """Every board (or BOARD) with name, acronym, meetings, first and last date (named query boards'
    rows), from the catalogue when the side index is usable."""
    index = side_index()
    if index is None:
        return rows("boards", {"board": board})
    if board is None:  # a GROUP BY over every meeting (100 ms at 10,000): once per snapshot of the store
        return kept_for_snapshot("boards", index.boards)
    return index.boards(str(board))


def ref(iri_value: str | None, name: str | None = None, **extra) -> dict | None:
    """A reference to a thing for templates and JSON: IRI, display name and the page that shows it."""
    if iri_value is None:
        return None
    return {"iri": iri_value, "name": name or iri_value.rstrip("/").rsplit("/", 1)[-1],
            "url": page_url(iri_value), **extra}


def aggregated() -> bool:
    """Whether the store keeps load-time aggregates (graph/aggregates.py) the pages can read instead
    of counting over every document; a store written without them is counted the old way."""
    store = get_store()
    return store is not None and has_aggregates(store)


def key(term: str | None) -> Literal | None:
    """An IRI as the aggregates key it is stored under (a plain string)."""
    return None if term is None else Literal(str(term))


def top_counts(kind: str, centre: str, other: str, limit: int, *, slots: tuple[str, str] = ("k1", "k2")) -> list[dict]:
    """The LIMIT biggest load-time counters of KIND whose key slot ``slots[0]`` is CENTRE, as rows
    {OTHER: the key in ``slots[1]``, name, statements}: most first, ties by name (as the *-topics and
    topic-* queries order them; only the ties at the cut are looked up by name)."""
    here, there = slots
    index = side_index() if here == "k1" and kind in RANKED_KINDS else None
    if index is not None:
        found = [{there: r["k2"], "count": r["count"]} for r in index.biggest(kind, str(centre), limit)]
        return [{other: r[there], "name": r["name"], "statements": r["count"]} for r in ranked(found, there, "count", limit)]
    found = rows("aggregate-counts", {"by": AGG.by1 if here == "k1" else AGG.by2, "group": group(kind, str(centre))})
    return [{other: r[there], "name": r["name"], "statements": r["count"]} for r in ranked(found, there, "count", limit)]


def ranked(found: list[dict], thing: str, count: str, limit: int) -> list[dict]:
    """The LIMIT first of FOUND (rows of THING and COUNT, most first) ordered as the counting queries
    order them: most first, ties by name (no name first); only the names of the rows kept and of the
    ties at the cut are looked up (named query network-labels), each row gets its ``name``."""
    if len(found) > limit:
        found = [r for r in found if r[count] >= found[limit - 1][count]]
    names = labels(r[thing] for r in found)
    order = sorted(found, key=lambda r: (-r[count], names.get(r[thing]) is not None, names.get(r[thing], "")))
    return [{**r, "name": names.get(r[thing])} for r in order[:limit]]


def labels(nodes: Iterable[str]) -> dict[str, str]:
    """The label of each of NODES that has one (named query network-labels; graph/analysis.py
    node_labels keeps them for a read-only snapshot)."""
    store = get_store()
    return {} if store is None else node_labels(store, nodes)
