"""graph/resolve.py: people, organisations and topics resolved from what the minutes print."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.namespaces import DEFAULT_BASE
from graph.resolve import (correct_name, load_registry, mentions_in, normalise_label, person_for, resolve,
                           resolve_organisation, slugify)

ORG = DEFAULT_BASE + "org/"
TOPIC = DEFAULT_BASE + "topic/"


@pytest.fixture(scope="module")
def registry():
    return load_registry(DEFAULT_BASE)


@pytest.fixture(scope="module")
def resolved(wstb_meeting, registry):
    return resolve(wstb_meeting, registry)


@pytest.mark.parametrize("printed, name, rules", [
    ("lain Wright", "Iain Wright", ["ocr-l-for-I"]),
    ("Iain Wright", "Iain Wright", []),
    ("Dr Ann  Lee", "Ann Lee", ["title-dropped"]),
    ("Sir Keir Starmer MP", "Keir Starmer", ["title-dropped"]),
    ("Lloyd Evans", "Lloyd Evans", []),
])
def test_correct_name(printed, name, rules):
    assert correct_name(printed) == (name, rules)


def test_slugify_and_normalise_label():
    assert slugify("Charlie Boundy") == "charlie-boundy"
    assert slugify("Chloë O'Brien") == "chloe-o-brien"
    assert normalise_label("Information Commissioner\u2019s Office") == normalise_label(
        "Information Commissioners Office")
    assert normalise_label("The Fraud & Error team") == "fraud and error team"


def test_people_get_corrected_names_and_keep_printed_forms(resolved):
    by_printed = {p.printed: p for p in resolved.people}
    iain = by_printed["lain Wright"]
    assert (iain.slug, iain.name, iain.rules) == ("iain-wright", "Iain Wright", ("ocr-l-for-I",))
    assert by_printed["Charlie Boundy"].slug == "charlie-boundy"


def test_labels_resolve_to_participants_but_kg_names_nobody(resolved):
    assert person_for("CB", resolved).name == "Charlie Boundy"
    assert person_for("IW", resolved).name == "Iain Wright"
    assert person_for("lain Wright", resolved).name == "Iain Wright"
    assert person_for("GK", resolved).name == "Gemma Kirk"
    assert person_for("KG", resolved) is None  # never silently mapped to Gemma Kirk (GK)
    assert person_for("The Chair", resolved).name == "Charlie Boundy"


def test_attendee_organisations(resolved, registry):
    found = {p.name: (o.label, o.iri is not None, o.parent_iri) for p, o in
             zip(resolved.people, resolved.affiliations)}
    assert found["Rachel Remedios"][:2] == ("Citizens Advice", True)
    assert found["Judith Jones"][:2] == ("Information Commissioner's Office", True)
    assert found["Natalie Jones"][:2] == ("Economic and Social Research Council", True)
    assert found["Charlie Boundy"][:2] == ("DWP Digital", True)
    assert found["Nick Halliday"][:2] == ("Cabinet Office", True)
    assert found["Rick Wright"][:2] == ("Employment Related Services Association", True)
    assert found["Julie Hewitt"][:2] == ("Equifax", True)
    label, known, parent = found["Iain Wright"]
    assert (label, known) == ("DWP Strategy UC Analysts", False)
    assert parent == resolve_organisation("DWP", registry).iri  # a group within DWP


def test_unknown_organisation_is_created_as_printed(registry):
    organisation = resolve_organisation("Friends of the Lake (FOTL)", registry)
    assert (organisation.iri, organisation.label, organisation.slug) == (None, "Friends of the Lake",
                                                                         "friends-of-the-lake")


def test_topics_and_mentions_in_text(resolved, registry):
    found = mentions_in("Judith Jones (JJ) commented on the General Data Protection Regulations (GDPR) & "
                        "forthcoming Data Protection Bill, with increased attention to privacy. GK to contact RR; "
                        "the ICO and HMT agreed.", resolved, registry)
    assert {TOPIC + "gdpr", TOPIC + "data-protection-bill", TOPIC + "privacy"} <= set(found.topics)
    labels = {o.label for o in found.organisations}
    assert {"Information Commissioner's Office", "HM Treasury"} <= labels
    assert {p.name for p in found.people} == {"Judith Jones", "Gemma Kirk", "Rachel Remedios"}


def test_the_boards_own_name_is_not_a_topic(resolved, registry):
    found = mentions_in("Future Welfare Sector Transparency Board meeting dates", resolved, registry)
    assert found.topics == []


def _meeting_with(*names: str, initials: dict[str, str] | None = None):
    from graph.model import Meeting, Participant, SourceText, Span
    import datetime as dt
    source = SourceText(name="t.txt", media_type="text/plain", sha256="0" * 64, text="x")
    return Meeting(source=source, board_name="Test Board", board_acronym=None, title="Test", date=dt.date(2020, 1, 1),
                   start_time=None, end_time=None,
                   participants=[Participant(name=n, role="member", organisation=None, span=Span(0, 1)) for n in names],
                   agenda_items=[], initials=initials or {})


def test_first_names_and_titled_surnames_resolve_only_when_unique(registry):
    resolved = resolve(_meeting_with("Judith Paget", "Andrew Goodall", "Andrew Slade", "Sam Adams",
                                     "Nick Fish", "Amanda Fish", "Paget Brown"), registry)
    assert person_for("Judith", resolved).name == "Judith Paget"
    assert person_for("Andrew", resolved) is None  # two Andrews: never guessed
    assert person_for("Mayor Adams", resolved).name == "Sam Adams"
    assert person_for("Adams", resolved).name == "Sam Adams"  # one participant has that surname
    assert person_for("Fish", resolved) is None  # two Fishes
    assert person_for("Paget", resolved) is None  # Judith Paget's surname, Paget Brown's first name
    assert person_for("Commissioner Goodall", resolved).name == "Andrew Goodall"
    longer = resolve(_meeting_with("Martin Holst Swende", "Martin Holst Jones", "Tim Beiko Smith"), registry)
    assert person_for("Tim Beiko", longer).name == "Tim Beiko Smith"  # the start of one participant's name
    assert person_for("Martin Holst", longer) is None  # the start of two


def test_same_name_twice_in_one_document_is_two_people(registry):
    resolved = resolve(_meeting_with("John Smith", "John Smith"), registry)
    assert [p.slug for p in resolved.people] == ["john-smith", "john-smith-2"]
    assert resolved.warnings and "kept apart" in resolved.warnings[0]
    assert person_for("John Smith", resolved) is None  # which one spoke is unknown: never guessed
    assert person_for("JS", resolved) is None


def test_label_matcher_plurals_acronyms_and_longest_match():
    from graph.resolve import LabelMatcher
    matcher = LabelMatcher.build({"data visualisation": "viz", "visualisation": "v", "API": "api",
                                  "open data": "od", "data": "d", "Freedom of Information": "foi"})
    text = "Visualisations and data visualisations; the APIs, an api, open data & Freedom-of-Information."
    found = [(iri, text[s:e]) for iri, s, e in matcher.find(text)]
    assert found == [("v", "Visualisations"), ("viz", "data visualisations"), ("api", "APIs"),
                     ("od", "open data"), ("foi", "Freedom-of-Information")]


def test_a_single_printed_name_is_one_person_within_its_board_only(registry):
    resolved = resolve(_meeting_with("Dan", "Sangwhan Moon"), registry)  # board "Test Board"
    assert [p.slug for p in resolved.people] == ["dan-test-board", "sangwhan-moon"]
    assert "single-name-within-board" in resolved.people[0].rules
    assert person_for("Dan", resolved).slug == "dan-test-board"


def _people_by_plain_search(text: str, resolved) -> list[str]:
    """Who mentions_in must find: every label searched for on its own (the rule, without its shortcuts)."""
    import re
    found: list[str] = []
    for label, person in resolved.labels.items():
        if label not in {"The Chair", "the Chair"} and person.name not in found and \
                re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text):
            found.append(person.name)
    return found


_FRAGMENTS = ["Seán O'Neill", "O'Neill", "SO", "Jean-Luc Picard", "Picard", "JP", "Ann Lee", "Ann", "AL", "Leeds",
              "Anne", "-", "'", "(", ")", " ", ", ", ". ", "x", "Jean", "Luc", "ÅL", "Åsa Lind", "1", "_"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12))
def test_people_mentioned_are_those_a_plain_search_for_each_label_finds(registry, parts):
    resolved = resolve(_meeting_with("Seán O'Neill", "Jean-Luc Picard", "Ann Lee", "Åsa Lind"), registry)
    text = "".join(parts)
    assert [p.name for p in mentions_in(text, resolved, registry).people] == _people_by_plain_search(text, resolved)
