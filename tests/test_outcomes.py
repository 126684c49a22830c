"""Action points and decisions (graph/layout/outcomes.py, read through parse_item_body) in every document of
the real corpus, and in small minutes the tests write in each layout.

The corpus tests read one synthetic agenda item spanning the minutes' body, so that they do not depend on how
graph/layout/items.py cuts a document into items; tests/test_body.py checks the same documents end to end."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.layout.body import parse_item_body
from graph.layout.outcomes import outcome_of, votes_in
from graph.layout.speech import known_labels
from graph.model import AgendaItem, Participant, Span

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _item(text: str, start: str | None = None, end: str | None = None, title: str = "Minutes",
          people: tuple[str, ...] = (), prefix: str = "") -> AgendaItem:
    """One agenda item covering the text from `start` (up to `end`), read with the given attendees."""
    begin = text.index(start) if start else 0
    stop = text.index(end, begin) if end else len(text.rstrip())
    item = AgendaItem("1", title, 1, Span(begin, begin), Span(begin, stop))
    participants = [Participant(name, "member", None, Span(0, 0)) for name in people]
    parse_item_body(text, item, known_labels(participants, {}), unnumbered_prefix=prefix)
    return item


def _corpus(name: str, start: str, end: str | None = None, **kwargs) -> AgendaItem:
    return _item((CORPUS / name).read_text(encoding="utf-8"), start, end, **kwargs)


def _actions(item: AgendaItem) -> set[tuple[str, tuple[str, ...], str]]:
    return {(a.notation, tuple(a.owner_labels), a.description) for a in item.action_points}


def _decisions(item: AgendaItem) -> list[tuple[str, str, int | None]]:
    return [(d.outcome, d.text, d.votes_for) for d in item.decisions]


def _assert_decisions(item: AgendaItem, expected: list[tuple[str, str, int | None]]) -> None:
    """The item's decisions, in order: outcome, the opening of the text, votes for."""
    found = _decisions(item)
    assert len(found) == len(expected), found
    for (outcome, text, votes), (want_outcome, opening, want_votes) in zip(found, expected):
        assert (outcome, votes) == (want_outcome, want_votes) and text.startswith(opening), (outcome, text, votes)


# --- the corpus, document by document ---------------------------------------------------------------

def test_wstb_numbered_action_points_and_the_boards_decisions():
    item = _corpus("wstb-2017-06-29.txt", "Agenda item 1", "Welfare Sector Transparency Board\n\nWelfare")
    assert _actions(item) == {
        ("44", ("GH",), "Gillian Hall (GH) is involved in this testing on behalf of DWP"),
        ("45", ("NH",), "NH offered to provide links to the relevant page on data.gov.uk"),
        ("46", ("GK",), "GK to contact RR with further information"),
        ("47", ("NH",), "NH to provide slides for members"),
    }
    _assert_decisions(item, [("agreed", "Consensus among board members was that the layered approach is good", None),
                             ("agreed", "it was suggested and agreed that the next should be held", None)])
    assert not any("KG suggested" in text for _, text, _ in _decisions(item))  # a suggestion, not a decision


def test_asf_possible_action_items_and_no_decision():
    item = _corpus("asf-board-2017-06-15.txt", "5. Discussion Items")
    assert _actions(item) == {
        ("1.1", (), "Develop a new member onboarding process with expectations"),
        ("1.2", (), "Provide active mentoring for new projects"),
        ("1.3", (), "Communicate the option for directed sponsorships to PMCs"),
        ("1.4", (), "Increase sponsorship fees after giving current sponsors the opportunity to renew at current "
                    "levels"),
        ("1.5", (), "Take TAC out of budget and make it a sponsored project"),
        ("1.6", (), "Improve sponsor renewal process"),
    }
    assert item.decisions == []  # "the board has already approved the concept" is Ross and Kevin speaking


def test_ethereum_decision_and_action_tables():
    item = _corpus("ethereum-acd-108-2021-03-19.txt", "## Decisions Made", "## Attendees")
    assert _actions(item) == {
        ("108.1", (), "Promote Rinkeby access lists to community."),
        ("108.2", (), "Clear up the argument that EIP-1559 needs EIP-3403 alongside for security reasons."),
        ("108.3", (), "Create an official EIP for EIP-3403"),
        ("108.4", (), "Formalize The Merge spec for ETH1 clients"),
    }
    _assert_decisions(item, [("rejected", "EIP-3322 rejected for London.", None),
                             ("rejected", "EIP-3368 rejected for London.", None),
                             ("rejected", "EIP-3382 will not go alongside EIP-1559 in London", None)])


def test_nodejs_action_line_request_and_vote_without_objection():
    item = _corpus("nodejs-ctc-2015-10-21.txt", "## Minutes", "## Next Meeting")
    assert _actions(item) == {
        ("1.1", ("Shigeki", "Fedor"), "Shigeki and Fedor were asked to look at "
                                      "[#3406](https://github.com/nodejs/node/issues/3406) - \u201cp1/p2\u201d issue"),
        ("1.2", ("Jeremiah",), "Jeremiah to schedule and run another onaboarding"),
        ("1.3", ("Chris",), "Chris to tune in"),
    }
    _assert_decisions(item, [("agreed", "Quick vote on whether to move forward with the PR in its current form, "
                                        "no objections.", None)])


PDX_DECISIONS = [
    ("approved", "Item Nos. 47 and 51 were pulled for discussion and on a Y-5 roll call", 5),
    ("noted", "38 Request of Joe Rastatter", None), ("noted", "39 Request of Dixie Johnston", None),
    ("noted", "40 Request of Mary Ann Schwab", None), ("approved", "41 Appoint Alison Stoll", 5),
    ("approved", "*42 Accept and appropriate a grant", 5), ("approved", "*43 Authorize a $285,000 grant", 5),
    ("approved", "*44 Amend contract with ShoreBank", 5), ("deferred", "45 Adopt a Waste Reduction Program", None),
    ("approved", "*46 Accept a grant in the amount of $304,400", 5),
    ("deferred", "*47 Authorize Intergovernmental Agreement with TriMet", None),
    ("approved", "48 Call for bids", 5), ("approved", "49 Accept a grant in the amount of $98,000", 5),
    ("approved", "*50 Pay claim of Mara Woloshin", 5), ("deferred", "*51 Amend contract with Triad", None),
    ("approved", "*52 Authorize a non-exclusive natural gas", 5), ("approved", "53 Authorize Lease Agreement", 5),
    ("approved", "54 Authorize funding agreement", 5), ("approved", "55 Authorize Portland Parks", 5),
    ("deferred", "S-56 Accept a grant in the amount of $2,445,563", 5),
    ("approved", "57 Accept the Report on the 2011 Federal Legislative Agenda", 5),
    ("approved", "*58 Award a five year contract", 5), ("approved", "59 Amend Private For-Hire", 5),
    ("approved", "60 Authorize water revenue bonds", 5), ("approved", "*61 Authorize franchise fee settlement", 5),
]


def test_pdx_disposition_list_with_roll_call_votes():
    item = _corpus("pdx-city-council-2011-01-12.txt", "Item Nos. 47")
    _assert_decisions(item, PDX_DECISIONS)
    assert item.decisions[2].text == ("39 Request of Dixie Johnston to address Council regarding Portland Plan: "
                                      "Comp Plan and citizen involvement (Communication) PLACED ON FILE")
    assert item.decisions[6].text.endswith("(Ordinance) (Y-5) 184350")  # across the page break
    assert item.action_points == []


def test_rust_conclusions_and_action_items():
    item = _corpus("rust-leadership-council-2023-10-27.txt", "## Minutes",
                   people=("Carol", "Eric Huss", "Eric Holk", "JP", "Mara", "Jack", "JoshG", "Ryan", "Mark"))
    assert _actions(item) == {
        ("1.1", ("Mara",), "Mara to propose updates to Twitter guidelines in Rust Forge. "
                           "https://forge.rust-lang.org/platforms/twitter.html"),
        ("1.2", ("Josh",), "Josh to draft email to all@"),
        ("1.3", ("Mark",), "Mark to send out invites with Meet link"),
        ("1.4", ("Jack",), "I'll update the doc to mention difference between observers and invited attendees, "
                           "observer involvement is up to the council"),
        ("1.5", ("Jack",), "Jack to update PR and try to close this out by next meeting"),
        ("1.6", ("Jack",), "Jack to discuss with Mark and make a proposal for another round of approval"),
        ("1.7", ("Carol",), "Carol to create Zulip threads for remaining items"),
    }
    _assert_decisions(item, [
        ("agreed", "Did not record, by consent", None),
        ("resolved", "Everyone to read doc and approve in public Zulip poll", None),
        ("resolved", "Meet this time, every two weeks, no meetings during DST weirdness, Mark to send out", None),
        ("resolved", "Eric Huss and bstrie are co-leads, open to other members joining.", None)])


def test_tc39_housekeeping_and_conclusion_sections():
    item = _corpus("tc39-plenary-2020-06-01.txt", "## Housekeeping")
    assert _actions(item) == {("1.1", ("KG",), "KG will draft the spec before advancing")}
    _assert_decisions(item, [
        ("approved", "Adopted", None), ("approved", "Approved", None),
        ("agreed", "Consensus on: ecma402#430: https://github.com/tc39/ecma402/pull/430 ecma402#438", None),
        ("resolved", "Stage 2 Reviewers: WH, KG, and SYG.", None),
        ("resolved", "Tentatively ok to go forward w/ named evaluation", None),
        ("deferred", "Feedback given; no approach has consensus yet.", None),
        ("deferred", "Not advancing yet to Stage 2", None),
        ("resolved", "Pattern Matching group will include discussions on the interactions with do expressions", None)])


def test_uk_local_public_data_panel_excerpt_organisation_owner():
    item = _corpus("uk-local-public-data-panel-2011-07-19.txt", "Item 1:")
    assert _actions(item) == {("1.1", ("DCLG",), "DCLG to clarify position on possible use of DUNS numbers")}
    assert item.action_points[0].owner_label == "DCLG"
    _assert_decisions(item, [("agreed", "Minutes of the 23rd March 2011 meeting were agreed.", None)])


def test_uk_transparency_board_excerpt_note_agreed():
    item = _corpus("uk-pstb-2011-05-19.txt", "Welcome and Introductions")
    assert item.action_points == []
    _assert_decisions(item, [("agreed", "The note of the previous meeting was agreed.", None)])


def test_w3c_tag_actions_and_deferrals():
    item = _corpus("w3c-tag-telcon-2018-03-20.txt", "(Dan giving")
    assert _actions(item) == {
        ("1.1", ("Sangwhan",), "Sangwhan to comb through the discussion and while issues on whatwg/html"),
        ("1.2", ("Travis",), "Travis to finish and share"),
        ("1.3", ("Travis", "Sangwhan"), "Travis and Sangwhan to take a first pass review, possibly revisit during F2F"),
        ("1.4", (), "As noted above"),
        ("1.5", ("Travis",), "Travis to clean-up and follow-up on this"),
        ("1.6", ("Sangwhan",), "Sangwhan to set reminder and follow-up"),
        ("1.7", ("Travis",), "Travis to follow-up"),
        ("1.8", ("Dan", "Travis", "Sangwhan"), "Dan, Travis, Sangwhan to do a first pass review on this. "
                                               "To be discussed after the F2F"),
    }
    _assert_decisions(item, [("deferred", text, None) for text in (
        "Bumped to next teleconference.", "Revisit during F2F.", "Punt for two weeks. Face to face.",
        "Revisit next week.", "(Alex is having connectivity issues. To be revisited.)", "Revisit next week.",
        "Revisit during F2F.", "Discuss during F2F after second pass review.", "(Missing reviewers, punt)",
        "(Missing reviewer, punt)", "(Missing reviewer, punt)", "Revisit next week.", "(Missing reviewer, punt)")])


def test_welsh_government_board_excerpt_minutes_agreed_and_board_noted():
    item = _corpus("welsh-gov-board-2025-01-24.txt", "1. Welcome")
    assert item.action_points == []
    _assert_decisions(item, [("agreed", "The minutes of 13 December were agreed subject to minor amendment.", None),
                             ("noted", "The Board noted discussions at Shadow Board on the impact", None)])


# --- action points in each layout ----------------------------------------------------------------

def test_unnumbered_actions_get_a_notation_from_the_meeting_and_item():
    item = _item("ACTION: Travis to finish and share.\n\nACTION: Dan to review.\n", prefix="2018-03-20/")
    assert [a.notation for a in item.action_points] == ["2018-03-20/1.1", "2018-03-20/1.2"]


def test_action_label_followed_by_a_bullet_list_with_an_organisation_as_owner():
    item = _item("Action:\n- DCLG to clarify position on possible use of DUNS numbers.\n"
                 "- Cabinet Office to publish the register\nNext heading\n")
    assert [(a.owner_label, a.description) for a in item.action_points] == [
        ("DCLG", "DCLG to clarify position on possible use of DUNS numbers"),
        ("Cabinet Office", "Cabinet Office to publish the register")]


def test_numbered_action_points_in_text_and_as_labels():
    item = _item("GK to contact RR with further information (**Action Point 46**).\n\n"
                 "AP 3: Jane to circulate the paper.\n\nAction Point 12 - RC/CJ/TJ to draft the terms.\n",
                 people=("Gemma Kirk", "Rachel Remedios"))
    assert {(a.notation, tuple(a.owner_labels)) for a in item.action_points} == {
        ("46", ("GK",)), ("3", ("Jane",)), ("12", ("RC", "CJ", "TJ"))}


def test_at_name_tasks_and_several_owners():
    item = _item("@rvagg: pursue the build infrastructure donation\n\n"
                 "* Action: Jeremiah to schedule another onboarding, Chris to tune in.\n")
    assert [(a.owner_labels, a.description) for a in item.action_points] == [
        (["rvagg"], "@rvagg: pursue the build infrastructure donation"),
        (["Jeremiah"], "Jeremiah to schedule another onboarding"), (["Chris"], "Chris to tune in")]


def test_action_table_with_owners_due_dates_and_status():
    item = _item("| No. | Action | Owner | Due | Status |\n|---|---|---|---|---|\n"
                 "| 12 | Circulate the revised terms of reference | RC/CJ/TJ | 1 May 2024 | Open |\n"
                 "| 13 | Publish the register | Cabinet Office | | Complete |\n")
    first, second = item.action_points
    assert (first.notation, first.owner_label, first.owner_labels, str(first.due), first.status) == (
        "12", "RC", ["RC", "CJ", "TJ"], "2024-05-01", "open")
    assert (second.notation, second.owner_labels, second.status, second.description) == (
        "13", ["Cabinet Office"], "completed", "Publish the register")


def test_review_of_outstanding_actions_updates_earlier_actions():
    item = _item("Review of outstanding actions\n\nAP 44: GH testing data.gov.uk - completed.\n"
                 "Action 45 - links provided to members. Closed.\n46 - ongoing\n"
                 "Action Point 47: dropped, no longer required.\n\nAgenda item 2\n\nAction: NH to send slides.\n")
    reviewed = [(a.notation, a.status) for a in item.action_points if a.reviewed]
    assert reviewed == [("44", "completed"), ("45", "completed"), ("46", "open"), ("47", "dropped")]
    new = [a for a in item.action_points if not a.reviewed]
    assert [(a.notation, a.owner_label) for a in new] == [("1.1", "NH")]


def test_an_item_titled_review_of_actions_is_a_review_as_a_whole():
    item = _item("| No. | Action | Owner | Status |\n| 44 | Test data.gov.uk | GH | Done |\n"
                 "| | Agree the next date | CB | |\n", title="Review Outstanding Action Items")
    assert [(a.notation, a.reviewed, a.status, a.owner_label) for a in item.action_points] == [
        ("44", True, "completed", "GH"), ("1.1", False, "open", "CB")]  # only a number refers to an earlier action


# --- decisions in each layout --------------------------------------------------------------------

@pytest.mark.parametrize("sentence, outcome", [
    ("It was agreed that the next meeting would be in May.", "agreed"),
    ("The board agreed to publish flood data monthly.", "agreed"),
    ("The minutes of the last meeting were approved.", "approved"),
    ("APPROVED", "approved"),
    ("NOTED.", "noted"),
    ("RESOLVED, that the Treasurer be authorised to open an account.", "resolved"),
    ("Special Order 7A, Establish the Apache Foo Project, was approved by Unanimous Vote of the directors present.",
     "approved"),
    ("The Board noted the risk register.", "noted"),
    ("The proposal was rejected.", "rejected"),
    ("It was agreed to defer the item to the next meeting.", "deferred"),
    ("Quick vote on the PR in its current form, no objections.", "agreed"),
])
def test_sentences_that_record_a_decision(sentence, outcome):
    item = _item(sentence + "\n")
    assert _decisions(item) == [(outcome, sentence, None)]


def test_a_members_suggestion_is_a_statement_not_a_decision():
    item = _item("KG suggested that we build in an agreement of the minutes.\n")
    assert item.decisions == [] and [s.speech_act for s in item.statements] == ["suggestion"]


def test_votes_printed_with_a_decision():
    item = _item("The motion to adopt the budget carried. Yeas: Fish, Fritz, Saltzman. Nays: Leonard. "
                 "Abstain: Adams.\n\n41 Appoint Alison Stoll to the committee (Report) (Y-4 N-1) CONFIRMED\n")
    assert [(d.outcome, d.votes_for, d.votes_against, d.abstentions) for d in item.decisions] == [
        ("approved", 3, 1, 1), ("approved", 4, 1, None)]


@pytest.mark.parametrize("printed, votes", [
    ("(Y-5) 184349", (5, None, None)), ("(Y-4; N-1 Fritz)", (4, 1, None)), ("on a Y-5 roll call", (5, None, None)),
    ("Yeas: 5 Nays: 0 Abstain: 1", (5, 0, 1)), ("carried 5 in favour, 1 against, 2 abstentions", (5, 1, 2)),
    ("carried by a vote of 5 to 2", (5, 2, None)), ("approved by Unanimous Vote", (None, None, None)),
])
def test_vote_counts(printed, votes):
    assert votes_in(printed) == votes


def test_conclusion_sections_split_into_decisions_and_owned_tasks():
    item = _item("### Conclusion/Resolution\n\n* Not advancing yet to Stage 2\n* KG will draft the spec\n"
                 "* Consensus on the name\n\n## Next topic\n\n- **Conclusion**: Meet every two weeks, "
                 "Mark to send out invites.\n")
    assert _decisions(item) == [("deferred", "Not advancing yet to Stage 2", None),
                                ("agreed", "Consensus on the name", None),
                                ("resolved", "Meet every two weeks, Mark to send out invites.", None)]
    assert [(a.owner_label, a.description) for a in item.action_points] == [
        ("KG", "KG will draft the spec"), ("Mark", "Mark to send out invites")]


def test_disposition_when_the_items_heading_holds_number_and_title():
    text = "57 Accept the Report (Report)  Motion to accept: Moved by Mayor Adams.  (Y-5)  (Y-5) ACCEPTED AS AMENDED\n"
    heading_end = text.index("  Motion")
    item = AgendaItem("57", "Accept the Report", 1, Span(0, heading_end), Span(heading_end, len(text)))
    parse_item_body(text, item, set())
    assert _decisions(item) == [("approved", "Accept the Report Motion to accept: Moved by Mayor Adams. (Y-5) (Y-5) "
                                             "ACCEPTED AS AMENDED", 5)]


@pytest.mark.parametrize("text, outcome", [
    ("PLACED ON FILE", "noted"), ("REFERRED TO COMMISSIONER OF PUBLIC WORKS", "deferred"),
    ("PASSED TO SECOND READING JANUARY 19, 2011", "deferred"), ("EIP-3368 rejected for London.", "rejected"),
    ("EIP-3382 will not go alongside EIP-1559 in London", "rejected"), ("Bumped to next teleconference.", "deferred"),
    ("Feedback given; no approach has consensus yet.", "deferred"), ("Tentatively ok to go forward", "resolved"),
])
def test_outcome_words(text, outcome):
    assert outcome_of(text) == outcome
