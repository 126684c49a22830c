"""What happened under one agenda item: statements, action points, decisions, unattributed sentences."""
from __future__ import annotations


from graph.layout.outcomes import ACTION_MARKER, DECISION, action_point
from graph.layout.speech import ACTOR_AT_START, COLLECTIVE_START, find_actor
from graph.layout.text import Unit, clean_quote, units
from graph.layout.vocabulary import OUTCOMES, PRONOUNS
from graph.model import AgendaItem, Decision, Span, Statement

def parse_item_body(text: str, item: AgendaItem, known: set[str]) -> None:
    """Fill an item's statements, action points, decisions and unattributed sentences."""
    previous: Statement | Decision | None = None
    last_speaker: str | None = None
    previous_paragraph = -1
    for unit in units(text, item.body, _starts_clause):
        quote = text[unit.start:unit.end]
        new_paragraph = unit.paragraph != previous_paragraph
        previous_paragraph = unit.paragraph
        marker = ACTION_MARKER.search(quote)
        if marker:
            item.action_points.append(action_point(text, unit, marker, known))
        actor = find_actor(quote, known)
        if actor is not None:
            label, act = actor
            if label in PRONOUNS:
                if last_speaker is None:
                    item.unattributed.append(Span(unit.start, unit.end))
                    previous = None
                    continue
                label = last_speaker
            if act == "confirmation" and isinstance(previous, Statement) and previous.speech_act == "question" \
                    and previous.speaker_label != label:
                act = "answer"
            previous = Statement(speaker_label=label, speech_act=act, text=clean_quote(quote),
                                 span=Span(unit.start, unit.end))
            item.statements.append(previous)
            last_speaker = label
            continue
        clause = quote.strip()
        decision = DECISION.match(clause)
        if decision and not marker:
            verb = (decision.group("verb") or decision.group("verb2") or "agreed").lower()
            previous = Decision(text=clean_quote(quote), outcome=OUTCOMES[verb], span=Span(unit.start, unit.end))
            item.decisions.append(previous)
            continue
        if marker:
            previous = None  # recorded as an action point above
            continue
        if COLLECTIVE_START.match(clause) or (_is_heading(quote) and previous is None):
            item.unattributed.append(Span(unit.start, unit.end))
            previous = None
            continue
        if previous is not None and (not new_paragraph or _continues_across_paragraphs(previous)):
            _extend(text, previous, unit)
            continue
        item.unattributed.append(Span(unit.start, unit.end))
        previous = None


def _continues_across_paragraphs(previous: Statement | Decision) -> bool:
    """Reported speech runs on over paragraphs with no actor of their own (an update's details)."""
    return isinstance(previous, Decision) or previous.speech_act in {
        "update", "explanation", "comment", "welcome", "confirmation", "answer", "discussion"}


def _extend(text: str, fact: Statement | Decision, unit: Unit) -> None:
    """Run a statement or decision on over the next sentence (reported speech continues)."""
    fact.span = Span(fact.span.start, unit.end)
    fact.text = clean_quote(text[fact.span.start:fact.span.end])


def _is_heading(quote: str) -> bool:
    """A short single line with no closing punctuation."""
    stripped = quote.strip()
    return "\n" not in stripped and len(stripped) < 90 and not stripped.endswith((".", ";", ":", "?", "!"))


def _starts_clause(rest: str) -> bool:
    """After a ';', a new clause starts with its own actor or a decision."""
    return bool(ACTOR_AT_START.match(rest) or DECISION.match(rest))
