"""SPARQL queries under a time limit: a small pool of warm worker processes.

pyoxigraph has no query timeout and a running query cannot be interrupted from Python, so each
query of an on-disk store runs in a worker process holding its own read-only snapshot of the
store (``open_store(path, read_only=True)``).  A worker past the deadline is killed and a fresh
one is started in its place; the others keep serving.  Workers come from a 'forkserver' context
that preloads this module, so a replacement is ready in tens of milliseconds; the pool starts on
the first query.  Like the site's own snapshot (web/state.py), a worker looks at the store directory
before each query and takes a fresh snapshot when the loader has committed since its last one.

An in-memory store (tests) cannot be seen from another process: :class:`InThreadRunner` runs its
queries in the request thread with the row limit but no time limit.  A SPARQL server store needs no
worker: :class:`ServerRunner` forwards each query over HTTP with the time limit as its deadline (the
server may go on evaluating a query the site has given up on; give it its own timeout too).
"""
from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from graph.store import GraphStore, QueryOutput, StoreError, open_store
from graph.store_sparql import ServerTimeout, SparqlServerStore
from web.state import directory_stamp

__all__ = ["QueryJob", "QueryTimeout", "WorkerPool", "InThreadRunner", "ServerRunner"]

#: how long a starting worker may take to open its snapshot before the query fails
STARTUP_TIMEOUT = 30.0


@dataclass(frozen=True)
class QueryJob:
    """One query and how to serialise its answer (the arguments of GraphStore.run_query)."""

    query: str
    results_format: str
    graph_format: str
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def run(self, store: GraphStore) -> QueryOutput:
        return store.run_query(self.query, results_format=self.results_format, graph_format=self.graph_format,
                               max_rows=self.max_rows, default_graphs=self.default_graphs,
                               named_graphs=self.named_graphs)


class QueryTimeout(Exception):
    """The query did not finish within the time limit (or no worker became free in time)."""


class InThreadRunner:
    """Runs queries in the calling thread: row limit only, no time limit (in-memory stores)."""

    time_limited = False

    def __init__(self, store: GraphStore):
        self.store = store

    def run(self, job: QueryJob, timeout: float) -> QueryOutput:  # noqa: ARG002 - same call as WorkerPool
        return job.run(self.store)

    def close(self) -> None:
        """Nothing to release."""


class ServerRunner:
    """Forwards queries to a SPARQL server store: row limit, and the time limit as an HTTP deadline."""

    time_limited = True

    def __init__(self, store: SparqlServerStore):
        self.store = store

    def run(self, job: QueryJob, timeout: float) -> QueryOutput:
        """Run ``job`` on the server; raise QueryTimeout if its answer takes more than ``timeout`` seconds."""
        try:
            return self.store.run_query(job.query, results_format=job.results_format, graph_format=job.graph_format,
                                        max_rows=job.max_rows, default_graphs=job.default_graphs,
                                        named_graphs=job.named_graphs, timeout=timeout)
        except ServerTimeout:
            raise QueryTimeout(f"the query ran longer than the {timeout:g} s time limit") from None

    def close(self) -> None:
        """Nothing to release (the store belongs to the app)."""


def _worker_main(conn: Connection, path: str) -> None:
    """A worker process: open the snapshot, say "ready", then answer jobs until the pipe closes or the
    app's process goes away. Ctrl-C in a terminal reaches every process of the group: the app stops its
    workers itself, so a worker ignores it (instead of printing a KeyboardInterrupt traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stamp = directory_stamp(path)  # taken before opening: a commit in between is seen next time
    try:
        store = open_store(path, read_only=True)
    except StoreError as error:
        conn.send(("failed", error))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, ConnectionError):  # ConnectionResetError: the app died with our "ready" unread
            return
        try:
            if (now := directory_stamp(path)) != stamp:
                store, stamp = open_store(path, read_only=True), now
            conn.send(("ok", job.run(store)))
        except StoreError as error:  # QueryError, QueryRefused included
            conn.send(("error", error))


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context, path: str):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, path), daemon=True,
                                       name="boardgraph-sparql")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.conn.poll(STARTUP_TIMEOUT):
            raise StoreError(f"the query worker did not start within {STARTUP_TIMEOUT:g} s")
        status, detail = self.conn.recv()
        if status != "ready":
            raise detail
        self.ready = True

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over the on-disk store at ``path``; :meth:`run` enforces the limit."""

    time_limited = True

    def __init__(self, path: str | Path, size: int = 2):
        self.path = str(path)
        self.size = size
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._idle.put(_Worker(self._context, self.path))

    def run(self, job: QueryJob, timeout: float) -> QueryOutput:
        """Run ``job`` in a worker; raise QueryTimeout if it takes more than ``timeout`` seconds
        (the worker is then killed and replaced), or if no worker is free within ``timeout``."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(f"all {self.size} query workers stayed busy for {timeout:g} s") from None
        healthy = False
        try:
            worker.wait_ready()
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                raise QueryTimeout(f"the query ran longer than the {timeout:g} s time limit")
            status, payload = worker.conn.recv()
            healthy = True
        except (EOFError, OSError) as error:
            raise StoreError(f"the query worker failed: {error or type(error).__name__}") from error
        finally:
            self._release(worker, healthy)
        if status == "error":
            raise payload
        return payload

    def _release(self, worker: _Worker, healthy: bool) -> None:
        """Put a worker back, or replace it when its query was cut off or it died."""
        with self._lock:
            if not healthy:
                worker.stop()
                if not self._closed:
                    worker = _Worker(self._context, self.path)
            if self._closed:
                worker.stop()
            else:
                self._idle.put(worker)

    def close(self) -> None:
        """Stop the idle workers (busy ones are stopped when their query returns)."""
        with self._lock:
            self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            worker.stop()
