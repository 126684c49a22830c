"""The action tracker across meetings (filter by board, owner and status) and one page per action
point with its history: every meeting whose minutes record it."""
from __future__ import annotations

from flask import Blueprint, request
from markupsafe import Markup
from rdflib import URIRef

from web.data import Page, aggregated, board_rows, ref, rows, side_index, slug_iri
from web.linked_data import kept_for_snapshot
from web.respond import envelope, found, options, respond, twin_route, with_selected
from web.shapes import tracker_page, tracker_row
from web.terms import ACTION_STATUSES, status_name
from web.urls import page_url

bp = Blueprint("actions", __name__)


@twin_route(bp, "/actions")
def tracker():
    """Action points, newest first, as their latest meeting states them.

    ?board=SLUG, ?owner=SLUG and ?status=open|completed|dropped are bound as query values."""
    args = {name: request.args.get(name, "").strip() for name in ("board", "owner", "status")}
    notices = []
    status = ACTION_STATUSES.get(args["status"]) if args["status"] else None
    if args["status"] and status is None:
        notices.append(f"Unknown status {args['status']!r}: use open, completed or dropped.")
    bindings = {"board": slug_iri("board", args["board"]), "ownerFilter": slug_iri("person", args["owner"]),
                "status": status}
    found_rows, pagination = tracker_page(bindings, Page.from_request())
    if notices:
        found_rows, pagination = [], {**pagination, "next": None}
    return respond("actions.html", envelope(
        "actions", "Action points", filters=args, notices=notices, statuses=list(ACTION_STATUSES),
        boards=[ref(r["board"], r.get("acronym") or r.get("name"), slug=r["board"].rsplit("/", 1)[-1])
                for r in board_rows()],
        owners=kept_for_snapshot("action-owner-refs", _owner_refs),
        actions=[tracker_row(r) for r in found_rows], pagination=pagination))


def _owner_refs() -> list[dict]:
    """The owner filter's choices: a reference to each person owning action points, with their slug
    and how many they own (3,598 at 10,000 meetings)."""
    return [ref(r["owner"], r.get("name"), slug=r["owner"].rsplit("/", 1)[-1], actions=r["actions"]) for r in _owners()]


@bp.app_template_global()
def owner_options(selected: str) -> Markup:
    """The owner filter's <option>s, SELECTED selected: written once per snapshot of the store
    (escaping 3,331 owners' names and slugs took 20 ms a page at 10,000 meetings)."""
    written = kept_for_snapshot("action-owner-options",
                                lambda: options(kept_for_snapshot("action-owner-refs", _owner_refs), None, "actions"))
    return with_selected(written, selected)


def _owners() -> list[dict]:
    """The people owning action points, by name, with how many they own: from the side index's
    catalogue, the load-time counters (names looked up for them), or named query action-owners."""
    index = side_index()
    if index is not None:  # a GROUP BY over every owner named (200 ms at 10,000): once per snapshot of the store
        return kept_for_snapshot("action-owners", index.owners)
    if not aggregated():
        return rows("action-owners")
    found = rows("aggregate-action-owners")
    names = {r["node"]: r["label"] for r in rows("network-labels", table=[{"node": URIRef(r["owner"])} for r in found])}
    return sorted(({**r, "name": names.get(r["owner"])} for r in found),
                  key=lambda r: (r["name"] is not None, r["name"] or "", r["owner"]))


@twin_route(bp, "/action/<slug:board>/<slug:number>")
def action(board: str, number: str):
    """One action point: its latest state and each meeting that recorded it, oldest first."""
    action_iri = slug_iri("action", board, number)
    graphs = [r["graph"] for r in found(rows("action-meetings", {"action": action_iri}))]
    history = [{"meeting": ref(r["meeting"], r.get("date")), "date": r["date"],
                "board": ref(r.get("board"), r.get("boardAcronym") or r.get("boardName")),
                "item": ref(r["item"], r.get("itemTitle"), notation=r.get("itemNotation")),
                "status": status_name(r["status"]), "owner": ref(r.get("owner"), r.get("ownerName")),
                "ownerLabel": r.get("ownerLabel"), "description": r["description"], "due": r.get("due"),
                "quote": {"url": page_url(r["source"]), "start": r.get("start"), "end": r.get("end"),
                          "exact": r.get("exact")} if r.get("source") else None,
                "notation": r["notation"]}
               for r in rows("action-history", {"action": action_iri}, graphs=graphs)]
    latest = history[-1]
    return respond("action.html", envelope(
        "action", f"Action {latest['notation']}", str(action_iri), notation=latest["notation"],
        status=latest["status"], owner=latest["owner"], ownerLabel=latest["ownerLabel"],
        description=latest["description"], board=latest["board"], history=history))
