"""Issue 6: named queries whose union-of-graphs joins grew with the store (meetings, agenda-items,
action-tracker, network-first-raised, network-topic-trend) rewritten so Oxigraph hash-joins whole scans
(or reads names inside the document's own graph) give the rows their old text gave, in the order their
ORDER BY fixes, in every usage their `# Usage:` line states (bound as bench/bench_scale.py binds them,
and with every value of the bound variable), and the rows computed here from the documents' graphs
(24 synthetic meetings of three boards and the WSTB example)."""
from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SKOS

from graph.namespaces import BG, OA, SCHEMA, sparql_prefixes
from graph.queries import load_query, query_usage
from graph.sparql_bind import with_values

#: the old texts, as they were before the rewrite (comments left out)
_OLD = {
    "meetings": """SELECT ?meeting ?date ?title ?board ?boardName ?boardAcronym ?participants ?statements ?actions
WHERE {
  {
    SELECT ?meeting (MIN(?d) AS ?date) (SAMPLE(?t) AS ?title) (SAMPLE(?b) AS ?board)
           (SAMPLE(?bn) AS ?boardName) (SAMPLE(?ba) AS ?boardAcronym)
    WHERE {
      ?meeting a bg:Meeting .
      OPTIONAL { ?meeting dcterms:date ?d }
      OPTIONAL { ?meeting dcterms:title ?t }
      OPTIONAL {
        ?meeting bg:board ?b .
        OPTIONAL { ?b foaf:name ?bn }
        OPTIONAL { ?b skos:altLabel ?ba }
      }
    }
    GROUP BY ?meeting
  }
  {
    SELECT ?meeting (COUNT(DISTINCT ?person) AS ?participants)
    WHERE { ?meeting a bg:Meeting . OPTIONAL { ?meeting schema:attendee ?person } }
    GROUP BY ?meeting
  }
  {
    SELECT ?meeting (COUNT(DISTINCT ?statement) AS ?statements)
    WHERE {
      ?meeting a bg:Meeting .
      OPTIONAL {
        ?item dcterms:isPartOf ?meeting .
        ?statement dcterms:isPartOf ?item ; a bg:Statement .
      }
    }
    GROUP BY ?meeting
  }
  {
    SELECT ?meeting (COUNT(DISTINCT ?action) AS ?actions)
    WHERE { ?meeting a bg:Meeting . OPTIONAL { ?action bg:raisedIn ?meeting ; a bg:ActionPoint } }
    GROUP BY ?meeting
  }
}
ORDER BY DESC(?date) ?boardName ?meeting""",
    "agenda-items": """SELECT DISTINCT ?meeting ?item ?position ?notation ?title ?presenter ?presenterName
WHERE {
  ?item a bg:AgendaItem ;
      dcterms:isPartOf ?meeting ;
      schema:position ?position ;
      skos:notation ?notation ;
      dcterms:title ?title .
  OPTIONAL { ?item bg:presenter ?presenter . ?presenter foaf:name ?presenterName }
}
ORDER BY ?meeting ?position""",
    "action-tracker": """SELECT ?action ?notation ?board ?boardName ?boardAcronym ?status ?ownerFilter ?owner ?ownerName ?ownerLabel
       ?description ?meeting ?date (MIN(?recordedOn) AS ?firstDate) (COUNT(DISTINCT ?recordedIn) AS ?meetings)
WHERE {
  GRAPH ?g {
    ?action bg:raisedIn|bg:reviewedIn ?meeting ; a bg:ActionPoint ; skos:notation ?notation ;
        schema:actionStatus ?status ; schema:description ?latestDescription .
    ?meeting dcterms:date ?date ; bg:board ?board .
  }
  FILTER NOT EXISTS { ?action bg:raisedIn|bg:reviewedIn ?later . ?later dcterms:date ?laterDate . FILTER (?laterDate > ?date) }
  OPTIONAL { GRAPH ?raised { ?action bg:raisedIn ?raisedAt ; schema:description ?raisedDescription } }
  BIND (COALESCE(?raisedDescription, ?latestDescription) AS ?description)
  OPTIONAL {
    { SELECT ?action (MAX(?ownedOn) AS ?ownerDate)
      WHERE { GRAPH ?o { ?action bg:owner ?anyOwner ; bg:raisedIn|bg:reviewedIn ?ownedAt . ?ownedAt dcterms:date ?ownedOn } }
      GROUP BY ?action }
    GRAPH ?ownerGraph { ?action bg:owner ?owner ; bg:raisedIn|bg:reviewedIn ?ownerMeeting . ?ownerMeeting dcterms:date ?ownerDate }
    OPTIONAL { GRAPH ?ownerGraph { ?owner foaf:name ?ownerName } }
    OPTIONAL { GRAPH ?ownerGraph { ?action bg:ownerLabel ?ownerLabel } }
  }
  FILTER (COALESCE(sameTerm(COALESCE(?owner, "nobody"), ?ownerFilter), true))
  OPTIONAL { GRAPH ?g { ?board foaf:name ?boardName } }
  OPTIONAL { GRAPH ?g { ?board skos:altLabel ?boardAcronym } }
  ?action bg:raisedIn|bg:reviewedIn ?recordedIn .
  ?recordedIn dcterms:date ?recordedOn .
}
GROUP BY ?action ?notation ?board ?boardName ?boardAcronym ?status ?ownerFilter ?owner ?ownerName ?ownerLabel
         ?description ?meeting ?date
ORDER BY DESC(?date) ?boardName DESC(xsd:integer(?notation)) ?action""",
    "network-first-raised": """SELECT ?topic ?fact ?meeting ?date ?start ?who ?label ?organisation ?organisationLabel
WHERE {
  GRAPH ?g {
    VALUES ?type { bg:Statement bg:Decision bg:ActionPoint }
    ?fact dcterms:subject ?topic ; a ?type ; dcterms:isPartOf ?item ; prov:wasDerivedFrom ?source .
    ?item dcterms:isPartOf ?meeting .
    ?meeting dcterms:date ?date .
    ?source oa:hasSelector ?at .
    ?at oa:start ?start .
    OPTIONAL {
      ?fact bg:speaker|bg:owner ?who . ?who a foaf:Person ; foaf:name ?label .
      OPTIONAL {
        ?participation bg:meeting ?meeting ; bg:participant ?who ; bg:onBehalfOf ?organisation .
        ?organisation skos:prefLabel ?organisationLabel .
      }
    }
    OPTIONAL { ?fact bg:owner ?organisation . ?organisation a org:Organization ; skos:prefLabel ?organisationLabel . }
  }
}
ORDER BY ?date ?start ?fact ?label ?organisationLabel""",
    "network-topic-trend": """SELECT ?topic ?meeting ?board ?date ?type (COUNT(DISTINCT ?fact) AS ?facts)
WHERE {
  GRAPH ?g {
    ?meeting dcterms:subject ?topic ; a bg:Meeting ; bg:board ?board ; dcterms:date ?date .
    OPTIONAL {
      VALUES ?type { bg:Statement bg:Decision bg:ActionPoint }
      ?item dcterms:isPartOf ?meeting . ?fact dcterms:isPartOf ?item ; dcterms:subject ?topic ; a ?type .
    }
  }
}
GROUP BY ?topic ?meeting ?board ?date ?type""",
    "mentions": """SELECT ?meeting ?thing ?label (COUNT(DISTINCT ?fact) AS ?times)
WHERE {
  ?fact schema:mentions ?thing ; dcterms:isPartOf/dcterms:isPartOf ?meeting .
  OPTIONAL { ?thing skos:prefLabel ?preferred }
  OPTIONAL { ?thing foaf:name ?name }
  BIND (COALESCE(?preferred, ?name) AS ?label)
}
GROUP BY ?meeting ?thing ?label
ORDER BY ?meeting DESC(?times) ?label""",
    "network-topic-tags": """SELECT DISTINCT ?context ?kind ?topic
WHERE {
  {
    GRAPH ?g { VALUES ?type { bg:Statement bg:Decision bg:ActionPoint } ?context a ?type ; dcterms:subject ?topic . }
    BIND ("fact" AS ?kind)
  } UNION {
    GRAPH ?g { ?context a bg:Meeting ; dcterms:subject ?topic . }
    BIND ("meeting" AS ?kind)
  }
}""",
}

#: the columns a query's ORDER BY sorts on (its rows' order is compared on them; ties may come in any order)
_ORDER = {"meetings": ("date", "boardName", "meeting"), "agenda-items": ("meeting", "position"),
          "action-tracker": ("date", "boardName", "notation", "action"),
          "network-first-raised": ("date", "start", "fact", "label", "organisationLabel"), "network-topic-trend": (),
          "mentions": ("meeting", "times", "label"), "network-topic-tags": ()}


def _select(store, name: str, text: str, table: list[dict]) -> list[dict]:
    """TEXT run as bench/bench_scale.py run_as_used runs NAME with TABLE: one row of projected variables
    through the store's binding (a VALUES block or a substitution), else a VALUES block."""
    from bench.bench_scale import projection
    if len(table) == 1 and set(table[0]) <= projection(name):
        return store.select(text, table[0]).rows
    return store.select(with_values(text, table) if table else text).rows


def _plain(row: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in row.items()))


def _same_rows(store, name: str, table: list[dict]) -> list[dict]:
    """Assert NAME's rows with TABLE's bindings equal its old text's, as multisets and in the order its
    ORDER BY fixes; the new rows."""
    new = _select(store, name, load_query(name), table)
    old = _select(store, name, sparql_prefixes() + _OLD[name], table)
    assert sorted(map(_plain, new)) == sorted(map(_plain, old)), (name, table)
    order = _ORDER[name]
    assert [tuple(str(r.get(k)) for k in order) for r in new] == [tuple(str(r.get(k)) for k in order) for r in old]
    return new


@pytest.fixture(scope="module")
def sample(synthetic_wstb_store):
    from bench.bench_scale import samples
    return samples(synthetic_wstb_store)


@pytest.mark.parametrize("name", sorted(_OLD))
def test_rewritten_query_gives_the_old_rows_in_every_usage(synthetic_wstb_store, sample, name):
    from bench.bench_scale import usage_table
    for usage in query_usage(name):
        table = usage_table(name, usage, sample)
        assert table is not None, (name, str(usage))
        assert _same_rows(synthetic_wstb_store, name, table), (name, str(usage))


def _values(store, pattern: str, variable: str) -> list:
    return [r[variable] for r in store.select(f"SELECT DISTINCT ?{variable} WHERE {{ {pattern} }} ORDER BY ?{variable}").rows]


def test_agenda_items_of_every_meeting_are_the_old_rows(synthetic_wstb_store):
    for meeting in _values(synthetic_wstb_store, "?meeting a bg:Meeting", "meeting"):
        assert _same_rows(synthetic_wstb_store, "agenda-items", [{"meeting": meeting}])


def test_tracker_bound_to_every_board_status_owner_and_action_gives_the_old_rows(synthetic_wstb_store):
    store = synthetic_wstb_store
    for board in _values(store, "?m bg:board ?board", "board"):
        assert _same_rows(store, "action-tracker", [{"board": board}])
    for status in _values(store, "?a schema:actionStatus ?status", "status"):
        _same_rows(store, "action-tracker", [{"status": status}])
    for owner in _values(store, "?a bg:owner ?owner", "owner"):
        _same_rows(store, "action-tracker", [{"ownerFilter": owner}])
    for action in _values(store, "?action a bg:ActionPoint", "action")[::3]:
        assert _same_rows(store, "action-tracker", [{"action": action}])


def test_first_raised_and_trend_of_every_topic_give_the_old_rows(synthetic_wstb_store):
    topics = _values(synthetic_wstb_store, "?x dcterms:subject ?topic", "topic")
    for topic in topics:
        _same_rows(synthetic_wstb_store, "network-first-raised", [{"topic": topic}])
        _same_rows(synthetic_wstb_store, "network-topic-trend", [{"topic": topic}])
    assert _same_rows(synthetic_wstb_store, "network-topic-trend", [{"topic": t} for t in topics])


def test_meetings_are_the_documents_meetings(synthetic_wstb_store, union):
    expected = []
    for meeting in set(union.subjects(RDF.type, BG.Meeting)):
        board = union.value(meeting, BG.board)
        statements = {s for item in union.subjects(DCTERMS.isPartOf, meeting)
                      for s in union.subjects(DCTERMS.isPartOf, item) if (s, RDF.type, BG.Statement) in union}
        actions = {a for a in union.subjects(BG.raisedIn, meeting) if (a, RDF.type, BG.ActionPoint) in union}
        expected.append((str(meeting), str(min(union.objects(meeting, DCTERMS.date))), str(union.value(meeting, DCTERMS.title)),
                         str(board), str(union.value(board, FOAF.name)), str(union.value(board, SKOS.altLabel)),
                         len(set(union.objects(meeting, SCHEMA.attendee))), len(statements), len(actions)))
    expected.sort(key=lambda r: (r[1], r[4]), reverse=True)  # newest first, then the board's name (one meeting a board a day)
    rows = synthetic_wstb_store.select(load_query("meetings")).rows
    assert [(str(r["meeting"]), str(r["date"]), str(r["title"]), str(r["board"]), str(r["boardName"]), str(r["boardAcronym"]),
             int(r["participants"]), int(r["statements"]), int(r["actions"])) for r in rows] == sorted(
        expected, key=lambda r: (_desc(r[1]), r[4], r[0]))
    assert any(r[7] for r in expected) and any(r[8] for r in expected)


def test_a_meeting_without_facts_counts_zeros_as_the_old_text(synthetic_documents):
    from graph.namespaces import DEFAULT_BASE
    from graph.store import open_store
    from graph.writer import write_documents
    bare = Graph()
    meeting, board = BG["test-meeting"], BG["test-board"]
    bare.add((meeting, RDF.type, BG.Meeting))
    bare.add((meeting, BG.board, board))
    bare.add((board, FOAF.name, Literal("Test board")))
    untitled = Graph()
    untitled.add((BG["untitled"], RDF.type, BG.Meeting))
    with open_store() as memory:
        write_documents(memory, [*synthetic_documents[:3], (DEFAULT_BASE + "graph/bare", bare), (DEFAULT_BASE + "graph/untitled", untitled)])
        rows = _same_rows(memory, "meetings", [])
    found = {str(r["meeting"]): r for r in rows}
    assert [int(found[str(meeting)][k]) for k in ("participants", "statements", "actions")] == [0, 0, 0]
    assert set(found[str(BG["untitled"])]) == {"meeting", "participants", "statements", "actions"}


def _desc(text: str) -> tuple:
    return tuple(-ord(c) for c in text)


def test_agenda_items_are_the_documents_items(synthetic_wstb_store, union):
    expected = set()
    for item in set(union.subjects(RDF.type, BG.AgendaItem)):
        presenters = [(p, n) for p in union.objects(item, BG.presenter) for n in union.objects(p, FOAF.name)] or [(None, None)]
        for presenter, name in presenters:
            expected.add((str(union.value(item, DCTERMS.isPartOf)), str(item), str(union.value(item, SCHEMA.position)),
                          str(union.value(item, SKOS.notation)), str(union.value(item, DCTERMS.title)), str(presenter), str(name)))
    rows = synthetic_wstb_store.select(load_query("agenda-items")).rows
    found = [tuple(str(r.get(k)) for k in ("meeting", "item", "position", "notation", "title", "presenter", "presenterName"))
             for r in rows]
    assert sorted(found) == sorted(expected)
    assert len(found) == len(expected) and any(r[5] != "None" for r in found)
    assert [(r[0], int(r[2])) for r in found] == sorted((r[0], int(r[2])) for r in found)


def test_tracker_is_the_documents_latest_records(synthetic_wstb_store, synthetic_wstb_documents):
    records = defaultdict(list)  # action -> [(date, graph, meeting)]
    for _, g in synthetic_wstb_documents:
        for action in g.subjects(RDF.type, BG.ActionPoint):
            for meeting in [*g.objects(action, BG.raisedIn), *g.objects(action, BG.reviewedIn)]:
                records[action].append((g.value(meeting, DCTERMS.date).toPython(), g, meeting))
    expected = {}
    for action, found in records.items():
        newest = max(d for d, _, _ in found)
        (_, g, meeting), = [r for r in found if r[0] == newest]
        raised = [r for r in found if (action, BG.raisedIn, r[2]) in r[1]]
        description = raised[0][1].value(action, SCHEMA.description) if raised else g.value(action, SCHEMA.description)
        owned = [r for r in found if r[1].value(action, BG.owner) is not None]
        owner = max(owned, key=lambda r: r[0])[1].value(action, BG.owner) if owned else None
        expected[str(action)] = (str(g.value(action, SKOS.notation)), str(g.value(action, SCHEMA.actionStatus)),
                                 str(g.value(meeting, BG.board)), str(meeting), str(newest), str(description), str(owner),
                                 str(min(d for d, _, _ in found)), len({m for _, _, m in found}))
    rows = synthetic_wstb_store.select(load_query("action-tracker")).rows
    assert {str(r["action"]): tuple(str(r.get(k)) for k in ("notation", "status", "board", "meeting", "date", "description",
                                                            "owner", "firstDate"))
            + (int(r["meetings"]),) for r in rows} == expected
    assert len(rows) == len(expected) and any(v[-1] > 1 for v in expected.values())


_KINDS = (BG.Statement, BG.Decision, BG.ActionPoint)


def test_topic_trend_is_the_documents_facts_per_meeting(synthetic_wstb_store, synthetic_wstb_documents):
    topics = _values(synthetic_wstb_store, "?m a bg:Meeting ; dcterms:subject ?topic", "topic")
    expected = set()
    for _, g in synthetic_wstb_documents:
        for meeting in g.subjects(RDF.type, BG.Meeting):
            for topic in g.objects(meeting, DCTERMS.subject):
                facts = defaultdict(set)
                for fact in g.subjects(DCTERMS.subject, topic):
                    for kind in set(g.objects(fact, RDF.type)) & set(_KINDS):
                        if any((item, DCTERMS.isPartOf, meeting) in g for item in g.objects(fact, DCTERMS.isPartOf)):
                            facts[kind].add(fact)
                for kind, found in (facts.items() if facts else [(None, ())]):
                    expected.add((str(topic), str(meeting), str(g.value(meeting, BG.board)), str(g.value(meeting, DCTERMS.date)),
                                  str(kind), len(found)))
    rows = synthetic_wstb_store.select(with_values(load_query("network-topic-trend"), [{"topic": t} for t in topics])).rows
    found = [tuple(str(r.get(k)) for k in ("topic", "meeting", "board", "date", "type")) + (int(r["facts"]),) for r in rows]
    assert sorted(found) == sorted(expected)
    assert len(found) == len(expected) and any(r[4] == "None" for r in found) and any(r[5] > 1 for r in found)


def test_mentions_are_the_documents_mentions(synthetic_wstb_store, union):
    facts = defaultdict(set)
    for fact, thing in union.subject_objects(SCHEMA.mentions):
        for item in union.objects(fact, DCTERMS.isPartOf):
            for meeting in union.objects(item, DCTERMS.isPartOf):
                for label in set(union.objects(thing, SKOS.prefLabel)) or set(union.objects(thing, FOAF.name)) or {None}:
                    facts[str(meeting), str(thing), str(label)].add(fact)
    rows = synthetic_wstb_store.select(load_query("mentions")).rows
    found = [(str(r["meeting"]), str(r["thing"]), str(r.get("label")), int(r["times"])) for r in rows]
    assert sorted(found) == sorted((*key, len(v)) for key, v in facts.items())
    assert len(found) == len(facts) and any(r[3] > 1 for r in found)


def test_topic_tags_are_the_documents_tags(synthetic_wstb_store, synthetic_wstb_documents):
    expected = set()
    for _, g in synthetic_wstb_documents:
        for context, topic in g.subject_objects(DCTERMS.subject):
            types = set(g.objects(context, RDF.type))
            if types & set(_KINDS):
                expected.add((str(context), "fact", str(topic)))
            if BG.Meeting in types:
                expected.add((str(context), "meeting", str(topic)))
    topics = sorted({t for _, _, t in expected})
    store, query = synthetic_wstb_store, load_query("network-topic-tags")
    found = [tuple(str(r[k]) for k in ("context", "kind", "topic"))
             for r in store.select(with_values(query, [{"topic": URIRef(t)} for t in topics])).rows]
    assert sorted(found) == sorted(expected)
    for topic in topics[:8]:
        assert _same_rows(store, "network-topic-tags", [{"topic": URIRef(topic)}])
    contexts = sorted({c for c, _, _ in expected})[::7]
    assert _same_rows(store, "network-topic-tags", [{"context": URIRef(c)} for c in contexts])


def test_first_raised_is_the_documents_earliest_fact(synthetic_wstb_store, synthetic_wstb_documents):
    facts = defaultdict(set)  # topic -> {(date, start, fact)}
    for _, g in synthetic_wstb_documents:
        for fact, topic in g.subject_objects(DCTERMS.subject):
            if not set(g.objects(fact, RDF.type)) & set(_KINDS):
                continue
            starts = [s for source in g.objects(fact, PROV.wasDerivedFrom) for at in g.objects(source, OA.hasSelector)
                      for s in g.objects(at, OA.start)]
            for item in g.objects(fact, DCTERMS.isPartOf):
                for meeting in g.objects(item, DCTERMS.isPartOf):
                    for date in g.objects(meeting, DCTERMS.date):
                        facts[topic] |= {(date.toPython(), start.toPython(), str(fact)) for start in starts}
    assert len(facts) > 10
    for topic, found in facts.items():
        rows = synthetic_wstb_store.select(load_query("network-first-raised"), {"topic": topic}).rows
        assert {(r["date"].toPython(), r["start"].toPython(), str(r["fact"])) for r in rows} == found
        assert (rows[0]["date"].toPython(), rows[0]["start"].toPython(), str(rows[0]["fact"])) == min(found)
