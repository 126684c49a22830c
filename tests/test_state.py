"""web/state.py: the running site follows what the loader commits, without a restart.

A real on-disk store written by real `load.py` processes while the app holds its read-only snapshot."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import URIRef
from rdflib.compare import isomorphic

from web import create_app
from web.state import directory_stamp

REPO = Path(__file__).resolve().parents[1]
LATER = "/meeting/wstb/2017-10-12"
COUNT_MEETINGS = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/boardgraph/ontology#Meeting> }"


def load(store_dir: Path, *files: Path) -> None:
    result = subprocess.run([sys.executable, str(REPO / "load.py"), "--store", str(store_dir), *map(str, files)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr


def later_minutes(folder: Path, wstb_path: Path) -> Path:
    path = folder / "wstb-2017-10-12.txt"
    path.write_text(wstb_path.read_text(encoding="utf-8").replace("29 th June 2017", "12 th October 2017"),
                    encoding="utf-8")
    return path


def meetings_via_sparql(client) -> int:
    response = client.get("/sparql", query_string={"query": COUNT_MEETINGS},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.get_json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture()
def store_dir(tmp_path, wstb_path) -> Path:
    store_dir = tmp_path / "store"
    load(store_dir, wstb_path)
    return store_dir


def test_a_commit_changes_the_directory_stamp(tmp_path, store_dir, wstb_path):
    before = directory_stamp(store_dir)
    assert before and before == directory_stamp(store_dir)
    load(store_dir, later_minutes(tmp_path, wstb_path))
    assert directory_stamp(store_dir) != before
    assert directory_stamp(tmp_path / "nothing-here") == ()


def test_the_site_and_its_sparql_workers_see_a_later_load_without_a_restart(tmp_path, store_dir, wstb_path):
    app = create_app({"STORE_PATH": str(store_dir), "STORE_FOLLOW_SECONDS": 0, "TESTING": True})
    client = app.test_client()
    assert client.get("/meeting/wstb/2017-06-29").status_code == 200
    assert client.get(LATER).status_code == 404
    assert meetings_via_sparql(client) == 1
    load(store_dir, later_minutes(tmp_path, wstb_path))  # another process writes while the site is open
    assert client.get(LATER).status_code == 200
    assert meetings_via_sparql(client) == 2
    home = client.get("/index.json").get_json()
    assert {m["date"] for m in home["meetings"]} >= {"2017-06-29", "2017-10-12"}


def test_what_the_site_keeps_between_requests_follows_a_later_load(tmp_path, store_dir, wstb_path):
    """The dataset description, the service description and the dumps are kept between requests (they
    are costly at thousands of meetings), but only for the snapshot they were made from."""
    client = create_app({"STORE_PATH": str(store_dir), "STORE_FOLLOW_SECONDS": 0, "TESTING": True}).test_client()
    graph_of_later = "http://localhost:5000/id/graph/meeting/wstb/2017-10-12"

    def described() -> tuple[rdflib.Graph, rdflib.Graph, bytes]:
        void, service = (rdflib.Graph().parse(data=client.get(path, headers={"Accept": "application/n-triples"})
                                              .get_data(as_text=True), format="nt")
                         for path in ("/.well-known/void", "/sparql"))
        return void, service, client.get("/dumps/boardgraph.nq").get_data()

    void, service, dump = described()
    again = described()
    assert isomorphic(again[0], void) and isomorphic(again[1], service) and again[2] == dump  # kept
    assert URIRef(graph_of_later) not in set(service.objects()) and graph_of_later.encode() not in dump
    load(store_dir, later_minutes(tmp_path, wstb_path))
    void_after, service_after, dump_after = described()
    assert not isomorphic(void_after, void)
    assert URIRef(graph_of_later) in set(service_after.objects()) and graph_of_later.encode() in dump_after


def test_a_site_started_before_anything_was_loaded_finds_the_store_later(tmp_path, wstb_path):
    store_dir = tmp_path / "store"
    client = create_app({"STORE_PATH": str(store_dir), "STORE_FOLLOW_SECONDS": 0, "TESTING": True}).test_client()
    assert client.get("/meeting/wstb/2017-06-29").status_code == 404
    load(store_dir, wstb_path)
    assert client.get("/meeting/wstb/2017-06-29").status_code == 200


def test_checks_are_spaced_by_the_follow_interval(tmp_path, store_dir, wstb_path):
    client = create_app({"STORE_PATH": str(store_dir), "STORE_FOLLOW_SECONDS": 3600, "TESTING": True}).test_client()
    assert client.get("/meeting/wstb/2017-06-29").status_code == 200
    load(store_dir, later_minutes(tmp_path, wstb_path))
    assert client.get(LATER).status_code == 404  # still the snapshot taken an hour's interval ago
