"""Row shapes several pages and feeds share: counts, tracker rows, and statements, decisions and
action points listed across meetings (a list query gives each fact and its document's graph, one page
of them at a time; graph/queries/fact-details.rq then describes just those)."""
from __future__ import annotations

from rdflib import URIRef

from graph.namespaces import BG
from web.data import Page, aggregated, key, paged, ref, rows
from web.terms import concept, status_name
from web.urls import page_url

_KINDS = {str(BG.Statement): "statement", str(BG.Decision): "decision", str(BG.ActionPoint): "action"}


def counts(found_rows: list[dict], key: str, count: str = "statements") -> list[dict]:
    """[{KEY: reference, COUNT: n}] from rows of KEY, name and COUNT (the *-topics, *-people queries)."""
    return [{key: ref(r[key], r.get("name")), count: r[count]} for r in found_rows]


def tracker_row(r: dict) -> dict:
    """One action point as the action-tracker query states it (its latest state)."""
    return {"action": ref(r["action"], f"Action {r['notation']}"), "notation": r["notation"],
            "board": ref(r["board"], r.get("boardAcronym") or r.get("boardName")),
            "status": status_name(r["status"]), "owner": ref(r.get("owner"), r.get("ownerName")),
            "ownerLabel": r.get("ownerLabel"), "description": r["description"],
            "first": r.get("firstDate"), "latest": r.get("date"), "meetings": r.get("meetings"),
            "meeting": ref(r["meeting"], r.get("date"))}


def tracker_page(bindings: dict, page: Page) -> tuple[list[dict], dict]:
    """One page of the action tracker (query action-tracker) and its pagination. With load-time
    aggregates the page's action points are chosen from each one's current state (aggregate-actions)
    and only they are described; otherwise the tracker is computed over every document."""
    if not aggregated():
        return paged("action-tracker", bindings, page)
    keys, pagination = paged("aggregate-actions", {
        "boardKey": key(bindings.get("board")), "statusKey": key(bindings.get("status")),
        "ownerKey": key(bindings.get("ownerFilter"))}, page)
    filters = {k: v for k, v in bindings.items() if k in ("ownerFilter", "status") and v is not None}
    return rows("action-tracker", table=[{"action": URIRef(r["action"]), **filters} for r in keys]), pagination


def fact_entries(keys: list[dict]) -> list[dict]:
    """The facts named by KEYS (rows with "fact" and "graph"), in KEYS' order, described for a list."""
    table = [{"fact": URIRef(k["fact"]), "graph": URIRef(k["graph"])} for k in keys]
    graphs = dict.fromkeys(k["graph"] for k in keys)
    details = {(r["fact"], r["graph"]): r for r in rows("fact-details", table=table, graphs=graphs)}
    return [_entry(details[k["fact"], k["graph"]]) for k in keys if (k["fact"], k["graph"]) in details]


def _entry(r: dict) -> dict:
    return {"iri": r["fact"], "kind": _KINDS.get(r["type"], "fact"), "url": page_url(r["fact"]),
            "text": r.get("text"), "date": r["date"], "meeting": ref(r["meeting"], r["date"]),
            "board": r.get("boardAcronym"), "item": r.get("itemTitle"),
            "speechAct": concept(r.get("speechAct"), r.get("speechActLabel")),
            "who": ref(r.get("who"), r.get("whoName")),
            "organisation": ref(r.get("organisation"), r.get("organisationName")),
            "status": status_name(r.get("status"))}
