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
