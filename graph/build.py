"""Turn a resolved meeting into RDF triples in the document's own named graph.

This is the only module that mints data IRIs; the shape it writes is described in docs/vocabulary.md."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, SKOS, TIME, XSD

from graph.memory import document_graph
from graph.model import Span
from graph.namespaces import BG, DEFAULT_BASE, OA, SCHEMA, bind_prefixes
from graph.resolve import (Mentions, OrgRef, PersonRef, Registry, ResolvedMeeting, mentions_in,
                           normalise_label, person_for, slugify, span_text)
from graph.version import pipeline_stamp

ROLES = {"chair": BG.Chair, "secretariat": BG.Secretariat, "member": BG.Member, "presenter": BG.Presenter,
         "in-attendance": BG.InAttendance, "observer": BG.Observer, "apologies": BG.Apologies}
ACTION_STATUS = {"open": SCHEMA.ActiveActionStatus, "completed": SCHEMA.CompletedActionStatus,
                 "dropped": SCHEMA.FailedActionStatus}
SPEECH_ACTS = {name: BG[name.capitalize()] for name in (
    "welcome", "update", "explanation", "comment", "question", "answer", "confirmation", "suggestion", "offer",
    "agreement", "disagreement", "proposal", "request", "demonstration", "discussion")}
OUTCOMES = {name: BG[name.capitalize()] for name in (
    "agreed", "approved", "noted", "resolved", "rejected", "deferred")}


@dataclass(frozen=True)
class BuiltDocument:
    """One document's graph and the IRIs a caller needs to report on it."""

    graph_iri: URIRef
    meeting_iri: URIRef
    graph: Graph


def board_slug(resolved: ResolvedMeeting) -> str:
    """'wstb' from the acronym, else the slug of the board's name."""
    meeting = resolved.meeting
    return slugify(meeting.board_acronym or meeting.board_name)


def build_graph(resolved: ResolvedMeeting, registry: Registry, base: str = DEFAULT_BASE) -> BuiltDocument:
    """All triples one minutes document asserts, to be stored in its own named graph."""
    return _Builder(resolved, registry, base).build()


class _Builder:
    def __init__(self, resolved: ResolvedMeeting, registry: Registry, base: str):
        self.resolved = resolved
        self.meeting = resolved.meeting
        self.registry = registry
        self.base = base
        self.board = slugify(self.meeting.board_acronym or self.meeting.board_name)
        key = f"{self.board}/{self.meeting.date.isoformat()}"
        self.meeting_iri = URIRef(f"{base}meeting/{key}")
        self.graph_iri = URIRef(f"{base}graph/meeting/{key}")
        self.document_iri = URIRef(f"{base}minutes/{key}")
        self.board_iri = URIRef(f"{base}board/{self.board}")
        self.g = document_graph(self.graph_iri)
        bind_prefixes(self.g)

    def build(self) -> BuiltDocument:
        self._board()
        self._document()
        self._meeting()
        self._participations()
        meeting_topics: list[str] = []
        statement_number = decision_number = 0
        for item in self.meeting.agenda_items:
            item_iri = self._item(item, meeting_topics)
            for statement in item.statements:
                statement_number += 1
                self._statement(statement, item_iri, statement_number)
            for action in item.action_points:
                self._action(action, item_iri)
            for decision in item.decisions:
                decision_number += 1
                self._decision(decision, item_iri, decision_number)
        for topic in meeting_topics:
            self.g.add((self.meeting_iri, DCTERMS.subject, URIRef(topic)))
        return BuiltDocument(self.graph_iri, self.meeting_iri, self.g)

    # --- the meeting, its board and its document ---

    def _board(self) -> None:
        g, board = self.g, self.board_iri
        g.add((board, RDF.type, BG.Board))
        g.add((board, RDF.type, ORG.Organization))
        g.add((board, FOAF.name, Literal(self.meeting.board_name)))
        g.add((board, SKOS.prefLabel, Literal(self.meeting.board_name)))
        if self.meeting.board_acronym:
            g.add((board, SKOS.altLabel, Literal(self.meeting.board_acronym)))

    def _document(self) -> None:
        g, doc, source = self.g, self.document_iri, self.meeting.source
        g.add((doc, RDF.type, BG.MinutesDocument))
        g.add((doc, RDF.type, FOAF.Document))
        g.add((doc, DCTERMS.source, Literal(source.name)))
        g.add((doc, DCTERMS.format, Literal(source.media_type)))
        g.add((doc, BG.sha256, Literal(source.sha256)))
        g.add((doc, BG.charCount, Literal(len(source.text))))
        g.add((doc, BG.extractedWith, Literal(pipeline_stamp())))
        if source.modified is not None:
            g.add((doc, DCTERMS.created, Literal(source.modified.isoformat(), datatype=XSD.dateTime)))

    def _meeting(self) -> None:
        g, m, meeting = self.g, self.meeting_iri, self.meeting
        g.add((m, RDF.type, BG.Meeting))
        g.add((m, RDF.type, SCHEMA.Event))
        g.add((m, BG.board, self.board_iri))
        g.add((m, DCTERMS.title, Literal(meeting.title)))
        g.add((m, DCTERMS.date, Literal(meeting.date.isoformat(), datatype=XSD.date)))
        g.add((m, PROV.wasDerivedFrom, self.document_iri))
        for prop, time in ((SCHEMA.startDate, meeting.start_time), (SCHEMA.endDate, meeting.end_time)):
            if time is not None:
                stamp = dt.datetime.combine(meeting.date, time).isoformat()
                g.add((m, prop, Literal(stamp, datatype=XSD.dateTime)))
        interval, instant = URIRef(f"{m}/interval"), URIRef(f"{m}/instant")
        g.add((interval, RDF.type, TIME.Interval))
        g.add((interval, TIME.hasBeginning, instant))
        g.add((interval, TIME.hasEnd, instant))
        g.add((instant, RDF.type, TIME.Instant))
        g.add((instant, TIME.inXSDDate, Literal(meeting.date.isoformat(), datatype=XSD.date)))

    # --- people, organisations, participations ---

    def person_iri(self, person: PersonRef) -> URIRef:
        """The person's IRI, with their name (and printed variants) asserted in this graph."""
        iri = URIRef(f"{self.base}person/{person.slug}")
        if (iri, RDF.type, FOAF.Person) not in self.g:
            self.g.add((iri, RDF.type, FOAF.Person))
            self.g.add((iri, FOAF.name, Literal(person.name)))
            if person.printed != person.name:
                self.g.add((iri, SKOS.hiddenLabel, Literal(person.printed)))
        return iri

    def organisation_iri(self, organisation: OrgRef) -> URIRef:
        """A known organisation's IRI, or a new one minted from its printed name."""
        iri = URIRef(organisation.iri or f"{self.base}org/{organisation.slug}")
        if (iri, RDF.type, ORG.Organization) not in self.g:
            self.g.add((iri, RDF.type, ORG.Organization))
            self.g.add((iri, SKOS.prefLabel, Literal(organisation.label, lang=organisation.language)))
            if organisation.parent_iri:
                self.g.add((iri, ORG.subOrganizationOf, URIRef(organisation.parent_iri)))
            if organisation.iri is None:
                for acronym in _acronyms(organisation.printed):
                    self.g.add((iri, SKOS.altLabel, Literal(acronym)))
        return iri

    def _participations(self) -> None:
        g, m = self.g, self.meeting_iri
        for participant, person, affiliation in zip(self.meeting.participants, self.resolved.people,
                                                    self.resolved.affiliations):
            person_iri = self.person_iri(person)
            node = URIRef(f"{m}/participation/{person.slug}")
            g.add((node, RDF.type, BG.Participation))
            g.add((node, BG.meeting, m))
            g.add((node, BG.participant, person_iri))
            g.add((node, BG.role, ROLES[participant.role]))
            if participant.initials:
                g.add((node, BG.initials, Literal(participant.initials)))
            if participant.role == "apologies":
                g.add((m, BG.apologiesFrom, person_iri))
            else:
                g.add((m, SCHEMA.attendee, person_iri))
            if participant.role == "chair":
                g.add((m, BG.chair, person_iri))
            if affiliation is not None:
                org_iri = self.organisation_iri(affiliation)
                g.add((node, BG.onBehalfOf, org_iri))
                self._membership(person, person_iri, org_iri)
            self._provenance(node, participant.span)

    def _membership(self, person: PersonRef, person_iri: URIRef, org_iri: URIRef) -> None:
        g = self.g
        node = URIRef(f"{self.base}membership/{person.slug}/{str(org_iri).rstrip('/').rsplit('/', 1)[-1]}")
        g.add((node, RDF.type, ORG.Membership))
        g.add((node, ORG.member, person_iri))
        g.add((node, ORG.organization, org_iri))
        g.add((node, ORG.memberDuring, URIRef(f"{self.meeting_iri}/interval")))

    # --- agenda items and what happened under them ---

    def _item(self, item, meeting_topics: list[str]) -> URIRef:
        g = self.g
        iri = URIRef(f"{self.meeting_iri}/item/{slugify(item.notation)}")
        g.add((iri, RDF.type, BG.AgendaItem))
        g.add((iri, DCTERMS.isPartOf, self.meeting_iri))
        g.add((self.meeting_iri, BG.agendaItem, iri))
        g.add((iri, SKOS.notation, Literal(item.notation)))
        g.add((iri, SCHEMA.position, Literal(item.position)))
        g.add((iri, DCTERMS.title, Literal(item.title)))
        presenter = next((person_for(s.speaker_label, self.resolved) for s in item.statements
                          if s.speech_act == "update" and person_for(s.speaker_label, self.resolved)), None)
        if presenter is not None:
            g.add((iri, BG.presenter, self.person_iri(presenter)))
        found = mentions_in(span_text(self.resolved, Span(item.span.start, item.body.end)),
                            self.resolved, self.registry)
        for topic in found.topics:
            g.add((iri, DCTERMS.subject, URIRef(topic)))
            if topic not in meeting_topics:
                meeting_topics.append(topic)
        self._provenance(iri, item.span)
        return iri

    def _statement(self, statement, item_iri: URIRef, number: int) -> None:
        g = self.g
        iri = URIRef(f"{self.meeting_iri}/statement/{number}")
        g.add((iri, RDF.type, BG.Statement))
        g.add((iri, RDF.type, SCHEMA.CreativeWork))
        g.add((iri, DCTERMS.isPartOf, item_iri))
        g.add((iri, SCHEMA.position, Literal(number)))
        g.add((iri, BG.speakerLabel, Literal(statement.speaker_label)))
        g.add((iri, BG.speechAct, SPEECH_ACTS[statement.speech_act]))
        g.add((iri, SCHEMA.text, Literal(statement.text)))
        speaker = person_for(statement.speaker_label, self.resolved)
        if speaker is not None:
            g.add((iri, BG.speaker, self.person_iri(speaker)))
        self._mentions(iri, mentions_in(span_text(self.resolved, statement.span), self.resolved,
                                        self.registry, exclude=speaker))
        self._provenance(iri, statement.span)

    def _action(self, action, item_iri: URIRef) -> None:
        g = self.g
        iri = URIRef(f"{self.base}action/{self.board}/{slugify(action.notation)}")
        g.add((iri, RDF.type, BG.ActionPoint))
        g.add((iri, RDF.type, SCHEMA.Action))
        g.add((iri, SKOS.notation, Literal(action.notation)))
        g.add((iri, SCHEMA.description, Literal(action.description)))
        g.add((iri, SCHEMA.actionStatus, ACTION_STATUS[action.status]))
        g.add((iri, DCTERMS.isPartOf, item_iri))
        g.add((iri, BG.reviewedIn if action.reviewed else BG.raisedIn, self.meeting_iri))
        for label in action.owner_labels or ([action.owner_label] if action.owner_label else []):
            g.add((iri, BG.ownerLabel, Literal(label)))
            owner = person_for(label, self.resolved)
            if owner is not None:
                g.add((iri, BG.owner, self.person_iri(owner)))
                continue
            organisation = self.registry.organisation_by_key.get(normalise_label(label))
            if organisation is not None:  # "DCLG to clarify ...": an organisation owns it
                g.add((iri, BG.owner, self.organisation_iri(OrgRef(
                    label=organisation.label, printed=label, iri=organisation.iri, language=organisation.language))))
        if action.due is not None:
            g.add((iri, BG.due, Literal(action.due.isoformat(), datatype=XSD.date)))
        found = mentions_in(action.description, self.resolved, self.registry)
        for topic in found.topics:
            g.add((iri, DCTERMS.subject, URIRef(topic)))
        self._provenance(iri, action.span)

    def _decision(self, decision, item_iri: URIRef, number: int) -> None:
        g = self.g
        iri = URIRef(f"{self.meeting_iri}/decision/{number}")
        g.add((iri, RDF.type, BG.Decision))
        g.add((iri, DCTERMS.isPartOf, item_iri))
        g.add((iri, SCHEMA.position, Literal(number)))
        g.add((iri, SCHEMA.text, Literal(decision.text)))
        g.add((iri, BG.outcome, OUTCOMES[decision.outcome]))
        for prop, count in ((BG.votesFor, decision.votes_for), (BG.votesAgainst, decision.votes_against),
                            (BG.abstentions, decision.abstentions)):
            if count is not None:
                g.add((iri, prop, Literal(count)))
        self._mentions(iri, mentions_in(span_text(self.resolved, decision.span), self.resolved, self.registry))
        self._provenance(iri, decision.span)

    def _mentions(self, iri: URIRef, found: Mentions) -> None:
        for topic in found.topics:
            self.g.add((iri, DCTERMS.subject, URIRef(topic)))
        for organisation in found.organisations:
            self.g.add((iri, SCHEMA.mentions, self.organisation_iri(organisation)))
        for person in found.people:
            self.g.add((iri, SCHEMA.mentions, self.person_iri(person)))

    def _provenance(self, fact: URIRef, span: Span) -> None:
        """fact prov:wasDerivedFrom [oa:SpecificResource of the document, position and quote selectors]."""
        g = self.g
        node = URIRef(f"{self.meeting_iri}/source/{span.start}-{span.end}")
        g.add((fact, PROV.wasDerivedFrom, node))
        if (node, RDF.type, OA.SpecificResource) in g:
            return
        position, quote = URIRef(f"{node}/position"), URIRef(f"{node}/quote")
        g.add((node, RDF.type, OA.SpecificResource))
        g.add((node, OA.hasSource, self.document_iri))
        g.add((node, OA.hasSelector, position))
        g.add((node, OA.hasSelector, quote))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(span.start)))
        g.add((position, OA.end, Literal(span.end)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(self.meeting.source.quote(span))))


def _acronyms(printed: str) -> list[str]:
    return re.findall(r"\(([A-Z][A-Za-z&]{1,9})\)", printed)
