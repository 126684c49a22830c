"""graph/build.py: the WSTB minutes as triples, with readable IRIs, provenance and declared terms only."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS

from graph.build import build_graph
from graph.namespaces import BG, DEFAULT_BASE, OA, SCHEMA
from graph.resolve import load_registry, resolve

REPO = Path(__file__).resolve().parent.parent
ID = DEFAULT_BASE
MEETING = URIRef(ID + "meeting/wstb/2017-06-29")


def _built(meeting, base=DEFAULT_BASE):
    registry = load_registry(base)
    return build_graph(resolve(meeting, registry), registry, base)


def test_graph_name_and_readable_iris(wstb_meeting):
    built = _built(wstb_meeting)
    assert str(built.graph_iri) == ID + "graph/meeting/wstb/2017-06-29"
    assert built.meeting_iri == MEETING
    g = built.graph
    assert (URIRef(ID + "board/wstb"), RDF.type, BG.Board) in g
    assert (URIRef(ID + "meeting/wstb/2017-06-29/item/3"), DCTERMS.isPartOf, MEETING) in g
    assert (URIRef(ID + "meeting/wstb/2017-06-29/item/aob"), SKOS.notation, Literal("AOB")) in g
    assert (URIRef(ID + "action/wstb/44"), SKOS.notation, Literal("44")) in g
    assert (URIRef(ID + "person/charlie-boundy"), FOAF.name, Literal("Charlie Boundy")) in g
    assert (URIRef(ID + "meeting/wstb/2017-06-29/statement/1"), BG.speakerLabel, Literal("CB")) in g
    assert not any(isinstance(term, BNode) for triple in g for term in triple)


def test_counts_per_class(wstb_meeting):
    g = _built(wstb_meeting).graph
    counts = Counter(o for o in g.objects(None, RDF.type))
    assert counts[BG.Meeting] == 1
    assert counts[BG.Participation] == 12
    assert counts[FOAF.Person] == 12
    assert counts[BG.AgendaItem] == 7
    assert counts[BG.Statement] == 32
    assert counts[BG.ActionPoint] == 4
    assert counts[BG.Decision] == 2


def test_shortcuts_on_the_meeting(wstb_meeting):
    g = _built(wstb_meeting).graph
    assert set(g.objects(MEETING, BG.chair)) == {URIRef(ID + "person/charlie-boundy")}
    assert set(g.objects(MEETING, BG.apologiesFrom)) == {URIRef(ID + "person/julie-hewitt"),
                                                         URIRef(ID + "person/rick-wright")}
    assert len(set(g.objects(MEETING, SCHEMA.attendee))) == 10
    assert str(g.value(MEETING, SCHEMA.startDate)) == "2017-06-29T12:15:00"
    assert str(g.value(MEETING, SCHEMA.endDate)) == "2017-06-29T14:15:00"


def test_unresolved_speaker_keeps_label_and_has_no_speaker(wstb_meeting):
    g = _built(wstb_meeting).graph
    kg = [s for s in g.subjects(BG.speakerLabel, Literal("KG"))]
    assert len(kg) == 1
    assert g.value(kg[0], BG.speaker) is None
    assert g.value(kg[0], BG.speechAct) == BG.Suggestion


def test_every_fact_is_traceable_to_the_exact_text(wstb_meeting):
    g = _built(wstb_meeting).graph
    text = wstb_meeting.source.text
    facts = [s for cls in (BG.Statement, BG.ActionPoint, BG.Decision, BG.Participation)
             for s in g.subjects(RDF.type, cls)]
    assert len(facts) == 32 + 4 + 2 + 12
    for fact in facts:
        selection = g.value(fact, PROV.wasDerivedFrom)
        assert g.value(selection, OA.hasSource) == URIRef(ID + "minutes/wstb/2017-06-29")
        selectors = set(g.objects(selection, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
        assert text[start:end] == str(g.value(quote, OA.exact))


def test_base_is_configurable(wstb_meeting):
    built = _built(wstb_meeting, "https://data.example.org/wstb/")
    subjects = {str(s) for s in built.graph.subjects()}
    assert all(s.startswith("https://data.example.org/wstb/") for s in subjects)


def _declared_terms() -> set[URIRef]:
    ontology = Graph().parse(REPO / "ontology" / "boardgraph.ttl")
    return {s for s in ontology.subjects(RDFS.label, None) if isinstance(s, URIRef)}


def test_every_bg_term_build_uses_is_declared_in_the_ontology(wstb_meeting):
    declared = _declared_terms()
    source = (REPO / "graph" / "build.py").read_text(encoding="utf-8")
    in_source = {BG[name] for name in re.findall(r"\bBG\.(\w+)", source)}
    import graph.build as build
    in_tables = set(build.ROLES.values()) | set(build.SPEECH_ACTS.values()) | set(build.OUTCOMES.values())
    in_output = {term for triple in _built(wstb_meeting).graph for term in triple
                 if isinstance(term, URIRef) and str(term).startswith(str(BG))}
    used = in_source | in_tables | in_output
    assert len(used) > 40
    assert used - declared == set()
