"""Every real document in ../shared/corpus goes through the whole pipeline and loads."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.pipeline import process_file

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

DOCUMENTS = sorted(p for p in CORPUS.glob("*.txt"))

DATES = {
    "asf-board-2017-06-15.txt": dt.date(2017, 6, 15),
    "ethereum-acd-108-2021-03-19.txt": dt.date(2021, 3, 19),
    "nodejs-ctc-2015-10-21.txt": dt.date(2015, 10, 21),
    "pdx-city-council-2011-01-12.txt": dt.date(2011, 1, 12),
    "rust-leadership-council-2023-10-27.txt": dt.date(2023, 10, 27),
    "tc39-plenary-2020-06-01.txt": dt.date(2020, 6, 1),
    "uk-local-public-data-panel-2011-07-19.txt": dt.date(2011, 7, 19),
    "uk-pstb-2011-05-19.txt": dt.date(2011, 5, 19),
    "w3c-tag-telcon-2018-03-20.txt": dt.date(2018, 3, 20),
    "welsh-gov-board-2025-01-24.txt": dt.date(2025, 1, 24),
    "wstb-2017-06-29.txt": dt.date(2017, 6, 29),
}


def test_the_corpus_is_beside_the_clone():
    assert CORPUS.is_dir(), f"{CORPUS} is missing: CI lays ../shared/corpus beside the clone"
    assert {p.name for p in DOCUMENTS} == set(DATES)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_document_loads_without_violations(path):
    processed = process_file(path)
    assert processed.validation.conforms, [f.line() for f in processed.validation.violations]
    assert processed.resolved.meeting.date == DATES[path.name]


def test_the_whole_corpus_in_one_store_gives_one_iri_per_person():
    from graph.namespaces import DEFAULT_BASE
    from graph.queries import load_query
    from graph.store import load_vocabulary, open_store
    with open_store() as store:
        load_vocabulary(store, DEFAULT_BASE)
        for path in DOCUMENTS:
            processed = process_file(path)
            store.replace_graph(str(processed.built.graph_iri), processed.built.graph)
        rows = store.select(load_query("people-in-several-documents")).rows
        assert {(str(r["name"]), int(r["documents"])) for r in rows} == {
            ("Cass Chideock", 2),  # Transparency Board official, Local Public Data Panel apologies
            ("Nigel Shadbolt", 2),  # printed "Professor Nigel Shadbolt" in both
            ("Tim Moss", 2),  # Companies House in 2011, Welsh Government Board in 2025
        }
        names = store.select("SELECT ?p (COUNT(DISTINCT ?n) AS ?names) WHERE { ?p a foaf:Person ; foaf:name ?n } "
                             "GROUP BY ?p HAVING (COUNT(DISTINCT ?n) > 1)").rows
        assert names == []  # every person has one name across documents
