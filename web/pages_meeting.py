"""A meeting's page (who attended, the agenda, who said what, decisions, action points) and the page
of one quoted span of its minutes shown among its neighbours."""
from __future__ import annotations

from collections import defaultdict

from flask import Blueprint
from rdflib import URIRef

from web.data import ref, rows, slug_iri
from web.respond import envelope, found, respond, twin_route
from web.terms import APOLOGIES, concept, role_rank, status_name
from web.urls import page_url

bp = Blueprint("meeting", __name__)

#: Quoted spans shown on each side of the one asked for.
NEIGHBOURS = 3

_KINDS = {"AgendaItem": "agenda item", "Statement": "statement", "Decision": "decision",
          "ActionPoint": "action point"}


def _anchor(fact: str) -> str:
    """"statement-12" for ``.../statement/12`` (the id of the fact on the meeting page)."""
    kind, number = fact.rstrip("/").rsplit("/", 2)[-2:]
    return f"{kind}-{number}"


def _time(stamp: str | None) -> str | None:
    return stamp[11:16] if stamp and len(stamp) >= 16 else None


def _quote(row: dict) -> dict | None:
    """Where a fact was read from: the quoted span's page, offsets and exact text."""
    if "source" not in row:
        return None
    return {"source": row["source"], "url": page_url(row["source"]), "start": row.get("start"),
            "end": row.get("end"), "exact": row.get("exact")}


def _participants(found_rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(people present grouped by role in the usual order, people who sent apologies)."""
    groups: dict[str, dict] = {}
    for r in sorted(found_rows, key=lambda r: (role_rank(r["role"]), r.get("name") or "")):
        group = groups.setdefault(r["role"], {"role": concept(r["role"], r.get("roleLabel")), "people": []})
        group["people"].append({"person": ref(r["person"], r.get("name")), "initials": r.get("initials"),
                                "organisation": ref(r.get("organisation"), r.get("organisationName"))})
    apologies = groups.pop(APOLOGIES, {"people": []})["people"]
    return list(groups.values()), apologies


def _statement(r: dict, names: dict[str, str], topics: dict[str, list[dict]]) -> dict:
    return {"iri": r["statement"], "anchor": _anchor(r["statement"]), "position": r["position"],
            "speaker": _person(r.get("speaker"), names), "speakerLabel": r.get("speakerLabel"),
            "speechAct": concept(r["speechAct"], r.get("speechActLabel")), "text": r["text"],
            "quote": _quote(r), "topics": topics.get(r["statement"], [])}


def _decision(r: dict, topics: dict[str, list[dict]]) -> dict:
    return {"iri": r["decision"], "anchor": _anchor(r["decision"]), "text": r["text"],
            "outcome": concept(r["outcome"], r.get("outcomeLabel")), "votesFor": r.get("votesFor"),
            "votesAgainst": r.get("votesAgainst"), "abstentions": r.get("abstentions"),
            "quote": _quote(r), "topics": topics.get(r["decision"], [])}


def _action(r: dict, names: dict[str, str], topics: dict[str, list[dict]], earlier: list[str]) -> dict:
    return {"iri": r["action"], "url": page_url(r["action"]), "notation": r["notation"],
            "status": status_name(r["status"]), "owner": _person(r.get("owner"), names),
            "ownerLabel": r.get("ownerLabel"), "description": r["description"], "due": r.get("due"),
            "earlierMentions": len(earlier), "firstDate": min(earlier, default=None),
            "quote": _quote(r), "topics": topics.get(r["action"], [])}


def _person(person: str | None, names: dict[str, str]) -> dict | None:
    """A speaker or owner, named as the meeting's attendance list names them."""
    return ref(person, names.get(person or ""))


def _agenda(meeting: URIRef, date: str, graph: str, names: dict[str, str]) -> list[dict]:
    """The agenda items in order, each with its statements, decisions and action points."""
    bound, graphs = {"meeting": meeting}, [graph]
    topics: dict[str, list[dict]] = defaultdict(list)
    for r in rows("meeting-fact-topics", bound, graphs=graphs):
        topics[r["fact"]].append(ref(r["topic"], r.get("name")))
    items = {r["item"]: {"iri": r["item"], "anchor": _anchor(r["item"]), "notation": r["notation"],
                         "title": r.get("title"), "presenter": _person(r.get("presenter"), names),
                         "statements": [], "decisions": [], "actions": []}
             for r in rows("meeting-items", bound, graphs=graphs)}
    for r in rows("meeting-statements", bound, graphs=graphs):
        items[r["item"]]["statements"].append(_statement(r, names, topics))
    for r in rows("meeting-decisions", bound, graphs=graphs):
        items[r["item"]]["decisions"].append(_decision(r, topics))
    actions = rows("meeting-actions", bound, graphs=graphs)
    earlier: dict[str, list[str]] = defaultdict(list)
    for r in rows("action-meetings", table=[{"action": URIRef(a["action"])} for a in actions]):
        if r["date"] < date:
            earlier[r["action"]].append(r["date"])
    for r in actions:
        items[r["item"]]["actions"].append(_action(r, names, topics, earlier[r["action"]]))
    return list(items.values())


@twin_route(bp, "/meeting/<slug:board>/<slug:date>")
def meeting(board: str, date: str):
    """Everything one meeting's minutes record."""
    meeting_iri = slug_iri("meeting", board, date)
    head = found(rows("meeting", {"meeting": meeting_iri}))[0]
    graphs = [head["graph"]]
    listed = rows("meeting-participants", {"meeting": meeting_iri}, graphs=graphs)
    present, apologies = _participants(listed)
    topics = [ref(r["topic"], r.get("name")) for r in rows("meeting-subjects", {"meeting": meeting_iri}, graphs=graphs)]
    summary = {"date": head["date"], "start": _time(head.get("start")), "end": _time(head.get("end")),
               "board": ref(head.get("board"), head.get("boardName")), "boardAcronym": head.get("boardAcronym"),
               "document": {"iri": head.get("document"), "file": head.get("file"), "format": head.get("format")}}
    return respond("meeting.html", envelope(
        "meeting", head.get("title") or f"Meeting of {date}", str(meeting_iri), meeting=summary,
        participants=present, apologies=apologies, topics=topics,
        items=_agenda(meeting_iri, head["date"], head["graph"], {r["person"]: r.get("name") for r in listed})))


@twin_route(bp, "/meeting/<slug:board>/<slug:date>/source/<slug:span>")
def source(board: str, date: str, span: str):
    """One quoted span of the minutes with the spans quoted just before and after it.

    The minutes' full text is not stored, only the exact quotes facts were read from, so this shows
    those quotes in document order; text no fact was read from (tables, blank lines) is not shown."""
    meeting_iri = slug_iri("meeting", board, date)
    head = found(rows("meeting", {"meeting": meeting_iri}))[0]
    wanted = str(slug_iri("meeting", board, date, "source", span))
    graphs = [head["graph"]]
    names = {r["person"]: r.get("name") for r in rows("meeting-participants", {"meeting": meeting_iri}, graphs=graphs)}
    spans: dict[str, dict] = {}
    for r in rows("meeting-sources", {"meeting": meeting_iri}, graphs=graphs):
        entry = spans.setdefault(r["source"], {**_quote(r), "facts": []})
        who = r.get("speaker") or r.get("owner")
        entry["facts"].append({"iri": r["fact"], "kind": _KINDS.get(r["type"].rsplit("#", 1)[-1], "fact"),
                               "url": page_url(r["fact"]), "who": names.get(who or "")})
    span_ = found(spans.get(wanted))
    order = list(spans)
    at = order.index(wanted)
    shown = [dict(spans[s], current=s == wanted) for s in order[max(at - NEIGHBOURS, 0):at + NEIGHBOURS + 1]]
    return respond("source.html", envelope(
        "source", f"Characters {span_['start']}–{span_['end']} of the minutes", wanted,
        meeting=ref(str(meeting_iri), head.get("title") or date), date=head["date"], span=span_, spans=shown,
        previous=spans[order[at - 1]]["url"] if at > 0 else None,
        next=spans[order[at + 1]]["url"] if at + 1 < len(order) else None))
