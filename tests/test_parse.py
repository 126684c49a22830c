"""graph/parse.py on the real WSTB minutes and on minutes the tests write in the same layout."""
from __future__ import annotations

import datetime as dt

import pytest

from graph.model import SourceText
from graph.parse import ParseError, parse_minutes


def _source(text: str, name: str = "test.txt") -> SourceText:
    return SourceText(name=name, media_type="text/plain", sha256="0" * 64, text=text)


def _statements(meeting):
    return [(item.notation, s) for item in meeting.agenda_items for s in item.statements]


def test_header_board_date_and_times(wstb_meeting):
    assert wstb_meeting.board_name == "Welfare Sector Transparency Board"
    assert wstb_meeting.board_acronym == "WSTB"
    assert wstb_meeting.date == dt.date(2017, 6, 29)
    assert (wstb_meeting.start_time, wstb_meeting.end_time) == (dt.time(12, 15), dt.time(14, 15))


def test_attendance_table_roles_organisations_and_printed_initials(wstb_meeting):
    people = {(p.name, p.role, p.organisation, p.initials) for p in wstb_meeting.participants}
    assert people == {
        ("Charlie Boundy", "chair", "DWP Digital, Data Science", "CB"),
        ("Rachel Remedios", "member", "Citizens Advice (CA)", "RR"),
        ("Natalie Jones", "member", "Economic and Social Research Council (ESRC)", "NJ"),
        ("Keith Dugmore", "member", "Demographics User Group", "KD"),
        ("Judith Jones", "member", "Information Commissioners Office", "JJ"),
        ("Nick Halliday", "member", "Cabinet Office", "NH"),
        ("Tom Davies", "member", "DWP Digital", "TD"),
        ("lain Wright", "member", "DWP Strategy UC Analysts", "IW"),
        ("Gemma Kirk", "secretariat", "DWP Digital", "GK"),
        ("Gillian Hall", "secretariat", "DWP Digital", "GH"),
        ("Julie Hewitt", "apologies", "Equifax", None),
        ("Rick Wright", "apologies", "Employment Related Services Association (ERSA)", None),
    }
    for participant in wstb_meeting.participants:
        assert wstb_meeting.source.quote(participant.span).startswith(participant.name)


def test_organisations_written_as_name_and_acronym_are_not_people(wstb_meeting):
    assert "UC" not in wstb_meeting.initials  # "Universal Credit (UC)"
    assert "GDS" not in wstb_meeting.initials  # "Government Digital Services (GDS)"
    assert "CA" not in wstb_meeting.initials  # "Citizens Advice (CA)" in the attendee table


def test_agenda_items_in_order(wstb_meeting):
    items = [(i.notation, i.title, i.position) for i in wstb_meeting.agenda_items]
    assert items == [
        ("1", "Introduction and Welcome", 1),
        ("2", "Overview of the Government Data Programme, Cabinet Office", 2),
        ("3", "DWP Statistical Progress Update", 3),
        ("4", "Universal Credit (UC)", 4),
        ("5", "Data Science in DWP", 5),
        ("6", "Digital Economy Act (DEA) 2017", 6),
        ("AOB", "Any other business", 7),
    ]


def test_action_points_with_owner_label_item_and_text(wstb_meeting):
    actions = {(item.notation, a.notation, a.owner_label, a.description, a.status)
               for item in wstb_meeting.agenda_items for a in item.action_points}
    assert actions == {
        ("2", "44", "GH", "Gillian Hall (GH) is involved in this testing on behalf of DWP", "open"),
        ("2", "45", "NH", "NH offered to provide links to the relevant page on data.gov.uk", "open"),
        ("3", "46", "GK", "GK to contact RR with further information", "open"),
        ("6", "47", "NH", "NH to provide slides for members", "open"),
    }


@pytest.mark.parametrize("item, label, act, opening", [
    ("1", "CB", "welcome", "Charlie Boundy (CB) welcomed everyone"),
    ("1", "CB", "confirmation", "CB confirmed that the WSTB is not currently"),
    ("2", "NH", "update", "Nick Halliday (NH) gave an overview"),
    ("2", "NH", "explanation", "NH explained that the impact/effect"),
    ("2", "NH", "update", "NH outlined the growth of Government Digital Services"),
    ("2", "NH", "update", "NH highlighted a number of groups"),
    ("2", "KD", "comment", "Keith Dugmore (KD) commented that this would be of interest"),
    ("2", "NH", "update", "NH also outlined some of the work being done to improve data.gov.uk"),
    ("2", "NH", "offer", "NH offered to provide links"),
    ("3", "TD", "update", "Tom Davies (TD) provided an update"),
    ("3", "TD", "explanation", "TD explained that our dissemination framework"),
    ("3", "TD", "update", "TD outlined the importance of the data on Stat-Xplore"),
    ("3", "TD", "update", "TD also outlined the recent upgrades"),
    ("3", "GK", "demonstration", "The new data visualisations produced within the Statistical Services"),
    ("3", "KD", "comment", "KD commented that the visualisations would work well"),
    ("3", "NH", "comment", "NH commented that some thought should be given"),
    ("3", "TD", "explanation", "TD explained that users can still access Stat Xplore"),
    ("3", "RR", "comment", "Rachel Remedios (RR) commented that she/CAB"),
    ("4", "IW", "update", "lain Wright (IW) provided an update on Universal Credit"),
    ("4", "NJ", "question", "Natalie Jones (NJ) asked if the data platform links to Stat-Xplore"),
    ("4", "IW", "answer", "IW confirmed that it does not have an automated link"),
    ("5", "CB", "update", "Charlie Boundy (CB) provided an update on the work of the Data Science function"),
    ("5", "CB", "update", "CB also provided an update on the progress with DWP's Churchill tool"),
    ("5", "CB", "discussion", "CB discussed how it is maturing"),
    ("5", "CB", "confirmation", "CB also confirmed that a digital signing regime"),
    ("5", "KD", "comment", "KD commented on the importance of using data"),
    ("5", "JJ", "comment", "Judith Jones (JJ) commented on the General Data Protection Regulations"),
    ("6", "NH", "update", "NH provided a short overview of the Digital Economy Act 2017"),
    ("6", "NH", "comment", "He also mentioned that the key activity"),
    ("6", "JJ", "comment", "JJ commented that the ICO has followed"),
    ("AOB", "KG", "suggestion", "KG suggested that we build in an agreement"),
    ("AOB", "CB", "question", "CB asked the board for comments on the frequency of the meetings"),
])
def test_every_sentence_in_which_a_participant_acts_is_a_statement(wstb_meeting, item, label, act, opening):
    matches = [s for notation, s in _statements(wstb_meeting) if notation == item and s.text.startswith(opening)]
    assert len(matches) == 1, opening
    statement = matches[0]
    assert (statement.speaker_label, statement.speech_act) == (label, act)
    assert wstb_meeting.source.quote(statement.span).startswith(opening.replace("**", ""))


def test_statement_count_and_continuations(wstb_meeting):
    statements = _statements(wstb_meeting)
    assert len(statements) == 32
    update = next(s for n, s in statements if s.text.startswith("lain Wright (IW) provided"))
    assert "600,000 people are currently claiming UC" in update.text  # the update's details run on
    assert "Statistical publications of various data items are due" in update.text


def test_decisions_are_the_boards_not_a_members_suggestion(wstb_meeting):
    decisions = [(item.notation, d.outcome, d.text) for item in wstb_meeting.agenda_items for d in item.decisions]
    assert [(n, o) for n, o, _ in decisions] == [("3", "agreed"), ("AOB", "agreed")]
    assert decisions[0][2].startswith("Consensus among board members was that the layered approach is good")
    assert decisions[1][2].startswith("it was suggested and agreed that the next should be held in approximately "
                                      "four months time")
    assert "Oct/Nov 2017" in decisions[1][2]
    assert not any("KG suggested" in text for _, _, text in decisions)


def test_collective_sentences_are_left_unattributed(wstb_meeting):
    unattributed = [wstb_meeting.source.quote(span) for item in wstb_meeting.agenda_items
                    for span in item.unattributed]
    assert unattributed == [
        "The group introduced itself as there were some new members/representatives.",
        "Board members were interested in the work being done on Registers;",
        "The board discussed the balance between making data fully open and being able to measure usage so "
        "that useful improvements can be made.",
        "The board broadly discussed the ethical issues of balancing openness and transparency to improve "
        "society with privacy.",
    ]


WRITTEN = """Minutes
Title of Meeting:\tRiver Trust Data Board (RTDB)
Date:\tThursday 3rd March 2022\tTime:\t10.00 - 11.30

Agenda item 1 - Welcome

Dr Ann Lee (AL) welcomed members. Bob Stone (BS) asked about the budget.

AL explained that the budget is set; BS agreed to circulate the figures (Action Point 7).

Agenda item 2 - Flood data

XY suggested a new portal. The board agreed to publish flood data monthly.

AOB

None.

Attendees
Ann Lee (chair)\tRiver Trust
Bob Stone\tEnvironment Agency
Apologies
Cara Diaz\tRiver Trust
"""


def test_minutes_written_by_the_test_in_the_same_layout():
    meeting = parse_minutes(_source(WRITTEN))
    assert (meeting.board_name, meeting.board_acronym, meeting.date) == ("River Trust Data Board", "RTDB",
                                                                          dt.date(2022, 3, 3))
    assert (meeting.start_time, meeting.end_time) == (dt.time(10, 0), dt.time(11, 30))
    assert [(p.name, p.role, p.initials) for p in meeting.participants] == [
        ("Ann Lee", "chair", "AL"), ("Bob Stone", "member", "BS"), ("Cara Diaz", "apologies", None)]
    first, second, aob = meeting.agenda_items
    assert [(s.speaker_label, s.speech_act) for s in first.statements] == [
        ("AL", "welcome"), ("BS", "question"), ("AL", "explanation"), ("BS", "offer")]
    assert [(a.notation, a.owner_label) for a in first.action_points] == [("7", "BS")]
    assert [(s.speaker_label, s.speech_act) for s in second.statements] == [("XY", "suggestion")]
    assert [(d.outcome, d.text) for d in second.decisions] == [
        ("agreed", "The board agreed to publish flood data monthly.")]
    assert aob.notation == "AOB" and not aob.statements


def test_no_recognisable_date_is_a_one_line_error():
    with pytest.raises(ParseError) as caught:
        parse_minutes(_source("Minutes of the board\n\nAgenda item 1 - Welcome\n\nAll welcome.\n", "nodate.txt"))
    assert str(caught.value).startswith("nodate.txt: no recognisable meeting date")
    assert "\n" not in str(caught.value)


def test_a_dated_text_with_no_attendance_and_no_items_is_not_minutes():
    with pytest.raises(ParseError) as caught:
        parse_minutes(_source("| file | source |\n|---|---|\n| a.txt | https://example.org/2017-06-15 |\n",
                              "SOURCES.md"))
    assert str(caught.value).startswith("SOURCES.md: nothing here reads as minutes")


def test_text_before_the_first_item_is_kept_only_when_it_records_something():
    text = WRITTEN.replace("Agenda item 1 - Welcome\n", "Ann Lee (AL) opened the meeting.\n\nAgenda item 1 - Welcome\n")
    meeting = parse_minutes(_source(text))
    before = meeting.agenda_items[0]
    assert (before.notation, before.position, before.title) == ("before", 0, "Before the agenda")
    assert [(s.speaker_label, s.speech_act) for s in before.statements] == [("AL", "welcome")]
    assert [i.notation for i in parse_minutes(_source(WRITTEN)).agenda_items] == ["1", "2", "AOB"]
