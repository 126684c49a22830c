"""Flask application factory: serves the knowledge graph from a GraphStore."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Blueprint, Flask, current_app, render_template
from rdflib.term import Literal

from graph.namespaces import DEFAULT_BASE
from graph.queries import load_query
from graph.store import GraphStore, open_store

log = logging.getLogger(__name__)

DEFAULTS = {
    "STORE_PATH": "data/store",
    "BASE": DEFAULT_BASE,
}

_EXTENSION = "boardgraph"

main = Blueprint("main", __name__)


class _StoreHolder:
    """Opens the on-disk store read-only on first use (so a missing store is a page, not a crash)."""

    def __init__(self, store: GraphStore | None, path: str | Path):
        self.store = store
        self.owned = store is None
        self.path = Path(path)
        self._lock = threading.Lock()

    def get(self) -> GraphStore | None:
        if self.store is None:
            with self._lock:
                if self.store is None:
                    if not (self.path / "CURRENT").exists():
                        log.warning("no store at %s yet; serving an empty site", self.path)
                        return None
                    self.store = open_store(self.path, read_only=True)
        return self.store


def create_app(config: dict | None = None) -> Flask:
    """Build the web app.

    Config keys: STORE_PATH (default "data/store", opened read-only on first request), BASE
    (default "http://localhost:5000/id/"), STORE (an already-open GraphStore to serve instead;
    the app does not close it)."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    if config:
        app.config.update(config)
    app.extensions[_EXTENSION] = _StoreHolder(app.config.get("STORE"), app.config["STORE_PATH"])
    app.register_blueprint(main)
    return app


def get_store() -> GraphStore | None:
    """The store the current app serves, or None when nothing has been loaded yet."""
    return current_app.extensions[_EXTENSION].get()


def _value(term):
    """A plain Python value for a template (dates and numbers as their lexical form / int)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int) and not isinstance(value, bool) else str(term)
    return str(term)


def _meetings(store: GraphStore) -> list[dict]:
    rows = store.select(load_query("meetings")).rows
    return [{name: _value(row.get(name)) for name in
             ("meeting", "date", "title", "board", "boardName", "boardAcronym",
              "participants", "statements", "actions")} for row in rows]


def _boards(meetings: list[dict]) -> list[dict]:
    boards: dict[str, dict] = {}
    for m in meetings:
        key = m["board"] or ""
        board = boards.setdefault(key, {
            "board": m["board"], "name": m["boardName"] or m["boardAcronym"] or m["board"] or "(no board)",
            "acronym": m["boardAcronym"], "meetings": 0, "first": None, "last": None})
        board["meetings"] += 1
        if m["date"]:
            board["first"] = min(filter(None, (board["first"], m["date"])))
            board["last"] = max(filter(None, (board["last"], m["date"])))
    return sorted(boards.values(), key=lambda b: b["name"].lower())


@main.route("/")
def home():
    """Boards and meetings, newest first."""
    store = get_store()
    meetings = _meetings(store) if store is not None else []
    base = current_app.config["BASE"]
    for m in meetings:
        # link only to our own IRIs (never to arbitrary schemes taken from data)
        m["href"] = m["meeting"] if m["meeting"] and m["meeting"].startswith(base) else None
    return render_template("home.html", meetings=meetings, boards=_boards(meetings))
