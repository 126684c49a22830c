"""Agenda item headings: "Agenda item 3 – Title", "Item 1:", "AOB"."""
from __future__ import annotations

import re

from graph.layout.text import lines_with_offsets, rstrip_end
from graph.model import AgendaItem, Span

ITEM_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:agenda\s+)?item\s+(?P<number>\d+[A-Za-z]?)\s*(?:[-\u2013\u2014:.]\s*)?(?P<title>.*?)\s*$",
    re.IGNORECASE)
AOB_HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\d+[.)]?\s*)?(?P<title>AOB|A\.O\.B\.?|any\s+other\s+business)"
                         r"\s*[:.]?\s*$", re.IGNORECASE)


def parse_items(text: str) -> list[AgendaItem]:
    """Agenda items from their heading lines; each body runs to the next heading (or the end)."""
    headings: list[tuple[int, int, str, str]] = []
    for start, line in lines_with_offsets(text):
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
        body_end = headings[position][0] if position < len(headings) else len(text)
        items.append(AgendaItem(notation=number, title=title, position=position,
                                span=Span(start, heading_end), body=Span(heading_end, rstrip_end(text, body_end))))
    return items
