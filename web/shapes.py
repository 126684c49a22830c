"""Row shapes several pages and feeds share: counts, tracker rows, timeline entries."""
from __future__ import annotations

from web.data import ref
from web.terms import status_name
from web.urls import page_url


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


def timeline_entry(r: dict) -> dict:
    """One statement, decision or action point of a timeline or feed."""
    return {"iri": r["fact"], "kind": r["kind"], "url": page_url(r["fact"]), "text": r["text"],
            "date": r["date"], "meeting": ref(r["meeting"], r["date"]),
            "board": r.get("boardAcronym") or r.get("boardName"), "who": ref(r.get("who"), r.get("whoName")),
            "organisation": ref(r.get("organisation"), r.get("organisationName")),
            "status": status_name(r.get("status"))}
