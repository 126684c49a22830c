"""Serialise one document's named graph, or the whole store, in the usual RDF formats.

Quad formats (N-Quads, TriG, JSON-LD) keep graph names; triple formats (Turtle, N-Triples,
RDF/XML) give the triples (for the whole store: the union of all named graphs, each triple once).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import rdflib
from rdflib.term import URIRef

from graph.namespaces import PREFIXES
from graph.store import bind_project_prefixes

__all__ = ["ExportFormat", "FORMATS", "serialize_graph", "export_store", "format_for_extension",
           "format_for_media_type", "jsonld_context"]


@dataclass(frozen=True)
class ExportFormat:
    """One RDF serialisation: its key in FORMATS, media type, file extension, rdflib name."""

    name: str
    media_type: str
    extension: str  # without the dot
    rdflib_format: str
    keeps_graphs: bool  # True for dataset formats that carry graph names
    label: str


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("nquads", "application/n-quads", "nq", "nquads", True, "N-Quads"),
    ExportFormat("trig", "application/trig", "trig", "trig", True, "TriG"),
    ExportFormat("jsonld", "application/ld+json", "jsonld", "json-ld", True, "JSON-LD"),
    ExportFormat("turtle", "text/turtle", "ttl", "turtle", False, "Turtle"),
    ExportFormat("ntriples", "application/n-triples", "nt", "nt", False, "N-Triples"),
    ExportFormat("rdfxml", "application/rdf+xml", "rdf", "xml", False, "RDF/XML"),
)}


def format_for_extension(extension: str) -> str | None:
    """The FORMATS key for a file extension ("ttl", ".nq", "json"), or None."""
    extension = extension.lower().lstrip(".")
    aliases = {"json": "jsonld", "xml": "rdfxml", "owl": "rdfxml", "nquads": "nquads", "turtle": "turtle"}
    for fmt in FORMATS.values():
        if fmt.extension == extension:
            return fmt.name
    return aliases.get(extension)


def format_for_media_type(media_type: str) -> str | None:
    """The FORMATS key for a media type ("text/turtle; charset=utf-8"), or None."""
    media_type = media_type.split(";")[0].strip().lower()
    for fmt in FORMATS.values():
        if fmt.media_type == media_type:
            return fmt.name
    return {"application/x-turtle": "turtle", "text/n3": "turtle", "application/json": "jsonld",
            "text/plain": "ntriples", "application/xml": "rdfxml"}.get(media_type)


def jsonld_context() -> dict[str, str]:
    """The JSON-LD @context used for our documents: the project's prefixes."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _format(fmt: str) -> ExportFormat:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}") from None


def serialize_graph(graph: rdflib.Graph, graph_iri: str, fmt: str) -> str:
    """Serialise one document's named graph.

    nquads, trig and jsonld name the graph ``graph_iri``; turtle, ntriples and rdfxml give its
    triples.  Turtle/TriG use the project's prefixes; JSON-LD gets an @context of them."""
    spec = _format(fmt)
    if spec.keeps_graphs:
        dataset = rdflib.Dataset()
        bind_project_prefixes(dataset)
        named = dataset.graph(URIRef(graph_iri))
        for triple in graph:
            named.add(triple)
        target = dataset
    else:
        target = rdflib.Graph()
        bind_project_prefixes(target)
        for triple in graph:
            target.add(triple)
    if spec.name == "jsonld":
        return target.serialize(format="json-ld", context=jsonld_context(), indent=2)
    return target.serialize(format=spec.rdflib_format)


def export_store(store, fmt: str, out: BinaryIO) -> int:
    """Write the whole store to the binary stream ``out``; returns the number of statements.

    nquads, trig and jsonld keep every named graph (quads counted); turtle, ntriples and rdfxml
    write the union of all graphs (distinct triples counted).  Uses the store's own fast
    serialiser (pyoxigraph for the Oxigraph backends); its JSON-LD is expanded (no @context)."""
    spec = _format(fmt)
    return store.dump(out, spec.name)
