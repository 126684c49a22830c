"""graph/reports.py: findings stored as SHACL report graphs read back exactly; spooled reports."""
from __future__ import annotations

from graph.namespaces import DEFAULT_BASE
from graph.reports import read_findings, report_graph_iri, spool_reports, write_reports, write_spooled_reports
from graph.store import open_store
from graph.validate import Finding

DOC = DEFAULT_BASE + "graph/meeting/wstb/2017-06-29"
FINDINGS = [
    Finding("Warning", DEFAULT_BASE + "meeting/wstb/2017-06-29/statement/31",
            "https://w3id.org/boardgraph/ontology#speaker", "KG", "not resolved",
            "https://w3id.org/boardgraph/shapes#UnresolvedSpeakerShape"),
    Finding("Warning", DEFAULT_BASE + "action/wstb/44", "(<http://purl.org/dc/terms/isPartOf>/<http://x/y>)",
            None, "a complex path", None),
    Finding("Info", DEFAULT_BASE + "meeting/wstb/2017-06-29", None, None, "no path", None),
]


def test_report_graph_iri_mirrors_the_document_graph():
    assert report_graph_iri(DOC, DEFAULT_BASE) == DEFAULT_BASE + "graph/report/meeting/wstb/2017-06-29"


def test_findings_round_trip_and_replace():
    with open_store(None) as store:
        write_reports(store, [(DOC, FINDINGS), (DOC + "-b", [])], DEFAULT_BASE)
        assert read_findings(store) == {DOC: [FINDINGS[1], FINDINGS[0], FINDINGS[2]], DOC + "-b": []}
        write_reports(store, [(DOC, FINDINGS[:1])], DEFAULT_BASE)
        assert read_findings(store)[DOC] == FINDINGS[:1]


def test_spooled_reports_latest_entry_wins(tmp_path):
    spool = tmp_path / "reports.jsonl"
    spool_reports(spool, [(DOC, FINDINGS)])
    spool_reports(spool, [(DOC, FINDINGS[:1])])
    with open_store(None) as store:
        assert write_spooled_reports(store, spool, DEFAULT_BASE) == 1
        assert read_findings(store) == {DOC: FINDINGS[:1]} and not spool.exists()
