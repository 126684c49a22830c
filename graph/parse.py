"""Turn a minutes document's text into plain dataclasses: meeting, attendance, items, statements,
action points and decisions, each with the character span it came from."""
from __future__ import annotations

import re
from dataclasses import dataclass

from graph import dates
from graph.model import (ActionPoint, AgendaItem, Decision, Meeting, Participant, SourceText, Span,
                         Statement)


class ParseError(Exception):
    """The text is not recognisable as minutes; the message is one line naming the file and the problem."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.problem = problem


# --- words that carry meaning in minutes -------------------------------------------------------

#: Verbs (past tense) by which a participant acts, with the speech act each stands for.
SPEECH_VERBS = {
    "welcomed": "welcome", "thanked": "welcome", "opened": "welcome",
    "provided": "update", "gave": "update", "updated": "update", "presented": "update",
    "outlined": "update", "introduced": "update", "reported": "update", "described": "update",
    "highlighted": "update", "summarised": "update", "summarized": "update", "reviewed": "update",
    "explained": "explanation", "clarified": "explanation",
    "commented": "comment", "noted": "comment", "observed": "comment", "remarked": "comment",
    "mentioned": "comment", "added": "comment", "stated": "comment", "said": "comment",
    "emphasised": "comment", "emphasized": "comment", "stressed": "comment", "raised": "comment",
    "pointed": "comment", "reflected": "comment", "felt": "comment", "considered": "comment",
    "asked": "question", "queried": "question", "questioned": "question", "enquired": "question",
    "inquired": "question", "wondered": "question",
    "responded": "answer", "replied": "answer", "answered": "answer",
    "confirmed": "confirmation", "advised": "confirmation", "informed": "confirmation",
    "suggested": "suggestion", "recommended": "suggestion",
    "proposed": "proposal",
    "offered": "offer", "volunteered": "offer", "undertook": "offer",
    "agreed": "agreement", "supported": "agreement", "welcomes": "agreement",
    "disagreed": "disagreement", "objected": "disagreement", "opposed": "disagreement",
    "requested": "request", "urged": "request",
    "demonstrated": "demonstration", "showed": "demonstration", "shared": "demonstration",
    "discussed": "discussion", "led": "discussion",
}
#: Participles used mid-sentence: "... with Gemma Kirk (GK) providing a demonstration".
PARTICIPLE_VERBS = {"providing": "demonstration", "giving": "update", "presenting": "update",
                    "demonstrating": "demonstration", "leading": "discussion"}

ROLE_WORDS = {
    "chair": "chair", "chairman": "chair", "chairwoman": "chair", "chairperson": "chair",
    "co-chair": "chair", "vice chair": "member", "vice-chair": "member",
    "secretariat": "secretariat", "secretary": "secretariat", "minutes": "secretariat",
    "scribe": "secretariat", "clerk": "secretariat",
    "presenter": "presenter", "observer": "observer", "guest": "in-attendance",
    "in attendance": "in-attendance", "member": "member",
}
ATTENDANCE_HEADINGS = {
    "attendees": "member", "present": "member", "members": "member", "members present": "member",
    "attendance": "member", "in attendance": "in-attendance", "also in attendance": "in-attendance",
    "also present": "in-attendance", "guests": "in-attendance", "officials": "in-attendance",
    "observers": "observer", "secretariat": "secretariat", "apologies": "apologies",
    "regrets": "apologies", "absent": "apologies", "apologies for absence": "apologies",
}
_TITLES = r"(?:(?:Dr|Prof|Professor|Sir|Dame|Mr|Mrs|Ms|Miss|Lord|Lady|Cllr|Councillor)\.?[ \t]+)"
#: A personal name: two or three capitalised words ("lain" is an OCR slip for "Iain", kept as printed).
_NAME = rf"{_TITLES}?[A-Zl][a-z'\u2019-]+(?:[ \t]+(?:Mc|Mac|O')?[A-Z][a-zA-Z'\u2019-]+){{1,2}}"
_INITIALS = r"[A-Z]{2,4}"
NAME_WITH_INITIALS = re.compile(rf"(?P<name>{_NAME})\s*\((?P<initials>{_INITIALS})\)")
_PERSON_REF = rf"(?P<ref>{_NAME}(?:\s*\({_INITIALS}\))?|{_INITIALS}|He|She|The Chair|the Chair)"
_ADVERBS = r"(?:(?:also|then|further|briefly|additionally|again|kindly|subsequently)\s+)*"
ACTOR_AT_START = re.compile(rf"^{_PERSON_REF}\s+{_ADVERBS}(?P<verb>[a-z]+)\b")
ACTOR_PARTICIPLE = re.compile(rf"(?<![\w(])(?P<ref>{_NAME})(?:\s*\((?P<initials>{_INITIALS})\))?\s+"
                              rf"(?P<verb>{'|'.join(PARTICIPLE_VERBS)})\b")
ANY_PERSON_REF = re.compile(rf"(?<![\w(])(?P<ref>{_NAME}(?:\s*\({_INITIALS}\))?|{_INITIALS})(?!\w)")
COLLECTIVE_START = re.compile(
    r"^(?:the\s+(?:board|group|committee|meeting|panel|council|members?|attendees)|board\s+members|"
    r"members|all|everyone|consensus|it\s+was|there\s+was\s+(?:a\s+)?(?:general|broad)|"
    r"(?:comments|questions)\s+were)\b", re.IGNORECASE)
DECISION = re.compile(
    r"^(?:consensus\s+(?:among|of|from)\b.*|(?:it\s+was\s+)?(?:\w+\s+and\s+)?"
    r"(?P<verb>agreed|approved|resolved|decided|noted|rejected|deferred)\b.*|"
    r"(?:the\s+)?(?:board|group|committee|meeting|panel|council|members)(?:\s+\w+){0,2}\s+"
    r"(?P<verb2>agreed|approved|resolved|decided|noted|rejected|deferred)\b.*)$",
    re.IGNORECASE | re.DOTALL)
_OUTCOME = {"agreed": "agreed", "decided": "agreed", "approved": "approved", "resolved": "resolved",
            "noted": "noted", "rejected": "rejected", "deferred": "deferred"}
ACTION_MARKER = re.compile(r"\(\s*\**\s*(?:Action\s+Point|AP)\s*(?P<number>\d+[A-Za-z]?)\s*\**\s*\)",
                           re.IGNORECASE)
ITEM_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:agenda\s+)?item\s+(?P<number>\d+[A-Za-z]?)\s*(?:[-\u2013\u2014:.]\s*)?(?P<title>.*?)\s*$",
    re.IGNORECASE)
AOB_HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\d+[.)]?\s*)?(?P<title>AOB|A\.O\.B\.?|any\s+other\s+business)"
                         r"\s*[:.]?\s*$", re.IGNORECASE)
HEADER_FIELD = re.compile(r"^(?P<key>title of meeting|meeting|title|board|committee|date|time|venue|location)"
                          r"\s*:\s*(?P<value>.*)$", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[-*\u2022\u25aa\u25cf]|\d+[.)])\s+")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "St.", "No.", "vs.", "cf.")
PRONOUNS = {"He", "She"}


@dataclass
class _Unit:
    """A sentence, or the clause of one after a semicolon, with its span."""

    start: int
    end: int
    paragraph: int


# --- entry point ------------------------------------------------------------------------------

def parse_minutes(source: SourceText) -> Meeting:
    """Parse one document's text; raise ParseError if no meeting date or board can be found."""
    text = source.text
    header = _header_fields(text)
    found_date = dates.find_date(header.get("date", "")) or dates.find_date(text[:2000])
    if found_date is None:
        raise ParseError(source.name, "no recognisable meeting date (expected e.g. '29 June 2017' "
                                      "near the top); add the date to the minutes")
    title = header.get("title") or _first_line(text)
    board_name, acronym = _split_acronym(title)
    times = dates.find_time_range(header.get("time", "")) or dates.find_time_range(text[:600])
    attendance_start, participants = _parse_attendance(text)
    initials = _printed_initials(text, participants)
    for participant in participants:
        participant.initials = initials.get(_name_key(participant.name))
    items = _parse_items(text, attendance_start if attendance_start is not None else len(text), board_name)
    known = _known_labels(participants, initials)
    for item in items:
        _parse_item_body(text, item, known)
    return Meeting(source=source, board_name=board_name, board_acronym=acronym, title=title,
                   date=found_date[0], start_time=times[0] if times else None,
                   end_time=times[1] if times else None, participants=participants,
                   agenda_items=items,
                   initials={v: _printed_name(text, k, v) for k, v in initials.items()})


# --- header ------------------------------------------------------------------------------------

def _header_fields(text: str) -> dict[str, str]:
    """Key: value fields in the first lines ("Title of Meeting:", "Date:", "Time:")."""
    fields: dict[str, str] = {}
    for line in text.split("\n")[:25]:
        cells = [cell.strip() for cell in re.split(r"\t+", line) if cell.strip()]
        # "Date:  29 th June 2017  Time:  12.15 – 14.15" is several key/value pairs on one line
        for index, cell in enumerate(cells):
            match = HEADER_FIELD.match(cell)
            if not match:
                continue
            key = match.group("key").lower()
            value = match.group("value").strip()
            if not value and index + 1 < len(cells) and not HEADER_FIELD.match(cells[index + 1]):
                value = cells[index + 1]
            key = {"title of meeting": "title", "meeting": "title", "board": "title",
                   "committee": "title", "location": "venue"}.get(key, key)
            if value and key not in fields:
                fields[key] = value
    return fields


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        stripped = line.strip().lstrip("#").strip()
        if stripped and stripped.lower() not in {"minutes", "draft minutes"}:
            return stripped
    return ""


def _split_acronym(title: str) -> tuple[str, str | None]:
    """'Welfare Sector Transparency Board (WSTB)' -> ('Welfare Sector Transparency Board', 'WSTB')."""
    match = re.match(r"^(?P<name>.+?)\s*\((?P<acronym>[A-Z][A-Za-z0-9&]{1,9})\)\s*$", title)
    if match:
        return match.group("name").strip(), match.group("acronym")
    return title.strip(), None


# --- attendance --------------------------------------------------------------------------------

def _parse_attendance(text: str) -> tuple[int | None, list[Participant]]:
    """Find the attendance block (a heading such as 'Attendees' followed by one person a line).

    Returns the offset where the block (with its title lines) begins, and the participants."""
    lines = _lines_with_offsets(text)
    participants: list[Participant] = []
    block_start: int | None = None
    role: str | None = None
    for index, (start, line) in enumerate(lines):
        cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
        if not cells:
            continue
        heading = cells[0].rstrip(":").strip().lower()
        if heading in ATTENDANCE_HEADINGS and (len(cells) == 1 or heading == cells[0].lower()):
            if len(cells) > 1 and "see" in cells[1].lower():
                continue  # "Attendees: See list below"
            if len(cells) == 1 and _next_line_is_person(lines, index):
                role = ATTENDANCE_HEADINGS[heading]
                if block_start is None:
                    block_start = _walk_back_over_titles(lines, index)
            continue
        if role is None:
            continue
        participant = _participant_from_cells(cells, role, start, line)
        if participant is None:
            role = None  # the list has ended
            continue
        participants.append(participant)
    return block_start, participants


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    result, offset = [], 0
    for line in text.split("\n"):
        result.append((offset, line))
        offset += len(line) + 1
    return result


def _next_line_is_person(lines: list[tuple[int, str]], index: int) -> bool:
    for _, line in lines[index + 1:index + 4]:
        cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
        if cells:
            return _participant_from_cells(cells, "member", 0, line) is not None
    return False


def _walk_back_over_titles(lines: list[tuple[int, str]], index: int) -> int:
    """Include the short title lines printed just above the attendance table."""
    start = lines[index][0]
    for offset, line in reversed(lines[max(0, index - 4):index]):
        stripped = line.strip()
        if not stripped:
            continue
        if len(stripped) > 90 or stripped.endswith((".", ";", ":")) or AOB_HEADING.match(stripped):
            break
        if dates.find_date(stripped) is None and not re.search(r"board|committee|council|panel", stripped, re.I):
            break
        start = offset
    return start


_ROLE_IN_PARENS = re.compile(r"\((?P<role>[^)]*)\)|[-\u2013\u2014]\s*(?P<tail>part only|for item[^,;]*)",
                             re.IGNORECASE)


def _participant_from_cells(cells: list[str], role: str, start: int, line: str) -> Participant | None:
    """'Charlie Boundy (chair) <tab> DWP Digital, Data Science' -> a Participant, or None."""
    name_cell = cells[0]
    person_role = role
    for match in _ROLE_IN_PARENS.finditer(name_cell):
        words = (match.group("role") or "").strip().lower()
        if words in ROLE_WORDS and role != "apologies":
            person_role = ROLE_WORDS[words]
    name = _ROLE_IN_PARENS.sub("", name_cell).strip(" ,")
    if not re.fullmatch(_NAME, name):
        return None
    organisation = cells[1] if len(cells) > 1 else None
    leading = len(line) - len(line.lstrip())
    return Participant(name=name, role=person_role, organisation=organisation,
                       span=Span(start + leading, start + len(line.rstrip())))


# --- initials ------------------------------------------------------------------------------------

def _name_key(name: str) -> str:
    """A comparison key for a printed name: titles dropped, OCR 'l' for 'I' fixed, lower case."""
    name = re.sub(rf"^{_TITLES}", "", name.strip())
    name = re.sub(r"\bl(?=[a-z])", "I", name)
    return re.sub(r"\s+", " ", name).lower()


def initials_of(name: str) -> str:
    """'Charlie Boundy' -> 'CB'; 'lain Wright' -> 'IW' (OCR slip corrected)."""
    return "".join(word[0] for word in _name_key(name).upper().split() if word[0].isalpha())


def _printed_initials(text: str, participants: list[Participant]) -> dict[str, str]:
    """Name key -> initials for every 'Full Name (FN)' in the text whose letters fit the name.

    A name missing from the attendance list counts only where it acts ('Jane Doe (JD) presented'),
    so that 'Universal Credit (UC)' or 'Government Digital Services (GDS)' never become people."""
    attending = {_name_key(p.name) for p in participants}
    found: dict[str, str] = {}
    for match in NAME_WITH_INITIALS.finditer(text):
        key = _name_key(match.group("name"))
        initials = match.group("initials")
        if initials != initials_of(match.group("name")):
            continue
        if key not in attending:
            verb = re.match(rf"\s+{_ADVERBS}([a-z]+)", text[match.end():match.end() + 60])
            if not verb or (verb.group(1) not in SPEECH_VERBS and verb.group(1) not in PARTICIPLE_VERBS):
                continue
        found.setdefault(key, initials)
    return found


def _printed_name(text: str, key: str, initials: str) -> str:
    for match in NAME_WITH_INITIALS.finditer(text):
        if _name_key(match.group("name")) == key and match.group("initials") == initials:
            return match.group("name")
    return key


def _known_labels(participants: list[Participant], initials: dict[str, str]) -> set[str]:
    """Every label by which this document refers to a person it knows."""
    labels = {p.name for p in participants} | {_name_key(p.name) for p in participants}
    for key, letters in initials.items():
        labels.update({key, letters})
    labels.update(initials_of(p.name) for p in participants)
    return labels


# --- agenda items ------------------------------------------------------------------------------

def _parse_items(text: str, end_of_minutes: int, board_name: str) -> list[AgendaItem]:
    headings: list[tuple[int, int, str, str]] = []
    for start, line in _lines_with_offsets(text[:end_of_minutes]):
        match = ITEM_HEADING.match(line)
        if match and len(line) < 160:
            headings.append((start, start + len(line.rstrip()), match.group("number"),
                             match.group("title").strip(" -\u2013\u2014:.") or f"Item {match.group('number')}"))
            continue
        match = AOB_HEADING.match(line)
        if match:
            headings.append((start, start + len(line.rstrip()), "AOB", "Any other business"))
    items = []
    for position, (start, heading_end, number, title) in enumerate(headings, start=1):
        body_end = headings[position][0] if position < len(headings) else end_of_minutes
        items.append(AgendaItem(notation=number, title=title, position=position,
                                span=Span(start, heading_end), body=Span(heading_end, _rstrip_end(text, body_end))))
    return items


def _rstrip_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


# --- statements, action points and decisions ----------------------------------------------------

def _parse_item_body(text: str, item: AgendaItem, known: set[str]) -> None:
    """Fill an item's statements, action points, decisions and unattributed sentences."""
    previous: Statement | Decision | None = None
    last_speaker: str | None = None
    previous_paragraph = -1
    for unit in _units(text, item.body):
        quote = text[unit.start:unit.end]
        new_paragraph = unit.paragraph != previous_paragraph
        previous_paragraph = unit.paragraph
        marker = ACTION_MARKER.search(quote)
        if marker:
            item.action_points.append(_action_point(text, unit, marker, known))
        actor = _actor(quote, known)
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
            previous = Statement(speaker_label=label, speech_act=act, text=_clean(quote),
                                 span=Span(unit.start, unit.end))
            item.statements.append(previous)
            last_speaker = label
            continue
        clause = quote.strip()
        decision = DECISION.match(clause)
        if decision and not marker:
            verb = (decision.group("verb") or decision.group("verb2") or "agreed").lower()
            previous = Decision(text=_clean(quote), outcome=_OUTCOME[verb], span=Span(unit.start, unit.end))
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


def _extend(text: str, fact: Statement | Decision, unit: _Unit) -> None:
    fact.span = Span(fact.span.start, unit.end)
    fact.text = _clean(text[fact.span.start:fact.span.end])


def _clean(quote: str) -> str:
    """The quote with white space folded and the bold marks of the source removed."""
    return re.sub(r"\s+", " ", quote.replace("**", "")).strip().rstrip(";,")


def _is_heading(quote: str) -> bool:
    stripped = quote.strip()
    return "\n" not in stripped and len(stripped) < 90 and not stripped.endswith((".", ";", ":", "?", "!"))


def _actor(quote: str, known: set[str]) -> tuple[str, str] | None:
    """The person who acts in a clause and the speech act, or None."""
    clause = quote.strip()
    match = ACTOR_AT_START.match(clause)
    if match:
        verb = match.group("verb")
        ref = match.group("ref")
        label = _label_of(ref)
        act = SPEECH_VERBS.get(verb)
        if act and (_looks_like_person(label, known) or label in PRONOUNS or label.lower() == "the chair"):
            if verb == "agreed" and re.match(rf"^{re.escape(ref)}\s+{_ADVERBS}agreed\s+to\b", clause):
                act = "offer"
            return label, act
    for match in ACTOR_PARTICIPLE.finditer(clause):
        label = match.group("initials") or match.group("ref")
        if _looks_like_person(_label_of(match.group("ref")), known):
            return label, PARTICIPLE_VERBS[match.group("verb")]
    return None


def _label_of(ref: str) -> str:
    """'Charlie Boundy (CB)' -> 'CB' (the initials this document uses); 'NH' -> 'NH'."""
    match = re.search(rf"\(({_INITIALS})\)\s*$", ref)
    return match.group(1) if match else ref.strip()


def _looks_like_person(label: str, known: set[str]) -> bool:
    """A label names a person if the document knows it, or it is initials (resolved, or flagged, later)."""
    if label in known or _name_key(label) in known:
        return True
    return bool(re.fullmatch(_INITIALS, label)) and len(label) <= 3


def _action_point(text: str, unit: _Unit, marker: re.Match[str], known: set[str]) -> ActionPoint:
    quote = text[unit.start:unit.end]
    description = _clean(quote[:marker.start()] + quote[marker.end():]).rstrip(" .;,")
    owner = None
    for match in ANY_PERSON_REF.finditer(quote[:marker.start()]):
        label = _label_of(match.group("ref"))
        if _looks_like_person(label, known):
            owner = label
            break
    return ActionPoint(notation=marker.group("number"), description=description,
                       span=Span(unit.start, unit.end), owner_label=owner)


def _units(text: str, body: Span) -> list[_Unit]:
    """Split an item's body into sentences (and clauses after ';' where a new actor starts)."""
    units: list[_Unit] = []
    paragraph = 0
    for para_start, para_end in _paragraphs(text, body):
        paragraph += 1
        for start, end in _sentences(text, para_start, para_end):
            for clause_start, clause_end in _clauses(text, start, end):
                units.append(_Unit(clause_start, clause_end, paragraph))
    return units


def _paragraphs(text: str, body: Span) -> list[tuple[int, int]]:
    """Paragraphs are separated by blank lines; a bullet list joins the paragraph it completes."""
    chunks = []
    for match in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text[body.start:body.end]):
        chunks.append([body.start + match.start(), body.start + match.end()])
    merged: list[list[int]] = []
    for chunk in chunks:
        chunk_text = text[chunk[0]:chunk[1]]
        if merged and BULLET.match(chunk_text) and _introduces_list(text, merged[-1]):
            merged[-1][1] = chunk[1]
        else:
            merged.append(chunk)
    return [(start, end) for start, end in merged]


def _introduces_list(text: str, chunk: list[int]) -> bool:
    """A paragraph ending in ':' (or 'cover', 'include') or in a bullet is continued by a bullet list."""
    lines = [line for line in text[chunk[0]:chunk[1]].split("\n") if line.strip()]
    if lines and BULLET.match(lines[-1]):
        return True
    return text[chunk[0]:chunk[1]].rstrip().endswith((":", "cover", "include", "including", "following"))


_SENTENCE_END = re.compile(r"(?<=[.!?])(?:\*\*)?\)?\s+(?=[A-Z(\"'\u2018\u201c])|\n(?=[ \t]*(?:[-*\u2022]\s))")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within a paragraph; abbreviations such as 'e.g.' do not end a sentence."""
    spans, sentence_start = [], start
    chunk = text[start:end]
    for match in _SENTENCE_END.finditer(chunk):
        boundary = start + match.start()
        before = text[sentence_start:boundary]
        if before.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", before):
            continue
        if text[sentence_start:boundary].strip():
            spans.append((sentence_start, _rstrip_end(text, boundary)))
        sentence_start = start + match.end()
    if text[sentence_start:end].strip():
        spans.append((sentence_start, _rstrip_end(text, end)))
    return [(s + _lead(text, s, e), e) for s, e in spans]


def _lead(text: str, start: int, end: int) -> int:
    stripped = len(text[start:end]) - len(text[start:end].lstrip())
    return stripped


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split at ';' only where the next clause starts with its own actor or a decision."""
    spans, clause_start = [], start
    for match in re.finditer(r";\s+", text[start:end]):
        rest = text[start + match.end():end]
        if ACTOR_AT_START.match(rest) or DECISION.match(rest):
            spans.append((clause_start, start + match.start() + 1))
            clause_start = start + match.end()
    spans.append((clause_start, end))
    return spans
