"""graph/queries/bound/: each variant gives its main query's rows for every value of the variables it is
for, on the synthetic meetings and the WSTB example; load_query picks it only for those variables."""
from __future__ import annotations

import itertools

import pytest

from graph.queries import VARIANT_DIR, load_query, query_names, query_usage, variant_usages
from graph.sparql_bind import values_reach_everywhere

#: where the values a variable is bound to come from: a pattern binding ?value
_VALUES = {
    "meeting": "?value a bg:Meeting",
    "owner": "?action bg:owner ?value",
    "ownerName": "?action bg:owner ?owner . ?owner foaf:name ?value",
    "ownerFilter": "?action bg:owner ?value",
    "status": "?action schema:actionStatus ?value",
    "topic": "?fact dcterms:subject ?value",
}

VARIANTS = sorted(path.stem for path in VARIANT_DIR.glob("*.rq"))
USES = [(name, usage) for name in VARIANTS for usage in variant_usages(name)]


def _rows(result) -> list[tuple]:
    return [tuple(str(row.get(v)) for v in result.variables) for row in result.rows]


def test_every_variant_belongs_to_a_named_query_and_serves_usages_its_header_states():
    assert VARIANTS, "no variants: the test would check nothing"
    for name in VARIANTS:
        assert name in query_names(), f"bound/{name}.rq has no graph/queries/{name}.rq"
        stated = {frozenset(u.variables) for u in query_usage(name) if not u.rows}
        assert variant_usages(name) and set(variant_usages(name)) <= stated, name


@pytest.mark.parametrize("name", VARIANTS)
def test_a_bound_value_reaches_the_variant_as_a_values_block_it_plans_from(name):
    assert values_reach_everywhere(load_query(name, variant_usages(name)[0]))


@pytest.mark.parametrize("name, usage", USES, ids=[f"{n}-{'-'.join(sorted(u))}" for n, u in USES])
def test_the_variant_gives_the_main_querys_rows_for_every_value(synthetic_wstb_store, name, usage):
    variables = sorted(usage)
    candidates = [sorted({row["value"] for row in synthetic_wstb_store.select(
        f"SELECT DISTINCT ?value WHERE {{ {_VALUES[variable]} }}").rows}) for variable in variables]
    assert all(len(values) >= 2 for values in candidates)
    main, variant = load_query(name), load_query(name, usage)
    assert main != variant
    answered = 0
    for values in itertools.product(*candidates):
        bindings = dict(zip(variables, values))
        expected = synthetic_wstb_store.select(main, bindings)
        got = synthetic_wstb_store.select(variant, bindings)
        assert got.variables == expected.variables
        assert _rows(got) == _rows(expected), f"{name} {bindings}"
        answered += bool(expected.rows)
    assert answered >= 2, f"{name}: too few values with rows to compare"


def test_load_query_picks_the_variant_only_for_the_variables_it_is_for():
    assert load_query("open-actions", ["owner"]) == load_query("open-actions", {"?ownerName": None})
    assert load_query("open-actions", ["owner"]) != load_query("open-actions")
    assert load_query("open-actions", ["owner", "ownerName"]) == load_query("open-actions")
    assert load_query("meetings", ["board"]) == load_query("meetings")
