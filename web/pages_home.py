"""The home page (boards, meeting timeline, counts, most discussed topics) and one page per board."""
from __future__ import annotations

from flask import Blueprint

from web.data import Page, aggregated, board_rows, meetings_paged, ranked, ref, rows, slug_iri, top_counts
from web.respond import envelope, found, respond, twin_route

bp = Blueprint("main", __name__)

TOP_TOPICS = 15


def _timeline(rows_: list[dict]) -> list[dict]:
    return [{"meeting": ref(r["meeting"], r.get("title")), "date": r.get("date"),
             "board": ref(r["board"], r.get("boardAcronym") or r.get("boardName"))} for r in rows_]


def _topics(rows_: list[dict]) -> list[dict]:
    return [{"topic": ref(r["topic"], r.get("name")), "statements": r["statements"]} for r in rows_]


def _board(row: dict) -> dict:
    return {"board": ref(row["board"], row.get("name")), "acronym": row.get("acronym"),
            "meetings": row["meetings"], "first": row.get("first"), "last": row.get("last"),
            "feed": f"{ref(row['board'])['url']}/feed.atom"}


@twin_route(bp, "/", json_rule="/index.json")
def home():
    """Boards, meetings newest first, totals and the most discussed topics."""
    meetings, pagination = meetings_paged(None, Page.from_request())
    fast = aggregated()
    totals = rows("site-counts", counted=fast)
    counts = {k: (totals[0].get(k) if totals else 0) for k in ("meetings", "people", "statements", "actions")}
    return respond("home.html", envelope(
        "home", "boardgraph", counts=counts, boards=[_board(r) for r in board_rows()],
        meetings=_timeline(meetings), pagination=pagination,
        topics=_topics(ranked(rows("aggregate-topic-counts"), "topic", "statements", TOP_TOPICS) if fast
                       else rows("topic-counts", limit=TOP_TOPICS))))


@twin_route(bp, "/board/<slug:slug>")
def board(slug: str):
    """One board: its meetings newest first and the topics it discusses most."""
    board_iri = slug_iri("board", slug)
    head = _board(found(board_rows(board_iri))[0])
    meetings, pagination = meetings_paged(board_iri, Page.from_request())
    return respond("board.html", envelope(
        "board", head["board"]["name"], str(board_iri), board=head, meetings=_timeline(meetings),
        pagination=pagination, topics=_topics(top_counts("board-topic", board_iri, "topic", TOP_TOPICS) if aggregated()
                                              else rows("board-topics", {"board": board_iri}, limit=TOP_TOPICS))))
