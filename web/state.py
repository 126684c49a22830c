"""The store the app serves, opened read-only on first use (so a missing store is a page, not a crash).

An on-disk Oxigraph store opened read-only is a snapshot taken at opening. So that the running site
sees what the loader writes, the holder looks at the store directory's write-ahead log and manifest
at most every ``STORE_FOLLOW_SECONDS`` (config, default 1 s; 0 checks on every request) and, when
they changed, opens a fresh snapshot for the requests that start after that. A request keeps the
snapshot it started with (pinned in ``flask.g``), so one page never mixes two states of the store,
and each query sees whole documents only: the loader writes a document in one transaction."""
from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from flask import current_app, g

from graph.store import GraphStore, is_server_url, open_store

log = logging.getLogger(__name__)

EXTENSION = "boardgraph"
DEFAULT_FOLLOW_SECONDS = 1.0


def directory_stamp(path: str | Path) -> tuple:
    """What changes when a writer commits to the RocksDB directory at PATH: the name, size and
    modification time of its write-ahead logs, manifests and CURRENT file."""
    stamp = []
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.name.endswith(".log") or entry.name.startswith(("MANIFEST", "CURRENT")):
                    info = entry.stat()
                    stamp.append((entry.name, info.st_size, info.st_mtime_ns))
    except OSError:
        return ()
    return tuple(sorted(stamp))


class StoreHolder:
    """Holds the configured store, or opens the one at ``location`` read-only when first asked for
    it (an on-disk directory, or a SPARQL server's ``http(s)://`` URL) and follows the writer's
    commits to a directory with fresh snapshots."""

    def __init__(self, store: GraphStore | None, location: str | Path, follow_seconds: float = DEFAULT_FOLLOW_SECONDS):
        self.store = store
        self.location = location
        self.follow_seconds = follow_seconds
        self._follows = store is None and not is_server_url(location)
        self._stamp: tuple = ()
        self._checked = 0.0
        self._lock = threading.Lock()

    def get(self) -> GraphStore | None:
        """The current snapshot (opened or renewed if the directory changed), or None if no store exists."""
        if self.store is not None and not self._due():
            return self.store
        with self._lock:
            if self.store is None:
                self._open()
            elif self._due():
                self._renew()
        return self.store

    def _due(self) -> bool:
        return self._follows and time.monotonic() - self._checked >= self.follow_seconds

    def _open(self) -> None:
        if self._follows and not (Path(self.location) / "CURRENT").exists():
            log.warning("no store at %s yet; serving an empty site", self.location)
            return
        self._stamp, self._checked = directory_stamp(self.location), time.monotonic()
        self.store = open_store(self.location, read_only=True)

    def _renew(self) -> None:
        stamp, self._checked = directory_stamp(self.location), time.monotonic()
        if stamp != self._stamp:
            log.info("store %s changed; opening a fresh snapshot", self.location)
            self._stamp = stamp
            self.store = open_store(self.location, read_only=True)


def get_store() -> GraphStore | None:
    """The store snapshot this request reads (the same one for the whole request), or None when
    nothing has been loaded yet."""
    if "boardgraph_store" not in g:
        g.boardgraph_store = current_app.extensions[EXTENSION].get()
    return g.boardgraph_store


def base() -> str:
    """The base IRI of the data the current app serves."""
    return current_app.config["BASE"]
