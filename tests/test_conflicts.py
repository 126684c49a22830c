"""graph/conflicts.py through the real CLI and a real on-disk store: files that claim a stored meeting,
conflicting revisions in one load, action numbers reused within a board. Each refused file gets one
line and exit code 3, and the store stays exactly as it was; the good files of the load are stored."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from graph.namespaces import DEFAULT_BASE
from graph.store import open_store

REPO = Path(__file__).resolve().parent.parent
GRAPH = DEFAULT_BASE + "graph/meeting/wstb/2017-06-29"
LATER_GRAPH = DEFAULT_BASE + "graph/meeting/wstb/2017-10-19"

LATER = """Minutes
Title of Meeting:\tWelfare Sector Transparency Board (WSTB)
Date:\t19 th October 2017\tTime:\t12.00 \u2013 14.00

Agenda item 1 \u2013 Open data

Nick Halliday (NH) gave an update on open data. {action}

Attendees
Charlie Boundy (chair)\tDWP Digital
Nick Halliday\tCabinet Office
Gemma Kirk (secretariat)\tDWP Digital
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "load.py"), *args], cwd=REPO, capture_output=True,
                          text=True, timeout=180)


def _store_contents(store_dir: Path) -> dict:
    with open_store(store_dir, read_only=True) as store:
        return {iri: store.graph(iri) for iri in store.graph_iris()}


def _same(before: dict, after: dict) -> bool:
    return before.keys() == after.keys() and all(isomorphic(before[i], after[i]) for i in before)


def _source(store_dir: Path, graph_iri: str) -> set[str]:
    with open_store(store_dir, read_only=True) as store:
        rows = store.select(f"SELECT ?s WHERE {{ GRAPH <{graph_iri}> {{ ?d a bg:MinutesDocument ; dcterms:source ?s }} }}")
        return {str(r["s"]) for r in rows}


def _copy(wstb_path: Path, to: Path, old: str = "NH to provide slides for members",
          new: str = "NH to provide slides and a summary for members") -> Path:
    to.write_text(wstb_path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return to


@pytest.fixture()
def store_dir(tmp_path, wstb_path) -> Path:
    """A store holding the WSTB minutes of 29 June 2017."""
    store_dir = tmp_path / "store"
    assert run(str(wstb_path), "--store", str(store_dir)).returncode == 0
    return store_dir


def test_another_file_claiming_a_stored_meeting_is_refused_unless_replace(tmp_path, wstb_path, store_dir):
    before = _store_contents(store_dir)
    other = _copy(wstb_path, tmp_path / "wstb-minutes-final.txt")
    refused = run(str(other), "--store", str(store_dir))
    assert refused.returncode == 3
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    assert lines[0].startswith(f"error: {other}: claims the meeting Welfare Sector Transparency Board, 2017-06-29")
    assert "already stored from wstb-2017-06-29.txt" in lines[0] and "--replace" in lines[0]
    assert _same(before, _store_contents(store_dir))

    replaced = run(str(other), "--store", str(store_dir), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert _source(store_dir, GRAPH) == {"wstb-minutes-final.txt"}


def test_a_revision_under_the_same_name_replaces_and_an_identical_copy_is_no_conflict(tmp_path, wstb_path, store_dir):
    revision = _copy(wstb_path, tmp_path / "wstb-2017-06-29.txt")
    assert run(str(revision), "--store", str(store_dir)).returncode == 0
    identical = tmp_path / "copy-of-the-revision.txt"
    identical.write_bytes(revision.read_bytes())
    assert run(str(identical), "--store", str(store_dir)).returncode == 0


@pytest.mark.parametrize("options", [["--jobs", "1"], ["--jobs", "2"], ["--jobs", "2", "--batch", "1"]])
def test_conflicting_revisions_in_one_load_keep_the_first(tmp_path, wstb_path, options):
    store_dir = tmp_path / "store"
    (tmp_path / "a").mkdir()
    first = _copy(wstb_path, tmp_path / "a" / "wstb-2017-06-29.txt")
    second = _copy(wstb_path, tmp_path / "wstb-v2.txt", new="NH to provide slides in advance for members")
    good = tmp_path / "wstb-2017-10-19.txt"
    good.write_text(LATER.format(action="NH to circulate the new guidance (Action Point 48)."), encoding="utf-8")
    result = run(str(first), str(second), str(good), "--store", str(store_dir), *options)
    assert result.returncode == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {second}: claims the meeting Welfare Sector Transparency Board, 2017-06-29, as "
                      f"{first} does earlier in this load, with different content (conflicting revisions); load the "
                      f"right one on its own"]
    assert _source(store_dir, GRAPH) == {"wstb-2017-06-29.txt"}
    with open_store(store_dir, read_only=True) as store:
        descriptions = {str(r["d"]) for r in store.select(
            f"SELECT ?d WHERE {{ GRAPH <{GRAPH}> {{ ?a a bg:ActionPoint ; schema:description ?d }} }}")}
        assert "NH to provide slides and a summary for members" in descriptions
        assert LATER_GRAPH in store.graph_iris()  # the good file of the load is stored


@pytest.mark.parametrize("options", [["--jobs", "1"], ["--jobs", "2"]])
def test_a_file_skipped_as_stored_unchanged_still_counts_as_earlier_in_its_load(tmp_path, wstb_path, store_dir,
                                                                                  options):
    """The stored file is skipped (graph/unchanged.py), yet a later file of the same load claiming its
    meeting with other content is a conflicting revision, as it would be had both been processed:
    refused even with --replace, and the store keeps the first."""
    before = _store_contents(store_dir)
    other = _copy(wstb_path, tmp_path / "wstb-minutes-final.txt")
    result = run(str(wstb_path), str(other), "--store", str(store_dir), "--replace", *options)
    assert result.returncode == 3
    assert result.stdout.splitlines()[0].startswith("1 file(s) already stored unchanged")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {other}: claims the meeting Welfare Sector Transparency Board, 2017-06-29, as "
                      f"{wstb_path} does earlier in this load, with different content (conflicting revisions); load "
                      f"the right one on its own"]
    assert _same(before, _store_contents(store_dir))


def test_an_action_number_reused_within_a_board_is_refused(tmp_path, store_dir):
    before = _store_contents(store_dir)
    reuse = tmp_path / "wstb-2017-10-19.txt"
    reuse.write_text(LATER.format(action="NH to circulate the new guidance (Action Point 45)."), encoding="utf-8")
    refused = run(str(reuse), "--store", str(store_dir))
    assert refused.returncode == 3
    assert refused.stderr.strip() == (
        f"error: {reuse}: action point 45 is raised again with a different text (first raised at the meeting of "
        f"2017-06-29, stored from wstb-2017-06-29.txt); action numbers are not reused within a board, so correct "
        f"the number in the minutes")
    assert _same(before, _store_contents(store_dir))

    fresh = tmp_path / "renumbered" / "wstb-2017-10-19.txt"
    fresh.parent.mkdir()
    fresh.write_text(LATER.format(action="NH to circulate the new guidance (Action Point 48)."), encoding="utf-8")
    assert run(str(fresh), "--store", str(store_dir)).returncode == 0


def test_an_action_number_reused_between_two_new_files_of_one_load(tmp_path):
    store_dir = tmp_path / "store"
    july, october = tmp_path / "wstb-2017-07-20.txt", tmp_path / "wstb-2017-10-19.txt"
    july.write_text(LATER.format(action="NH to circulate the new guidance (Action Point 48).")
                    .replace("19 th October 2017", "20 th July 2017"), encoding="utf-8")
    october.write_text(LATER.format(action="NH to publish the register (Action Point 48)."), encoding="utf-8")
    result = run(str(july), str(october), "--store", str(store_dir), "--jobs", "2")
    assert result.returncode == 3
    assert f"error: {october}: action point 48 is raised again with a different text (also raised by {july}" \
           in result.stderr
    with open_store(store_dir, read_only=True) as store:
        assert LATER_GRAPH not in store.graph_iris()
        assert DEFAULT_BASE + "graph/meeting/wstb/2017-07-20" in store.graph_iris()
