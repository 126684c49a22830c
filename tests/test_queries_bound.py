"""Issue 6: named queries bound to one topic, organisation or person, rewritten for Oxigraph's planner,
give the rows they gave (their old text is kept here) and the rows computed from the documents' graphs."""
from __future__ import annotations

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS

from graph.namespaces import BG, sparql_prefixes
from graph.queries import load_query

_OLD = {
    "topic-timeline": """SELECT ?topic ?fact ?graph ?date ?start
WHERE {
  GRAPH ?graph {
    ?fact dcterms:subject ?topic ; dcterms:isPartOf ?item ; a ?type ; prov:wasDerivedFrom ?source .
    ?item dcterms:isPartOf ?meeting .
    ?meeting dcterms:date ?date .
    ?source oa:hasSelector ?at .
    ?at oa:start ?start .
  }
  FILTER (?type IN (bg:Statement, bg:Decision, bg:ActionPoint))
}
ORDER BY ?topic DESC(?date) ?meeting ?start ?fact""",
    "topic-documents": """SELECT ?topic ?graph ?date
WHERE {
  GRAPH ?graph { ?meeting dcterms:subject ?topic ; a bg:Meeting ; dcterms:date ?date }
}""",
    "organisation-documents": """SELECT DISTINCT ?organisation ?graph ?date
WHERE {
  GRAPH ?graph { ?participation bg:onBehalfOf ?organisation ; bg:meeting ?meeting . ?meeting dcterms:date ?date }
}""",
    "organisation-topics": """SELECT ?organisation ?topic (SAMPLE(?n) AS ?name) (COUNT(DISTINCT ?statement) AS ?statements)
WHERE {
  GRAPH ?g {
    ?participation bg:onBehalfOf ?organisation ; bg:participant ?person .
    ?statement bg:speaker ?person ; dcterms:subject ?topic .
  }
  OPTIONAL { ?topic skos:prefLabel ?n }
}
GROUP BY ?organisation ?topic
ORDER BY ?organisation DESC(?statements) ?name""",
    "person-documents": """SELECT DISTINCT ?person ?graph ?date
WHERE {
  GRAPH ?graph {
    { ?x bg:participant ?person } UNION { ?x bg:speaker ?person } UNION { ?x bg:owner ?person }
    ?meeting a bg:Meeting ; dcterms:date ?date .
  }
}""",
}

#: the queries whose ORDER BY orders every row: their rows must come in the same order
_ORDERED = {"organisation-topics", "topic-timeline"}


def _key(row: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in row.items()))


def _values(store, name: str, variable: str) -> list[URIRef]:
    return sorted({r[variable] for r in store.select(load_query(name)).rows})


@pytest.mark.parametrize("name", sorted(_OLD))
def test_rewritten_query_gives_the_old_rows(synthetic_store, name):
    variable = name.split("-")[0]
    values = _values(synthetic_store, name, variable)
    assert len(values) > 1
    for bindings in [None, *({variable: v} for v in values)]:
        new = [_key(r) for r in synthetic_store.select(load_query(name), bindings).rows]
        old = [_key(r) for r in synthetic_store.select(sparql_prefixes() + _OLD[name], bindings).rows]
        assert new, (name, bindings)
        assert (new if name in _ORDERED else sorted(new)) == (old if name in _ORDERED else sorted(old)), (name, bindings)


def _meeting(graph):
    return next(graph.subjects(RDF.type, BG.Meeting))


def test_topic_documents_are_the_documents_whose_meeting_has_the_topic(synthetic_store, synthetic_documents):
    expected = sorted((str(t), g, str(graph.value(_meeting(graph), DCTERMS.date)))
                      for g, graph in synthetic_documents for t in graph.objects(_meeting(graph), DCTERMS.subject))
    found = sorted((str(r["topic"]), str(r["graph"]), str(r["date"])) for r in synthetic_store.select(load_query("topic-documents")).rows)
    assert len(expected) > 24 and found == expected


def test_person_documents_are_the_documents_where_they_take_part_speak_or_own_an_action(synthetic_store, synthetic_documents):
    expected = sorted({(str(p), g, str(graph.value(_meeting(graph), DCTERMS.date)))
                       for g, graph in synthetic_documents for link in (BG.participant, BG.speaker, BG.owner)
                       for p in graph.objects(None, link)})
    found = sorted((str(r["person"]), str(r["graph"]), str(r["date"])) for r in synthetic_store.select(load_query("person-documents")).rows)
    assert len(expected) > 24 and found == expected


def test_organisation_documents_are_the_documents_listing_someone_for_it(synthetic_store, synthetic_documents):
    expected = sorted({(str(o), g, str(graph.value(m, DCTERMS.date)))
                       for g, graph in synthetic_documents for p, o in graph.subject_objects(BG.onBehalfOf)
                       for m in graph.objects(p, BG.meeting)})
    found = sorted((str(r["organisation"]), str(r["graph"]), str(r["date"]))
                   for r in synthetic_store.select(load_query("organisation-documents")).rows)
    assert len(expected) > 24 and found == expected


def test_topic_timeline_within_some_documents_gives_the_old_rows(synthetic_store, synthetic_documents):
    """As the site pages through it: FROM NAMED a topic's newest documents (web/data.py newest_rows)."""
    topics = _values(synthetic_store, "topic-timeline", "topic")
    for topic in topics[:5]:
        newest = synthetic_store.select(load_query("topic-documents") + " ORDER BY DESC(?date) ?graph LIMIT 3", {"topic": topic}).rows
        clause = "".join(f"FROM NAMED <{r['graph']}>\n" for r in newest)

        def run(text):
            where = text.index("WHERE {")
            return [_key(r) for r in synthetic_store.select(text[:where] + clause + text[where:], {"topic": topic}).rows]
        new = run(load_query("topic-timeline"))
        assert new and new == run(sparql_prefixes() + _OLD["topic-timeline"])
