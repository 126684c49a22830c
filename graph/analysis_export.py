"""Write the analysis networks for other tools: GraphML and GEXF (Gephi) and CSV edge lists.

Node ids are IRIs; people's, organisations', topics' and boards' names are the node labels (the
``label`` attribute, which GEXF also uses as its node label). Every attribute is a scalar, as
GraphML and GEXF require."""
from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import networkx as nx

from graph.analysis import (board_person_network, organisation_network, people_network,
                            person_topic_network, topic_network)
from graph.store import GraphStore

__all__ = ["FORMATS", "EDGE_COLUMNS", "networks", "write_edge_csv", "write_network", "write_networks"]

FORMATS = ("graphml", "gexf", "csv")
EDGE_COLUMNS = ("source", "source_label", "target", "target_label", "weight")


def networks(store: GraphStore) -> dict[str, nx.Graph]:
    """Every network of the whole store, by the file name it is written under."""
    return {
        "people": people_network(store),
        "organisations": organisation_network(store),
        "topics": topic_network(store),
        "people-topics": person_topic_network(store),
        "boards-people": board_person_network(store),
    }


def write_edge_csv(graph: nx.Graph, path: Path) -> None:
    """One row per edge: source, source_label, target, target_label, weight and the edge's other
    attributes (sorted by name), edges in label order."""
    extra = sorted({key for _, _, data in graph.edges(data=True) for key in data} - {"weight"})
    label = lambda n: graph.nodes[n].get("label", n)  # noqa: E731
    edges = sorted((tuple(sorted((a, b), key=lambda n: (label(n), n))) + (data,)
                    for a, b, data in graph.edges(data=True)), key=lambda e: (label(e[0]), label(e[1]), e[0], e[1]))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([*EDGE_COLUMNS, *extra])
        for source, target, data in edges:
            writer.writerow([source, label(source), target, label(target), data["weight"],
                             *(data.get(key, "") for key in extra)])


def write_network(graph: nx.Graph, folder: Path, name: str) -> list[Path]:
    """Write GRAPH as FOLDER/NAME.graphml, NAME.gexf and NAME.csv; the paths written."""
    paths = [folder / f"{name}.{fmt}" for fmt in FORMATS]
    nx.write_graphml(graph, paths[0])
    nx.write_gexf(graph, paths[1])
    write_edge_csv(graph, paths[2])
    return paths


def write_networks(graphs: Mapping[str, nx.Graph], folder: Path) -> list[Path]:
    """Write each network in every format into FOLDER (created if need be); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    return [path for name, graph in graphs.items() for path in write_network(graph, folder, name)]
