"""bench/bench_scale.py: how many timed runs latency makes within its budget, and the table it prints
from summary.json (the timings themselves are the benchmark's to report, never asserted here)."""

from __future__ import annotations

import time

from bench.bench_scale import latency, table


def _sleeper(seconds: float, calls: list[float]):
    def call() -> None:
        calls.append(seconds)
        time.sleep(seconds)
    return call


def test_latency_stops_before_a_run_that_would_end_past_its_budget():
    calls: list[float] = []
    figures = latency(_sleeper(0.1, calls), runs=5, budget=0.28)
    # after one run 0.1 s is spent and the next would end at 0.2: run; after two, the next would end at 0.3
    assert len(calls) == 2 and figures["runs"] == 2


def test_latency_runs_once_however_small_its_budget_and_all_runs_within_a_large_one():
    once: list[float] = []
    assert latency(_sleeper(0.01, once), runs=3, budget=-1.0)["runs"] == 1 and len(once) == 1
    every: list[float] = []
    assert latency(_sleeper(0.0, every), runs=3, budget=10.0)["runs"] == 3 and len(every) == 3


def _figures(commit: str, queries: dict, baseline: dict, **more) -> dict:
    """One N's entry of summary.json, with the fields table reads."""
    validation = {"median": 30.0, "first_100_median": 29.0, "last_100_median": 31.0}
    return {"commit": commit, "timing_commit": commit, "calibration_ms": 100.0, "load_seconds": 50.0,
            "docs_per_second": 20.0, "triples_per_second": 2e4, "peak_rss_mb": 900.0,
            "validation_ms_per_doc": validation, "validation_cpu_ms_per_doc": validation,
            "query_ms_median": queries, "page_ms_median": {"/": 12.0, "/actions": 140.0},
            "query_typical_ms_median": {"topic-people": 99.0}, "baseline": baseline, **more}


def test_the_markdown_table_counts_a_stopped_query_as_over_and_gives_the_speed_ups():
    summary = {
        "machine": {"cpus": 2},
        "1000": _figures("bbb", {"a": 150.0, "b": None, "c": 20.0}, {"skipped": "too large"},
                         server={"load_seconds": 64.6, "query_ms_median": {"a": 101.0, "b": 99.0}}),
        "100": _figures("aaa", {"a": 50.0}, {"docs_per_second": 0.25, "documents": 20}, timing_commit="ccc"),
    }
    lines = table(summary, markdown=True).splitlines()
    cells = {line.split(" | ")[0].lstrip("| "): [c.strip() for c in line.strip("| ").split(" | ")[1:]] for line in lines}
    assert lines[:2] == ["|  | 100 | 1000 |", "|---|---|---|"]
    assert cells["loaded at commit (timed at)"] == ["aaa (ccc)", "bbb"]
    assert cells["queries over 100 ms (of)"] == ["0 (1)", "2 (3)"]
    assert cells["slowest query (median ms)"] == ["50 a", "timeout b"]
    assert cells["pages over 100 ms (of)"] == ["1 (2)", "1 (2)"]
    assert cells["load speed-up over the naive baseline"] == ["80x", "-"]
    assert cells["server backend: load (s); queries over 100 ms (of)"] == ["-", "65; 1 (2)"]
