"""Full-text search over statements, decisions and action points, with filters by board, person,
topic and date range. Every value from the request is bound as a query value."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, request
from rdflib import Literal
from rdflib.namespace import XSD

from web.data import Page, paged, ref, rows, slug_iri
from web.respond import envelope, respond, twin_route
from web.shapes import fact_entries

bp = Blueprint("search", __name__)

#: Words of the query that must all occur (the query binds ?w1 ... ?w5).
MAX_WORDS = 5
PAGE_SIZE = 25
_FILTERS = ("q", "board", "person", "topic", "from", "to")


def _date(value: str, notices: list[str]) -> Literal | None:
    if not value:
        return None
    try:
        return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError:
        notices.append(f"Ignored the date {value!r}: write it as YYYY-MM-DD.")
        return None


@twin_route(bp, "/search")
def search():
    """?q=WORDS (all must occur, case-insensitive) and optional board, person, topic (slugs), from, to."""
    args = {name: request.args.get(name, "").strip() for name in _FILTERS}
    words = list(dict.fromkeys(args["q"].lower().split()))
    notices = []
    if len(words) > MAX_WORDS:
        notices.append(f"Only the first {MAX_WORDS} words were used.")
        words = words[:MAX_WORDS]
    bindings = {f"w{i}": Literal(word) for i, word in enumerate(words, 1)}
    bindings.update(boardFilter=slug_iri("board", args["board"]), person=slug_iri("person", args["person"]),
                    topic=slug_iri("topic", args["topic"]))
    bindings["from"], bindings["to"] = _date(args["from"], notices), _date(args["to"], notices)
    asked = any(v is not None for v in bindings.values())
    results, pagination = (paged("search", bindings, Page.from_request(size=PAGE_SIZE)) if asked
                           else ([], None))
    return respond("search.html", envelope(
        "search", f"Search: {args['q']}" if args["q"] else "Search", filters=args, words=words,
        notices=notices, asked=asked,
        boards=[ref(r["board"], r.get("acronym") or r.get("name"), slug=r["board"].rsplit("/", 1)[-1])
                for r in rows("boards")],
        topics=sorted((ref(r["topic"], r.get("name"), slug=r["topic"].rsplit("/", 1)[-1]) for r in rows("topic")),
                      key=lambda t: t["name"].lower()),
        results=fact_entries(results),
        pagination=pagination))
