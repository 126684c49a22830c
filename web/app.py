"""Flask application factory: serves the knowledge graph from a GraphStore."""
from __future__ import annotations

from flask import Flask, Response
from werkzeug.routing import BaseConverter

from graph.namespaces import DEFAULT_BASE
from web import errors, feeds, pages_actions, pages_home, pages_meeting, pages_network, pages_ontology, \
    pages_people, pages_quality, pages_search, pages_topic
from web.pictures import draw_network, draw_trend
from web.respond import highlight, options, with_args
from web import linked_data, sparql  # the linked-data half: /sparql, /id, /doc, /dumps, /.well-known/void
from web.state import DEFAULT_FOLLOW_SECONDS, EXTENSION, StoreHolder, get_store
from web.urls import doc_url, external_url, page_url

__all__ = ["create_app", "get_store"]

DEFAULTS = {
    "STORE_PATH": "data/store",
    "BASE": DEFAULT_BASE,
    "STORE_FOLLOW_SECONDS": DEFAULT_FOLLOW_SECONDS,
}

#: Sent with every response: no inline scripts or styles, nothing from other origins.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")

PAGE_BLUEPRINTS = (pages_home.bp, pages_meeting.bp, pages_people.bp, pages_topic.bp, pages_network.bp,
                   pages_actions.bp, pages_search.bp, pages_quality.bp, feeds.bp, pages_ontology.bp)


class SlugConverter(BaseConverter):
    """One path segment without dots, so ``/person/x.json`` is the JSON twin, never a person "x.json"."""

    regex = r"[^/.]+"


def create_app(config: dict | None = None) -> Flask:
    """Build the web app.

    Config keys: STORE_PATH (default "data/store": a directory, opened read-only on first request and
    followed as the loader writes, see web/state.py; or a SPARQL server's URL), STORE_FOLLOW_SECONDS
    (default 1: how often to look for the loader's commits), BASE
    (default "http://localhost:5000/id/"), STORE (an already-open GraphStore to serve instead;
    the app does not close it)."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    if config:
        app.config.update(config)
    app.extensions[EXTENSION] = StoreHolder(app.config.get("STORE"), app.config["STORE_PATH"],
                                            app.config["STORE_FOLLOW_SECONDS"])
    app.url_map.converters["slug"] = SlugConverter
    app.jinja_env.globals.update(page_url=page_url, doc_url=doc_url, external_url=external_url,
                                 with_args=with_args, options=options, draw_network=draw_network, draw_trend=draw_trend)
    app.jinja_env.filters["highlight"] = highlight
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    for blueprint in PAGE_BLUEPRINTS:
        app.register_blueprint(blueprint)
    for blueprint in (linked_data.bp, sparql.bp):
        app.register_blueprint(blueprint)
    app.after_request(_security_headers)
    errors.register(app)
    return app


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response

