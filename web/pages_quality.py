"""Data quality: the SHACL findings of each minutes document in the store.

The loader stores each document's findings as a report graph (graph/reports.py) and the page reads
those. A document without one (loaded before reports were stored, or with their writing deferred) is
validated here, on its own (as the loader does: graph.validate with the ontology/thesaurus/organisations
context), the first time a page shows it. Results are cached per app, keyed by the graph IRI and the document's
SHA-256, so a reloaded (changed) document is validated again. Documents are listed ten per page, so
a page validates at most ten graphs (about 0.1 s each) before the cache is warm."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from flask import Blueprint, current_app
from rdflib import URIRef

from graph.reports import report_graph_iri
from graph.validate import SEVERITIES, Finding, _sort_key, compact, context_graph, validate_document
from web.data import Page, documents_paged, ref, rows
from web.respond import envelope, respond, twin_route
from web.state import base, get_store

bp = Blueprint("quality", __name__)

PAGE_SIZE = 10
CACHE_SIZE = 2_000
_CACHE_KEY = "boardgraph-quality"


class FindingsCache:
    """Findings per (graph IRI, document SHA-256), least recently used dropped beyond CACHE_SIZE."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[str, str], list[dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, graph: str, sha256: str) -> list[dict]:
        key = (graph, sha256)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        findings = _validate(graph)
        with self._lock:
            self._entries[key] = findings
            while len(self._entries) > CACHE_SIZE:
                self._entries.popitem(last=False)
        return findings


def _validate(graph: str) -> list[dict]:
    return _shown(validate_document(get_store().graph(graph), context_graph(base=base())).findings)


def _shown(findings: Iterable[Finding]) -> list[dict]:
    return [{"severity": f.severity, "focus": ref(f.focus, " ".join(f.focus.rsplit("/", 2)[-2:])),
             "path": compact(f.path) if f.path else None, "value": f.value, "message": f.message,
             "shape": compact(f.shape) if f.shape else None} for f in findings]


def _stored(graphs: list[str]) -> dict[str, list[dict]]:
    """The findings the loader stored for GRAPHS (graph/reports.py), for those that have a report."""
    reports = [report_graph_iri(g, base()) for g in graphs]
    found: dict[str, dict[str, Finding]] = {}
    for r in rows("document-findings", table=[{"report": URIRef(i)} for i in reports], graphs=reports):
        results = found.setdefault(r["document"], {})
        if "result" in r:
            results[r["result"]] = Finding(severity=r["severity"].rsplit("#", 1)[-1], focus=r["focus"],
                                           path=r.get("path"), value=r.get("value"), message=r["message"],
                                           shape=r.get("shape"))
    return {document: _shown(sorted(results.values(), key=_sort_key)) for document, results in found.items()}


def _cache() -> FindingsCache:
    return current_app.extensions.setdefault(_CACHE_KEY, FindingsCache())


@twin_route(bp, "/quality")
def quality():
    """Each document (newest first) with its SHACL findings; each finding links to what it is about."""
    documents, pagination = documents_paged(Page.from_request(size=PAGE_SIZE))
    cache = _cache()
    stored = _stored([d["graph"] for d in documents])
    shown = []
    for d in documents:
        findings = stored[d["graph"]] if d["graph"] in stored else cache.get(d["graph"], d["sha256"])
        shown.append({"graph": d["graph"], "meeting": ref(d["meeting"], d.get("date")), "date": d["date"],
                      "board": d.get("boardName"), "file": d.get("file"), "sha256": d["sha256"],
                      "findings": findings,
                      "counts": {s: sum(f["severity"] == s for f in findings) for s in SEVERITIES}})
    return respond("quality.html", envelope(
        "quality", "Data quality", method="SHACL validation of each document's named graph (shapes/*.ttl)",
        documents=shown, pagination=pagination))
