"""Shared fixtures: the bundled WSTB minutes and the real corpus beside the clone."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
WSTB = REPO / "examples" / "minutes" / "wstb-2017-06-29.txt"
CORPUS = REPO.parent / "shared" / "corpus"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Several test modules read the real corpus when they are collected: without it, stop with one
    clear line instead of a collection traceback."""
    if not CORPUS.is_dir():
        pytest.exit(f"the shared corpus is missing: expected {CORPUS} (the clone must sit beside ../shared, "
                    f"as in CI)", returncode=4)


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


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory) -> str:
    """The base URL of a real `oxigraph serve --union-default-graph` on a free local port, one for
    the session (tests that use it empty it first); skipped when the `oxigraph` package is missing."""
    from oxigraph_server import oxigraph_binary, oxigraph_server
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph; the test extra has it)")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data", timeout_s=10) as url:
        yield url


@pytest.fixture()
def server_store(oxigraph_url):
    """A read-write store on the session's Oxigraph server, emptied first."""
    from graph.store import open_store
    with open_store(oxigraph_url) as store:
        store.update("DROP ALL")
        yield store
