"""/sparql: a read-only SPARQL 1.1 Protocol endpoint, its service description and a query page.

Queries come by GET ?query=, POST application/x-www-form-urlencoded (query=) or POST
application/sparql-query; default-graph-uri / named-graph-uri are honoured (without them the
default graph is the union of all named graphs).  Answers are negotiated on Accept (q-values
honoured; ?format= overrides, for download links).  Updates are refused (403), SERVICE clauses
too (400).  Each query gets SPARQL_TIMEOUT seconds (503 after that) and at most SPARQL_MAX_ROWS
solutions or triples: longer answers are truncated, and the headers X-SPARQL-Max-Rows and
X-SPARQL-Truncated say so.  Protocol errors are one line of text/plain; browsers get the page.
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass

import rdflib
from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for
from rdflib.namespace import RDF, RDFS
from rdflib.term import BNode, Identifier, Literal, URIRef

from graph.export import FORMATS
from graph.queries import load_query, query_names
from graph.store import GraphStore, QueryError, QueryOutput, StoreError
from graph.store_sparql import SparqlServerStore
from web.state import get_store
from web.linked_data import RDF_OFFERS, add_cors, kept_for_snapshot, negotiate, serialize_rdf, term_view
from web.sparql_pool import InThreadRunner, QueryJob, QueryTimeout, ServerRunner, WorkerPool

__all__ = ["bp", "close_workers", "query_form"]

bp = Blueprint("sparql", __name__)

#: SPARQL_SD_GRAPHS: the service description lists the named graphs when there are at most this many
DEFAULTS = {"SPARQL_TIMEOUT": 10, "SPARQL_MAX_ROWS": 10_000, "SPARQL_WORKERS": 2, "SPARQL_SD_GRAPHS": 1000}

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = rdflib.Namespace("http://www.w3.org/ns/formats/")
_SD_PREFIXES = {"sd": str(SD), "formats": str(FORMATS_NS)}

#: Accept offers for SELECT/ASK answers -> results format (first wins a tie: */* gets JSON)
RESULTS_OFFERS = {"application/sparql-results+json": "json", "application/json": "json",
                  "application/sparql-results+xml": "xml", "application/xml": "xml",
                  "text/csv": "csv", "text/tab-separated-values": "tsv", "text/html": "html"}
RESULTS_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values"}
#: Accept offers for CONSTRUCT/DESCRIBE answers, and for a GET without a query (the service
#: description, or the query page): */* gets Turtle
GRAPH_OFFERS = {**RDF_OFFERS, "text/html": "html"}
#: ?format= values -> format
FORMAT_PARAM = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "html": "html",
                "ttl": "turtle", "turtle": "turtle", "nt": "ntriples", "ntriples": "ntriples",
                "jsonld": "jsonld", "rdf": "rdfxml", "rdfxml": "rdfxml"}
#: the answer formats, as named in http://www.w3.org/ns/formats/
RESULT_FORMAT_IDS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                     "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
GRAPH_FORMS = {"CONSTRUCT", "DESCRIBE"}
QUERY_FORMS = {"SELECT", "ASK", *GRAPH_FORMS}
#: a client preferring text/html to both kinds of answer is a browser (*/* is not)
_BROWSER_OFFERS = {"application/sparql-results+json": "api", "text/turtle": "api", "text/html": "html"}

# possessive quantifiers: a failed match never backtracks (no "####..." blow-up)
_WS = r"(?:\s|#[^\n\r]*+)*+"
_FORM = re.compile(rf"{_WS}(?:(?:BASE{_WS}<[^<>]*+>|PREFIX{_WS}[^\s:#]*+:{_WS}<[^<>]*+>){_WS})*+([A-Za-z]+)",
                   re.IGNORECASE)
_EXTENSION = "boardgraph.sparql"
_LOCK = threading.Lock()
_COUNT_GRAPHS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { } }"
_LIST_GRAPHS = "SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
_DEFAULT_QUERY = "SELECT ?class (COUNT(DISTINCT ?s) AS ?instances)\nWHERE { ?s a ?class }\nGROUP BY ?class\nORDER BY DESC(?instances)\n"


class ProtocolError(Exception):
    """A request the endpoint answers with ``status`` and a one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class SparqlRequest:
    """What a protocol request asks: the query (None: describe the service) and its dataset."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]


@bp.record_once
def _setup(state) -> None:
    for key, value in DEFAULTS.items():
        state.app.config.setdefault(key, value)


@bp.after_request
def _after(response: Response) -> Response:
    response.vary.add("Accept")
    return add_cors(response, "GET, POST, OPTIONS")


def query_form(query: str) -> str:
    """The query's first keyword after its prologue (SELECT, ASK, INSERT, ...), upper-cased; "" if none."""
    match = _FORM.match(query)
    return match.group(1).upper() if match else ""


def _read_request() -> SparqlRequest:
    """The query and dataset of a GET, a form POST or a direct POST; refuses updates."""
    if request.method == "GET":
        params = request.args
    elif request.mimetype == "application/x-www-form-urlencoded":
        params = request.form
    elif request.mimetype == "application/sparql-query":
        params = request.args
        text = request.get_data(as_text=True)
        if "query" in params:
            raise ProtocolError(400, "give the query either in the body or as ?query=, not both")
        return SparqlRequest(text, tuple(params.getlist("default-graph-uri")), tuple(params.getlist("named-graph-uri")))
    elif request.mimetype == "application/sparql-update":
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    else:
        raise ProtocolError(415, f"unsupported content type {request.mimetype or '(none)'}: POST "
                                 "application/x-www-form-urlencoded or application/sparql-query")
    if "update" in params:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    queries = params.getlist("query")
    if len(queries) > 1:
        raise ProtocolError(400, "give exactly one query parameter")
    if not queries and request.method == "POST":
        raise ProtocolError(400, "missing query parameter")
    return SparqlRequest(queries[0] if queries else None, tuple(params.getlist("default-graph-uri")),
                         tuple(params.getlist("named-graph-uri")))


def _choose_format(form: str) -> str | None:
    """The answer format for a query of ``form``: ?format= if given, else Accept negotiation."""
    offers = GRAPH_OFFERS if form in GRAPH_FORMS else RESULTS_OFFERS
    name = request.values.get("format")
    if name is None:
        return negotiate(offers)
    fmt = FORMAT_PARAM.get(name.lower())
    if fmt is None or fmt not in offers.values():
        raise ProtocolError(400, f"format={name} does not apply to a {form or 'SPARQL'} query")
    return fmt


def _runner():
    """The app's query runner: HTTP for a server store, a worker pool for an on-disk store, in-thread
    for an in-memory one."""
    store = get_store()
    if store is None:
        raise ProtocolError(503, "no data has been loaded yet")
    with _LOCK:
        runner = current_app.extensions.get(_EXTENSION)
        if runner is None:
            path = getattr(store, "path", None)
            if isinstance(store, SparqlServerStore):
                runner = ServerRunner(store)
            elif path is not None:
                runner = WorkerPool(path, current_app.config["SPARQL_WORKERS"])
            else:
                runner = InThreadRunner(store)
            current_app.extensions[_EXTENSION] = runner
    return runner


def close_workers(app: Flask) -> None:
    """Stop the app's query workers (tests; at exit they stop on their own)."""
    runner = app.extensions.pop(_EXTENSION, None)
    if runner is not None:
        runner.close()


def _execute(sparql: SparqlRequest, results_format: str, graph_format: str) -> tuple[QueryOutput, bool]:
    """Run the query; returns its output and whether a time limit applied."""
    runner = _runner()
    job = QueryJob(sparql.query or "", results_format, graph_format, int(current_app.config["SPARQL_MAX_ROWS"]),
                   sparql.default_graphs, sparql.named_graphs)
    try:
        return runner.run(job, float(current_app.config["SPARQL_TIMEOUT"])), runner.time_limited
    except QueryTimeout as error:
        raise ProtocolError(503, str(error)) from None
    except QueryError as error:  # QueryRefused (SERVICE) included
        raise ProtocolError(400, str(error)) from None
    except StoreError as error:
        raise ProtocolError(500, str(error)) from None


def _limit_headers(response: Response, output: QueryOutput, time_limited: bool) -> Response:
    response.headers["X-SPARQL-Max-Rows"] = str(current_app.config["SPARQL_MAX_ROWS"])
    response.headers["X-SPARQL-Truncated"] = "true" if output.truncated else "false"
    response.headers["X-SPARQL-Timeout"] = str(current_app.config["SPARQL_TIMEOUT"]) if time_limited else "none"
    return response


def _plain(status: int, message: str) -> Response:
    return Response(" ".join(message.split()) + "\n", status=status, mimetype="text/plain")


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    """The SPARQL 1.1 Protocol endpoint (see the module docstring)."""
    sparql = None
    try:
        sparql = _read_request()
        if sparql.query is None:
            return _describe()
        form = query_form(sparql.query)
        if form in UPDATE_KEYWORDS:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        fmt = _choose_format(form)
        if fmt is None and form in QUERY_FORMS:
            offers = GRAPH_OFFERS if form in GRAPH_FORMS else RESULTS_OFFERS
            raise ProtocolError(406, "no acceptable answer format; offered: " + ", ".join(offers))
        if fmt == "html":
            return _page(sparql)
        fmt = fmt or "json"  # not a query form: the engine reports the syntax error
        graph_format = fmt if form in GRAPH_FORMS else "turtle"
        results_format = "json" if form in GRAPH_FORMS else fmt
        output, time_limited = _execute(sparql, results_format, graph_format)
    except ProtocolError as error:
        if _from_browser():
            return _page(sparql, error)
        return _plain(error.status, str(error))
    media_type = RESULTS_TYPES[output.fmt] if output.kind != "graph" else FORMATS[output.fmt].media_type
    response = Response(output.data, mimetype=media_type)
    if "format" in request.values:
        extension = output.fmt if output.kind != "graph" else FORMATS[output.fmt].extension
        response.headers["Content-Disposition"] = f'attachment; filename="results.{extension}"'
    return _limit_headers(response, output, time_limited)


def _from_browser() -> bool:
    """Does the client prefer an HTML page to a protocol answer (a browser, not a SPARQL client)?"""
    return request.values.get("format") in (None, "html") and negotiate(_BROWSER_OFFERS, default="api") == "html"


# --------------------------------------------------------------------------------------------
# the query page


def _page(sparql: SparqlRequest | None, error: ProtocolError | None = None) -> Response:
    """The HTML query page; with a query, its answer as a table (or the error)."""
    query = sparql.query if sparql is not None else None
    example = request.args.get("example")
    context = {"query": query, "examples": query_names(), "example": example, "error": None, "result": None,
               "downloads": [], "timeout": current_app.config["SPARQL_TIMEOUT"],
               "max_rows": current_app.config["SPARQL_MAX_ROWS"]}
    if query is None:
        context["query"] = load_query(example) if example in query_names() else _DEFAULT_QUERY
    elif error is None:
        try:
            output, time_limited = _execute(sparql, "json", "ntriples")
        except ProtocolError as raised:
            error = raised
        else:
            context["result"] = _table(output)
            context["downloads"] = _downloads(query, output.kind)
            response = Response(render_template("sparql_query.html", **context), mimetype="text/html")
            return _limit_headers(response, output, time_limited)
    if error is not None:
        context["error"] = str(error)
    return Response(render_template("sparql_query.html", **context), status=error.status if error else 200,
                    mimetype="text/html")


def _table(output: QueryOutput) -> dict:
    """An answer as {"kind", "columns", "rows" of term views, "boolean", "truncated"}."""
    table = {"kind": output.kind, "columns": [], "rows": [], "boolean": None, "truncated": output.truncated}
    if output.kind == "graph":
        graph = rdflib.Graph().parse(data=output.data.decode("utf-8"), format="nt")
        table["columns"] = ["subject", "predicate", "object"]
        table["rows"] = [[term_view(t) for t in triple] for triple in sorted(graph)]
        return table
    data = json.loads(output.data)
    if "boolean" in data:
        table["boolean"] = data["boolean"]
        return table
    table["columns"] = data["head"]["vars"]
    table["rows"] = [[term_view(_json_term(b[v])) if v in b else None for v in table["columns"]]
                     for b in data["results"]["bindings"]]
    return table


def _json_term(binding: dict) -> Identifier:
    """An rdflib term from one SPARQL JSON results binding."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    return Literal(value, datatype=URIRef(binding["datatype"]) if "datatype" in binding else None)


def _downloads(query: str, kind: str) -> list[tuple[str, str]]:
    names = ("ttl", "nt", "jsonld", "rdf") if kind == "graph" else ("csv", "tsv", "json", "xml")
    return [(name.upper(), url_for("sparql.endpoint", query=query, format=name)) for name in names]


# --------------------------------------------------------------------------------------------
# the service description


def _describe() -> Response:
    """GET without a query: the query page for browsers, else the SPARQL service description."""
    fmt = negotiate(GRAPH_OFFERS)
    if fmt == "html":
        return _page(None)
    if fmt is None:
        raise ProtocolError(400, "missing query parameter (GET without a query gives the service "
                                 "description, in: " + ", ".join(GRAPH_OFFERS) + ")")
    # kept: the graph count and, for a small store, the graph list are read once per snapshot
    body = kept_for_snapshot(f"service-description {fmt} {request.host_url}",
                             lambda: serialize_rdf(service_description(), fmt, _SD_PREFIXES).get_data())
    return Response(body, mimetype=FORMATS[fmt].media_type)


def service_description() -> rdflib.Graph:
    """sd:Service for this endpoint: language, result formats, limits and the default dataset (the
    default graph is the union of the named graphs). The named graphs are listed (by name) when there
    are at most SPARQL_SD_GRAPHS of them; otherwise only their number is given, in a comment (listing
    is optional in SPARQL 1.1 Service Description; a store of 10,000 meetings has 20,000 graphs). No
    sizes: the VoID description (rdfs:seeAlso) gives the exact counts the site keeps."""
    graph = rdflib.Graph()
    service, dataset, default_graph = BNode(), BNode(), BNode()
    endpoint_iri = URIRef(url_for("sparql.endpoint", _external=True))
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, endpoint_iri))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMAT_IDS:
        graph.add((service, SD.resultFormat, FORMATS_NS[name]))
    graph.add((service, RDFS.comment, Literal(
        f"Read-only. Each query may run {current_app.config['SPARQL_TIMEOUT']} s and return "
        f"{current_app.config['SPARQL_MAX_ROWS']} rows (longer answers are truncated; see the "
        "X-SPARQL-Truncated header). SERVICE is not allowed.")))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, RDFS.seeAlso, URIRef(url_for("linked_data.void", _external=True))))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add((default_graph, RDFS.comment, Literal("The union of all the named graphs.")))
    store = get_store()
    if store is not None:
        _add_named_graphs(graph, dataset, store)
    return graph


def _add_named_graphs(graph: rdflib.Graph, dataset: BNode, store: GraphStore) -> None:
    """Each named graph as an sd:NamedGraph, or only their number when there are more than SPARQL_SD_GRAPHS."""
    count = int(store.select(_COUNT_GRAPHS).rows[0]["n"])
    if count > int(current_app.config["SPARQL_SD_GRAPHS"]):
        graph.add((dataset, RDFS.comment, Literal(
            f"{count} named graphs, not listed here: the minutes documents' graphs, their validation "
            "reports, the vocabularies and the load-time aggregates. List them with "
            "SELECT ?g WHERE { GRAPH ?g { } }")))
        return
    for graph_iri in store.select(_LIST_GRAPHS).values("g"):
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, graph_iri))
