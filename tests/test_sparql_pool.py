"""web/sparql_pool.py: the SPARQL endpoint's worker processes over a real on-disk store (the time limit
itself is tested through the site in tests/test_sparql.py)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from graph.store import open_store
from web.sparql_pool import QueryJob, WorkerPool

REPO = Path(__file__).resolve().parent.parent
COUNT = QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "json", "turtle", max_rows=10)


@pytest.fixture()
def store_dir(tmp_path) -> Path:
    path = tmp_path / "store"
    with open_store(path) as writer:
        writer.replace_graph("urn:g1", [(URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)) for i in range(3)])
    return path


def test_a_worker_ignores_ctrl_c_and_goes_on_answering(store_dir):
    pool = WorkerPool(store_dir, size=1)
    try:
        first = pool.run(COUNT, timeout=30)
        (worker,) = list(pool._idle.queue)
        os.kill(worker.process.pid, signal.SIGINT)  # what Ctrl-C sends every process of the terminal's group
        time.sleep(0.5)
        assert worker.process.is_alive()
        assert pool.run(COUNT, timeout=30).data == first.data and b'"3"' in first.data
        assert list(pool._idle.queue) == [worker]  # answered by the same worker, not a replacement
    finally:
        pool.close()


def test_a_worker_whose_app_is_killed_exits_without_a_traceback(store_dir):
    # the app starts a worker and is killed before reading its "ready": the worker's next read of the
    # pipe fails with ConnectionResetError (as when `pkill -f "load.py serve"` stops the site)
    app = (f"import os, time\nfrom web.sparql_pool import WorkerPool\n"
           f"pool = WorkerPool({str(store_dir)!r}, size=1)\n"
           f"time.sleep(3)\nos.kill(os.getpid(), 9)\n")
    # run() returns once its pipes close: when the app, the forkserver and the worker have all exited
    finished = subprocess.run([sys.executable, "-c", app], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert finished.returncode == -signal.SIGKILL
    assert "Traceback" not in finished.stderr, finished.stderr
