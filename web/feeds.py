"""Atom feeds (RFC 4287) of new statements and action points per topic, person, organisation and
board, newest first by meeting date. Entry ids are the facts' IRIs; an action point recorded by
several meetings is one entry, as its latest meeting states it."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from flask import Blueprint, Response, request
from rdflib import URIRef

from web.data import board_rows, newest_rows, slug_iri, thing_rows
from web.respond import found
from web.shapes import first_entries
from web.urls import page_url

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
#: the newest documents a feed reads first (web/data.py newest_rows; more follow as the rows found
#: need): a board's meeting alone gives dozens of facts, so the 8 read before were twice what its feed
#: needs (a board feed at 1,000 meetings 66 -> 44 ms), and the others read their second batch anyway
FIRST_DOCUMENTS = 4

#: /KIND/SLUG/feed.atom (the thing's IRI is <base>KIND/SLUG) -> (query giving the thing's name, or no
#: row when there is no such thing; the variable to bind; the feed's query)
_FEEDS = {
    "topic": ("topic", "topic", "topic-timeline"),
    "person": ("person", "person", "person-feed"),
    "org": ("organisation", "organisation", "organisation-feed"),
    "board": ("boards", "board", "board-feed"),
}

#: the feeds read newest documents first (web/data.py newest_rows): KIND -> the query giving its documents
_DOCUMENTS = {"topic": "topic-documents", "person": "person-documents", "org": "organisation-documents",
              "board": "board-documents"}


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _stamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _entry_title(entry: dict) -> str:
    who = entry["who"]["name"] if entry["who"] else None
    where = " ".join(filter(None, (entry["board"], entry["date"])))
    if entry["kind"] == "action":
        return f"Action point ({entry['status']}){' for ' + who if who else ''}, {where}"
    return f"{entry['kind'].capitalize()}{' by ' + who if who else ''}, {where}"


def atom(title: str, feed_url: str, page: str, entries: list[dict]) -> bytes:
    """The Atom document: the feed's id is its own URL, each entry's id the fact's IRI."""
    root = request.host_url.rstrip("/")
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "title", title)
    _add(feed, "id", feed_url)
    _add(feed, "updated", _stamp(entries[0]["date"]) if entries
         else dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    _add(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    _add(feed, "link", rel="alternate", href=root + page, type="text/html")
    _add(_add(feed, "author"), "name", "boardgraph")
    for entry in entries:
        item = _add(feed, "entry")
        _add(item, "id", entry["iri"])
        _add(item, "title", _entry_title(entry))
        _add(item, "updated", _stamp(entry["date"]))
        if entry["url"]:
            _add(item, "link", rel="alternate", href=root + entry["url"], type="text/html")
        if entry["who"]:
            _add(_add(item, "author"), "name", entry["who"]["name"])
        _add(item, "category", term=entry["kind"])
        _add(item, "content", entry["text"], type="text")
    ET.register_namespace("", ATOM)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def feed_entries(kind: str, thing: URIRef) -> list[dict]:
    """The entries of the feed of THING (a topic, person, org or board IRI), newest first: the first
    ENTRIES facts of the feed's query, read from the thing's newest documents only."""
    _, variable, feed_query = _FEEDS[kind]
    return first_entries(newest_rows(feed_query, {variable: thing}, _DOCUMENTS[kind], ENTRIES * 2,
                                     first=FIRST_DOCUMENTS), ENTRIES)


@bp.route("/<any(topic, person, org, board):kind>/<slug:slug>/feed.atom")
def feed(kind: str, slug: str):
    """The feed of one topic, person, organisation or board."""
    head_query, variable, _ = _FEEDS[kind]
    thing: URIRef = slug_iri(kind, slug)
    head = found(board_rows(thing) if kind == "board" else thing_rows(head_query, {variable: thing}, _DOCUMENTS[kind]))[0]
    entries = feed_entries(kind, thing)
    page = page_url(str(thing))
    body = atom(f"{head['name']} · boardgraph", request.base_url, page, entries)
    return Response(body, mimetype="application/atom+xml")
