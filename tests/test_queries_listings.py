"""Issue 6: the whole-store listings (action-points, open-actions, participants, people-on-several-boards,
people-in-several-documents) rewritten as sub-SELECTs for Oxigraph's hash joins give the rows their old
text gave and the rows computed here from the documents' graphs (24 synthetic meetings of three boards
and the WSTB example)."""
from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import RDF
from rdflib.namespace import DCTERMS, FOAF

from graph.namespaces import BG, SCHEMA, SKOS, sparql_prefixes
from graph.queries import load_query
from graph.store import QueryError

_OLD = {
    "action-points": """SELECT DISTINCT ?action ?notation ?owner ?ownerName ?ownerLabel ?status ?description ?meeting ?date ?itemNotation
WHERE {
  GRAPH ?raisedGraph {
    ?action a bg:ActionPoint ;
        skos:notation ?notation ;
        schema:description ?description ;
        bg:raisedIn ?meeting ;
        dcterms:isPartOf ?item .
    OPTIONAL { ?action bg:ownerLabel ?ownerLabel }
  }
  # the owner's name looked up only for an owner the raising minutes give (an OPTIONAL name pattern
  # with ?owner unbound would name every person in the store as the owner of an unowned action)
  OPTIONAL {
    GRAPH ?ownerGraph { ?action bg:owner ?owner }
    FILTER (sameTerm(?ownerGraph, ?raisedGraph))
    OPTIONAL { ?owner foaf:name ?ownerName }
  }
  {
    SELECT ?action (MAX(?mentioned) AS ?newest)
    WHERE { GRAPH ?g { ?action schema:actionStatus ?anyStatus . ?m a bg:Meeting ; dcterms:date ?mentioned } }
    GROUP BY ?action
  }
  GRAPH ?newestGraph { ?action schema:actionStatus ?status . ?newestMeeting a bg:Meeting ; dcterms:date ?newest }
  ?meeting dcterms:date ?date .
  ?item skos:notation ?itemNotation .
}
ORDER BY ?date xsd:integer(?notation) ?notation""",
    "open-actions": """SELECT DISTINCT ?ownerName ?owner ?notation ?description ?date ?board ?action
WHERE {
  GRAPH ?raisedGraph {
    ?action a bg:ActionPoint ; bg:raisedIn ?meeting ; skos:notation ?notation ;
        schema:description ?description ; bg:owner ?owner .
    ?owner foaf:name ?ownerName .
    ?meeting dcterms:date ?date ; bg:board ?boardIri .
    ?boardIri foaf:name ?board .
  }
  {
    SELECT ?action (MAX(?mentioned) AS ?newest)
    WHERE { GRAPH ?g { ?action schema:actionStatus ?anyStatus ; bg:raisedIn|bg:reviewedIn ?m . ?m dcterms:date ?mentioned } }
    GROUP BY ?action
  }
  GRAPH ?newestGraph {
    ?action schema:actionStatus schema:ActiveActionStatus ; bg:raisedIn|bg:reviewedIn ?newestMeeting .
    ?newestMeeting dcterms:date ?newest .
  }
}
ORDER BY ?ownerName ?date xsd:integer(?notation) ?notation""",
    "participants": """SELECT DISTINCT ?meeting ?date ?person ?name ?role ?organisation ?organisationName ?initials
WHERE {
  ?participation a bg:Participation ;
      bg:meeting ?meeting ;
      bg:participant ?person ;
      bg:role ?role .
  ?meeting dcterms:date ?date .
  ?person foaf:name ?name .
  OPTIONAL { ?participation bg:initials ?initials }
  OPTIONAL { ?participation bg:onBehalfOf ?organisation .
             OPTIONAL { ?organisation skos:prefLabel ?organisationName } }
}
ORDER BY ?date ?meeting ?role ?name""",
    "people-on-several-boards": """SELECT ?person (SAMPLE(?personName) AS ?name) (COUNT(DISTINCT ?board) AS ?boards)
       (GROUP_CONCAT(DISTINCT ?boardName; separator=" | ") AS ?boardNames)
WHERE {
  GRAPH ?g {
    ?participation bg:participant ?person ; bg:meeting ?meeting ; bg:role ?role .
    ?meeting bg:board ?board .
    ?board foaf:name ?boardName .
    ?person foaf:name ?personName .
  }
  FILTER (?role != bg:Apologies)
}
GROUP BY ?person
HAVING (COUNT(DISTINCT ?board) > 1)
ORDER BY DESC(?boards) ?name""",
    "people-in-several-documents": """SELECT ?person ?name (COUNT(DISTINCT ?meeting) AS ?documents)
       (GROUP_CONCAT(DISTINCT STR(?date); separator=" | ") AS ?dates)
WHERE {
  ?participation bg:participant ?person ; bg:meeting ?meeting .
  ?meeting dcterms:date ?date .
  ?person foaf:name ?name .
}
GROUP BY ?person ?name
HAVING (COUNT(DISTINCT ?meeting) > 1)
ORDER BY DESC(?documents) ?name""",
}


def _plain(row: dict) -> tuple:
    """A row with the " | "-joined lists as sets (GROUP_CONCAT's order is the plan's)."""
    return tuple(sorted((k, frozenset(str(v).split(" | ")) if k in ("boardNames", "dates") else str(v))
                        for k, v in row.items()))


def _rows(store, text: str) -> list[tuple]:
    return [_plain(r) for r in store.select(text).rows]


@pytest.mark.parametrize("name", sorted(_OLD))
def test_rewritten_listing_gives_the_old_rows(synthetic_wstb_store, name):
    new, old = _rows(synthetic_wstb_store, load_query(name)), _rows(synthetic_wstb_store, sparql_prefixes() + _OLD[name])
    assert new
    assert sorted(new) == sorted(old)


def test_open_actions_are_the_documents_open_actions(synthetic_wstb_store, synthetic_wstb_documents):
    newest: dict = {}  # action -> (newest date, statuses stated at it)
    for _, g in synthetic_wstb_documents:
        for action in set(g.subjects(SCHEMA.actionStatus, None)):
            statuses = set(g.objects(action, SCHEMA.actionStatus))
            for m in {*g.objects(action, BG.raisedIn), *g.objects(action, BG.reviewedIn)}:
                for day in g.objects(m, DCTERMS.date):
                    date, known = newest.get(action, (None, set()))
                    if date is None or day.toPython() > date.toPython():
                        newest[action] = (day, set(statuses))
                    elif day == date:
                        known |= statuses
    open_ = {a for a, (_, statuses) in newest.items() if SCHEMA.ActiveActionStatus in statuses}
    expected = set()
    for _, g in synthetic_wstb_documents:
        for action in open_ & set(g.subjects(RDF.type, BG.ActionPoint)):
            for meeting in g.objects(action, BG.raisedIn):
                for notation in g.objects(action, SKOS.notation):
                    for description in g.objects(action, SCHEMA.description):
                        for owner in g.objects(action, BG.owner):
                            for owner_name in g.objects(owner, FOAF.name):
                                for date in g.objects(meeting, DCTERMS.date):
                                    for board in g.objects(meeting, BG.board):
                                        for board_name in g.objects(board, FOAF.name):
                                            expected.add((str(owner_name), str(owner), str(notation), str(description),
                                                          str(date), str(board_name), str(action)))
    rows = synthetic_wstb_store.select(load_query("open-actions")).rows
    found = [tuple(str(r[k]) for k in ("ownerName", "owner", "notation", "description", "date", "board", "action"))
             for r in rows]
    assert len(expected) > 3 and len(open_) < len(newest)  # some actions open, some closed
    assert sorted(found) == sorted(expected) and len(found) == len(set(found))
    assert [(r[0], r[4]) for r in found] == sorted((r[0], r[4]) for r in found)  # by owner, then date
    person = rows[0]["owner"]
    bound = synthetic_wstb_store.select(load_query("open-actions"), {"owner": person}).rows
    assert [r for r in rows if r["owner"] == person] == bound


def test_participants_are_the_documents_participations(synthetic_wstb_store, union):
    expected = set()
    for p in union.subjects(RDF.type, BG.Participation):
        orgs = [(str(o), n) for o in union.objects(p, BG.onBehalfOf)
                for n in ([str(x) for x in union.objects(o, SKOS.prefLabel)] or [None])] or [(None, None)]
        for meeting in union.objects(p, BG.meeting):
            for person in union.objects(p, BG.participant):
                for role in union.objects(p, BG.role):
                    for date in union.objects(meeting, DCTERMS.date):
                        for name in union.objects(person, FOAF.name):
                            for initials in [str(i) for i in union.objects(p, BG.initials)] or [None]:
                                for org, org_name in orgs:
                                    expected.add((str(meeting), str(date), str(person), str(name), str(role),
                                                  org, org_name, initials))
    keys = ("meeting", "date", "person", "name", "role", "organisation", "organisationName", "initials")
    rows = synthetic_wstb_store.select(load_query("participants")).rows
    found = [tuple(None if r.get(k) is None else str(r[k]) for k in keys) for r in rows]
    assert any(r[7] for r in found) and any(r[6] for r in found)
    assert sorted(found, key=repr) == sorted(expected, key=repr) and len(found) == len(set(found))
    meeting = rows[-1]["meeting"]
    assert synthetic_wstb_store.select(load_query("participants"), {"meeting": meeting}).rows == [
        r for r in rows if r["meeting"] == meeting]


def test_people_on_several_boards_are_the_documents(synthetic_wstb_store, synthetic_wstb_documents):
    boards, names = defaultdict(dict), defaultdict(set)
    for _, g in synthetic_wstb_documents:
        for p, person in g.subject_objects(BG.participant):
            if set(g.objects(p, BG.role)) - {BG.Apologies}:
                for meeting in g.objects(p, BG.meeting):
                    for board in g.objects(meeting, BG.board):
                        person_names = set(g.objects(person, FOAF.name))
                        for board_name in g.objects(board, FOAF.name):
                            if person_names:
                                boards[person].setdefault(board, set()).add(str(board_name))
                                names[person] |= {str(n) for n in person_names}
    expected = {(str(person), len(b), frozenset(n for ns in b.values() for n in ns))
                for person, b in boards.items() if len(b) > 1}
    rows = synthetic_wstb_store.select(load_query("people-on-several-boards")).rows
    assert len(expected) > 1
    assert {(str(r["person"]), int(r["boards"]), frozenset(str(r["boardNames"]).split(" | "))) for r in rows} == expected
    assert len(rows) == len(expected) and all(str(r["name"]) in names[r["person"]] for r in rows)


def test_people_in_several_documents_are_the_documents(synthetic_wstb_store, union):
    meetings = defaultdict(set)
    for p, person in union.subject_objects(BG.participant):
        for meeting in union.objects(p, BG.meeting):
            for date in union.objects(meeting, DCTERMS.date):
                for name in union.objects(person, FOAF.name):
                    meetings[(str(person), str(name))].add((meeting, str(date)))
    expected = {(person, name, len({m for m, _ in ms}), frozenset(d for _, d in ms))
                for (person, name), ms in meetings.items() if len({m for m, _ in ms}) > 1}
    rows = synthetic_wstb_store.select(load_query("people-in-several-documents")).rows
    assert len(expected) > 1
    assert sorted((str(r["person"]), str(r["name"]), int(r["documents"]), frozenset(str(r["dates"]).split(" | ")))
                  for r in rows) == sorted(expected, key=repr)


def test_action_points_bound_as_documented_give_the_old_rows(synthetic_wstb_store):
    rows = synthetic_wstb_store.select(load_query("action-points")).rows
    for bindings in [{"status": SCHEMA.ActiveActionStatus}, {"action": rows[0]["action"]}]:
        new = [_plain(r) for r in synthetic_wstb_store.select(load_query("action-points"), bindings).rows]
        old = [_plain(r) for r in synthetic_wstb_store.select(sparql_prefixes() + _OLD["action-points"], bindings).rows]
        assert new and sorted(new) == sorted(old), bindings


def test_action_points_of_one_owner_are_the_rows_naming_that_owner(synthetic_wstb_store):
    """?ownerFilter keeps the rows whose owner it is (binding ?owner, OPTIONAL there, kept every action
    point with that owner shown: the store refuses that binding now)."""
    query = load_query("action-points")
    rows = synthetic_wstb_store.select(query).rows
    owners = sorted({r["owner"] for r in rows if "owner" in r})
    assert len(owners) > 1 and len(rows) > len([r for r in rows if r.get("owner") == owners[0]])
    for owner in owners:
        found = synthetic_wstb_store.select(query, {"ownerFilter": owner}).rows
        assert found and all(r.pop("ownerFilter") == owner for r in found)
        assert found == [r for r in rows if r.get("owner") == owner], owner
    with pytest.raises(QueryError, match=r"binding \?owner would not narrow the answer"):
        synthetic_wstb_store.select(query, {"owner": owners[0]})
