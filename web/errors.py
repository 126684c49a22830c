"""Errors in one shape everywhere on the site.

JSON (on a ".json" path, or when the Accept header prefers JSON to HTML):
``{"error": {"status": 404, "title": "Not Found", "message": "...", "url": "/person/nobody.json"}}``.
HTML: the error page, with the same status, title and message.  The linked-data endpoints add RDF and
plain-text forms of the same message (web/linked_data.py); the SPARQL protocol answers text/plain.
"""
from __future__ import annotations

import logging

from flask import Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from graph.store import StoreError

log = logging.getLogger(__name__)

_FRIENDLY = {404: "There is no page here. It may name a meeting, person or topic the store does not hold (yet)."}


def error_body(status: int, message: str) -> dict:
    """The JSON body of an error."""
    return {"error": {"status": status, "title": HTTP_STATUS_CODES.get(status, "Error"),
                      "message": " ".join(message.split()), "url": request.path}}


def error_json(status: int, message: str) -> Response:
    """An error as JSON."""
    response = jsonify(error_body(status, message))
    response.status_code = status
    return response


def error_html(status: int, message: str) -> Response:
    """An error as the site's error page."""
    body = error_body(status, message)["error"]
    return Response(render_template("error.html", friendly=_FRIENDLY.get(status), **body),
                    status=status, mimetype="text/html")


def prefers_json() -> bool:
    """True on a ".json" path, or when the client's Accept header ranks JSON above HTML."""
    if request.path.endswith(".json"):
        return True
    accept = request.accept_mimetypes
    return accept.quality("application/json") > accept.quality("text/html")


def error_response(status: int, message: str) -> Response:
    """An error as JSON or HTML, whichever the client asked for."""
    return error_json(status, message) if prefers_json() else error_html(status, message)


def register(app) -> None:
    """Answer every HTTP error, a store that cannot be read and any unexpected failure in the one shape."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(StoreError, _store_error)
    app.register_error_handler(Exception, _unexpected)


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    if error.response is not None or status < 400:  # redirects and ready-made responses pass through
        return error.get_response()
    response = error_response(status, error.description or error.name)
    if status == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _store_error(error: StoreError) -> Response:
    log.error("store error on %s: %s", request.path, error)
    return error_response(503, f"The store cannot be read: {error}")


def _unexpected(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return _http_error(error)
    log.exception("unexpected error on %s", request.path)
    return error_response(500, "Something went wrong on our side; the error has been logged.")
