"""Page URLs for data IRIs.

A page's path is the IRI's path after the base, so ``/id/X`` (the thing), ``/doc/X`` (its RDF, served
by web/linked_data.py) and ``/X`` (its page) map onto each other: ``<base>person/nick-halliday`` ->
``/person/nick-halliday``. Parts of a meeting (agenda items, statements, decisions, participations)
are anchors on the meeting's page; a quoted span (``.../source/START-END``) has its own page.
"""
from __future__ import annotations

from flask import has_app_context

from web.state import base as app_base

_OWN_PAGES = {"person": 2, "org": 2, "topic": 2, "board": 2, "action": 3}
_ANCHORS = {"item": "item", "statement": "statement", "decision": "decision"}


def relative(iri: str | None, base: str | None = None) -> str | None:
    """The IRI's path after the base, or None for an IRI outside the base."""
    base = base if base is not None else (app_base() if has_app_context() else None)
    if not iri or not base or not iri.startswith(base) or len(iri) == len(base):
        return None
    return iri[len(base):]


def page_url(iri: str | None, base: str | None = None) -> str | None:
    """The site page showing ``iri`` (None when the site has no page for it)."""
    rel = relative(iri, base)
    if rel is None:
        return None
    parts = rel.split("/")
    kind = parts[0]
    if _OWN_PAGES.get(kind) == len(parts) and all(parts):
        return "/" + rel
    if kind == "graph" and len(parts) > 1:
        return page_url((base if base is not None else app_base()) + "/".join(parts[1:]), base)
    if kind == "membership" and len(parts) == 3:
        return f"/person/{parts[1]}"
    if kind in ("meeting", "minutes") and len(parts) >= 3 and all(parts):
        meeting = f"/meeting/{parts[1]}/{parts[2]}"
        rest = parts[3:]
        if len(rest) == 2 and rest[0] == "source":
            return f"{meeting}/source/{rest[1]}"
        if len(rest) == 2 and rest[0] in _ANCHORS:
            return f"{meeting}#{_ANCHORS[rest[0]]}-{rest[1]}"
        if rest and rest[0] == "participation":
            return f"{meeting}#participants"
        return meeting
    return None


def doc_url(iri: str | None, base: str | None = None, extension: str = "") -> str | None:
    """Where the RDF describing ``iri`` is served: ``/doc/PATH`` (+ ``.ttl``, ``.jsonld``, ``.nt``)."""
    rel = relative(iri, base)
    return f"/doc/{rel}{extension}" if rel is not None else None


def external_url(iri: str | None) -> str | None:
    """An http(s) IRI outside the site, fit for a link (other schemes are never linked)."""
    return iri if iri and iri.startswith(("http://", "https://")) else None
