"""Action points ("(Action Point 44)") and decisions ("it was agreed", "Consensus among ...")."""
from __future__ import annotations

import re

from graph.layout.speech import ANY_PERSON_REF, label_of, looks_like_person
from graph.layout.text import Unit, clean_quote
from graph.model import ActionPoint, Span

DECISION = re.compile(
    r"^(?:consensus\s+(?:among|of|from)\b.*|(?:it\s+was\s+)?(?:\w+\s+and\s+)?"
    r"(?P<verb>agreed|approved|resolved|decided|noted|rejected|deferred)\b.*|"
    r"(?:the\s+)?(?:board|group|committee|meeting|panel|council|members)(?:\s+\w+){0,2}\s+"
    r"(?P<verb2>agreed|approved|resolved|decided|noted|rejected|deferred)\b.*)$",
    re.IGNORECASE | re.DOTALL)
ACTION_MARKER = re.compile(r"\(\s*\**\s*(?:Action\s+Point|AP)\s*(?P<number>\d+[A-Za-z]?)\s*\**\s*\)",
                           re.IGNORECASE)


def action_point(text: str, unit: Unit, marker: re.Match[str], known: set[str]) -> ActionPoint:
    """An action point from a sentence carrying "(Action Point N)"; the owner is the first person named before it."""
    quote = text[unit.start:unit.end]
    description = clean_quote(quote[:marker.start()] + quote[marker.end():]).rstrip(" .;,")
    owner = None
    for match in ANY_PERSON_REF.finditer(quote[:marker.start()]):
        label = label_of(match.group("ref"))
        if looks_like_person(label, known):
            owner = label
            break
    return ActionPoint(notation=marker.group("number"), description=description,
                       span=Span(unit.start, unit.end), owner_label=owner)
