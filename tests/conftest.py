"""Shared fixtures: the bundled WSTB minutes, the real corpus beside the clone, and in-memory stores of
24 synthetic meetings (bench/synth.py) shared by the query tests."""
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
def synthetic_documents(tmp_path_factory) -> list[tuple[str, object]]:
    """(graph IRI, graph) of 24 synthetic meetings of three boards (bench/synth.py, seed 5), processed
    as load.py processes them."""
    from bench.synth import write_corpus
    from graph.namespaces import DEFAULT_BASE
    from graph.pipeline import process_file
    folder = tmp_path_factory.mktemp("synth")
    write_corpus(folder, 24, seed=5, boards=3)
    built = (process_file(p, DEFAULT_BASE).built for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".md"))
    return [(str(b.graph_iri), b.graph) for b in built]


@pytest.fixture(scope="session")
def synthetic_wstb_documents(synthetic_documents, wstb_processed) -> list[tuple[str, object]]:
    """The 24 synthetic meetings and the WSTB example."""
    return [*synthetic_documents, (str(wstb_processed.built.graph_iri), wstb_processed.built.graph)]


@pytest.fixture(scope="session")
def union(synthetic_wstb_documents):
    """One rdflib graph of all the synthetic meetings' and the WSTB example's triples (expected rows
    are computed from it)."""
    from rdflib import Graph
    merged = Graph()
    for _, graph in synthetic_wstb_documents:
        merged += graph
    return merged


def _memory_store(documents: list[tuple[str, object]]):
    """An in-memory store holding the vocabulary and the documents, written as load.py writes them."""
    from graph.namespaces import DEFAULT_BASE
    from graph.store import load_vocabulary, open_store
    from graph.writer import write_documents
    with open_store() as memory:
        load_vocabulary(memory, DEFAULT_BASE)
        write_documents(memory, documents)
        yield memory


@pytest.fixture(scope="session")
def synthetic_store(synthetic_documents):
    """An in-memory store of the 24 synthetic meetings, shared by the session: tests only read it."""
    yield from _memory_store(synthetic_documents)


@pytest.fixture(scope="session")
def synthetic_wstb_store(synthetic_wstb_documents):
    """An in-memory store of the 24 synthetic meetings and the WSTB example, shared: tests only read it."""
    yield from _memory_store(synthetic_wstb_documents)


@pytest.fixture(scope="session")
def real_corpus_store():
    """An in-memory store of every minutes file in ../shared/corpus, written as load.py writes them,
    shared: tests only read it."""
    from graph.namespaces import DEFAULT_BASE
    from graph.pipeline import process_file
    built = [process_file(path, DEFAULT_BASE).built for path in sorted(CORPUS.glob("*.txt"))]
    yield from _memory_store([(str(b.graph_iri), b.graph) for b in built])


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
