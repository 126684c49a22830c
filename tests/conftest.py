"""Shared fixtures: the bundled WSTB minutes and the real corpus beside the clone."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
WSTB = REPO / "examples" / "minutes" / "wstb-2017-06-29.txt"
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def wstb_path() -> Path:
    """The bundled example: WSTB minutes of 29 June 2017."""
    return WSTB


@pytest.fixture(scope="session")
def wstb_meeting():
    """The WSTB minutes parsed once for the whole session."""
    from graph.parse import parse_minutes
    from graph.read import read_document
    return parse_minutes(read_document(WSTB))


@pytest.fixture(scope="session")
def wstb_processed():
    """The WSTB minutes through every stage up to validation."""
    from graph.pipeline import process_file
    return process_file(WSTB)
