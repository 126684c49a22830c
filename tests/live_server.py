"""A real HTTP server for a Flask app in a background thread, for tests that use real clients."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import make_server

from web.sparql import close_workers


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve APP on a free loopback port; yields its base URL, then stops it and its SPARQL workers."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        close_workers(app)
