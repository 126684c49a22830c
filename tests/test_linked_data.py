"""Linked data over the bundled WSTB minutes in an on-disk store: /id -> 303 -> /doc, dumps, VoID.

Real store and real HTTP (a live server for the 303 round trip); nothing is mocked."""
from __future__ import annotations

import gzip
import json
import urllib.request
from pathlib import Path

import pytest
import rdflib
from flask import url_for
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS

from graph.namespaces import DCAT, VOID
from graph.store import load_vocabulary, open_store
from graph.writer import write_documents
from web import create_app
from live_server import serving
from web.linked_data import INVERSE_LIMIT, describe, doc_href
from web.sparql import close_workers

BASE = "http://localhost:5000/id/"
PERSON = "person/charlie-boundy"
PERSON_IRI = rdflib.URIRef(BASE + PERSON)
MEETING_IRI = rdflib.URIRef(BASE + "meeting/wstb/2017-06-29")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, wstb_processed) -> Path:
    path = tmp_path_factory.mktemp("linked") / "store"
    with open_store(path) as writer:
        load_vocabulary(writer, BASE)
        writer.replace_graph(str(wstb_processed.built.graph_iri), wstb_processed.built.graph)
    return path


@pytest.fixture(scope="module")
def reader(store_dir):
    with open_store(store_dir, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def app(store_dir):
    app = create_app({"STORE_PATH": str(store_dir), "BASE": BASE, "TESTING": True})
    yield app
    close_workers(app)


@pytest.fixture()
def client(app):
    return app.test_client()


def expected_description(reader, iri: rdflib.URIRef) -> set[tuple]:
    """What /doc must hold about ``iri``, computed straight from the store."""
    triples = {(iri, r["p"], r["o"]) for r in reader.select("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", {"s": iri})}
    triples |= {(r["x"], r["p"], iri) for r in reader.select("SELECT DISTINCT ?s ?x ?p WHERE { ?x ?p ?s }", {"s": iri})}
    return triples


# --- /id -> 303 -----------------------------------------------------------------------------

@pytest.mark.parametrize("accept, suffix", [
    (None, ""), ("*/*", ""), ("text/html", ""), (BROWSER, ""),
    ("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"), ("application/json", ".jsonld"),
    ("application/n-triples", ".nt"), ("application/rdf+xml", ".rdf"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", ".jsonld"),
    ("text/html;q=0.1, application/rdf+xml;q=0.3, text/turtle;q=0.2", ".rdf"),
])
def test_id_redirects_by_accept(client, accept, suffix):
    headers = {"Accept": accept} if accept else {}
    response = client.get(f"/id/{PERSON}", headers=headers)
    assert response.status_code == 303
    assert response.headers["Location"] == f"http://localhost/doc/{PERSON}{suffix}"
    assert "Accept" in response.vary


@pytest.mark.parametrize("fmt, suffix", [("ttl", ".ttl"), ("turtle", ".ttl"), ("jsonld", ".jsonld"),
                                         ("nt", ".nt"), ("rdf", ".rdf"), ("html", "")])
def test_format_parameter_overrides_accept(client, fmt, suffix):
    response = client.get(f"/id/{PERSON}?format={fmt}", headers={"Accept": "text/html"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/doc/{PERSON}{suffix}")


def test_bad_format_and_nothing_acceptable(client):
    bad = client.get(f"/id/{PERSON}?format=pdf", headers={"Accept": "application/json"})
    assert bad.status_code == 400 and json.loads(bad.data)["error"]["status"] == 400
    refused = client.get(f"/id/{PERSON}", headers={"Accept": "image/png"})
    assert refused.status_code == 406 and refused.mimetype == "text/plain"


def test_id_resolves_to_the_configured_base_on_any_host(client):
    response = client.get(f"/id/{PERSON}", base_url="http://example.org:8080", headers={"Accept": "text/turtle"})
    assert response.headers["Location"] == f"http://example.org:8080/doc/{PERSON}.ttl"
    doc = client.get(f"/doc/{PERSON}.ttl", base_url="http://example.org:8080")
    graph = rdflib.Graph().parse(data=doc.data, format="turtle")
    assert (rdflib.URIRef(f"http://example.org:8080/doc/{PERSON}.ttl"), FOAF.primaryTopic, PERSON_IRI) in graph
    assert (PERSON_IRI, FOAF.name, rdflib.Literal("Charlie Boundy")) in graph


# --- /doc ------------------------------------------------------------------------------------

@pytest.mark.parametrize("extension, media_type", [
    ("ttl", "text/turtle"), ("nt", "application/n-triples"), ("jsonld", "application/ld+json"),
    ("rdf", "application/rdf+xml")])
def test_doc_formats_hold_the_description(client, reader, extension, media_type):
    response = client.get(f"/doc/{PERSON}.{extension}")
    assert response.status_code == 200 and response.mimetype == media_type
    graph = rdflib.Graph().parse(data=response.data, format=RDFLIB_FORMATS[extension])
    doc = rdflib.URIRef(f"http://localhost/doc/{PERSON}.{extension}")
    assert (doc, FOAF.primaryTopic, PERSON_IRI) in graph
    expected = expected_description(reader, PERSON_IRI)
    assert expected <= set(graph)
    assert (MEETING_IRI, DCTERMS.title, rdflib.Literal("Welfare Sector Transparency Board (WSTB)")) in graph
    # nothing else: the triples, the inverse links, neighbours' labels and the primaryTopic line
    others = set(graph) - expected - {(doc, FOAF.primaryTopic, PERSON_IRI)}
    assert all(p in (FOAF.name, rdflib.SKOS.prefLabel, DCTERMS.title, rdflib.RDFS.label) for _, p, _ in others)


@pytest.mark.parametrize("iri", [PERSON_IRI, MEETING_IRI])
def test_every_inverse_link_of_a_small_resource_in_order(reader, iri):
    """At most INVERSE_LIMIT links: all of them, ordered by predicate then subject (read without ORDER BY)."""
    _, inverse, more = describe(reader, iri)
    expected = [(r["x"], r["p"]) for r in reader.select(
        "SELECT DISTINCT ?s ?x ?p WHERE { ?x ?p ?s } ORDER BY ?p ?x", {"s": iri})]
    assert inverse == expected and len(expected) > 1 and not more


def test_a_popular_resource_keeps_inverse_limit_links_in_order():
    """More than INVERSE_LIMIT links: that many of them, still in order, and the page says there are more."""
    hub = rdflib.URIRef(BASE + "person/hub")
    links = [(rdflib.URIRef(f"{BASE}statement/{n}"), rdflib.URIRef(f"{BASE}p{n % 3}"), hub)
             for n in range(INVERSE_LIMIT + 5)]
    with open_store(None) as store:
        store.replace_graph(BASE + "graph/links", links + [(hub, FOAF.name, rdflib.Literal("Hub"))])
        triples, inverse, more = describe(store, hub)
    assert more and len(inverse) == INVERSE_LIMIT and len(set(inverse)) == INVERSE_LIMIT
    assert inverse == sorted(inverse, key=lambda link: (str(link[1]), str(link[0])))
    assert {(s, p, hub) for s, p in inverse} <= set(links) and (hub, FOAF.name, rdflib.Literal("Hub")) in triples


@pytest.mark.parametrize("path", ["person/a", "x y", "ä/ö", "a%20b", "a?b#c", "q=1&r=2", "[x]", "a/b/"])
def test_doc_links_are_what_url_for_builds(app, path):
    with app.test_request_context("/", base_url="http://example.org/sub"):
        assert doc_href(BASE + path) == url_for("linked_data.doc", path=path)


def test_doc_formats_agree(client):
    graphs = []
    for extension, fmt in RDFLIB_FORMATS.items():
        graph = rdflib.Graph().parse(data=client.get(f"/doc/{PERSON}.{extension}").data, format=fmt)
        graph.remove((None, FOAF.primaryTopic, None))
        graphs.append(graph)
    assert all(isomorphic(graphs[0], g) for g in graphs[1:])


def test_doc_of_a_resource_seen_only_as_object(client, reader):
    topic = reader.select("SELECT ?t WHERE { ?s <http://purl.org/dc/terms/subject> ?t } LIMIT 1").rows[0]["t"]
    path = str(topic)[len(BASE):]
    response = client.get(f"/doc/{path}.nt")
    assert response.status_code == 200
    assert any(o == topic for _, _, o in rdflib.Graph().parse(data=response.data, format="nt"))


def test_doc_html(client, reader):
    response = client.get(f"/doc/{PERSON}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<h1>Charlie Boundy</h1>" in html and f"<code>{PERSON_IRI}</code>" in html
    assert 'href="http://xmlns.com/foaf/0.1/Person"' in html  # outside the base: links to itself
    assert 'href="/doc/meeting/wstb/2017-06-29"' in html  # under the base: its /doc page
    assert "What links here" in html and "bg:chair" in html
    for extension in RDFLIB_FORMATS:
        assert f'href="/doc/{PERSON}.{extension}"' in html
    assert client.get(f"/doc/{PERSON}.html").get_data(as_text=True) == html


@pytest.mark.parametrize("url, accept, media_type", [
    ("/id/person/nobody", "text/turtle", "text/turtle"),
    ("/id/person/nobody", "application/json", "application/json"),
    ("/id/person/nobody", BROWSER, "text/html"),
    ("/doc/person/nobody.ttl", None, "text/turtle"),
    ("/doc/person/nobody.nt", None, "application/n-triples"),
    ("/doc/person/nobody.jsonld", None, "application/ld+json"),
    ("/doc/person/nobody.rdf", None, "application/rdf+xml"),
    ("/doc/person/nobody", None, "text/html"),
    ("/id/person/no%20body", "application/json", "application/json"),
])
def test_unknown_resources_are_404_in_the_format_asked(client, url, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 404 and response.mimetype == media_type
    body = response.get_data(as_text=True)
    if "json" in media_type:
        assert json.loads(body)["error"]["status"] == 404 and "nothing is known" in json.loads(body)["error"]["message"]
    elif media_type != "text/html":  # the RDF error bodies are valid, empty documents
        fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml"}[media_type]
        assert len(rdflib.Graph().parse(data=body, format=fmt)) == 0 and "404" in body
    else:
        assert "<html" in body and "404" in body


def test_cors_on_linked_data(client):
    response = client.get(f"/id/{PERSON}", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(f"/doc/{PERSON}.ttl", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200 and "GET" in preflight.headers["Access-Control-Allow-Methods"]


# --- dumps -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, fmt, media_type", [
    ("boardgraph.trig", "trig", "application/trig"),
    ("boardgraph.nq", "nquads", "application/n-quads"),
    ("boardgraph.jsonld", "json-ld", "application/ld+json"),
    ("boardgraph.trig.gz", "trig", "application/gzip"),
    ("boardgraph.nq.gz", "nquads", "application/gzip"),
    ("boardgraph.jsonld.gz", "json-ld", "application/gzip"),
])
def test_dumps_match_the_store_graph_by_graph(client, reader, name, fmt, media_type):
    response = client.get(f"/dumps/{name}")
    assert response.status_code == 200 and response.mimetype == media_type
    data = gzip.decompress(response.data) if name.endswith(".gz") else response.data
    response.close()
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=fmt)
    names = sorted(str(g.identifier) for g in dataset.graphs() if len(g))
    assert names == reader.graph_iris()
    for graph_iri in names:
        assert isomorphic(dataset.graph(rdflib.URIRef(graph_iri)), reader.graph(graph_iri)), graph_iri


def test_unknown_dump_is_404(client):
    response = client.get("/dumps/passwd", headers={"Accept": "application/json"})
    assert response.status_code == 404 and json.loads(response.data)["error"]["status"] == 404
    assert client.get("/dumps/..%2F..%2Fetc%2Fpasswd").status_code == 404


# --- VoID --------------------------------------------------------------------------------------

def void_graph(client, accept=None, fmt="turtle") -> rdflib.Graph:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/.well-known/void", headers=headers)
    assert response.status_code == 200
    return rdflib.Graph().parse(data=response.data, format=fmt)


def test_void_counts_match_the_store(client, reader):
    graph = void_graph(client)
    dataset = graph.value(predicate=RDF.type, object=VOID.Dataset)
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    triples = reader.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }").rows[0]["n"]
    subjects = reader.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
    assert int(graph.value(dataset, VOID.triples)) == int(triples) > 1000
    assert int(graph.value(dataset, VOID.entities)) == int(subjects)
    partitions = {graph.value(p, VOID["class"]): int(graph.value(p, VOID.entities))
                  for p in graph.objects(dataset, VOID.classPartition)}
    expected = {r["c"]: int(r["n"]) for r in reader.select(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
    assert partitions == expected
    assert partitions[rdflib.URIRef("https://w3id.org/boardgraph/ontology#Meeting")] == 1
    assert graph.value(dataset, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef("http://localhost/sparql")


def test_void_of_a_store_keeping_aggregates_gives_only_exact_counts(tmp_path, wstb_processed):
    """A store the writer filled keeps load-time counts: VoID gives the class partitions counted
    exactly as the minutes were loaded, and says why the whole-store totals are left out."""
    path = tmp_path / "store"
    with open_store(path) as writer:
        load_vocabulary(writer, BASE)
        write_documents(writer, [(str(wstb_processed.built.graph_iri), wstb_processed.built.graph)])
    graph = void_graph(create_app({"STORE_PATH": str(path), "BASE": BASE}).test_client())
    dataset = graph.value(predicate=RDF.type, object=VOID.Dataset)
    partitions = {graph.value(p, VOID["class"]): int(graph.value(p, VOID.entities))
                  for p in graph.objects(dataset, VOID.classPartition)}
    with open_store(path, read_only=True) as reader:
        expected = {r["c"]: int(r["n"]) for r in reader.select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?c { bg:Meeting foaf:Person bg:ActionPoint } ?s a ?c } "
            "GROUP BY ?c")}
    assert partitions == expected and len(expected) == 3
    assert all(graph.value(dataset, p) is None for p in (VOID.triples, VOID.entities, VOID.classes))
    assert "not given" in str(graph.value(dataset, RDFS.comment))


def test_void_lists_every_dump_as_a_distribution(client):
    graph = void_graph(client)
    dataset = graph.value(predicate=RDF.type, object=VOID.Dataset)
    dumps = set(graph.objects(dataset, VOID.dataDump))
    names = ("boardgraph.trig", "boardgraph.nq", "boardgraph.jsonld")
    assert dumps == {rdflib.URIRef(f"http://localhost/dumps/{n}{gz}") for n in names for gz in ("", ".gz")}
    for url in dumps:
        assert (dataset, DCAT.distribution, url) in graph and (url, RDF.type, DCAT.Distribution) in graph
        assert graph.value(url, DCAT.downloadURL) == url and graph.value(url, DCAT.mediaType) is not None
        assert client.get(str(url)[len("http://localhost"):]).status_code == 200


@pytest.mark.parametrize("accept, fmt", [("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
                                         ("application/rdf+xml", "xml"), ("*/*", "turtle")])
def test_void_negotiation(client, accept, fmt):
    assert isomorphic(void_graph(client, accept, fmt), void_graph(client))


def test_license_is_configurable(store_dir):
    app = create_app({"STORE_PATH": str(store_dir), "BASE": BASE, "LICENSE": "https://example.org/licence"})
    graph = void_graph(app.test_client())
    assert rdflib.URIRef("https://example.org/licence") in set(graph.objects(None, DCTERMS.license))


# --- a live server: follow the 303 like any linked-data client -------------------------------

@pytest.fixture(scope="module")
def live_url(store_dir):
    with serving(create_app({"STORE_PATH": str(store_dir), "BASE": BASE})) as url:
        yield url


def test_live_303_to_turtle(live_url, reader):
    request = urllib.request.Request(f"{live_url}/id/{PERSON}", headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request) as response:
        assert response.url == f"{live_url}/doc/{PERSON}.ttl"
        assert response.headers.get_content_type() == "text/turtle"
        graph = rdflib.Graph().parse(data=response.read(), format="turtle")
    assert expected_description(reader, PERSON_IRI) <= set(graph)
    # rdflib negotiates and follows the redirect itself
    fetched = rdflib.Graph().parse(f"{live_url}/id/{PERSON}")
    assert (PERSON_IRI, FOAF.name, rdflib.Literal("Charlie Boundy")) in fetched


@pytest.mark.parametrize("url", [
    "/dumps/../../etc/passwd", "/dumps/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/dumps/..%2Fload.py",
    "/static/../load.py", "/static/%2e%2e/load.py", "/static/..%2f..%2fload.py",
    "/doc/../../etc/passwd", "/doc/%2e%2e/%2e%2e/load.py", "/id/..%2f..%2fload.py",
])
def test_no_path_reads_files_outside_the_data(client, url):
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code in (404, 400), (url, response.status_code)
    assert "root:" not in body and "import click" not in body and "boardgraph's loader CLI" not in body
