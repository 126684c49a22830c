"""Where a slow named query's time goes at scale: computing its answer, or handing the answer over.

    .venv/bin/python bench/bench_handover.py --store DIR [--size 10000] [--names a,b] [--runs 3] [--limit-ms 100]

DIR is a store bench_scale.py loaded and left behind (``bench_scale.py --sizes N --work W``: ``W/store-N``).
Each query runs as bench_scale.py runs it: its usual usage, with the same sample bindings (bench_scale's
``samples``, ``query_bindings`` and ``run_as_used``). The text and bindings that run hands the store
(graph.queries.select_named picks a counted twin, a variant, ...) are recorded, then run again RUNS times
timing the whole call (each row's terms converted to rdflib, as ``GraphStore.select`` does) and the moment
the first row arrives, and RUNS times reading pyoxigraph's terms without converting them. A query ordered
at its top level has computed and sorted its whole answer before its first row comes out; after that only
projection, DISTINCT and LIMIT remain, and handing the answer over: each term read from the store's
dictionary (and converted). When the engine's part of that alone is over the limit, no plan for the same
answer meets it, whatever Python does with the rows: only a smaller answer (e.g. a page) would. A query not
ordered at its top level gives its rows as it finds them, so its split says nothing; its handing over is
estimated from its cells at the lowest cost a cell measured in the same run (a lower bound).

Baseline, in the same process: every meeting with its graph (one pattern; two different IRIs a row),
ordered, handed over the same way: the engine's cost of one term (microseconds a cell), to which each
query's is a ratio.

By default the queries are those ``results/summary.json`` has over the limit at --size, except any that
was stopped at the time limit (this process cannot stop a query); with --typical, those over it with the
typical topic, person or organisation bound (bench_scale.py's ``query_typical_ms_median``), run with that. Results: ``results/handover-N.json``.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from rdflib.term import Identifier  # noqa: E402

from bench_scale import RESULTS, calibration_ms, commit, query_bindings, run_as_used, samples  # noqa: E402
from graph.sparql_bind import is_ordered, without_constant_order  # noqa: E402
from graph.store import GraphStore, SelectResult, from_oxigraph, open_store  # noqa: E402

#: the baseline: every meeting and the graph recording it; ordered, so its rows are all found before the first comes out
BASELINE_QUERY = "SELECT ?meeting ?graph WHERE { GRAPH ?graph { ?meeting a bg:Meeting } } ORDER BY ?graph ?meeting"


@dataclass(frozen=True)
class Split:
    """One query's time (ms, medians of the runs): in all (rows made as ``GraphStore.select`` makes them),
    until its first row, and, in runs reading pyoxigraph's terms without converting them, after its first
    row: what the engine alone takes to hand the answer over."""

    total_ms: float
    first_row_ms: float
    engine_handover_ms: float
    rows: int
    cells: int
    ordered: bool

    @property
    def handover_ms(self) -> float:
        """The time after the first row, the terms converted to rdflib as select() does."""
        return self.total_ms - self.first_row_ms

    @property
    def us_per_cell(self) -> float | None:
        """The engine's handing over a bound cell (microseconds)."""
        return self.engine_handover_ms * 1000 / self.cells if self.cells else None


class _RecordingStore:
    """A store passing every call through, keeping the text and bindings of each SELECT it is handed."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.selects: list[tuple[str, dict[str, Identifier]]] = []

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> SelectResult:
        self.selects.append((query, dict(bindings or {})))
        return self.store.select(query, bindings)

    def __getattr__(self, name: str):
        return getattr(self.store, name)


def query_as_run(store: GraphStore, name: str, sample: dict) -> tuple[str, dict[str, Identifier]]:
    """The text and bindings of the last SELECT NAME's usual usage hands STORE (as bench_scale.py runs it)."""
    recording = _RecordingStore(store)
    run_as_used(recording, name, query_bindings(name, sample))  # type: ignore[arg-type]
    return recording.selects[-1]


def timed_once(store: GraphStore, query: str, bindings: Mapping[str, Identifier], convert: bool) -> tuple[float, float, int, int]:
    """One run of QUERY: seconds in all and until the first row, rows and bound cells; each term converted to
    rdflib as ``GraphStore.select`` converts it when CONVERT, else only read from pyoxigraph. select() gives
    the answer whole, so the store's own lazy query is read here (``_query``: select's binding of variables)."""
    started = time.perf_counter()
    solutions = store._query(query, bindings)  # noqa: SLF001 - the first row's moment, which select() hides
    variables = [v.value for v in solutions.variables]
    first, rows, cells = None, 0, 0
    for solution in solutions:
        if first is None:
            first = time.perf_counter() - started
        if convert:  # a row as select() makes it
            cells += len({name: from_oxigraph(value) for name, value in zip(variables, solution) if value is not None})
        else:  # pyoxigraph's terms only, as little Python as can hand them over
            cells += sum(value is not None for value in solution)
        rows += 1
    total = time.perf_counter() - started
    return total, total if first is None else first, rows, cells


def split(store: GraphStore, query: str, bindings: Mapping[str, Identifier], runs: int) -> Split:
    """QUERY's :class:`Split` from RUNS runs converting the terms and RUNS reading them only (medians)."""
    converted = [timed_once(store, query, bindings, convert=True) for _ in range(runs)]
    read = [timed_once(store, query, bindings, convert=False) for _ in range(runs)]
    total, first, rows, cells = sorted(converted, key=lambda run: run[0])[len(converted) // 2]
    engine = statistics.median(run[0] - run[1] for run in read)
    # ordered as the store runs it: a condition on a bound variable alone is dropped (graph/store.py _bound)
    ordered = is_ordered(without_constant_order(query, bindings))
    return Split(total * 1000, first * 1000, engine * 1000, rows, cells, ordered)


def over_the_limit(summary: dict, size: int, limit_ms: float, typical: bool = False) -> list[str]:
    """The named queries SUMMARY (bench_scale.py's results) has over LIMIT_MS at SIZE (with the typical
    binding when TYPICAL), slowest first, without those stopped at the time limit."""
    medians = summary[str(size)]["query_typical_ms_median" if typical else "query_ms_median"]
    return sorted((name for name, ms in medians.items() if ms is not None and ms > limit_ms), key=lambda n: -medians[n])


def judged_handover_ms(found: Split, us_per_cell: float) -> float:
    """The engine's handing over of FOUND's answer: as measured when ordered, else its cells at US_PER_CELL
    (:func:`cheapest_cell_us`)."""
    return found.engine_handover_ms if found.ordered else found.cells * us_per_cell / 1000


def verdict(found: Split, limit_ms: float, us_per_cell: float) -> str:
    """Whether the engine's handing over of the query's answer alone keeps it over LIMIT_MS (estimated at
    US_PER_CELL a cell when the query is not ordered)."""
    estimated = "" if found.ordered else " (estimated)"
    if judged_handover_ms(found, us_per_cell) > limit_ms:
        return "handing the answer over alone is over the limit" + estimated
    if found.total_ms > limit_ms:
        return "computing the answer is over the limit" + estimated
    return "under the limit"


def table(results: dict) -> str:
    """RESULTS as a Markdown table, slowest query first."""
    base = results["baseline"]
    lines = [f"baseline: {base['rows']} rows, the engine handing them over in {base['engine_handover_ms']:.0f} ms, "
             f"{base['us_per_cell']:.2f} us a cell; the cheapest cell measured: {results['cheapest_cell_us']:.2f} us "
             f"(limit {results['limit_ms']:.0f} ms)", "",
             "| query | total ms | until first row | after it: engine (with rdflib) | rows | cells "
             "| engine us a cell (x baseline) | verdict |",
             "|---|---|---|---|---|---|---|---|"]
    for name, q in sorted(results["queries"].items(), key=lambda item: -item[1]["total_ms"]):
        if q["ordered"]:
            handing = f"{q['engine_handover_ms']:.0f} ({q['handover_ms']:.0f})"
            per_cell = f"{q['us_per_cell']:.2f} ({q['us_per_cell'] / base['us_per_cell']:.1f}x)" if q["us_per_cell"] else "-"
        else:
            handing, per_cell = f"~{q['handover_estimate_ms']:.0f}", "-"
        lines.append(f"| {name} | {q['total_ms']:.0f} | {q['first_row_ms']:.0f} | {handing} | {q['rows']} "
                     f"| {q['cells']} | {per_cell} | {q['verdict']} |")
    return "\n".join(lines)


def cheapest_cell_us(splits: list[Split]) -> float:
    """The engine's lowest cost a cell of handing over among the ordered SPLITS (microseconds): a lower bound
    for the others."""
    return min((found.us_per_cell for found in splits if found.ordered and found.us_per_cell), default=0.0)


def measure(store: GraphStore, names: list[str], runs: int, limit_ms: float, typical: bool = False) -> dict:
    """The baseline's and each named query's :class:`Split` over STORE, with verdicts (an unordered query's
    handing over estimated at :func:`cheapest_cell_us` of this run); with the sample's typical topic, person
    and organisation instead of the heaviest when TYPICAL (as bench_scale.py's time_typical)."""
    sample = samples(store)
    if typical:
        sample = {**sample, **sample["typical"]}
    base = split(store, BASELINE_QUERY, {}, runs)
    found, bindings = {}, {}
    for name in names:
        query, bindings[name] = query_as_run(store, name, sample)
        found[name] = split(store, query, bindings[name], runs)
    floor_us = cheapest_cell_us([base, *found.values()])
    queries = {name: {**asdict(f), "handover_ms": f.handover_ms, "us_per_cell": f.us_per_cell,
                      "handover_estimate_ms": judged_handover_ms(f, floor_us), "verdict": verdict(f, limit_ms, floor_us),
                      "bindings": {k: str(v) for k, v in bindings[name].items()}} for name, f in found.items()}
    return {"baseline": {**asdict(base), "handover_ms": base.handover_ms, "us_per_cell": base.us_per_cell},
            "cheapest_cell_us": floor_us, "queries": queries, "limit_ms": limit_ms, "runs": runs, "typical": typical}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a store bench_scale.py left (WORK/store-N)")
    parser.add_argument("--size", type=int, default=10000, help="its N, for the queries over the limit in --summary")
    parser.add_argument("--names", help="comma-separated named queries (default: those over the limit at --size)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit-ms", type=float, default=100.0)
    parser.add_argument("--summary", type=Path, default=RESULTS)
    parser.add_argument("--typical", action="store_true",
                        help="bind the typical topic, person and organisation (bench_scale.py's typical bindings)")
    parser.add_argument("--out", type=Path, help="default: results/handover-SIZE.json (handover-SIZE-typical.json)")
    args = parser.parse_args()
    names = args.names.split(",") if args.names else over_the_limit(json.loads(args.summary.read_text()), args.size,
                                                                     args.limit_ms, args.typical)
    calibration = calibration_ms()
    with open_store(args.store, read_only=True) as store:
        results = measure(store, names, args.runs, args.limit_ms, args.typical)
    results.update(size=args.size, commit=commit(), calibration_ms=calibration, measured=time.strftime("%Y-%m-%d %H:%M:%S"))
    out = args.out or RESULTS.parent / f"handover-{args.size}{'-typical' if args.typical else ''}.json"
    out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(table(results))


if __name__ == "__main__":
    main()
