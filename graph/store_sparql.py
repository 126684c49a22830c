"""The :class:`GraphStore` backend for a SPARQL 1.1 server (Oxigraph server, Fuseki, GraphDB, Virtuoso...).

It speaks three protocols over HTTP (httpx; one pooled, thread-safe client per store):
  * SPARQL 1.1 Query (POST, form-encoded) for select/ask/construct/run_query/quads/dump/counts;
  * SPARQL 1.1 Update for writes: :meth:`replace_graph` sends ``DROP SILENT GRAPH`` + ``INSERT DATA``
    as ONE update request, which the servers above run as one transaction (readers see the old or
    the new graph), exactly the text the embedded store runs;
  * the Graph Store HTTP Protocol (GET ``?graph=``) to read one graph as N-Triples; with no GSP URL
    :meth:`graph` uses a CONSTRUCT instead.

Endpoints derive from one base URL (oxigraph serve's layout: ``/query``, ``/update``, ``/store``)
unless BOARDGRAPH_QUERY_URL / BOARDGRAPH_UPDATE_URL / BOARDGRAPH_GSP_URL (``none``: no GSP) say
otherwise.  Credentials may be given in the URL (``http://user:password@host/...``, HTTP Basic).

The project's queries rely on the default graph being the union of the named graphs; the server
must be set up so.  Before the first read, and after the first write, the store checks it (one
named-graph triple must be visible without GRAPH) and raises StoreError saying what to change.
Answers are read in SPARQL JSON / N-Triples and parsed by pyoxigraph as they stream in, so a
``max_rows`` cap stops reading early and /sparql writes the same bytes as with the embedded store.
"""
from __future__ import annotations

import contextlib
import io
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import BinaryIO

import httpx
import pyoxigraph as ox
import rdflib
from rdflib.term import Identifier, URIRef

from graph.sparql_bind import bind_values
from graph.store import (
    DUMP_FORMATS, RESULTS_FORMATS, GraphStore, QueryError, QueryOutput, SelectResult, StoreError,
    _PREFIX_STRINGS, bind_project_prefixes, from_oxigraph, refuse_service, replace_graphs_update, SerialisedTriples,
    serialise_answer, serialise_triples, _named_node,
)

__all__ = ["SparqlServerStore", "ServerTimeout", "endpoints_for", "NOT_UNION_MESSAGE"]

QUERY_URL_ENV, UPDATE_URL_ENV, GSP_URL_ENV = "BOARDGRAPH_QUERY_URL", "BOARDGRAPH_UPDATE_URL", "BOARDGRAPH_GSP_URL"

#: seconds to connect, and to wait for each read of an answer (a load of one document is one update)
CONNECT_TIMEOUT, READ_TIMEOUT = 5.0, 120.0

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_ANSWER_ACCEPT = f"{_RESULTS_JSON}, {_NTRIPLES};q=0.9"
_PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in _PREFIX_STRINGS.items())
_GRAPH_ANSWER_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")

NOT_UNION_MESSAGE = (
    "the SPARQL server at {url} does not query the union of its named graphs by default (a query "
    "without GRAPH sees nothing); configure it so: Fuseki: tdb2:unionDefaultGraph true on the dataset, "
    "GraphDB and Virtuoso: their default behaviour, Oxigraph: oxigraph serve --union-default-graph")


class ServerTimeout(StoreError):
    """The server did not answer within the time allowed for the request."""


def endpoints_for(url: str, environ: Mapping[str, str] = os.environ) -> tuple[str, str, str | None]:
    """(query URL, update URL, GSP URL or None) for base ``url``: the environment's overrides, else
    oxigraph serve's ``/query``, ``/update`` and ``/store`` below ``url``."""
    base = url.rstrip("/")
    return (environ.get(QUERY_URL_ENV, f"{base}/query"), environ.get(UPDATE_URL_ENV, f"{base}/update"),
            _gsp(environ.get(GSP_URL_ENV, f"{base}/store")))


def _gsp(url: str) -> str | None:
    return None if url.lower() == "none" else url


class SparqlServerStore(GraphStore):
    """:class:`GraphStore` on a SPARQL 1.1 server at ``url`` (see the module docstring)."""

    def __init__(self, url: str, *, read_only: bool = False, query_url: str | None = None,
                 update_url: str | None = None, gsp_url: str | None = None):
        """Endpoints: the arguments, else :func:`endpoints_for` (``gsp_url="none"``: no GSP)."""
        self.url = url
        self.read_only = read_only
        default_query, default_update, default_gsp = endpoints_for(url)
        self.query_url = query_url or default_query
        self.update_url = update_url or default_update
        self.gsp_url = _gsp(gsp_url) if gsp_url is not None else default_gsp
        self._client: httpx.Client | None = httpx.Client(
            timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT), follow_redirects=True)
        self._union_checked = False

    @property
    def location(self) -> str | None:
        """The server's URL, when its endpoints are the ones that URL gives (:func:`endpoints_for`)."""
        same = (self.query_url, self.update_url, self.gsp_url) == endpoints_for(self.url)
        return self.url if same else None

    # --- HTTP --------------------------------------------------------------------------------
    @property
    def _http(self) -> httpx.Client:
        if self._client is None:
            raise StoreError("the store is closed")
        return self._client

    @contextlib.contextmanager
    def _request(self, method: str, url: str, *, timeout: float | None = None, **kwargs) -> Iterator[httpx.Response]:
        """Send one request and yield the streaming response (a GET's 404 included: GSP's "no such
        graph"); connection trouble and 4xx/5xx answers become one-line StoreErrors."""
        options = {"timeout": httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT))} if timeout else {}
        try:
            with self._http.stream(method, url, **options, **kwargs) as response:
                if response.status_code >= 400 and not (method == "GET" and response.status_code == 404):
                    response.read()
                    raise _http_error(response)
                yield response
        except httpx.TimeoutException as error:
            raise ServerTimeout(f"the SPARQL server at {url} did not answer within "
                                f"{timeout or READ_TIMEOUT:g} s") from error
        except httpx.HTTPError as error:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {_first_line(error)}") from error
        except SyntaxError as error:  # pyoxigraph could not parse what the server sent
            raise StoreError(f"unreadable answer from the SPARQL server at {url}: {_first_line(error)}") from error

    @contextlib.contextmanager
    def _query_body(self, query: str, accept: str, *, timeout: float | None = None,
                    default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Iterator[tuple[str, BinaryIO]]:
        """Run a query (our prefixes predeclared); yield the answer's media type and a stream of its
        body, which must be read within ``timeout`` seconds if given."""
        deadline = time.monotonic() + timeout if timeout is not None else None
        form = {"query": _PROLOGUE + query, "default-graph-uri": list(default_graphs),
                "named-graph-uri": list(named_graphs)}
        with self._request("POST", self.query_url, data=form, headers={"Accept": accept}, timeout=timeout) as response:
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            yield media_type, _body(response, self.url, deadline)

    def _solutions(self, query: str) -> tuple[list[str], list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]]:
        """A SELECT's variables and solutions as pyoxigraph terms (unbound variables absent); no union check."""
        with self._query_body(query, _RESULTS_JSON) as (_, body):
            answer = _parse_results(body)
            if not isinstance(answer, ox.QuerySolutions):
                raise QueryError("select() needs a SELECT query")
            names = [v.value for v in answer.variables]
            return names, [{n: s[n] for n in names if s[n] is not None} for s in answer]

    def _ask(self, query: str) -> bool:
        with self._query_body(query, _RESULTS_JSON) as (_, body):
            answer = _parse_results(body)
        if not isinstance(answer, ox.QueryBoolean):
            raise QueryError("ask() needs an ASK query")
        return bool(answer)

    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError(f"the SPARQL server store {self.url} is open read-only")
        with self._request("POST", self.update_url, content=(_PROLOGUE + update).encode("utf-8"),
                           headers={"Content-Type": "application/sparql-update; charset=utf-8"}):
            pass

    def check_union(self) -> None:
        """Raise StoreError unless queries without GRAPH see the named graphs (checked once, when
        the store has an IRI-only triple in a named graph to look for)."""
        if self._union_checked:
            return
        _, found = self._solutions("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o)) } } LIMIT 1")
        if not found:
            return
        s, p, o = (found[0][v] for v in ("s", "p", "o"))
        if not self._ask(f"ASK {{ {s} {p} {o} }}"):
            raise StoreError(NOT_UNION_MESSAGE.format(url=self.url))
        self._union_checked = True

    # --- writing -----------------------------------------------------------------------------
    def replace_graph(self, graph_iri: str, triples: Iterable[tuple]) -> None:
        """Replace a named graph with one update request (DROP SILENT GRAPH + INSERT DATA)."""
        self.replace_graphs({graph_iri: triples})

    def replace_graphs(self, graphs: Mapping[str, Iterable[tuple] | SerialisedTriples], extra_update: str = "") -> None:
        """Replace several named graphs and run ``extra_update`` with ONE update request."""
        self._update(replace_graphs_update(graphs, extra_update))
        self.check_union()

    def remove_graph(self, graph_iri: str) -> None:
        self._update(f"DROP SILENT GRAPH {_named_node(graph_iri)}")

    def update(self, sparql_update: str) -> None:
        self._update(sparql_update)

    # --- reading -----------------------------------------------------------------------------
    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> SelectResult:
        text = bind_values(query, bindings)
        self.check_union()
        names, rows = self._solutions(text)
        return SelectResult(names, [{n: from_oxigraph(v) for n, v in row.items()} for row in rows])

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        text = bind_values(query, bindings)
        self.check_union()
        return self._ask(text)

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> rdflib.Graph:
        text = bind_values(query, bindings)
        self.check_union()
        with self._query_body(text, _NTRIPLES) as (media_type, body):
            if media_type != _NTRIPLES:
                raise QueryError("construct() needs a CONSTRUCT or DESCRIBE query")
            return _to_graph(_parse_triples(body), rdflib.Graph())

    def graph_iris(self) -> list[str]:
        _, rows = self._solutions("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(row["g"].value for row in rows if isinstance(row.get("g"), ox.NamedNode))

    def graph(self, graph_iri: str) -> rdflib.Graph:
        result = rdflib.Graph(identifier=URIRef(graph_iri))
        if self.gsp_url is None:
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_named_node(graph_iri)} {{ ?s ?p ?o }} }}"
            with self._query_body(query, _NTRIPLES) as (_, body):
                return _to_graph(_parse_triples(body), result)
        with self._request("GET", self.gsp_url, params={"graph": graph_iri}, headers={"Accept": _NTRIPLES}) as response:
            if response.status_code == 404:  # GSP: no such graph
                return _to_graph([], result)
            return _to_graph(_parse_triples(_body(response, self.url)), result)

    def quads(self, graph_iri: str | None = None) -> Iterator[tuple[Identifier, Identifier, Identifier, Identifier]]:
        for quad in self._ox_quads(graph_iri):
            yield tuple(from_oxigraph(term) for term in quad)

    def _ox_quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        """The named graphs' quads as pyoxigraph Quads, streamed."""
        graph = _named_node(graph_iri) if graph_iri is not None else "?g"
        query = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        fixed = ox.NamedNode(graph_iri) if graph_iri is not None else None
        with self._query_body(query, _RESULTS_JSON) as (_, body):
            for s in _parse_results(body):
                yield ox.Quad(s["s"], s["p"], s["o"], fixed if fixed is not None else s["g"])

    def count_quads(self, graph_iri: str | None = None) -> int:
        graph = _named_node(graph_iri) if graph_iri is not None else "?g"
        _, rows = self._solutions(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"].value)

    def dump(self, out: BinaryIO, fmt: str = "nquads", prefixes: Mapping[str, str] | None = None) -> int:
        if fmt not in DUMP_FORMATS:
            raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(DUMP_FORMATS)}")
        rdf_format, keeps_graphs = DUMP_FORMATS[fmt]
        count = 0

        def counted(statements):
            nonlocal count
            for statement in statements:
                count += 1
                yield statement
        if keeps_graphs:
            statements = self._ox_quads()
        else:
            self.check_union()
            statements = self._distinct_triples()
        try:
            ox.serialize(counted(statements), out, rdf_format,
                         prefixes=dict(prefixes) if prefixes is not None else _PREFIX_STRINGS)
        except OSError as error:
            raise StoreError(f"dump failed: {_first_line(error)}") from error
        return count

    def _distinct_triples(self) -> Iterator[ox.Triple]:
        """The union of all graphs, each triple once, ordered by subject (so Turtle groups them)."""
        with self._query_body("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", _RESULTS_JSON) as (_, body):
            for s in _parse_results(body):
                yield ox.Triple(s["s"], s["p"], s["o"])

    def run_query(self, query: str, *, results_format: str = "json", graph_format: str = "turtle",
                  max_rows: int = 10_000, default_graphs: Sequence[str] = (),
                  named_graphs: Sequence[str] = (), timeout: float | None = None) -> QueryOutput:
        """As :meth:`GraphStore.run_query`; ``timeout`` (seconds) bounds the whole answer (ServerTimeout)."""
        if results_format not in RESULTS_FORMATS:
            raise ValueError(f"unknown results format {results_format!r}")
        if graph_format not in _GRAPH_ANSWER_FORMATS:
            raise ValueError(f"unknown graph format {graph_format!r}")
        refuse_service(query)
        for graph in (*default_graphs, *named_graphs):
            try:
                _named_node(graph)
            except ValueError as error:
                raise QueryError(str(error)) from None
        self.check_union()
        with self._query_body(query, _ANSWER_ACCEPT, timeout=timeout, default_graphs=default_graphs,
                              named_graphs=named_graphs) as (media_type, body):
            if media_type == _NTRIPLES:
                return serialise_triples(_parse_triples(body), graph_format, max_rows)
            return serialise_answer(_parse_results(body), results_format, graph_format, max_rows)

    # --- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __repr__(self) -> str:
        return f"<SparqlServerStore {self.url}{' read-only' if self.read_only else ''}>"


class _Body(io.RawIOBase):
    """A streaming HTTP body as a file pyoxigraph can parse from, enforcing the request's deadline."""

    def __init__(self, response: httpx.Response, url: str, deadline: float | None):
        self._chunks = response.iter_bytes()
        self._deadline = deadline
        self._url = url
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._buffer:
            if self._deadline is not None and time.monotonic() > self._deadline:
                raise ServerTimeout(f"the SPARQL server at {self._url} did not finish its answer in time")
            self._buffer = next(self._chunks, None)
            if self._buffer is None:
                self._buffer = b""
                return 0
        size = min(len(buffer), len(self._buffer))
        buffer[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def _body(response: httpx.Response, url: str, deadline: float | None = None) -> BinaryIO:
    return io.BufferedReader(_Body(response, url, deadline), buffer_size=64 * 1024)


def _parse_results(body: BinaryIO):
    """SPARQL JSON results (solutions, streamed, or a boolean) from a body."""
    return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)


def _parse_triples(body: BinaryIO) -> Iterator[ox.Quad]:
    return ox.parse(body, ox.RdfFormat.N_TRIPLES)


def _to_graph(triples: Iterable[ox.Quad], graph: rdflib.Graph) -> rdflib.Graph:
    bind_project_prefixes(graph)
    for t in triples:
        graph.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
    return graph


def _http_error(response: httpx.Response) -> StoreError:
    """The error for a 4xx/5xx answer: the server's own first line; QueryError when it judged the
    query or update (400, or 500 from evaluating it), StoreError otherwise (auth, wrong URL...)."""
    detail = _first_line(response.text) if response.text.strip() else response.reason_phrase
    message = f"the SPARQL server answered {response.status_code} to {response.request.url.copy_with(query=None)}: {detail}"
    return (QueryError if response.status_code in (400, 500) else StoreError)(message)


def _first_line(error: BaseException | str) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
