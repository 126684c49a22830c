"""graph/queries: every named query parses and runs over a store holding the WSTB minutes."""
from __future__ import annotations

import pytest

from graph.queries import load_query, query_names
from graph.reports import write_reports
from graph.store import load_vocabulary, open_store
from graph.namespaces import DEFAULT_BASE
from graph.validate import context_graph, validate_document
from graph.writer import write_documents


@pytest.fixture(scope="module")
def store(wstb_processed):
    with open_store() as memory:
        load_vocabulary(memory, DEFAULT_BASE)
        write_documents(memory, [(str(wstb_processed.built.graph_iri), wstb_processed.built.graph)])  # with aggregates
        graph_iri = str(wstb_processed.built.graph_iri)  # and its validation report, as load.py stores it
        write_reports(memory, [(graph_iri, validate_document(memory.graph(graph_iri),
                                                             context_graph(base=DEFAULT_BASE)).findings)], DEFAULT_BASE)
        yield memory


def test_the_queries_the_cli_site_and_tests_rely_on_exist():
    assert {"meetings", "participants", "agenda-items", "statements", "action-points", "open-actions",
            "topic-statements", "meeting-topics", "decisions", "unresolved-speakers", "mentions",
            "people-on-several-boards", "people-in-several-documents", "provenance"} <= set(query_names())


@pytest.mark.parametrize("name", query_names())
def test_every_named_query_runs_and_starts_with_a_comment(store, name):
    text = load_query(name)
    assert text.splitlines()[len([l for l in text.splitlines() if l.startswith("PREFIX")])].startswith("#")
    result = store.select(text)
    if name not in ("people-on-several-boards", "people-in-several-documents"):  # one document loaded
        assert len(result.rows) > 0, name


def test_declared_prefixes_are_not_repeated():
    text = load_query("meetings")
    assert text.count("PREFIX bg:") == 1


def test_unknown_and_unsafe_names_are_refused():
    with pytest.raises(KeyError):
        load_query("no-such-query")
    with pytest.raises(ValueError):
        load_query("../../etc/passwd")
