"""Linked data: /id/PATH -> 303 -> /doc/PATH[.ttl|.jsonld|.nt|.rdf], whole-graph dumps, VoID + DCAT.

/id/PATH stands for the IRI ``BASE + PATH`` (config BASE) whatever host and port the site runs on.
Errors have the site's one shape (web/errors.py): ``{"error": {"status", "title", "message", "url"}}``
for JSON clients, the error page for browsers, a comment in the format asked for RDF, text/plain otherwise.
"""
from __future__ import annotations

import gzip
import os
import re
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import rdflib
from flask import Blueprint, Response, current_app, g, redirect, render_template, request, send_file, url_for
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS
from rdflib.term import BNode, Identifier, Literal, URIRef
from werkzeug.exceptions import HTTPException

from graph.aggregates import AGG, AGGREGATES_GRAPH, has_aggregates
from graph.export import FORMATS, jsonld_context
from graph.namespaces import BG, DCAT, PREFIXES, VOID
from graph.store import GraphStore, StoreError, bind_project_prefixes, to_oxigraph
from web import errors
from web.state import get_store

__all__ = ["bp", "error_response", "negotiate", "term_view", "dataset_stats", "add_cors", "serialize_rdf"]

bp = Blueprint("linked_data", __name__)

DEFAULTS = {"LICENSE": "https://creativecommons.org/licenses/by/4.0/"}

#: Accept offers for RDF descriptions -> FORMATS key (first wins a tie, so */* gets Turtle)
RDF_OFFERS = {"text/turtle": "turtle", "application/n-triples": "ntriples", "application/ld+json": "jsonld",
              "application/rdf+xml": "rdfxml", "application/json": "jsonld", "application/x-turtle": "turtle"}
#: the same with HTML first: what a resource's IRI negotiates (*/* and no Accept get HTML)
DOC_OFFERS = {"text/html": "html", "application/xhtml+xml": "html", **RDF_OFFERS}
#: ?format= values and /doc extensions -> format
FORMAT_NAMES = {"html": "html", "ttl": "turtle", "turtle": "turtle", "nt": "ntriples", "ntriples": "ntriples",
                "jsonld": "jsonld", "json": "jsonld", "rdf": "rdfxml", "rdfxml": "rdfxml", "xml": "rdfxml"}
DOC_EXTENSIONS = {"html": "html", "ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples", "rdf": "rdfxml"}
EXTENSION_OF = {"turtle": "ttl", "jsonld": "jsonld", "ntriples": "nt", "rdfxml": "rdf"}
#: whole-graph dumps: file name -> GraphStore.dump format (each also served gzipped as NAME.gz)
DUMPS = {"boardgraph.trig": "trig", "boardgraph.nq": "nquads", "boardgraph.jsonld": "jsonld"}
#: the formats pyoxigraph writes (in milliseconds where rdflib's Turtle took 0.2-0.5 s for a person's thousand links)
_OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}
_PREFIX_IRIS = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
GZIP_TYPE = "application/gzip"
IANA = "https://www.iana.org/assignments/media-types/"
LABELS = (FOAF.name, SKOS.prefLabel, DCTERMS.title, RDFS.label)
Triple = tuple[Identifier, URIRef, Identifier]
#: what werkzeug's path converter leaves unquoted in a URL path
_PATH_SAFE = "!$&'()*+,/:;=@"
_NOT_IN_IRIS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
#: at most this many "what links here" links per resource
INVERSE_LIMIT = 1000

_OUTGOING = "SELECT DISTINCT ?p ?o WHERE { $VALUES ?s ?p ?o }"
#: the subject is bound by a VALUES block first in each query ($VALUES below): Oxigraph then plans from it (a
#: substituted variable is planned as if free, and a person in 1,000 meetings took seconds)
#: No ORDER BY: the links stream from the object index and the LIMIT stops the read (sorting them made
#: Oxigraph read all of a popular person's links first: 0.6 s for 2,000 at 10,000 meetings); the links
#: kept are sorted in Python, so a resource with at most INVERSE_LIMIT links gets all of them, as ordered.
_INVERSE = f"SELECT DISTINCT ?x ?p WHERE {{ $VALUES ?x ?p ?s }} LIMIT {INVERSE_LIMIT + 1}"
#: the labels of the IRIs bound to ?x (the objects of the resource and the inverse links kept)
#: (read inside GRAPH ?g with a FILTER: a VALUES block of the predicates made Oxigraph join every label
#: in the store, 1.8 s instead of 64 ms for a person's thousand links)
_LABELS = """SELECT DISTINCT ?x ?lp ?label WHERE { $VALUES
  GRAPH ?g { ?x ?lp ?label } FILTER (?lp IN (foaf:name, skos:prefLabel, dcterms:title, rdfs:label)) }"""
_EXISTS = "ASK { $VALUES { ?s ?p ?o } UNION { ?x ?q ?s } }"
_STATS = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
    "entities": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
    "classes": "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class",
}
#: the classes whose distinct instances graph/aggregates.py keeps counted (kind of its "distinct" counters)
_MAINTAINED_CLASSES = {"meeting-docs": BG.Meeting, "person-docs": FOAF.Person, "action-docs": BG.ActionPoint}
_MAINTAINED = f"""SELECT ?kind ?n WHERE {{ GRAPH <{AGGREGATES_GRAPH}> {{
  ?counter <{AGG.kind}> "distinct" ; <{AGG.k1}> ?kind ; <{AGG["count"]}> ?n }} }}"""
_NOT_COUNTED = ("The class partitions give the meetings, people and action points, counted exactly as the "
                "minutes are loaded. The numbers of triples, entities and classes of the whole dataset are "
                "not given: they would have to be counted over every document after each load. Count them "
                "with the SPARQL endpoint or over a dump.")
_EXTENSION = "boardgraph.linked_data"


@bp.record_once
def _setup(state) -> None:
    for key, value in DEFAULTS.items():
        state.app.config.setdefault(key, value)
    cache_dir = tempfile.mkdtemp(prefix="boardgraph-dumps-")
    weakref.finalize(state.app, shutil.rmtree, cache_dir, True)
    state.app.extensions[_EXTENSION] = {"dir": Path(cache_dir), "lock": threading.Lock(), "cache": {}}


# --------------------------------------------------------------------------------------------
# shared helpers (also used by web/sparql.py)


def negotiate(offers: dict[str, str], default: str | None = None) -> str | None:
    """The value of ``offers`` for the client's best acceptable media type (q-values honoured;
    ties go to the first offer); ``default`` (else the first offer) when there is no Accept
    header; None when nothing offered is acceptable.

    A value's first media type is the one served: an alias (application/json for SPARQL JSON
    results) is not offered when the client refuses the served type with q=0."""
    accept = request.accept_mimetypes
    if not accept:
        return default if default is not None else next(iter(offers.values()))
    served: dict[str, str] = {}
    for media_type, value in offers.items():
        served.setdefault(value, media_type)
    refused = {media_type for media_type, quality in accept if quality == 0}
    best = accept.best_match([m for m, value in offers.items() if served[value] not in refused])
    return offers[best] if best else None


def requested_format(offers: dict[str, str]) -> str | None:
    """?format= if given (a FORMAT_NAMES key whose format is among ``offers``), else negotiation.
    Raises ValueError for an unknown ?format=."""
    name = request.args.get("format")
    if name is None:
        return negotiate(offers)
    fmt = FORMAT_NAMES.get(name.lower())
    if fmt is None or fmt not in offers.values():
        raise ValueError(f"unknown format {name!r}; use one of: "
                         + ", ".join(sorted(k for k, v in FORMAT_NAMES.items() if v in offers.values())))
    return fmt


_ERROR_OFFERS = {"application/json": "json", "application/ld+json": "jsonld", "text/html": "html",
                 "text/turtle": "turtle", "application/n-triples": "ntriples", "application/rdf+xml": "rdfxml",
                 "text/plain": "text"}


def error_response(status: int, message: str, fmt: str | None = None, default: str = "json") -> Response:
    """An error in the site's one shape (web/errors.py) as JSON or HTML, or as an RDF comment
    (Turtle/N-Triples/RDF/XML documents with no triples) or text/plain.  ``fmt`` (a format the
    client asked for by URL) wins over the Accept header; ``default`` serves a client that sends none."""
    message = " ".join(message.split())
    fmt = fmt or negotiate(_ERROR_OFFERS, default=default) or "text"
    if fmt in ("json", "jsonld"):
        response = errors.error_json(status, message)
        if fmt == "jsonld":
            response.mimetype = FORMATS["jsonld"].media_type
    elif fmt == "html":
        response = errors.error_html(status, message)
    elif fmt in ("turtle", "ntriples"):
        response = Response(f"# {status} {message}\n", mimetype=FORMATS[fmt].media_type)
    elif fmt == "rdfxml":
        comment = message.replace("--", "- -")
        response = Response(f'<?xml version="1.0" encoding="utf-8"?>\n<!-- {status} {comment} -->\n'
                            f'<rdf:RDF xmlns:rdf="{RDF}"/>\n', mimetype=FORMATS["rdfxml"].media_type)
    else:
        response = Response(f"{status} {message}\n", mimetype="text/plain")
    response.status_code = status
    return response


def add_cors(response: Response, methods: str) -> Response:
    """Open the response to scripts on any origin; answer a preflight for ``methods``."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "Location, X-SPARQL-Max-Rows, X-SPARQL-Truncated, X-SPARQL-Timeout"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = methods
        response.headers["Access-Control-Allow-Headers"] = request.headers.get(
            "Access-Control-Request-Headers", "Accept, Content-Type")
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def doc_href(iri: str) -> str | None:
    """The /doc page of an IRI under the base, else None: what ``url_for("linked_data.doc", path=...)``
    gives (the path quoted as werkzeug's path converter does), without building a route per IRI
    (a thousand url_for calls took ~40 ms on a page of inverse links)."""
    base = current_app.config["BASE"]
    if iri.startswith(base) and len(iri) > len(base):
        return _doc_prefix() + quote(iri[len(base):], safe=_PATH_SAFE)
    return None


def _doc_prefix() -> str:
    """The /doc/ URL of this request's script root (kept for the request)."""
    if "boardgraph_doc_prefix" not in g:
        g.boardgraph_doc_prefix = url_for("linked_data.doc", path="_")[:-1]
    return g.boardgraph_doc_prefix


def term_view(term: Identifier, labels: dict[Identifier, str] | None = None) -> dict:
    """How a template shows an RDF term: text, optional href (our IRIs -> /doc, other http(s)
    IRIs -> themselves), optional note (language or datatype) and the full IRI as title."""
    labels = labels or {}
    if isinstance(term, URIRef):
        iri = str(term)
        href = doc_href(iri) or (iri if iri.startswith(("http://", "https://")) else None)
        base = current_app.config["BASE"]
        text = labels.get(term) or (iri[len(base):] if iri.startswith(base) else _curie(iri))
        return {"text": text, "href": href, "title": iri, "note": None}
    if isinstance(term, Literal):
        note = f"@{term.language}" if term.language else (
            _curie(str(term.datatype)) if term.datatype is not None else None)
        return {"text": str(term), "href": None, "title": None, "note": note}
    return {"text": f"_:{term}", "href": None, "title": None, "note": None}


def _curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        namespace = str(namespace)
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return iri


def serialize_rdf(graph: rdflib.Graph | list[Triple], fmt: str, prefixes: dict[str, str] | None = None) -> Response:
    """A graph (or distinct triples) as a response in one of the triple formats: JSON-LD compacted with
    our prefixes (by rdflib), the others written by pyoxigraph with our prefixes and those given, a
    subject's triples together."""
    spec = FORMATS[fmt]
    if fmt == "jsonld":
        body = _as_graph(graph).serialize(format="json-ld", context=jsonld_context(), indent=2)
    else:
        triples = sorted((ox.Triple(*map(to_oxigraph, triple)) for triple in graph), key=str)
        written = None if fmt == "ntriples" else {**_PREFIX_IRIS, **(prefixes or {})}
        body = ox.serialize(triples, format=_OX_FORMATS[fmt], prefixes=written)
    return Response(body, mimetype=spec.media_type)


def _as_graph(triples: rdflib.Graph | list[Triple]) -> rdflib.Graph:
    if isinstance(triples, rdflib.Graph):
        return triples
    graph = rdflib.Graph()
    bind_project_prefixes(graph)
    for triple in triples:
        graph.add(triple)
    return graph


def kept_for_snapshot(key: str, compute: Callable[[], object]):
    """``compute()``, kept while the site reads the same read-only snapshot (which never changes; a
    newer snapshot, after the loader committed, empties the cache); recomputed each time for a
    writable store. Computed outside the lock: a computation may itself use this cache, and a slow one
    (a dump, the dataset statistics of a store without aggregates) must not hold up other pages."""
    store = get_store()
    state = current_app.extensions[_EXTENSION]
    if not (store is not None and store.read_only):
        return compute()
    with state["lock"]:
        if state.get("snapshot") is not store:
            state["snapshot"], state["cache"] = store, {}
        if key in state["cache"]:
            return state["cache"][key]
    value = compute()
    with state["lock"]:
        if state.get("snapshot") is store:
            value = state["cache"].setdefault(key, value)
    return value


def dataset_stats(store: GraphStore) -> dict:
    """Exact counts over the union of named graphs: ``classes`` {class: distinct instances}, and
    ``triples`` (distinct), ``entities`` (distinct subjects) or None where they are not known.

    A store keeping load-time aggregates (graph/aggregates.py) gives the classes it counts, at once;
    the others (a SPARQL server loaded otherwise, an older store) are counted in full: every class,
    triples and entities (seconds at thousands of meetings, kept while the snapshot lasts)."""
    return kept_for_snapshot("stats", lambda: _maintained_stats(store) if has_aggregates(store) else _counted_stats(store))


def _maintained_stats(store: GraphStore) -> dict:
    """The distinct meetings, people and action points graph/aggregates.py keeps exact; no totals."""
    counted = {str(row["kind"]): int(row["n"]) for row in store.select(_MAINTAINED)}
    classes = {cls: counted[kind] for kind, cls in _MAINTAINED_CLASSES.items() if counted.get(kind, 0) > 0}
    return {"triples": None, "entities": None, "classes": dict(sorted(classes.items()))}


def _counted_stats(store: GraphStore) -> dict:
    """Everything counted from the documents themselves."""
    rows = {name: store.select(query).rows for name, query in _STATS.items()}
    return {"triples": int(rows["triples"][0]["n"]), "entities": int(rows["entities"][0]["n"]),
            "classes": {r["class"]: int(r["n"]) for r in rows["classes"]}}


# --------------------------------------------------------------------------------------------
# /id and /doc


@bp.after_request
def _after(response: Response) -> Response:
    response.vary.add("Accept")
    return add_cors(response, "GET, HEAD, OPTIONS")


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return error_response(error.code or 500, error.description or error.name)


@bp.errorhandler(StoreError)
def _store_error(error: StoreError):
    return error_response(503, f"the store cannot be read: {error}")


def _resource(path: str) -> URIRef | None:
    """The IRI /id/PATH stands for, or None if it is not a valid IRI."""
    if _NOT_IN_IRIS.search(path):
        return None
    return URIRef(current_app.config["BASE"] + path)


@bp.route("/id/<path:path>")
def resource(path: str):
    """303 See Other to the document about BASE + PATH, in the format the client asks for."""
    try:
        fmt = requested_format(DOC_OFFERS)
    except ValueError as error:
        return error_response(400, str(error))
    if fmt is None:
        return error_response(406, "none of the acceptable types is available; offered: " + ", ".join(DOC_OFFERS), "text")
    store = get_store()
    iri = _resource(path)
    if store is None or iri is None or not store.ask(_bound(_EXISTS, "s", [iri])):
        return error_response(404, f"nothing is known about <{current_app.config['BASE'] + path}>")
    target = path if fmt == "html" else f"{path}.{EXTENSION_OF[fmt]}"
    return redirect(url_for("linked_data.doc", path=target, _external=True), 303)


def describe(store: GraphStore, iri: URIRef) -> tuple[list[Triple], list[tuple[Identifier, URIRef]], bool]:
    """The description of ``iri`` as distinct triples: its own, the inverse links and the labels of
    the IRIs it links to and of those linking to it; also returns the inverse links as (subject,
    predicate), sorted by predicate then subject, and whether there were more than INVERSE_LIMIT of
    them (then INVERSE_LIMIT of them are kept: the first the store's index gives, not the first in
    that order). A list, not an rdflib graph: adding a thousand links to one took ~50 ms."""
    outgoing = [(iri, row["p"], row["o"]) for row in store.select(_bound(_OUTGOING, "s", [iri]))]
    inverse = [(row["x"], row["p"]) for row in store.select(_bound(_INVERSE, "s", [iri]))]
    more = len(inverse) > INVERSE_LIMIT
    inverse = sorted(inverse[:INVERSE_LIMIT], key=_link_order)
    neighbours = {term for term in [value for _, _, value in outgoing] + [subject for subject, _ in inverse]
                  if isinstance(term, URIRef)}
    labels = [(row["x"], row["lp"], row["label"]) for row in store.select(_bound(_LABELS, "x", sorted(neighbours)))] \
        if neighbours else []
    triples = outgoing + [(subject, predicate, iri) for subject, predicate in inverse] + labels
    return list(dict.fromkeys(triples)), inverse, more


def _link_order(link: tuple[Identifier, URIRef]) -> tuple[str, bool, str]:
    """SPARQL's ``ORDER BY ?p ?x`` for an inverse link (subject ?x, predicate ?p): blank nodes before IRIs."""
    subject, predicate = link
    return str(predicate), isinstance(subject, URIRef), str(subject)


def _bound(query: str, variable: str, values: list[Identifier]) -> str:
    """QUERY with ``VALUES ?VARIABLE { VALUES }`` in place of its $VALUES marker (each term written by pyoxigraph)."""
    return query.replace("$VALUES", f"VALUES ?{variable} {{ {' '.join(str(to_oxigraph(v)) for v in values)} }}", 1)


@bp.route("/doc/<path:path>")
def doc(path: str):
    """The document about BASE + PATH: HTML, or RDF by extension (.ttl .jsonld .nt .rdf)."""
    stem, _, extension = path.rpartition(".")
    fmt = DOC_EXTENSIONS.get(extension) if stem else None
    asked = fmt  # the format the URL names; without one an error follows the Accept header
    if fmt is None:
        stem, fmt = path, "html"
    store = get_store()
    iri = _resource(stem)
    triples, inverse, more = describe(store, iri) if store is not None and iri is not None else ([], [], False)
    if not triples:
        return error_response(404, f"nothing is known about <{current_app.config['BASE'] + stem}>", asked,
                              default="html")
    if fmt != "html":
        return serialize_rdf(triples + [(URIRef(request.base_url), FOAF.primaryTopic, iri)], fmt)
    return render_template("ld_doc.html", **_doc_page(triples, iri, inverse, more, stem))


def _doc_page(triples: list[Triple], iri: URIRef, inverse: list, more: bool, path: str) -> dict:
    rank = {predicate: position for position, predicate in enumerate(LABELS)}
    labels: dict[Identifier, str] = {}
    for subject, predicate, label in sorted((t for t in triples if t[1] in rank), key=lambda t: -rank[t[1]]):
        labels[subject] = str(label)
    own = [(predicate, value) for subject, predicate, value in triples if subject == iri]
    properties: dict[URIRef, list] = {}
    for predicate, value in sorted(own, key=lambda po: (po[0] != RDF.type, _curie(po[0]), str(po[1]))):
        properties.setdefault(predicate, []).append(term_view(value, labels))
    return {
        "iri": str(iri),
        "title": labels.get(iri) or path,
        "types": [term_view(value, labels) for predicate, value in own if predicate == RDF.type],
        "properties": [(term_view(p), values) for p, values in properties.items()],
        "inverse": [(term_view(s, labels), term_view(p)) for s, p in inverse],
        "more_inverse": more,
        "inverse_limit": INVERSE_LIMIT,
        "alternates": [(FORMATS[f].label, url_for("linked_data.doc", path=f"{path}.{ext}"))
                       for f, ext in EXTENSION_OF.items()],
    }


# --------------------------------------------------------------------------------------------
# dumps and the dataset description


@bp.route("/dumps/<name>")
def dump(name: str):
    """The whole store as TriG, N-Quads or JSON-LD (NAME.gz: gzipped)."""
    gzipped = name.endswith(".gz")
    fmt = DUMPS.get(name[:-3] if gzipped else name)
    if fmt is None:
        return error_response(404, f"no dump named {name!r}; available: "
                              + ", ".join(f"{n}, {n}.gz" for n in DUMPS))
    store = get_store()
    if store is None:
        return error_response(404, "nothing has been loaded yet")
    path = kept_for_snapshot(f"dump:{name}", lambda: _write_dump(store, fmt, gzipped, name))
    mimetype = GZIP_TYPE if gzipped else FORMATS[fmt].media_type
    return send_file(path, mimetype=mimetype, download_name=name, conditional=True)


def _write_dump(store: GraphStore, fmt: str, gzipped: bool, name: str) -> Path:
    """Write a dump into the app's cache folder (atomically: readers never see half a file)."""
    folder: Path = current_app.extensions[_EXTENSION]["dir"]
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    with os.fdopen(handle, "wb") as raw:
        if gzipped:
            with gzip.GzipFile(filename=name[:-3], mode="wb", fileobj=raw, mtime=0) as out:
                store.dump(out, fmt)
        else:
            store.dump(raw, fmt)
    target = folder / name
    os.replace(temporary, target)
    return target


@bp.route("/.well-known/void")
def void():
    """VoID + DCAT description of the dataset (Turtle unless the client asks otherwise)."""
    try:
        fmt = requested_format(RDF_OFFERS)
    except ValueError as error:
        return error_response(400, str(error))
    if fmt is None:
        return error_response(406, "offered: " + ", ".join(RDF_OFFERS), "text")
    return serialize_rdf(void_graph(get_store()), fmt)


def void_graph(store: GraphStore | None) -> rdflib.Graph:
    """The VoID/DCAT description: counts, class partitions, the endpoint and every dump."""
    graph = rdflib.Graph()
    bind_project_prefixes(graph)
    document = URIRef(url_for("linked_data.void", _external=True))
    dataset = URIRef(f"{document}#dataset")
    endpoint = URIRef(url_for("sparql.endpoint", _external=True))
    license_iri = URIRef(current_app.config["LICENSE"])
    graph.add((document, RDF.type, VOID.DatasetDescription))
    graph.add((document, FOAF.primaryTopic, dataset))
    for triple in ((RDF.type, VOID.Dataset), (RDF.type, DCAT.Dataset),
                   (DCTERMS.title, Literal("boardgraph")),
                   (DCTERMS.description, Literal("A knowledge graph of board discussions, built from published minutes.")),
                   (DCTERMS.license, license_iri), (VOID.sparqlEndpoint, endpoint),
                   (VOID.uriSpace, Literal(current_app.config["BASE"]))):
        graph.add((dataset, *triple))
    service = BNode()
    graph.add((dataset, DCAT.accessService, service))
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((service, DCAT.servesDataset, dataset))
    for name, fmt in DUMPS.items():
        media = FORMATS[fmt].media_type
        for file_name, gzipped in ((name, False), (f"{name}.gz", True)):
            url = URIRef(url_for("linked_data.dump", name=file_name, _external=True))
            graph.add((dataset, VOID.dataDump, url))
            graph.add((dataset, DCAT.distribution, url))
            graph.add((url, RDF.type, DCAT.Distribution))
            graph.add((url, DCAT.downloadURL, url))
            graph.add((url, DCAT.mediaType, URIRef(IANA + media)))
            graph.add((url, DCTERMS.format, Literal(media)))
            graph.add((url, DCTERMS.license, license_iri))
            if gzipped:
                graph.add((url, DCAT.compressFormat, URIRef(IANA + GZIP_TYPE)))
    if store is not None:
        _add_counts(graph, dataset, dataset_stats(store))
    return graph


def _add_counts(graph: rdflib.Graph, dataset: URIRef, stats: dict) -> None:
    """The dataset's sizes and class partitions: only exact figures, and a note when totals are left out."""
    if stats["triples"] is None:
        graph.add((dataset, RDFS.comment, Literal(_NOT_COUNTED, lang="en")))
    else:
        graph.add((dataset, VOID.triples, Literal(stats["triples"])))
        graph.add((dataset, VOID.entities, Literal(stats["entities"])))
        graph.add((dataset, VOID.classes, Literal(len(stats["classes"]))))
    for cls, count in stats["classes"].items():
        partition = BNode()
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], cls))
        graph.add((partition, VOID.entities, Literal(count)))
