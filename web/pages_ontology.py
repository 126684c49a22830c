"""/ontology: the bg: vocabulary (ontology/boardgraph.ttl) and the topic thesaurus (topics.ttl) as
readable documentation, as JSON, and as Turtle (/ontology.ttl, or /ontology with Accept: text/turtle)."""
from __future__ import annotations

import functools

from flask import Blueprint, Response, request
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from graph.namespaces import BG, PREFIXES, bind_prefixes
from graph.store import DEFAULT_ONTOLOGY_DIR
from web.respond import envelope, respond, twin_route, wants_json
from web.state import base
from web.urls import external_url, page_url

bp = Blueprint("ontology", __name__)

ONTOLOGY_IRI = URIRef("https://w3id.org/boardgraph/ontology")
_NAMESPACES = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda p: -len(p[0]))


@functools.lru_cache(maxsize=4)
def vocabulary(base_iri: str) -> tuple[Graph, Graph]:
    """(the ontology, the topic thesaurus with its IRIs resolved against the base), parsed once."""
    ontology = Graph().parse(DEFAULT_ONTOLOGY_DIR / "boardgraph.ttl", format="turtle")
    topics = Graph().parse(DEFAULT_ONTOLOGY_DIR / "topics.ttl", format="turtle", publicID=base_iri)
    return ontology, topics


@functools.lru_cache(maxsize=4)
def turtle(base_iri: str) -> bytes:
    """Ontology and thesaurus in one Turtle document."""
    merged = Graph()
    bind_prefixes(merged)
    for graph in vocabulary(base_iri):
        merged += graph
    return merged.serialize(format="turtle", encoding="utf-8")


def _link(graph: Graph, node) -> dict:
    """How a class, property, datatype or concept is shown: short name and where it links."""
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            return {"curie": " or ".join(_link(graph, m)["curie"] for m in Collection(graph, members)), "url": None}
        return {"curie": "(anonymous)", "url": None}
    iri = str(node)
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            url = f"#{local}" if prefix == "bg" else external_url(iri)
            return {"curie": f"{prefix}:{local}", "url": url}
    return {"curie": iri, "url": page_url(iri) or external_url(iri)}


def _term(graph: Graph, node: URIRef, parents: URIRef) -> dict:
    return {"iri": str(node), "anchor": str(node)[len(str(BG)):], **_link(graph, node),
            "label": str(graph.value(node, RDFS.label) or ""), "comment": str(graph.value(node, RDFS.comment) or ""),
            "types": [_link(graph, t)["curie"] for t in graph.objects(node, RDF.type)],
            "domain": [_link(graph, d) for d in graph.objects(node, RDFS.domain)],
            "range": [_link(graph, r) for r in graph.objects(node, RDFS.range)],
            "parents": sorted((_link(graph, p) for p in graph.objects(node, parents)), key=lambda l: l["curie"]),
            "seeAlso": sorted((_link(graph, s) for s in graph.objects(node, RDFS.seeAlso)), key=lambda l: l["curie"])}


def _defined(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(n for n in graph.subjects(RDF.type, kind) if isinstance(n, URIRef) and str(n).startswith(str(BG)))


def _scheme(graph: Graph, scheme: URIRef) -> dict:
    concepts = sorted(graph.subjects(SKOS.inScheme, scheme), key=lambda c: str(graph.value(c, SKOS.prefLabel)))
    return {**_term(graph, scheme, RDFS.subClassOf), "concepts": [
        {"iri": str(c), "anchor": str(c)[len(str(BG)):], **_link(graph, c), "label": str(graph.value(c, SKOS.prefLabel)),
         "definition": str(graph.value(c, SKOS.definition) or "")} for c in concepts]}


def _topic_tree(topics: Graph) -> list[dict]:
    def node(concept: URIRef, path: frozenset) -> dict:
        children = sorted((c for c in topics.objects(concept, SKOS.narrower) if c not in path),
                          key=lambda c: str(topics.value(c, SKOS.prefLabel)).lower())
        return {"iri": str(concept), "name": str(topics.value(concept, SKOS.prefLabel)),
                "url": page_url(str(concept)), "children": [node(c, path | {c}) for c in children]}
    tops = sorted(topics.objects(BG.Topics, SKOS.hasTopConcept), key=lambda c: str(topics.value(c, SKOS.prefLabel)).lower())
    return [node(top, frozenset({top})) for top in tops]


def documentation(base_iri: str) -> dict:
    """The page's data: the ontology's header, classes, properties, controlled values and topics."""
    ontology, topics = vocabulary(base_iri)
    properties = _defined(ontology, OWL.ObjectProperty) + _defined(ontology, OWL.DatatypeProperty)
    return {"ontology": {"iri": str(ONTOLOGY_IRI), "title": str(ontology.value(ONTOLOGY_IRI, DCTERMS.title)),
                         "description": str(ontology.value(ONTOLOGY_IRI, DCTERMS.description)),
                         "version": str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)),
                         "license": str(ontology.value(ONTOLOGY_IRI, DCTERMS.license)), "namespace": str(BG)},
            "classes": [_term(ontology, c, RDFS.subClassOf) for c in _defined(ontology, OWL.Class)],
            "properties": [_term(ontology, p, RDFS.subPropertyOf) for p in properties],
            "schemes": [_scheme(ontology, s) for s in _defined(ontology, SKOS.ConceptScheme) if s != BG.Topics],
            "topics": _topic_tree(topics)}


def _turtle_response() -> Response:
    return Response(turtle(base()), mimetype="text/turtle")


@twin_route(bp, "/ontology")
def ontology():
    """Readable documentation, JSON on /ontology.json, Turtle when the client asks for text/turtle."""
    if not wants_json() and request.accept_mimetypes.best_match(["text/html", "text/turtle"]) == "text/turtle":
        response = _turtle_response()
    else:
        response = respond("ontology.html", envelope("ontology", "boardgraph vocabulary", str(ONTOLOGY_IRI),
                                                     turtle="/ontology.ttl", **documentation(base())))
    response.vary.add("Accept")
    return response


@bp.route("/ontology.ttl")
def ontology_turtle():
    """The vocabulary as Turtle."""
    return _turtle_response()
