"""ontology/*.ttl: the bg: vocabulary, the topic thesaurus and the organisation list.

Checks that can fail: the files parse (the two vocabulary files relative to any base), every bg: term
used anywhere is declared with a label, a comment and (for properties) a domain and range, the
controlled values of docs/vocabulary.md exist in their schemes, alignments point only to standard terms
that exist, the thesaurus is sound SKOS, organisation IRIs follow the slug rule and their aliases do
not collide, and pySHACL's meta-SHACL accepts the vocabulary (and the shapes, when shapes/*.ttl exist).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdflib_namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, Namespace

REPO = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = REPO / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "boardgraph.ttl"
TOPICS = ONTOLOGY_DIR / "topics.ttl"
ORGANISATIONS = ONTOLOGY_DIR / "organisations.ttl"
VOCABULARY_DOC = REPO / "docs" / "vocabulary.md"
DESIGN_DOC = REPO.parent / "shared" / "DESIGN.md"  # beside the clone; optional
SHAPES = sorted((REPO / "shapes").glob("*.ttl"))

BASE = "http://localhost:5000/id/"
OTHER_BASE = "https://data.example.org/boards/"
BG = Namespace("https://w3id.org/boardgraph/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/boardgraph/ontology")
SCHEMA = Namespace("http://schema.org/")  # ours is http://, rdflib's SDO is https://
BESLUIT = Namespace("http://data.vlaanderen.be/ns/besluit#")
VANN = Namespace("http://purl.org/vocab/vann/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # plain Namespace: pytest trips over rdflib's closed XSD

BG_TERM = re.compile(r"\bbg:([A-Za-z][A-Za-z0-9_]*)")
CLASSES = {OWL.Class, RDFS.Class}
PROPERTIES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}

GDPR_ELI = URIRef("http://data.europa.eu/eli/reg/2016/679/oj")
DEA_2017 = URIRef("http://www.legislation.gov.uk/id/ukpga/2017/30")
DPA_2018 = URIRef("http://www.legislation.gov.uk/id/ukpga/2018/12")
FOIA_2000 = URIRef("http://www.legislation.gov.uk/id/ukpga/2000/36")

# LBLOD besluit terms we align with, checked against LBLOD's published model and the mu.semte.ch / lblod
# applications that use it (besluit is not bundled with rdflib, so the list is kept here).
KNOWN_BESLUIT = {"Zitting", "Agendapunt", "Besluit", "Bestuursorgaan", "BehandelingVanAgendapunt", "Stemming",
                 "behandelt", "isGehoudenDoor", "heeftVoorzitter", "heeftSecretaris",
                 "aantalVoorstanders", "aantalTegenstanders", "aantalOnthouders"}


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def topics() -> Graph:
    return Graph().parse(TOPICS, format="turtle", publicID=BASE)


@pytest.fixture(scope="module")
def organisations() -> Graph:
    return Graph().parse(ORGANISATIONS, format="turtle", publicID=BASE)


@pytest.fixture(scope="module")
def vocabulary(ontology, topics, organisations) -> Graph:
    union = Graph()
    for graph in (ontology, topics, organisations):
        union += graph
    return union


def _concepts(topics: Graph) -> set[URIRef]:
    return {c for c in topics.subjects(RDF.type, SKOS.Concept)}


def _orgs(organisations: Graph) -> set[URIRef]:
    return {o for o in organisations.subjects(RDF.type, ORG.Organization)}


def _en(graph: Graph, subject, predicate) -> list[Literal]:
    return [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == "en"]


def _doc_terms(path: Path) -> set[str]:
    return set(BG_TERM.findall(path.read_text(encoding="utf-8"))) if path.exists() else set()


# --- parsing ------------------------------------------------------------------------------------

def test_the_three_files_parse_and_are_not_empty(ontology, topics, organisations):
    assert len(ontology) > 300 and len(topics) > 300 and len(organisations) > 200
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology


@pytest.mark.parametrize("path, folder", [(TOPICS, "topic/"), (ORGANISATIONS, "org/")])
def test_vocabulary_files_use_relative_iris_and_no_base(path, folder):
    code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("#"))
    assert not re.search(r"^\s*(@base|BASE)\b", code, re.MULTILINE | re.IGNORECASE)
    assert "localhost" not in code  # no absolute data IRIs
    here = Graph().parse(path, format="turtle", publicID=BASE)
    there = Graph().parse(path, format="turtle", publicID=OTHER_BASE)
    assert len(here) == len(there)
    ours = {s for s in here.subjects() if isinstance(s, URIRef) and not str(s).startswith(str(BG))}
    assert ours and all(str(s).startswith(BASE + folder) for s in ours), sorted(ours)[:5]
    theirs = {s for s in there.subjects() if isinstance(s, URIRef) and not str(s).startswith(str(BG))}
    assert all(str(s).startswith(OTHER_BASE + folder) for s in theirs)


def test_oxigraph_reads_the_files_like_rdflib(ontology, topics, organisations):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    for path, graph, base in ((ONTOLOGY, ontology, None), (TOPICS, topics, BASE), (ORGANISATIONS, organisations, BASE)):
        with open(path, "rb") as stream:
            quads = list(pyoxigraph.parse(stream, format=pyoxigraph.RdfFormat.TURTLE, base_iri=base))
        assert len(set(quads)) == len(graph), path.name


def test_ontology_header(ontology):
    assert _en(ontology, ONTOLOGY_IRI, DCTERMS.title)
    assert _en(ontology, ONTOLOGY_IRI, DCTERMS.description)
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("http://creativecommons.org/licenses/by/4.0/")
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    assert str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)) == "bg"
    assert str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == str(BG)


# --- every bg: term is declared -------------------------------------------------------------------

def _all_bg_terms(vocabulary: Graph) -> set[URIRef]:
    names = set()
    for path in (ONTOLOGY, TOPICS, ORGANISATIONS, VOCABULARY_DOC, DESIGN_DOC):
        names |= _doc_terms(path)
    terms = {BG[name] for name in names}
    for triple in vocabulary:
        terms |= {t for t in triple if isinstance(t, URIRef) and str(t).startswith(str(BG))}
    return terms


def test_vocabulary_doc_is_there_and_names_bg_terms():
    assert len(_doc_terms(VOCABULARY_DOC)) >= 60


def test_every_bg_term_is_declared_with_label_comment_and_definedby(ontology, vocabulary):
    missing = []
    for term in sorted(_all_bg_terms(vocabulary)):
        types = set(ontology.objects(term, RDF.type))
        problems = []
        if not types & (CLASSES | PROPERTIES | {SKOS.ConceptScheme, SKOS.Concept}):
            problems.append("no class/property/scheme/concept type")
        if len(_en(ontology, term, RDFS.label)) != 1:
            problems.append("needs exactly one rdfs:label@en")
        if not _en(ontology, term, RDFS.comment):
            problems.append("no rdfs:comment@en")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in ontology:
            problems.append("no rdfs:isDefinedBy")
        if types & PROPERTIES:
            if ontology.value(term, RDFS.domain) is None:
                problems.append("no rdfs:domain")
            if ontology.value(term, RDFS.range) is None:
                problems.append("no rdfs:range")
        if problems:
            missing.append((term.split("#")[1], problems))
    assert not missing, missing


def test_terms_the_contract_names_have_the_right_kind(ontology):
    classes = {"Board", "Meeting", "MinutesDocument", "Participation", "AgendaItem", "Statement", "ActionPoint",
               "Decision", "SpeechAct", "Outcome"}
    object_properties = {"board", "agendaItem", "meeting", "participant", "role", "onBehalfOf", "chair",
                         "apologiesFrom", "presenter", "speaker", "speechAct", "owner", "raisedIn", "outcome"}
    datatype_properties = {"sha256", "charCount", "initials", "speakerLabel", "ownerLabel", "due", "votesFor",
                           "votesAgainst", "abstentions"}
    for names, kind in ((classes, OWL.Class), (object_properties, OWL.ObjectProperty),
                        (datatype_properties, OWL.DatatypeProperty)):
        wrong = [n for n in names if (BG[n], RDF.type, kind) not in ontology]
        assert not wrong, (kind, wrong)
    for name in ("Roles", "SpeechActs", "Outcomes", "Topics"):
        assert (BG[name], RDF.type, SKOS.ConceptScheme) in ontology


def test_value_properties_point_at_the_controlled_classes(ontology):
    assert ontology.value(BG.speechAct, RDFS.range) == BG.SpeechAct
    assert ontology.value(BG.outcome, RDFS.range) == BG.Outcome
    assert ontology.value(BG.role, RDFS.range) == ORG.Role
    for name in ("votesFor", "votesAgainst", "abstentions", "charCount"):
        assert ontology.value(BG[name], RDFS.range) == XSD.integer, name
    # bg:due: a date, or a month/year when that is all the minutes give
    due = ontology.value(BG.due, RDFS.range)
    members = set(ontology.items(ontology.value(due, OWL.unionOf)))
    assert XSD.date in members


# --- alignments to standard vocabularies --------------------------------------------------------

@pytest.mark.parametrize("term, predicate, target", [
    (BG.Board, RDFS.subClassOf, ORG.Organization),
    (BG.Meeting, RDFS.subClassOf, SCHEMA.Event),
    (BG.Meeting, RDFS.subClassOf, BESLUIT.Zitting),
    (BG.MinutesDocument, RDFS.subClassOf, FOAF.Document),
    (BG.Statement, RDFS.subClassOf, SCHEMA.CreativeWork),
    (BG.ActionPoint, RDFS.subClassOf, SCHEMA.Action),
    (BG.AgendaItem, RDFS.subClassOf, BESLUIT.Agendapunt),
    (BG.SpeechAct, RDFS.subClassOf, SKOS.Concept),
    (BG.Outcome, RDFS.subClassOf, SKOS.Concept),
    (BG.speaker, RDFS.subPropertyOf, SCHEMA.creator),
    (BG.owner, RDFS.subPropertyOf, SCHEMA.agent),
    (BG.agendaItem, RDFS.subPropertyOf, BESLUIT.behandelt),
    (BG.chair, RDFS.subPropertyOf, SCHEMA.attendee),
])
def test_alignment(ontology, term, predicate, target):
    assert (term, predicate, target) in ontology


@pytest.mark.parametrize("term, predicate, target", [
    # Claims deliberately not made (see the comments in boardgraph.ttl); a regression would assert
    # something false about our data.
    (BG.Decision, RDFS.subClassOf, BESLUIT.Besluit),  # a Besluit is a published legal act
    (BG.Board, RDFS.subClassOf, ORG.FormalOrganization),  # most boards are not legal entities
    (BG.Participation, RDFS.subClassOf, PROV.Association),  # apologies are participations too
    (BG.Participation, RDFS.subClassOf, ORG.Membership),
    (BG.Participation, RDFS.subClassOf, ORG.Post),
    (BG.Meeting, RDFS.subClassOf, PROV.Activity),  # meetings are prov:wasDerivedFrom subjects (Entities)
    (BG.chair, RDFS.subPropertyOf, BESLUIT.heeftVoorzitter),  # its range is a mandate holder
    (BG.role, RDFS.subPropertyOf, ORG.role),  # domain org:Membership
    (BG.onBehalfOf, RDFS.subPropertyOf, PROV.actedOnBehalfOf),  # domain prov:Agent
])
def test_alignment_not_claimed(ontology, term, predicate, target):
    assert (term, predicate, target) not in ontology


def _standard_term_exists(term: URIRef) -> bool:
    iri = str(term)
    if iri.startswith(str(SCHEMA)):  # rdflib's schema.org terms (its namespace is https://)
        return iri[len(str(SCHEMA)):] in rdflib_namespace.SDO.__annotations__
    if iri.startswith(str(BESLUIT)):
        return iri[len(str(BESLUIT)):] in KNOWN_BESLUIT
    for namespace in (ORG, FOAF, PROV, SKOS, DCTERMS, OWL, RDFS, rdflib_namespace.XSD):
        if iri.startswith(str(namespace)):
            try:
                getattr(namespace, iri[len(str(namespace)):])
                return True
            except AttributeError:
                return False
    return False


def test_every_standard_term_the_ontology_refers_to_exists(ontology):
    """No invented IRIs: every non-bg: class or property in an axiom is a real term of its vocabulary."""
    axioms = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty, RDFS.seeAlso,
              RDFS.domain, RDFS.range, SKOS.closeMatch, SKOS.exactMatch)
    referenced = {o for p in axioms for o in ontology.objects(None, p)
                  if isinstance(o, URIRef) and not str(o).startswith(str(BG))}
    referenced |= {t for t in ontology.objects(None, RDF.type) if not str(t).startswith(str(BG))}
    unknown = sorted(str(t) for t in referenced if not _standard_term_exists(t))
    assert not unknown, unknown


# --- controlled individuals ---------------------------------------------------------------------

def _controlled_values() -> dict[str, list[str]]:
    """Scheme -> individuals, read from the 'Controlled values' list at the end of docs/vocabulary.md."""
    text = VOCABULARY_DOC.read_text(encoding="utf-8")
    tail = text[text.index("Controlled values"):]
    found = {}
    for bullet in re.split(r"\n- ", tail)[1:]:
        scheme = re.search(r"\(`bg:(Roles|SpeechActs|Outcomes)`", bullet)
        if scheme:
            after = bullet[bullet.index(":", scheme.end()) + 1:]
            found[scheme.group(1)] = BG_TERM.findall(after)
    return found


SCHEME_TYPES = {"Roles": {ORG.Role, SKOS.Concept}, "SpeechActs": {BG.SpeechAct, SKOS.Concept},
                "Outcomes": {BG.Outcome, SKOS.Concept}}


def test_vocabulary_doc_lists_the_three_schemes():
    values = _controlled_values()
    assert set(values) == set(SCHEME_TYPES)
    assert values["Roles"][:2] == ["Chair", "Secretariat"] and "Apologies" in values["Roles"]
    assert len(values["SpeechActs"]) == 15 and len(values["Outcomes"]) == 6


@pytest.mark.parametrize("scheme", sorted(SCHEME_TYPES))
def test_controlled_individuals_exist_with_type_and_scheme(ontology, scheme):
    documented = {BG[name] for name in _controlled_values()[scheme]}
    in_scheme = set(ontology.subjects(SKOS.inScheme, BG[scheme]))
    assert documented == in_scheme, (documented ^ in_scheme)  # the doc and the ontology agree exactly
    for individual in documented:
        assert SCHEME_TYPES[scheme] <= set(ontology.objects(individual, RDF.type)), individual
        assert (individual, SKOS.topConceptOf, BG[scheme]) in ontology
        assert (BG[scheme], SKOS.hasTopConcept, individual) in ontology
        assert len(_en(ontology, individual, SKOS.prefLabel)) == 1, individual
        assert _en(ontology, individual, SKOS.definition), individual


def test_controlled_labels_are_unique_within_each_scheme(ontology):
    for scheme in SCHEME_TYPES:
        seen = {}
        for individual in ontology.subjects(SKOS.inScheme, BG[scheme]):
            for label in ontology.objects(individual, SKOS.prefLabel | SKOS.altLabel):
                key = str(label).casefold()
                assert seen.setdefault(key, individual) == individual, (scheme, key)


# --- topic thesaurus ----------------------------------------------------------------------------

def _topic_key(label: str) -> str:
    """How graph/resolve.py compares topic labels: case, '-'/' ', '&'/'and' and a plural 's' ignored."""
    key = label.casefold().replace("&", " and ")
    key = re.sub(r"[\s\-]+", " ", key).strip()
    return re.sub(r"(?<=\w{3})e?s$", "", key)


def test_topic_scheme(topics, vocabulary):
    assert (BG.Topics, RDF.type, SKOS.ConceptScheme) in topics
    assert len(_en(vocabulary, BG.Topics, SKOS.prefLabel)) == 1  # ontology and thesaurus say the same
    assert len(_en(vocabulary, BG.Topics, SKOS.definition)) == 1


def test_topic_concepts_basic_skos(topics):
    concepts = _concepts(topics)
    assert len(concepts) >= 60
    for concept in concepts:
        assert (concept, SKOS.inScheme, BG.Topics) in topics, concept
        prefs = list(topics.objects(concept, SKOS.prefLabel))
        assert _en(topics, concept, SKOS.prefLabel), concept
        languages = [p.language for p in prefs]
        assert len(languages) == len(set(languages)), (concept, prefs)  # one prefLabel per language
        assert len(_en(topics, concept, SKOS.definition)) == 1, concept
        labels = [(p, v) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
                  for v in topics.objects(concept, p)]
        assert all(isinstance(v, Literal) and str(v).strip() == str(v) != "" for _, v in labels), concept
        # SKOS S13/S14: pref, alt and hidden labels of one concept are pairwise disjoint
        assert len({v for _, v in labels}) == len(labels), (concept, labels)


def test_no_label_is_shared_by_two_topics(topics):
    owner: dict[str, URIRef] = {}
    clashes = []
    for concept in sorted(_concepts(topics)):
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in topics.objects(concept, predicate):
                key = _topic_key(str(label))
                if owner.setdefault(key, concept) != concept:
                    clashes.append((str(label), owner[key], concept))
    assert not clashes, clashes


def test_no_too_generic_topic_labels(topics):
    """Bare words that would tag unrelated text (see the notes in topics.ttl)."""
    generic = {"security", "gas", "license", "licence", "ethics", "ethical", "infrastructure", "statistics",
               "codes of practice", "transport", "standards", "data", "digital", "fraud", "register",
               "moderator", "scribe", "digital services"}
    used = {str(l).casefold() for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
            for l in topics.objects(None, p)}
    assert not used & generic, used & generic


def test_broader_narrower_and_top_concepts(topics):
    concepts = _concepts(topics)
    for child, parent in topics.subject_objects(SKOS.broader):
        assert parent in concepts, (child, parent)
        assert (parent, SKOS.narrower, child) in topics, (parent, child)
    for parent, child in topics.subject_objects(SKOS.narrower):
        assert (child, SKOS.broader, parent) in topics, (parent, child)
    tops = set(topics.objects(BG.Topics, SKOS.hasTopConcept))
    assert tops == set(topics.subjects(SKOS.topConceptOf, BG.Topics))
    without_broader = {c for c in concepts if topics.value(c, SKOS.broader) is None}
    assert tops == without_broader, tops ^ without_broader


def _ancestors(graph: Graph, node, predicate) -> set:
    seen, stack = set(), list(graph.objects(node, predicate))
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(graph.objects(current, predicate))
    return seen


def test_no_broader_cycles_and_related_is_not_hierarchical(topics):
    for concept in _concepts(topics):
        ancestors = _ancestors(topics, concept, SKOS.broader)
        assert concept not in ancestors, concept
        for related in topics.objects(concept, SKOS.related):
            assert related in _concepts(topics), related
            assert (related, SKOS.related, concept) in topics  # skos:related is symmetric
            assert related not in ancestors and concept not in _ancestors(topics, related, SKOS.broader), (
                concept, related)  # SKOS S27


def test_topics_the_contract_and_the_wstb_minutes_need(topics):
    by_label = {str(l): c for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
                for c, l in topics.subject_objects(p)}
    topic = lambda slug: URIRef(BASE + "topic/" + slug)  # noqa: E731
    expected = {
        "GDPR": "gdpr", "General Data Protection Regulations": "gdpr", "UC": "universal-credit",
        "DEA": "digital-economy-act-2017", "FOI": "freedom-of-information",
        "Freedom of Information": "freedom-of-information", "MI": "management-information",
        "Stat-Xplore": "stat-xplore", "Stat Xplore": "stat-xplore", "data visualisation": "data-visualisation",
        "data visualisations": "data-visualisation", "visualisations": "data-visualisation",
        "data visualization": "data-visualisation", "API": "apis", "APIs": "apis",
        "Fraud & Error": "fraud-and-error", "fraud and error": "fraud-and-error",
        "data scientists": "data-science", "Data Protection Bill": "data-protection-bill",
        "Data Protection Act 2018": "data-protection-act-2018", "Full Service": "uc-full-service",
        "Four Codes of Practice": "dea-codes-of-practice", "DEA Codes of Practice": "dea-codes-of-practice",
        "Data Sharing Code of Practice: Civil Registration": "code-civil-registration",
        "Data Sharing Code of Practice: Public Service Delivery, Debt and Fraud":
            "code-public-service-delivery-debt-fraud",
        "Code of Practice and Accreditation Criteria: Research": "code-research",
        "Data Sharing Statement and Code of Practice: Statistics": "code-statistics",
        "open data": "open-data", "transparency": "transparency", "data sharing": "data-sharing",
        "data ethics": "data-ethics", "privacy": "privacy", "data protection": "data-protection",
        "data.gov.uk": "data-gov-uk", "Registers": "govuk-registers",
        "Government Data Programme": "government-data-programme", "web analytics": "web-analytics",
        "digital signing": "digital-signing", "official statistics": "official-statistics",
    }
    wrong = {label: str(by_label.get(label)) for label, slug in expected.items() if by_label.get(label) != topic(slug)}
    assert not wrong, wrong
    codes = set(topics.subjects(SKOS.broader, topic("dea-codes-of-practice")))
    assert len(codes) == 4
    assert topic("data-protection") in set(topics.objects(topic("gdpr"), SKOS.broader))
    assert topic("data-protection") in set(topics.objects(topic("data-protection-bill"), SKOS.broader))
    assert topic("data-protection") in set(topics.objects(topic("data-protection-act-2018"), SKOS.broader))
    assert (topic("data-protection-bill"), SKOS.related, topic("data-protection-act-2018")) in topics


def test_exact_matches_are_the_known_authority_iris(topics):
    topic = lambda slug: URIRef(BASE + "topic/" + slug)  # noqa: E731
    expected = {topic("gdpr"): {GDPR_ELI}, topic("digital-economy-act-2017"): {DEA_2017},
                topic("data-protection-act-2018"): {DPA_2018}, topic("foia-2000"): {FOIA_2000}}
    actual: dict[URIRef, set] = {}
    for concept, target in topics.subject_objects(SKOS.exactMatch):
        actual.setdefault(concept, set()).add(target)
    assert actual == expected  # and no other (e.g. guessed Wikidata) exactMatch anywhere


# --- organisations ------------------------------------------------------------------------------

def _org_key(label: str) -> str:
    """graph/resolve.py's normalise_label: case, apostrophes, '&', a leading 'the', punctuation ignored."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['\u2019`]", "", text).replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def _slug(label: str) -> str:
    """The slug rule documented at the top of organisations.ttl."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower().replace("&", " and ")
    text = re.sub(r"['\u2019]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def test_every_organisation_has_one_name_and_a_slug_iri(organisations):
    orgs = _orgs(organisations)
    assert len(orgs) >= 60
    typed = {s for t in (ORG.FormalOrganization, ORG.OrganizationalUnit) for s in organisations.subjects(RDF.type, t)}
    assert typed <= orgs  # every formal organisation / unit is also stated to be an org:Organization
    for organisation in orgs:
        prefs = list(organisations.objects(organisation, SKOS.prefLabel))
        assert len(prefs) == 1 and prefs[0].language == "en", (organisation, prefs)
        assert str(organisation) == BASE + "org/" + _slug(str(prefs[0])), organisation
        assert not set(organisations.objects(organisation, RDF.type)) >= {ORG.FormalOrganization,
                                                                         ORG.OrganizationalUnit}, organisation


def test_no_alias_is_shared_by_two_organisations(organisations):
    owner: dict[str, URIRef] = {}
    clashes = []
    for organisation in sorted(_orgs(organisations)):
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in organisations.objects(organisation, predicate):
                assert isinstance(label, Literal) and str(label).strip(), (organisation, label)
                key = _org_key(str(label))
                if owner.setdefault(key, organisation) != organisation:
                    clashes.append((str(label), owner[key], organisation))
    assert not clashes, clashes


def test_sub_organisations_point_at_known_organisations_without_cycles(organisations):
    orgs = _orgs(organisations)
    pairs = list(organisations.subject_objects(ORG.subOrganizationOf))
    assert pairs
    for child, parent in pairs:
        assert parent in orgs, (child, parent)
    for organisation in orgs:
        assert organisation not in _ancestors(organisations, organisation, ORG.subOrganizationOf), organisation
    # an org:OrganizationalUnit is by definition part of a larger organisation
    for unit in organisations.subjects(RDF.type, ORG.OrganizationalUnit):
        assert organisations.value(unit, ORG.subOrganizationOf) is not None, unit


def test_organisations_the_wstb_minutes_name(organisations):
    by_key = {_org_key(str(l)): o for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
              for o, l in organisations.subject_objects(p)}
    org = lambda slug: URIRef(BASE + "org/" + slug)  # noqa: E731
    for printed, slug in [
        ("DWP", "department-for-work-and-pensions"), ("Department for Work and Pensions", "department-for-work-and-pensions"),
        ("DWP Digital", "dwp-digital"), ("DWP Digital, Data Science", "dwp-digital"), ("Cabinet Office", "cabinet-office"),
        ("Government Digital Services", "government-digital-service"), ("GDS", "government-digital-service"),
        ("ONS", "office-for-national-statistics"), ("HMT", "hm-treasury"),
        ("Information Commissioners Office", "information-commissioners-office"),
        ("ICO", "information-commissioners-office"), ("CA", "citizens-advice"), ("CAB", "citizens-advice"),
        ("ESRC", "economic-and-social-research-council"), ("ERSA", "employment-related-services-association"),
        ("Open Knowledge", "open-knowledge"), ("Equifax", "equifax"), ("GSS", "government-statistical-service"),
        ("Demographics User Group", "demographics-user-group"), ("ASF", "apache-software-foundation"),
        ("TC39", "ecma-technical-committee-39"), ("W3C", "world-wide-web-consortium"),
        ("Welsh Government", "welsh-government"), ("PSTB", "public-sector-transparency-board"),
    ]:
        assert by_key.get(_org_key(printed)) == org(slug), (printed, by_key.get(_org_key(printed)))
    parent = lambda slug: organisations.value(org(slug), ORG.subOrganizationOf)  # noqa: E731
    assert parent("dwp-digital") == org("department-for-work-and-pensions")
    assert parent("government-digital-service") == org("cabinet-office")
    assert parent("ecma-technical-committee-39") == org("ecma-international")


def test_organisations_claim_no_unverified_authority_links(organisations):
    assert list(organisations.subject_objects(SKOS.exactMatch)) == []


# --- SHACL ----------------------------------------------------------------------------------------

def test_meta_shacl_accepts_ontology_and_thesaurus(vocabulary):
    """The vocabulary as a shapes graph of itself: meta-SHACL must not raise, and nothing is reported."""
    pyshacl = pytest.importorskip("pyshacl")
    conforms, _, text = pyshacl.validate(vocabulary, shacl_graph=None, meta_shacl=True, inference="none")
    assert conforms, text


@pytest.mark.skipif(not SHAPES, reason="no shapes/*.ttl yet (written separately)")
def test_if_shapes_exist_they_pass_meta_shacl_and_the_vocabulary_has_no_violations(vocabulary):
    """Conditional on shapes/*.ttl existing: meta-SHACL accepts them (pySHACL raises on ill-formed
    shapes), and the ontology + thesaurus + organisation list break none of their sh:Violation rules."""
    pyshacl = pytest.importorskip("pyshacl")
    shapes = Graph()
    for path in SHAPES:
        shapes.parse(path, format="turtle")
    _, report, text = pyshacl.validate(vocabulary, shacl_graph=shapes, meta_shacl=True, inference="none",
                                       allow_warnings=True)
    SH = Namespace("http://www.w3.org/ns/shacl#")
    violations = [r for r in report.subjects(SH.resultSeverity, SH.Violation)]
    assert not violations, text
