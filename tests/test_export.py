"""graph/export.py: every format round-trips to an isomorphic graph / dataset (fixed graphs, and
hypothesis-generated text)."""
from __future__ import annotations

import io
import json

import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from graph.export import FORMATS, export_store, format_for_extension, format_for_media_type, serialize_graph
from graph.namespaces import BG, DCTERMS, SCHEMA
from graph.read import normalised
from graph.store import open_store

XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
BASE = "http://localhost:5000/id/"
G1 = BASE + "graph/meeting/wstb/2017-06-29"
G2 = BASE + "graph/meeting/wstb/2017-09-14"


def meeting_graph(date: str) -> rdflib.Graph:
    g = rdflib.Graph()
    meeting = URIRef(f"{BASE}meeting/wstb/{date}")
    g.add((meeting, RDF.type, BG.Meeting))
    g.add((meeting, DCTERMS.title, Literal('Welfare "Sector" Transparency Board\n(WSTB) — ✓')))
    g.add((meeting, DCTERMS.date, Literal(date, datatype=XSD.date)))
    g.add((meeting, BG.board, URIRef(BASE + "board/wstb")))
    g.add((URIRef(BASE + "board/wstb"), SCHEMA.name, Literal("Tafel", lang="de")))
    statement = URIRef(f"{BASE}meeting/wstb/{date}/statement/1")
    g.add((statement, SCHEMA.position, Literal(1)))
    g.add((statement, SCHEMA.text, Literal("It's <b>fine</b> & done")))
    selector = BNode()
    g.add((statement, BG.selector, selector))
    g.add((selector, RDF.value, Literal("4100", datatype=XSD.integer)))  # not nonNegativeInteger: Oxigraph stores xsd:integer
    return g


def parse_dataset(data, fmt: str) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(data=data, format=FORMATS[fmt].rdflib_format)
    return ds


def named_graphs(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g) and str(g.identifier) != "urn:x-rdflib:default"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_serialize_graph_round_trips(fmt):
    original = meeting_graph("2017-06-29")
    text = serialize_graph(original, G1, fmt)
    assert isinstance(text, str)
    if FORMATS[fmt].keeps_graphs:
        graphs = named_graphs(parse_dataset(text, fmt))
        assert list(graphs) == [G1]  # the graph name is kept
        assert isomorphic(graphs[G1], original)
    else:
        back = rdflib.Graph().parse(data=text, format=FORMATS[fmt].rdflib_format)
        assert isomorphic(back, original)


def test_turtle_and_trig_use_project_prefixes():
    for fmt in ("turtle", "trig"):
        text = serialize_graph(meeting_graph("2017-06-29"), G1, fmt)
        assert "@prefix bg: <https://w3id.org/boardgraph/ontology#>" in text
        assert "@prefix schema: <http://schema.org/>" in text
        assert "bg:Meeting" in text


def test_jsonld_has_our_context_and_graph_name():
    doc = json.loads(serialize_graph(meeting_graph("2017-06-29"), G1, "jsonld"))
    assert doc["@context"]["bg"] == str(BG)
    assert doc["@context"]["schema"] == "http://schema.org/"
    assert G1 in json.dumps(doc)


@pytest.fixture()
def store(tmp_path):
    with open_store(tmp_path / "store") as s:
        s.replace_graph(G1, meeting_graph("2017-06-29"))
        s.replace_graph(G2, meeting_graph("2017-09-14"))
        yield s


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_store_round_trips(store, fmt):
    out = io.BytesIO()
    count = export_store(store, fmt, out)
    data = out.getvalue()
    if FORMATS[fmt].keeps_graphs:
        assert count == store.count_quads() == 18
        graphs = named_graphs(parse_dataset(data, fmt))
        assert sorted(graphs) == [G1, G2]
        assert isomorphic(graphs[G1], meeting_graph("2017-06-29"))
        assert isomorphic(graphs[G2], meeting_graph("2017-09-14"))
    else:
        union = meeting_graph("2017-06-29") + meeting_graph("2017-09-14")
        back = rdflib.Graph().parse(data=data, format=FORMATS[fmt].rdflib_format)
        assert isomorphic(back, union)
        assert count == len(union) == 17  # the board's name, asserted in both graphs, written once


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        serialize_graph(rdflib.Graph(), G1, "csv")


def test_format_lookup():
    assert format_for_extension(".ttl") == "turtle"
    assert format_for_extension("nq") == "nquads"
    assert format_for_extension("json") == "jsonld"
    assert format_for_extension("xlsx") is None
    assert format_for_media_type("text/turtle; charset=utf-8") == "turtle"
    assert format_for_media_type("application/ld+json") == "jsonld"
    assert all(FORMATS[name].extension and "/" in FORMATS[name].media_type for name in FORMATS)


# --- any text the minutes may hold survives every format, and the store ------------------------------

#: any text, as graph/read.py hands it on (control characters replaced: XML 1.0 cannot carry them)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60).map(normalised)


def _lower_language_tags(graph: rdflib.Graph) -> rdflib.Graph:
    """GRAPH with language tags in lower case: RDF 1.1 compares them case-insensitively and Oxigraph
    stores them lower-cased ("en-GB" comes back "en-gb")."""
    out = rdflib.Graph()
    for s, p, o in graph:
        out.add((s, p, Literal(str(o), lang=o.language.lower()) if isinstance(o, Literal) and o.language else o))
    return out


@settings(max_examples=60, deadline=None, derandomize=True)
@given(texts=st.lists(TEXT, min_size=1, max_size=4), language=st.sampled_from([None, "en", "cy", "en-GB"]))
def test_any_text_round_trips_through_every_format_and_the_store(texts, language):
    """Export -> import gives an isomorphic graph for literals with any characters (quotes, newlines,
    control characters, non-Latin scripts) in every format, as written by a document and as exported
    from a store."""
    original = rdflib.Graph()
    meeting = URIRef(f"{BASE}meeting/wstb/2017-06-29")
    for number, text in enumerate(texts):
        statement = URIRef(f"{meeting}/statement/{number + 1}")
        original.add((statement, RDF.type, BG.Statement))
        original.add((statement, SCHEMA.text, Literal(text, lang=language)))
    with open_store(None) as memory:
        memory.replace_graph(G1, original)
        for fmt in sorted(FORMATS):
            out = io.BytesIO()
            export_store(memory, fmt, out)
            for data in (serialize_graph(original, G1, fmt), out.getvalue()):
                if FORMATS[fmt].keeps_graphs:
                    back = named_graphs(parse_dataset(data, fmt))[G1]
                else:
                    back = rdflib.Graph().parse(data=data, format=FORMATS[fmt].rdflib_format)
                assert isomorphic(_lower_language_tags(back), _lower_language_tags(original)), fmt
