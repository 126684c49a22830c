"""Validation reports kept in the store: each document's SHACL findings, written at load time.

Every stored document graph ``<{base}graph/meeting/wstb/2017-06-29>`` gets a report graph
``<{base}graph/report/meeting/wstb/2017-06-29>`` (:func:`report_graph_iri`) holding::

    <R> a sh:ValidationReport ; sh:conforms true ; dcterms:source <document graph> ; sh:result <R#1>, ...
    <R#1> a sh:ValidationResult ; sh:resultSeverity sh:Warning ; sh:focusNode <focus> ;
          sh:resultMessage "..." ; sh:resultPath <property> ; sh:value "..." ; sh:sourceShape <shape> .

sh:resultPath is the property IRI, or for a complex path its SPARQL text as a literal; sh:value is
the offending value's text (IRI or lexical form) as a literal, exactly :class:`graph.validate.Finding`.
A document that loads has no Violations, so its report holds Warnings (and Infos) only.
:func:`read_findings` reads them back as Findings; a bulk load can defer writing them
(:func:`spool_reports`, then :func:`write_spooled_reports`)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH

from graph.store import GraphStore
from graph.validate import Finding, _sort_key

__all__ = ["report_graph_iri", "report_graph", "write_reports", "read_findings", "spool_reports",
           "write_spooled_reports", "REPORT_GRAPH_PREFIX"]

#: report graphs are named <{base}graph/report/...>
REPORT_GRAPH_PREFIX = "graph/report/"

_FINDINGS_QUERY = """
SELECT ?report ?document ?result ?severity ?focus ?path ?value ?message ?shape WHERE {
  GRAPH ?report {
    ?report a sh:ValidationReport ; dcterms:source ?document .
    OPTIONAL {
      ?report sh:result ?result .
      ?result sh:resultSeverity ?severity ; sh:focusNode ?focus ; sh:resultMessage ?message .
      OPTIONAL { ?result sh:resultPath ?path }
      OPTIONAL { ?result sh:value ?value }
      OPTIONAL { ?result sh:sourceShape ?shape }
    }
  }
}"""


def report_graph_iri(document_graph_iri: str, base: str) -> str:
    """``{base}graph/meeting/x`` -> ``{base}graph/report/meeting/x`` (any other IRI: appended whole)."""
    local = document_graph_iri.removeprefix(base + "graph/")
    return base + REPORT_GRAPH_PREFIX + local


def report_graph(document_graph_iri: str, findings: Sequence[Finding], base: str) -> rdflib.Graph:
    """The report graph's triples for one document (see the module docstring)."""
    report = URIRef(report_graph_iri(document_graph_iri, base))
    graph = rdflib.Graph(identifier=report)
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(not any(f.severity == "Violation" for f in findings))))
    graph.add((report, DCTERMS.source, URIRef(document_graph_iri)))
    for number, finding in enumerate(findings, start=1):
        result = URIRef(f"{report}#{number}")
        graph.add((report, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.resultSeverity, SH[finding.severity]))
        graph.add((result, SH.focusNode, URIRef(finding.focus)))
        graph.add((result, SH.resultMessage, Literal(finding.message)))
        if finding.path is not None:
            simple = not finding.path.startswith(("(", "^", "<")) and finding.path[-1:] not in "*+?"
            graph.add((result, SH.resultPath, URIRef(finding.path) if simple else Literal(finding.path)))
        if finding.value is not None:
            graph.add((result, SH.value, Literal(finding.value)))
        if finding.shape is not None:
            graph.add((result, SH.sourceShape, URIRef(finding.shape)))
    return graph


def write_reports(store: GraphStore, reports: Iterable[tuple[str, Sequence[Finding]]], base: str) -> None:
    """Replace the report graphs of these (document graph IRI, findings) in one transaction."""
    graphs = {}
    for document_graph_iri, findings in reports:
        graph = report_graph(document_graph_iri, findings, base)
        graphs[str(graph.identifier)] = graph
    if graphs:
        store.replace_graphs(graphs)


def read_findings(store: GraphStore) -> dict[str, list[Finding]]:
    """Document graph IRI -> its stored findings (sorted as validation sorts them), for every
    document with a report; one query."""
    results: dict[str, dict[str, Finding]] = {}
    for row in store.select(_FINDINGS_QUERY):
        found = results.setdefault(str(row["document"]), {})
        if "result" in row:
            found[str(row["result"])] = Finding(
                severity=str(row["severity"]).rsplit("#", 1)[-1], focus=str(row["focus"]),
                path=str(row["path"]) if "path" in row else None,
                value=str(row["value"]) if "value" in row else None,
                message=str(row["message"]), shape=str(row["shape"]) if "shape" in row else None)
    return {document: sorted(found.values(), key=_sort_key) for document, found in results.items()}


def spool_reports(path: Path, reports: Iterable[tuple[str, Sequence[Finding]]]) -> None:
    """Append (document graph IRI, findings) to a JSON-lines file, to be written later."""
    with path.open("a", encoding="utf-8") as out:
        for document_graph_iri, findings in reports:
            out.write(json.dumps({"graph": document_graph_iri, "findings": [asdict(f) for f in findings]}) + "\n")


def _spooled(path: Path) -> Iterator[tuple[str, list[Finding]]]:
    with path.open(encoding="utf-8") as spool:
        for line in spool:
            entry = json.loads(line)
            yield entry["graph"], [Finding(**f) for f in entry["findings"]]


def write_spooled_reports(store: GraphStore, path: Path, base: str, batch: int = 500) -> int:
    """Write the reports spooled in ``path`` (the latest entry of a document wins), BATCH
    documents per transaction, then delete the file; returns the number of documents."""
    latest = dict(_spooled(path))
    items = list(latest.items())
    for start in range(0, len(items), batch):
        write_reports(store, items[start:start + batch], base)
    path.unlink()
    return len(items)
