"""The load-time aggregates: kept by graph/writer.py through loads, reloads, changes and removals, they
always equal a recount from scratch, and they agree with the queries that count over the documents."""
from __future__ import annotations

from collections import Counter

import pytest
import rdflib
from rdflib import RDF

from bench.synth import write_corpus
from graph.aggregates import (AGG, AGGREGATES_GRAPH, aggregate_change, aggregate_update, group, has_aggregates, pending_marks,
                              snapshot, sort_key)
from graph.namespaces import BG, DCTERMS, SCHEMA
from graph.pipeline import process_file
from graph.queries import load_query
from graph.recount import rebuild
from graph.store import StoreError, load_vocabulary, open_store
from graph.writer import prepare_document, write_documents

BASE = "http://localhost:5000/id/"


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[tuple[str, rdflib.Graph]]:
    """Eight synthetic meetings of three boards, processed (people shared across boards, action reviews)."""
    out = tmp_path_factory.mktemp("synth")
    write_corpus(out, 8, seed=3, boards=3)
    found = [process_file(p, BASE) for p in sorted(out.iterdir()) if p.suffix in (".txt", ".md")]
    return [(str(d.built.graph_iri), d.built.graph) for d in found]


def recounted(store) -> set:
    """The aggregates recounted from scratch on the same store (then put back as they were)."""
    before = snapshot(store)
    rebuild(store)
    after = snapshot(store)
    assert has_aggregates(store)
    return after if after == before else after - before | {("differs", "", "")}


def test_incremental_equals_rebuilt(documents):
    with open_store() as store:
        load_vocabulary(store, BASE)
        assert not has_aggregates(store)
        write_documents(store, documents[:3])
        assert snapshot(store) == recounted(store)
        for iri, graph in documents[3:]:          # one at a time
            write_documents(store, [(iri, graph)])
        assert snapshot(store) == recounted(store)
        write_documents(store, documents[2:5])    # reloads: nothing changes
        assert snapshot(store) == recounted(store)
        changed = rdflib.Graph()
        for triple in documents[4][1]:
            changed.add(triple)
        for fact in list(changed.subjects(DCTERMS.subject, None))[:5]:
            changed.remove((fact, DCTERMS.subject, None))
        for action in list(changed.subjects(SCHEMA.actionStatus, None)):
            changed.set((action, SCHEMA.actionStatus, SCHEMA.CompletedActionStatus))
        write_documents(store, [(documents[4][0], changed)])
        assert snapshot(store) == recounted(store)
        write_documents(store, [(documents[1][0], rdflib.Graph()), (documents[6][0], rdflib.Graph())])  # removals
        assert snapshot(store) == recounted(store)
        write_documents(store, [(iri, rdflib.Graph()) for iri, _ in documents])
        assert {p for _, p, _ in snapshot(store)} == {"https://w3id.org/boardgraph/aggregates#version"}


def test_batches_of_new_documents_on_a_sparql_server_keep_the_earlier_batches_counts(documents, server_store):
    """A batch of new documents adds its counters with graph/writer.py's add_graphs; on a server that
    once replaced the aggregates graph, so each batch lost the counts of the ones before."""
    write_documents(server_store, documents[:4])
    write_documents(server_store, documents[4:])
    assert has_aggregates(server_store)
    assert snapshot(server_store) == recounted(server_store)


def test_store_without_aggregates_is_counted_on_first_write(documents):
    with open_store() as store:
        for iri, graph in documents[:4]:
            store.replace_graph(iri, graph)
        write_documents(store, documents[4:5])
        incremental = snapshot(store)
        assert incremental == recounted(store)
        assert aggregate_update(store, []).count("DELETE DATA") == 0  # nothing to change


def test_new_documents_stored_but_not_yet_counted_are_marked_and_counted_by_the_next_write(documents):
    """New documents go in with "not yet counted" marks, then the counts and the marks' removal
    (graph/writer.py). Stopped between the two, readers see has_aggregates False (and count for
    themselves); the next write counts everything afresh."""
    with open_store() as store:
        write_documents(store, documents[:3])
        assert has_aggregates(store) and not any(p == str(AGG.pending) for _, p, _ in snapshot(store))
        prepared = [prepare_document(iri, graph) for iri, graph in documents[3:5]]
        store.add_graphs({**{d.graph_iri: d.triples for d in prepared},
                          AGGREGATES_GRAPH: pending_marks(d.graph_iri for d in prepared)})  # the first half only
        assert not has_aggregates(store)
        write_documents(store, documents[5:6])
        assert has_aggregates(store)
        assert snapshot(store) == recounted(store)


def test_a_write_stopped_after_its_first_transaction_leaves_new_counters_marked_as_incomplete(documents, monkeypatch):
    """The first transaction adds the documents, their marks and the counters the store had not got
    (graph/writer.py); stopped before the second, the totals are marked incomplete and the next write
    recounts them exactly."""
    with open_store() as store:
        write_documents(store, documents[:3])
        counters_before = {s for s, _, _ in snapshot(store)}

        def stopped(_update: str) -> None:
            raise StoreError("stopped between the two transactions")

        monkeypatch.setattr(store, "update", stopped)
        with pytest.raises(StoreError):
            write_documents(store, documents[3:6])
        monkeypatch.undo()
        assert set(store.graph_iris()) >= {iri for iri, _ in documents[3:6]}
        assert not has_aggregates(store)
        added = {s for s, _, _ in snapshot(store)} - counters_before
        assert len(added) > 10 and all(s.startswith("urn:boardgraph:aggregates:") for s in added)
        write_documents(store, documents[6:7])
        assert has_aggregates(store)
        assert snapshot(store) == recounted(store)


def test_new_counters_are_apart_from_the_update(documents):
    with open_store() as store:
        write_documents(store, documents[:2])
        contributions = [prepare_document(iri, graph).contribution for iri, graph in documents[2:4]]
        change = aggregate_change(store, contributions)
        assert change.new_counters and change.new_counter_triples().count == len(change.new_counters)
        assert not any(line in change.update() for line in change.new_counters[:50])
        assert all(line in change.whole() for line in change.new_counters[:50])


def test_the_first_write_to_an_empty_store_counts_from_zero_without_recounting(documents):
    """Nothing stored: the counts from zero are exact, so the first write's new counters are bulk-added
    like any later write's (a recount would put them all in the update's text)."""
    with open_store() as store:
        change = aggregate_change(store, [prepare_document(iri, graph).contribution for iri, graph in documents[:3]])
        assert change.new_counters and "DROP" not in change.update()
        write_documents(store, documents[:3])
        assert has_aggregates(store) and snapshot(store) == recounted(store)


def test_a_things_counters_are_found_by_their_group(documents):
    """agg:by1 / agg:by2 ("KIND PART") name the same counters as matching the kind and the key part
    (an action point's state and a board's span are not counters)."""
    with open_store() as store:
        write_documents(store, documents)
        for by, part in ((AGG.by1, AGG.k1), (AGG.by2, AGG.k2)):
            keyed = store.select(f"""SELECT ?c ?kind ?part WHERE {{ GRAPH <{AGGREGATES_GRAPH}> {{
                ?c <{AGG.kind}> ?kind ; <{part}> ?part }} FILTER (?kind NOT IN ("action", "board-span")) }}""").rows
            grouped = {(str(r["c"]), str(r["g"])) for r in store.select(
                f"SELECT ?c ?g WHERE {{ GRAPH <{AGGREGATES_GRAPH}> {{ ?c <{by}> ?g }} }}").rows}
            assert keyed and grouped == {(str(r["c"]), str(group(str(r["kind"]), str(r["part"])))) for r in keyed}


def test_sort_key_orders_as_the_tracker():
    """Newest date first, then board name (a shorter name first), highest number first (no number last), IRI."""
    tracker_order = [("2021-05-04", "B", 3, "a"), ("2021-05-04", "B", 3, "b"), ("2021-05-04", "B", -1, "a"),
                     ("2021-05-04", "B board", 12, "a"), ("2021-05-03", "A", 100, "z"), ("2020-12-31", "A", 2, "a")]
    keys = [sort_key(*fields) for fields in tracker_order]
    assert sorted(keys) == keys


def pair_counters(store, kind: str, ordered: bool = True) -> dict[tuple[str, str], int]:
    """The counters of KIND keyed by two things (ORDERED: one order of each pair)."""
    rows = store.select(f"""SELECT ?a ?b ?c WHERE {{ GRAPH <{AGGREGATES_GRAPH}> {{
        ?n <{AGG.kind}> "{kind}" ; <{AGG.k1}> ?a ; <{AGG.k2}> ?b ; <{AGG["count"]}> ?c }} }}""").rows
    return {(str(r["a"]), str(r["b"])): int(r["c"]) for r in rows if str(r["a"]) < str(r["b"]) or not ordered}


def single_counters(store, kind: str) -> dict[str, int]:
    """The counters of KIND keyed by one thing."""
    rows = store.select(f"""SELECT ?a ?c WHERE {{ GRAPH <{AGGREGATES_GRAPH}> {{
        ?n <{AGG.kind}> "{kind}" ; <{AGG.k1}> ?a ; <{AGG["count"]}> ?c }} }}""").rows
    return {str(r["a"]): int(r["c"]) for r in rows}


def network_counts(graph, attribute: str) -> dict[tuple[str, str], int]:
    return {tuple(sorted(e)): data[attribute] for *e, data in graph.edges(data=True) if data[attribute]}


def test_pair_counters_equal_the_networks_counted_from_the_documents_after_replacing_and_removing(documents):
    """The pictures' counters (graph/analysis.py *_neighbourhood) stay what the networks count from
    the documents: an action point raised in one document and reviewed in another, each tagging it
    with other topics, counts once with the union of its topics, also when one of them goes."""
    from graph.analysis import board_person_network, organisation_network, people_network, topic_network
    graphs = [(iri, copied(graph)) for iri, graph in documents]
    actions = [set(g.subjects(RDF.type, BG.ActionPoint)) for _, g in graphs]
    first, second = next((i, j) for i in range(len(graphs)) for j in range(i + 1, len(graphs)) if actions[i] & actions[j])
    shared = sorted(actions[first] & actions[second])[0]
    topics = sorted({t for _, g in graphs for t in g.objects(None, DCTERMS.subject)})[:3]
    graphs[first][1].add((shared, DCTERMS.subject, topics[0]))
    graphs[second][1].add((shared, DCTERMS.subject, topics[1]))
    graphs[second][1].add((shared, DCTERMS.subject, topics[2]))

    def agree(store) -> None:
        found = topic_network(store)
        assert pair_counters(store, "topic-pair-facts") == network_counts(found, "statements")
        assert pair_counters(store, "topic-pair-meetings") == network_counts(found, "meetings")
        assert pair_counters(store, "person-pair") == network_counts(people_network(store), "weight")
        assert pair_counters(store, "organisation-pair") == network_counts(organisation_network(store), "weight")
        for kind, network in (("person", people_network(store)), ("organisation", organisation_network(store))):
            assert single_counters(store, f"{kind}-partners") == {n: d for n, d in network.degree if d}
            assert single_counters(store, f"{kind}-links") == {n: d for n, d in network.degree(weight="weight") if d}
            distinct = single_counters(store, "distinct")
            assert (distinct.get(f"{kind}-meetings"), distinct.get(f"{kind}-pair")) == \
                (network.number_of_nodes(), network.number_of_edges())
        boards = board_person_network(store)
        people = {p for p, kind in boards.nodes(data="kind") if kind == "person"}
        assert single_counters(store, "person-boards") == {p: boards.degree(p) for p in people}
        assert pair_counters(store, "person-board", ordered=False) == \
            {((u, v) if u in people else (v, u)): w for u, v, w in boards.edges(data="weight")}

    with open_store() as store:
        load_vocabulary(store, BASE)
        write_documents(store, graphs)
        assert tuple(sorted(map(str, topics[:2]))) in pair_counters(store, "topic-pair-facts")  # only in the union
        agree(store)
        write_documents(store, [(graphs[second][0], documents[second][1])])  # its extra topics go
        agree(store)
        write_documents(store, [(graphs[first][0], rdflib.Graph()), (graphs[-1][0], rdflib.Graph())])
        agree(store)


def trend_counters(store) -> Counter:
    """The trend's counters (topic per month, topic per board, meetings per month), keyed by kind and key."""
    rows = store.select(f"""SELECT ?kind ?a ?b ?c ?n WHERE {{ GRAPH <{AGGREGATES_GRAPH}> {{
        VALUES ?kind {{ "topic-month" "topic-board" "month-meetings" }}
        ?node <{AGG.kind}> ?kind ; <{AGG.k1}> ?a ; <{AGG["count"]}> ?n
        OPTIONAL {{ ?node <{AGG.k2}> ?b }} OPTIONAL {{ ?node <{AGG.k3}> ?c }} }} }}""").rows
    return Counter({tuple(str(r[v]) for v in ("kind", "a", "b", "c") if v in r): int(r["n"]) for r in rows})


def trend_counted(store) -> Counter:
    """The same counted from the documents with the queries topic_trend reads without counters."""
    found: Counter = Counter()
    rows = store.select(load_query("network-topic-trend")).rows
    for topic, meeting, board, date in {tuple(str(r[v]) for v in ("topic", "meeting", "board", "date")) for r in rows}:
        found["topic-month", topic, date[:7], "meetings"] += 1
        found["topic-board", topic, board] += 1
    for row in rows:
        if "type" in row:
            found["topic-month", str(row["topic"]), str(row["date"])[:7], str(row["type"]).rsplit("#", 1)[-1]] += \
                int(row["facts"])
    for row in store.select(load_query("network-months")).rows:
        found["month-meetings", str(row["month"])] += int(row["meetings"])
    return +found


def test_trend_counters_equal_the_counts_from_the_documents_after_replacing_and_removing(documents):
    """The topic trend's monthly counters (graph/analysis.py topic_trend) stay what the documents
    give: after adding, after a document's topics and facts change, after removals."""
    with open_store() as store:
        load_vocabulary(store, BASE)
        write_documents(store, documents[:5])
        assert trend_counters(store) == trend_counted(store) and trend_counted(store)
        write_documents(store, documents[5:])
        assert trend_counters(store) == trend_counted(store)
        changed = copied(documents[2][1])
        meeting = next(changed.subjects(RDF.type, BG.Meeting))
        for fact in sorted(changed.subjects(RDF.type, BG.Statement))[:6]:  # fewer facts on their topics
            changed.remove((fact, DCTERMS.subject, None))
        changed.remove((meeting, DCTERMS.subject, min(changed.objects(meeting, DCTERMS.subject))))  # one topic fewer
        write_documents(store, [(documents[2][0], changed)])
        assert trend_counters(store) == trend_counted(store)
        write_documents(store, [(documents[0][0], rdflib.Graph()), (documents[-1][0], rdflib.Graph())])
        assert trend_counters(store) == trend_counted(store)
        write_documents(store, [(iri, rdflib.Graph()) for iri, _ in documents])
        assert trend_counters(store) == trend_counted(store) == Counter()


def copied(graph: rdflib.Graph) -> rdflib.Graph:
    found = rdflib.Graph()
    for triple in graph:
        found.add(triple)
    return found


def spans(store) -> dict[str, tuple[str, str, int]]:
    """The boards' spans kept in the aggregates: board -> (first day, last day, meetings)."""
    rows = store.select(f"""SELECT ?board ?first ?last ?meetings WHERE {{ GRAPH <{AGGREGATES_GRAPH}> {{
        ?n <{AGG.kind}> "board-span" ; <{AGG.k1}> ?board ; <{AGG.first}> ?first ; <{AGG.last}> ?last ;
           <{AGG.meetings}> ?meetings }} }}""").rows
    return {str(r["board"]): (str(r["first"]), str(r["last"]), int(r["meetings"])) for r in rows}


def spans_counted(store) -> dict[str, tuple[str, str, int]]:
    """The same counted from the documents by boards.rq's main text."""
    return {str(r["board"]): (str(r["first"]), str(r["last"]), int(r["meetings"]))
            for r in store.select(load_query("boards")).rows}


def test_board_spans_equal_the_boards_first_and_last_days_after_replacing_and_removing(documents):
    """A board's span (first and last meeting day, number of meetings) stays what its documents give when
    its first meeting is removed, its last moves later, another meeting of the same day comes and goes,
    and all of its meetings go."""
    with open_store() as store:
        load_vocabulary(store, BASE)
        write_documents(store, documents[:5])
        assert spans(store) == spans_counted(store) and spans(store)
        write_documents(store, documents[5:])
        assert spans(store) == spans_counted(store)
        meeting_of = {iri: next(graph.subjects(RDF.type, BG.Meeting)) for iri, graph in documents}
        day = {iri: str(graph.value(meeting_of[iri], DCTERMS.date)) for iri, graph in documents}
        board = {iri: str(graph.value(meeting_of[iri], BG.board)) for iri, graph in documents}
        busiest = Counter(board.values()).most_common(1)[0][0]
        mine = sorted((iri for iri in day if board[iri] == busiest), key=day.get)
        assert len(mine) >= 3
        write_documents(store, [(mine[0], rdflib.Graph())])  # the first meeting goes
        assert spans(store)[busiest][0] == day[mine[1]] and spans(store) == spans_counted(store)
        later = copied(dict(documents)[mine[-1]])
        later.set((meeting_of[mine[-1]], DCTERMS.date, rdflib.Literal("2031-01-01", datatype=rdflib.XSD.date)))
        write_documents(store, [(mine[-1], later)])  # the last meeting moves later
        assert spans(store)[busiest][1] == "2031-01-01" and spans(store) == spans_counted(store)
        same_day = copied(dict(documents)[mine[1]])  # a second meeting on the first day, then gone again
        twin = rdflib.URIRef(str(meeting_of[mine[1]]) + "-2")
        for s, p, o in list(same_day):
            same_day.remove((s, p, o))
            same_day.add((twin if s == meeting_of[mine[1]] else s, p, twin if o == meeting_of[mine[1]] else o))
        write_documents(store, [(mine[1] + "-2", same_day)])
        assert spans(store)[busiest][2] == len(mine) and spans(store) == spans_counted(store)
        write_documents(store, [(mine[1] + "-2", rdflib.Graph())])
        assert spans(store) == spans_counted(store)
        write_documents(store, [(iri, rdflib.Graph()) for iri in mine])
        assert busiest not in spans(store) and spans(store) == spans_counted(store) and spans(store)
        write_documents(store, [(iri, rdflib.Graph()) for iri, _ in documents])
        assert spans(store) == spans_counted(store) == {}
        assert snapshot(store) == recounted(store)
