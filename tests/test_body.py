"""graph/layout/body.py: how an agenda item's body is read (blocks apart, then sentence by sentence or turn by
turn), truncated excerpts, and every corpus document end to end through parse_minutes."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.layout.body import parse_item_body
from graph.layout.speech import known_labels
from graph.model import AgendaItem, SourceText, Span
from graph.parse import parse_minutes

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _read(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def _item(text: str, start: str | None = None, known: frozenset[str] = frozenset(), notation: str = "1",
          title: str = "Minutes", prefix: str = "") -> AgendaItem:
    begin = text.index(start) if start else 0
    item = AgendaItem(notation, title, 1, Span(begin, begin), Span(begin, len(text.rstrip())))
    parse_item_body(text, item, set(known), unnumbered_prefix=prefix)
    return item


# --- excerpts that stop mid-sentence still give everything they contain ------------------------------

def test_welsh_excerpt_ends_in_a_statement_cut_short():
    text = _read("welsh-gov-board-2025-01-24.txt")
    item = _item(text, "1. Welcome")
    last = item.statements[-1]
    assert (last.speaker_label, last.speech_act, last.text) == ("The Chair", "request", "The Chair invited An")
    assert text[last.span.start:last.span.end] == "2.1 The Chair invited An"  # the paragraph number is kept in the span


def test_transparency_board_excerpt_update_runs_to_the_cut():
    text = _read("uk-pstb-2011-05-19.txt")
    update = _item(text, "Welcome and Introductions").statements[0]
    assert update.text.startswith("The Minister of State for Policing and Criminal Justice provided an overview")
    assert "The Police.uk site would continue to be refined and developed" in update.text
    assert update.text.endswith("they are also") and update.span.end == len(text.rstrip())


def test_local_public_data_panel_excerpt_ends_unattributed():
    text = _read("uk-local-public-data-panel-2011-07-19.txt")
    item = _item(text, "Item 1:", known=frozenset({"Philip Worsfold"}))
    assert text[item.unattributed[-1].start:item.unattributed[-1].end] == "The LG Group had promoted use of"
    assert [(s.speaker_label, s.text) for s in item.statements] == [
        ("Philip Worsfold", "Philip Worsfold updated on progress against previous actions.")]  # not the VAT heading


# --- how a body is read ------------------------------------------------------------------------------

def test_every_fact_lies_in_the_body_and_quotes_the_document():
    text = _read("rust-leadership-council-2023-10-27.txt")
    item = _item(text, "## Minutes")
    facts = [*item.statements, *item.action_points, *item.decisions]
    assert all(item.body.start <= fact.span.start < fact.span.end <= item.body.end for fact in facts)
    for statement in item.statements:
        assert statement.text.replace(" ", "") in text[statement.span.start:statement.span.end].replace(" ", "")\
            .replace("\n", "").replace("*", "")


def test_blocks_read_apart_are_neither_statements_nor_unattributed():
    text = ("Carol: Any objections?\n- **Action items**:\n    - Josh to draft email to all@\n"
            "| Decision Item | Description |\n| **1** | EIP-3322 rejected. |\nMara: None.\n")
    item = _item(text)
    assert [(s.speaker_label, s.text) for s in item.statements] == [("Carol", "Any objections?"), ("Mara", "None.")]
    assert item.unattributed == []
    assert [a.description for a in item.action_points] == ["Josh to draft email to all@"]
    assert [(d.outcome, d.text) for d in item.decisions] == [("rejected", "EIP-3322 rejected.")]


def test_a_fact_does_not_run_on_over_a_block_read_apart():
    text = _read("pdx-city-council-2011-01-12.txt")
    consent = _item(text, "Item Nos. 47").decisions[0]
    assert consent.text.endswith("the balance of the Consent Agenda was adopted. Disposition: COMMUNICATIONS")


def test_a_heading_line_ends_the_statement_above_it():
    text = "Ann Lee (AL) gave an update on flooding.\nVAT/Fraud\nA consultation was on hold.\n"
    item = _item(text)
    assert [s.text for s in item.statements] == ["Ann Lee (AL) gave an update on flooding."]
    assert [text[u.start:u.end] for u in item.unattributed] == ["VAT/Fraud", "A consultation was on hold."]


def test_a_statement_runs_on_over_the_list_it_introduces_but_not_over_the_next_bullet_note():
    text = ("* **Rai** explained two questions:\n1. Is a write-up expected?\n2. When do we test?\n"
            "* Goerli validators did good.\n")
    item = _item(text)
    assert item.statements[0].text == "Rai explained two questions: 1. Is a write-up expected? 2. When do we test?"
    assert [text[u.start:u.end] for u in item.unattributed] == ["* Goerli validators did good."]


def test_unnumbered_actions_are_numbered_after_the_item_in_document_order():
    item = _item("Action: Dan to review.\n\nAP 7: Sam to write.\n\nACTION: Travis to share.\n", notation="AOB",
                 prefix="2018-03-20/")
    assert [a.notation for a in item.action_points] == ["2018-03-20/AOB.1", "7", "2018-03-20/AOB.2"]


# --- end to end: parse_minutes on every corpus document ----------------------------------------------
# These depend on the other parser stages: the agenda items (graph/layout/items.py) must cover the text that
# test_speech.py / test_outcomes.py read as one body, and the attendance (graph/layout/attendance.py) must give
# the names that make "Judith noted ..." or "Carol to ..." a statement or an action. Text before the first
# item or after the last (Ethereum's decision tables, Portland's transcript) is read as an item of its own.

_BODIES = {
    "asf-board-2017-06-15.txt": "5. Discussion Items", "ethereum-acd-108-2021-03-19.txt": "## Decisions Made",
    "nodejs-ctc-2015-10-21.txt": "## Minutes", "pdx-city-council-2011-01-12.txt": "Item Nos. 47",
    "rust-leadership-council-2023-10-27.txt": "## Minutes", "tc39-plenary-2020-06-01.txt": "## Housekeeping",
    "uk-local-public-data-panel-2011-07-19.txt": "Item 1:", "uk-pstb-2011-05-19.txt": "Welcome and Introductions",
    "w3c-tag-telcon-2018-03-20.txt": "(Dan giving", "welsh-gov-board-2025-01-24.txt": "1. Welcome",
    "wstb-2017-06-29.txt": "Agenda item 1",
}


def _facts(items: list[AgendaItem]) -> tuple[int, set, list]:
    return (sum(len(item.statements) for item in items),
            {(tuple(a.owner_labels), a.description, a.status) for item in items for a in item.action_points},
            [(d.outcome, d.votes_for) for item in items for d in item.decisions])


@pytest.mark.parametrize("name", sorted(_BODIES))  # text outside the agenda is read as "before"/"after" items
def test_end_to_end_the_items_give_what_the_whole_body_gives(name):
    text = _read(name)
    meeting = parse_minutes(SourceText(name, "text/plain", "0" * 64, text))
    whole = _item(text, _BODIES[name], known=frozenset(known_labels(meeting.participants, {})))
    assert _facts(meeting.agenda_items) == _facts([whole])
