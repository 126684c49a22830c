"""What happened under one agenda item: statements, action points, decisions, unattributed sentences.

Blocks are read first (action and decision tables, 'Action:' lists, conclusions, reviews of earlier actions,
disposition lists) and hidden; the rest is read sentence by sentence, and turn by turn in a transcript.
An action printed without a number gets the notation "<prefix><item notation>.<n>" (n counts the item's
unnumbered actions); parse.py passes the meeting's date as the prefix ("2018-03-20/3.1"), so that the notation
never collides with a board's own numbers or with another meeting's."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.layout.outcomes import (ACTION_MARKER, ASKED_TO, DECISION, DEFERRAL_NOTE, OWNED_TASK, action_point,
                                   decision, decision_in, owned_action, owners_of, scan_blocks, split_owners,
                                   votes_in)
from graph.layout.speech import (ACTOR_AT_START, COLLECTIVE_START, ROLE_ACTOR, Turn, find_actors, find_turns,
                                 is_transcript, looks_like_person, starts_with_bold_actor, turn_act)
from graph.layout.text import BULLET, MARKDOWN_HEADING, Unit, clean_quote, masked, units
from graph.layout.vocabulary import PRONOUNS
from graph.model import AgendaItem, Decision, Span, Statement

_LEAD = re.compile(r"^[-*\u2022]\s+")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)+|\d+[.)]|[a-z][.)])\s+")
_ROUND = re.compile(r"stand-?up|round-?table|tour de table", re.IGNORECASE)
_ACTION_IN_TURN = re.compile(r"^action(?:\s+item)?\s*[,:]\s*", re.IGNORECASE)
_RUNS_ON = {"update", "explanation", "comment", "welcome", "confirmation", "answer", "discussion", "demonstration"}

Fact = list[Statement] | Decision  # the statements of one sentence or turn (one per speaker), or a decision


def parse_item_body(text: str, item: AgendaItem, known: set[str], unnumbered_prefix: str = "") -> None:
    """Fill an item's statements, action points, decisions and unattributed sentences."""
    found = scan_blocks(text, item)
    item.action_points.extend(found.actions)
    item.decisions.extend(found.decisions)
    view = masked(text, found.spans)
    reader = _Reader(text, view, item, known, find_turns(view, item.body, is_transcript(text), known))
    breaks = {*reader.turns, *(span.start for span in found.spans), *(span.end for span in found.spans)}
    paragraph = -1
    for unit in units(view, item.body, _starts_clause, breaks=breaks):
        reader.read(unit, unit.paragraph != paragraph)
        paragraph = unit.paragraph
    _number_unnumbered(item, unnumbered_prefix)
    item.action_points.sort(key=lambda action: action.span.start)
    item.decisions.sort(key=lambda fact: fact.span.start)


@dataclass
class _Reader:
    """Reads an item's sentences in order, remembering the last fact, which the next sentence may continue."""

    text: str  # the document
    view: str  # the document with the blocks already read blanked out
    item: AgendaItem
    known: set[str]
    turns: dict[int, Turn]
    previous: Fact | None = None
    last_speaker: str | None = None
    in_list: bool = False  # the last sentence was an item of a list that a statement introduced
    said_from: dict[int, int] = field(default_factory=dict)  # id(statement of a turn) -> where its words start

    def read(self, unit: Unit, new_paragraph: bool) -> None:
        """Record one sentence (or clause, or turn) as what it is."""
        quote = self.view[unit.start:unit.end]
        bullet = bool(BULLET.match(quote))
        clause = _NUMBERING.sub("", _LEAD.sub("", quote.strip()))
        span = Span(unit.start, unit.end)
        if MARKDOWN_HEADING.match(quote):
            self.previous = None
            return
        turn = self.turns.get(unit.start + len(quote) - len(_LEAD.sub("", quote)))
        if turn is not None:
            self._turn(turn, span)
            return
        if self._in_turn(unit, quote, clause, new_paragraph, bullet):
            self._extend(unit)
            return
        marker = ACTION_MARKER.search(quote)
        if marker:
            self.item.action_points.append(action_point(self.view, unit, marker, self.known))
        if self._statement(clause, span) or (not marker and self._task(clause, span)):
            return
        outcome = None if marker else decision_in(clause) or ("deferred" if DEFERRAL_NOTE.match(clause) else None)
        if outcome is not None:
            self.previous = decision(clause, span, outcome)
            self.item.decisions.append(self.previous)
        elif marker:
            self.previous = None  # recorded as an action point above
        elif self._continues(unit, quote, clause, new_paragraph, bullet):
            self._extend(unit)
            self.in_list = bullet
        else:
            self.item.unattributed.append(span)
            self.previous = None

    def _turn(self, turn: Turn, span: Span) -> None:
        """One statement per speaker of a turn ('Ross/Phil/Jim/Brett: Probably not.' gives four); 'Action item,
        I'll ...' also records an action owned by the speaker."""
        said = self.view[turn.said:span.end].strip()
        if not said:
            return
        previous = self.previous
        asked_by = previous[-1].speaker_label if isinstance(previous, list) and \
            previous[-1].speech_act == "question" else None
        default = "update" if _ROUND.search(self.item.title) else "comment"
        statements = [Statement(speaker_label=label, speech_act=turn_act(said, asked_by, label, default),
                                text=clean_quote(said), span=span) for label in turn.labels]
        for statement in statements:
            self.said_from[id(statement)] = turn.said
        self.item.statements.extend(statements)
        self.previous, self.last_speaker = statements, turn.labels[-1]
        task = _ACTION_IN_TURN.match(said)
        if task:
            self.item.action_points.append(owned_action(said[task.end():], span, owners=list(turn.labels)))

    def _in_turn(self, unit: Unit, quote: str, clause: str, new_paragraph: bool, bullet: bool) -> bool:
        """A turn runs on to the next turn, over its own sub-bullets and over later paragraphs of its speech
        (not over a heading, a scribe's '(note)', a bullet of the list it sits in, a decision, or after a
        question); when it does not, it has ended."""
        turn = self.previous
        if not (isinstance(turn, list) and id(turn[0]) in self.said_from):
            return False
        runs_on = not (bullet and _indent(self.view, unit.start) <= _indent(self.view, turn[0].span.start)) and (
            not new_paragraph or (turn[-1].speech_act in _RUNS_ON and not _is_heading(quote) and
                                  not quote.lstrip().startswith(("(", "[", "\\[", "|")) and
                                  not (ACTION_MARKER.search(quote) or decision_in(clause) or
                                       find_actors(clause, self.known))))
        if not runs_on:
            self.previous = None
        return runs_on

    def _statement(self, clause: str, span: Span) -> bool:
        """A sentence in which people act ('NH explained ...', '**A** and **B** think ...'), one statement each;
        'He'/'She' is the last speaker."""
        actors = find_actors(clause, self.known)
        if actors is None:
            return False
        labels, act = actors
        if labels[0] in PRONOUNS:
            if self.last_speaker is None:
                self.item.unattributed.append(span)
                self.previous = None
                return True
            labels = [self.last_speaker]
        previous = self.previous
        if act == "confirmation" and isinstance(previous, list) and previous[-1].speech_act == "question" \
                and previous[-1].speaker_label not in labels:
            act = "answer"
        self.previous = [Statement(speaker_label=label, speech_act=act, text=clean_quote(clause), span=span)
                         for label in labels]
        self.item.statements.extend(self.previous)
        self.last_speaker = labels[-1]
        return True

    def _task(self, clause: str, span: Span) -> bool:
        """'Carol to create Zulip threads ...' (people the document knows), 'X and Y were asked to ...'."""
        match = OWNED_TASK.match(clause)
        owners = owners_of(clause)
        if owners and match is not None and match.group("modal") == "to" and all(
                looks_like_person(owner, self.known) or len(owner.split()) > 1 for owner in owners):
            self.item.action_points.append(owned_action(clause, span))
        elif (asked := ASKED_TO.search(clause)) is not None:
            self.item.action_points.append(owned_action(clause[asked.start():].rstrip(" )"), span,
                                                        owners=split_owners(asked.group("owners"))))
        else:
            return False
        self.previous = None
        return True

    def _continues(self, unit: Unit, quote: str, clause: str, new_paragraph: bool, bullet: bool) -> bool:
        """Whether a sentence with no actor of its own continues the last fact (reported speech runs on within
        its paragraph, an update's details over later paragraphs, a statement over the list it introduces)."""
        previous = self.previous
        if previous is None or COLLECTIVE_START.match(clause) or clause.startswith(("(", "[", "\\[")):
            return False
        line_start, line_end = self.view.rfind("\n", 0, unit.start) + 1, (self.view + "\n").find("\n", unit.end)
        if _is_heading(quote) and not new_paragraph and not bullet and \
                not (self.view[line_start:unit.start] + self.view[unit.end:line_end]).strip():
            return False  # a heading line ends what came before
        last = previous[-1] if isinstance(previous, list) else previous
        return (not new_paragraph or isinstance(last, Decision) or last.speech_act in _RUNS_ON) and \
            (not bullet or self.in_list or last.text.endswith((":", "cover", "include", "including", "following"))) \
            and self.text[last.span.end:unit.start] == self.view[last.span.end:unit.start]  # no block between

    def _extend(self, unit: Unit) -> None:
        """Run the last statements or decision on over the next sentence."""
        facts = self.previous if isinstance(self.previous, list) else [self.previous]
        for fact in facts:
            fact.span = Span(fact.span.start, unit.end)
            fact.text = clean_quote(self.view[self.said_from.get(id(fact), fact.span.start):fact.span.end])
            if id(fact) in self.said_from and fact.text.endswith("?") and fact.speech_act in {"comment", "answer"}:
                fact.speech_act = "question"  # "I have a question. ... how can that impact requests?"
            if isinstance(fact, Decision):
                fact.votes_for, fact.votes_against, fact.abstentions = votes_in(fact.text)


def _number_unnumbered(item: AgendaItem, prefix: str) -> None:
    """'<prefix><item notation>.<n>' for the item's actions printed without a number, in document order."""
    unnumbered = sorted((a for a in item.action_points if not a.notation), key=lambda a: a.span.start)
    for count, action in enumerate(unnumbered, start=1):
        action.notation = f"{prefix}{item.notation}.{count}"


def _indent(text: str, offset: int) -> int:
    """How far the line holding an offset is indented."""
    line = text[text.rfind("\n", 0, offset) + 1:]
    return len(line) - len(line.lstrip(" \t"))


def _is_heading(quote: str) -> bool:
    """A short single line with no closing punctuation."""
    stripped = quote.strip()
    return "\n" not in stripped and len(stripped) < 90 and not stripped.endswith((".", ";", ":", "?", "!"))


def _starts_clause(rest: str) -> bool:
    """After a ';' (or ', but' before a bold name), a new clause starts with its own actor or a decision."""
    return bool(ACTOR_AT_START.match(rest) or ROLE_ACTOR.match(rest) or DECISION.match(rest) or
                starts_with_bold_actor(rest))
