"""Who attended: the attendance block, one person a line, with roles and organisations."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph import dates
from graph.layout.items import AOB_HEADING
from graph.layout.names import NAME
from graph.layout.text import lines_with_offsets
from graph.layout.vocabulary import ATTENDANCE_HEADINGS, ROLE_WORDS
from graph.model import Participant, Span


@dataclass
class Attendance:
    """The people listed at a meeting and the spans of text their lists occupy."""

    participants: list[Participant] = field(default_factory=list)
    blocks: list[Span] = field(default_factory=list)  # parse.py hides these from the agenda items

    def open_block(self, text: str, start: int) -> None:
        """Start a list at `start`, or grow the previous one if only white space lies between."""
        if self.blocks and not text[self.blocks[-1].end:start].strip():
            return
        self.blocks.append(Span(start, start))

    def add(self, participant: Participant) -> None:
        """A person in the current list; the block grows to cover their line."""
        self.participants.append(participant)
        last = self.blocks[-1]
        self.blocks[-1] = Span(last.start, max(last.end, participant.span.end))


def parse_attendance(text: str) -> Attendance:
    """Find the attendance lists (a heading such as 'Attendees' followed by one person a line)."""
    lines = lines_with_offsets(text)
    attendance = Attendance()
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
                attendance.open_block(text, _walk_back_over_titles(lines, index))
            continue
        if role is None:
            continue
        participant = _participant_from_cells(cells, role, start, line)
        if participant is None:
            role = None  # the list has ended
            continue
        attendance.add(participant)
    return attendance


def _next_line_is_person(lines: list[tuple[int, str]], index: int) -> bool:
    """Whether a heading is followed (within three lines) by a line that reads as a person."""
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
    if not re.fullmatch(NAME, name):
        return None
    organisation = cells[1] if len(cells) > 1 else None
    leading = len(line) - len(line.lstrip())
    return Participant(name=name, role=person_role, organisation=organisation,
                       span=Span(start + leading, start + len(line.rstrip())))
