"""Re-run benchmark: loading a folder again once it is stored, with and without skipping unchanged files.

    .venv/bin/python bench/bench_reload.py [--documents N] [--added K] [--jobs J]

Writes N synthetic minutes (bench/synth.py), loads them into a fresh on-disk store with the real bulk
loader (the baseline), then in the same process runs the loader again over the same folder with K new
files added, twice: as load.py runs by default (the stored, unchanged files skipped: graph/unchanged.py)
and with --rebuild (every file processed and replaced, as every re-run did before). Prints a table
and writes JSON to bench/results/reload.json; the ratios to the first load are what carry across machines."""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import synth  # noqa: E402
from graph.bulk import load_files  # noqa: E402
from graph.namespaces import DEFAULT_BASE  # noqa: E402
from graph.store import GraphStore, load_vocabulary, open_store  # noqa: E402


def timed_load(paths: list[str], store_dir: Path, jobs: int, skip_unchanged: bool) -> dict:
    """One run of the bulk loader as load.py makes it; seconds, documents stored and files skipped."""
    opened: list[GraphStore] = []

    def open_target() -> GraphStore:
        opened.append(open_store(store_dir))
        load_vocabulary(opened[-1], DEFAULT_BASE)
        return opened[-1]
    started = time.perf_counter()
    try:
        result = load_files(paths, open_target, DEFAULT_BASE, jobs=jobs, echo=lambda text, err: None,
                            target_exists=lambda: skip_unchanged and store_dir.exists())
    finally:
        for store in opened:
            store.close()
    return {"seconds": time.perf_counter() - started, "stored": result.stored, "skipped": result.unchanged,
            "exit_code": result.worst}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300, help="files in the first load")
    parser.add_argument("--added", type=int, default=10, help="new files in the folder before the re-runs")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        synth.write_corpus(corpus, args.documents + args.added, seed=1)
        paths = sorted(str(p) for p in corpus.iterdir() if p.suffix in (".txt", ".md"))
        first, grown = paths[:args.documents], paths
        store_dir = Path(folder) / "store"
        runs = {"first load": timed_load(first, store_dir, args.jobs, skip_unchanged=True),
                "re-run, unchanged skipped": timed_load(grown, store_dir, args.jobs, skip_unchanged=True),
                "re-run with --rebuild": timed_load(grown, store_dir, args.jobs, skip_unchanged=False)}
    baseline = runs["first load"]["seconds"]
    for run in runs.values():
        run["ratio_to_first_load"] = run["seconds"] / baseline
    print(f"{args.documents} documents loaded, then the folder again with {args.added} added (jobs {args.jobs})")
    print(f"{'run':<28}{'seconds':>9}{'stored':>8}{'skipped':>9}{'x first load':>14}")
    for name, run in runs.items():
        print(f"{name:<28}{run['seconds']:>9.1f}{run['stored']:>8}{run['skipped']:>9}{run['ratio_to_first_load']:>14.2f}")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    results = {"documents": args.documents, "added": args.added, "jobs": args.jobs, "commit": commit,
               "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
               "runs": runs,
               "rebuild_over_skip": runs["re-run with --rebuild"]["seconds"] / runs["re-run, unchanged skipped"]["seconds"]}
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "reload.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
