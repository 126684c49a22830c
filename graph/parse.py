"""Turn a minutes document's text into plain dataclasses: meeting, attendance, items, statements,
action points and decisions, each with the character span it came from."""
from __future__ import annotations

import re

from graph import dates
from graph.layout.attendance import parse_attendance
from graph.layout.body import parse_item_body
from graph.layout.header import board_and_title, header_fields
from graph.layout.items import parse_items
from graph.layout.outcomes import status_of
from graph.layout.names import name_key, printed_initials, printed_name
from graph.layout.speech import known_labels
from graph.layout.text import masked
from graph.model import ActionPoint, AgendaItem, Meeting, SourceText, Span


class ParseError(Exception):
    """The text is not recognisable as minutes; the message is one line naming the file and the problem."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.problem = problem


def parse_minutes(source: SourceText) -> Meeting:
    """Parse one document's text; raise ParseError if it has no meeting date, or neither an attendance
    list nor agenda items."""
    text = source.text
    header = header_fields(text)
    found_date = dates.find_date(header.get("date", "")) or dates.find_date(text[:2000])
    date = found_date[0] if found_date else dates.find_yearless_date(text)
    if date is None:
        raise ParseError(source.name, "no recognisable meeting date (expected e.g. '29 June 2017' "
                                      "near the top); add the date to the minutes")
    board_name, acronym, title = board_and_title(text, source.name)
    start_time, end_time = dates.find_time_range(header.get("time", "")) or dates.find_times(text)
    attendance = parse_attendance(text)
    participants = attendance.participants
    initials = printed_initials(text, participants)
    initials.update({name_key(p.name): p.initials for p in participants if p.initials})  # a list's own column
    listed = {name_key(p.name): p.name for p in participants}
    for participant in participants:
        participant.initials = initials.get(name_key(participant.name))
    minutes = masked(text, attendance.blocks)  # agenda items never read the attendance lists
    items = parse_items(minutes)
    if not participants and not items:
        raise ParseError(source.name, "nothing here reads as minutes (no attendance list and no agenda "
                                      "items found); is this the right file?")
    known = known_labels(participants, initials)
    for item in items:  # unnumbered actions are numbered within the meeting: "2018-03-20/3.1"
        parse_item_body(minutes, item, known, unnumbered_prefix=f"{date.isoformat()}/")
    items = _outside_the_agenda(minutes, items, known, f"{date.isoformat()}/")
    _one_action_per_number(source.name, text, items)
    return Meeting(source=source, board_name=board_name, board_acronym=acronym, title=title,
                   date=date, start_time=start_time, end_time=end_time, participants=participants,
                   agenda_items=items,
                   initials={v: printed_name(text, k, v, listed.get(k)) for k, v in initials.items()})


_BARE_STATUS = re.compile(
    r"^\W*(?:(?:now|is|was|has|been|status)\W+)*(?:complete[d]?|done|closed|discharged|achieved|finished|dropped|"
    r"withdrawn|cancell?ed|superseded|no\s+longer\s+(?:required|needed)|ongoing|on-going|in\s+progress|open|"
    r"carried\s+forward)\W*$", re.IGNORECASE)


def _one_action_per_number(name: str, text: str, items: list[AgendaItem]) -> None:
    """An action number printed twice in one document names one action: a later bare status ("AP 3 -
    completed.") updates it and the same text restated is dropped; two different actions under one number
    cannot both be kept apart, so the document is refused (ParseError) rather than merged."""
    first: dict[str, ActionPoint] = {}
    for item in items:
        kept = []
        for action in item.action_points:
            earlier = first.setdefault(action.notation, action)
            if earlier is action:
                kept.append(action)
            elif _BARE_STATUS.match(action.description):
                earlier.status = status_of(action.description)
            elif " ".join(action.description.lower().split()) != " ".join(earlier.description.lower().split()):
                lines = [text.count("\n", 0, a.span.start) + 1 for a in (earlier, action)]
                raise ParseError(name, f"action point {action.notation} is recorded twice with different texts "
                                       f"(lines {lines[0]} and {lines[1]}); number one of them differently")
        item.action_points = kept


def _outside_the_agenda(text: str, items: list[AgendaItem], known: set[str], prefix: str) -> list[AgendaItem]:
    """Text before the first agenda item or after the last one (a decisions table above the agenda,
    a transcript below it) is read too, as an item of its own, kept only when it records something."""
    first = items[0].span.start if items else len(text)
    last = items[-1].body.end if items else len(text)
    before = AgendaItem(notation="before", title="Before the agenda", position=0,
                        span=_trimmed(text, 0, first), body=Span(0, first))
    after = AgendaItem(notation="after", title="After the agenda", position=len(items) + 1,
                       span=_trimmed(text, last, len(text)), body=Span(last, len(text)))
    kept = []
    for extra in (before, after):
        if extra.body.end > extra.body.start:
            parse_item_body(text, extra, known, unnumbered_prefix=prefix)
            if extra.statements or extra.action_points or extra.decisions:
                kept.append(extra)
    return [e for e in kept if e is before] + items + [e for e in kept if e is after]


def _trimmed(text: str, start: int, end: int) -> Span:
    """The span without the white space at either end (the whole region is the item's provenance)."""
    region = text[start:end]
    return Span(start + len(region) - len(region.lstrip()), start + len(region.rstrip()))
