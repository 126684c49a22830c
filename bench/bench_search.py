"""The search page on a real store: with its full-text index (graph/search_index.py) against the
SPARQL scan it replaces (graph/queries/search.rq), same process, same store.

    .venv/bin/python bench/bench_search.py --store DIR [--runs 5] [--sparql-runs 1] [--out FILE.json]

The store needs its index beside it (``load.py reindex --store DIR``). The "before" pages are served
through a symlink to the store that has no index beside it, so the site falls back to search.rq.
Prints one line per URL: median page time with the index, page time without it, and the ratio."""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.search_index import index_path, open_for_site  # noqa: E402
from graph.store import open_store  # noqa: E402
from web import create_app  # noqa: E402


def _urls(store_dir: str) -> list[str]:
    """Search URLs over the store's own board, person and topic slugs."""
    with open_store(store_dir, read_only=True) as store:
        pick = store.select("SELECT ?board ?person ?topic WHERE { GRAPH ?g { ?s bg:speaker ?person ; "
                            "dcterms:subject ?topic ; dcterms:isPartOf/dcterms:isPartOf/bg:board ?board } } LIMIT 1").rows[0]
    board, person, topic = (str(pick[k]).rsplit("/", 1)[-1] for k in ("board", "person", "topic"))
    return ["/search?q=data", "/search?q=the", "/search?q=the&page=40", "/search?q=gdpr", "/search?q=agreed+budget",
            f'/search?q="{topic.replace("-", " ")}"', f"/search?q=update&board={board}",
            f"/search?person={person}", f"/search?topic={topic}", "/search?q=data&from=2015-01-01&to=2015-12-31"]


def _time(client, url: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sparql-runs", type=int, default=1, help="runs of each page without the index (slow)")
    parser.add_argument("--out", help="write the results as JSON here")
    args = parser.parse_args()
    with open_store(args.store, read_only=True) as store:
        index = open_for_site(store)
        if index is None:
            sys.exit(f"no current index beside {args.store}: run load.py reindex --store {args.store}")
        index.close()
        indexed = index_path(store)
    urls = _urls(args.store)
    with tempfile.TemporaryDirectory() as scratch:
        bare = Path(scratch) / "store"
        bare.symlink_to(Path(args.store).resolve())
        with_index = create_app({"STORE_PATH": args.store}).test_client()
        without = create_app({"STORE_PATH": str(bare)}).test_client()
        with_index.get(urls[0]), without.get("/")  # open the stores and the index once
        results = []
        for url in urls:
            fast = _time(with_index, url, args.runs)
            slow = _time(without, url, args.sparql_runs)
            results.append({"url": url, "index_ms": round(fast * 1000, 1), "sparql_ms": round(slow * 1000, 1),
                            "ratio": round(slow / fast, 1)})
            print(f"{url:60} index {fast * 1000:8.1f} ms   search.rq {slow * 1000:9.1f} ms   x{slow / fast:.0f}",
                  flush=True)
    summary = {"store": args.store, "index": str(indexed), "index_bytes": indexed.stat().st_size,
               "runs": args.runs, "sparql_runs": args.sparql_runs, "pages": results}
    if args.out:
        Path(args.out).write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
