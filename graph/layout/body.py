"""What happened under one agenda item: statements, action points, decisions, unattributed sentences.

Blocks are read first (action and decision tables, 'Action:' lists, conclusions, reviews of earlier actions,
disposition lists) and hidden; the rest is read sentence by sentence, and turn by turn in a transcript.
An action printed without a number gets the notation "<prefix><item notation>.<n>" (n counts the item's
unnumbered actions); parse.py passes the meeting's date as the prefix ("2018-03-20/3.1"), so that the notation
never collides with a board's own numbers or with another meeting's."""
from __future__ import annotations

import re

from graph.layout.outcomes import (ACTION_MARKER, ASKED_TO, DECISION, DEFERRAL_NOTE, OWNED_TASK, action_point,
                                   decision, decision_in, owned_action, owners_of, scan_blocks, split_owners)
from graph.layout.speech import (ACTOR_AT_START, COLLECTIVE_START, Turn, find_actors, find_turns, is_transcript,
                                 looks_like_person, starts_with_bold_actor, turn_act)
from graph.layout.text import BULLET, MARKDOWN_HEADING, Unit, clean_quote, masked, units
from graph.layout.vocabulary import PRONOUNS
from graph.model import AgendaItem, Decision, Span, Statement

_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)+|\d+[.)]|[a-z][.)])\s+")
_ROUND = re.compile(r"stand-?up|round-?table|tour de table", re.IGNORECASE)
_ACTION_IN_TURN = re.compile(r"^action(?:\s+item)?\s*[,:]\s*", re.IGNORECASE)


def parse_item_body(text: str, item: AgendaItem, known: set[str], unnumbered_prefix: str = "") -> None:
    """Fill an item's statements, action points, decisions and unattributed sentences."""
    found = scan_blocks(text, item)
    item.action_points.extend(found.actions)
    item.decisions.extend(found.decisions)
    view = masked(text, found.spans)
    turns = find_turns(view, item.body, is_transcript(text), known)
    default_act = "update" if _ROUND.search(item.title) else "comment"
    said_from: dict[int, int] = {}  # id(statement) -> where its words start (after a turn's label)
    previous: list[Statement] | Decision | None = None
    last_speaker: str | None = None
    previous_paragraph = -1
    in_list = False  # the last sentence was an item of a list that a statement introduced
    for unit in units(view, item.body, _starts_clause, breaks=turns):
        quote = view[unit.start:unit.end]
        new_paragraph = unit.paragraph != previous_paragraph
        previous_paragraph = unit.paragraph
        bullet = bool(BULLET.match(quote))
        clause = _NUMBERING.sub("", re.sub(r"^[-*\u2022]\s+", "", quote.strip()))
        if MARKDOWN_HEADING.match(quote):
            previous = None
            continue
        turn = turns.get(unit.start + len(quote) - len(re.sub(r"^[-*\u2022]\s+", "", quote)))
        if turn is not None:
            said = view[turn.said:unit.end]
            if said.strip():
                previous = _turn(view, item, turn, unit, said, previous, default_act, said_from)
                last_speaker = turn.labels[-1]
            continue
        if isinstance(previous, list) and id(previous[0]) in said_from:
            if _turn_runs_on(view, previous, unit, quote, new_paragraph, bullet):
                _extend(view, previous, unit, said_from)
                continue
            previous = None
        marker = ACTION_MARKER.search(quote)
        if marker:
            item.action_points.append(action_point(view, unit, marker, known))
        actors = find_actors(clause, known)
        if actors is not None:
            labels, act = actors
            if labels[0] in PRONOUNS:
                if last_speaker is None:
                    item.unattributed.append(Span(unit.start, unit.end))
                    previous = None
                    continue
                labels = [last_speaker]
            if act == "confirmation" and isinstance(previous, list) and previous[-1].speech_act == "question" \
                    and previous[-1].speaker_label not in labels:
                act = "answer"
            previous = [Statement(speaker_label=label, speech_act=act, text=clean_quote(quote),
                                  span=Span(unit.start, unit.end)) for label in labels]
            item.statements.extend(previous)
            last_speaker = labels[-1]
            continue
        if not marker and _owned_task(clause, known):
            item.action_points.append(owned_action(clause, Span(unit.start, unit.end)))
            previous = None
            continue
        asked = ASKED_TO.search(clause)
        if asked and not marker:
            item.action_points.append(owned_action(clause[asked.start():].rstrip(" )"), Span(unit.start, unit.end),
                                                   owners=split_owners(asked.group("owners"))))
            previous = None
            continue
        outcome = decision_in(clause) if not marker else None
        if outcome is None and DEFERRAL_NOTE.match(clause):
            outcome = "deferred"
        if outcome is not None:
            previous = decision(quote, Span(unit.start, unit.end), outcome)
            item.decisions.append(previous)
            continue
        if marker:
            previous = None  # recorded as an action point above
            continue
        if COLLECTIVE_START.match(clause) or clause.startswith(("(", "[", "\\[")) or \
                (_is_heading(quote) and previous is None):
            item.unattributed.append(Span(unit.start, unit.end))
            previous = None
            continue
        if previous is not None and (not new_paragraph or _continues_across_paragraphs(previous)) and \
                (not bullet or in_list or _opens_list(previous)) and not _block_between(text, view, previous, unit):
            _extend(view, previous, unit, said_from)
            in_list = bullet
            continue
        item.unattributed.append(Span(unit.start, unit.end))
        previous = None
    _number_unnumbered(item, unnumbered_prefix)
    item.action_points.sort(key=lambda action: action.span.start)
    item.decisions.sort(key=lambda fact: fact.span.start)


def _turn(text: str, item: AgendaItem, turn: Turn, unit: Unit, said: str, previous: list[Statement] | Decision | None,
          default_act: str, said_from: dict[int, int]) -> list[Statement]:
    """One statement per speaker of a turn ('Ross/Phil/Jim/Brett: Probably not.' gives four); 'Action item,
    I'll ...' also records an action owned by the speaker."""
    asked_by = previous[-1].speaker_label if isinstance(previous, list) and previous[-1].speech_act == "question" \
        else None
    statements = []
    for label in turn.labels:
        statement = Statement(speaker_label=label, speech_act=turn_act(said, asked_by, label, default_act),
                              text=clean_quote(said), span=Span(unit.start, unit.end))
        said_from[id(statement)] = turn.said
        statements.append(statement)
    item.statements.extend(statements)
    task = _ACTION_IN_TURN.match(said.strip())
    if task:
        item.action_points.append(owned_action(said.strip()[task.end():], Span(unit.start, unit.end),
                                               owners=list(turn.labels)))
    return statements


def _turn_runs_on(text: str, turn: list[Statement], unit: Unit, quote: str, new_paragraph: bool,
                  bullet: bool) -> bool:
    """A turn runs on to the next turn, over its own sub-bullets and over later paragraphs of its speech
    (not over a heading, a scribe's '(note)', a bullet of the list it sits in, or after a question)."""
    if bullet and _column(text, unit.start) <= _column(text, turn[0].span.start):
        return False
    return not new_paragraph or (_continues_across_paragraphs(turn) and not _is_heading(quote) and
                                 not quote.lstrip().startswith(("(", "[", "\\[", "|")))


def _owned_task(clause: str, known: set[str]) -> bool:
    """'Carol to create Zulip threads ...': a sentence that gives a task to people the document knows."""
    match = OWNED_TASK.match(clause)
    owners = owners_of(clause)
    return bool(owners) and match is not None and match.group("modal") == "to" and all(
        looks_like_person(owner, known) or len(owner.split()) > 1 for owner in owners)


def _number_unnumbered(item: AgendaItem, prefix: str) -> None:
    """'<prefix><item notation>.<n>' for the item's actions printed without a number, in document order."""
    unnumbered = sorted((a for a in item.action_points if not a.notation), key=lambda a: a.span.start)
    for count, action in enumerate(unnumbered, start=1):
        action.notation = f"{prefix}{item.notation}.{count}"


def _continues_across_paragraphs(previous: list[Statement] | Decision) -> bool:
    """Reported speech runs on over paragraphs with no actor of their own (an update's details)."""
    return isinstance(previous, Decision) or previous[-1].speech_act in {
        "update", "explanation", "comment", "welcome", "confirmation", "answer", "discussion", "demonstration"}


def _block_between(text: str, view: str, fact: list[Statement] | Decision, unit: Unit) -> bool:
    """Whether a block read apart (a list, a table) lies between a fact and the next sentence."""
    end = (fact[-1] if isinstance(fact, list) else fact).span.end
    return text[end:unit.start] != view[end:unit.start]


def _column(text: str, offset: int) -> int:
    """How far into its line an offset is."""
    return offset - text.rfind("\n", 0, offset) - 1


def _opens_list(fact: list[Statement] | Decision) -> bool:
    """A statement ending in ':' (or 'cover', 'including') runs on over the bullets below it."""
    text = (fact[-1] if isinstance(fact, list) else fact).text
    return text.endswith((":", "cover", "include", "including", "following"))


def _extend(text: str, fact: list[Statement] | Decision, unit: Unit, said_from: dict[int, int]) -> None:
    """Run statements or a decision on over the next sentence (reported speech continues)."""
    for one in fact if isinstance(fact, list) else [fact]:
        one.span = Span(one.span.start, unit.end)
        one.text = clean_quote(text[said_from.get(id(one), one.span.start):one.span.end])


def _is_heading(quote: str) -> bool:
    """A short single line with no closing punctuation."""
    stripped = quote.strip()
    return "\n" not in stripped and len(stripped) < 90 and not stripped.endswith((".", ";", ":", "?", "!"))


def _starts_clause(rest: str) -> bool:
    """After a ';' (or ', but' before a bold name), a new clause starts with its own actor or a decision."""
    return bool(ACTOR_AT_START.match(rest) or DECISION.match(rest) or starts_with_bold_actor(rest))
