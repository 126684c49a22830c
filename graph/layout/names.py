"""Personal names and initials as minutes print them ("Charlie Boundy (CB)", "lain Wright")."""
from __future__ import annotations

import re

from graph.layout.vocabulary import PARTICIPLE_VERBS, SPEECH_VERBS
from graph.model import Participant

TITLES = r"(?:(?:Dr|Prof|Professor|Sir|Dame|Mr|Mrs|Ms|Miss|Lord|Lady|Cllr|Councillor)\.?[ \t]+)"
#: A personal name: two or three capitalised words ("lain" is an OCR slip for "Iain", kept as printed).
NAME = rf"{TITLES}?[A-Zl][a-z'\u2019-]+(?:[ \t]+(?:Mc|Mac|O')?[A-Z][a-zA-Z'\u2019-]+){{1,2}}"
INITIALS = r"[A-Z]{2,4}"
NAME_WITH_INITIALS = re.compile(rf"(?P<name>{NAME})\s*\((?P<initials>{INITIALS})\)")
PERSON_REF = rf"(?P<ref>{NAME}(?:\s*\({INITIALS}\))?|{INITIALS}|He|She|The Chair|the Chair)"
ADVERBS = r"(?:(?:also|then|further|briefly|additionally|again|kindly|subsequently)\s+)*"


def name_key(name: str) -> str:
    """A comparison key for a printed name: titles dropped, OCR 'l' for 'I' fixed, lower case."""
    name = re.sub(rf"^{TITLES}", "", name.strip())
    name = re.sub(r"\bl(?=[a-z])", "I", name)
    return re.sub(r"\s+", " ", name).lower()


def initials_of(name: str) -> str:
    """'Charlie Boundy' -> 'CB'; 'lain Wright' -> 'IW' (OCR slip corrected)."""
    return "".join(word[0] for word in name_key(name).upper().split() if word[0].isalpha())


def printed_initials(text: str, participants: list[Participant]) -> dict[str, str]:
    """Name key -> initials for every 'Full Name (FN)' in the text whose letters fit the name.

    A name missing from the attendance list counts only where it acts ('Jane Doe (JD) presented'),
    so that 'Universal Credit (UC)' or 'Government Digital Services (GDS)' never become people."""
    attending = {name_key(p.name) for p in participants}
    found: dict[str, str] = {}
    for match in NAME_WITH_INITIALS.finditer(text):
        key = name_key(match.group("name"))
        initials = match.group("initials")
        if initials != initials_of(match.group("name")):
            continue
        if key not in attending:
            verb = re.match(rf"\s+{ADVERBS}([a-z]+)", text[match.end():match.end() + 60])
            if not verb or (verb.group(1) not in SPEECH_VERBS and verb.group(1) not in PARTICIPLE_VERBS):
                continue
        found.setdefault(key, initials)
    return found


def printed_name(text: str, key: str, initials: str, listed: str | None = None) -> str:
    """The name exactly as printed beside its initials, e.g. "lain Wright" for IW; else as listed
    (a table's own initials column), else the key."""
    for match in NAME_WITH_INITIALS.finditer(text):
        if name_key(match.group("name")) == key and match.group("initials") == initials:
            return match.group("name")
    return listed or key
