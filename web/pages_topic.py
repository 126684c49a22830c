"""A topic's page: its place in the thesaurus and authority links, and a timeline across meetings and
boards of every statement, decision and action point on it, with who raised it and for which
organisation."""
from __future__ import annotations

from flask import Blueprint

from web.data import Page, paged, ref, rows, slug_iri
from web.shapes import counts, fact_entries
from web.respond import envelope, found, respond, twin_route

bp = Blueprint("topic", __name__)

TOP = 20
_SKOS = "http://www.w3.org/2004/02/skos/core#"


@twin_route(bp, "/topic/<slug:slug>")
def topic(slug: str):
    """One topic across meetings and boards."""
    topic_iri = slug_iri("topic", slug)
    head = found(rows("topic", {"topic": topic_iri}))[0]
    related: dict[str, list] = {name: [] for name in
                                ("altLabel", "broader", "narrower", "related", "exactMatch", "closeMatch")}
    for r in rows("topic-relations", {"topic": topic_iri}):
        name = r["relation"][len(_SKOS):]
        related[name].append(r["value"] if name == "altLabel" else ref(r["value"], r.get("valueName")))
    timeline, pagination = paged("topic-timeline", {"topic": topic_iri}, Page.from_request())
    return respond("topic.html", envelope(
        "topic", head["name"], str(topic_iri), name=head["name"], definition=head.get("definition"),
        scopeNote=head.get("scopeNote"), **related,
        timeline=fact_entries(timeline), pagination=pagination,
        people=counts(rows("topic-people", {"topic": topic_iri}, limit=TOP), "person"),
        organisations=counts(rows("topic-organisations", {"topic": topic_iri}, limit=TOP), "organisation"),
        cooccurring=counts(rows("topic-cooccurrence", {"topic": topic_iri}, limit=TOP), "other"),
        feed=f"/topic/{slug}/feed.atom"))
