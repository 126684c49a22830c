"""The SPARQL server backend end to end, against a real `oxigraph serve` (the store contract itself
runs on it in test_store.py): the CLI loads into it, the site serves from it, replaces are atomic,
a server without a union default graph is refused with a clear error, and bindings go in safely."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import BNode, Literal, URIRef

from graph.store import QueryError, StoreError, load_vocabulary, open_store
from graph.store_sparql import SparqlServerStore, endpoints_for
from load import cli
from oxigraph_server import free_port, oxigraph_server
from web import create_app
from web.sparql import close_workers
from web.sparql_pool import QueryJob, QueryTimeout, ServerRunner

BASE = "http://localhost:5000/id/"
MEETING_GRAPH = BASE + "graph/meeting/wstb/2017-06-29"
PAGES = ["/", "/meeting/wstb/2017-06-29", "/person/nick-halliday", "/topic/gdpr", "/actions",
         "/meeting/wstb/2017-06-29.json", "/doc/meeting/wstb/2017-06-29.ttl"]


@pytest.fixture()
def loaded(server_store, wstb_processed):
    """The session's server holding the vocabulary and the WSTB minutes."""
    load_vocabulary(server_store, BASE)
    server_store.replace_graph(MEETING_GRAPH, wstb_processed.built.graph)
    return server_store


# --- choosing the backend --------------------------------------------------------------------

def test_an_http_url_opens_the_server_backend(oxigraph_url):
    with open_store(oxigraph_url, read_only=True) as store:
        assert isinstance(store, SparqlServerStore)
        assert store.query_url == oxigraph_url + "/query"
        with pytest.raises(StoreError, match="read-only"):
            store.remove_graph("http://example.org/g")


def test_endpoints_default_to_oxigraph_serve_and_can_be_overridden():
    assert endpoints_for("http://h:7878/") == ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    graphdb = {"BOARDGRAPH_QUERY_URL": "http://h:7200/repositories/r",
               "BOARDGRAPH_UPDATE_URL": "http://h:7200/repositories/r/statements", "BOARDGRAPH_GSP_URL": "none"}
    assert endpoints_for("http://h:7200/repositories/r", graphdb) == (
        "http://h:7200/repositories/r", "http://h:7200/repositories/r/statements", None)


# --- the pipeline and the CLI ----------------------------------------------------------------

def test_cli_loads_and_queries_the_server(server_store, oxigraph_url, wstb_path, monkeypatch):
    runner = CliRunner()
    first = runner.invoke(cli, ["--store", oxigraph_url, str(wstb_path)])
    assert first.exit_code == 0, first.output
    assert "loaded meeting/wstb/2017-06-29" in first.output
    assert MEETING_GRAPH in server_store.graph_iris()
    quads = server_store.count_quads()
    again = runner.invoke(cli, ["--store", oxigraph_url, str(wstb_path)])
    assert again.exit_code == 0 and server_store.count_quads() == quads  # re-loading changes nothing

    monkeypatch.setenv("BOARDGRAPH_STORE", oxigraph_url)  # the setting, instead of --store
    answer = runner.invoke(cli, ["query", "meetings", "--csv"])
    assert answer.exit_code == 0, answer.output
    assert "2017-06-29" in answer.output
    exported = runner.invoke(cli, ["export", "--format", "nquads"])
    assert exported.exit_code == 0 and exported.output.count("\n") == quads


def test_cli_says_when_the_server_is_not_there(tmp_path, wstb_path):
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(cli, ["--store", url, str(wstb_path)])
    assert result.exit_code == 2
    assert f"cannot reach the SPARQL server at {url}" in result.output
    assert len(result.output.strip().splitlines()) == 1  # one line: nothing was loaded


# --- the site --------------------------------------------------------------------------------

def test_the_site_over_the_server_renders_what_the_embedded_store_does(loaded, oxigraph_url, wstb_processed):
    embedded = open_store()
    load_vocabulary(embedded, BASE)
    embedded.replace_graph(MEETING_GRAPH, wstb_processed.built.graph)
    over_server = create_app({"STORE_PATH": oxigraph_url, "TESTING": True}).test_client()
    over_embedded = create_app({"STORE": embedded, "TESTING": True}).test_client()
    for path in PAGES:
        served, expected = over_server.get(path), over_embedded.get(path)
        assert served.status_code == expected.status_code == 200, path
        assert served.data == expected.data, path
    assert b"Nick Halliday" in over_server.get("/meeting/wstb/2017-06-29").data


def test_the_sparql_endpoint_over_the_server(loaded, oxigraph_url):
    app = create_app({"STORE_PATH": oxigraph_url, "TESTING": True, "SPARQL_MAX_ROWS": 5})
    client = app.test_client()
    try:
        answer = client.get("/sparql", query_string={"query": "SELECT ?m WHERE { ?m a bg:Meeting }"},
                            headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200
        assert json.loads(answer.data)["results"]["bindings"] == [
            {"m": {"type": "uri", "value": BASE + "meeting/wstb/2017-06-29"}}]
        assert answer.headers["X-SPARQL-Timeout"] == "10"

        many = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "csv"})
        assert many.status_code == 200 and many.headers["X-SPARQL-Truncated"] == "true"
        assert len(many.data.decode().strip().splitlines()) == 1 + 5

        graph = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a bg:Meeting }", "format": "nt"})
        assert graph.status_code == 200 and graph.data.count(b"\n") == 1

        assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "xml"}).status_code == 200
        refused = client.get("/sparql", query_string={"query": "SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }"})
        assert refused.status_code == 400 and b"SERVICE" in refused.data
        malformed = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p"})
        assert malformed.status_code == 400
    finally:
        close_workers(app)


def test_a_query_past_the_time_limit_is_cut_off(loaded):
    runner = ServerRunner(loaded)
    slow = QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }", "json", "turtle", 10)
    with pytest.raises(QueryTimeout, match="time limit"):
        runner.run(slow, 0.3)
    quick = QueryJob("ASK { ?s ?p ?o }", "json", "turtle", 10)
    assert b"true" in runner.run(quick, 5.0).data  # the store is still usable


# --- atomic replace --------------------------------------------------------------------------

def test_a_failed_load_leaves_the_old_graph_on_the_server(loaded, wstb_processed):
    before = loaded.count_quads(MEETING_GRAPH)
    graphs = loaded.graph_iris()
    bad = list(wstb_processed.built.graph)[:50] + [(URIRef("http://example.org/bad iri"), URIRef("http://p"), Literal(1))]
    with pytest.raises(ValueError):
        loaded.replace_graph(MEETING_GRAPH, bad)
    with pytest.raises(QueryError, match="already exists"):  # the server rolls back a failing update
        loaded.update(f"DROP SILENT GRAPH <{MEETING_GRAPH}> ; CREATE GRAPH <{BASE}graph/topics>")
    assert loaded.count_quads(MEETING_GRAPH) == before and loaded.graph_iris() == graphs
    loaded.replace_graph(MEETING_GRAPH, [])
    assert MEETING_GRAPH not in loaded.graph_iris()


def test_graph_reads_without_the_graph_store_protocol(loaded, oxigraph_url):
    with SparqlServerStore(oxigraph_url, gsp_url="none") as store:
        assert store.gsp_url is None
        assert len(store.graph(MEETING_GRAPH)) == len(loaded.graph(MEETING_GRAPH)) > 100
        assert len(store.graph("http://example.org/none")) == 0


# --- a server that does not query the union --------------------------------------------------

def test_a_server_without_union_default_graph_is_refused_clearly(tmp_path, wstb_processed):
    with oxigraph_server(tmp_path / "data", union=False) as url, open_store(url) as store:
        with pytest.raises(StoreError) as info:
            load_vocabulary(store, BASE)
        message = str(info.value)
        assert "\n" not in message and "union" in message
        for setting in ("tdb2:unionDefaultGraph true", "GraphDB", "Virtuoso", "--union-default-graph"):
            assert setting in message
        with open_store(url, read_only=True) as reader, pytest.raises(StoreError, match="union"):
            reader.select("SELECT * WHERE { ?s ?p ?o }")


# --- errors ----------------------------------------------------------------------------------

def test_http_errors_are_one_line(oxigraph_url):
    with SparqlServerStore(oxigraph_url, query_url=oxigraph_url + "/nowhere") as store:
        with pytest.raises(StoreError, match="answered 404") as info:
            store.select("SELECT * WHERE { ?s ?p ?o }")
        assert "\n" not in str(info.value)
    with open_store(oxigraph_url) as store, pytest.raises(QueryError, match="answered 400"):
        store.select("SELECT ?s WHERE { ?s ?p")
    closed = open_store(oxigraph_url)
    closed.close()
    with pytest.raises(StoreError, match="closed"):
        closed.graph_iris()
