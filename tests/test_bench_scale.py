"""bench/bench_scale.py: how many timed runs latency makes within its budget (the timings themselves are
the benchmark's to report, never asserted here)."""

from __future__ import annotations

import time

from bench.bench_scale import latency


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
