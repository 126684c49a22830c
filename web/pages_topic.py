"""A topic's page: its place in the thesaurus and authority links, and a timeline across meetings and
boards of every statement, decision and action point on it, with who raised it and for which
organisation."""
from __future__ import annotations

from flask import Blueprint
from rdflib import URIRef

from graph.analysis import first_raised, topic_neighbourhood, topic_trend
from web import pictures
from web.data import Page, aggregated, paged_newest, ref, rows, slug_iri, top_counts
from web.linked_data import kept_for_snapshot
from web.shapes import counts, fact_entries
from web.respond import envelope, found, respond, twin_route
from web.state import get_store

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
    timeline, pagination = paged_newest("topic-timeline", {"topic": topic_iri}, "topic-documents", Page.from_request())
    return respond("topic.html", envelope(
        "topic", head["name"], str(topic_iri), name=head["name"], definition=head.get("definition"),
        scopeNote=head.get("scopeNote"), **related,
        timeline=fact_entries(timeline), pagination=pagination,
        people=counts(_top("topic-person", "topic-people", topic_iri, "person"), "person"),
        organisations=counts(_top("topic-organisation", "topic-organisations", topic_iri, "organisation"), "organisation"),
        **_kept_pictures(topic_iri, head["name"]),
        feed=f"/topic/{slug}/feed.atom"))


def _top(kind: str, query: str, topic_iri: URIRef, other: str) -> list[dict]:
    """The TOP people or organisations on a topic: from the load-time counters, or named query QUERY."""
    return top_counts(kind, topic_iri, other, TOP) if aggregated() else rows(query, {"topic": topic_iri}, limit=TOP)


def _kept_pictures(topic_iri: URIRef, name: str) -> dict:
    """:func:`_pictures`, kept per read-only snapshot of the store (one entry a topic of the thesaurus):
    at 10,000 meetings a topic's 876 month counters took 60 ms to read, its neighbours and first
    fact 30 ms more."""
    return kept_for_snapshot(f"topic-pictures {topic_iri} {name}", lambda: _pictures(topic_iri, name))


def _pictures(topic_iri: URIRef, name: str) -> dict:
    """The topics discussed together with it (``network``, its table ``cooccurring``), its rise and fall
    month by month (``trend``) and who raised it first (``firstRaised``)."""
    store = get_store()
    graph = topic_neighbourhood(store, topic_iri, pictures.NEIGHBOURS)
    picture, links = pictures.around(graph, str(topic_iri), name=name,
                                     kind="topic", ident="cooccurring-picture",
                                     title=f"Topics discussed together with {name}", verb="was discussed together with",
                                     others=("topic", "topics"), unit=pictures.TOGETHER,
                                     unit_short=pictures.TOGETHER)
    first = first_raised(store, topic_iri)
    return {"network": picture, "cooccurring": links,
            "trend": pictures.trend(topic_trend(store, topic_iri), name=name),
            "firstRaised": first and {"fact": ref(first.fact, first.date), "meeting": ref(first.meeting, first.date),
                                      "date": first.date, "who": ref(first.who, first.label),
                                      "organisation": ref(first.organisation, first.organisation_label)}}
