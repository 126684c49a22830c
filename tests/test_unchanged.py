"""graph/unchanged.py: which files a load may skip, on a real on-disk store loaded by graph/bulk.py."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from graph.aggregates import AGG, AGGREGATES_GRAPH
from graph.bulk import EXIT_OK, load_files
from graph.namespaces import DEFAULT_BASE
from graph.reports import report_graph_iri
from graph.search_index import IndexEntry, SearchIndex, index_path
from graph.store import load_vocabulary, open_store
from graph.unchanged import StoredFile, unchanged_paths
from graph.version import pipeline_stamp

WSTB_GRAPH = DEFAULT_BASE + "graph/meeting/wstb/2017-06-29"
WSTB_DOCUMENT = URIRef(DEFAULT_BASE + "minutes/wstb/2017-06-29")


@pytest.fixture()
def stored(tmp_path, wstb_path):
    """An on-disk store holding the WSTB minutes and one corpus file, as load.py writes it; yields
    (the open store, [the two files], the folder they sit in)."""
    folder = tmp_path / "minutes"
    folder.mkdir()
    files = [shutil.copy(wstb_path, folder), shutil.copy(Path(__file__).resolve().parents[2] / "shared" / "corpus"
                                                         / "asf-board-2017-06-15.txt", folder)]
    store = open_store(tmp_path / "store")

    def open_target():
        load_vocabulary(store, DEFAULT_BASE)
        return store
    result = load_files([str(f) for f in files], open_target, DEFAULT_BASE, jobs=1, echo=lambda text, err: None)
    assert result.worst == EXIT_OK and result.stored == 2
    yield store, [str(f) for f in files], folder
    store.close()


def test_stored_files_are_unchanged_and_their_pipeline_is_recorded(stored):
    store, files, _ = stored
    found = unchanged_paths(store, files)
    assert found.keys() == set(files)
    wstb = next(f for f in files if f.endswith("wstb-2017-06-29.txt"))
    assert found[wstb] == StoredFile(frozenset({WSTB_GRAPH}), hashlib.sha256(Path(wstb).read_bytes()).hexdigest())
    assert store.ask(f"ASK {{ GRAPH <{WSTB_GRAPH}> {{ <{WSTB_DOCUMENT}> bg:extractedWith ?stamp }} }}",
                     {"stamp": Literal(pipeline_stamp())})


def test_other_bytes_another_name_or_a_missing_file_is_not_unchanged(stored, tmp_path):
    store, files, folder = stored
    edited = tmp_path / "edited" / Path(files[0]).name
    edited.parent.mkdir()
    edited.write_bytes(Path(files[0]).read_bytes() + b"\n")
    renamed = tmp_path / "renamed.txt"
    renamed.write_bytes(Path(files[0]).read_bytes())
    same_bytes_elsewhere = tmp_path / "copy" / Path(files[0]).name
    same_bytes_elsewhere.parent.mkdir()
    same_bytes_elsewhere.write_bytes(Path(files[0]).read_bytes())
    asked = [str(edited), str(renamed), str(folder / "missing.txt"), str(same_bytes_elsewhere)]
    assert unchanged_paths(store, asked).keys() == {str(same_bytes_elsewhere)}  # the name and bytes make the graph


def test_another_pipeline_stamp_is_not_unchanged(stored):
    store, files, _ = stored
    store.update(f"""DELETE {{ GRAPH <{WSTB_GRAPH}> {{ ?doc bg:extractedWith ?stamp }} }}
                     INSERT {{ GRAPH <{WSTB_GRAPH}> {{ ?doc bg:extractedWith "0123456789abcdef" }} }}
                     WHERE {{ GRAPH <{WSTB_GRAPH}> {{ ?doc bg:extractedWith ?stamp }} }}""")
    assert unchanged_paths(store, files).keys() == {files[1]}


def test_a_document_without_its_report_or_with_uncounted_aggregates_is_not_unchanged(stored):
    store, files, _ = stored
    store.remove_graph(report_graph_iri(WSTB_GRAPH, DEFAULT_BASE))
    assert unchanged_paths(store, files).keys() == {files[1]}
    asf_graph = next(g for g in store.graph_iris() if g.endswith("2017-06-15") and "/report/" not in g)
    store.update(f"INSERT DATA {{ GRAPH <{AGGREGATES_GRAPH}> {{ <{AGGREGATES_GRAPH}> <{AGG.pending}> <{asf_graph}> }} }}")
    assert unchanged_paths(store, files) == {}


def test_a_missing_or_stale_full_text_index_makes_its_documents_changed(stored):
    store, files, _ = stored
    path = index_path(store)
    assert path is not None and path.is_file()
    with SearchIndex.open(path) as index:  # the index loses the WSTB minutes (as a crash before its update would)
        index.replace_documents([IndexEntry(WSTB_GRAPH, None, ())])
    assert unchanged_paths(store, files).keys() == {files[1]}
    path.unlink()
    assert unchanged_paths(store, files) == {}
