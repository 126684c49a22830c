"""graph/sparql_bind.py: values go into query text as a VALUES block first in the WHERE group, each
term written by pyoxigraph; the result runs on a real (in-memory Oxigraph) store."""
from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef

from graph.queries import load_query, query_names, query_usage
from graph.sparql_bind import (bind_values, is_ordered, query_shape, refuse_optional_bindings, values_reach_everywhere,
                               with_values, with_values_of, without_constant_order)
from graph.store import QueryError, open_store

EX = "http://example.org/"


def test_values_go_first_in_the_where_group():
    query = ('# a { comment }\nPREFIX ex: <http://example.org/#WHERE>\n'
             'CONSTRUCT { ?s ex:p "{" } FROM <http://example.org/g> WHERE { ?s ex:p ?o }')
    bound = bind_values(query, {"o": Literal('"} DROP ALL {')})
    assert bound.endswith('WHERE { VALUES (?o) { ("\\"} DROP ALL {") }  ?s ex:p ?o }')
    assert query_shape("ASK { ?s ?p ?o }").where == 5
    assert query_shape("CONSTRUCT WHERE { ?s ?p ?o }").where == 17
    shape = query_shape("SELECT ?where (COUNT(*) AS ?n) FROM <g> WHERE { ?where ?p ?o }")
    assert shape.form == "SELECT" and shape.projection.strip() == "?where (COUNT(*) AS ?n)"


def test_binding_refusals():
    with pytest.raises(QueryError, match="WHERE group"):
        bind_values("DESCRIBE <http://example.org/x>", {"x": URIRef("http://example.org/y")})
    with pytest.raises(QueryError, match=r"\?o is not in the SELECT projection"):
        bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal(1)})
    with pytest.raises(ValueError, match="blank node"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"o": BNode()})
    with pytest.raises(ValueError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("http://example.org/a b")})


def test_several_rows_with_undef_answer_as_the_rows_say():
    query = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }"
    table = [{"s": URIRef(EX + "a")}, {"?o": Literal(2)}, {"s": URIRef(EX + "c"), "o": Literal(3)}]
    bound = with_values(query, table)
    integer = "^^<http://www.w3.org/2001/XMLSchema#integer>"
    assert (f'VALUES (?s ?o) {{ (<http://example.org/a> UNDEF) (UNDEF "2"{integer}) (<http://example.org/c> "3"{integer}) }}'
            in bound)
    with open_store(None) as store:
        store.replace_graph(EX + "g", [(URIRef(EX + n), URIRef(EX + "p"), Literal(i)) for i, n in enumerate("abcd")])
        # (a, any) matches a -> 0; (any, 2) matches c -> 2; (c, 3) matches nothing (c -> 2)
        assert {(str(r["s"]), int(r["o"])) for r in store.select(bound)} == {(EX + "a", 0), (EX + "c", 2)}


def test_no_rows_leave_the_query_alone_and_one_variable_takes_many_values():
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    assert with_values(query, []) == query and with_values(query, [{}]) == query
    assert " VALUES (?s) { (<http://example.org/a>) (<http://example.org/b>) } " in \
        with_values_of(query, "s", [URIRef(EX + "a"), URIRef(EX + "b")])
    with pytest.raises(ValueError, match="blank node"):
        with_values_of(query, "s", [BNode()])


@pytest.mark.parametrize("query, reaches", [
    ("SELECT ?x WHERE { ?x ?p ?o OPTIONAL { ?x ?q ?v } }", True),
    ("SELECT ?x WHERE { ?x ?p 'a UNION b' . ?x <http://e/select> ?v } # SELECT UNION", True),
    ("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }", False),
    ("SELECT ?x WHERE { { ?x ?p ?o } union { ?o ?p ?x } }", False),
    ("# boardgraph: bind by substitution\nSELECT ?x WHERE { ?x ?p ?o }", False),
])
def test_values_reach_everywhere_unless_a_sub_select_or_union_or_the_mark(query, reaches):
    assert values_reach_everywhere(query) is reaches


_OPTIONAL_ONLY = {
    "optional": ("SELECT ?s ?o WHERE { ?s a ?t OPTIONAL { ?s <http://e/p> ?o } }", "o"),
    "one union branch": ("SELECT ?s ?o WHERE { { ?s a ?t } UNION { ?s <http://e/p> ?o } }", "o"),
    "optional sub-select": ("SELECT ?s ?o WHERE { ?s a ?t OPTIONAL { SELECT ?s ?o WHERE { ?s <http://e/p> ?o } } }", "o"),
}
_NARROWING = {
    "required": ("SELECT ?s ?o WHERE { ?s a ?t ; <http://e/p> ?o }", "o"),
    "both union branches": ("SELECT ?s ?o WHERE { { ?s <http://e/p> ?o } UNION { ?s <http://e/q> ?o } }", "o"),
    "in a graph": ("SELECT ?g ?s WHERE { GRAPH ?g { ?s a ?t } }", "g"),
    "sub-select": ("SELECT ?s ?o WHERE { { SELECT ?s ?o WHERE { ?s <http://e/p> ?o } } }", "o"),
    "filter parameter": ("SELECT ?s ?f WHERE { ?s a ?t FILTER (COALESCE(sameTerm(?t, ?f), true)) }", "f"),
    "filter exists parameter": ("SELECT ?s ?f WHERE { ?s a ?t FILTER (COALESCE(EXISTS { ?s <http://e/p> ?f }, true)) }", "f"),
}


@pytest.mark.parametrize("case", sorted(_OPTIONAL_ONLY))
def test_a_binding_that_would_not_narrow_the_answer_is_refused_by_both_binding_paths(case):
    """VALUES first in WHERE joins with an OPTIONAL's unmatched rows, and a substitution leaves them too:
    the bound value would show in rows it does not belong to."""
    query, variable = _OPTIONAL_ONLY[case]
    with pytest.raises(QueryError, match=rf"binding \?{variable} would not narrow the answer"):
        refuse_optional_bindings(query, [variable])
    with pytest.raises(QueryError, match="would not narrow"):
        bind_values(query, {variable: URIRef("http://e/x")})
    with open_store() as memory:
        memory.update("INSERT DATA { GRAPH <http://e/g> { <http://e/a> a <http://e/T> . <http://e/b> a <http://e/T> ; <http://e/p> <http://e/x> } }")
        with pytest.raises(QueryError, match="would not narrow"):
            memory.select(query, {variable: URIRef("http://e/x")})


@pytest.mark.parametrize("case", sorted(_NARROWING))
def test_a_binding_that_narrows_the_answer_is_accepted(case):
    query, variable = _NARROWING[case]
    refuse_optional_bindings(query, [variable])
    assert "VALUES" in bind_values(query, {variable: URIRef("http://e/x")})


_TOP = "SELECT ?t ?n WHERE { { SELECT ?t WHERE { ?s ?p ?t } ORDER BY ?t LIMIT 1 } ?s ?q ?n } "


@pytest.mark.parametrize("order, left", [
    ("ORDER BY ?t DESC(?n) ?name", "ORDER BY DESC(?n) ?name "),
    ("ORDER BY ASC( ?t ) desc(?t)", ""),
    ("ORDER BY ?t ?n LIMIT 5 OFFSET 10", "ORDER BY ?n LIMIT 5 OFFSET 10"),
    ("ORDER BY ?t LIMIT 5", "LIMIT 5"),
    ("ORDER BY DESC(?t)DESC(?n)", "ORDER BY DESC(?n) "),
    # an expression of the bound variable, other variables, a string or a comment: left as it is
    ("ORDER BY LCASE(STR(?t)) xsd:integer(?t) (?t)", "ORDER BY LCASE(STR(?t)) xsd:integer(?t) (?t)"),
    ("ORDER BY ?tx ?t2", "ORDER BY ?tx ?t2"),
    ('ORDER BY COALESCE(?n, ")") ?t', 'ORDER BY COALESCE(?n, ")") ?t'),
    ("ORDER BY ?t # newest first\n", "ORDER BY ?t # newest first\n"),
    ("", ""),
])
def test_only_the_top_level_order_by_a_bound_variable_alone_is_dropped(order, left):
    assert without_constant_order(_TOP + order, ["?t"]) == _TOP + left
    assert without_constant_order(_TOP + order, []) == _TOP + order


@pytest.mark.parametrize("query, ordered", [
    (_TOP + "ORDER BY ?n", True),
    (_TOP + "order # the newest first\n by DESC(?n) LIMIT 5", True),
    (_TOP, False),  # only its sub-SELECT is ordered
    (_TOP + "LIMIT 5", False),
    ("PREFIX ex: <http://example.org/ORDER#BY> SELECT ?s WHERE { ?s ex:ORDER ?o } # ORDER BY ?s", False),
    (without_constant_order(_TOP + "ORDER BY ?t", ["t"]), False),
])
def test_is_ordered_sees_only_an_order_by_at_the_top_level(query, ordered):
    assert is_ordered(query) is ordered


def test_one_row_of_values_drops_the_order_by_its_variables_and_several_rows_do_not():
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o"
    assert with_values(query, [{"s": URIRef(EX + "a")}]).endswith("ORDER BY ?o ")
    assert with_values_of(query, "s", [URIRef(EX + "a"), URIRef(EX + "b")]).endswith("ORDER BY ?s ?o")


def _ordered_by_their_bound_variable() -> list[tuple[str, str]]:
    """(name, variable) of the named queries run with one variable bound, which order by it alone
    and whose VALUES block reaches the whole query."""
    found = []
    for name in query_names():
        text = load_query(name)
        for usage in query_usage(name):
            if len(usage.variables) == 1 and not usage.rows and values_reach_everywhere(text) \
                    and without_constant_order(text, usage.variables) != text:
                found.append((name, usage.variables[0]))
    return found


ORDERED_BY_BOUND = _ordered_by_their_bound_variable()


def test_named_queries_ordered_by_their_bound_variable_are_found():
    assert {("topic-people", "topic"), ("organisation-feed", "organisation"), ("meeting-items", "meeting")} \
        <= set(ORDERED_BY_BOUND) and len(ORDERED_BY_BOUND) >= 15


@pytest.mark.parametrize("name, variable", ORDERED_BY_BOUND, ids=[n for n, _ in ORDERED_BY_BOUND])
def test_dropping_the_order_by_a_bound_variable_keeps_the_rows_and_their_order(synthetic_wstb_store, name, variable):
    """The store's select (the order dropped) against the same query with the VALUES block written by
    hand (the order kept), for the first values of the variable in the whole-store answer."""
    text = load_query(name)
    values = list(dict.fromkeys(row[variable] for row in synthetic_wstb_store.select(text).rows if variable in row))
    assert values, name
    where = query_shape(text).where
    answered = 0
    for value in values[:3]:
        kept = text[:where] + f" VALUES ?{variable} {{ {value.n3()} }} " + text[where:]
        expected = synthetic_wstb_store.select(kept)
        got = synthetic_wstb_store.select(text, {variable: value})
        assert [list(r.items()) for r in got.rows] == [list(r.items()) for r in expected.rows], (name, value)
        answered += bool(expected.rows)
    assert answered, f"{name}: no value gave rows"
