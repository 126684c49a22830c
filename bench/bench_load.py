"""Load benchmark: the pipeline per stage, and the design against the naive baseline, in one process.

    .venv/bin/python bench/bench_load.py [--documents N]

Documents are copies of the bundled WSTB minutes with the meeting date changed, so each is a
distinct meeting (the real parser runs on every one). The baseline is the naive pipeline: an rdflib
in-memory Dataset and pySHACL over the whole accumulated graph after each document. boardgraph
validates each document's graph alone and stores it in Oxigraph on disk. Prints a table and writes
JSON to bench/results/load.json. Ratios, not absolute times, are what carry across machines."""
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
sys.path.insert(0, str(REPO))

import pyshacl  # noqa: E402
from rdflib import Dataset, Graph  # noqa: E402

from graph.build import build_graph  # noqa: E402
from graph.parse import parse_minutes  # noqa: E402
from graph.read import read_document  # noqa: E402
from graph.resolve import load_registry, resolve  # noqa: E402
from graph.store import load_vocabulary, open_store  # noqa: E402
from graph.validate import context_graph, load_shapes, validate_document  # noqa: E402
from graph.namespaces import DEFAULT_BASE  # noqa: E402

WSTB = REPO / "examples" / "minutes" / "wstb-2017-06-29.txt"


def write_documents(folder: Path, count: int) -> list[Path]:
    """`count` copies of the WSTB minutes, each dated a week after the previous one."""
    text = WSTB.read_text(encoding="utf-8")
    paths = []
    for index in range(count):
        date = dt.date(2017, 6, 29) + dt.timedelta(weeks=index)
        path = folder / f"wstb-{date.isoformat()}.txt"
        path.write_text(text.replace("29 th June 2017", f"{date.day} {date:%B %Y}"), encoding="utf-8")
        paths.append(path)
    return paths


def stage_times(paths: list[Path]) -> dict[str, float]:
    """Median seconds per document of each stage, and the graphs built."""
    registry = load_registry(DEFAULT_BASE)
    context = context_graph(base=DEFAULT_BASE)
    times: dict[str, list[float]] = {s: [] for s in ("read", "parse", "resolve", "build", "validate")}
    for path in paths:
        t0 = time.perf_counter()
        source = read_document(path)
        t1 = time.perf_counter()
        meeting = parse_minutes(source)
        t2 = time.perf_counter()
        resolved = resolve(meeting, registry)
        t3 = time.perf_counter()
        built = build_graph(resolved, registry, DEFAULT_BASE)
        t4 = time.perf_counter()
        validate_document(built.graph, context)
        t5 = time.perf_counter()
        for stage, seconds in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            times[stage].append(seconds)
    return {stage: statistics.median(values) for stage, values in times.items()}


def graphs_for(paths: list[Path]) -> list[Graph]:
    registry = load_registry(DEFAULT_BASE)
    return [build_graph(resolve(parse_minutes(read_document(p)), registry), registry, DEFAULT_BASE).graph
            for p in paths]


def naive_baseline(graphs: list[Graph], context: Graph) -> float:
    """rdflib Dataset; pySHACL over the whole accumulated data (with the vocabulary merged in, as a
    naive loader would) after each document. Total seconds. (Handing the vocabulary to pySHACL as
    ont_graph instead is far slower still: over 5 minutes for one document, measured here.)"""
    shapes = load_shapes()
    dataset = Dataset()
    whole = Graph()
    for triple in context:
        whole.add(triple)
    start = time.perf_counter()
    for graph in graphs:
        named = dataset.graph(graph.identifier)
        for triple in graph:
            named.add(triple)
            whole.add(triple)
        pyshacl.validate(whole, shacl_graph=shapes, inference="none")
    return time.perf_counter() - start


def boardgraph_way(graphs: list[Graph], context: Graph, store_dir: Path) -> tuple[float, list[float]]:
    """Per-document validation and Oxigraph on disk. Total seconds and per-document validation times."""
    validation_times = []
    start = time.perf_counter()
    with open_store(store_dir) as store:
        load_vocabulary(store, DEFAULT_BASE)
        for graph in graphs:
            t0 = time.perf_counter()
            validate_document(graph, context)
            validation_times.append(time.perf_counter() - t0)
            store.replace_graph(str(graph.identifier), graph)
    return time.perf_counter() - start, validation_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=8,
                        help="documents to load (the naive baseline grows with the square of this)")
    args = parser.parse_args()
    context = context_graph(base=DEFAULT_BASE)
    with tempfile.TemporaryDirectory() as folder:
        paths = write_documents(Path(folder), args.documents)
        stages = stage_times(paths)
        graphs = graphs_for(paths)
        naive = naive_baseline(graphs, context)
        ours, validation = boardgraph_way(graphs, context, Path(folder) / "store")
    quads = sum(len(g) for g in graphs)
    results = {
        "documents": args.documents,
        "quads": quads,
        "median_stage_seconds": stages,
        "naive_total_seconds": naive,
        "boardgraph_total_seconds": ours,
        "speedup": naive / ours,
        "validation_first_seconds": validation[0],
        "validation_last_seconds": validation[-1],
        "validation_growth": validation[-1] / validation[0],
    }
    print(f"{args.documents} documents, {quads} quads")
    print(f"{'stage':<10}{'median ms/doc':>15}")
    for stage, seconds in stages.items():
        print(f"{stage:<10}{seconds * 1000:>15.1f}")
    print(f"naive (rdflib Dataset + whole-graph pySHACL each time): {naive:8.2f} s")
    print(f"boardgraph (per-document pySHACL + Oxigraph on disk):   {ours:8.2f} s")
    print(f"speed-up: {naive / ours:.1f}x; validation of the last document / the first: "
          f"{validation[-1] / validation[0]:.2f}x")
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
