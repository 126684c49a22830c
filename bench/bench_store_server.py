"""The SPARQL server backend against the embedded store: load N copies of the WSTB minutes, time named queries.

    .venv/bin/python bench/bench_store_server.py [--documents N] [--repeat R]

Each copy is the WSTB graph with the meeting date in its IRIs changed (a distinct meeting in its own
named graph), stored with ``replace_graph`` into an embedded Oxigraph store on disk and into a real
``oxigraph serve --union-default-graph`` on a free local port.  Prints load time per document and the
median latency of some named queries on both; writes JSON to bench/results/store-server.json."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from rdflib import URIRef  # noqa: E402

from graph.namespaces import DEFAULT_BASE  # noqa: E402
from graph.pipeline import process_file  # noqa: E402
from graph.queries import load_query  # noqa: E402
from graph.store import GraphStore, load_vocabulary, open_store  # noqa: E402
from oxigraph_server import oxigraph_server  # noqa: E402

WSTB = REPO / "examples" / "minutes" / "wstb-2017-06-29.txt"
DATE = "2017-06-29"
#: queries whose cost stays linear in copies of one meeting (action, person and topic IRIs repeat in every
#: copy, so queries joining them over the union, e.g. open-actions or topic-statements, blow up here)
QUERIES = ["meetings", "site-counts", "document-graphs", "meeting-statements", "meeting-participants"]


def copies(documents: int) -> list[tuple[str, list[tuple]]]:
    """(graph IRI, triples) for N distinct meetings made from the WSTB graph."""
    built = process_file(WSTB, DEFAULT_BASE).built
    start = dt.date(2017, 6, 29)
    result = []
    for i in range(documents):
        day = (start + dt.timedelta(days=7 * i)).isoformat()

        def moved(term):
            return URIRef(str(term).replace(DATE, day)) if isinstance(term, URIRef) and DATE in term else term
        result.append((str(built.graph_iri).replace(DATE, day), [tuple(moved(t) for t in triple) for triple in built.graph]))
    return result


def run(store: GraphStore, documents: list[tuple[str, list[tuple]]], repeat: int) -> dict:
    load_vocabulary(store, DEFAULT_BASE)
    times = []
    for graph_iri, triples in documents:
        started = time.perf_counter()
        store.replace_graph(graph_iri, triples)
        times.append(time.perf_counter() - started)
    meeting = URIRef(f"{DEFAULT_BASE}meeting/wstb/{DATE}")
    latencies = {}
    for name in QUERIES:
        bindings = {"meeting": meeting} if name.startswith("meeting-") else None
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            store.select(load_query(name), bindings)
            samples.append(time.perf_counter() - started)
        latencies[name] = statistics.median(samples) * 1000
    return {"load_total_s": sum(times), "load_per_document_ms": statistics.median(times) * 1000,
            "quads": store.count_quads(), "query_median_ms": latencies}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    documents = copies(args.documents)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(Path(tmp) / "embedded") as store:
            results["embedded"] = run(store, documents, args.repeat)
        with oxigraph_server(Path(tmp) / "server") as url, open_store(url) as store:
            results["server"] = run(store, documents, args.repeat)
    print(f"{args.documents} documents, {results['server']['quads']} quads")
    print(f"{'':28}{'embedded':>12}{'server':>12}")
    for key in ("load_total_s", "load_per_document_ms"):
        print(f"{key:28}{results['embedded'][key]:12.3f}{results['server'][key]:12.3f}")
    for name in QUERIES:
        print(f"{name + ' (ms)':28}{results['embedded']['query_median_ms'][name]:12.2f}"
              f"{results['server']['query_median_ms'][name]:12.2f}")
    out = REPO / "bench" / "results" / "store-server.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"documents": args.documents, **results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
