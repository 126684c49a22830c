"""load.py end to end: the WSTB minutes into the on-disk Oxigraph store, answered through the named
queries; re-loading, replacing, bad input and the other commands. Runs the real CLI in a subprocess."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from graph.namespaces import DEFAULT_BASE
from graph.queries import load_query
from graph.search_index import DIGEST_GRAPH
from graph.store import open_store

REPO = Path(__file__).resolve().parent.parent
ID = DEFAULT_BASE
MEETING = URIRef(ID + "meeting/wstb/2017-06-29")
GRAPH = ID + "graph/meeting/wstb/2017-06-29"
SCHEMA = "http://schema.org/"
BG = "https://w3id.org/boardgraph/ontology#"


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "load.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, wstb_path):
    store_dir = tmp_path_factory.mktemp("store") / "store"
    result = run(str(wstb_path), "--store", str(store_dir))
    assert result.returncode == 0, result.stderr
    return store_dir, result


@pytest.fixture(scope="module")
def answers(loaded):
    """Every named query's rows over the loaded store, read once."""
    store_dir, _ = loaded
    store = open_store(store_dir, read_only=True)
    try:
        def ask(name: str, **bindings):
            return store.select(load_query(name), bindings or None).rows
        yield ask
    finally:
        store.close()


def _values(rows, *names):
    return {tuple(None if row.get(n) is None else str(row[n]) for n in names) for row in rows}


def test_summary_line_and_warnings(loaded):
    _, result = loaded
    lines = result.stdout.splitlines()
    assert lines[0].startswith("wstb-2017-06-29.txt: loaded meeting/wstb/2017-06-29 "
                               "(Welfare Sector Transparency Board, 2017-06-29): 12 participants, 7 items, "
                               "32 statements, 4 action points, 2 decisions, ")
    warnings = [line for line in lines[1:] if line.strip().startswith("Warning")]
    assert len(warnings) == 1 and "KG" in warnings[0]


def test_meeting_board_date_and_times(answers):
    rows = answers("meetings")
    assert len(rows) == 1
    row = rows[0]
    assert str(row["meeting"]) == str(MEETING)
    assert (str(row["boardName"]), str(row["boardAcronym"]), str(row["date"])) == (
        "Welfare Sector Transparency Board", "WSTB", "2017-06-29")
    assert int(row["participants"]) == 10  # attendees; apologies are not attendees


def test_participants_roles_organisations_initials(answers):
    rows = answers("participants", meeting=MEETING)
    got = _values(rows, "name", "role", "organisationName", "initials")
    assert got == {
        ("Charlie Boundy", BG + "Chair", "DWP Digital", "CB"),
        ("Rachel Remedios", BG + "Member", "Citizens Advice", "RR"),
        ("Natalie Jones", BG + "Member", "Economic and Social Research Council", "NJ"),
        ("Keith Dugmore", BG + "Member", "Demographics User Group", "KD"),
        ("Judith Jones", BG + "Member", "Information Commissioner's Office", "JJ"),
        ("Nick Halliday", BG + "Member", "Cabinet Office", "NH"),
        ("Tom Davies", BG + "Member", "DWP Digital", "TD"),
        ("Iain Wright", BG + "Member", "DWP Strategy UC Analysts", "IW"),
        ("Gemma Kirk", BG + "Secretariat", "DWP Digital", "GK"),
        ("Gillian Hall", BG + "Secretariat", "DWP Digital", "GH"),
        ("Julie Hewitt", BG + "Apologies", "Equifax", None),
        ("Rick Wright", BG + "Apologies", "Employment Related Services Association", None),
    }


def test_printed_name_kept_as_hidden_label(loaded):
    store_dir, _ = loaded
    with open_store(store_dir, read_only=True) as store:
        rows = store.select("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                            "SELECT DISTINCT ?p ?label WHERE { ?p skos:hiddenLabel ?label }",
                            {"p": URIRef(ID + "person/iain-wright")}).rows
    assert _values(rows, "label") == {("lain Wright",)}


def test_agenda_items(answers):
    rows = answers("agenda-items", meeting=MEETING)
    assert [(str(r["notation"]), str(r["title"])) for r in rows] == [
        ("1", "Introduction and Welcome"),
        ("2", "Overview of the Government Data Programme, Cabinet Office"),
        ("3", "DWP Statistical Progress Update"),
        ("4", "Universal Credit (UC)"),
        ("5", "Data Science in DWP"),
        ("6", "Digital Economy Act (DEA) 2017"),
        ("AOB", "Any other business"),
    ]
    presenters = {str(r["notation"]): str(r.get("presenterName")) for r in rows}
    assert presenters["2"] == "Nick Halliday" and presenters["4"] == "Iain Wright"


def test_action_points_owners_items_status(answers):
    rows = answers("action-points")
    got = _values(rows, "notation", "ownerName", "itemNotation", "status")
    active = SCHEMA + "ActiveActionStatus"
    assert got == {("44", "Gillian Hall", "2", active), ("45", "Nick Halliday", "2", active),
                   ("46", "Gemma Kirk", "3", active), ("47", "Nick Halliday", "6", active)}
    assert {str(r["action"]) for r in rows} == {ID + f"action/wstb/{n}" for n in (44, 45, 46, 47)}
    assert {str(r["description"]) for r in rows} >= {"NH to provide slides for members"}


def test_which_actions_does_nick_halliday_still_owe(answers):
    from rdflib import Literal
    rows = answers("open-actions", ownerName=Literal("Nick Halliday"))
    assert [str(r["notation"]) for r in rows] == ["45", "47"]


def test_statements_speakers_and_the_unresolved_kg(answers):
    rows = answers("statements", meeting=MEETING)
    assert len(rows) == 32
    by_speaker: dict[str, int] = {}
    for row in rows:
        by_speaker[str(row.get("speakerName", "?"))] = by_speaker.get(str(row.get("speakerName", "?")), 0) + 1
    assert by_speaker == {"Charlie Boundy": 7, "Nick Halliday": 9, "Keith Dugmore": 3, "Tom Davies": 5,
                          "Gemma Kirk": 1, "Rachel Remedios": 1, "Iain Wright": 2, "Natalie Jones": 1,
                          "Judith Jones": 2, "?": 1}
    unresolved = answers("unresolved-speakers")
    assert _values(unresolved, "speakerLabel") == {("KG",)}
    assert str(unresolved[0]["text"]).startswith("KG suggested that we build in an agreement of the Minutes")
    question = next(r for r in rows if str(r["text"]).startswith("Natalie Jones (NJ) asked"))
    assert (str(question["speechAct"]), str(question["itemNotation"])) == (BG + "Question", "4")


def test_topics_of_the_meeting(answers):
    names = {str(r["topicName"]) for r in answers("meeting-topics", meeting=MEETING)}
    for expected in ("General Data Protection Regulation", "Universal Credit", "Digital Economy Act 2017",
                     "Stat-Xplore", "data.gov.uk", "Registers", "open data", "Data Protection Bill",
                     "Government Data Programme", "Freedom of Information", "data science",
                     "fraud and error", "management information", "digital signing", "data sharing",
                     "privacy", "data visualisation"):
        assert any(name.lower() == expected.lower() for name in names), (expected, names)


def test_which_meetings_discussed_gdpr_who_raised_it_for_which_organisation(answers):
    from rdflib import Literal
    rows = answers("topic-statements", topicLabel=Literal("GDPR"))
    got = _values(rows, "date", "speakerName", "organisationName")
    assert ("2017-06-29", "Judith Jones", "Information Commissioner's Office") in got
    assert all(speaker == "Judith Jones" for _, speaker, _ in got)


def test_organisations_mentioned(answers):
    labels = {str(r["label"]) for r in answers("mentions") if r.get("label") is not None}
    assert {"Department for Work and Pensions", "Cabinet Office", "Government Digital Service",
            "Office for National Statistics", "HM Treasury", "Information Commissioner's Office",
            "Open Knowledge"} <= labels


def test_decisions(answers):
    rows = answers("decisions")
    got = sorted((str(r["itemNotation"]), str(r["outcome"]), str(r["text"])[:40]) for r in rows)
    assert got == [("3", BG + "Agreed", "Consensus among board members was that t"),
                   ("AOB", BG + "Agreed", "it was suggested and agreed that the nex")]


def test_every_fact_has_provenance_that_quotes_the_document(answers, wstb_path):
    text = wstb_path.read_text(encoding="utf-8")
    rows = answers("provenance")
    facts = {str(r["fact"]) for r in rows}
    assert len([f for f in facts if "/statement/" in f]) == 32
    assert len([f for f in facts if "/action/" in f]) == 4
    assert len([f for f in facts if "/decision/" in f]) == 2
    assert len([f for f in facts if "/participation/" in f]) == 12
    for row in rows:
        assert str(row["file"]) == "wstb-2017-06-29.txt"
        assert text[int(row["start"]):int(row["end"])] == str(row["exact"])


def store_digest_of(graph: Graph) -> set[str]:
    return {str(o) for o in graph.objects()}


def _graphs(store_dir: Path) -> dict[str, Graph]:
    with open_store(store_dir, read_only=True) as store:
        return {iri: store.graph(iri) for iri in store.graph_iris()}


WRITTEN = """Minutes
Title of Meeting:\tRiver Trust Data Board (RTDB)
Date:\t3 March 2022\tTime:\t10.00 - 11.30

Agenda item 1 - Welcome

Ann Lee (AL) welcomed members and outlined the open data plan.

Attendees
Ann Lee (chair)\tRiver Trust
"""


def test_reload_is_isomorphic_and_an_edited_copy_replaces_only_its_graph(tmp_path, wstb_path):
    store_dir = tmp_path / "store"
    other = tmp_path / "river.txt"
    other.write_text(WRITTEN, encoding="utf-8")
    assert run(str(wstb_path), str(other), "--store", str(store_dir)).returncode == 0
    before = _graphs(store_dir)
    assert run(str(wstb_path), "--store", str(store_dir)).returncode == 0
    again = _graphs(store_dir)
    assert before.keys() == again.keys()
    for iri in before:
        assert isomorphic(before[iri], again[iri]), iri

    edited = tmp_path / "wstb-2017-06-29.txt"
    edited.write_text(wstb_path.read_text(encoding="utf-8").replace(
        "NH to provide slides for members", "NH to provide slides and notes for members"), encoding="utf-8")
    assert run(str(edited), "--store", str(store_dir)).returncode == 0
    after = _graphs(store_dir)
    assert after.keys() == before.keys()
    for iri in before:
        if iri == GRAPH:
            assert not isomorphic(before[iri], after[iri])
        elif iri == DIGEST_GRAPH:  # the digest of the stored documents (graph/search_index.py) follows them
            assert store_digest_of(after[iri]) != store_digest_of(before[iri])
        else:
            assert isomorphic(before[iri], after[iri]), iri
    descriptions = {str(o) for s, p, o in after[GRAPH] if str(p) == SCHEMA + "description"}
    assert "NH to provide slides and notes for members" in descriptions
    assert "NH to provide slides for members" not in descriptions


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_aggregates_command_recounts_what_the_load_kept(tmp_path, wstb_path, jobs):
    from graph.aggregates import has_aggregates, snapshot
    store_dir = tmp_path / "store"
    assert run(str(wstb_path), "--store", str(store_dir)).returncode == 0
    with open_store(store_dir, read_only=True) as store:
        kept = snapshot(store)
    result = run("aggregates", "--store", str(store_dir), "--jobs", jobs)
    assert result.returncode == 0 and result.stderr.strip().splitlines()[-1] == "aggregates recounted", result.stderr
    with open_store(store_dir, read_only=True) as store:
        assert has_aggregates(store) and snapshot(store) == kept and len(kept) > 1000


def test_a_load_into_a_store_whose_aggregates_are_not_current_counts_them_afresh_first(tmp_path, wstb_path):
    from graph.aggregates import AGG, AGGREGATES_GRAPH, has_aggregates, snapshot
    store_dir = tmp_path / "store"
    assert run(str(wstb_path), "--store", str(store_dir)).returncode == 0
    with open_store(store_dir) as store:
        kept = snapshot(store)
        store.update(f"DELETE WHERE {{ GRAPH <{AGGREGATES_GRAPH}> {{ <{AGGREGATES_GRAPH}> <{AGG.version}> ?v }} }}")
        assert not has_aggregates(store)
    rerun = run(str(wstb_path), "--store", str(store_dir))
    assert rerun.returncode == 0, rerun.stderr
    assert "aggregates do not count all its documents" in rerun.stderr
    with open_store(store_dir, read_only=True) as store:
        assert has_aggregates(store) and snapshot(store) == kept


def test_a_rerun_skips_files_stored_unchanged_and_rebuild_processes_them(tmp_path, wstb_path):
    store_dir = tmp_path / "store"
    copy = tmp_path / wstb_path.name
    copy.write_bytes(wstb_path.read_bytes())
    assert run(str(copy), "--store", str(store_dir)).returncode == 0
    before = _graphs(store_dir)
    os.utime(copy, (86400, 86400))  # only the file's modification time changes, which the graph records
    again = run(str(copy), "--store", str(store_dir))
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == ["1 file(s) already stored unchanged (same name, content and pipeline): "
                                         "skipped; --rebuild processes them again"]
    after = _graphs(store_dir)
    assert after.keys() == before.keys()
    assert all(isomorphic(before[iri], after[iri]) for iri in before)
    rebuilt = run(str(copy), "--store", str(store_dir), "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert rebuilt.stdout.startswith("wstb-2017-06-29.txt: loaded meeting/wstb/2017-06-29 ")
    created = {str(o) for s, p, o in _graphs(store_dir)[GRAPH] if str(p) == "http://purl.org/dc/terms/created"}
    assert created == {"1970-01-02T00:00:00+00:00"}


@pytest.mark.parametrize("name, content, problem", [
    ("empty.txt", b"", "empty"),
    ("binary.txt", bytes(range(256)) * 20, "binary"),
    ("nodate.txt", b"Minutes of the board\n\nAgenda item 1 - Welcome\n\nThe chair welcomed all.\n",
     "no recognisable meeting date"),
])
def test_bad_input_one_line_exit_2_store_untouched(loaded, tmp_path, name, content, problem):
    store_dir, _ = loaded
    before = _graphs(store_dir)
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run(str(bad), "--store", str(store_dir))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and problem in lines[0]
    after = _graphs(store_dir)
    assert after.keys() == before.keys()
    assert all(isomorphic(before[iri], after[iri]) for iri in before)


def test_batch_reports_the_bad_file_loads_the_good_one_and_exits_with_the_worst(tmp_path, wstb_path):
    store_dir = tmp_path / "store"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(str(empty), str(wstb_path), "--store", str(store_dir))
    assert result.returncode == 2
    assert "empty.txt" in result.stderr
    assert "loaded meeting/wstb/2017-06-29" in result.stdout
    assert GRAPH in _graphs(store_dir)


@pytest.mark.parametrize("fmt, rdflib_format", [("nquads", "nquads"), ("trig", "trig"),
                                                ("turtle", "turtle"), ("jsonld", "json-ld")])
def test_dry_run_prints_the_graph_and_touches_no_store(tmp_path, wstb_path, fmt, rdflib_format):
    result = run("--dry-run", "--format", fmt, str(wstb_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "data").exists()
    parsed = Dataset()
    parsed.parse(data=result.stdout, format=rdflib_format)
    triples = list(parsed.quads((None, None, None, None)))
    assert len(triples) > 500
    assert "KG" in result.stderr  # the warning still reaches the user


def test_export_and_query_commands(loaded, tmp_path):
    store_dir, _ = loaded
    out = tmp_path / "all.nq"
    result = run("export", "--store", str(store_dir), "--format", "nquads", "-o", str(out))
    assert result.returncode == 0, result.stderr
    dataset = Dataset()
    dataset.parse(out, format="nquads")
    assert URIRef(GRAPH) in {g.identifier for g in dataset.graphs()}
    result = run("query", "--store", str(store_dir), "open-actions", "--csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("ownerName,owner,notation")
    assert sum("Nick Halliday" in line for line in lines) == 2
    result = run("query", "--store", str(store_dir), "no-such-query")
    assert result.returncode == 2 and "named queries" in result.stderr


def test_query_binds_variables_and_refuses_a_binding_that_would_not_narrow_the_answer(loaded):
    store_dir, _ = loaded
    nick = "http://localhost:5000/id/person/nick-halliday"
    result = run("query", "--store", str(store_dir), "open-actions", "--bind", "ownerName=Nick Halliday", "--csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[1:]
    assert len(lines) == 2 and all(line.startswith(f"Nick Halliday,{nick},") for line in lines)
    result = run("query", "--store", str(store_dir), "action-points", "--bind", f"ownerFilter={nick}", "--csv")
    assert result.returncode == 0, result.stderr
    assert [line.split(",")[1] for line in result.stdout.strip().splitlines()[1:]] == ["45", "47"]
    result = run("query", "--store", str(store_dir), "action-points", "--bind", f"owner=<{nick}>")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == ("error: action-points: binding ?owner would not narrow the answer: the query binds "
                                     "it only inside an OPTIONAL or one branch of a UNION (see the query's '# Usage:' line)")
    result = run("query", "--store", str(store_dir), "statements", "--bind", "speaker")
    assert result.returncode == 2 and "expected NAME=VALUE" in result.stderr


def test_query_finds_a_topic_by_a_label_in_any_case_with_the_main_texts_rows(loaded, answers):
    """The CLI resolves a bound ?topicLabel to the topic first (graph.queries.select_named): the rows are
    those the main text gives, in its order."""
    import csv
    import io
    from rdflib import Literal
    store_dir, _ = loaded
    result = run("query", "--store", str(store_dir), "topic-statements", "--bind", "topicLabel=gdpr", "--csv")
    assert result.returncode == 0, result.stderr
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    expected = answers("topic-statements", topicLabel=Literal("gdpr"))
    assert rows and [[row[header.index(v)] for v in ("statement", "speakerName", "topicLabel")] for row in rows] == [
        [str(row["statement"]), str(row["speakerName"]), "gdpr"] for row in expected]


def test_shacl_violation_exits_1_and_stores_nothing(tmp_path, wstb_path):
    store_dir = tmp_path / "store"
    bad = tmp_path / "bad.txt"
    bad.write_text("Minutes\nTitle of Meeting:\tTest Board (TB)\nDate:\t1 March 2020\n\n"
                   "Agenda item 1 - Welcome\n\n(Action Point 3).\n", encoding="utf-8")
    result = run(str(wstb_path), str(bad), "--store", str(store_dir))
    assert result.returncode == 1
    assert "bad.txt" in result.stderr and "violation" in result.stderr.lower()
    graphs = _graphs(store_dir)
    assert GRAPH in graphs
    assert not any("/tb/" in iri for iri in graphs)


def test_report_prints_a_line_per_document_and_a_total(tmp_path, wstb_path):
    folder = tmp_path / "minutes"
    folder.mkdir()
    (folder / "wstb-2017-06-29.txt").write_bytes(wstb_path.read_bytes())
    (folder / "river.txt").write_text(WRITTEN, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not a minutes format: not read
    result = run("--report", str(folder), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "empty.txt: error: the file is empty; nothing to load (was it saved or copied completely?)"
    assert lines[1] == ("river.txt: 2022-03-03 River Trust Data Board: 1 participants, 1 items, 1 statements, "
                        "0 action points, 0 decisions, 0 warnings")
    assert lines[2] == ("wstb-2017-06-29.txt: 2017-06-29 Welfare Sector Transparency Board: 12 participants, "
                        "7 items, 32 statements, 4 action points, 2 decisions, 1 warnings")
    assert lines[3] == ("total: 2 documents, 13 participants, 8 items, 33 statements, 4 action points, "
                        "2 decisions, 1 warnings (1 of 3 files not read)")
    assert not (tmp_path / "data").exists()
    assert run("--report", str(folder), "--jobs", "1", cwd=tmp_path).stdout == result.stdout  # in this process
    assert run("--report", str(folder), "--jobs", "3", cwd=tmp_path).stdout == result.stdout  # three workers


REVIEW = """Minutes
Title of Meeting:\tWelfare Sector Transparency Board (WSTB)
Date:\t19 th October 2017\tTime:\t12.00 \u2013 14.00

Agenda item 1 \u2013 Review of Action Points

AP 44: GH testing data.gov.uk - completed.
Action 45 - links provided to members. Closed.
46 - ongoing
Action Point 47: dropped, no longer required.

Agenda item 2 \u2013 Open data

Nick Halliday (NH) gave an update on open data. NH to circulate the new guidance (Action Point 48).

Attendees
Charlie Boundy (chair)\tDWP Digital
Nick Halliday\tCabinet Office
Gemma Kirk (secretariat)\tDWP Digital
"""


def test_a_later_meeting_reviews_actions_on_the_same_iris(tmp_path, wstb_path):
    store_dir = tmp_path / "store"
    later = tmp_path / "wstb-2017-10-19.txt"
    later.write_text(REVIEW, encoding="utf-8")
    assert run(str(wstb_path), str(later), "--store", str(store_dir)).returncode == 0
    from rdflib import Literal
    with open_store(store_dir, read_only=True) as store:
        def owed(name):
            rows = store.select(load_query("open-actions"), {"ownerName": Literal(name)}).rows
            return [str(r["notation"]) for r in rows]
        assert owed("Nick Halliday") == ["48"]  # 45 closed and 47 dropped at the later meeting
        assert owed("Gemma Kirk") == ["46"]  # still open
        assert owed("Gillian Hall") == []  # 44 completed
        rows = store.select(load_query("action-points")).rows
    status = {str(r["notation"]): str(r["status"]).rsplit("/", 1)[-1] for r in rows}
    assert status == {"44": "CompletedActionStatus", "45": "CompletedActionStatus", "46": "ActiveActionStatus",
                      "47": "FailedActionStatus", "48": "ActiveActionStatus"}
    raised = {str(r["notation"]): str(r["date"]) for r in rows}
    assert raised["44"] == "2017-06-29" and raised["48"] == "2017-10-19"


def test_analyse_prints_the_tables_and_writes_the_networks(loaded, tmp_path):
    store_dir, _ = loaded
    out = tmp_path / "networks"
    result = run("analyse", "--store", str(store_dir), "--out", str(out), "--top", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for title in ("Most central people", "Most central organisations", "Most central topics",
                  "People who bridge boards", "Communities of topics"):
        assert any(line.startswith(title) for line in lines), title
    people = next(i for i, line in enumerate(lines) if line.startswith("Most central people"))
    assert lines[people + 1].split() == ["label", "degree", "weighted", "degree", "betweenness"]
    assert all(lines[people + 3 + n].strip() for n in range(3)) and lines[people + 6] == ""  # --top 3
    bridges = lines.index("People who bridge boards")
    assert lines[bridges + 3] == "(none)"  # one board only
    assert "wrote 15 files" in result.stderr
    assert {p.suffix for p in out.iterdir()} == {".graphml", ".gexf", ".csv"}
    graph = nx.read_graphml(out / "people.graphml")
    assert graph.nodes[ID + "person/charlie-boundy"]["label"] == "Charlie Boundy"


def test_analyse_without_a_store_or_with_an_empty_one_exits_2(tmp_path):
    result = run("analyse", "--store", str(tmp_path / "none"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "no store here yet" in result.stderr
    open_store(tmp_path / "empty").close()
    result = run("analyse", "--store", str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "no meetings" in result.stderr
    assert not (tmp_path / "out").exists()


def test_parallel_load_with_deferred_reports(tmp_path, wstb_path):
    """--jobs 2 loads every file (lines in input order); --defer-reports keeps the reports beside the
    store until `load.py reports` writes them."""
    from graph.reports import read_findings
    sys.path.insert(0, str(REPO / "bench"))
    import synth
    synth.write_corpus(tmp_path / "minutes", 3, seed=1)
    files = [str(wstb_path), *sorted(str(p) for p in (tmp_path / "minutes").iterdir() if p.suffix in (".txt", ".md"))]
    store_dir = tmp_path / "store"
    result = run("--jobs", "2", "--batch", "2", "--defer-reports", *files, "--store", str(store_dir))
    assert result.returncode == 0, result.stderr
    loaded = [line for line in result.stdout.splitlines() if ": loaded " in line]
    assert [line.split(":")[0] for line in loaded] == [Path(f).name for f in files]
    spool = Path(str(store_dir) + ".reports.jsonl")
    assert spool.is_file()
    with open_store(store_dir, read_only=True) as store:
        assert read_findings(store) == {}
    result = run("reports", "--store", str(store_dir))
    assert result.returncode == 0 and "of 4 documents" in result.stderr and not spool.exists()
    with open_store(store_dir, read_only=True) as store:
        findings = read_findings(store)
    assert len(findings) == 4 and any("KG" in f.message for f in findings[GRAPH])


def test_a_second_load_while_one_runs_is_refused_with_one_line_and_changes_nothing(tmp_path, wstb_path):
    """Only one loader may write a store: a second one started while the first is loading stops with
    one line naming the store, exit 2, and the first load completes with every document."""
    import time
    sys.path.insert(0, str(REPO / "bench"))
    import synth
    synth.write_corpus(tmp_path / "minutes", 12, seed=5)
    files = sorted(str(p) for p in (tmp_path / "minutes").iterdir() if p.suffix in (".txt", ".md"))
    store_dir = tmp_path / "store"
    first = subprocess.Popen([sys.executable, str(REPO / "load.py"), "--jobs", "1", "--store", str(store_dir), *files],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (store_dir / "CURRENT").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = run(str(wstb_path), "--store", str(store_dir))
    still_loading = first.poll() is None
    out, err = first.communicate(timeout=300)
    assert still_loading, "the first load ended before the second started: the test proved nothing"
    assert second.returncode == 2
    assert second.stderr.strip().splitlines() == [
        f"error: store {store_dir} is locked: another process (or another opener in this process) has it open "
        f"read-write; only one read-write opener is allowed, others must open it read-only"]
    assert first.returncode == 0, err
    with open_store(store_dir, read_only=True) as store:
        stored = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?m a bg:Meeting } }").values("g")
    assert len(stored) == len(files) and GRAPH not in {str(g) for g in stored}
