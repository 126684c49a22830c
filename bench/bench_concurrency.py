"""Load test: C concurrent clients request pages and /sparql of a running site for S seconds.

    .venv/bin/python bench/bench_concurrency.py --store DIR [--clients 8] [--seconds 60]

Starts `load.py serve` over the store on a free loopback port, lets each client cycle through the
site's pages (sample IRIs taken from the store, as bench_scale.py does) and a few SPARQL queries,
then prints the error count and latency percentiles per kind and writes bench/results/concurrency.json.
Loopback only; the server is stopped afterwards."""
from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPARQL = ["SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/boardgraph/ontology#Meeting> }",
          "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 100",
          "ASK { ?s a <https://w3id.org/boardgraph/ontology#ActionPoint> }"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sample_urls(base: str) -> list[str]:
    """Pages reached from the home page's JSON: a meeting, its board, a person, a topic, plus fixed pages."""
    home = json.load(urllib.request.urlopen(base + "/index.json", timeout=60))
    meeting = home["meetings"][0]["meeting"]["url"]
    page = json.load(urllib.request.urlopen(base + meeting + ".json", timeout=60))
    person = page["participants"][0]["people"][0]["person"]["url"] if page.get("participants") else None
    topic = page["topics"][0]["url"] if page.get("topics") else None
    urls = ["/", meeting, "/actions", "/search?q=data", "/network", "/quality"]
    return urls + [u for u in (person, topic) if u]


def client(base: str, urls: list[str], stop: float, results: list, errors: list, offset: int) -> None:
    index = offset
    while time.monotonic() < stop:
        if index % 4 == 3:
            kind = "sparql"
            url = base + "/sparql?" + urllib.parse.urlencode({"query": SPARQL[index % len(SPARQL)]})
            request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        else:
            kind = "page"
            request = urllib.request.Request(base + urls[index % len(urls)])
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
            results.append((kind, (time.perf_counter() - started) * 1000))
        except (urllib.error.URLError, OSError) as error:
            errors.append(f"{request.full_url}: {error}")
        index += 1


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"requests": len(ordered), "median_ms": statistics.median(ordered),
            "p95_ms": ordered[int(0.95 * (len(ordered) - 1))], "max_ms": ordered[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "concurrency.json"))
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, str(REPO / "load.py"), "serve", "--store", args.store,
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        urls = sample_urls(base)
        for url in urls:  # warm the caches (first /network, first SPARQL worker) outside the timing
            urllib.request.urlopen(base + url, timeout=120).read()
        results: list = []
        errors: list = []
        stop = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client, args=(base, urls, stop, results, errors, n))
                   for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.kill()
        server.wait()
    summary = {"store": args.store, "clients": args.clients, "seconds": args.seconds, "errors": len(errors),
               "error_samples": errors[:5], "urls": urls,
               **{kind: percentiles([ms for k, ms in results if k == kind]) for kind in ("page", "sparql")}}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
