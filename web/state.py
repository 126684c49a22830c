"""The store the app serves, opened read-only on first use (so a missing store is a page, not a crash)."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import current_app

from graph.store import GraphStore, is_server_url, open_store

log = logging.getLogger(__name__)

EXTENSION = "boardgraph"


class StoreHolder:
    """Holds the configured store, or opens the one at ``location`` read-only when first asked for
    it: an on-disk directory, or a SPARQL server's ``http(s)://`` URL."""

    def __init__(self, store: GraphStore | None, location: str | Path):
        self.store = store
        self.location = location
        self._lock = threading.Lock()

    def get(self) -> GraphStore | None:
        if self.store is None:
            with self._lock:
                if self.store is None:
                    if not is_server_url(self.location) and not (Path(self.location) / "CURRENT").exists():
                        log.warning("no store at %s yet; serving an empty site", self.location)
                        return None
                    self.store = open_store(self.location, read_only=True)
        return self.store


def get_store() -> GraphStore | None:
    """The store the current app serves, or None when nothing has been loaded yet."""
    return current_app.extensions[EXTENSION].get()


def base() -> str:
    """The base IRI of the data the current app serves."""
    return current_app.config["BASE"]
