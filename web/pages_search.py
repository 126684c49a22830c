"""Full-text search over statements, decisions and action points, with filters by board, person,
topic and date range. Answered from the store's full-text index (graph/search_index.py) when it has
a current one, otherwise by graph/queries/search.rq; every value from the request is bound, never pasted."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, request
from rdflib import Literal
from rdflib.namespace import XSD

from graph.search_index import COUNT_CAP, SearchQuery, query_words
from graph.store import GraphStore
from web.data import Page, board_rows, for_this_store, paged, ref, rows, side_index, slug_iri
from web.respond import envelope, respond, twin_route
from web.shapes import fact_entries

bp = Blueprint("search", __name__)

#: Words of the query that must all occur (the query binds ?w1 ... ?w5).
MAX_WORDS = 5
PAGE_SIZE = 25
_FILTERS = ("q", "board", "person", "topic", "from", "to")
_SITE_SEARCH = "boardgraph-search"


def _date(value: str, notices: list[str]) -> Literal | None:
    if not value:
        return None
    try:
        return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError:
        notices.append(f"Ignored the date {value!r}: write it as YYYY-MM-DD.")
        return None


@dataclass
class _Site:
    """Per app and store: for a read-only store (a snapshot that does not change), the boards and
    topics the filters offer."""

    store: GraphStore
    choices: dict | None = None


def _site() -> _Site | None:
    """This app's _Site for the store it serves (None when nothing is loaded yet)."""
    return for_this_store(_SITE_SEARCH, _Site)


def _choices() -> dict:
    """The boards and topics to filter by (read once per read-only store)."""
    site = _site()
    if site is not None and site.choices is not None:
        return site.choices
    choices = {
        "boards": [ref(r["board"], r.get("acronym") or r.get("name"), slug=r["board"].rsplit("/", 1)[-1])
                   for r in board_rows()],
        "topics": sorted((ref(r["topic"], r.get("name"), slug=r["topic"].rsplit("/", 1)[-1]) for r in rows("topic")),
                         key=lambda t: t["name"].lower())}
    if site is not None and site.store.read_only:
        site.choices = choices
    return choices


def _found(words: list[str], bindings: dict, page: Page) -> tuple[list[dict], dict | None]:
    """One page of matching facts (fact and graph) and the pagination, from the index if there is one."""
    index = side_index()
    if index is None:
        return paged("search", bindings, page)
    query = SearchQuery(words, *(None if bindings[k] is None else str(bindings[k])
                                 for k in ("boardFilter", "person", "topic", "from", "to")))
    found, total = index.search(query, limit=page.size + 1, offset=(page.number - 1) * page.size)
    pagination = {"param": page.param, "page": page.number, "size": page.size, "total": total,
                  "capped": total >= COUNT_CAP,
                  "previous": page.number - 1 if page.number > 1 else None,
                  "next": page.number + 1 if len(found) > page.size else None}
    return found[:page.size], pagination


@twin_route(bp, "/search")
def search():
    """?q=WORDS (all must occur as words or word starts, case-insensitive; "a phrase" in quotes) and
    optional board, person, topic (slugs), from, to."""
    args = {name: request.args.get(name, "").strip() for name in _FILTERS}
    words = query_words(args["q"])
    notices = []
    if len(words) > MAX_WORDS:
        notices.append(f"Only the first {MAX_WORDS} words were used.")
        words = words[:MAX_WORDS]
    bindings = {f"w{i}": Literal(word) for i, word in enumerate(words, 1)}
    bindings.update(boardFilter=slug_iri("board", args["board"]), person=slug_iri("person", args["person"]),
                    topic=slug_iri("topic", args["topic"]))
    bindings["from"], bindings["to"] = _date(args["from"], notices), _date(args["to"], notices)
    asked = any(v is not None for v in bindings.values())
    results, pagination = _found(words, bindings, Page.from_request(size=PAGE_SIZE)) if asked else ([], None)
    return respond("search.html", envelope(
        "search", f"Search: {args['q']}" if args["q"] else "Search", filters=args, words=words,
        notices=notices, asked=asked, **_choices(),
        results=fact_entries(results),
        pagination=pagination))
