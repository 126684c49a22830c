"""Row shapes several pages and feeds share: counts, tracker rows, and statements, decisions and
action points listed across meetings (a list query gives each fact and its document's graph, one page
of them at a time; :func:`fact_rows` then describes just those, as graph/queries/fact-details.rq does)."""
from __future__ import annotations

import itertools
from collections.abc import Iterable

from rdflib import RDF, URIRef
from rdflib.namespace import FOAF

from graph.namespaces import BG, ONTOLOGY_GRAPH, SCHEMA, SKOS
from web.data import Page, aggregated, iri, key, paged, paginated, ref, rows, side_index, with_values, within
from web.state import get_store
from web.terms import concept, status_name
from web.urls import page_url

_KINDS = {str(BG.Statement): "statement", str(BG.Decision): "decision", str(BG.ActionPoint): "action"}


def counts(found_rows: list[dict], key: str, count: str = "statements") -> list[dict]:
    """[{KEY: reference, COUNT: n}] from rows of KEY, name and COUNT (the *-topics, *-people queries)."""
    return [{key: ref(r[key], r.get("name")), count: r[count]} for r in found_rows]


def tracker_row(r: dict) -> dict:
    """One action point as the action-tracker query states it (its latest state)."""
    return {"action": ref(r["action"], f"Action {r['notation']}"), "notation": r["notation"],
            "board": ref(r["board"], r.get("boardAcronym") or r.get("boardName")),
            "status": status_name(r["status"]), "owner": ref(r.get("owner"), r.get("ownerName")),
            "ownerLabel": r.get("ownerLabel"), "description": r["description"],
            "first": r.get("firstDate"), "latest": r.get("date"), "meetings": r.get("meetings"),
            "meeting": ref(r["meeting"], r.get("date"))}


def tracker_page(bindings: dict, page: Page) -> tuple[list[dict], dict]:
    """One page of the action tracker (query action-tracker) and its pagination. The page's action
    points are chosen from each one's current state - kept in the side index's catalogue (one index
    range, graph/catalog.py) or in the load-time aggregates (aggregate-actions) - and only they are
    described; without either the tracker is computed over every document."""
    index = side_index()
    if index is not None:
        found, pagination = paginated(index.actions(*(None if bindings.get(k) is None else str(bindings[k])
                                                        for k in ("board", "status", "ownerFilter")),
                                                     page.size + 1, (page.number - 1) * page.size), page)
        return tracker_rows(found, owner=bindings.get("ownerFilter"), status=bindings.get("status")), pagination
    if not aggregated():
        return paged("action-tracker", bindings, page)
    keys, pagination = paged("aggregate-actions", {
        "boardKey": key(bindings.get("board")), "statusKey": key(bindings.get("status")),
        "ownerKey": key(bindings.get("ownerFilter"))}, page)
    return tracker_rows([r["action"] for r in keys], owner=bindings.get("ownerFilter"),
                        status=bindings.get("status")), pagination


_ACTION_PROPERTIES = (RDF.type, SKOS.notation, SCHEMA.actionStatus, SCHEMA.description, BG.owner, BG.ownerLabel)
_LABEL_PROPERTIES = (FOAF.name, SKOS.altLabel)


def tracker_rows(actions: list[str], *, owner: URIRef | None = None, status: URIRef | None = None) -> list[dict]:
    """The rows action-tracker.rq gives for ACTIONS (kept to those whose current owner is OWNER and
    status STATUS, when given), built from the documents that record them: small queries (action-records,
    then graph-properties for the records a row reads, their meetings' boards and the owners' and
    boards' names)."""
    records = rows("action-records", table=[{"action": URIRef(a)} for a in actions])
    newest = _newest(records)
    said = _properties(_pairs(newest + [r for r in records if r["how"] == str(BG.raisedIn)]), _ACTION_PROPERTIES)
    said.update(_properties([p for p in _pairs(_owner_unseen(records, newest, said)) if p not in said],
                            _ACTION_PROPERTIES))
    said.update(_properties(sorted({(r["graph"], r["meeting"]) for r in newest}), (BG.board,)))
    named = {(g, o) for (g, _), values in said.items() for p in (BG.owner, BG.board) for o in values.get(str(p), ())}
    labels = _properties(sorted(named), _LABEL_PROPERTIES)
    found: dict[tuple, dict] = {}
    for action in actions:
        mine = [r for r in records if r["action"] == action]
        for row in _action_rows(action, mine, said, labels):
            if (owner is None or row.get("owner") == str(owner)) and (status is None or row["status"] == str(status)):
                found.setdefault(tuple(sorted((k, str(v)) for k, v in row.items())), row)
    ordered = sorted(found.values(), key=lambda r: r["action"])
    ordered.sort(key=lambda r: -int(r["notation"]) if r["notation"].lstrip("-").isdigit() else float("inf"))
    ordered.sort(key=lambda r: (r.get("boardName") is not None, r.get("boardName") or ""))
    ordered.sort(key=lambda r: r["date"], reverse=True)
    return ordered


def _newest(records: list[dict]) -> list[dict]:
    """The RECORDS of each action point from its newest date (the ones its tracker rows state)."""
    dates: dict[str, str] = {}
    for r in records:
        dates[r["action"]] = max(dates.get(r["action"], r["date"]), r["date"])
    return [r for r in records if r["date"] == dates[r["action"]]]


def _pairs(records: list[dict]) -> list[tuple[str, str]]:
    """The (graph, action) pairs of RECORDS, sorted, once each."""
    return sorted({(r["graph"], r["action"]) for r in records})


def _owner_unseen(records: list[dict], newest: list[dict], said: dict) -> list[dict]:
    """The RECORDS of action points none of whose NEWEST records names an owner: an older record's
    owner is then the current one, so all of them are read (else the newest records' owners are)."""
    owned = {r["action"] for r in newest if said.get((r["graph"], r["action"]), {}).get(str(BG.owner))}
    return [r for r in records if r["action"] not in owned]


def _properties(pairs: list[tuple[str, str]], predicates: tuple) -> dict[tuple[str, str], dict[str, set]]:
    """{(graph, thing): {predicate: {values}}} for the (graph, thing) PAIRS and PREDICATES (each pair's
    triples are read whole and only the predicates' kept by a FILTER in the store: a third faster than
    binding every predicate, and a fifth of an /actions page faster than keeping them here; one
    predicate is bound: a meeting's board is one of its hundreds of triples)."""
    found: dict[tuple[str, str], dict[str, set]] = {}
    wanted = {str(p) for p in predicates}
    bound = {"p": predicates[0]} if len(predicates) == 1 else {}
    kept = None if bound else f"FILTER (?p IN ({', '.join(URIRef(p).n3() for p in predicates)}))"
    if pairs:
        for r in rows("graph-properties", table=[{"graph": URIRef(g), "thing": URIRef(t), **bound} for g, t in pairs],
                      where=kept):
            if r["p"] in wanted:
                found.setdefault((r["graph"], r["thing"]), {}).setdefault(r["p"], set()).add(r["value"])
    return found


def _action_rows(action: str, records: list[dict], said: dict, labels: dict) -> list[dict]:
    """One action point's tracker rows (one per combination of the values its latest records give)."""
    if not records:
        return []
    newest = max(r["date"] for r in records)
    values = lambda graph, p: sorted(said.get((graph, action), {}).get(str(p), ()))  # noqa: E731
    raised = sorted({d for r in records if r["how"] == str(BG.raisedIn) for d in values(r["graph"], SCHEMA.description)})
    owned = [r for r in records if values(r["graph"], BG.owner)]
    owner_date = max((r["date"] for r in owned), default=None)
    owners = [{"owner": o, "ownerName": name, "ownerLabel": label}
              for r in owned if r["date"] == owner_date
              for o in values(r["graph"], BG.owner)
              for name in sorted(labels.get((r["graph"], o), {}).get(str(FOAF.name), ())) or [None]
              for label in values(r["graph"], BG.ownerLabel) or [None]] or [{}]
    recorded = {r["meeting"] for r in records}
    first = min(r["date"] for r in records)
    result = []
    for r in records:
        graph = r["graph"]
        if r["date"] != newest or str(BG.ActionPoint) not in values(graph, RDF.type):
            continue
        for board in sorted(said.get((graph, r["meeting"]), {}).get(str(BG.board), ())):
            result += _rows_of(action, r, board, labels.get((graph, board), {}), owners, raised, first,
                               len(recorded), lambda p, graph=graph: values(graph, p))
    return result


def _rows_of(action: str, record: dict, board: str, names: dict, owners: list[dict], raised: list[str],
             first: str, meetings: int, values) -> list[dict]:
    """The rows of one latest RECORD of ACTION at BOARD: one per combination of the values given
    (VALUES(predicate) = what the record's graph says about the action)."""
    result = []
    for notation, status, latest, board_name, acronym, who in itertools.product(
            values(SKOS.notation), values(SCHEMA.actionStatus), values(SCHEMA.description),
            sorted(names.get(str(FOAF.name), ())) or [None], sorted(names.get(str(SKOS.altLabel), ())) or [None],
            owners):
        for description in raised or [latest]:
            row = {"action": action, "notation": notation, "board": board, "status": status,
                   "description": description, "meeting": record["meeting"], "date": record["date"],
                   "boardName": board_name, "boardAcronym": acronym, **who, "firstDate": first, "meetings": meetings}
            result.append({k: v for k, v in row.items() if v is not None})
    return result


#: What fact-details.rq states of each fact, in three queries instead of its one (whose row a fact
#: repeated the lookups of the fact's meeting and speaker for each fact, and read the speaker's names
#: and organisation once per OPTIONAL): the facts (bind ?fact ?graph ?vocabulary), then each of their
#: meetings once (?graph ?meeting: the date and the board's acronym), then each speaker or owner once
#: (?graph ?who: the names and the participations with the organisation each was on behalf of). Every
#: one is limited to the facts' documents (web/data.py within): the third, unbound beyond its VALUES,
#: read every name in the store without it. 50 facts at 1,000 meetings: 16 -> 11 ms of queries.
_FACTS = """SELECT ?fact ?graph ?type ?text ?meeting ?itemTitle ?speechAct ?speechActLabel ?status ?who
WHERE {
  GRAPH ?graph {
    ?fact a ?type ; dcterms:isPartOf ?item .
    ?item dcterms:isPartOf ?meeting .
  }
  FILTER (?type IN (bg:Statement, bg:Decision, bg:ActionPoint))
  OPTIONAL { GRAPH ?graph { ?fact schema:text ?statementText } }
  OPTIONAL { GRAPH ?graph { ?fact schema:description ?actionText } }
  BIND (COALESCE(?statementText, ?actionText) AS ?text)
  OPTIONAL { GRAPH ?graph { ?item dcterms:title ?itemTitle } }
  OPTIONAL { GRAPH ?graph { ?fact bg:speechAct ?speechAct } }
  BIND (COALESCE(?speechAct, bg:nobody) AS ?act)
  OPTIONAL { GRAPH ?vocabulary { ?act skos:prefLabel ?speechActLabel } }
  OPTIONAL { GRAPH ?graph { ?fact schema:actionStatus ?status } }
  OPTIONAL { GRAPH ?graph { ?fact bg:speaker|bg:owner ?who } }
}"""
_MEETINGS = """SELECT ?graph ?meeting ?date ?boardAcronym
WHERE {
  GRAPH ?graph { ?meeting dcterms:date ?date }
  OPTIONAL { GRAPH ?graph { ?meeting bg:board ?board . ?board skos:altLabel ?boardAcronym } }
}"""
_PEOPLE = """SELECT ?graph ?who ?whoName ?participation ?organisation ?organisationName
WHERE {
  OPTIONAL { GRAPH ?graph { ?who foaf:name ?whoName } }
  OPTIONAL { GRAPH ?graph { ?participation bg:participant ?who } }
  BIND (COALESCE(?participation, bg:nobody) AS ?listing)
  OPTIONAL { GRAPH ?graph { ?listing bg:onBehalfOf ?organisation . ?organisation skos:prefLabel ?organisationName } }
}"""


def _select(query: str, table: list[dict], graphs: Iterable[str]) -> list[dict]:
    store = get_store()
    return [] if store is None or not table else store.select_plain(within(with_values(query, table), graphs))


def fact_rows(keys: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """{(fact, graph): rows} for the facts named by KEYS (rows with "fact" and "graph"): the rows
    graph/queries/fact-details.rq gives them (the same set; a fact with two owners, names or
    participations has one row per combination), from :data:`_FACTS`, :data:`_MEETINGS` and
    :data:`_PEOPLE`."""
    graphs = list(dict.fromkeys(k["graph"] for k in keys))
    # speech acts are named in the ontology graph: bound there, their labels are read from it alone
    # instead of from every graph the query is limited to (half of the query's time for 33 documents)
    ontology = iri(ONTOLOGY_GRAPH)
    facts = _select(_FACTS, [{"fact": URIRef(k["fact"]), "graph": URIRef(k["graph"]), "vocabulary": ontology}
                             for k in keys], graphs)
    meetings: dict[tuple[str, str], list[dict]] = {}
    for r in _select(_MEETINGS, [{"graph": URIRef(g), "meeting": URIRef(m)}
                                 for g, m in sorted({(r["graph"], r["meeting"]) for r in facts})], graphs):
        meetings.setdefault((r["graph"], r["meeting"]), []).append(r)
    names: dict[tuple[str, str], set] = {}
    listed: dict[tuple[str, str], dict[str, set]] = {}
    for r in _select(_PEOPLE, [{"graph": URIRef(g), "who": URIRef(w)}
                               for g, w in sorted({(r["graph"], r["who"]) for r in facts if "who" in r})], graphs):
        person = (r["graph"], r["who"])
        names.setdefault(person, set()).update([r["whoName"]] if "whoName" in r else [])
        if "participation" in r:
            listed.setdefault(person, {}).setdefault(r["participation"], set()).add(
                (r.get("organisation"), r.get("organisationName")) if "organisationName" in r else (None, None))
    people: dict[tuple[str, str], set] = {}
    for r in facts:
        people.setdefault((r["fact"], r["graph"]), set()).update([r["who"]] if "who" in r else [])
    found: dict[tuple[str, str], list[dict]] = {}
    for r in facts:
        fact = (r["fact"], r["graph"])
        everyone = [(r["graph"], w) for w in sorted(people[fact])]
        # as fact-details.rq's OPTIONALs: the names of any speaker or owner, and the organisations of
        # any of their participations (none when none of them is listed)
        said = sorted({n for w in everyone for n in names.get(w, ())}) or [None]
        on_behalf = sorted({o for w in everyone for orgs in listed.get(w, {}).values() for o in orgs},
                           key=lambda o: (o[0] is not None, o)) or [(None, None)]
        for m in meetings.get((r["graph"], r["meeting"]), []):
            for name, (organisation, organisation_name) in itertools.product(said, on_behalf):
                row = {**r, "date": m["date"], "boardAcronym": m.get("boardAcronym"), "whoName": name,
                       "organisation": organisation, "organisationName": organisation_name}
                found.setdefault(fact, []).append({k: v for k, v in row.items() if v is not None})
    return found


def fact_entries(keys: list[dict]) -> list[dict]:
    """The facts named by KEYS (rows with "fact" and "graph"), in KEYS' order, described for a list
    (a fact with several rows, :func:`fact_rows`, by the last of them in their sorted order)."""
    details = fact_rows(keys)
    return [_entry(max(details[k["fact"], k["graph"]], key=_row_order)) for k in keys
            if (k["fact"], k["graph"]) in details]


def _row_order(row: dict) -> list:
    return sorted((k, str(v)) for k, v in row.items())


def first_entries(keys: list[dict], count: int) -> list[dict]:
    """The first COUNT entries of :func:`fact_entries` (KEYS) with distinct facts (an action point is
    listed once per meeting recording it): only the first key of each fact is described when each of
    them has an entry (100 facts described for a feed of 50 before), else every key as before."""
    firsts: dict[str, dict] = {}
    for k in keys:
        if len(firsts) == count:
            break
        firsts.setdefault(k["fact"], k)
    described = fact_entries(list(firsts.values()))
    if len(described) == len(firsts):
        return described
    entries: dict[str, dict] = {}
    for entry in fact_entries(keys):
        entries.setdefault(entry["iri"], entry)
    return list(entries.values())[:count]


def _entry(r: dict) -> dict:
    return {"iri": r["fact"], "kind": _KINDS.get(r["type"], "fact"), "url": page_url(r["fact"]),
            "text": r.get("text"), "date": r["date"], "meeting": ref(r["meeting"], r["date"]),
            "board": r.get("boardAcronym"), "item": r.get("itemTitle"),
            "speechAct": concept(r.get("speechAct"), r.get("speechActLabel")),
            "who": ref(r.get("who"), r.get("whoName")),
            "organisation": ref(r.get("organisation"), r.get("organisationName")),
            "status": status_name(r.get("status"))}
