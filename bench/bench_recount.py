"""Recount benchmark: the load-time aggregates counted afresh from a loaded store (graph/recount.py).

    .venv/bin/python bench/bench_recount.py [--documents N] [--store DIR] [--jobs J] [--baseline-up-to M]

Loads N synthetic minutes (bench/synth.py) into a fresh on-disk store with the real bulk loader, or takes
a copy of the store DIR given (e.g. bench_scale.py's store-10000), then recounts its aggregates three ways,
each in a process of its own on a fresh copy of the store:

* the baseline, "one transaction": the recount as it was until session 17 (every document read in one
  process, then one SPARQL update dropping the aggregates graph and inserting every counter), run only
  up to M stored documents (at 10,000 it took 861 s and 13.3 GB);
* "recount, one process": graph/recount.py's rebuild with jobs=1;
* "recount, workers": rebuild with J worker processes reading the documents.

Each run's wall seconds and peak RSS (its own, and with its workers' summed) are measured in its process, and
its aggregates graph is compared with the one the load kept (SHA-256 of its sorted N-Triples lines).
Prints a table and writes JSON to bench/results/recount.json; the ratios to the baseline carry across
machines."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import synth  # noqa: E402
from bench_scale import TreeMemory  # noqa: E402
from graph.aggregates import AGGREGATES_GRAPH, VERSION_TRIPLE, counted_afresh, stored_documents  # noqa: E402
from graph.bulk import load_files  # noqa: E402
from graph.namespaces import DEFAULT_BASE  # noqa: E402
from graph.recount import count_documents, rebuild  # noqa: E402
from graph.store import GraphStore, load_vocabulary, open_store  # noqa: E402

BASELINE = "one transaction"
VARIANTS = (BASELINE, "recount, one process", "recount, workers")


def aggregates_digest(store_dir: Path) -> tuple[str, int]:
    """SHA-256 of the aggregates graph's sorted N-Triples lines, and their number."""
    store = ox.Store.read_only(str(store_dir))
    lines = sorted(f"{q.subject} {q.predicate} {q.object} .\n"
                   for q in store.quads_for_pattern(None, None, None, ox.NamedNode(AGGREGATES_GRAPH)))
    return hashlib.sha256("".join(lines).encode()).hexdigest(), len(lines)


def one_transaction(store: GraphStore) -> None:
    """The baseline: every document read here, then the whole aggregates graph in one update."""
    counts, records = count_documents(store, sorted(stored_documents(store)))
    lines = [*counted_afresh(counts, records), VERSION_TRIPLE]
    store.update(f"DROP SILENT GRAPH <{AGGREGATES_GRAPH}> ;\n"
                 f"INSERT DATA {{ GRAPH <{AGGREGATES_GRAPH}> {{\n" + " .\n".join(lines) + " .\n} }")


def run_variant(variant: str, store_dir: Path, jobs: int) -> dict:
    """One recount (in this process, a child of the benchmark): seconds, this process's peak RSS (VmHWM:
    ru_maxrss would include the benchmark's own memory, which a forked child starts from) and the peak
    of this process and its workers summed (sampled)."""
    with open_store(store_dir) as store, TreeMemory() as tree:
        started = time.perf_counter()
        if variant == BASELINE:
            one_transaction(store)
        else:
            rebuild(store, jobs=1 if variant == "recount, one process" else jobs)
        seconds = time.perf_counter() - started
    status = Path("/proc/self/status").read_text()
    high_water_kb = int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])
    return {"seconds": seconds, "peak_rss_mb": high_water_kb / 1024, "tree_peak_rss_mb": tree.peak / 2**20}


def loaded_store(documents: int, work: Path) -> Path:
    """N synthetic minutes loaded with the real bulk loader (jobs 2) into WORK/store."""
    corpus, store_dir = work / "corpus", work / "store"
    synth.write_corpus(corpus, documents, seed=1)
    paths = sorted(str(p) for p in corpus.iterdir() if p.suffix in (".txt", ".md"))
    opened: list[GraphStore] = []

    def open_target() -> GraphStore:
        opened.append(open_store(store_dir))
        load_vocabulary(opened[-1], DEFAULT_BASE)
        return opened[-1]
    try:
        load_files(paths, open_target, DEFAULT_BASE, jobs=2, echo=lambda text, err: None)
    finally:
        for store in opened:
            store.close()
    return store_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000, help="synthetic minutes to load (without --store)")
    parser.add_argument("--store", type=Path, help="recount copies of this loaded store instead")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes of the last run")
    parser.add_argument("--baseline-up-to", type=int, default=2000, help="stored documents up to which the "
                        "baseline runs")
    parser.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)  # one run, in a child process
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.store, args.jobs)))
        return
    with tempfile.TemporaryDirectory(dir=args.store.parent if args.store else None) as folder:
        work = Path(folder)
        source = args.store or loaded_store(args.documents, work)
        with open_store(source, read_only=True) as store:
            documents = len(stored_documents(store))
        expected, triples = aggregates_digest(source)
        runs: dict[str, dict] = {}
        for variant in VARIANTS:
            if variant == BASELINE and documents > args.baseline_up_to:
                continue
            copy = work / "copy"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(source, copy)
            child = subprocess.run([sys.executable, __file__, "--variant", variant, "--store", str(copy),
                                    "--jobs", str(args.jobs)], capture_output=True, text=True, check=True)
            runs[variant] = json.loads(child.stdout.splitlines()[-1])
            runs[variant]["same_as_kept"] = aggregates_digest(copy)[0] == expected
            shutil.rmtree(copy)
    baseline = runs.get(BASELINE)
    for run in runs.values():
        if baseline:
            run["ratio_seconds"] = run["seconds"] / baseline["seconds"]
            run["ratio_peak_rss"] = run["peak_rss_mb"] / baseline["peak_rss_mb"]
    print(f"{documents} stored documents, {triples} aggregate triples (jobs {args.jobs})")
    print(f"{'run':<24}{'seconds':>9}{'peak MB':>9}{'+workers MB':>13}{'x baseline s':>14}{'x baseline MB':>15}  same")
    for name, run in runs.items():
        ratios = (f"{run['ratio_seconds']:>14.2f}{run['ratio_peak_rss']:>15.2f}" if baseline else f"{'-':>14}{'-':>15}")
        print(f"{name:<24}{run['seconds']:>9.1f}{run['peak_rss_mb']:>9.0f}{run['tree_peak_rss_mb']:>13.0f}"
              f"{ratios}  {run['same_as_kept']}")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    results = {"documents": documents, "aggregate_triples": triples, "jobs": args.jobs, "commit": commit,
               "machine": {"python": platform.python_version(), "cpus": os.cpu_count()}, "runs": runs}
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    name = "recount.json" if args.store is None else f"recount-{documents}.json"
    (out / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
