"""Resolve what parse.py found as printed: people (initials, name variants, OCR slips), organisations
(aliases in ontology/organisations.ttl) and topics (labels in ontology/topics.ttl)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import FOAF, ORG, RDF, SKOS

from graph.model import Meeting, Participant, Span
from graph.namespaces import DEFAULT_BASE

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
_TITLES = re.compile(r"^(?:(?:Dr|Prof|Professor|Sir|Dame|Mr|Mrs|Ms|Miss|Mx|Lord|Lady|Baroness|Baron|Cllr|"
                     r"Councillor|Commissioner|Mayor|Minister)\.?\s+)+")
_SUFFIXES = re.compile(r"\s+(?:MP|MSP|AM|MS|OBE|MBE|CBE|KC|QC)$")


def slugify(text: str) -> str:
    """'Cabinet Office' -> 'cabinet-office' (ASCII, lower case, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


def normalise_label(text: str) -> str:
    """A comparison key for organisation names: case, apostrophes, '&', 'the' and punctuation ignored."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['\u2019`]", "", text).replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def correct_name(printed: str) -> tuple[str, list[str]]:
    """The corrected form of a printed personal name and the rules applied.

    'lain Wright' -> ('Iain Wright', ['ocr-l-for-I']): names are capitalised, so a word starting
    with a lower-case 'l' is the OCR slip of a capital 'I'. Titles and post-nominals are dropped."""
    rules = []
    name = re.sub(r"\s+", " ", printed.strip())
    stripped = _SUFFIXES.sub("", _TITLES.sub("", name))
    if stripped != name:
        rules.append("title-dropped")
        name = stripped
    fixed = re.sub(r"(?<![\w'])l(?=[a-z])", "I", name)
    if fixed != name:
        rules.append("ocr-l-for-I")
    return fixed, rules


def initials_of(name: str) -> str:
    """'Iain Wright' -> 'IW'."""
    return "".join(word[0].upper() for word in name.split() if word[0].isalpha())


# --- the registry of known topics and organisations -------------------------------------------

_TOKEN = re.compile(r"\w+(?:[.'\u2019]\w+)*|&")


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _fold(token: str) -> str:
    """Case, curly apostrophes and '&' folded so that label and text tokens compare equal."""
    token = token.lower().replace("\u2019", "'")
    return "and" if token == "&" else token


@dataclass(frozen=True)
class LabelMatcher:
    """Finds labels in free text by their words: acronyms case-sensitively, names case-insensitively
    (a plural 's' tolerated), hyphens as spaces, '&' as 'and'; longest match first, no overlaps."""

    names: dict[tuple[str, ...], str]
    acronyms: dict[tuple[str, ...], str]
    lengths: dict[str, tuple[int, ...]]  # folded first word -> label lengths starting with it, longest first

    @classmethod
    def build(cls, labels: dict[str, str], min_acronym: int = 2) -> "LabelMatcher":
        """labels: printed label -> IRI (the first IRI given for a label wins)."""
        names: dict[tuple[str, ...], str] = {}
        acronyms: dict[tuple[str, ...], str] = {}
        for label, iri in labels.items():
            words = tuple(m.group(0) for m in _tokens(label))
            if not words:
                continue
            if _is_acronym(label):
                if len(label) >= min_acronym:
                    acronyms.setdefault(words, iri)
                continue
            folded = tuple(_fold(w) for w in words)
            names.setdefault(folded, iri)
        lengths: dict[str, set[int]] = {}
        for words in [*names, *(tuple(_fold(w) for w in k) for k in acronyms)]:
            lengths.setdefault(words[0], set()).add(len(words))
        return cls(names, acronyms, {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()})

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(IRI, start, end) of every non-overlapping label in the text."""
        tokens = _tokens(text)
        printed = [t.group(0) for t in tokens]
        folded = [_fold(t) for t in printed]
        found, i = [], 0
        starts = self.lengths
        while i < len(tokens):
            first = folded[i]
            if first not in starts and not (first.endswith("s") and (first[:-1] in starts or first[:-2] in starts)):
                i += 1  # no label starts with this word (most words), tested here rather than in a call
                continue
            hit = self._match_at(printed, folded, i)
            if hit is None:
                i += 1
                continue
            iri, length = hit
            found.append((iri, tokens[i].start(), tokens[i + length - 1].end()))
            i += length
        return found

    def _match_at(self, printed: list[str], folded: list[str], i: int) -> tuple[str, int] | None:
        """The longest label at word I, a word :meth:`find` has seen some label start with."""
        first = folded[i]
        singular = (first[:-1], first[:-2]) if first.endswith("s") else ()
        for length in sorted({n for w in (first, *singular) for n in self.lengths.get(w, ())}, reverse=True):
            if i + length > len(printed):
                continue
            said = printed[i:i + length]
            iri = self.acronyms.get(tuple(said)) or (
                self.acronyms.get((*said[:-1], said[-1][:-1])) if said[-1].endswith("s") else None)
            if iri is None:
                words = folded[i:i + length]
                iri = self.names.get(tuple(words))
                if iri is None and words[-1].endswith("s"):
                    last = words[-1]
                    iri = self.names.get((*words[:-1], last[:-1])) or (
                        self.names.get((*words[:-1], last[:-2])) if last.endswith("es") else None)
            if iri is not None:
                return iri, length
        return None


def _is_acronym(label: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}s?", label))


@dataclass(frozen=True)
class Organisation:
    """A known organisation from the registry."""

    iri: str
    label: str
    language: str | None = None  # of the registry's preferred label, repeated as is in document graphs


@dataclass
class Registry:
    """Topics and organisations known in advance, from the ontology folder."""

    topics: LabelMatcher
    organisations_in_text: LabelMatcher
    organisation_by_key: dict[str, Organisation]
    organisation_by_iri: dict[str, Organisation]
    topic_labels: dict[str, str]


@lru_cache(maxsize=8)
def load_registry(base: str = DEFAULT_BASE, ontology_dir: Path = ONTOLOGY_DIR) -> Registry:
    """Read topics.ttl and organisations.ttl (relative IRIs resolved against the base)."""
    topics = Graph().parse(ontology_dir / "topics.ttl", format="turtle", publicID=base)
    organisations = Graph().parse(ontology_dir / "organisations.ttl", format="turtle", publicID=base)
    topic_labels: dict[str, str] = {}
    for concept in topics.subjects(RDF.type, SKOS.Concept):
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in topics.objects(concept, predicate):
                topic_labels.setdefault(str(label), str(concept))
    by_key: dict[str, Organisation] = {}
    text_labels: dict[str, str] = {}
    for organisation in set(organisations.subjects(RDF.type, ORG.Organization)) | set(
            organisations.subjects(RDF.type, ORG.FormalOrganization)) | set(
            organisations.subjects(RDF.type, ORG.OrganizationalUnit)):
        preferred = organisations.value(organisation, SKOS.prefLabel) or organisations.value(organisation, FOAF.name)
        if preferred is None:
            continue
        known = Organisation(str(organisation), str(preferred), getattr(preferred, "language", None))
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name):
            for label in organisations.objects(organisation, predicate):
                by_key.setdefault(normalise_label(str(label)), known)
                text_labels.setdefault(str(label), str(organisation))
    return Registry(topics=LabelMatcher.build(topic_labels),
                    organisations_in_text=LabelMatcher.build(text_labels, min_acronym=3),
                    organisation_by_key=by_key,
                    organisation_by_iri={o.iri: o for o in by_key.values()}, topic_labels=topic_labels)


# --- what resolve.py gives build.py -------------------------------------------------------------

@dataclass(frozen=True)
class PersonRef:
    """One person of this document: the corrected name and how it was reached."""

    slug: str
    name: str
    printed: str
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrgRef:
    """An organisation as printed, resolved to a known one or new (iri None: build mints it)."""

    label: str
    printed: str
    iri: str | None = None
    slug: str | None = None
    parent_iri: str | None = None
    language: str | None = None


@dataclass
class Mentions:
    """Topics and organisations/people a span of text mentions."""

    topics: list[str] = field(default_factory=list)
    organisations: list[OrgRef] = field(default_factory=list)
    people: list[PersonRef] = field(default_factory=list)


@dataclass
class ResolvedMeeting:
    """A parsed meeting with everyone and everything printed resolved where it safely can be."""

    meeting: Meeting
    people: list[PersonRef]  # aligned with meeting.participants
    affiliations: list[OrgRef | None]  # aligned with meeting.participants
    labels: dict[str, PersonRef]  # every label that names a participant
    warnings: list[str]
    surnames: dict[str, PersonRef] = field(default_factory=dict)  # unique surnames: "Mayor Adams", "Fish:"


def resolve(meeting: Meeting, registry: Registry) -> ResolvedMeeting:
    """Resolve participants, their organisations and every speaker/owner label of the meeting."""
    people, warnings = _people(meeting.participants, slugify(meeting.board_acronym or meeting.board_name))
    affiliations = [resolve_organisation(p.organisation, registry) if p.organisation else None
                    for p in meeting.participants]
    labels = _labels(meeting, people)
    return ResolvedMeeting(meeting=meeting, people=people, affiliations=affiliations, labels=labels,
                           warnings=warnings, surnames=_surnames(people))


def _people(participants: list[Participant], board: str) -> tuple[list[PersonRef], list[str]]:
    """One PersonRef per participant; two participants with the same name get different slugs.

    A full name is one person across meetings and boards. A single printed name ("Dan") is too weak
    for that: it is one person within the board only (slug "dan-tag")."""
    people, seen, warnings = [], {}, []
    for participant in participants:
        name, rules = correct_name(participant.name)
        slug = slugify(name)
        if " " not in name:
            slug = f"{slug}-{board}"
            rules.append("single-name-within-board")
        if slug in seen:
            seen[slug] += 1
            warnings.append(f"two participants are both named {name!r}; kept apart as different people")
            slug = f"{slug}-{seen[slug]}"
        else:
            seen[slug] = 1
        people.append(PersonRef(slug=slug, name=name, printed=participant.name, rules=tuple(rules)))
    return people, warnings


def _labels(meeting: Meeting, people: list[PersonRef]) -> dict[str, PersonRef]:
    """Label -> person: full names, printed initials, then initials or first names that fit exactly one
    participant (an ambiguous label names nobody and stays unresolved)."""
    labels: dict[str, PersonRef] = {}
    by_name = _unique_by(people, lambda p: p.name.lower())
    labels.update(_unique_by(people, lambda p: p.name))
    labels.update(_unique_by(people, lambda p: p.printed))
    for participant, person in zip(meeting.participants, people):
        if participant.role == "chair":
            labels.setdefault("The Chair", person)
            labels.setdefault("the Chair", person)
    for initials, printed_name in meeting.initials.items():
        person = by_name.get(correct_name(printed_name)[0].lower())
        if person is not None:
            labels[initials] = person
    for initials, person in _unique_by(people, lambda p: initials_of(p.name)).items():
        labels.setdefault(initials, person)
    surnames = {p.name.split()[-1] for p in people if len(p.name.split()) > 1}
    for first_name, person in _unique_by([p for p in people if len(p.name.split()) > 1],
                                         lambda p: p.name.split()[0]).items():
        if first_name not in surnames:  # "Judith noted ..." when one participant, and no surname, is Judith
            labels.setdefault(first_name, person)
    return labels


def _surnames(people: list[PersonRef]) -> dict[str, PersonRef]:
    """Surnames that name exactly one participant and are nobody's first name."""
    first_names = {p.name.split()[0] for p in people if len(p.name.split()) > 1}
    unique = _unique_by([p for p in people if len(p.name.split()) > 1], lambda p: p.name.split()[-1])
    return {surname: person for surname, person in unique.items() if surname not in first_names}


def _unique_by(people: list[PersonRef], key: Callable[[PersonRef], str]) -> dict[str, PersonRef]:
    """key -> person, for keys that exactly one participant has (shared keys name nobody)."""
    groups: dict[str, list[PersonRef]] = {}
    for person in people:
        groups.setdefault(key(person), []).append(person)
    return {k: group[0] for k, group in groups.items() if len(group) == 1}


def resolve_organisation(printed: str, registry: Registry) -> OrgRef:
    """'Citizens Advice (CA)' -> Citizens Advice; 'DWP Digital, Data Science' -> DWP Digital;
    'DWP Strategy UC Analysts' -> a new organisation within DWP; anything else -> new, as printed."""
    printed = printed.strip()
    without_parens = re.sub(r"\s*\([^)]*\)", "", printed).strip()
    acronyms = re.findall(r"\(([^)]*)\)", printed)
    candidates = [printed, without_parens, *acronyms, *[part.strip() for part in without_parens.split(",")]]
    for candidate in candidates:
        known = registry.organisation_by_key.get(normalise_label(candidate))
        if known is not None:
            return OrgRef(label=known.label, printed=printed, iri=known.iri, language=known.language)
    first_word = without_parens.split()[0] if without_parens.split() else ""
    parent = registry.organisation_by_key.get(normalise_label(first_word)) if _is_acronym(first_word) else None
    return OrgRef(label=without_parens or printed, printed=printed, slug=slugify(without_parens or printed),
                  parent_iri=parent.iri if parent else None)


def mentions_in(text: str, resolved: ResolvedMeeting, registry: Registry,
                exclude: PersonRef | None = None) -> Mentions:
    """Topics, organisations and people a piece of text mentions (the board's own name ignored)."""
    text = _blank_out(text, resolved.meeting.board_name)
    found = Mentions()
    for iri, _, _ in registry.topics.find(text):
        if iri not in found.topics:
            found.topics.append(iri)
    seen_orgs: set[str] = set()
    for iri, start, end in registry.organisations_in_text.find(text):
        if iri not in seen_orgs:
            seen_orgs.add(iri)
            known = registry.organisation_by_iri[iri]
            found.organisations.append(OrgRef(label=known.label, printed=text[start:end], iri=iri,
                                              language=known.language))
    words = set(_WORD.findall(text))
    for label, person in resolved.labels.items():
        if person is exclude or person in found.people or label in {"The Chair", "the Chair"}:
            continue
        if _could_name(label, words) and _label_pattern(label).search(text):
            found.people.append(person)
    return found


_WORD = re.compile(r"\w+")


def _could_name(label: str, words: set[str]) -> bool:
    """False when LABEL cannot occur in a text whose maximal word runs are WORDS: a label that starts
    with a word and stands alone in the text (the pattern below) has that word as a whole run."""
    first = _WORD.match(label)
    return first is None or first.group(0) in words


@lru_cache(maxsize=4096)
def _label_pattern(label: str) -> re.Pattern[str]:
    """LABEL as printed, not part of a longer word or hyphenated name."""
    return re.compile(rf"(?<![\w-]){re.escape(label)}(?![\w-])")


def _blank_out(text: str, phrase: str) -> str:
    """Replace a phrase by spaces (same length), so its words are not read as topics."""
    if not phrase:
        return text
    return re.sub(re.escape(phrase), lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)


def person_for(label: str | None, resolved: ResolvedMeeting) -> PersonRef | None:
    """The participant a printed label names, or None when it names nobody at the meeting."""
    if label is None:
        return None
    found = resolved.labels.get(label)
    if found is not None:
        return found
    name, _ = correct_name(label)
    if " " not in name and name not in resolved.labels:
        return resolved.surnames.get(name)  # "Mayor Adams", "Fish:" when one participant has that surname
    if name in resolved.labels:
        return resolved.labels[name]
    longer = {p.slug: p for p in resolved.people if p.name.startswith(name + " ")}
    return next(iter(longer.values())) if len(longer) == 1 else None  # "Martin Holst" of "Martin Holst Swende"


def span_text(resolved: ResolvedMeeting, span: Span) -> str:
    """The document text of a span."""
    return resolved.meeting.source.quote(span)
