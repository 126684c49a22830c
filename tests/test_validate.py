"""SHACL validation of one document's graph (graph/validate.py + shapes/*.ttl).

The fixture below is the shape docs/vocabulary.md says graph/build.py writes; each test breaks one
thing and expects exactly one finding of the right severity about the right node.
"""
from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS

from graph.namespaces import BG, DEFAULT_BASE, OA, PROV, SCHEMA
from graph.validate import (
    Finding, ValidationResult, context_graph, load_shapes, validate_document,
)

BASE = DEFAULT_BASE
BGSH = "https://w3id.org/boardgraph/shapes#"
REPO = Path(__file__).resolve().parent.parent
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # plain Namespace: pytest trips over rdflib's closed XSD


def iri(local: str) -> URIRef:
    """A data IRI relative to the base, as in docs/vocabulary.md."""
    return URIRef(BASE + local)


MEETING = iri("meeting/wstb/2017-06-29")
DOCUMENT = iri("minutes/wstb/2017-06-29")
ITEM = iri("meeting/wstb/2017-06-29/item/3")
STATEMENT_TD = iri("meeting/wstb/2017-06-29/statement/12")
STATEMENT_GK = iri("meeting/wstb/2017-06-29/statement/13")
ACTION = iri("action/wstb/46")
DECISION = iri("meeting/wstb/2017-06-29/decision/1")
PART_CB = iri("meeting/wstb/2017-06-29/participation/charlie-boundy")
PART_GK = iri("meeting/wstb/2017-06-29/participation/gemma-kirk")
PART_JH = iri("meeting/wstb/2017-06-29/participation/julie-hewitt")

PREFIXES = """
@prefix bg:      <https://w3id.org/boardgraph/ontology#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix schema:  <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
"""


def span(start: int, end: int, exact: str) -> str:
    """Turtle for one quoted span (oa:SpecificResource + its two selectors)."""
    s = f"<meeting/wstb/2017-06-29/source/{start}-{end}>"
    return f"""
{s} a oa:SpecificResource ;
    oa:hasSource <minutes/wstb/2017-06-29> ;
    oa:hasSelector <meeting/wstb/2017-06-29/source/{start}-{end}/position> ,
                   <meeting/wstb/2017-06-29/source/{start}-{end}/quote> .
<meeting/wstb/2017-06-29/source/{start}-{end}/position> a oa:TextPositionSelector ;
    oa:start {start} ; oa:end {end} .
<meeting/wstb/2017-06-29/source/{start}-{end}/quote> a oa:TextQuoteSelector ; oa:exact "{exact}" .
"""


def participation(slug: str, initials: str, role: str, org: str | None, start: int, end: int) -> str:
    """Turtle for one participation and its source span."""
    on_behalf = f"bg:onBehalfOf <org/{org}> ;" if org else ""
    return f"""
<meeting/wstb/2017-06-29/participation/{slug}> a bg:Participation ;
    bg:meeting <meeting/wstb/2017-06-29> ; bg:participant <person/{slug}> ;
    bg:role bg:{role} ; {on_behalf} bg:initials "{initials}" ;
    prov:wasDerivedFrom <meeting/wstb/2017-06-29/source/{start}-{end}> .
""" + span(start, end, f"{slug} ({initials})")


DOCUMENT_TTL = f"""@base <{BASE}> .
{PREFIXES}
<board/wstb> a bg:Board , org:Organization ;
    foaf:name "Welfare Sector Transparency Board" ; skos:prefLabel "Welfare Sector Transparency Board" ;
    skos:altLabel "WSTB" .

<minutes/wstb/2017-06-29> a bg:MinutesDocument , foaf:Document ;
    dcterms:source "wstb-2017-06-29.txt" ; dcterms:format "text/plain" ;
    bg:sha256 "{'0123456789abcdef' * 4}" ;
    dcterms:created "2026-11-26T01:00:00Z"^^xsd:dateTime ;
    bg:charCount 9339 .

<meeting/wstb/2017-06-29> a bg:Meeting , schema:Event ;
    bg:board <board/wstb> ;
    dcterms:title "Welfare Sector Transparency Board (WSTB)" ;
    dcterms:date "2017-06-29"^^xsd:date ;
    schema:startDate "2017-06-29T12:15:00"^^xsd:dateTime ; schema:endDate "2017-06-29T14:15:00"^^xsd:dateTime ;
    bg:agendaItem <meeting/wstb/2017-06-29/item/3> ;
    prov:wasDerivedFrom <minutes/wstb/2017-06-29> ;
    dcterms:subject <topic/stat-xplore> , <topic/gdpr> ;
    schema:attendee <person/charlie-boundy> , <person/tom-davies> , <person/gemma-kirk> ;
    bg:chair <person/charlie-boundy> ;
    bg:apologiesFrom <person/julie-hewitt> .

{participation("charlie-boundy", "CB", "Chair", "dwp-digital", 8950, 8995)}
{participation("tom-davies", "TD", "Presenter", "dwp", 9000, 9040)}
{participation("gemma-kirk", "GK", "Member", None, 9041, 9080)}
{participation("julie-hewitt", "JH", "Apologies", None, 9100, 9130)}

<person/charlie-boundy> a foaf:Person ; foaf:name "Charlie Boundy" .
<person/tom-davies> a foaf:Person ; foaf:name "Tom Davies" .
<person/gemma-kirk> a foaf:Person ; foaf:name "Gemma Kirk" .
<person/julie-hewitt> a foaf:Person ; foaf:name "Julie Hewitt" .
<person/rachel-rolfe> a foaf:Person ; foaf:name "Rachel Rolfe" ; skos:hiddenLabel "Rachel Roife" .

<org/dwp> a org:Organization ; skos:prefLabel "Department for Work and Pensions" ; skos:altLabel "DWP" .
<org/dwp-digital> a org:Organization ; skos:prefLabel "DWP Digital" ;
    skos:hiddenLabel "DWP Digital, Data Science" ; org:subOrganizationOf <org/dwp> .

<membership/charlie-boundy/dwp-digital> a org:Membership ;
    org:member <person/charlie-boundy> ; org:organization <org/dwp-digital> ;
    org:memberDuring <meeting/wstb/2017-06-29/interval> .
<meeting/wstb/2017-06-29/interval> a time:Interval ;
    time:hasBeginning <meeting/wstb/2017-06-29/instant> ; time:hasEnd <meeting/wstb/2017-06-29/instant> .
<meeting/wstb/2017-06-29/instant> a time:Instant ; time:inXSDDate "2017-06-29"^^xsd:date .

<meeting/wstb/2017-06-29/item/3> a bg:AgendaItem ;
    dcterms:isPartOf <meeting/wstb/2017-06-29> ; skos:notation "3" ; schema:position 3 ;
    dcterms:title "DWP Statistical Progress Update" ; bg:presenter <person/tom-davies> ;
    dcterms:subject <topic/stat-xplore> ;
    prov:wasDerivedFrom <meeting/wstb/2017-06-29/source/4000-4040> .
{span(4000, 4040, "3. DWP Statistical Progress Update")}

<meeting/wstb/2017-06-29/statement/12> a bg:Statement , schema:CreativeWork ;
    dcterms:isPartOf <meeting/wstb/2017-06-29/item/3> ; schema:position 12 ;
    bg:speaker <person/tom-davies> ; bg:speakerLabel "TD" ;
    bg:speechAct bg:Explanation ;
    schema:text "TD explained that users can still access Stat Xplore without logging in if they prefer." ;
    dcterms:subject <topic/stat-xplore> ; schema:mentions <org/dwp> ;
    prov:wasDerivedFrom <meeting/wstb/2017-06-29/source/4100-4188> .
{span(4100, 4188, "TD explained that users can still access Stat Xplore")}

<meeting/wstb/2017-06-29/statement/13> a bg:Statement , schema:CreativeWork ;
    dcterms:isPartOf <meeting/wstb/2017-06-29/item/3> ; schema:position 13 ;
    bg:speaker <person/gemma-kirk> ; bg:speakerLabel "GK" ;
    bg:speechAct bg:Question ;
    schema:text "GK asked whether RR had seen the GDPR guidance." ;
    dcterms:subject <topic/gdpr> ; schema:mentions <person/rachel-rolfe> ;
    prov:wasDerivedFrom <meeting/wstb/2017-06-29/source/4189-4236> .
{span(4189, 4236, "GK asked whether RR had seen the GDPR guidance.")}

<action/wstb/46> a bg:ActionPoint , schema:Action ;
    skos:notation "46" ; bg:owner <person/gemma-kirk> ; bg:ownerLabel "GK" ;
    schema:description "GK to contact RR with further information" ;
    schema:actionStatus schema:ActiveActionStatus ;
    dcterms:isPartOf <meeting/wstb/2017-06-29/item/3> ; bg:raisedIn <meeting/wstb/2017-06-29> ;
    bg:due "2017-07-31"^^xsd:date ;
    prov:wasDerivedFrom <meeting/wstb/2017-06-29/source/4300-4345> .
{span(4300, 4345, "GK to contact RR with further information")}

<meeting/wstb/2017-06-29/decision/1> a bg:Decision ;
    schema:text "Consensus among board members was that the layered approach is good." ;
    dcterms:isPartOf <meeting/wstb/2017-06-29/item/3> ; bg:outcome bg:Agreed ; schema:position 1 ;
    bg:votesFor 5 ; bg:votesAgainst 0 ; bg:abstentions 1 ;
    prov:wasDerivedFrom <meeting/wstb/2017-06-29/source/4400-4470> .
{span(4400, 4470, "Consensus among board members was that the layered approach is good.")}
"""

# A small stand-in for ontology/boardgraph.ttl + topics.ttl + organisations.ttl.
CONTEXT_TTL = f"""@base <{BASE}> .
{PREFIXES}
bg:Board rdfs:subClassOf org:Organization .
bg:Meeting rdfs:subClassOf schema:Event .
bg:Chair a skos:Concept , org:Role ; skos:inScheme bg:Roles .
bg:Topics a skos:ConceptScheme .
<topic/gdpr> a skos:Concept ; skos:inScheme bg:Topics ; skos:prefLabel "General Data Protection Regulation" .
<topic/stat-xplore> a skos:Concept ; skos:inScheme bg:Topics ; skos:prefLabel "Stat-Xplore" .
<org/dwp> a org:Organization ; skos:prefLabel "Department for Work and Pensions" ; skos:altLabel "DWP" .
<org/hmrc> a org:Organization ; skos:prefLabel "HM Revenue and Customs" .
<org/nameless> a org:Organization .
"""


@pytest.fixture
def doc() -> Graph:
    """A fresh copy of the complete, valid document graph."""
    return Graph().parse(data=DOCUMENT_TTL, format="turtle")


@pytest.fixture(scope="module")
def ctx() -> Graph:
    """The small validation context."""
    return Graph().parse(data=CONTEXT_TTL, format="turtle")


def lines(result: ValidationResult) -> str:
    return "\n".join(f.line() for f in result.findings) or "(no findings)"


def only(result: ValidationResult) -> Finding:
    """The single finding a broken fixture must produce."""
    assert len(result.findings) == 1, lines(result)
    return result.findings[0]


# --------------------------------------------------------------------------------------------- the fixture itself

def test_complete_meeting_conforms_without_findings(doc, ctx):
    result = validate_document(doc, ctx)
    assert result.conforms, lines(result)
    assert result.findings == [], lines(result)
    assert result.violations == [] and result.warnings == []


def test_report_graph_is_a_shacl_report(doc, ctx):
    doc.remove((MEETING, DCTERMS.date, None))
    result = validate_document(doc, ctx)
    reports = list(result.report_graph.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert result.report_graph.value(reports[0], SH.conforms) == Literal(False)
    assert len(list(result.report_graph.objects(reports[0], SH.result))) == 1


def test_inputs_are_not_modified(doc, ctx):
    before_doc, before_ctx = len(doc), len(ctx)
    validate_document(doc, ctx)
    assert (len(doc), len(ctx)) == (before_doc, before_ctx)


def test_context_triples_the_document_also_states_stay_in_it(doc, ctx):
    """The context slice is added to the document's store for the run only; what both state stays."""
    node = next(o for o in doc.objects() if isinstance(o, URIRef) and (o, None, None) in ctx)
    shared = next(ctx.triples((node, None, None)))
    doc.add(shared)
    before = set(doc)
    validate_document(doc, ctx)
    assert set(doc) == before and shared in doc


# --------------------------------------------------------------------------------------------- required rules

def test_meeting_without_date_is_a_violation(doc, ctx):
    doc.remove((MEETING, DCTERMS.date, None))
    result = validate_document(doc, ctx)
    f = only(result)
    assert not result.conforms
    assert (f.severity, f.focus, f.path, f.shape) == (
        "Violation", str(MEETING), str(DCTERMS.date), BGSH + "Meeting-date")


def test_meeting_date_must_be_an_xsd_date(doc, ctx):
    doc.set((MEETING, DCTERMS.date, Literal("29 June 2017")))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus, f.path, f.value) == ("Violation", str(MEETING), str(DCTERMS.date), "29 June 2017")


def test_participation_without_person_is_a_violation(doc, ctx):
    doc.remove((PART_JH, BG.participant, None))
    result = validate_document(doc, ctx)
    f = only(result)
    assert not result.conforms
    assert (f.severity, f.focus, f.path) == ("Violation", str(PART_JH), str(BG.participant))


def test_participation_without_role_is_a_violation(doc, ctx):
    # Gemma speaks; a role-less participation still counts as attendance, so the speaker rule
    # does not fire as well.
    doc.remove((PART_GK, BG.role, None))
    result = validate_document(doc, ctx)
    f = only(result)
    assert not result.conforms
    assert (f.severity, f.focus, f.path) == ("Violation", str(PART_GK), str(BG.role))


def test_participation_role_outside_the_seven_roles_is_a_violation(doc, ctx):
    doc.set((PART_CB, BG.role, BG.Chairman))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus, f.path, f.value) == ("Violation", str(PART_CB), str(BG.role), str(BG.Chairman))


def test_action_point_without_notation_is_a_violation(doc, ctx):
    doc.remove((ACTION, SKOS.notation, None))
    result = validate_document(doc, ctx)
    f = only(result)
    assert not result.conforms
    assert (f.severity, f.focus, f.path) == ("Violation", str(ACTION), str(SKOS.notation))


def test_unresolved_speaker_is_a_warning(doc, ctx):
    doc.remove((STATEMENT_GK, BG.speaker, None))
    doc.set((STATEMENT_GK, BG.speakerLabel, Literal("KG")))
    result = validate_document(doc, ctx)
    f = only(result)
    assert result.conforms, "a Warning must not block the load"
    assert (f.severity, f.focus, f.path, f.value) == ("Warning", str(STATEMENT_GK), str(BG.speaker), "KG")
    assert f.shape == BGSH + "UnresolvedSpeakerShape"
    assert '"KG"' in f.message and f.line().endswith("(KG)")
    assert result.warnings == [f] and result.violations == []


def test_statement_without_any_printed_speaker_is_fine(doc, ctx):
    doc.remove((STATEMENT_GK, BG.speaker, None))
    doc.remove((STATEMENT_GK, BG.speakerLabel, None))
    result = validate_document(doc, ctx)
    assert result.findings == [], lines(result)


def test_action_point_without_owner_is_a_warning(doc, ctx):
    doc.remove((ACTION, BG.owner, None))
    result = validate_document(doc, ctx)
    f = only(result)
    assert result.conforms
    assert (f.severity, f.focus, f.path) == ("Warning", str(ACTION), str(BG.owner))


def test_speaker_who_is_not_a_participant_is_a_warning(doc, ctx):
    rachel = iri("person/rachel-rolfe")  # a person in the document, but not at the meeting
    doc.set((STATEMENT_TD, BG.speaker, rachel))
    result = validate_document(doc, ctx)
    f = only(result)
    assert result.conforms
    assert (f.severity, f.focus, f.path, f.value) == ("Warning", str(STATEMENT_TD), str(BG.speaker), str(rachel))
    assert f.shape == BGSH + "SpeakerAttendedShape"
    assert str(MEETING) in f.message and "{?" not in f.message


def test_speaker_who_sent_apologies_is_a_warning(doc, ctx):
    julie = iri("person/julie-hewitt")
    doc.set((STATEMENT_TD, BG.speaker, julie))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus, f.value) == ("Warning", str(STATEMENT_TD), str(julie))


def test_speaker_at_another_meeting_only_is_a_warning(doc, ctx):
    # Rachel took part in some other meeting: still not a participant of this one.
    other = iri("meeting/wstb/2017-09-14")
    part = iri("meeting/wstb/2017-09-14/participation/rachel-rolfe")
    doc.add((part, BG.meeting, other))
    doc.add((part, BG.participant, iri("person/rachel-rolfe")))
    doc.set((STATEMENT_TD, BG.speaker, iri("person/rachel-rolfe")))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus, f.path) == ("Warning", str(STATEMENT_TD), str(BG.speaker))


@pytest.mark.parametrize("fact", [STATEMENT_TD, ACTION, DECISION, PART_CB],
                         ids=["statement", "action", "decision", "participation"])
def test_missing_provenance_is_a_violation(doc, ctx, fact):
    doc.remove((fact, PROV.wasDerivedFrom, None))
    result = validate_document(doc, ctx)
    f = only(result)
    assert not result.conforms
    assert (f.severity, f.focus, f.path) == ("Violation", str(fact), str(PROV.wasDerivedFrom))


def test_meeting_starting_after_it_ends_is_a_violation(doc, ctx):
    doc.set((MEETING, SCHEMA.startDate, Literal("2017-06-29T15:00:00", datatype=XSD.dateTime)))
    result = validate_document(doc, ctx)
    f = only(result)
    assert not result.conforms
    assert (f.severity, f.focus, f.path) == ("Violation", str(MEETING), str(SCHEMA.startDate))


# --------------------------------------------------------------------------------------------- provenance details

def source(start: int, end: int, part: str = "") -> URIRef:
    return iri(f"meeting/wstb/2017-06-29/source/{start}-{end}" + (f"/{part}" if part else ""))


def test_span_without_source_document_is_a_violation(doc, ctx):
    doc.remove((source(4100, 4188), OA.hasSource, None))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus, f.path) == ("Violation", str(source(4100, 4188)), str(OA.hasSource))


def test_span_without_quote_selector_is_a_violation(doc, ctx):
    doc.remove((source(4100, 4188), OA.hasSelector, source(4100, 4188, "quote")))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus, f.path) == ("Violation", str(source(4100, 4188)), f"<{OA.hasSelector}>/<{RDF.type}>")
    assert " oa:hasSelector/rdf:type — " in f.line()


def test_span_with_a_third_selector_is_a_violation(doc, ctx):
    doc.add((source(4100, 4188), OA.hasSelector, source(4189, 4236, "quote")))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus, f.path) == ("Violation", str(source(4100, 4188)), str(OA.hasSelector))


def test_empty_quote_is_a_violation(doc, ctx):
    doc.set((source(4100, 4188, "quote"), OA.exact, Literal("")))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus, f.path) == ("Violation", str(source(4100, 4188, "quote")), str(OA.exact))


def test_position_starting_after_its_end_is_a_violation(doc, ctx):
    doc.set((source(4100, 4188, "position"), OA.start, Literal(4200)))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus, f.path) == ("Violation", str(source(4100, 4188, "position")), str(OA.start))


def test_position_beyond_the_text_is_a_violation(doc, ctx):
    doc.set((source(9100, 9130, "position"), OA.end, Literal(9400)))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus, f.value) == ("Violation", str(DOCUMENT), str(source(9100, 9130, "position")))
    assert "9400" in f.message and "9339" in f.message


def test_empty_span_is_allowed(doc, ctx):
    doc.set((source(4100, 4188, "position"), OA.end, Literal(4100)))
    assert validate_document(doc, ctx).findings == []


# --------------------------------------------------------------------------------------------- other rules

def test_topic_outside_the_thesaurus_is_a_warning(doc, ctx):
    doc.add((STATEMENT_TD, DCTERMS.subject, iri("topic/no-such-topic")))
    result = validate_document(doc, ctx)
    f = only(result)
    assert result.conforms
    assert (f.severity, f.focus) == ("Warning", str(iri("topic/no-such-topic")))


def test_without_context_only_topics_are_reported(doc):
    result = validate_document(doc)
    assert result.conforms, lines(result)
    assert {(f.severity, f.focus) for f in result.findings} == {
        ("Warning", str(iri("topic/gdpr"))), ("Warning", str(iri("topic/stat-xplore")))}


def test_context_nodes_the_document_does_not_use_are_not_validated(doc, ctx):
    # <org/nameless> in the context has no name, but this document never mentions it.
    assert validate_document(doc, ctx).findings == []
    doc.add((STATEMENT_TD, SCHEMA.mentions, iri("org/nameless")))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus) == ("Violation", str(iri("org/nameless")))


def test_organisation_named_only_in_the_context_is_fine(doc, ctx):
    # The document refers to <org/hmrc> without describing it; the context names it.
    doc.add((PART_GK, BG.onBehalfOf, iri("org/hmrc")))
    assert validate_document(doc, ctx).findings == []


def test_organisation_with_two_english_names_is_a_warning(doc, ctx):
    dwp_digital = iri("org/dwp-digital")
    doc.add((dwp_digital, SKOS.prefLabel, Literal("DWP Digital", lang="en")))  # plain + @en: fine
    assert validate_document(doc, ctx).findings == []
    doc.add((dwp_digital, SKOS.prefLabel, Literal("Digital Group", lang="en")))
    result = validate_document(doc, ctx)
    f = only(result)
    assert result.conforms
    assert (f.severity, f.focus, f.path) == ("Warning", str(dwp_digital), str(SKOS.prefLabel))


def test_person_with_two_names_is_a_violation(doc, ctx):
    doc.add((iri("person/tom-davies"), URIRef("http://xmlns.com/foaf/0.1/name"), Literal("Tom Davis")))
    f = only(validate_document(doc, ctx))
    assert (f.severity, f.focus) == ("Violation", str(iri("person/tom-davies")))


def test_unknown_speech_act_and_status_are_violations(doc, ctx):
    doc.set((STATEMENT_TD, BG.speechAct, BG.Rant))
    doc.set((ACTION, SCHEMA.actionStatus, SCHEMA.PotentialActionStatus))
    result = validate_document(doc, ctx)
    assert {(f.severity, f.focus, f.path) for f in result.findings} == {
        ("Violation", str(STATEMENT_TD), str(BG.speechAct)),
        ("Violation", str(ACTION), str(SCHEMA.actionStatus)),
    }, lines(result)


def test_finding_line_is_one_readable_line(doc, ctx):
    doc.remove((ACTION, BG.owner, None))
    f = only(validate_document(doc, ctx))
    line = f.line()
    assert "\n" not in line
    assert line.startswith(f"Warning: <{ACTION}> bg:owner — ")
    g = Finding("Warning", str(STATEMENT_TD), str(BG.speaker), str(iri("person/x")), "not present", None)
    assert g.line() == f"Warning: <{STATEMENT_TD}> bg:speaker — not present ({iri('person/x')})"


def test_results_are_repeatable(doc, ctx):
    doc.set((STATEMENT_TD, BG.speaker, iri("person/rachel-rolfe")))
    first = validate_document(doc, ctx).findings
    assert validate_document(doc, ctx).findings == first


def plain_pyshacl(doc: Graph, ctx: Graph) -> list[Finding]:
    """The findings of pySHACL run the ordinary way (rdflib answering every SPARQL constraint) on a
    copy of the document with the same context slice validate_document adds."""
    from graph.validate import _context_slice, _findings, _sort_key
    data = Graph()
    for triple in list(doc) + _context_slice(doc, ctx):
        data.add(triple)
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=load_shapes(), inference="none",
                                                 allow_warnings=True)
    return sorted(_findings(report), key=_sort_key)


def break_every_sparql_constraint(doc: Graph) -> None:
    """One finding from each SHACL-SPARQL constraint: unresolved, absent and apologising speakers
    and a text position beyond the text."""
    doc.remove((STATEMENT_GK, BG.speaker, None))
    doc.set((STATEMENT_GK, BG.speakerLabel, Literal("KG")))
    doc.set((STATEMENT_TD, BG.speaker, iri("person/rachel-rolfe")))
    doc.set((source(9100, 9130, "position"), OA.end, Literal(9400)))


def test_sparql_constraints_answered_by_oxigraph_equal_plain_pyshacl(doc, ctx):
    break_every_sparql_constraint(doc)
    findings = validate_document(doc, ctx).findings
    shapes = {f.shape.rsplit("#", 1)[-1] for f in findings}
    assert {"UnresolvedSpeakerShape", "SpeakerAttendedShape", "MinutesDocumentSpanShape"} <= shapes, findings
    assert findings == plain_pyshacl(doc, ctx)


def test_a_term_oxigraph_refuses_leaves_the_sparql_constraints_to_rdflib(doc, ctx, monkeypatch):
    """The refused IRI is the object of a predicate the SHACL-SPARQL queries read (dcterms:isPartOf), so
    the Oxigraph copy is given up; on a predicate they do not read it is never copied."""
    from graph import validate
    copies = []
    made = validate._OxigraphCopy.__init__

    def recorded(self, graph):
        made(self, graph)
        copies.append(self)

    monkeypatch.setattr(validate._OxigraphCopy, "__init__", recorded)
    break_every_sparql_constraint(doc)
    doc.add((MEETING, DCTERMS.isPartOf, URIRef("not an absolute IRI")))
    findings = validate_document(doc, ctx).findings
    assert copies and all(copy.store is None for copy in copies)  # rdflib answered
    assert "SpeakerAttendedShape" in {f.shape.rsplit("#", 1)[-1] for f in findings}
    assert findings == plain_pyshacl(doc, ctx)


PER_FOCUS_QUERIES = {
    # query -> whether it may be run once with $this unbound and its rows split by $this
    "SELECT $this ?o WHERE { $this <urn:p> ?o }": True,
    "SELECT DISTINCT $this ?o WHERE { $this <urn:p> ?o }": True,
    "SELECT $this ?s WHERE { $this <urn:p> ?o BIND (STR($this) AS ?s) }": True,
    "SELECT $this ?o WHERE { $this <urn:p> ?o FILTER NOT EXISTS { ?o <urn:q> $this } }": True,
    "SELECT $this ?o WHERE { $this <urn:p>/<urn:q> ?o }": True,
    "SELECT $this ?s WHERE { BIND (STR($this) AS ?s) $this <urn:p> ?o }": False,  # BIND before $this is bound
    "SELECT $this ?z WHERE { $this <urn:p> ?o OPTIONAL { ?o <urn:q> ?z } }": False,
    "SELECT $this ?o WHERE { ?o <urn:q> ?x FILTER NOT EXISTS { $this <urn:p> ?o } }": False,  # only in the filter
    "SELECT $this ?o WHERE { $this <urn:p> ?o } ORDER BY ?o LIMIT 1": False,
    "SELECT ?o WHERE { $this <urn:p> ?o }": False,  # $this not projected
    "SELECT $this ?o WHERE { $this <urn:p> ?o { SELECT ?o WHERE { ?o <urn:q> $this } } }": False,
    "SELECT $this ?o WHERE { $this <urn:p> ?o MINUS { $this <urn:q> ?o } }": False,
    "SELECT $this ?o WHERE { $this <urn:p> ?o FILTER EXISTS { SELECT ?o WHERE { ?o <urn:q> $this } } }": False,
    "SELECT $this ?o WHERE { $this <urn:p> ?o VALUES ?o { <urn:a> } }": False,
    "SELECT $this (COUNT(?o) AS ?n) WHERE { $this <urn:p> ?o } GROUP BY $this": False,
    "SELECT $this ?o WHERE { { $this <urn:p> ?o } UNION { $this <urn:q> ?o } }": False,
}


@pytest.mark.parametrize("query", list(PER_FOCUS_QUERIES))
def test_queries_answered_for_every_focus_at_once_only_where_that_keeps_their_meaning(query):
    from graph.validate import answerable_per_focus
    assert answerable_per_focus(query) is PER_FOCUS_QUERIES[query]


QUERY_PREDICATES = {
    # query -> the predicates whose triples it can match (None: any triple)
    "SELECT $this WHERE { $this <urn:p> ?o ; <urn:q> ?z }": {"urn:p", "urn:q"},
    "SELECT $this WHERE { $this a <urn:C> ; <urn:p>/^<urn:q>* ?o }": {str(RDF.type), "urn:p", "urn:q"},
    "SELECT $this WHERE { $this <urn:p>|<urn:q>+ ?o }": {"urn:p", "urn:q"},
    # patterns inside FILTER [NOT] EXISTS, nested, and in OPTIONAL, MINUS and sub-SELECTs count too
    "SELECT $this WHERE { $this <urn:p> ?o FILTER NOT EXISTS { ?o <urn:q> ?x ; <urn:r> ?y "
    "FILTER NOT EXISTS { ?y <urn:s> ?z } } }": {"urn:p", "urn:q", "urn:r", "urn:s"},
    "SELECT $this WHERE { $this <urn:p> ?o OPTIONAL { ?o <urn:q> ?x } MINUS { ?o <urn:r> ?y } "
    "{ SELECT ?o WHERE { ?o <urn:s> ?z } } }": {"urn:p", "urn:q", "urn:r", "urn:s"},
    "SELECT $this WHERE { $this ?p ?o }": None,
    "SELECT $this WHERE { $this <urn:p> ?o FILTER EXISTS { ?o ?p ?x } }": None,
    "SELECT $this WHERE { $this !<urn:p> ?o }": None,
}


@pytest.mark.parametrize("query", list(QUERY_PREDICATES))
def test_the_working_graph_copies_for_a_query_the_triples_of_the_predicates_it_names(query):
    from graph.validate import query_predicates
    found = query_predicates(query)
    assert (None if found is None else {str(p) for p in found}) == QUERY_PREDICATES[query]


# (pre-binding into a sub-SELECT or an aggregate is where engines differ, SEP-0007: for a node with no
# solutions rdflib gives one empty group, Oxigraph none; the shapes have neither)
@pytest.mark.parametrize("query", [query for query in PER_FOCUS_QUERIES
                                   if "{ SELECT" not in query and "COUNT" not in query])
def test_each_focus_node_gets_the_rows_of_the_query_pre_bound_to_it(query):
    """Whichever way the working graph answers (split rows or a substitution per focus node), each
    focus node's rows equal rdflib's own answer with $this pre-bound."""
    from graph.validate import _WorkingGraph
    p, q = URIRef("urn:p"), URIRef("urn:q")
    nodes = [URIRef(f"urn:n{i}") for i in range(4)]
    data = Graph()
    for a, b in [(0, 1), (0, 2), (1, 2), (2, 0), (3, 3)]:
        data.add((nodes[a], p, nodes[b]))
    for a, b in [(1, 0), (2, 2), (3, 1)]:
        data.add((nodes[a], q, nodes[b]))
    data.add((nodes[1], p, Literal("x")))
    data.add((nodes[0], p, nodes[3]))
    work = _WorkingGraph(store=data.store, identifier=data.identifier)

    def rows(result) -> set:
        return {frozenset((str(k), v) for k, v in row.items()) for row in result.bindings}

    for focus in nodes + [URIRef("urn:absent")]:
        expected = Graph.query(data, query, initBindings={"this": focus})
        assert rows(work.query(query, initBindings={"this": focus})) == rows(expected), focus


# --------------------------------------------------------------------------------------------- the shapes graph

def test_shapes_pass_meta_shacl():
    shapes = Graph()
    shapes += load_shapes()  # a copy: pySHACL adds a few system triples to the graph it is given
    conforms, _report, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


def test_every_shape_has_an_iri_a_severity_and_a_message():
    shapes = load_shapes()
    targeted = {s for t in TARGETS for s in shapes.subjects(t, None)}
    assert len(targeted) > 50
    for shape in targeted:
        assert isinstance(shape, URIRef) and shape.startswith(BGSH), shape
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        holders = [shape, *shapes.objects(shape, SH.sparql)]
        assert any(shapes.value(h, SH.message) for h in holders), shape


def test_property_shapes_are_not_also_nested():
    # A property shape with its own target that is also reached through sh:property would be
    # evaluated, and reported, twice.
    shapes = load_shapes()
    targeted = {s for t in TARGETS for s in shapes.subjects(t, None)}
    assert not targeted & set(shapes.objects(None, SH.property))


def _sh_in(shape_local: str) -> set[URIRef]:
    shapes = load_shapes()
    return set(Collection(shapes, shapes.value(URIRef(BGSH + shape_local), SH["in"])))


@pytest.mark.skipif(not (REPO / "ontology" / "boardgraph.ttl").exists(), reason="ontology not written yet")
@pytest.mark.parametrize("shape, scheme", [
    ("Participation-role", BG.Roles), ("Statement-speechAct", BG.SpeechActs), ("Decision-outcome", BG.Outcomes),
])
def test_controlled_lists_match_the_ontology(shape, scheme):
    ontology = Graph().parse(REPO / "ontology" / "boardgraph.ttl", format="turtle")
    assert _sh_in(shape) == set(ontology.subjects(SKOS.inScheme, scheme))


@pytest.mark.skipif(not (REPO / "ontology" / "topics.ttl").exists()
                    or not (REPO / "ontology" / "organisations.ttl").exists(),
                    reason="vocabulary files not written yet")
def test_fixture_conforms_with_the_real_context(doc):
    context = context_graph()
    topics = sorted(context.subjects(SKOS.inScheme, BG.Topics))
    assert topics, "the thesaurus has no topics"
    for old in (iri("topic/gdpr"), iri("topic/stat-xplore")):
        for s, p, _ in list(doc.triples((None, DCTERMS.subject, old))):
            doc.remove((s, p, old))
            doc.add((s, p, topics[0]))
    result = validate_document(doc, context)
    assert result.conforms, lines(result)
    assert result.findings == [], lines(result)


# --------------------------------------------------------------------------------------------- the bundled example

def test_bundled_wstb_minutes_conform_with_one_unresolved_speaker(wstb_processed):
    # End to end (read -> parse -> resolve -> build -> validate): what graph/build.py really writes
    # for examples/minutes/wstb-2017-06-29.txt meets the shapes; "KG" is not in the attendance list.
    result = wstb_processed.validation
    graph = wstb_processed.built.graph
    assert result.conforms and result.violations == [], lines(result)
    assert [(f.severity, f.shape, f.value) for f in result.findings] == [
        ("Warning", BGSH + "UnresolvedSpeakerShape", "KG")]
    assert str(graph.value(URIRef(result.findings[0].focus), BG.speakerLabel)) == "KG"
