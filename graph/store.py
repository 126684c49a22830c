"""One storage interface for the knowledge graph, with interchangeable backends.

Backends:
  * in-memory Oxigraph (``open_store(None)``; tests),
  * Oxigraph on disk (``open_store("data/store")``; the default),
  * a SPARQL 1.1 server (``open_store("http://host:port/...")``; graph/store_sparql.py).

Everything lives in named graphs (one per minutes document, plus the vocabulary graphs);
every query runs over the UNION of the named graphs.  Terms going in and coming out are
rdflib terms (URIRef, Literal, BNode), so the rest of the project never sees pyoxigraph.

Facts about pyoxigraph 0.5 this module relies on (checked against 0.5.13):
  * a SPARQL Update passed to one ``Store.update`` call is one transaction: all of it or
    nothing is written, and readers ("repeatable read") never see it half done;
  * ``Store.query(..., use_default_graph_as_union=True)`` makes the default graph the union
    of all graphs.  That union is NOT deduplicated: a triple asserted in two documents'
    graphs matches twice, so queries should use DISTINCT / COUNT(DISTINCT ...) / SAMPLE;
  * ``substitutions=`` binds variables without touching the query text (SEP-0007); in a
    SELECT query every substituted variable must appear in the projection (or use SELECT *);
  * one read-write opener per directory; ``Store.read_only(path)`` is a static snapshot taken
    when it is opened (see :meth:`GraphStore.refresh`);
  * there is no query timeout in the Python API (oxigraph issue #1926);
  * Oxigraph normalises literals when storing them (oxigraph issue #526): derived integer types
    (xsd:nonNegativeInteger, xsd:int, ...) come back as xsd:integer, xsd:dateTimeStamp as
    xsd:dateTime, and numbers in canonical lexical form ("1.50"^^xsd:decimal -> "1.5").
"""
from __future__ import annotations

import abc
import functools
import hashlib
import itertools
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import BNode, Identifier, Literal, URIRef

from graph.namespaces import BG, ONTOLOGY_GRAPH, ORGANISATIONS_GRAPH, PREFIXES, TOPICS_GRAPH

log = logging.getLogger(__name__)

__all__ = [
    "StoreError", "QueryError", "SelectResult", "GraphStore", "OxigraphStore", "open_store",
    "load_vocabulary", "to_oxigraph", "from_oxigraph", "DUMP_FORMATS", "DEFAULT_STORE_PATH",
    "DEFAULT_ONTOLOGY_DIR", "bind_project_prefixes", "QueryRefused", "QueryOutput", "RESULTS_FORMATS",
    "is_server_url", "refuse_service", "replace_update", "replace_graphs_update", "insert_graphs_update", "SerialisedTriples", "plain_value",
    "serialise_for_update", "serialise_answer", "serialise_triples",
]

DEFAULT_STORE_PATH = Path("data/store")
DEFAULT_ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: Formats :meth:`GraphStore.dump` writes -> (pyoxigraph format, keeps graph names?)
DUMP_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "rdfxml": (ox.RdfFormat.RDF_XML, False),
}

_PREFIX_STRINGS = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def bind_project_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib Graph or Dataset, taking over prefixes rdflib
    binds by default (rdflib binds ``schema:`` to https://schema.org/; ours is http://schema.org/)."""
    for prefix, namespace in PREFIXES.items():
        graph.namespace_manager.bind(prefix, namespace, override=True, replace=True)


class StoreError(Exception):
    """The store cannot be opened or used; the message is one line saying why."""


class QueryError(StoreError):
    """A SPARQL query or update is malformed or cannot be evaluated."""


class QueryRefused(QueryError):
    """A well-formed query this store will not run (a SERVICE clause: federated query)."""


#: SPARQL results formats :meth:`GraphStore.run_query` writes -> pyoxigraph format
RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


@dataclass(frozen=True)
class QueryOutput:
    """A query's answer, serialised by :meth:`GraphStore.run_query`.

    ``kind`` is "solutions" (SELECT), "boolean" (ASK) or "graph" (CONSTRUCT/DESCRIBE); ``fmt`` the
    RESULTS_FORMATS or DUMP_FORMATS key written; ``count`` the solutions or triples written (1 for
    ASK); ``truncated`` says more existed than ``max_rows`` and only the first ``max_rows`` were written."""

    kind: str
    data: bytes
    fmt: str
    count: int
    truncated: bool


# --------------------------------------------------------------------------------------------
# term conversion


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib URIRef/BNode/Literal to the pyoxigraph term (language and datatype kept).

    Raises ValueError for an IRI that is not a valid absolute IRI, an invalid language tag,
    or a term type RDF does not have (rdflib Variables, graphs...)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term)) if _BNODE_ID.fullmatch(str(term)) else ox.BlankNode(
            hashlib.sha1(str(term).encode()).hexdigest())
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"not an RDF term: {term!r}")


#: the longest literal :func:`from_oxigraph` keeps in its cache (a statement's text is read once or twice a
#: page, and 65,536 of them would hold the text of thousands of minutes in the site's memory)
CACHED_LITERAL_CHARS = 256


def from_oxigraph(term) -> Identifier:
    """Convert a pyoxigraph term to rdflib (xsd:string literals become plain rdflib literals).

    Cached (rdflib terms are immutable): the same IRIs, names and counts come back in row after row,
    and making an rdflib term (a typed literal parses its value) costs more than looking it up. A
    literal longer than :data:`CACHED_LITERAL_CHARS` is converted afresh each time."""
    if isinstance(term, ox.Literal) and len(term.value) > CACHED_LITERAL_CHARS:
        return _converted(term)
    return _converted_cached(term)


def _converted(term) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.DefaultGraph):
        return DATASET_DEFAULT_GRAPH_ID
    raise ValueError(f"unsupported RDF term (RDF-star triple terms are not used here): {term!r}")


_converted_cached = functools.lru_cache(maxsize=1 << 16)(_converted)


#: the XML Schema datatypes whose literals rdflib reads as Python int
_XSD_INTEGERS = frozenset(f"http://www.w3.org/2001/XMLSchema#{name}" for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))


def plain_value(term: Identifier | None) -> str | int | None:
    """A JSON-friendly value: integers as int, everything else (IRIs, dates, text) as its string form."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int) and not isinstance(value, bool) else str(term)
    return str(term)


def _plain_oxigraph(term) -> str | int:
    """:func:`plain_value` of a pyoxigraph term."""
    if isinstance(term, ox.Literal) and term.datatype.value in _XSD_INTEGERS:
        try:
            return int(term.value)
        except ValueError:
            return term.value
    return term.value


_BNODE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*(?<!\.)")


# --------------------------------------------------------------------------------------------
# results


@dataclass
class SelectResult:
    """The answer to a SELECT query: variable names (without '?') and one dict per solution.

    A variable left unbound in a solution is absent from that row's dict."""

    variables: list[str]
    rows: list[dict[str, Identifier]] = field(default_factory=list)

    def __iter__(self) -> Iterator[dict[str, Identifier]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def values(self, variable: str) -> list[Identifier]:
        """The bound values of one variable, in row order."""
        return [row[variable] for row in self.rows if variable in row]


# --------------------------------------------------------------------------------------------
# the interface


class GraphStore(abc.ABC):
    """A quad store holding one named graph per minutes document plus the vocabulary graphs.

    Queries run over the union of all named graphs.  Use it as a context manager or call
    :meth:`close`.  Obtain one with :func:`open_store`."""

    read_only: bool = False

    @property
    def location(self) -> str | None:
        """What :func:`open_store` takes to open this store again in another process (a directory or
        a server URL); None when that cannot be done (a store in memory)."""
        return None

    # --- writing -----------------------------------------------------------------------------
    @abc.abstractmethod
    def replace_graph(self, graph_iri: str, triples: Iterable[tuple]) -> None:
        """Replace the content of named graph ``graph_iri`` with ``triples`` (rdflib terms)
        in one transaction: readers see the old or the new graph, never a mix, and on any
        error nothing changes.  An empty ``triples`` removes the graph."""

    @abc.abstractmethod
    def replace_graphs(self, graphs: Mapping[str, Iterable[tuple] | SerialisedTriples], extra_update: str = "") -> None:
        """Replace several named graphs (graph IRI -> triples) and run ``extra_update`` (SPARQL
        Update text, may be empty) in ONE transaction: all of it is written or nothing."""

    def add_graphs(self, graphs: Mapping[str, SerialisedTriples]) -> None:
        """Add the triples of named graphs, in ONE transaction, by the fastest means the backend has
        (here: one INSERT DATA): a graph already there keeps its triples and gains these (merged, not
        replaced; graph/writer.py adds counters and marks to the aggregates graph this way)."""
        inserted = insert_graphs_update(graphs)
        if inserted:
            self.update(inserted)

    @abc.abstractmethod
    def remove_graph(self, graph_iri: str) -> None:
        """Remove a named graph and its triples (no error if it does not exist)."""

    @abc.abstractmethod
    def update(self, sparql_update: str) -> None:
        """Run a SPARQL 1.1 Update as one transaction (all of it or nothing)."""

    # --- reading -----------------------------------------------------------------------------
    @abc.abstractmethod
    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> SelectResult:
        """Run a SELECT query over the union of named graphs.

        ``bindings`` maps variable names (with or without '?') to rdflib terms; they are
        bound by the engine, never pasted into the query text.  Each bound variable must be
        in the SELECT projection (or use ``SELECT *``)."""

    def select_plain(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[dict[str, str | int]]:
        """:meth:`select`'s rows with plain values (:func:`plain_value`): what the site shows."""
        return [{k: plain_value(v) for k, v in row.items()} for row in self.select(query, bindings).rows]

    @abc.abstractmethod
    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query over the union of named graphs."""

    @abc.abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> rdflib.Graph:
        """Run a CONSTRUCT or DESCRIBE query over the union; the result has our prefixes bound."""

    @abc.abstractmethod
    def graph_iris(self) -> list[str]:
        """IRIs of all named graphs, sorted."""

    @abc.abstractmethod
    def graph(self, graph_iri: str) -> rdflib.Graph:
        """The triples of one named graph (empty if it does not exist), prefixes bound."""

    @abc.abstractmethod
    def quads(self, graph_iri: str | None = None) -> Iterator[tuple[Identifier, Identifier, Identifier, Identifier]]:
        """All quads (s, p, o, g) as rdflib terms, or only those of one named graph.

        g is a URIRef (or BNode) for named graphs and rdflib's DATASET_DEFAULT_GRAPH_ID for the
        default graph (which this project leaves empty)."""

    def values_of(self, subjects: Sequence[str], predicate: str, graph_iri: str) -> dict[str, str]:
        """Subject IRI -> the lexical value of its PREDICATE in the named graph GRAPH_IRI, for each of
        SUBJECTS that has one (one value each: which one, when there are several, is not defined)."""
        found: dict[str, str] = {}
        listed = sorted(set(subjects))
        for start in range(0, len(listed), 2000):
            values = " ".join(f"<{s}>" for s in listed[start:start + 2000])
            for row in self.select(f"SELECT ?s ?v WHERE {{ VALUES ?s {{ {values} }} GRAPH <{graph_iri}> "
                                   f"{{ ?s <{predicate}> ?v }} }}"):
                found[str(row["s"])] = str(row["v"])
        return found

    @abc.abstractmethod
    def count_quads(self, graph_iri: str | None = None) -> int:
        """Number of quads in the store, or in one named graph."""

    @abc.abstractmethod
    def dump(self, out: BinaryIO, fmt: str = "nquads", prefixes: Mapping[str, str] | None = None) -> int:
        """Serialise the store to the binary stream ``out``; returns the number of statements written.

        ``fmt`` is a key of :data:`DUMP_FORMATS`: nquads, trig and jsonld keep every named
        graph; turtle, ntriples and rdfxml write the union of all graphs as distinct triples.
        ``prefixes`` (default: the project's) are used where the format has them."""

    def run_query(self, query: str, *, results_format: str = "json", graph_format: str = "turtle",
                  max_rows: int = 10_000, default_graphs: Sequence[str] = (),
                  named_graphs: Sequence[str] = ()) -> QueryOutput:
        """Run any SPARQL query text from outside (the SPARQL endpoint) and serialise its answer.

        SELECT/ASK answers are written in ``results_format`` (a RESULTS_FORMATS key), CONSTRUCT/
        DESCRIBE answers in ``graph_format`` (turtle, ntriples, jsonld or rdfxml).  At most ``max_rows``
        solutions or triples are written.  The default graph is the union of the named graphs
        unless ``default_graphs`` names graphs; ``named_graphs`` restricts GRAPH.  Raises
        QueryRefused for a SERVICE clause (never evaluated), QueryError for a malformed query."""
        raise NotImplementedError(f"{type(self).__name__} does not run serialised queries")

    # --- lifecycle ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Make a read-only store see writes made since it was opened (no-op otherwise)."""

    def flush(self) -> None:
        """Write out what a writable store keeps in memory after its commits (no-op where there is nothing)."""

    @property
    def writes_files(self) -> bool:
        """Whether this store writes files of its own (an on-disk store open for writing): what
        :meth:`flush` and :meth:`optimize` act on."""
        return False

    def optimize(self) -> None:
        """Compact a store that :attr:`writes_files` after a large load (no-op otherwise)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store (and its directory lock).  Further calls raise StoreError."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


# --------------------------------------------------------------------------------------------
# the Oxigraph backend


#: the most quads OxigraphStore.add_graphs bulk-loads: Oxigraph's bulk loader ingests each 1,000,000 quads
#: (DEFAULT_BULK_LOAD_BATCH_SIZE) as one atomic RocksDB ingestion, so up to that it is all or nothing
BULK_ATOMIC_QUADS = 1_000_000


# The two helpers below take pyoxigraph's answer as an argument, so that only their own frame ever
# holds it: pyoxigraph's answers must be dropped on the thread that made them, and a caller's frame can
# outlive the call (kept by a reference cycle through the frames of rdflib's parser, which a query's
# first binding runs, graph/sparql_bind.py), to be collected later on another thread.
def _solution_rows(solutions, convert: Callable, caller: str) -> tuple[list[str], list[dict]]:
    """The variable names and the rows (variable -> CONVERT(value), unbound ones left out) of a SELECT answer."""
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"{caller} needs a SELECT query")
    variables = [v.value for v in solutions.variables]
    # a solution iterates over its values in the order of the variables (faster than by name)
    return variables, [{name: convert(value) for name, value in zip(variables, solution) if value is not None}
                       for solution in solutions]


def _constructed_graph(triples) -> rdflib.Graph:
    """The rdflib graph of a CONSTRUCT or DESCRIBE answer, with the project's prefixes."""
    if not isinstance(triples, ox.QueryTriples):
        raise QueryError("construct() needs a CONSTRUCT or DESCRIBE query")
    result = rdflib.Graph()
    bind_project_prefixes(result)
    for t in triples:
        result.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
    return result


class OxigraphStore(GraphStore):
    """:class:`GraphStore` on pyoxigraph: in memory (``path=None``) or a RocksDB directory."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is None and read_only:
            raise StoreError("an in-memory store cannot be opened read-only")
        self._store: ox.Store | None = self._open()

    def _open(self) -> ox.Store:
        if self.path is None:
            return ox.Store()
        path = self.path
        if path.exists() and not path.is_dir():
            raise StoreError(f"cannot open store {path}: not a directory")
        if self.read_only and not (path / "CURRENT").exists():
            raise StoreError(f"cannot open store {path} read-only: no store there (load something first)")
        try:
            if self.read_only:
                return _open_read_only(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(path))
        except OSError as error:
            message = _first_line(error)
            if "lock" in message.lower():
                raise StoreError(
                    f"store {path} is locked: another process (or another opener in this process) has it "
                    f"open read-write; only one read-write opener is allowed, others must open it read-only"
                ) from error
            raise StoreError(f"cannot open store {path}: {message}") from error
        except (RuntimeError, ValueError) as error:
            raise StoreError(f"cannot open store {path}: {_first_line(error)}") from error

    @property
    def location(self) -> str | None:
        return str(self.path) if self.path is not None else None

    # --- helpers -----------------------------------------------------------------------------
    @property
    def _ox(self) -> ox.Store:
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        return self._ox

    def _query(self, query: str, bindings: Mapping[str, Identifier] | None):
        substitutions = None
        if bindings:
            query = _bound(query, bindings)
            substitutions = {ox.Variable(name.lstrip("?$")): to_oxigraph(value) for name, value in bindings.items()}
        try:
            return self._ox.query(query, use_default_graph_as_union=True, prefixes=_PREFIX_STRINGS,
                                  substitutions=substitutions)
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {_first_line(error)}") from error
        except RuntimeError as error:
            message = _first_line(error)
            if "projection" in message:
                message += " (a bound variable must be selected, or use SELECT *)"
            raise QueryError(message) from error
        except OSError as error:
            raise StoreError(f"store read failed: {_first_line(error)}") from error

    # --- writing -----------------------------------------------------------------------------
    def replace_graph(self, graph_iri: str, triples: Iterable[tuple]) -> None:
        self.replace_graphs({graph_iri: triples})

    def replace_graphs(self, graphs: Mapping[str, Iterable[tuple] | SerialisedTriples], extra_update: str = "") -> None:
        store = self._writable()
        # One Store.update call = one transaction (pyoxigraph: "either the full operation
        # succeeds, or nothing is written"); the DROPs and INSERT DATA commit together.
        self._run_update(store, replace_graphs_update(graphs, extra_update))

    def add_graphs(self, graphs: Mapping[str, SerialisedTriples]) -> None:
        # On disk, up to BULK_ATOMIC_QUADS quads: Store.bulk_load. It writes one sorted file per index
        # (and one for the new strings) and adds them all with ONE RocksDB IngestExternalFiles call,
        # which RocksDB records atomically ("if this function returns NOK, or the process crashes, then
        # none of the files will be ingested"); Oxigraph's bulk loader makes one such call per
        # 1,000,000 quads, so a smaller input is all or nothing. It skips the transaction's reads of
        # the existing indexes: 1,500 synthetic documents written in 26 s instead of 115 s. Readers
        # query snapshots, so they see all of it or none. Larger inputs, and the in-memory store: Store.load, one
        # transaction, which parses N-Quads about twice as fast as Store.update parses INSERT DATA.
        # Each line of SerialisedTriples ends " ." and a newline never occurs inside an N-Triples term.
        quads = "".join(serialised.text.replace(" .\n", f" {_named_node(iri)} .\n") .removesuffix(" .")
                        + f" {_named_node(iri)} .\n" for iri, serialised in graphs.items() if serialised.count)
        store = self._writable()
        bulk = self.path is not None and sum(s.count for s in graphs.values()) <= BULK_ATOMIC_QUADS
        try:
            (store.bulk_load if bulk else store.load)(quads.encode(), format=ox.RdfFormat.N_QUADS)
        except SyntaxError as error:
            raise QueryError(f"could not add graphs: {_first_line(error)}") from error
        except OSError as error:
            raise StoreError(f"store write failed: {_first_line(error)}") from error

    def remove_graph(self, graph_iri: str) -> None:
        self._run_update(self._writable(), f"DROP SILENT GRAPH {_named_node(graph_iri)}")

    def update(self, sparql_update: str) -> None:
        self._run_update(self._writable(), sparql_update)

    @staticmethod
    def _run_update(store: ox.Store, update: str) -> None:
        try:
            store.update(update, prefixes=_PREFIX_STRINGS)
        except SyntaxError as error:
            raise QueryError(f"SPARQL update syntax error: {_first_line(error)}") from error
        except RuntimeError as error:
            raise QueryError(f"SPARQL update failed: {_first_line(error)}") from error
        except OSError as error:
            raise StoreError(f"store write failed: {_first_line(error)}") from error

    # --- reading -----------------------------------------------------------------------------
    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> SelectResult:
        variables, rows = _solution_rows(self._query(query, bindings), from_oxigraph, "select()")
        return SelectResult(variables, rows)

    def select_plain(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[dict[str, str | int]]:
        # straight from pyoxigraph's terms: making rdflib terms first (URIRef checks every IRI) cost a
        # page of the action tracker a fifth of its time
        return _solution_rows(self._query(query, bindings), _plain_oxigraph, "select_plain()")[1]

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        answer = self._query(query, bindings)
        if not isinstance(answer, ox.QueryBoolean):
            raise QueryError("ask() needs an ASK query")
        return bool(answer)

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> rdflib.Graph:
        return _constructed_graph(self._query(query, bindings))

    def graph_iris(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def graph(self, graph_iri: str) -> rdflib.Graph:
        result = rdflib.Graph(identifier=URIRef(graph_iri))
        bind_project_prefixes(result)
        for q in self._ox.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)):
            result.add((from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object)))
        return result

    def quads(self, graph_iri: str | None = None) -> Iterator[tuple[Identifier, Identifier, Identifier, Identifier]]:
        graph = ox.NamedNode(graph_iri) if graph_iri is not None else None
        for q in self._ox.quads_for_pattern(None, None, None, graph):
            yield (from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object),
                   from_oxigraph(q.graph_name))

    def values_of(self, subjects: Sequence[str], predicate: str, graph_iri: str) -> dict[str, str]:
        # one index lookup a subject: a VALUES query joined every value of PREDICATE in the graph with
        # the subjects (4,000 counters at 10,000 meetings: ~0.35 s against ~0.15 s)
        graph, property_ = ox.NamedNode(graph_iri), ox.NamedNode(predicate)
        found: dict[str, str] = {}
        for subject in set(subjects):
            for quad in self._ox.quads_for_pattern(ox.NamedNode(subject), property_, None, graph):
                found[subject] = quad.object.value
                break
        return found

    def count_quads(self, graph_iri: str | None = None) -> int:
        if graph_iri is None:
            return len(self._ox)
        return sum(1 for _ in self._ox.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    def dump(self, out: BinaryIO, fmt: str = "nquads", prefixes: Mapping[str, str] | None = None) -> int:
        if fmt not in DUMP_FORMATS:
            raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(DUMP_FORMATS)}")
        rdf_format, keeps_graphs = DUMP_FORMATS[fmt]
        prefixes = dict(prefixes) if prefixes is not None else _PREFIX_STRINGS
        count = 0
        if keeps_graphs:
            def statements():
                nonlocal count
                for q in self._ox.quads_for_pattern(None, None, None, None):
                    count += 1
                    yield q
        else:
            # the union of all graphs, each triple once; ordered by subject so Turtle groups them
            solutions = self._ox.query(
                "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
                use_default_graph_as_union=True)

            def statements():
                nonlocal count
                for solution in solutions:
                    count += 1
                    yield ox.Triple(solution["s"], solution["p"], solution["o"])
        try:
            ox.serialize(statements(), out, rdf_format, prefixes=prefixes)
        except OSError as error:
            raise StoreError(f"dump failed: {_first_line(error)}") from error
        return count

    def run_query(self, query: str, *, results_format: str = "json", graph_format: str = "turtle",
                  max_rows: int = 10_000, default_graphs: Sequence[str] = (),
                  named_graphs: Sequence[str] = ()) -> QueryOutput:
        if results_format not in RESULTS_FORMATS:
            raise ValueError(f"unknown results format {results_format!r}")
        if graph_format not in _GRAPH_ANSWER_FORMATS:
            raise ValueError(f"unknown graph format {graph_format!r}")
        refuse_service(query)
        dataset: dict = {"use_default_graph_as_union": not default_graphs}
        try:
            if default_graphs:
                dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
            if named_graphs:
                dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        except ValueError as error:
            raise QueryError(f"invalid graph IRI: {_first_line(error)}") from None
        answer = self._run_external(lambda: self._ox.query(query, prefixes=_PREFIX_STRINGS, **dataset))
        return self._run_external(lambda: serialise_answer(answer, results_format, graph_format, max_rows))

    @staticmethod
    def _run_external(step):
        """Run one step of an outside query, turning pyoxigraph's errors into ours."""
        try:
            return step()
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {_first_line(error)}") from error
        except (RuntimeError, ValueError) as error:
            raise QueryError(f"query failed: {_first_line(error)}") from error
        except OSError as error:
            raise StoreError(f"store read failed: {_first_line(error)}") from error

    # --- lifecycle ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-open a read-only snapshot so it sees the writer's latest commits (about 20 ms)."""
        if self.read_only and self._store is not None:
            self._store = self._open()

    def flush(self) -> None:
        """Write RocksDB's memtables out to disk files. Committed data is already safe (write-ahead
        log); this bounds memory: a bulk load flushing every 50 documents peaked at ~400 MB instead of
        ~860 MB for 400 synthetic meetings (RocksDB keeps each column family's memtables until full)."""
        self._on_files(ox.Store.flush, "flush")

    def optimize(self) -> None:
        """Compact the RocksDB files (Store.optimize): after a bulk load the store holds many small files
        and the deleted versions of the load-time counters. Measured on 10,000 synthetic meetings: 94 s,
        4.4 -> 2.9 GB, and a join of the 35,000 action states 1.0 -> 0.44 s."""
        self._on_files(ox.Store.optimize, "compaction")

    @property
    def writes_files(self) -> bool:
        return self.path is not None and not self.read_only

    def _on_files(self, step: Callable[[ox.Store], None], what: str) -> None:
        if self._store is not None and self.writes_files:
            try:
                step(self._store)
            except OSError as error:
                raise StoreError(f"store {what} failed: {_first_line(error)}") from error

    def close(self) -> None:
        if self._store is not None:
            try:
                self.flush()
            except StoreError as error:  # pragma: no cover - disk trouble at shutdown
                log.warning("%s", error)
            # pyoxigraph has no close(): RocksDB (and its LOCK) is released when the object is freed
            self._store = None

    def __repr__(self) -> str:
        where = str(self.path) if self.path is not None else "memory"
        return f"<OxigraphStore {where}{' read-only' if self.read_only else ''}>"


#: DUMP_FORMATS keys a CONSTRUCT/DESCRIBE answer can be written in
_GRAPH_ANSWER_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
_SERVICE = re.compile(r"service", re.IGNORECASE)
_SERVICE_CLAUSE = re.compile(r"service(\s*silent)?", re.IGNORECASE)


def refuse_service(query: str) -> None:
    """Raise QueryRefused if pyoxigraph would parse a SERVICE clause in ``query`` (whose HTTP
    requests could reach any host), QueryError if the query cannot be checked because it is malformed.

    The parser decides, not a hand-written lexer: pyoxigraph matches keywords without word
    boundaries ("1SERVICE<x>{}", "SERVICE:e{}" are SERVICE clauses).  Every "service" in the text
    becomes "zervice"; a SERVICE keyword turned into that never parses, while the same word in a
    string, IRI, comment, variable or prefixed name still does.  So the query is safe if that copy
    parses.  If not, "service" -> "GRAPH" (same grammar as SERVICE) tells a SERVICE clause apart
    from a plain syntax error.  Neither copy can contain SERVICE, so checking them sends nothing."""
    if not _SERVICE.search(query):
        return
    if _syntax_error(_SERVICE.sub("zervice", query)) is None:
        return
    error = _syntax_error(_SERVICE_CLAUSE.sub("GRAPH", query))
    if error is None:
        raise QueryRefused("SERVICE (federated query) is not allowed on this endpoint")
    raise QueryError(f"SPARQL syntax error: {error}")


def _syntax_error(query: str) -> str | None:
    """pyoxigraph's one-line syntax error for ``query``, or None.  Parsed against an empty store:
    SELECT/CONSTRUCT/DESCRIBE are not evaluated until iterated, an ASK is (on no data)."""
    try:
        ox.Store().query(query, prefixes=_PREFIX_STRINGS)
    except SyntaxError as error:
        return _first_line(error)
    except (RuntimeError, ValueError, OSError):
        return None  # parsed; evaluation problems are not syntax errors
    return None


def serialise_answer(answer, results_format: str, graph_format: str, max_rows: int) -> QueryOutput:
    """Serialise a pyoxigraph query answer, keeping at most ``max_rows`` solutions or triples."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryOutput("boolean", answer.serialize(format=RESULTS_FORMATS[results_format]), results_format, 1, False)
    if isinstance(answer, ox.QueryTriples):
        return serialise_triples(answer, graph_format, max_rows)
    # pyoxigraph cannot serialise a slice of QuerySolutions: write the kept rows as SPARQL TSV
    # (terms in N-Triples syntax, exactly what str() gives) and let pyoxigraph re-serialise them.
    variables = [v.value for v in answer.variables]
    lines = ["\t".join(f"?{v}" for v in variables)]
    for solution in itertools.islice(answer, max_rows + 1):
        lines.append("\t".join("" if solution[v] is None else str(solution[v]) for v in variables))
    truncated = len(lines) - 1 > max_rows
    kept = lines[:max_rows + 1]
    tsv = "\n".join(kept) + "\n"
    data = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=RESULTS_FORMATS[results_format])
    return QueryOutput("solutions", data, results_format, len(kept) - 1, truncated)


def serialise_triples(triples: Iterable, graph_format: str, max_rows: int) -> QueryOutput:
    """Serialise at most ``max_rows`` of a CONSTRUCT/DESCRIBE answer's pyoxigraph triples (or quads,
    whose graph is ignored) in ``graph_format``; reads one more to tell whether there were more."""
    taken = [ox.Triple(t.subject, t.predicate, t.object) for t in itertools.islice(triples, max_rows + 1)]
    kept = taken[:max_rows]
    data = ox.serialize(kept, format=DUMP_FORMATS[graph_format][0], prefixes=_PREFIX_STRINGS)
    return QueryOutput("graph", data, graph_format, len(kept), len(taken) > max_rows)


def _bound(query: str, bindings: Mapping[str, Identifier]) -> str:
    """QUERY with BINDINGS as a VALUES block where that reaches the whole query; the caller passes
    them as Oxigraph's substitutions too. Oxigraph plans from a VALUES block but not from substitutions:
    at 10,000 meetings a meeting's agenda items took 1,355 ms with a substitution and 6 ms with VALUES,
    a person's statements 7,119 ms and 115 ms; but a VALUES block does not reach into a sub-SELECT or a
    UNION (the tracker's action points: 0.4 s -> 11 s). A substitution, on the other hand, is in the
    input of every operator: Oxigraph evaluates an OPTIONAL's right side once, apart, with that input,
    so a substituted owner there is looked up, not scanned for (one owner's action points, with the
    VALUES block: 582-665 ms, with both: 89 ms). Blank nodes cannot be written in VALUES and stay
    substitutions only. Either way an ORDER BY condition on a bound variable alone is dropped
    (sparql_bind.without_constant_order)."""
    from graph.sparql_bind import (bind_values, refuse_optional_bindings, values_reach_everywhere,  # (it imports us)
                                   without_constant_order)
    if any(isinstance(value, BNode) for value in bindings.values()) or not values_reach_everywhere(query):
        refuse_optional_bindings(query, bindings)
        return without_constant_order(query, bindings)
    return bind_values(query, bindings)


def _open_read_only(path: Path, attempts: int = 5) -> ox.Store:
    """Open a read-only snapshot, retrying while a live writer swaps its files underneath
    (RocksDB reports that as "Corruption ... No such file"; pyoxigraph calls reading next to a
    writer in another process undefined behaviour)."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as error:
            if attempt == attempts - 1 or "No such file" not in str(error):
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


def _named_node(iri: str) -> str:
    """An IRI in SPARQL syntax, validated by pyoxigraph (so '>' or spaces cannot break out)."""
    try:
        return str(ox.NamedNode(str(iri)))
    except ValueError as error:
        raise ValueError(f"invalid graph IRI {iri!r}: {error}") from None


def replace_update(graph_iri: str, triples: Iterable[tuple]) -> str:
    """The SPARQL Update replacing named graph ``graph_iri`` with ``triples``: ``DROP SILENT GRAPH``
    then ``INSERT DATA`` (if any triples), to be run as one request, i.e. one transaction.

    The whole text is built before anything is sent: a bad term or a failing iterator raises
    here (ValueError for a term RDF cannot store) and nothing has been written."""
    return replace_graphs_update({graph_iri: triples})


@dataclass(frozen=True)
class SerialisedTriples:
    """A graph's triples already written for ``INSERT DATA`` (N-Triples terms, one triple a line,
    blank nodes labelled apart from every other graph's), made where the graph was built (a bulk-load
    worker) so the writing process neither receives nor converts rdflib terms."""

    text: str
    count: int

    @classmethod
    def from_lines(cls, lines: Sequence[str]) -> SerialisedTriples:
        """LINES (one triple each, N-Triples terms, without the final " .") as SerialisedTriples."""
        return cls(" .\n".join(lines) + " ." if lines else "", len(lines))

    @classmethod
    def joined(cls, parts: Iterable[SerialisedTriples]) -> SerialisedTriples:
        """The triples of all PARTS as one."""
        kept = [part for part in parts if part.count]
        return cls("\n".join(part.text for part in kept), sum(part.count for part in kept))


def serialise_for_update(triples: Iterable[tuple], blank_prefix: str) -> SerialisedTriples:
    """TRIPLES as :class:`SerialisedTriples`; blank nodes become ``_:{blank_prefix}N``, so give each
    graph written in one update its own prefix. Raises ValueError for a term RDF cannot store."""
    blank_labels: dict[BNode, str] = {}
    written: dict[Identifier, str] = {}  # a document repeats its predicates and subjects: each term once

    def term_text(term: Identifier) -> str:
        text = written.get(term)
        if text is None:
            text = written[term] = _sparql_term(term, blank_labels, blank_prefix)
        return text

    lines: list[str] = []
    for triple in triples:
        if len(triple) != 3:
            raise ValueError(f"expected (subject, predicate, object), got {triple!r}")
        subject, predicate, obj = triple
        lines.append(f"{term_text(subject)} {term_text(predicate)} {term_text(obj)}")
    return SerialisedTriples.from_lines(lines)


def replace_graphs_update(graphs: Mapping[str, Iterable[tuple] | SerialisedTriples], extra_update: str = "") -> str:
    """One SPARQL Update replacing every named graph in ``graphs`` (IRI -> triples, or the triples as
    :class:`SerialisedTriples`): a ``DROP SILENT GRAPH`` each, then one ``INSERT DATA`` with a GRAPH
    block each (graphs without triples are only dropped), then ``extra_update`` if not blank.  Built
    whole before anything is sent, like :func:`replace_update`; blank node labels are kept apart per graph."""
    operations = [f"DROP SILENT GRAPH {_named_node(graph_iri)}" for graph_iri in graphs]
    inserted = insert_graphs_update(graphs)
    if inserted:
        operations.append(inserted)
    if extra_update.strip():
        operations.append(extra_update)
    return " ;\n".join(operations) + "\n"


def insert_graphs_update(graphs: Mapping[str, Iterable[tuple] | SerialisedTriples]) -> str:
    """One ``INSERT DATA`` adding the triples of each named graph in ``graphs`` (a GRAPH block each, blank
    node labels kept apart per graph); empty when there is no triple."""
    blocks: list[str] = []
    for number, (graph_iri, triples) in enumerate(graphs.items()):
        body = triples if isinstance(triples, SerialisedTriples) else serialise_for_update(triples, f"g{number}b")
        if body.count:
            blocks.append(f"GRAPH {_named_node(graph_iri)} {{\n{body.text}\n}}")
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}" if blocks else ""


def _sparql_term(term: Identifier, blank_labels: dict[BNode, str], prefix: str = "b") -> str:
    """A term in N-Triples syntax (which SPARQL INSERT DATA accepts), escaped by pyoxigraph.

    Blank nodes get short per-update labels; INSERT DATA mints fresh blank nodes for them."""
    if isinstance(term, BNode):
        label = blank_labels.get(term)
        if label is None:
            label = blank_labels[term] = f"{prefix}{len(blank_labels)}"
        return f"_:{label}"
    try:
        return str(to_oxigraph(term))
    except ValueError as error:
        raise ValueError(f"cannot store term {term!r}: {error}") from None


# --------------------------------------------------------------------------------------------
# opening


def is_server_url(location: str | Path | None) -> bool:
    """Whether a store location names a SPARQL server (an http:// or https:// URL) rather than a directory."""
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> GraphStore:
    """Open a store: ``None`` gives a fresh in-memory store, an ``http(s)://`` URL a SPARQL 1.1
    server (graph/store_sparql.py; nothing is sent until first use), any other path an Oxigraph
    directory (created if missing unless ``read_only``).  Raises StoreError with a one-line message
    when the directory is locked by another read-write opener, missing (read-only) or unreadable."""
    if is_server_url(path):
        from graph.store_sparql import SparqlServerStore  # imports this module
        return SparqlServerStore(str(path), read_only=read_only)
    return OxigraphStore(path, read_only=read_only)


# --------------------------------------------------------------------------------------------
# vocabulary


#: vocabulary file -> named graph (relative to the base)
VOCABULARY_FILES = {
    "boardgraph.ttl": ONTOLOGY_GRAPH,
    "topics.ttl": TOPICS_GRAPH,
    "organisations.ttl": ORGANISATIONS_GRAPH,
}


def load_vocabulary(store: GraphStore, base: str, ontology_dir: str | Path | None = None) -> dict[str, bool]:
    """Load the ontology, the topic thesaurus and the organisations into their named graphs.

    ``ontology/boardgraph.ttl`` -> ``<{base}graph/ontology>``, ``topics.ttl`` -> ``<{base}graph/topics>``,
    ``organisations.ttl`` -> ``<{base}graph/organisations>``; relative IRIs resolve against ``base``.
    Each graph is replaced atomically and records ``<graph> bg:sha256 "<hash of the file>"``; a graph
    whose file is unchanged is skipped.  Returns {graph IRI: True if (re)loaded, False if unchanged}."""
    directory = Path(ontology_dir) if ontology_dir is not None else DEFAULT_ONTOLOGY_DIR
    loaded: dict[str, bool] = {}
    for file_name, relative_graph in VOCABULARY_FILES.items():
        path = directory / file_name
        if not path.is_file():
            raise FileNotFoundError(f"vocabulary file missing: {path}")
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        graph_iri = URIRef(base + relative_graph)
        if store.ask("ASK { GRAPH ?g { ?g bg:sha256 ?sha } }",
                     {"g": graph_iri, "sha": Literal(digest)}):
            loaded[str(graph_iri)] = False
            continue
        parsed = rdflib.Graph()
        try:
            parsed.parse(data=data.decode("utf-8"), format="turtle", publicID=base)
        except Exception as error:  # rdflib raises several types; name the file
            raise ValueError(f"{path}: {_first_line(error)}") from error
        parsed.add((graph_iri, BG.sha256, Literal(digest)))
        store.replace_graph(str(graph_iri), parsed)
        loaded[str(graph_iri)] = True
        log.info("loaded %s into <%s> (%d triples)", path.name, graph_iri, len(parsed))
    return loaded
