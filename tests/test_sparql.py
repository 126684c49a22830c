"""/sparql: the SPARQL 1.1 Protocol endpoint over the bundled WSTB minutes in an on-disk store.

Real store, real worker processes, real clients (SPARQLWrapper, rdflib's SPARQLStore) against a
live server; nothing is mocked."""
from __future__ import annotations

import csv
import http.server
import io
import json
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.store import load_vocabulary, open_store
from web import create_app
from live_server import serving
from web.sparql import close_workers, query_form

BASE = "http://localhost:5000/id/"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = rdflib.Namespace("http://www.w3.org/ns/formats/")

PEOPLE = """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT DISTINCT ?person ?name WHERE { ?person a foaf:Person ; foaf:name ?name } ORDER BY ?name"""
CONSTRUCT_PEOPLE = """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CONSTRUCT { ?person foaf:name ?name } WHERE { ?person a foaf:Person ; foaf:name ?name }"""
ASK_CHAIR = f"ASK {{ <{BASE}meeting/wstb/2017-06-29> <https://w3id.org/boardgraph/ontology#chair> ?c }}"
RESULTS_JSON = "application/sparql-results+json"


def build_store(path: Path, processed) -> None:
    """The vocabulary and the WSTB minutes of 29 June 2017 in an on-disk store (writer closed)."""
    with open_store(path) as writer:
        load_vocabulary(writer, BASE)
        writer.replace_graph(str(processed.built.graph_iri), processed.built.graph)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, wstb_processed) -> Path:
    path = tmp_path_factory.mktemp("sparql") / "store"
    build_store(path, wstb_processed)
    return path


@pytest.fixture(scope="module")
def reader(store_dir):
    with open_store(store_dir, read_only=True) as store:
        yield store


def make_app(store_dir, **config):
    return create_app({"STORE_PATH": str(store_dir), "BASE": BASE, "TESTING": True, **config})


@pytest.fixture(scope="module")
def app(store_dir):
    app = make_app(store_dir)
    yield app
    close_workers(app)


@pytest.fixture()
def client(app):
    return app.test_client()


def people_rows(reader) -> list[tuple[str, str]]:
    return [(str(r["person"]), str(r["name"])) for r in reader.select(PEOPLE)]


def json_rows(data: bytes) -> list[tuple[str, str]]:
    bindings = json.loads(data)["results"]["bindings"]
    return [(b["person"]["value"], b["name"]["value"]) for b in bindings]


# --- answers and negotiation -----------------------------------------------------------------

@pytest.mark.parametrize("accept, media_type", [
    (None, RESULTS_JSON),
    ("*/*", RESULTS_JSON),
    ("application/json", RESULTS_JSON),
    (RESULTS_JSON, RESULTS_JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+json;q=0.1, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
    ("application/sparql-results+json;q=0, */*;q=0.5", "application/sparql-results+xml"),
])
def test_select_negotiation(client, reader, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": PEOPLE}, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.vary
    fmt = {RESULTS_JSON: "json", "application/sparql-results+xml": "xml", "text/csv": "csv",
           "text/tab-separated-values": "tsv"}[media_type]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        assert rows[0] == ["person", "name"]
        got = [tuple(r) for r in rows[1:]]
    else:
        solutions = ox.parse_query_results(response.data, ox.QueryResultsFormat.from_extension(fmt))
        got = [(s["person"].value, s["name"].value) for s in solutions]
    assert got == people_rows(reader) and len(got) > 10


def test_post_form_and_direct_post_give_the_same_answer(client, reader):
    form = client.post("/sparql", data={"query": PEOPLE})
    direct = client.post("/sparql", data=PEOPLE.encode(), content_type="application/sparql-query")
    assert form.status_code == direct.status_code == 200
    assert json_rows(form.data) == json_rows(direct.data) == people_rows(reader)


def test_ask(client):
    response = client.get("/sparql", query_string={"query": ASK_CHAIR})
    assert response.mimetype == RESULTS_JSON and json.loads(response.data) == {"head": {}, "boolean": True}
    xml = client.get("/sparql", query_string={"query": ASK_CHAIR}, headers={"Accept": "application/sparql-results+xml"})
    assert bool(ox.parse_query_results(xml.data, ox.QueryResultsFormat.XML)) is True


@pytest.mark.parametrize("accept, media_type, rdflib_format", [
    (None, "text/turtle", "turtle"),
    ("*/*", "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("text/turtle;q=0.2, application/rdf+xml;q=0.8", "application/rdf+xml", "xml"),
])
def test_construct_negotiation(client, reader, accept, media_type, rdflib_format):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": CONSTRUCT_PEOPLE}, headers=headers)
    assert response.status_code == 200 and response.mimetype == media_type
    got = rdflib.Graph().parse(data=response.data, format=rdflib_format)
    assert len(got) > 10 and isomorphic(got, reader.construct(CONSTRUCT_PEOPLE))


def test_describe(client):
    query = f"DESCRIBE <{BASE}person/charlie-boundy>"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/n-triples"})
    graph = rdflib.Graph().parse(data=response.data, format="nt")
    assert (rdflib.URIRef(f"{BASE}person/charlie-boundy"), rdflib.FOAF.name, rdflib.Literal("Charlie Boundy")) in graph


def test_format_parameter_overrides_accept_and_downloads(client, reader):
    response = client.get("/sparql", query_string={"query": PEOPLE, "format": "csv"}, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="results.csv"'
    assert len(response.get_data(as_text=True).strip().splitlines()) == len(people_rows(reader)) + 1
    wrong = client.get("/sparql", query_string={"query": PEOPLE, "format": "ttl"})
    assert wrong.status_code == 400 and wrong.mimetype == "text/plain"


@pytest.mark.parametrize("query, accept", [
    (PEOPLE, "image/png"),
    (PEOPLE, "text/turtle"),
    (CONSTRUCT_PEOPLE, "text/csv"),
])
def test_nothing_acceptable_is_406(client, query, accept):
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406 and response.mimetype == "text/plain"


# --- errors and refusals -----------------------------------------------------------------------

@pytest.mark.parametrize("query, accept", [
    ("SELECT ?s WHERE { ?s ?p }", None), ("SELECT ?s WHERE { ?s ?p }", RESULTS_JSON),
    ("SELECT ?s WHERE { ?s ?p }", "*/*"), ("SELECT ?s WHERE { ?s ?p }", "text/csv"),
    ("CONSTRUCT WHERE { ?s ?p }", "text/turtle"),
    ("{ no query form }", "text/turtle"),  # the form is unknown, so the engine's error wins over 406
])
def test_malformed_query_is_400_plain_text(client, query, accept):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": query}, headers=headers)
    assert response.status_code == 400 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert text.count("\n") == 1 and "syntax error" in text and "<html" not in text.lower()


def test_update_is_refused(client, reader):
    before = reader.count_quads()
    update = f"INSERT DATA {{ GRAPH <{BASE}graph/x> {{ <{BASE}x> <{BASE}p> 1 }} }}"
    responses = [
        client.post("/sparql", data={"update": update}),
        client.post("/sparql", data=update.encode(), content_type="application/sparql-update"),
        client.get("/sparql", query_string={"query": update}),
        client.get("/sparql", query_string={"update": update}),
        client.post("/sparql", data={"query": "PREFIX x: <http://x/> # c\nDELETE WHERE { ?s ?p ?o }"}),
    ]
    for response in responses:
        assert response.status_code == 403 and response.mimetype == "text/plain"
        assert "read-only" in response.get_data(as_text=True)
    with open_store(reader.path, read_only=True) as fresh:
        assert fresh.count_quads() == before


def test_other_protocol_errors(client):
    assert client.post("/sparql", data=b"x", content_type="text/plain").status_code == 415
    assert client.post("/sparql", data={"default-graph-uri": BASE + "graph/topics"}).status_code == 400
    twice = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert twice.status_code == 400 and twice.mimetype == "text/plain"


class _Recorder(http.server.BaseHTTPRequestHandler):
    """An HTTP server that records every request (a SERVICE call would land here)."""

    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def recorder():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where { service silent <{url}> { ?s ?p ?o } }",
    "PREFIX e: <{url}> SELECT * WHERE { ?s ?p ?o . SERVICE e: { ?s ?p ?o } }",
    "PREFIX : <{url}> SELECT * WHERE { SERVICE:{ ?s ?p ?o } }",  # no space: still SERVICE to pyoxigraph
    "SELECT * WHERE { ?s ?p 1SERVICE<{url}>{} }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<'x>')SERVICE<{url}>{} FILTER('x') }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<1#>'''\n)SERVICE<{url}>{} #'''\n}",
    "SELECT * WHERE { VALUES ?e { <{url}> } SERVICE ?e { ?s ?p ?o } }",
    "ASK { SERVICE <{url}> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
])
def test_service_is_refused_and_never_called(client, recorder, template):
    query = template.replace("{url}", recorder)
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400 and response.mimetype == "text/plain"
    assert "SERVICE" in response.get_data(as_text=True)
    assert _Recorder.hits == []


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { BIND("SERVICE <http://127.0.0.1:9/> {}" AS ?service) }',
    "SELECT * WHERE { ?s <http://example.org/service> ?o } LIMIT 1",
    "# SERVICE <http://127.0.0.1:9/> { }\nSELECT * WHERE { ?s ?p ?o } LIMIT 1",
    "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:p ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ?o }",
    "SELECT * WHERE { ?s ?p '''a 'service' SERVICE <x> {}''' }",
])
def test_the_word_service_elsewhere_is_fine(client, query):
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.get_data(as_text=True)


def test_malformed_query_mentioning_service_is_a_syntax_error(client):
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?service ?p }"})
    assert response.status_code == 400 and "syntax error" in response.get_data(as_text=True)


def test_query_form():
    assert query_form("PREFIX a: <http://x#> # SELECT\nBASE <http://y/>\n  select * {}") == "SELECT"
    assert query_form("# comment\nINSERT DATA {}") == "INSERT"
    assert query_form("{ garbage") == ""
    started = time.monotonic()
    assert query_form("#" * 5000 + "\n{") == query_form("PREFIX a: <x> " * 5000 + "{") == ""
    assert time.monotonic() - started < 0.5  # no catastrophic backtracking


def test_dataset_parameters(client, reader):
    topics = BASE + "graph/topics"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    response = client.get("/sparql", query_string={"query": count, "default-graph-uri": topics})
    assert int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"]) == reader.count_quads(topics)
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    direct = client.post(f"/sparql?named-graph-uri={topics}", data=graphs.encode(), content_type="application/sparql-query")
    assert [b["g"]["value"] for b in json.loads(direct.data)["results"]["bindings"]] == [topics]
    union = client.get("/sparql", query_string={"query": graphs})
    assert len(json.loads(union.data)["results"]["bindings"]) == len(reader.graph_iris())


# --- CORS, service description, query page ------------------------------------------------------

def test_cors(client):
    preflight = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    simple = client.get("/sparql", query_string={"query": ASK_CHAIR}, headers={"Origin": "https://example.org"})
    assert simple.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-SPARQL-Truncated" in simple.headers["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("accept, rdflib_format", [
    (None, "turtle"), ("*/*", "turtle"), ("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"), ("application/n-triples", "nt")])
def test_service_description(client, reader, accept, rdflib_format):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", headers=headers)
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.data, format=rdflib_format)
    service = graph.value(predicate=rdflib.RDF.type, object=SD.Service)
    assert graph.value(service, SD.endpoint) == rdflib.URIRef("http://localhost/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert {FORMATS_NS.SPARQL_Results_JSON, FORMATS_NS.SPARQL_Results_XML, FORMATS_NS.SPARQL_Results_CSV,
            FORMATS_NS.SPARQL_Results_TSV, FORMATS_NS.Turtle, FORMATS_NS["JSON-LD"]} <= formats
    dataset = graph.value(service, SD.defaultDataset)
    assert graph.value(dataset, SD.defaultGraph) is not None
    names = sorted(str(graph.value(n, SD.name)) for n in graph.objects(dataset, SD.namedGraph))
    assert names == reader.graph_iris()


def test_service_description_of_many_graphs_gives_their_number(store_dir, reader):
    """Over SPARQL_SD_GRAPHS named graphs the description stays bounded: no list, the number in a comment."""
    app = make_app(store_dir, SPARQL_SD_GRAPHS=1)
    response = app.test_client().get("/sparql", headers={"Accept": "text/turtle"})
    close_workers(app)
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    dataset = graph.value(graph.value(predicate=rdflib.RDF.type, object=SD.Service), SD.defaultDataset)
    assert list(graph.objects(dataset, SD.namedGraph)) == []
    comment = str(graph.value(dataset, rdflib.RDFS.comment))
    assert comment.startswith(f"{len(reader.graph_iris())} named graphs, not listed here")
    assert graph.value(dataset, rdflib.RDFS.seeAlso) == rdflib.URIRef("http://localhost/.well-known/void")
    assert graph.value(graph.value(dataset, SD.defaultGraph), rdflib.RDF.type) == SD.Graph


def test_get_without_query_for_a_results_client_is_400(client):
    response = client.get("/sparql", headers={"Accept": RESULTS_JSON})
    assert response.status_code == 400 and response.mimetype == "text/plain"


def test_query_page(client):
    html = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<textarea" in html and '<option value="meetings"' in html
    example = client.get("/sparql?example=people-on-several-boards", headers={"Accept": "text/html"})
    assert "people-on-several-boards" in example.get_data(as_text=True)
    assert "SELECT" in example.get_data(as_text=True).split("<textarea")[1]


def test_query_page_shows_results_with_links(client, reader):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", query_string={"query": PEOPLE}, headers={"Accept": browser})
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert 'href="/doc/person/charlie-boundy"' in html and "Charlie Boundy" in html
    assert html.count("<tr>") == len(people_rows(reader)) + 1
    for label in ("CSV", "TSV", "JSON"):
        assert f">{label}</a>" in html
    bad = client.get("/sparql", query_string={"query": "SELECT ?s {"}, headers={"Accept": browser})
    assert bad.status_code == 400 and "syntax error" in bad.get_data(as_text=True) and "<textarea" in bad.get_data(as_text=True)


# --- limits ----------------------------------------------------------------------------------

def test_row_limit_truncates_and_says_so(store_dir):
    app = make_app(store_dir, SPARQL_MAX_ROWS=5)
    try:
        client = app.test_client()
        response = client.get("/sparql", query_string={"query": PEOPLE})
        assert len(json_rows(response.data)) == 5
        assert response.headers["X-SPARQL-Max-Rows"] == "5" and response.headers["X-SPARQL-Truncated"] == "true"
        graph = client.get("/sparql", query_string={"query": CONSTRUCT_PEOPLE}, headers={"Accept": "application/n-triples"})
        assert len(rdflib.Graph().parse(data=graph.data, format="nt")) == 5
        assert graph.headers["X-SPARQL-Truncated"] == "true"
        small = client.get("/sparql", query_string={"query": PEOPLE + " LIMIT 5"})
        assert small.headers["X-SPARQL-Truncated"] == "false" and len(json_rows(small.data)) == 5
        for fmt in ("csv", "tsv", "xml"):
            assert client.get("/sparql", query_string={"query": PEOPLE, "format": fmt}).status_code == 200
    finally:
        close_workers(app)


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_slow_query_is_stopped_at_the_time_limit(store_dir, reader):
    limit = 2
    app = make_app(store_dir, SPARQL_TIMEOUT=limit, SPARQL_WORKERS=1)
    try:
        client = app.test_client()
        assert client.get("/sparql", query_string={"query": ASK_CHAIR}).status_code == 200  # warm
        started = time.monotonic()
        response = client.get("/sparql", query_string={"query": SLOW})
        elapsed = time.monotonic() - started
        assert response.status_code == 503 and response.mimetype == "text/plain"
        assert "time limit" in response.get_data(as_text=True)
        assert limit <= elapsed < limit + 2
        # the killed worker was replaced: the next query is answered
        after = client.get("/sparql", query_string={"query": PEOPLE})
        assert after.status_code == 200 and json_rows(after.data) == people_rows(reader)
        assert after.headers["X-SPARQL-Timeout"] == str(limit)
    finally:
        close_workers(app)


def test_in_memory_store_runs_in_thread_with_row_limit_only(wstb_processed):
    with open_store() as store:
        load_vocabulary(store, BASE)
        store.replace_graph(str(wstb_processed.built.graph_iri), wstb_processed.built.graph)
        app = create_app({"STORE": store, "BASE": BASE, "TESTING": True, "SPARQL_MAX_ROWS": 3})
        response = app.test_client().get("/sparql", query_string={"query": PEOPLE})
        assert response.status_code == 200 and len(json_rows(response.data)) == 3
        assert response.headers["X-SPARQL-Timeout"] == "none" and response.headers["X-SPARQL-Truncated"] == "true"


def test_no_store_yet(tmp_path):
    app = create_app({"STORE_PATH": str(tmp_path / "nothing"), "BASE": BASE, "TESTING": True})
    response = app.test_client().get("/sparql", query_string={"query": ASK_CHAIR})
    assert response.status_code == 503 and response.mimetype == "text/plain"


# --- real clients against a live server --------------------------------------------------------

@pytest.fixture(scope="module")
def live_url(store_dir):
    with serving(make_app(store_dir)) as url:
        yield url


def test_sparqlwrapper(live_url, reader):
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
    endpoint = SPARQLWrapper(f"{live_url}/sparql")
    endpoint.setQuery(PEOPLE)
    endpoint.setReturnFormat(JSON)
    bindings = endpoint.query().convert()["results"]["bindings"]
    assert [(b["person"]["value"], b["name"]["value"]) for b in bindings] == people_rows(reader)
    endpoint.setMethod(POST)
    endpoint.setQuery(ASK_CHAIR)
    assert endpoint.query().convert()["boolean"] is True
    endpoint.setQuery(CONSTRUCT_PEOPLE)
    endpoint.setReturnFormat(TURTLE)
    turtle = endpoint.query().convert()
    assert isomorphic(rdflib.Graph().parse(data=turtle, format="turtle"), reader.construct(CONSTRUCT_PEOPLE))


def test_rdflib_sparqlstore(live_url, reader):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    store = SPARQLStore(f"{live_url}/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store)
    rows = [(str(r.person), str(r.name)) for r in graph.query(PEOPLE)]
    assert rows == people_rows(reader)
    assert graph.query(ASK_CHAIR).askAnswer is True
    xml_store = rdflib.Graph(store=SPARQLStore(f"{live_url}/sparql", returnFormat="xml", method="POST_FORM"))
    assert [(str(r.person), str(r.name)) for r in xml_store.query(PEOPLE)] == rows
