"""graph/analysis_export.py: GraphML, GEXF and CSV edge lists of the networks, read back."""
from __future__ import annotations

import csv

import networkx as nx
import pytest

from graph.analysis_export import EDGE_COLUMNS, FORMATS, networks, write_networks
from graph.store import open_store
from test_analysis import ALPHA, ANN, BOB, CAT, GAMMA, X, small_world


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("networks") / "out"  # not there yet: created
    with open_store() as store:
        for graph_iri, triples in small_world().items():
            store.replace_graph(graph_iri, triples)
        graphs = networks(store)
    return folder, graphs, write_networks(graphs, folder)


def test_one_file_per_network_per_format(written):
    folder, graphs, paths = written
    assert set(graphs) == {"people", "organisations", "topics", "people-topics", "boards-people"}
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.{f}" for n in graphs for f in FORMATS)
    assert sorted(paths) == sorted(folder.iterdir())


@pytest.mark.parametrize("reader,suffix", [(nx.read_graphml, "graphml"), (nx.read_gexf, "gexf")])
def test_graphml_and_gexf_keep_labels_kinds_and_weights(written, reader, suffix):
    folder, graphs, _ = written
    people = reader(folder / f"people.{suffix}")
    assert people.nodes[str(ANN)]["label"] == "Ann Ash" and people.nodes[str(ANN)]["kind"] == "person"
    assert people.nodes[str(ANN)]["meetings"] == 2
    assert people.edges[str(ANN), str(BOB)]["weight"] == 2
    assert people.number_of_edges() == graphs["people"].number_of_edges()
    topics = reader(folder / f"topics.{suffix}")
    assert (topics.edges[str(ALPHA), str(GAMMA)]["statements"], topics.edges[str(ALPHA), str(GAMMA)]["meetings"]) == (1, 1)
    bipartite = reader(folder / f"people-topics.{suffix}")
    assert bipartite.edges[str(BOB), str(GAMMA)]["weight"] == 2 and bipartite.nodes[str(GAMMA)]["bipartite"] == 1
    boards = reader(folder / f"boards-people.{suffix}")
    assert boards.nodes[str(X)]["label"] == "XB" and boards.edges[str(X), str(CAT)]["weight"] == 1


def test_csv_edge_lists_name_both_ends(written):
    folder, graphs, _ = written
    with (folder / "people.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == EDGE_COLUMNS
    assert len(rows) == graphs["people"].number_of_edges()
    assert rows[0] == {"source": str(ANN), "source_label": "Ann Ash", "target": str(BOB),
                       "target_label": "Bob Birch", "weight": "2"}
    with (folder / "topics.csv").open(encoding="utf-8", newline="") as f:
        topics = list(csv.DictReader(f))
    assert tuple(topics[0]) == (*EDGE_COLUMNS, "meetings", "statements")
    assert {(r["source_label"], r["target_label"], r["weight"], r["statements"], r["meetings"]) for r in topics} == {
        ("alpha", "beta", "2", "1", "1"), ("alpha", "gamma", "2", "1", "1"),
        ("alpha", "delta", "1", "0", "1"), ("delta", "gamma", "1", "0", "1")}
