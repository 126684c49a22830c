"""bench/bench_handover.py: the query a named query's usual usage hands the store, and its time split at
the first row, on the real (in-memory) store of 24 synthetic meetings. The times themselves are the
benchmark's to report; only their consistency is checked here."""
from __future__ import annotations

import pytest

from bench.bench_handover import (BASELINE_QUERY, Split, cheapest_cell_us, measure, over_the_limit, query_as_run,
                                  split, table, verdict)
from bench.bench_scale import samples
from graph.queries import select_named


@pytest.fixture(scope="module")
def sample(synthetic_store) -> dict:
    return samples(synthetic_store)


def _cells(rows) -> int:
    return sum(len(row) for row in rows)


def test_the_query_recorded_is_the_counted_twin_select_named_runs_with_the_sample_binding(synthetic_store, sample):
    query, bindings = query_as_run(synthetic_store, "topic-people", sample)
    assert "agg:by1" in query and bindings == {"topic": sample["topic"]}
    expected = select_named(synthetic_store, "topic-people", {"topic": sample["topic"]}).rows
    assert expected and synthetic_store.select(query, bindings).rows == expected


def test_the_split_hands_over_every_row_and_cell_select_gives(synthetic_store, sample):
    query, bindings = query_as_run(synthetic_store, "meetings", sample)
    found = split(synthetic_store, query, bindings, runs=2)
    rows = synthetic_store.select(query, bindings).rows
    assert (found.rows, found.cells) == (len(rows), _cells(rows)) == (24, 24 * 9)
    assert found.ordered and 0 < found.first_row_ms <= found.total_ms
    assert found.handover_ms == found.total_ms - found.first_row_ms and found.engine_handover_ms >= 0
    baseline = split(synthetic_store, BASELINE_QUERY, {}, runs=1)
    assert baseline.ordered and (baseline.rows, baseline.cells) == (24, 48)


def test_a_query_ordered_by_its_bound_variable_alone_is_not_ordered_as_the_store_runs_it(synthetic_store, sample):
    topic = sample["topic"]
    query = "SELECT ?topic ?meeting WHERE { ?meeting dcterms:subject ?topic } ORDER BY ?topic"
    assert not split(synthetic_store, query, {"topic": topic}, runs=1).ordered
    assert split(synthetic_store, query.replace("?topic", "?t"), {}, runs=1).ordered


@pytest.mark.parametrize("figures, expected", [
    # (total, until the first row, the engine's part after it: ms), ordered, cells
    ((300.0, 150.0, 140.0, True, 20), "handing the answer over alone is over the limit"),
    ((300.0, 100.0, 80.0, True, 20), "computing the answer is over the limit"),  # 200 ms after it, 80 the engine's
    ((300.0, 250.0, 50.0, True, 100_000), "computing the answer is over the limit"),  # measured, not estimated
    ((90.0, 10.0, 80.0, True, 20), "under the limit"),
    # not ordered: the handing over is estimated at 2 us a cell
    ((300.0, 1.0, 299.0, False, 60_000), "handing the answer over alone is over the limit (estimated)"),
    ((300.0, 1.0, 299.0, False, 40_000), "computing the answer is over the limit (estimated)"),
])
def test_the_verdict_blames_the_handover_only_when_the_engines_part_alone_is_over(figures, expected):
    (total, first, engine), ordered, cells = figures[:3], figures[3], figures[4]
    found = Split(total, first, engine, rows=10, cells=cells, ordered=ordered)
    assert verdict(found, limit_ms=100.0, us_per_cell=2.0) == expected


def test_the_cheapest_cell_is_taken_from_the_ordered_splits_only():
    ordered = [Split(120.0, 20.0, 150.0, rows=10, cells=50_000, ordered=True),
               Split(60.0, 10.0, 20.0, rows=5, cells=10_000, ordered=True)]
    unordered = Split(100.0, 0.0, 10.0, rows=10, cells=100_000, ordered=False)  # 0.1 us a cell "after the first row"
    assert cheapest_cell_us([*ordered, unordered]) == 2.0
    assert cheapest_cell_us([unordered]) == 0.0


def test_the_queries_over_the_limit_come_slowest_first_without_those_stopped():
    summary = {"10000": {"query_ms_median": {"a": 150.0, "b": None, "c": 99.0, "d": 2000.0},
                         "query_typical_ms_median": {"a": 99.0, "c": 120.0}}}
    assert over_the_limit(summary, 10000, 100.0) == ["d", "a"]
    assert over_the_limit(summary, 10000, 100.0, typical=True) == ["c"]


def test_the_typical_binding_is_the_samples_typical_topic(synthetic_store, sample):
    results = measure(synthetic_store, ["topic-people"], runs=1, limit_ms=100.0, typical=True)
    assert results["typical"] and sample["typical"]["topic"] != sample["topic"]
    assert results["queries"]["topic-people"]["bindings"] == {"topic": str(sample["typical"]["topic"])}


def test_measure_gives_each_query_a_row_of_the_table(synthetic_store):
    results = measure(synthetic_store, ["topic-people", "meetings"], runs=1, limit_ms=100.0)
    assert results["baseline"]["rows"] == 24 and set(results["queries"]) == {"topic-people", "meetings"}
    assert 0 < results["cheapest_cell_us"] <= results["baseline"]["us_per_cell"]
    lines = table(results).splitlines()
    assert lines[2].startswith("| query | total ms |") and len(lines) == 6
    assert {line.split(" | ")[0].lstrip("| ") for line in lines[4:]} == {"topic-people", "meetings"}
