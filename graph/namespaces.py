"""Namespaces and the IRI scheme shared by every stage (only build.py mints data IRIs)."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, TIME, XSD, OWL, SH

BG = Namespace("https://w3id.org/boardgraph/ontology#")
SCHEMA = Namespace("http://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
BESLUIT = Namespace("http://data.vlaanderen.be/ns/besluit#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

DEFAULT_BASE = "http://localhost:5000/id/"

#: IRIs of the named graphs that hold the vocabulary files (relative to the base).
ONTOLOGY_GRAPH = "graph/ontology"
TOPICS_GRAPH = "graph/topics"
ORGANISATIONS_GRAPH = "graph/organisations"

PREFIXES = {
    "bg": BG, "org": ORG, "foaf": FOAF, "schema": SCHEMA, "dcterms": DCTERMS, "skos": SKOS,
    "prov": PROV, "oa": OA, "xsd": XSD, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "time": TIME,
    "besluit": BESLUIT, "sh": SH, "void": VOID, "dcat": DCAT,
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph or dataset (for readable Turtle/TriG)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def sparql_prefixes() -> str:
    """The PREFIX header every named query may rely on."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
