"""A person's page (meetings, statements, action points, topics, who they sit with) and an
organisation's page (its people over time, meetings represented, topics its people raise)."""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, request
from rdflib import URIRef
from rdflib.namespace import ORG, SKOS

from graph.analysis import organisation_neighbourhood, people_neighbourhood
from web import pictures
from web.data import Page, aggregated, paged_newest, ref, representatives_paged, rows, slug_iri, thing_rows, top_counts
from web.linked_data import kept_for_snapshot
from web.respond import envelope, found, respond, twin_route
from web.shapes import counts, fact_entries, tracker_page, tracker_row
from web.state import get_store
from web.terms import concept

bp = Blueprint("people", __name__)

TOP = 20
#: a person's page shows their newest action points up to this many, then links to the tracker
ACTIONS_SHOWN = 20
_RELATIONS = {str(SKOS.altLabel): "altLabel", str(ORG.subOrganizationOf): "parent", "unit": "unit",
              str(SKOS.exactMatch): "exactMatch"}


@twin_route(bp, "/person/<slug:slug>")
def person(slug: str):
    """Everything one person did across meetings; ?topic=SLUG keeps only their statements on a topic."""
    person_iri = slug_iri("person", slug)
    head = found(rows("person", {"person": person_iri}))[0]
    topic_iri = slug_iri("topic", request.args.get("topic"))
    statements, statement_pages = paged_newest("person-statements", {"person": person_iri, "topic": topic_iri},
                                               "person-documents", Page.from_request())
    meetings, meeting_pages = paged_newest("person-participations", {"person": person_iri}, "person-documents",
                                           Page.from_request(param="meetings_page"), row_a_document=True)
    actions, action_pages = tracker_page({"ownerFilter": person_iri}, Page(size=ACTIONS_SHOWN))
    topic_counts = counts(top_counts("topic-person", person_iri, "topic", TOP, slots=("k2", "k1")) if aggregated()
                          else rows("person-topics", {"person": person_iri}, limit=TOP), "topic")
    topic_filter = None
    if topic_iri is not None:
        topic_filter = next((t["topic"] for t in topic_counts if t["topic"]["iri"] == str(topic_iri)),
                            ref(str(topic_iri)))
    return respond("person.html", envelope(
        "person", head["name"], str(person_iri), name=head["name"],
        spellings=[s for s in (head.get("spellings") or "").split("\n") if s],
        meetings=[{"meeting": ref(r["meeting"], r.get("title")), "date": r["date"],
                   "board": ref(r.get("board"), r.get("boardAcronym") or r.get("boardName")),
                   "role": concept(r["role"], r.get("roleLabel")),
                   "organisation": ref(r.get("organisation"), r.get("organisationName"))} for r in meetings],
        meetings_pagination=meeting_pages,
        topic=topic_filter,
        statements=fact_entries(statements),
        pagination=statement_pages,
        actions=[tracker_row(r) for r in actions],
        allActions=f"/actions?owner={quote(slug, safe='')}" if action_pages["next"] else None,
        topics=topic_counts,
        **_sits_with(person_iri, head["name"]),
        feed=f"/person/{slug}/feed.atom"))


def _sits_with(person_iri: URIRef, name: str) -> dict:
    """:func:`_sits_with_now`, kept per read-only snapshot of the store (as a topic's pictures are,
    web/pages_topic.py): the person's pair counters, the neighbours' names and the drawing took a
    third of a person's page at 1,000 meetings."""
    return kept_for_snapshot(f"sits-with {person_iri} {name}", lambda: _sits_with_now(person_iri, name))


def _sits_with_now(person_iri: URIRef, name: str) -> dict:
    """The people a person shares most meetings with: the picture and its table (``sits_with``)."""
    graph = people_neighbourhood(get_store(), person_iri, pictures.NEIGHBOURS)
    picture, links = pictures.around(graph, str(person_iri),
                                     name=name, kind="person", ident="sits-with-picture",
                                     title=f"Who {name} sits with most", verb="shares meetings with",
                                     others=("person", "people"), unit=pictures.MEETINGS,
                                     unit_short=("meeting", "meetings"))
    return {"sits_with": [{"other": r["other"], "meetings": r["weight"]} for r in links], "network": picture}


@twin_route(bp, "/org/<slug:slug>")
def organisation(slug: str):
    """One organisation: the people who represented it, the meetings, the topics its people raise."""
    org_iri = slug_iri("org", slug)
    name = found(thing_rows("organisation", {"organisation": org_iri}, "organisation-documents"))[0]["name"]
    related: dict[str, list] = {"altLabel": [], "parent": [], "unit": [], "exactMatch": []}
    for r in rows("organisation-relations", {"organisation": org_iri}):
        relation = _RELATIONS.get(r["relation"], r["relation"])
        related[relation].append(r["value"] if relation == "altLabel" else ref(r["value"], r.get("valueName")))
    people, people_pages = representatives_paged(org_iri, Page.from_request())
    meetings, meeting_pages = paged_newest("organisation-meetings", {"organisation": org_iri}, "organisation-documents",
                                           Page.from_request(param="meetings_page"))
    return respond("organisation.html", envelope(
        "organisation", name, str(org_iri), name=name, alsoKnownAs=related["altLabel"],
        partOf=related["parent"], units=related["unit"], exactMatch=related["exactMatch"],
        people=[{"person": ref(r["person"], r.get("name")), "meetings": r["meetings"], "first": r["first"],
                 "last": r["last"]} for r in people],
        pagination=people_pages,
        meetings=[{"meeting": ref(r["meeting"], r.get("title")), "date": r["date"],
                   "board": r.get("boardAcronym"), "people": r.get("people"),
                   "present": r["present"]} for r in meetings],
        meetings_pagination=meeting_pages,
        topics=counts(top_counts("topic-organisation", org_iri, "topic", TOP, slots=("k2", "k1")) if aggregated()
                      else rows("organisation-topics", {"organisation": org_iri}, limit=TOP), "topic"),
        **_alongside(org_iri, name),
        feed=f"/org/{slug}/feed.atom"))


def _alongside(org_iri: URIRef, name: str) -> dict:
    """:func:`_alongside_now`, kept per read-only snapshot of the store (as :func:`_sits_with`)."""
    return kept_for_snapshot(f"alongside {org_iri} {name}", lambda: _alongside_now(org_iri, name))


def _alongside_now(org_iri: URIRef, name: str) -> dict:
    """The organisations represented at the same meetings as one: the picture and its table (``alongside``)."""
    graph = organisation_neighbourhood(get_store(), org_iri, pictures.NEIGHBOURS)
    picture, links = pictures.around(graph, str(org_iri),
                                     name=name, kind="organisation", ident="alongside-picture",
                                     title=f"Organisations represented alongside {name}",
                                     verb="was represented at meetings alongside",
                                     others=("organisation", "organisations"), unit=pictures.MEETINGS,
                                     unit_short=("meeting", "meetings"))
    return {"alongside": [{"other": r["other"], "meetings": r["weight"]} for r in links], "network": picture}
