"""graph/queries: every named query parses and runs over a store holding the WSTB minutes."""
from __future__ import annotations

import pytest

from graph.queries import Usage, load_query, query_names, query_usage
from graph.reports import write_reports
from graph.store import load_vocabulary, open_store
from graph.namespaces import DEFAULT_BASE, sparql_prefixes
from graph.validate import context_graph, validate_document
from graph.writer import write_documents


@pytest.fixture(scope="module")
def store(wstb_processed):
    with open_store() as memory:
        load_vocabulary(memory, DEFAULT_BASE)
        write_documents(memory, [(str(wstb_processed.built.graph_iri), wstb_processed.built.graph)])  # with aggregates
        graph_iri = str(wstb_processed.built.graph_iri)  # and its validation report, as load.py stores it
        write_reports(memory, [(graph_iri, validate_document(memory.graph(graph_iri),
                                                             context_graph(base=DEFAULT_BASE)).findings)], DEFAULT_BASE)
        yield memory


def test_the_queries_the_cli_site_and_tests_rely_on_exist():
    assert {"meetings", "participants", "agenda-items", "statements", "action-points", "open-actions",
            "topic-statements", "meeting-topics", "decisions", "unresolved-speakers", "mentions",
            "people-on-several-boards", "people-in-several-documents", "provenance"} <= set(query_names())


@pytest.mark.parametrize("name", query_names())
def test_every_named_query_runs_and_starts_with_a_comment(store, name):
    text = load_query(name)
    assert text.splitlines()[len([l for l in text.splitlines() if l.startswith("PREFIX")])].startswith("#")
    result = store.select(text)
    if name not in ("people-on-several-boards", "people-in-several-documents"):  # one document loaded
        assert len(result.rows) > 0, name


@pytest.mark.parametrize("name", query_names())
def test_every_named_query_states_its_usage_with_variables_it_uses(name):
    import re
    usages = query_usage(name)
    code = "\n".join(line.split("#", 1)[0] for line in load_query(name).splitlines())
    assert usages and len(set(usages)) == len(usages), name
    for usage in usages:
        for variable in usage.variables:
            assert re.search(rf"[?$]{variable}\b", code), (name, variable)


def test_usage_lines_are_read_as_alternatives_and_a_bad_one_is_refused(tmp_path, monkeypatch):
    from graph import queries
    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    (tmp_path / "good.rq").write_text("# Lists.\n# Usage: ?fact ?graph (rows) | ?meeting | whole store\nSELECT * WHERE { ?s ?p ?o }\n")
    assert query_usage("good") == [Usage(("fact", "graph"), rows=True), Usage(("meeting",)), Usage(())]
    assert [str(u) for u in query_usage("good")] == ["?fact ?graph (rows)", "?meeting", "whole store"]
    (tmp_path / "bad.rq").write_text("# Lists.\n# Usage: the meeting\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(ValueError, match="bad.rq: cannot read the usage 'the meeting'"):
        query_usage("bad")
    (tmp_path / "none.rq").write_text("# Lists.\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(ValueError, match="none.rq: expected one '# Usage:' line, found 0"):
        query_usage("none")


def test_declared_prefixes_are_not_repeated():
    text = load_query("meetings")
    assert text.count("PREFIX bg:") == 1


def test_unknown_and_unsafe_names_are_refused():
    with pytest.raises(KeyError):
        load_query("no-such-query")
    with pytest.raises(ValueError):
        load_query("../../etc/passwd")


def _rows(store, query: str) -> list[tuple]:
    """QUERY's rows as sorted tuples of (variable, value) pairs: comparable whatever their order."""
    return sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in store.select(query).rows)


#: network-board-labels before it named each predicate in a UNION branch (680 ms for 67 boards at 10,000 meetings)
_OLD_BOARD_LABELS = """SELECT DISTINCT ?board ?kind ?label
WHERE {
  VALUES (?p ?kind) { (skos:altLabel "acronym") (foaf:name "name") }
  ?board ?p ?label .
}"""


def test_board_labels_are_the_rows_of_the_old_query(synthetic_store):
    from graph.sparql_bind import with_values_of
    boards = sorted({r["board"] for r in synthetic_store.select("SELECT DISTINCT ?board WHERE { ?m bg:board ?board }").rows})
    assert len(boards) == 3
    for bound in (boards, boards[:1]):
        new = _rows(synthetic_store, with_values_of(load_query("network-board-labels"), "board", bound))
        assert len(new) == 2 * len(bound)
        assert new == _rows(synthetic_store, with_values_of(_OLD_BOARD_LABELS, "board", bound))


#: fact-details' OPTIONAL reading where in its document a fact was read (?start), dropped: nothing shown used it
_OLD_START = "  OPTIONAL { GRAPH ?graph { ?fact prov:wasDerivedFrom ?source . ?source oa:hasSelector/oa:start ?start } }\n"


def test_fact_details_are_the_rows_of_the_old_query_but_the_start(synthetic_store):
    from graph.sparql_bind import with_values
    new = load_query("fact-details")
    where_end = new.rindex("}\nORDER BY")
    old = new[:where_end] + _OLD_START + new[where_end:]
    old = old.replace("?organisationName\n", "?organisationName ?start\n", 1)
    facts = synthetic_store.select("SELECT ?fact ?graph WHERE { GRAPH ?graph { ?fact dcterms:isPartOf ?item . "
                             "?item a bg:AgendaItem } }").rows
    assert len(facts) > 100
    table = [{"fact": r["fact"], "graph": r["graph"]} for r in facts]
    kept = _rows(synthetic_store, with_values(new, table))
    before = {tuple(p for p in row if p[0] != "start") for row in _rows(synthetic_store, with_values(old, table))}
    assert len(kept) >= len(facts) and "?start" in old
    assert sorted(before) == kept


# Issue 6 (10,000 meetings): named queries rewritten for Oxigraph's planner must give the rows they gave.
# _OLD keeps each one's text before the rewrite; the tests compare both on the synthetic_store store, unbound,
# with the binding bench/bench_scale.py times it with, and with every value of that variable.

_OLD = {
    "network-months": """SELECT ?month (COUNT(DISTINCT ?meeting) AS ?meetings)
WHERE {
  GRAPH ?g { ?meeting a bg:Meeting ; bg:board ?board ; dcterms:date ?date . }
  BIND (SUBSTR(STR(?date), 1, 7) AS ?month)
}
GROUP BY ?month""",
    "action-owners": """SELECT ?owner (SAMPLE(?n) AS ?name) (COUNT(DISTINCT ?action) AS ?actions)
WHERE {
  GRAPH ?g { ?action bg:owner ?owner . ?owner foaf:name ?n }
}
GROUP BY ?owner""",
    "action-history": """SELECT ?action ?meeting ?date ?notation ?board ?boardName ?boardAcronym ?item ?itemNotation ?itemTitle
       ?status ?owner ?ownerName ?ownerLabel ?description ?due ?source ?start ?end ?exact
WHERE {
  GRAPH ?g {
    ?action bg:raisedIn|bg:reviewedIn ?meeting ; a bg:ActionPoint ; skos:notation ?notation ; schema:actionStatus ?status ;
        schema:description ?description ; dcterms:isPartOf ?item ; prov:wasDerivedFrom ?source .
    ?meeting dcterms:date ?date ; bg:board ?board .
    ?source oa:hasSelector ?at , ?quote .
    ?at oa:start ?start ; oa:end ?end .
    ?quote oa:exact ?exact .
  }
  OPTIONAL { GRAPH ?g { ?board foaf:name ?boardName } }
  OPTIONAL { GRAPH ?g { ?board skos:altLabel ?boardAcronym } }
  OPTIONAL { GRAPH ?g { ?item skos:notation ?itemNotation } }
  OPTIONAL { GRAPH ?g { ?item dcterms:title ?itemTitle } }
  OPTIONAL { GRAPH ?g { ?action bg:owner ?owner } }
  OPTIONAL { GRAPH ?g { ?action bg:owner ?named . ?named foaf:name ?ownerName } }
  OPTIONAL { GRAPH ?g { ?action bg:ownerLabel ?ownerLabel } }
  OPTIONAL { GRAPH ?g { ?action bg:due ?due } }
}""",
    "meeting-statements": """SELECT ?meeting ?statement ?position ?item ?speaker ?speakerLabel ?speechAct ?speechActLabel ?text
       ?source ?start ?end ?exact
WHERE {
  GRAPH ?g {
    ?item dcterms:isPartOf ?meeting .
    ?statement dcterms:isPartOf ?item ; a bg:Statement ; schema:position ?position ; bg:speechAct ?speechAct ;
        schema:text ?text ; prov:wasDerivedFrom ?source .
    ?source oa:hasSelector ?at , ?quote .
    ?at oa:start ?start ; oa:end ?end .
    ?quote oa:exact ?exact .
  }
  OPTIONAL { GRAPH ?g { ?statement bg:speaker ?speaker } }
  OPTIONAL { GRAPH ?g { ?statement bg:speakerLabel ?speakerLabel } }
  OPTIONAL { GRAPH ?vocabulary { ?speechAct skos:prefLabel ?speechActLabel } }
}""",
    "meeting-decisions": """SELECT ?meeting ?decision ?position ?item ?outcome ?outcomeLabel ?text ?votesFor ?votesAgainst ?abstentions
       ?source ?start ?end ?exact
WHERE {
  GRAPH ?g {
    ?item dcterms:isPartOf ?meeting .
    ?decision dcterms:isPartOf ?item ; a bg:Decision ; bg:outcome ?outcome ; schema:text ?text ;
        prov:wasDerivedFrom ?source .
    ?source oa:hasSelector ?at , ?quote .
    ?at oa:start ?start ; oa:end ?end .
    ?quote oa:exact ?exact .
  }
  OPTIONAL { GRAPH ?g { ?decision schema:position ?position } }
  OPTIONAL { GRAPH ?g { ?decision bg:votesFor ?votesFor } }
  OPTIONAL { GRAPH ?g { ?decision bg:votesAgainst ?votesAgainst } }
  OPTIONAL { GRAPH ?g { ?decision bg:abstentions ?abstentions } }
  OPTIONAL { GRAPH ?vocabulary { ?outcome skos:prefLabel ?outcomeLabel } }
}""",
    "organisation-meetings": """SELECT ?organisation ?meeting ?date (SAMPLE(?t) AS ?title) (SAMPLE(?ba) AS ?boardAcronym)
       (COUNT(DISTINCT ?attending) AS ?present) (GROUP_CONCAT(DISTINCT ?n; separator=", ") AS ?people)
WHERE {
  GRAPH ?g {
    ?participation bg:onBehalfOf ?organisation ; bg:meeting ?meeting ; bg:participant ?person .
    ?meeting dcterms:date ?date .
    ?person foaf:name ?n .
  }
  OPTIONAL { GRAPH ?g { ?meeting dcterms:title ?t } }
  OPTIONAL { GRAPH ?g { ?meeting bg:board ?board . ?board skos:altLabel ?ba } }
  OPTIONAL { GRAPH ?g { ?meeting schema:attendee ?person } BIND (?person AS ?attending) }
}
GROUP BY ?organisation ?meeting ?date""",
    "unresolved-speakers": """SELECT DISTINCT ?meeting ?statement ?speakerLabel ?text
WHERE {
  ?statement a bg:Statement ; bg:speakerLabel ?speakerLabel ; schema:text ?text ;
      dcterms:isPartOf/dcterms:isPartOf ?meeting .
  FILTER NOT EXISTS { ?statement bg:speaker ?anyone }
}""",
}

#: The queries the site runs limited to one document's graph (web/data.py within: FROM NAMED), by their variable.
_WITHIN = {"meeting-statements": ("meeting", "bg:Meeting"), "meeting-decisions": ("meeting", "bg:Meeting"),
           "action-history": ("action", "bg:ActionPoint")}


@pytest.fixture(scope="module")
def bench_sample(synthetic_store):
    from bench.bench_scale import samples
    return samples(synthetic_store)


#: usages that find nothing on the synthetic store: it holds no validation reports, and the sample
#: person never uses the sample topic's first word
_EMPTY_ON_SYNTHETIC = {("document-findings", "?report (rows)"), ("search", "?w1 ?person")}


@pytest.mark.parametrize("name", query_names())
def test_the_bench_runs_every_query_in_every_usage_it_states(synthetic_store, bench_sample, name):
    """bench/bench_scale.py binds each usage from the store's sample terms; a usage it cannot bind, or
    bindings that find nothing (a wrong counter group, a fact without its graph), would time nothing."""
    from bench.bench_scale import run_as_used, usage_table
    for usage in query_usage(name):
        table = usage_table(name, usage, bench_sample)
        assert table is not None, (name, str(usage))
        assert len(table) == (0 if not usage.variables else len(table) if usage.rows else 1)
        found = run_as_used(synthetic_store, name, table)
        assert (found == 0) == ((name, str(usage)) in _EMPTY_ON_SYNTHETIC), (name, str(usage), found)


def _same_rows(store, name: str, bindings) -> int:
    """Assert NAME's rows equal its old text's (as multisets) with BINDINGS; the number of rows."""
    found = sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in store.select(load_query(name), bindings).rows)
    assert found == sorted(tuple(sorted((k, str(v)) for k, v in r.items()))
                           for r in store.select(sparql_prefixes() + _OLD[name], bindings).rows), (name, bindings)
    return len(found)


#: Cases the synthetic_store minutes lack: an action with two owners, one a person without a name in that
#: document, one an organisation, reviewed in a second document with other owners and no item title.
_EDGES = """PREFIX ex: <http://example.org/>
INSERT DATA {
  GRAPH ex:g1 {
    ex:m1 a bg:Meeting ; dcterms:date "2020-01-01"^^xsd:date ; bg:board ex:b . ex:b foaf:name "Board" ; skos:altLabel "B" .
    ex:i1 dcterms:isPartOf ex:m1 ; skos:notation "1" ; dcterms:title "Item" .
    ex:a a bg:ActionPoint ; bg:raisedIn ex:m1 ; skos:notation "7" ; schema:actionStatus schema:ActiveActionStatus ;
        schema:description "Do it" ; dcterms:isPartOf ex:i1 ; prov:wasDerivedFrom ex:s1 ;
        bg:owner ex:p1 , ex:p2 , ex:o ; bg:ownerLabel "P1" , "P2" .
    ex:p1 foaf:name "Pat One" . ex:o skos:prefLabel "Org" .
    ex:s1 oa:hasSelector ex:t1 , ex:q1 . ex:t1 oa:start 1 ; oa:end 5 . ex:q1 oa:exact "Do it" .
  }
  GRAPH ex:g2 {
    ex:m2 a bg:Meeting ; dcterms:date "2020-02-01"^^xsd:date ; bg:board ex:b .
    ex:i2 dcterms:isPartOf ex:m2 .
    ex:a a bg:ActionPoint ; bg:reviewedIn ex:m2 ; skos:notation "7" ; schema:actionStatus schema:CompletedActionStatus ;
        schema:description "Do it" ; dcterms:isPartOf ex:i2 ; prov:wasDerivedFrom ex:s2 ; bg:owner ex:p2 ; bg:due "2020-03-01" .
    ex:p2 foaf:name "Pat Two" , "P. Two" .
    ex:s2 oa:hasSelector ex:t2 , ex:q2 . ex:t2 oa:start 9 ; oa:end 12 . ex:q2 oa:exact "Done" .
  }
}"""


#: Statements the synthetic_store minutes lack: one whose speaker only another document of its meeting names
#: (not unresolved), and one that no document resolves, stated in two documents.
_STATEMENT_EDGES = """PREFIX ex: <http://example.org/>
INSERT DATA {
  GRAPH ex:g1 {
    ex:m1 a bg:Meeting . ex:i1 dcterms:isPartOf ex:m1 .
    ex:st1 a bg:Statement ; dcterms:isPartOf ex:i1 ; bg:speakerLabel "AB" ; schema:text "AB said so." .
    ex:st2 a bg:Statement ; dcterms:isPartOf ex:i1 ; bg:speakerLabel "CD" ; schema:text "CD asked." .
  }
  GRAPH ex:g2 {
    ex:m1 a bg:Meeting . ex:i1 dcterms:isPartOf ex:m1 .
    ex:st1 a bg:Statement ; dcterms:isPartOf ex:i1 ; bg:speakerLabel "AB" ; bg:speaker ex:p1 ; schema:text "AB said so." .
    ex:st2 a bg:Statement ; dcterms:isPartOf ex:i1 ; bg:speakerLabel "CD" ; schema:text "CD asked again." .
  }
}"""


def test_unresolved_speakers_leaves_out_a_statement_another_document_of_its_meeting_resolves():
    with open_store() as memory:
        memory.update(sparql_prefixes() + _STATEMENT_EDGES)
        rows = memory.select(load_query("unresolved-speakers")).rows
        assert sorted((str(r["statement"]), str(r["text"])) for r in rows) == [
            ("http://example.org/st2", "CD asked again."), ("http://example.org/st2", "CD asked.")]
        assert _same_rows(memory, "unresolved-speakers", None) == 2


#: The rewritten queries _EDGES has rows for.
_EDGE_NAMES = ["action-history", "action-owners", "network-months"]


@pytest.mark.parametrize("name", _EDGE_NAMES)
def test_rewritten_query_gives_the_old_rows_in_edge_cases(name):
    from rdflib import URIRef
    from bench.bench_scale import projection
    with open_store() as memory:
        memory.update(sparql_prefixes() + _EDGES)
        found = 0
        for bindings in (None, {"action": URIRef("http://example.org/a")}, {"meeting": URIRef("http://example.org/m1")}):
            if not bindings or set(bindings) <= projection(name):
                found += _same_rows(memory, name, bindings)
        assert found > 0


@pytest.mark.parametrize("name", sorted(_OLD))
def test_rewritten_query_gives_the_old_rows(synthetic_store, bench_sample, name):
    from bench.bench_scale import query_bindings
    new = load_query(name)
    bench = query_bindings(name, bench_sample)
    variable = next(iter(bench[0])) if bench else _WITHIN.get(name, [None])[0]
    others = sorted({r[variable] for r in synthetic_store.select(new).rows if r.get(variable) is not None}) if variable else []
    checked = 0
    for bindings in [None, *bench, *({variable: v} for v in others)]:
        checked += _same_rows(synthetic_store, name, bindings)
    assert checked > 0 and (not variable or bench or name in _WITHIN)


@pytest.mark.parametrize("name", sorted(_WITHIN))
def test_rewritten_query_gives_the_old_rows_within_a_document(synthetic_store, name):
    """As the site runs them: a VALUES block and FROM NAMED the document's graph and the vocabulary graphs."""
    from graph.namespaces import ONTOLOGY_GRAPH, ORGANISATIONS_GRAPH, TOPICS_GRAPH
    from graph.sparql_bind import with_values
    variable, kind = _WITHIN[name]
    documents = synthetic_store.select(f"SELECT DISTINCT ?{variable} ?g WHERE {{ GRAPH ?g {{ ?{variable} a {kind} }} }}").rows
    assert documents
    for row in documents:
        graphs = [str(row["g"])] + [DEFAULT_BASE + g for g in (ONTOLOGY_GRAPH, TOPICS_GRAPH, ORGANISATIONS_GRAPH)]
        clause = "".join(f"FROM NAMED <{g}>\n" for g in graphs)

        def run(text):
            text = with_values(text, [{variable: row[variable]}])
            where = text.index("WHERE {")
            return _rows(synthetic_store, text[:where] + clause + text[where:])
        assert run(load_query(name)) == run(sparql_prefixes() + _OLD[name])


def test_an_action_without_an_owner_is_given_no_owner_and_an_owned_one_its_owner_and_names():
    """action-points: an action its minutes give no owner has no ?owner and no ?ownerName (once it
    listed every named person of the store as that action's owner); an owned one has its owner's names."""
    unowned = """PREFIX ex: <http://example.org/>
    INSERT DATA { GRAPH ex:g3 {
      ex:m3 a bg:Meeting ; dcterms:date "2020-04-01"^^xsd:date .
      ex:i3 dcterms:isPartOf ex:m3 ; skos:notation "2" .
      ex:u a bg:ActionPoint ; bg:raisedIn ex:m3 ; skos:notation "8" ; schema:actionStatus schema:ActiveActionStatus ;
          schema:description "Someone do it" ; dcterms:isPartOf ex:i3 .
      ex:p3 foaf:name "Sam Three" .
    } }"""
    with open_store() as memory:
        memory.update(sparql_prefixes() + _EDGES)
        memory.update(sparql_prefixes() + unowned)
        rows = memory.select(load_query("action-points")).rows
        by_action: dict[str, list[dict]] = {}
        for row in rows:
            by_action.setdefault(str(row["action"]), []).append(row)
        assert [(r.get("owner"), r.get("ownerName")) for r in by_action["http://example.org/u"]] == [(None, None)]
        owned = {(str(r.get("owner")), str(r.get("ownerName"))) for r in by_action["http://example.org/a"]}
        assert {("http://example.org/p1", "Pat One"), ("http://example.org/p2", "Pat Two"),
                ("http://example.org/p2", "P. Two")} <= owned
        assert not any(name == "Sam Three" for _, name in owned)


def test_statements_of_one_speaker_are_the_rows_naming_that_speaker(synthetic_wstb_store):
    """?speakerFilter keeps that person's statements; binding ?speaker (OPTIONAL there) is refused, as
    it kept every statement with that person shown as its speaker."""
    from graph.store import QueryError
    query = load_query("statements")
    rows = synthetic_wstb_store.select(query).rows
    speakers = sorted({r["speaker"] for r in rows if "speaker" in r})
    assert len(speakers) > 1 and any("speaker" not in r for r in rows)
    for speaker in speakers[:8]:
        found = synthetic_wstb_store.select(query, {"speakerFilter": speaker}).rows
        assert found and all(r.pop("speakerFilter") == speaker for r in found)
        assert found == [r for r in rows if r.get("speaker") == speaker], speaker
    with pytest.raises(QueryError, match=r"binding \?speaker would not narrow the answer"):
        synthetic_wstb_store.select(query, {"speaker": speakers[0]})
