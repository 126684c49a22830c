"""Totals the pages need, kept in the store at load time instead of counted at view time.

Counting over 10,000 meetings takes seconds even in Oxigraph, so every write of documents (graph/writer.py)
also updates, in the same transaction, exact totals in the named graph :data:`AGGREGATES_GRAPH`:

* counters keyed by strings: statements per topic, statements per (topic, speaker), (topic,
  organisation spoken for) and (board, topic), the documents each meeting, person and action point
  appears in (their number of distinct ones is kept too), and the documents naming a person as an
  action point's owner (with the number of distinct action points each person owns);
* a topic's trend per month (key "topic-month" TOPIC MONTH WHAT): the meetings discussing it that
  month (WHAT = "meetings") and the statements, decisions and action points on it at them (WHAT =
  "Statement", "Decision", "ActionPoint"), the meetings of each board discussing it ("topic-board")
  and the meetings held each month ("month-meetings"), so the trend reads a few counters a month
  however many meetings there are;
* the pictures' co-occurrence counters (graph/analysis.py), bounded by the thesaurus and the people
  and organisations, not by the meetings: facts (statements, decisions, action points) tagged with a
  topic and with each pair of topics, meetings discussing each pair of topics, meetings each person
  attended and each organisation was represented at and each pair's meetings together (a pair once,
  in code point order: ``agg:by1`` and ``agg:by2`` find one thing's partners). An action point is shared by the
  documents raising and reviewing it, so its topics are counted once, as the union of the documents'
  tags: per-(action, topic) document counters ("action-topic") give the union before and after a
  write (:func:`_action_tag_changes`); for the /network overview, each person's and organisation's
  distinct partners ("person-partners") and shared meetings summed over them ("person-links"), the
  number of people, organisations and pairs ("distinct"), each person's meetings per board
  ("person-board") and their number of boards ("person-boards"); and a topic's meetings per year, and the meetings of each
  (topic, year) (key "TOPIC YEAR"), so the first day a topic was discussed is found among one year's
  meetings;
* the names documents give people and boards (foaf:name, kind "name"), organisations and boards
  (skos:prefLabel, kind "label") and their acronyms (skos:altLabel, kind "acronym"): key (KIND, thing,
  text, language or ""), counting the documents stating each, with the name as stated (``agg:name``, its
  language kept); ``agg:nameOf``, ``agg:labelOf`` and ``agg:acronymOf`` (the thing as a plain string)
  join them to the key part of any other counter, so a counted twin
  (graph/queries/counted/) names the people or organisations it counts without reading the name stated
  again in each of thousands of documents;
* each board's meetings ("board-meeting": the documents recording each meeting of the board, with their
  distinct number per board, "board-meetings") and the days it met ("board-day"), and its span: the
  first and the last of those days with its number of meetings (a node of kind "board-span", ``agg:first``,
  ``agg:last``, ``agg:meetings``), kept from the day counters that appear or go (a board's first or last
  day removed: its remaining day counters are read again), so the list of boards reads 67 nodes at 10,000
  meetings instead of every meeting's date;
* the current state of each action point (the latest meeting whose minutes raise it): its date, board,
  notation, status and owners, for the tracker's filters and paging, and its order: the negated
  date as a number (``agg:day``, compared without reading strings), then one sort key (:func:`sort_key`)
  for the actions of one day.

A counter is a node ``<urn:boardgraph:aggregates:KIND:SHA1>`` with ``agg:kind``, ``agg:k1``.. ``agg:k6`` (the
key, IRIs as plain strings so no inverse link of a resource ever leads here), ``agg:count``, and
``agg:by1``/``agg:by2`` = "KIND k1"/"KIND k2" (:func:`group`) so the pages find a thing's counters with
one bound pattern.
:func:`aggregate_update` reads the old contribution of each document being replaced (its graph as
stored), adds the new one and writes the changed totals as DELETE DATA / INSERT DATA, to be run with
the graph replacement as one update. Documents the store does not hold yet may instead be added with
``agg:pending`` marks (:func:`pending_marks`) and the counters the store does not hold yet
(:class:`AggregateChange`) in one transaction, and counted in a second that also removes the marks
(:func:`clear_pending`); while a mark is there :func:`has_aggregates` is False, and the next write
recounts everything from the stored documents first (graph/recount.py, with :func:`counted_afresh`).
This reads before it writes, which is exact with one writer
(the embedded store allows one read-write opener); two processes loading into one SPARQL server at
the same time could lose an update, so load into a server from one process, or recount after
(``load.py aggregates``, graph/recount.py).
"""
from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib import RDF, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, XSD

from graph.namespaces import BG, SCHEMA, SKOS
from graph.store import GraphStore, SerialisedTriples, serialise_for_update, to_oxigraph

__all__ = ["AGG", "AGGREGATES_GRAPH", "VERSION", "group", "aggregate_update", "aggregate_change", "AggregateChange", "counted_afresh", "VERSION_TRIPLE", "is_empty", "stored_documents", "has_aggregates", "contribution",
           "ActionRecord", "ActionState", "action_state", "action_records", "fact_tags", "snapshot", "Contribution", "contribution_of", "pending_marks",
           "clear_pending", "totals"]

AGG = Namespace("https://w3id.org/boardgraph/aggregates#")
AGGREGATES_GRAPH = "urn:boardgraph:aggregates"
_NODE = "urn:boardgraph:aggregates:"
_KEYS = [AGG[f"k{i}"] for i in range(1, 7)]
_COUNT = AGG["count"]
#: the kinds whose distinct keys are also counted (under ("distinct", KIND))
_DISTINCT = ("meeting-docs", "person-docs", "action-docs", "person-meetings", "organisation-meetings", "person-pair",
             "organisation-pair")
#: the kinds keyed (thing, other) whose distinct others per thing are counted too, under (KIND, thing)
_DISTINCT_PER = {"owner-action": "owner-actions", "person-board": "person-boards", "board-meeting": "board-meetings"}
#: the pair kinds whose distinct partners of each thing are counted too, under (KIND, thing)
_PARTNERS = {"person-pair": "person-partners", "organisation-pair": "organisation-partners"}
#: the name kinds, with the predicate joining each name counter to the thing it names (its key part k1)
_NAMED_BY = {"name": AGG.nameOf, "label": AGG.labelOf, "acronym": AGG.acronymOf}
#: the layout of the aggregates graph: a store keeping another version is counted afresh on its next write
VERSION = 13
_INVERTED = str.maketrans("0123456789", "9876543210")
_FACT_TYPES = {BG.Statement: "Statement", BG.Decision: "Decision", BG.ActionPoint: "ActionPoint"}

Key = tuple[str, ...]


def contribution(graph_iri: str, graph: rdflib.Graph) -> Counter[Key]:
    """What one document's graph adds to each counter."""
    found: Counter[Key] = Counter()
    typed = lambda cls: set(graph.subjects(RDF.type, cls))  # noqa: E731
    meetings = typed(BG.Meeting)
    for kind, cls in (("meeting-docs", BG.Meeting), ("person-docs", FOAF.Person), ("action-docs", BG.ActionPoint)):
        for thing in typed(cls):
            found[(kind, str(thing))] = 1
    for action in typed(BG.ActionPoint):
        for owner in graph.objects(action, BG.owner):
            if graph.value(owner, FOAF.name) is not None:
                found[("owner-action", str(owner), str(action))] = 1
    for kind, predicate in (("name", FOAF.name), ("label", SKOS.prefLabel), ("acronym", SKOS.altLabel)):
        for thing, name in graph.subject_objects(predicate):
            found[(kind, str(thing), str(name), getattr(name, "language", None) or "")] = 1
    statements = typed(BG.Statement)
    found[("statements",)] += len(statements)
    months = {meeting: _month(graph, meeting) for meeting in meetings}
    for meeting, month in months.items():
        if month is None:
            continue
        board, date = graph.value(meeting, BG.board), graph.value(meeting, DCTERMS.date)
        found[("month-meetings", month)] += 1
        found[("board-meeting", str(board), str(meeting))] += 1
        found[("board-day", str(board), str(date))] += 1
        for topic in graph.objects(meeting, DCTERMS.subject):
            found[("topic-board", str(topic), str(board))] += 1
            found[("topic-month", str(topic), month, "meetings")] += 1
            found[("topic-year", str(topic), month[:4])] += 1
            found[("topic-year-meeting", f"{topic} {month[:4]}", str(meeting), graph_iri, str(date))] += 1
    found.update(_pairs(graph, meetings))
    for fact in typed(BG.Statement) | typed(BG.Decision):
        found.update(fact_tags(set(map(str, graph.objects(fact, DCTERMS.subject)))))
    for action in typed(BG.ActionPoint):
        for topic in graph.objects(action, DCTERMS.subject):
            found[("action-topic", str(action), str(topic))] = 1
    for statement in statements:
        boards = {board for item in graph.objects(statement, DCTERMS.isPartOf)
                  for meeting in graph.objects(item, DCTERMS.isPartOf) for board in graph.objects(meeting, BG.board)}
        for board, topic in itertools.product(boards, set(graph.objects(statement, DCTERMS.subject))):
            found[("board-topic", str(board), str(topic))] += 1
        speaker = graph.value(statement, BG.speaker)
        organisations = set()
        if speaker is not None:
            for participation in graph.subjects(BG.participant, speaker):
                organisations.update(graph.objects(participation, BG.onBehalfOf))
        for topic in graph.objects(statement, DCTERMS.subject):
            found[("topic-statements", str(topic))] += 1
            if speaker is not None:
                found[("topic-person", str(topic), str(speaker))] += 1
            for organisation in organisations:
                found[("topic-organisation", str(topic), str(organisation))] += 1
    for cls, name in _FACT_TYPES.items():
        for fact in typed(cls):
            for item in graph.objects(fact, DCTERMS.isPartOf):
                for meeting in set(graph.objects(item, DCTERMS.isPartOf)) & meetings:
                    for topic in graph.objects(fact, DCTERMS.subject):
                        if months[meeting] is not None and (meeting, DCTERMS.subject, topic) in graph:
                            found[("topic-month", str(topic), months[meeting], name)] += 1
    return +found


def _month(graph: rdflib.Graph, meeting) -> str | None:
    """The month ("YYYY-MM") of MEETING when it has a date and a board (else it is not counted per month)."""
    date = graph.value(meeting, DCTERMS.date)
    return str(date)[:7] if date is not None and graph.value(meeting, BG.board) is not None else None


def _pairs_of(kind: str, members: Iterable[str]) -> Counter[Key]:
    """One count for each pair of distinct MEMBERS under KIND, in code point order (``agg:by1`` finds
    a thing's pairs where it comes first, ``agg:by2`` where it comes second)."""
    return Counter((kind, a, b) for a, b in itertools.combinations(sorted(set(members)), 2))


def fact_tags(topics: set[str]) -> Counter[Key]:
    """What one fact tagged with TOPICS adds: its topics ("topic-facts-all") and their pairs."""
    return Counter({("topic-facts-all", t): 1 for t in topics}) + _pairs_of("topic-pair-facts", topics)


def _pairs(graph: rdflib.Graph, meetings: set) -> Counter[Key]:
    """Per meeting: its topics' pairs, the people present (not apologies) and the organisations
    represented (someone present on their behalf), each one and each pair."""
    found: Counter[Key] = Counter()
    for meeting in meetings:
        found.update(_pairs_of("topic-pair-meetings", map(str, graph.objects(meeting, DCTERMS.subject))))
        people = {str(p) for p in graph.objects(meeting, SCHEMA.attendee) if graph.value(p, FOAF.name) is not None}
        organisations = {str(o) for participation in graph.subjects(BG.meeting, meeting)
                         if any(r != BG.Apologies for r in graph.objects(participation, BG.role))
                         for o in graph.objects(participation, BG.onBehalfOf)
                         if graph.value(o, SKOS.prefLabel) is not None}
        for kind, members in (("person", people), ("organisation", organisations)):
            found.update({(f"{kind}-meetings", m): 1 for m in members})
            found.update({(f"{kind}-links", m): len(members) - 1 for m in members})
            found.update(_pairs_of(f"{kind}-pair", members))
        board = graph.value(meeting, BG.board)
        found.update({("person-board", p, str(board)): 1 for p in people if board is not None})
    return found


def _changed_action_topics(old: Counter[Key], new: Counter[Key]) -> dict[str, set[Key]]:
    """Each action point's "action-topic" keys that OLD or NEW change."""
    keys_of: dict[str, set[Key]] = {}
    for key in (*old, *new):
        if key[0] == "action-topic":
            keys_of.setdefault(key[1], set()).add(key)
    return keys_of


def _stored_action_topics(store: GraphStore, actions: Iterable[str]) -> dict[str, Counter[str]]:
    """The stored "action-topic" counters of ACTIONS: action -> topic -> documents tagging it so."""
    found: dict[str, Counter[str]] = {}
    groups = " ".join(_term(group("action-topic", a)) for a in sorted(actions))
    if groups:
        for row in store.select(f"SELECT ?a ?t ?c WHERE {{ VALUES ?g {{ {groups} }} GRAPH <{AGGREGATES_GRAPH}> "
                                f"{{ ?n <{AGG.by1}> ?g ; <{AGG.k1}> ?a ; <{AGG.k2}> ?t ; <{_COUNT}> ?c }} }}"):
            found.setdefault(str(row["a"]), Counter())[str(row["t"])] = int(row["c"])
    return found


def _action_tag_changes(keys_of: dict[str, set[Key]], before: dict[str, Counter[str]], old: Counter[Key],
                        new: Counter[Key]) -> Counter[Key]:
    """The change of the topic counters (:func:`fact_tags`) of the action points whose
    "action-topic" counters OLD and NEW change (KEYS_OF, :func:`_changed_action_topics`; BEFORE: their
    stored ones, absent = none): each action counts once with the union of the topics its documents
    give it, before and after (positive and negative counts)."""
    change: Counter[Key] = Counter()
    for action in sorted(keys_of):
        stored = before.get(action, Counter())
        after = Counter(stored)
        for key in keys_of[action]:
            after[key[2]] += new[key] - old[key]
        change.update(fact_tags({t for t, c in after.items() if c > 0}))
        change.subtract(fact_tags({t for t, c in stored.items() if c > 0}))
    return change


def _distinct_change(key: Key, before: int, after: int) -> Counter[Key]:
    """How counter KEY going from BEFORE to AFTER changes the counts of distinct things: of its kind
    (_DISTINCT), of its first part's others (_DISTINCT_PER), of a pair's partners (_PARTNERS)."""
    change: Counter[Key] = Counter()
    if (before > 0) == (after > 0):
        return change
    step = 1 if after > 0 else -1
    if key[0] in _DISTINCT:
        change[("distinct", key[0])] += step
    if key[0] in _DISTINCT_PER:
        change[(_DISTINCT_PER[key[0]], key[1])] += step
    if key[0] in _PARTNERS:
        for thing in key[1:3]:
            change[(_PARTNERS[key[0]], thing)] += step
    return change


@dataclass(frozen=True)
class ActionRecord:
    """One document's record of an action point it raises (bg:raisedIn) or reviews (bg:reviewedIn):
    the tracker's inputs."""

    action: str
    graph: str
    date: str
    board: str
    board_name: str
    notation: str
    status: str
    owners: tuple[str, ...]


def action_records(graph_iri: str, graph: rdflib.Graph) -> list[ActionRecord]:
    """The action points GRAPH raises or reviews, as the tracker reads them."""
    records = []
    recorded = [*graph.subject_objects(BG.raisedIn), *graph.subject_objects(BG.reviewedIn)]
    for action, meeting in recorded:
        if (action, RDF.type, BG.ActionPoint) not in graph:
            continue
        date, board = graph.value(meeting, DCTERMS.date), graph.value(meeting, BG.board)
        notation, status = graph.value(action, SKOS.notation), graph.value(action, SCHEMA.actionStatus)
        if None in (date, board, notation, status) or graph.value(action, SCHEMA.description) is None:
            continue
        records.append(ActionRecord(str(action), graph_iri, str(date), str(board),
                                    str(graph.value(board, FOAF.name) or ""), str(notation), str(status),
                                    tuple(sorted(str(o) for o in graph.objects(action, BG.owner)))))
    return records


@dataclass(frozen=True)
class Contribution:
    """What one document gives the aggregates: its counters and its action records (an empty
    contribution removes a document). Small and picklable: a bulk-load worker computes it."""

    graph_iri: str
    counts: Counter[Key]
    actions: tuple[ActionRecord, ...]


def contribution_of(graph_iri: str, graph: rdflib.Graph) -> Contribution:
    """GRAPH's :class:`Contribution` (an empty graph gives an empty one)."""
    return Contribution(graph_iri, contribution(graph_iri, graph), tuple(action_records(graph_iri, graph)))


def _node(key: Key) -> str:
    return _NODE + key[0] + ":" + hashlib.sha1("\x1f".join(key).encode()).hexdigest()


def _term(value) -> str:
    """VALUE (a term, a count or a plain string) in N-Triples syntax; counts and strings are written
    without building an rdflib term first (the writer writes thousands of counters a batch)."""
    if type(value) is int:
        return f'"{value}"^^<{XSD.integer}>'
    if type(value) is str:
        return str(ox.Literal(value))
    return str(to_oxigraph(value if isinstance(value, (URIRef, Literal)) else Literal(value)))


def group(kind: str, part: str) -> Literal:
    """The value of ``agg:by1`` (``agg:by2``) of the counters of KIND whose key part k1 (k2) is PART: one
    pattern with a bound value finds them, where kind and k1 would be joined over every counter of either."""
    return Literal(_group_text(kind, part))


def _group_text(kind: str, part: str) -> str:
    """:func:`group`'s text (the writer writes it without building a Literal)."""
    return f"{kind} {part}"


def _counter_triples(key: Key, count: int) -> list[str]:
    node = f"<{_node(key)}>"
    lines = [f"{node} <{AGG.kind}> {_term(key[0])}"]
    lines += [f"{node} <{k}> {_term(v)}" for k, v in zip(_KEYS, key[1:])]
    lines += [f"{node} <{by}> {_term(_group_text(key[0], part))}" for by, part in zip((AGG.by1, AGG.by2), key[1:3])]
    if key[0] in _NAMED_BY:
        name = Literal(key[2], lang=key[3] or None)
        lines += [f"{node} <{_NAMED_BY[key[0]]}> {_term(key[1])}", f"{node} <{AGG.name}> {_term(name)}"]
    lines.append(f"{node} <{_COUNT}> {_term(count)}")
    return lines


def _count_change(key: Key, before: int, after: int) -> tuple[list[str], list[str]]:
    """The triples to delete and to insert to take counter KEY from BEFORE to AFTER (0 = absent): a
    counter that exists on both sides only changes its count."""
    if before and after:
        node, count = f"<{_node(key)}>", f"<{_COUNT}>"
        return [f"{node} {count} {_term(before)}"], [f"{node} {count} {_term(after)}"]
    return (_counter_triples(key, before) if before else []), (_counter_triples(key, after) if after else [])


@dataclass(frozen=True)
class ActionState:
    """The current state of one action point, as the tracker filters and orders it."""

    action: str
    board: str
    day: int  # the newest date negated as a number (ascending = newest first)
    sort: str  # :func:`sort_key` of the newest record
    statuses: tuple[str, ...]
    owners: tuple[str, ...]  # ("nobody",) when no record names an owner


def action_state(records: Sequence[ActionRecord]) -> ActionState:
    """The current state of one action point from all its records: the status its records of the newest
    date give, and the owners the newest record naming any gives (a review often prints no owner).
    Records of one date keep their given order (the first is taken as the newest)."""
    records = sorted(records, key=lambda r: r.date, reverse=True)
    latest = records[0]
    owners = next(([r for r in records if r.date == named.date and r.owners]
                   for named in records if named.owners), [])
    digits = latest.notation if latest.notation.isdigit() else None
    day = -int(latest.date.replace("-", "")) if latest.date.replace("-", "").isdigit() else 0
    return ActionState(latest.action, latest.board, day,
                       sort_key(latest.date, latest.board_name, int(digits) if digits else -1, latest.action),
                       tuple(sorted({r.status for r in records if r.date == latest.date})),
                       tuple(sorted({o for r in owners for o in r.owners})) or ("nobody",))


def _action_triples(records: list[ActionRecord]) -> list[str]:
    """The triples of one action point's current state (:func:`action_state`)."""
    state = action_state(records)
    node = f"<{_node(('action', state.action))}>"
    lines = [f"{node} <{AGG.kind}> {_term('action')}", f"{node} <{AGG.k1}> {_term(state.action)}",
             f"{node} <{AGG.board}> {_term(state.board)}", f"{node} <{AGG.day}> {_term(Literal(state.day))}",
             f"{node} <{AGG.sort}> {_term(state.sort)}"]
    lines += [f"{node} <{AGG.status}> {_term(status)}" for status in state.statuses]
    lines += [f"{node} <{AGG.owner}> {_term(owner)}" for owner in state.owners]
    return lines


def sort_key(date: str, board_name: str, number: int, action: str) -> str:
    """One string whose ascending order is the tracker's order: newest date first (its digits
    inverted), then board name, then highest number first (a notation that is not a number, -1, last),
    then action IRI; fields joined by U+001F, which sorts before any character of a name."""
    newest_first = date.translate(_INVERTED)
    return "\x1f".join((newest_first, board_name, f"{10 ** 12 - number:013d}", action))


@dataclass(frozen=True)
class BoardSpan:
    """A board's first and last meeting days (ISO dates) and its number of meetings."""

    first: str
    last: str
    meetings: int


def _span_triples(board: str, span: BoardSpan) -> list[str]:
    """The triples of BOARD's "board-span" node."""
    node = f"<{_node(('board-span', board))}>"
    return [f"{node} <{AGG.kind}> {_term('board-span')}", f"{node} <{AGG.k1}> {_term(board)}",
            f"{node} <{AGG.first}> {_term(Literal(span.first, datatype=XSD.date))}",
            f"{node} <{AGG.last}> {_term(Literal(span.last, datatype=XSD.date))}",
            f"{node} <{AGG.meetings}> {_term(span.meetings)}"]


def _spans_of(days: Iterable[tuple[str, str]], meetings: dict[str, int]) -> dict[str, BoardSpan]:
    """Each board's span from its DAYS ((board, day) pairs of positive day counters) and its number of
    MEETINGS (a board with none has no span)."""
    found: dict[str, list[str]] = {}
    for board, day in days:
        found.setdefault(board, []).append(day)
    return {board: BoardSpan(min(found[board]), max(found[board]), count)
            for board, count in meetings.items() if count > 0 and found.get(board)}


def _stored_spans(store: GraphStore, boards: Iterable[str]) -> dict[str, BoardSpan]:
    """The stored spans of BOARDS (a board without one is absent)."""
    nodes = {_node(("board-span", board)): board for board in boards}
    first, last, meetings = (store.values_of(list(nodes), str(p), AGGREGATES_GRAPH) for p in (AGG.first, AGG.last, AGG.meetings))
    return {board: BoardSpan(first[node], last[node], int(meetings[node]))
            for node, board in nodes.items() if node in first and node in last and node in meetings}


def _stored_days(store: GraphStore, board: str) -> set[str]:
    """The days of BOARD's stored "board-day" counters."""
    rows = store.select(f"SELECT ?day WHERE {{ GRAPH <{AGGREGATES_GRAPH}> {{ ?n <{AGG.by1}> "
                        f"{_term(_group_text('board-day', board))} ; <{AGG.k2}> ?day }} }}")
    return {str(row["day"]) for row in rows}


def _span_change(store: GraphStore, days: dict[Key, tuple[int, int]], meetings: dict[str, int]) -> tuple[list[str], list[str]]:
    """The triples to delete and to insert to keep the spans of the boards whose "board-day" counters appear
    or go (DAYS: key -> its count before and after) or whose number of meetings changes (MEETINGS: board ->
    the number after). Only a board whose first or last day goes (or that had no span) has its days read again."""
    boards = {key[1] for key in days} | set(meetings)
    stored = _stored_spans(store, boards)
    deletes: list[str] = []
    inserts: list[str] = []
    for board in sorted(boards):
        before = stored.get(board)
        changed = {key[2]: after for key, (_, after) in days.items() if key[1] == board}
        gone = {day for day, after in changed.items() if not after}
        if before is None or {before.first, before.last} & gone:
            held = _stored_days(store, board)
        else:
            held = {before.first, before.last}
        held = (held - gone) | {day for day, after in changed.items() if after}
        count = meetings.get(board, before.meetings if before else 0)
        after = _spans_of(((board, day) for day in held), {board: count}).get(board)
        if after != before:
            deletes += _span_triples(board, before) if before else []
            inserts += _span_triples(board, after) if after else []
    return deletes, inserts


#: the layout marker: while the aggregates graph holds it (and no pending mark), the totals are exact
VERSION_TRIPLE = f"<{AGGREGATES_GRAPH}> <{AGG.version}> {_term(Literal(VERSION))}"


def has_aggregates(store: GraphStore) -> bool:
    """Whether the store keeps exact aggregates (written by graph/writer.py or recounted by graph/recount.py): the
    layout marker is there and no document is waiting to be counted (:func:`pending_marks`)."""
    return store.ask(f"ASK {{ GRAPH <{AGGREGATES_GRAPH}> {{ {VERSION_TRIPLE} }} "
                     f"FILTER NOT EXISTS {{ GRAPH <{AGGREGATES_GRAPH}> {{ <{AGGREGATES_GRAPH}> <{AGG.pending}> ?document }} }} }}")


def pending_marks(graph_iris: Iterable[str]) -> SerialisedTriples:
    """The aggregates-graph triples saying that the documents GRAPH_IRIS are stored but not yet counted.

    graph/writer.py adds new documents with these marks in one transaction, then applies the
    aggregates' update and removes the marks (:func:`clear_pending`) in a second one. While marks are
    there :func:`has_aggregates` is False, so readers count from the documents instead, and the next
    write after a crash between the two transactions counts everything afresh."""
    return serialise_for_update([(URIRef(AGGREGATES_GRAPH), AGG.pending, URIRef(iri)) for iri in sorted(set(graph_iris))],
                                "pending")


def clear_pending(graph_iris: Iterable[str]) -> str:
    """The SPARQL Update removing the marks :func:`pending_marks` wrote."""
    marks = pending_marks(graph_iris)
    return f"DELETE DATA {{ GRAPH <{AGGREGATES_GRAPH}> {{\n{marks.text}\n}} }}" if marks.count else ""


def is_empty(store: GraphStore) -> bool:
    """Whether the store holds no triple in any named graph."""
    return not store.ask("ASK { GRAPH ?g { ?s ?p ?o } }")


def stored_documents(store: GraphStore, among: Iterable[str] | None = None) -> list[str]:
    """The stored documents' graphs (those of AMONG only, when given: one bound lookup each)."""
    values = "" if among is None else f"VALUES ?g {{ {' '.join(_term(URIRef(g)) for g in among)} }}"
    rows = store.select(f"SELECT DISTINCT ?g WHERE {{ {values} GRAPH ?g {{ ?m a bg:Meeting }} }}")
    return [str(r["g"]) for r in rows]


def totals(store: GraphStore, keys: Iterable[Key]) -> dict[Key, int]:
    """The stored totals of KEYS (absent = 0)."""
    nodes = {_node(k): k for k in keys}
    return {nodes[node]: int(count) for node, count in store.values_of(list(nodes), str(_COUNT), AGGREGATES_GRAPH).items()}


def _stored_records(store: GraphStore, actions: set[str], replaced: set[str]) -> list[ActionRecord]:
    """The records of ACTIONS in the stored documents other than REPLACED."""
    records: list[ActionRecord] = []
    listed = sorted(actions)
    for start in range(0, len(listed), 500):
        values = " ".join(str(to_oxigraph(URIRef(a))) for a in listed[start:start + 500])
        # every pattern hangs off the bound action, and owners come in a second query: with OPTIONALs
        # Oxigraph read far more than these actions (1.3 s against ~0.15 s for 300 at 1,000 meetings)
        query = f"""SELECT ?action ?g ?date ?board ?boardName ?notation ?status WHERE {{
          VALUES ?action {{ {values} }}
          GRAPH ?g {{ {{ ?action bg:raisedIn ?meeting }} UNION {{ ?action bg:reviewedIn ?meeting }}
                      ?action skos:notation ?notation ; schema:actionStatus ?status ; schema:description ?d ;
                              a bg:ActionPoint .
                      ?meeting dcterms:date ?date ; bg:board ?board . ?board foaf:name ?boardName }} }}"""
        owners_in: dict[tuple[str, str], set[str]] = {}  # (action, graph) -> owners
        for row in store.select(f"SELECT ?action ?g ?owner WHERE {{ VALUES ?action {{ {values} }} "
                                f"GRAPH ?g {{ ?action bg:owner ?owner }} }}"):
            owners_in.setdefault((str(row["action"]), str(row["g"])), set()).add(str(row["owner"]))
        grouped: dict[tuple, set[str]] = {}
        for row in store.select(query):
            if str(row["g"]) not in replaced:
                head = tuple(str(row[v]) for v in ("action", "g", "date", "board", "boardName", "notation", "status"))
                grouped.setdefault(head, set()).update(owners_in.get((head[0], head[1]), set()))
        records += [ActionRecord(*head, tuple(sorted(owners))) for head, owners in grouped.items()]
    return records


def _latest(records: Iterable[ActionRecord]) -> dict[str, list[ActionRecord]]:
    """Each action's records, newest date first."""
    by_action: dict[str, list[ActionRecord]] = {}
    for record in records:
        by_action.setdefault(record.action, []).append(record)
    return {a: sorted(found, key=lambda r: r.date, reverse=True) for a, found in by_action.items()}


def _data(operation: str, lines: list[str]) -> list[str]:
    if not lines:
        return []
    return [f"{operation} {{ GRAPH <{AGGREGATES_GRAPH}> {{\n" + " .\n".join(lines) + " .\n} }"]


@dataclass(frozen=True)
class AggregateChange:
    """What a write does to the aggregates: NEW_COUNTERS, the triples of counters the store does not
    hold yet (N-Triples lines without the final " ."), and the rest (deletions, changed counts, the
    action points' states, the version) as a SPARQL Update without them. A new document's counters
    can be added with its pending marks (they are new nodes, so nothing reads them while the marks
    say the totals are incomplete), which spares the update parsing most of its text."""

    new_counters: tuple[str, ...]
    operations: tuple[str, ...]
    inserts: tuple[str, ...]

    def update(self) -> str:
        """The SPARQL Update of everything but the new counters."""
        return " ;\n".join(self.operations + tuple(_data("INSERT DATA", list(self.inserts))))

    def whole(self) -> str:
        """The one SPARQL Update making the whole change, new counters included."""
        return " ;\n".join(self.operations + tuple(_data("INSERT DATA", [*self.inserts, *self.new_counters])))

    def new_counter_triples(self) -> SerialisedTriples:
        """NEW_COUNTERS ready for :meth:`GraphStore.add_graphs`."""
        return SerialisedTriples.from_lines(self.new_counters)


def aggregate_update(store: GraphStore, documents: Sequence[Contribution]) -> str:
    """The SPARQL Update that brings the aggregates from the store's current documents to the store
    after DOCUMENTS (each one's :class:`Contribution`; an empty one removes the document) are written;
    run it in the same update as the replacement. The store's aggregates must be current
    (:func:`has_aggregates`) or the store hold nothing yet: graph/writer.py recounts them first
    otherwise (graph/recount.py)."""
    return aggregate_change(store, documents).whole()


def aggregate_change(store: GraphStore, documents: Sequence[Contribution]) -> AggregateChange:
    """:func:`aggregate_update`'s change with the new counters apart (:class:`AggregateChange`)."""
    replaced = {document.graph_iri for document in documents}
    old: Counter[Key] = Counter()
    new: Counter[Key] = Counter()
    records: list[ActionRecord] = []
    affected: set[str] = set()
    for iri in sorted(stored_documents(store, sorted(replaced))):
        graph = store.graph(iri)
        old.update(contribution(iri, graph))
        affected.update(r.action for r in action_records(iri, graph))
    for document in documents:
        new.update(document.counts)
        affected.update(r.action for r in document.actions)
        records += document.actions
    changed_topics = _changed_action_topics(old, new)
    tag_changes = _action_tag_changes(changed_topics, _stored_action_topics(store, changed_topics), old, new)
    for key, change in tag_changes.items():
        (new if change > 0 else old)[key] += abs(change)
    records += _stored_records(store, affected, replaced)
    keys = set(old) | set(new)
    counted = totals(store, keys)
    deletes: list[str] = []
    inserts: list[str] = []
    new_counters: list[str] = []
    distinct: Counter[Key] = Counter()
    days: dict[Key, tuple[int, int]] = {}
    for key in sorted(keys):
        before = counted.get(key, 0)
        after = before - old[key] + new[key]
        if after == before:
            continue
        distinct.update(_distinct_change(key, before, after))
        if key[0] == "board-day" and (before > 0) != (after > 0):
            days[key] = (before, after)
        removed, added = _count_change(key, before, after)
        deletes += removed
        (inserts if before else new_counters).extend(added)
    distinct_totals = totals(store, distinct)
    for key, change in sorted(distinct.items()):
        before = distinct_totals.get(key, 0)
        removed, added = _count_change(key, before, before + change)
        deletes += removed
        (inserts if before else new_counters).extend(added)
    meetings = {key[1]: distinct_totals.get(key, 0) + change for key, change in distinct.items() if key[0] == "board-meetings"}
    removed, added = _span_change(store, days, meetings)
    deletes += removed
    inserts += added
    for state in _latest(records).values():
        inserts += _action_triples(state)
    operations = _data("DELETE DATA", deletes)
    if affected:
        values = " ".join(f"<{_node(('action', a))}>" for a in sorted(affected))
        operations.append(f"DELETE {{ GRAPH <{AGGREGATES_GRAPH}> {{ ?n ?p ?o }} }} WHERE {{ VALUES ?n {{ {values} }} "
                          f"GRAPH <{AGGREGATES_GRAPH}> {{ ?n ?p ?o }} }}")
    inserts.append(VERSION_TRIPLE)
    return AggregateChange(tuple(new_counters), tuple(operations), tuple(inserts))


def counted_afresh(counts: Counter[Key], records: Iterable[ActionRecord]) -> Iterator[str]:
    """Every triple of the aggregates graph but :data:`VERSION_TRIPLE` (N-Triples lines without the
    final " ."), for the stored documents whose contributions summed are COUNTS (each
    :func:`contribution`) and whose action records are RECORDS, in the order of their graphs' IRIs
    (graph/recount.py reads them). COUNTS gains the action points' topic counters."""
    changed_topics = _changed_action_topics(Counter(), counts)
    counts.update(_action_tag_changes(changed_topics, {}, Counter(), counts))
    distinct: Counter[Key] = Counter()
    for key, count in counts.items():
        if count > 0:
            distinct.update(_distinct_change(key, 0, count))
            yield from _counter_triples(key, count)
    for key, count in distinct.items():
        yield from _counter_triples(key, count)
    days = ((key[1], key[2]) for key, count in counts.items() if key[0] == "board-day" and count > 0)
    for board, span in _spans_of(days, {key[1]: n for key, n in distinct.items() if key[0] == "board-meetings"}).items():
        yield from _span_triples(board, span)
    for state in _latest(records).values():
        yield from _action_triples(state)


def snapshot(store: GraphStore) -> set[tuple[str, str, str]]:
    """Every triple of the aggregates graph (for tests: incremental == rebuilt)."""
    return {(str(s), str(p), str(o)) for s, p, o, _ in store.quads(AGGREGATES_GRAPH)}
