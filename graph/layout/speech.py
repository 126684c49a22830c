"""Who acts in a sentence: a person reference followed by a speech verb."""
from __future__ import annotations

import re

from graph.layout.names import ADVERBS, INITIALS, NAME, PERSON_REF, name_key, initials_of
from graph.layout.vocabulary import PARTICIPLE_VERBS, PRONOUNS, SPEECH_VERBS
from graph.model import Participant

ACTOR_AT_START = re.compile(rf"^{PERSON_REF}\s+{ADVERBS}(?P<verb>[a-z]+)\b")
ACTOR_PARTICIPLE = re.compile(rf"(?<![\w(])(?P<ref>{NAME})(?:\s*\((?P<initials>{INITIALS})\))?\s+"
                              rf"(?P<verb>{'|'.join(PARTICIPLE_VERBS)})\b")
ANY_PERSON_REF = re.compile(rf"(?<![\w(])(?P<ref>{NAME}(?:\s*\({INITIALS}\))?|{INITIALS})(?!\w)")
COLLECTIVE_START = re.compile(
    r"^(?:the\s+(?:board|group|committee|meeting|panel|council|members?|attendees)|board\s+members|"
    r"members|all|everyone|consensus|it\s+was|there\s+was\s+(?:a\s+)?(?:general|broad)|"
    r"(?:comments|questions)\s+were)\b", re.IGNORECASE)


def known_labels(participants: list[Participant], initials: dict[str, str]) -> set[str]:
    """Every label by which this document refers to a person it knows."""
    labels = {p.name for p in participants} | {name_key(p.name) for p in participants}
    for key, letters in initials.items():
        labels.update({key, letters})
    labels.update(initials_of(p.name) for p in participants)
    return labels


def find_actor(quote: str, known: set[str]) -> tuple[str, str] | None:
    """The person who acts in a clause and the speech act, or None."""
    clause = quote.strip()
    match = ACTOR_AT_START.match(clause)
    if match:
        verb = match.group("verb")
        ref = match.group("ref")
        label = label_of(ref)
        act = SPEECH_VERBS.get(verb)
        if act and (looks_like_person(label, known) or label in PRONOUNS or label.lower() == "the chair"):
            if verb == "agreed" and re.match(rf"^{re.escape(ref)}\s+{ADVERBS}agreed\s+to\b", clause):
                act = "offer"
            return label, act
    for match in ACTOR_PARTICIPLE.finditer(clause):
        label = match.group("initials") or match.group("ref")
        if looks_like_person(label_of(match.group("ref")), known):
            return label, PARTICIPLE_VERBS[match.group("verb")]
    return None


def label_of(ref: str) -> str:
    """'Charlie Boundy (CB)' -> 'CB' (the initials this document uses); 'NH' -> 'NH'."""
    match = re.search(rf"\(({INITIALS})\)\s*$", ref)
    return match.group(1) if match else ref.strip()


def looks_like_person(label: str, known: set[str]) -> bool:
    """A label names a person if the document knows it, or it is initials (resolved, or flagged, later)."""
    if label in known or name_key(label) in known:
        return True
    return bool(re.fullmatch(INITIALS, label)) and len(label) <= 3
