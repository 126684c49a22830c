"""graph/queries/counted/: each counted twin gives its named query's rows from the load-time aggregates, for
every value it is run with, on the synthetic meetings with the WSTB example and on the real minutes of the
shared corpus; select_named runs it only while the store's aggregates are current."""

from __future__ import annotations

import itertools
import re

import pytest
from rdflib import Literal

from graph.aggregates import AGG, AGGREGATES_GRAPH, VERSION_TRIPLE, has_aggregates
from graph.namespaces import DEFAULT_BASE
from graph.queries import COUNTED_DIR, counted_usages, load_counted, load_query, query_names, query_usage, select_named
from graph.store import load_vocabulary, open_store
from graph.writer import write_documents

#: where the values a twin's bound variable takes come from: a pattern binding ?value
_VALUES = {
    "topic": "?fact dcterms:subject ?value",
    "organisation": "?participation bg:onBehalfOf ?value",
}

COUNTED = sorted(path.stem for path in COUNTED_DIR.glob("*.rq"))
USES = [(name, usage) for name in COUNTED for usage in counted_usages(name)]


def _rows(result) -> list[tuple]:
    return [tuple(str(row.get(v)) for v in result.variables) for row in result.rows]


def test_every_twin_belongs_to_a_named_query_and_answers_usages_the_query_states():
    assert COUNTED, "no counted twins: the tests below would check nothing"
    for name in COUNTED:
        assert name in query_names(), f"counted/{name}.rq has no graph/queries/{name}.rq"
        stated = {frozenset(u.variables) for u in query_usage(name) if not u.rows}
        assert counted_usages(name) and set(counted_usages(name)) <= stated, name


def test_a_twins_group_is_made_from_a_variable_every_usage_binds_and_read_in_its_text():
    groups = {name: re.findall(r"^# Group: \?(\w+) \S+ \?(\w+)$", load_counted(name, usage), re.MULTILINE)
              for name, usage in USES}
    assert groups["organisation-topics"] == [("group", "organisation")]
    for (name, usage) in USES:
        for found, part in groups[name]:
            assert part in usage, name
            assert f"?{found}" in load_counted(name, usage).split("WHERE", 1)[1], name


def test_load_counted_gives_a_twin_only_for_the_variables_it_answers():
    assert load_counted("topic-counts") is not None and load_counted("topic-counts", ["topic"]) is None
    assert load_counted("organisation-topics", ["?organisation"]) is not None
    assert load_counted("organisation-topics") is None and load_counted("meetings") is None


def _compare_for_every_value(store, name: str, usage: frozenset[str], least_values: int) -> int:
    """Assert that select_named (the twin: the store's aggregates are current) gives the main text's
    rows in its order (any order when it states none) for every value of USAGE's variables in STORE;
    how many values gave rows."""
    assert has_aggregates(store)
    ordered = re.search(r"^ORDER BY", load_query(name), re.MULTILINE) is not None
    variables = sorted(usage)
    candidates = [sorted({row["value"] for row in store.select(
        f"SELECT DISTINCT ?value WHERE {{ {_VALUES[variable]} }}").rows}) for variable in variables]
    assert all(len(values) >= least_values for values in candidates)
    answered = 0
    for values in itertools.product(*candidates):
        bindings = dict(zip(variables, values))
        expected = store.select(load_query(name), bindings)
        got = select_named(store, name, bindings)
        assert got.variables == expected.variables
        in_order = (lambda rows: rows) if ordered else sorted
        assert in_order(_rows(got)) == in_order(_rows(expected)), f"{name} {bindings}"
        answered += bool(expected.rows)
    return answered


@pytest.mark.parametrize("name, usage", USES, ids=[f"{n}-{'-'.join(sorted(u)) or 'whole'}" for n, u in USES])
def test_the_twin_gives_the_main_querys_rows_for_every_value(synthetic_wstb_store, name, usage):
    least = 1 if not usage else 2
    assert _compare_for_every_value(synthetic_wstb_store, name, usage, 2) >= least, f"{name}: too few values with rows"


@pytest.mark.parametrize("name, usage", USES, ids=[f"{n}-{'-'.join(sorted(u)) or 'whole'}" for n, u in USES])
def test_the_twin_gives_the_main_querys_rows_on_the_real_minutes(real_corpus_store, name, usage):
    assert _compare_for_every_value(real_corpus_store, name, usage, 1) >= 1, f"{name}: no value with rows"


def test_select_named_reads_the_counters_only_while_they_are_current(synthetic_documents):
    with open_store() as store:
        load_vocabulary(store, DEFAULT_BASE)
        write_documents(store, synthetic_documents[:6])
        counted = store.select(load_query("topic-counts"))
        expected, top = _rows(counted), counted.rows[0]
        assert _rows(select_named(store, "topic-counts")) == expected
        # one counter changed by hand: the answer follows it, so the counters are what was read
        store.update(f"""PREFIX agg: <{AGG}>
            DELETE {{ GRAPH <{AGGREGATES_GRAPH}> {{ ?counter agg:count ?n }} }}
            INSERT {{ GRAPH <{AGGREGATES_GRAPH}> {{ ?counter agg:count ?more }} }}
            WHERE {{ GRAPH <{AGGREGATES_GRAPH}> {{ ?counter agg:kind "topic-statements" ; agg:k1 "{top['topic']}" ;
                     agg:count ?n }} BIND (?n + 1000 AS ?more) }}""")
        assert select_named(store, "topic-counts").rows[0]["statements"] == Literal(int(top["statements"]) + 1000)
        # the layout marker gone (as while a recount runs): the documents are counted again
        store.update(f"DELETE DATA {{ GRAPH <{AGGREGATES_GRAPH}> {{ {VERSION_TRIPLE} }} }}")
        assert not has_aggregates(store)
        assert _rows(select_named(store, "topic-counts")) == expected
