"""bench/synth.py: the synthetic corpus goes through the real pipeline and comes out as the manifest says.

A small corpus (12 documents of 3 boards, one per layout) is read, parsed, resolved, built and validated
once; each document's graph is compared with the manifest, and all of them are loaded into one store for the
facts that span meetings (actions reviewed later, people on several boards)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.namespaces import DEFAULT_BASE
from graph.pipeline import process_file
from graph.queries import load_query
from graph.read import supported_suffixes
from graph.resolve import load_registry, person_for, slugify
from graph.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synth  # noqa: E402

BG = "https://w3id.org/boardgraph/ontology#"
STATUS = {"open": "ActiveActionStatus", "completed": "CompletedActionStatus", "dropped": "FailedActionStatus"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus, its manifest, and every document through the pipeline (file name -> processed)."""
    out = tmp_path_factory.mktemp("synth")
    manifest = synth.write_corpus(out, count=12, seed=5, boards=3)
    processed = {doc["file"]: process_file(out / doc["file"]) for doc in manifest.documents}
    return out, manifest, processed


@pytest.fixture(scope="module")
def store(corpus):
    _, _, processed = corpus
    with open_store() as store:
        for document in processed.values():
            store.replace_graph(str(document.built.graph_iri), document.built.graph)
        yield store


def _speaker(statement, resolved) -> str | None:
    person = person_for(statement.speaker_label, resolved)
    return person.name if person else None


def test_the_folder_holds_the_documents_and_the_manifest(corpus):
    out, manifest, _ = corpus
    files = sorted(path.name for path in out.iterdir())
    assert files == sorted([doc["file"] for doc in manifest.documents] + ["manifest.json"])
    assert ".json" not in supported_suffixes()  # the loader never reads the manifest as minutes
    assert {doc["layout"] for doc in manifest.documents} == set(synth.LAYOUTS)
    assert len({(doc["acronym"], doc["date"]) for doc in manifest.documents}) == 12  # meeting IRIs distinct


def test_every_document_validates_and_warns_only_where_meant_to(corpus):
    _, manifest, processed = corpus
    for doc in manifest.documents:
        result = processed[doc["file"]]
        assert result.validation.violations == [], doc["file"]
        unresolved = {f.focus for f in result.validation.warnings if "/statement/" in f.focus}
        strangers = sum(1 for item in doc["items"] for s in item["statements"] if s["speaker"] is None)
        assert len(unresolved) == strangers, doc["file"]
        ownerless = {f.focus.rsplit("/", 1)[-1] for f in result.validation.warnings if "/action/" in f.focus}
        assert ownerless == {r["number"] for item in doc["items"] for r in item["reviews"] if r["owner"] is None}
        assert all("/statement/" in f.focus or "/action/" in f.focus for f in result.validation.warnings)


def test_board_date_and_participants(corpus):
    _, manifest, processed = corpus
    for doc in manifest.documents:
        meeting = processed[doc["file"]].resolved.meeting
        assert (meeting.board_name, meeting.board_acronym, meeting.date.isoformat()) == (
            doc["board"], doc["acronym"], doc["date"])
        got = sorted((p.name, p.role, p.organisation, p.initials) for p in meeting.participants)
        assert got == sorted((p["name"], p["role"], p["organisation"], p["initials"]) for p in doc["participants"])


def test_items_statements_speakers_and_acts(corpus):
    _, manifest, processed = corpus
    for doc in manifest.documents:
        resolved = processed[doc["file"]].resolved
        items = resolved.meeting.agenda_items
        assert [item.notation for item in items] == [item["notation"] for item in doc["items"]]
        assert [item.title for item in items] == [item["title"] for item in doc["items"]]
        for item, truth in zip(items, doc["items"]):
            got = [(_speaker(s, resolved), s.speech_act) for s in item.statements]
            assert got == [(s["speaker"], s["act"]) for s in truth["statements"]], (doc["file"], item.notation)
            unresolved = [s.speaker_label for s in item.statements if _speaker(s, resolved) is None]
            assert unresolved == [s["label"] for s in truth["statements"] if s["speaker"] is None]


def test_statements_are_as_many_as_in_real_minutes(corpus):
    _, manifest, processed = corpus
    counts = [sum(len(item.statements) for item in p.resolved.meeting.agenda_items) for p in processed.values()]
    assert 15 <= sum(counts) / len(counts) <= 45
    assert any(s["speaker"] is None for doc in manifest.documents for i in doc["items"] for s in i["statements"])


def test_action_points_owners_numbers_reviews_and_decisions(corpus):
    _, manifest, processed = corpus
    for doc in manifest.documents:
        resolved = processed[doc["file"]].resolved
        for item, truth in zip(resolved.meeting.agenda_items, doc["items"]):
            got = sorted((a.notation, _speaker_owner(a, resolved), a.status if a.reviewed else "raised")
                         for a in item.action_points)
            want = sorted([(a["number"], a["owner"], "raised") for a in truth["actions"]] +
                          [(r["number"], r["owner"], r["status"]) for r in truth["reviews"]])
            assert got == want, (doc["file"], item.notation)
            assert [d.outcome for d in item.decisions] == [d["outcome"] for d in truth["decisions"]]


def _speaker_owner(action, resolved) -> str | None:
    person = person_for(action.owner_label, resolved)
    return person.name if person else None


def test_numbers_run_on_per_board_and_reviews_update_earlier_actions(corpus, store):
    _, manifest, _ = corpus
    expected: dict[str, tuple[str, str]] = {}  # action IRI -> (status now, owner)
    numbers: dict[str, list[int]] = {}
    for doc in sorted(manifest.documents, key=lambda d: d["date"]):
        board = slugify(doc["acronym"])
        for item in doc["items"]:
            for action in item["actions"]:
                expected[f"{DEFAULT_BASE}action/{board}/{action['number']}"] = ("open", action["owner"])
                numbers.setdefault(board, []).append(int(action["number"]))
            for review in item["reviews"]:
                iri = f"{DEFAULT_BASE}action/{board}/{review['number']}"
                expected[iri] = (review["status"], expected[iri][1])
    assert all(found == list(range(found[0], found[0] + len(found))) for found in numbers.values())
    assert {status for status, _ in expected.values()} >= {"open", "completed"}
    rows = store.select(load_query("action-points")).rows
    got = {str(row["action"]): (str(row["status"]).rsplit("/", 1)[-1], str(row["ownerName"])) for row in rows}
    assert got == {iri: (STATUS[status], owner) for iri, (status, owner) in expected.items()}


def test_topics_of_meetings_and_statements(corpus):
    _, manifest, processed = corpus
    base = f"{DEFAULT_BASE}topic/"
    for doc in manifest.documents:
        built = processed[doc["file"]].built
        subjects = {str(o)[len(base):] for o in built.graph.objects(built.meeting_iri, DCTERMS.subject)}
        assert subjects == set(doc["topics"]), doc["file"]
        statements = [s for item in doc["items"] for s in item["statements"]]
        for number, truth in enumerate(statements, start=1):
            iri = URIRef(f"{built.meeting_iri}/statement/{number}")
            assert {str(o)[len(base):] for o in built.graph.objects(iri, DCTERMS.subject)} == set(truth["topics"])


def test_topic_frequencies_fall_off_like_zipf(tmp_path):
    manifest = synth.write_corpus(tmp_path, count=60, seed=2, boards=3)
    counts: dict[str, int] = {}
    for doc in manifest.documents:
        for topic in doc["topics"]:
            counts[topic] = counts.get(topic, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    assert ranked[0] >= 4 * ranked[len(ranked) // 2] and len(ranked) >= 30


def test_same_person_on_two_boards_is_one_iri(corpus, store):
    _, manifest, _ = corpus
    boards: dict[str, set[str]] = {}
    for doc in manifest.documents:
        for participant in doc["participants"]:
            boards.setdefault(participant["name"], set()).add(doc["acronym"])
    shared = sorted(name for name, acronyms in boards.items() if len(acronyms) > 1)
    assert shared
    query = ("PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX bg: <https://w3id.org/boardgraph/ontology#> "
             "SELECT DISTINCT ?person ?board WHERE { ?p bg:participant ?person ; bg:meeting ?m . "
             "?m bg:board ?board . ?person foaf:name ?name }")
    for name in shared:
        rows = store.select(query.replace("?name }", f"{Literal(name).n3()} }}")).rows
        assert {str(row["person"]) for row in rows} == {f"{DEFAULT_BASE}person/{slugify(name)}"}
        assert len({str(row["board"]) for row in rows}) == len(boards[name])


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synth.write_corpus(first, count=20, seed=9)
    synth.main(["--count", "20", "--seed", "9", "--out", str(second)])
    synth.write_corpus(other, count=20, seed=10)
    names = sorted(path.name for path in first.iterdir())
    assert names == sorted(path.name for path in second.iterdir())
    assert all((first / name).read_bytes() == (second / name).read_bytes() for name in names)
    assert (first / "manifest.json").read_bytes() != (other / "manifest.json").read_bytes()


def test_every_label_in_every_sentence_tags_exactly_its_topic():
    """The templates print a topic label where the resolver finds that topic and nothing else; names,
    organisations and the sentences without a topic tag none."""
    matcher = load_registry(DEFAULT_BASE).topics
    templates = [t for group in synth.SAYINGS.values() for t in group] + list(synth.TASKS) + list(synth.TITLES) + [
        text for _, text in synth.DECISIONS]
    for topic in synth.load_topics():
        for label in topic.labels:
            for template in (t for t in templates if "{t}" in t):
                found = {iri for iri, _, _ in matcher.find(template.replace("{t}", label))}
                assert found == {f"{DEFAULT_BASE}topic/{topic.slug}"}, (label, template)
    plain = [t for t in templates if "{t}" not in t] + list(synth.FOLLOW_UPS) + list(synth.ORGANISATIONS) + [
        f"{first} {last}" for first in synth.FIRST_NAMES for last in synth.SURNAMES[:3]] + list(synth.SURNAMES)
    plain += [f"Action Point 4: do it - {word}." for _, words in synth.STATUSES for word in words]
    assert not set(synth.FIRST_NAMES) & set(synth.SURNAMES)  # a first name that is a surname would not resolve
    assert [text for text in plain if matcher.find(text)] == []
