"""graph/queries/bound/: each variant gives its main query's rows for every value of the variables it is
for, on the synthetic meetings and the WSTB example and on the real minutes of the shared corpus;
load_query picks it only for those variables; a label a variant's lookup resolves first (select_named)
gives the main query's rows too."""

from __future__ import annotations

import itertools

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from graph.namespaces import DEFAULT_BASE, TOPICS_GRAPH
from graph.queries import (VARIANT_DIR, Lookup, load_query, lookups, query_names, query_usage, select_named,
                           variant_usages)
from graph.sparql_bind import values_reach_everywhere
from graph.store import load_vocabulary, open_store
from graph.writer import write_documents

#: where the values a variable is bound to come from: a pattern binding ?value
_VALUES = {
    "action": "?value a bg:ActionPoint",
    "meeting": "?value a bg:Meeting",
    "owner": "?action bg:owner ?value",
    "ownerName": "?action bg:owner ?owner . ?owner foaf:name ?value",
    "ownerFilter": "?action bg:owner ?value",
    "status": "?action schema:actionStatus ?value",
    "topic": "?fact dcterms:subject ?value",
    "person": "?value a foaf:Person",
}

VARIANTS = sorted(path.stem for path in VARIANT_DIR.glob("*.rq"))
USES = [(name, usage) for name in VARIANTS for usage in variant_usages(name)]


def _ordered(query: str) -> bool:
    """Whether QUERY (comments aside) has an ORDER BY."""
    return any(line.lstrip().upper().startswith("ORDER BY") for line in query.splitlines()
               if not line.lstrip().startswith("#"))


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


def _compare_for_every_value(store, name: str, usage: frozenset[str], least_values: int) -> int:
    """Assert that NAME's variant gives the main text's rows (in the same order where the main text has
    an ORDER BY) for every value (and value combination) of USAGE's variables in STORE, each variable
    having at least LEAST_VALUES values there; return how many of those gave rows."""
    variables = sorted(usage)
    candidates = [sorted({row["value"] for row in store.select(
        f"SELECT DISTINCT ?value WHERE {{ {_VALUES[variable]} }}").rows}) for variable in variables]
    assert all(len(values) >= least_values for values in candidates)
    main, variant = load_query(name), load_query(name, usage)
    assert main != variant
    ordered = _ordered(main)  # without ORDER BY the order of the rows is not the query's to give
    assert _ordered(variant) == ordered, f"{name}: the variant must order its rows as the main text does"
    answered = 0
    for values in itertools.product(*candidates):
        bindings = dict(zip(variables, values))
        expected = store.select(main, bindings)
        got = store.select(variant, bindings)
        assert got.variables == expected.variables
        if ordered:
            assert _rows(got) == _rows(expected), f"{name} {bindings}"
        else:
            assert sorted(_rows(got)) == sorted(_rows(expected)), f"{name} {bindings}"
        answered += bool(expected.rows)
    return answered


@pytest.mark.parametrize("name, usage", USES, ids=[f"{n}-{'-'.join(sorted(u))}" for n, u in USES])
def test_the_variant_gives_the_main_querys_rows_for_every_value(synthetic_wstb_store, name, usage):
    assert _compare_for_every_value(synthetic_wstb_store, name, usage, 2) >= 2, f"{name}: too few values with rows"


@pytest.mark.parametrize("name, usage", USES, ids=[f"{n}-{'-'.join(sorted(u))}" for n, u in USES])
def test_the_variant_gives_the_main_querys_rows_on_the_real_minutes(real_corpus_store, name, usage):
    """On the real minutes: among them an action point an organisation owns, on a topic, which the
    synthetic meetings never have."""
    assert _compare_for_every_value(real_corpus_store, name, usage, 1) >= 1, f"{name}: no value with rows"


def test_the_real_minutes_have_an_action_point_an_organisation_owns_on_a_topic(real_corpus_store):
    """What makes the corpus comparison above check network-first-raised's organisation-owner OPTIONAL."""
    rows = real_corpus_store.select(load_query("network-first-raised", ["topic"]),
                                    {"topic": URIRef(f"{DEFAULT_BASE}topic/supplier-identifiers")}).rows
    assert {str(row.get("organisation")) for row in rows} == {
        f"{DEFAULT_BASE}org/department-for-communities-and-local-government"}


def test_load_query_picks_the_variant_only_for_the_variables_it_is_for():
    assert load_query("open-actions", ["owner"]) == load_query("open-actions", {"?ownerName": None})
    assert load_query("open-actions", ["owner"]) != load_query("open-actions")
    assert load_query("open-actions", ["owner", "ownerName"]) == load_query("open-actions")
    assert load_query("meetings", ["board"]) == load_query("meetings")


# --- lookups: a bound label resolved to the things it names, then the variant for them

LOOKUPS = [(name, lookup) for name in VARIANTS for lookup in lookups(name)]


def test_a_variant_states_its_lookups_and_each_names_a_query_taking_the_label_and_giving_the_thing():
    assert lookups("topic-statements") == [Lookup("topicLabel", "topic", "topic-by-label")]
    assert lookups("open-actions") == [] and lookups("meetings") == []
    for name, lookup in LOOKUPS:
        assert frozenset([lookup.thing]) in variant_usages(name), name
        assert (lookup.label,) in [u.variables for u in query_usage(name)], name
        assert [u.variables for u in query_usage(lookup.query)] == [(lookup.label,)], lookup
        assert f"?{lookup.thing}" in load_query(lookup.query).split("WHERE", 1)[0], lookup


def _labels(store) -> list[Literal]:
    """Every label of a topic some fact of STORE is about, also upper-cased, and one naming nothing."""
    found = {row["value"] for row in store.select(
        "SELECT DISTINCT ?value WHERE { ?fact dcterms:subject ?topic . "
        "?topic skos:prefLabel|skos:altLabel|skos:hiddenLabel ?value }").rows}
    return sorted(found) + [Literal(str(label).upper()) for label in sorted(found)[:3]] + [Literal("no such topic")]


def _compare_lookup(store, name: str, lookup: Lookup, labels) -> int:
    """Assert select_named gives NAME's main-text rows, in order, for each label; how many gave rows."""
    answered = 0
    for label in labels:
        expected = store.select(load_query(name), {lookup.label: label})
        got = select_named(store, name, {lookup.label: label})
        assert got.variables == expected.variables
        assert _rows(got) == _rows(expected), f"{name} {label!r}"
        answered += bool(expected.rows)
    return answered


@pytest.mark.parametrize("name, lookup", LOOKUPS, ids=[n for n, _ in LOOKUPS])
def test_a_looked_up_label_gives_the_main_querys_rows(synthetic_wstb_store, real_corpus_store, name, lookup):
    for store in (synthetic_wstb_store, real_corpus_store):
        labels = _labels(store)
        assert len(labels) >= 10
        assert _compare_lookup(store, name, lookup, labels) >= 5, name


def test_a_label_naming_several_topics_gives_the_main_querys_rows(wstb_processed):
    """No label of the thesaurus names two topics; given one that does, the variant answers for both."""
    gdpr, credit = URIRef(f"{DEFAULT_BASE}topic/gdpr"), URIRef(f"{DEFAULT_BASE}topic/universal-credit")
    with open_store() as store:
        load_vocabulary(store, DEFAULT_BASE)
        write_documents(store, [(str(wstb_processed.built.graph_iri), wstb_processed.built.graph)])
        store.update(f"INSERT DATA {{ GRAPH <{DEFAULT_BASE}{TOPICS_GRAPH}> {{ <{credit}> <{SKOS.altLabel}> \"GDPR\" }} }}")
        assert store.select(load_query("topic-by-label"), {"topicLabel": Literal("gdpr")}).values("topic") == [gdpr, credit]
        assert _compare_lookup(store, "topic-statements", lookups("topic-statements")[0], [Literal("gdpr")]) == 1
        rows = select_named(store, "topic-statements", {"topicLabel": Literal("gdpr")}).rows
        assert {row["topic"] for row in rows} == {gdpr, credit}


def test_a_label_bound_with_its_thing_is_not_looked_up(synthetic_wstb_store):
    """Both bound: the main text answers (the lookup would replace the bound topic)."""
    topic = URIRef(f"{DEFAULT_BASE}topic/gdpr")
    found = []
    for label in (Literal("gdpr"), Literal("Universal Credit")):
        bindings = {"topic": topic, "topicLabel": label}
        found.append(_rows(select_named(synthetic_wstb_store, "topic-statements", bindings)))
        assert found[-1] == _rows(synthetic_wstb_store.select(load_query("topic-statements"), bindings))
    assert found[0] and not found[1]
