"""Who attended: the attendance lists of minutes, in every layout the corpus uses.

A list starts at a heading from ATTENDANCE_HEADINGS ("Attendees", "## Present", "Directors Present:",
"**Remote attendees:**", mid-line "THOSE PRESENT WERE:") and is then one of:
  - one person a line: TAB cells ("Name (chair) <TAB> Organisation"), bullets ("* Rod Vagg (CTC)") or
    indented names, possibly with further headings ("Apologies") in between;
  - a run in one paragraph: "Panel: A (Chair), B (Org), ..."; "Present: Peter, Dan";
    "Karla Moore-Love, Clerk of the Council; Ben Walters, ..."; "Commissioners Fish, Fritz and Leonard";
  - a markdown table with Name / Abbreviation / Organization columns (the abbreviation is the initials);
  - two columns of a PDF table flattened line by line with "|" separators ("Present: |", "Officials: |").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph import dates
from graph.layout.items import AOB_HEADING
from graph.layout.names import NAME, name_key
from graph.layout.text import lines_with_offsets, rstrip_end
from graph.layout.vocabulary import ATTENDANCE_HEADINGS, ROLE_WORDS
from graph.model import Participant, Span

_LABELS = "|".join(r"[ \t]+".join(re.escape(word) for word in heading.split())
                   for heading in sorted(ATTENDANCE_HEADINGS, key=len, reverse=True))
#: A heading at the start of a line (markdown '#' and bold marks allowed) or, with a colon, after a wide gap.
HEADING = re.compile(rf"(?:^[ \t]*(?:#+[ \t]*)?|(?<=\S)[ \t]{{2,}})[*_]*(?P<label>{_LABELS})[*_]*[ \t]*"
                     rf"(?P<colon>:)?[*_]*(?=\s|\||$)", re.IGNORECASE)
INLINE_ONLY = {"notes"}  # "Notes: Pedro Rivera" names the note taker; a "## Notes" section is no list
PLURAL_TITLES = {"Commissioners": "Commissioner", "Councillors": "Councillor", "Councilors": "Councilor"}
#: Words that make an entry a group or a post, not a person ("TUS representative", "Permanent Secretary's Office").
GROUP_WORDS = re.compile(r"\b(?:office|board|team|group|champions?|representatives?|secretariat|committee|"
                         r"council|department|ministry|staff|members|chairs|none|tbc)\b", re.IGNORECASE)
#: How someone attended, noted in parentheses and dropped: "(via Skype)", "(dial in)", "(for item 9)".
HOW_ATTENDED = re.compile(r"via\b|dial|phone|video|remote|online|part\b|for items?\b|until\b|from\b|"
                          r"left\b|arrived|joined", re.IGNORECASE)
PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "al", "bin", "ter", "dos", "del"}
BULLET = re.compile(r"^[ \t]*[-*+\u2022][ \t]+")
#: "Jane Doe \u2013 part only", "John Roe, for item 9": kept as a person, the note dropped.
TAIL = re.compile(r"\s*(?:[-\u2013\u2014,]\s*)?\b(?:part only|for items?\b[^()]*)$", re.IGNORECASE)


@dataclass
class Attendance:
    """The people listed at a meeting and the spans of text their lists occupy."""

    participants: list[Participant] = field(default_factory=list)
    blocks: list[Span] = field(default_factory=list)  # parse.py hides these from the agenda items

    def add(self, people: list[Participant], block: Span) -> None:
        """One list: its people and the span of its heading and entries."""
        self.participants.extend(people)
        self.blocks.append(block)


def parse_attendance(text: str) -> Attendance:
    """Every attendance list in the text; a person listed twice ("Present: ..., Sangwhan" and
    "Scribe: Sangwhan") is one participant, with the chair's or secretariat's role if either is given."""
    lines = lines_with_offsets(text)
    found = Attendance()
    index = 0
    while index < len(lines):
        heading = _heading_in(lines[index][1])
        rest = lines[index][1][heading.end():] if heading else ""
        if heading is None:
            index += 1
        elif rest.strip() == "|":
            index = _read_columns(text, lines, index, found)
        elif rest.strip(" \t*_"):
            index = _read_run(text, lines, index, heading, found)
        elif heading.start() == 0 and _label(heading) not in INLINE_ONLY:
            index = _read_list(text, lines, index, ATTENDANCE_HEADINGS[_label(heading)], found)
        else:
            index += 1
    return Attendance(_one_per_person(found.participants), _merged(text, found.blocks))


def _heading_in(line: str) -> re.Match | None:
    """The first attendance heading of a line: at its start ('Present', '## Attendees', 'Apologies:'),
    or after a wide gap with a colon ('...9:30 A.M.  THOSE PRESENT WERE:  Mayor Adams, ...').
    Words after a heading count only after a colon or a TAB ('Members agreed' is no heading)."""
    for heading in HEADING.finditer(line):
        rest = line[heading.end():]
        if heading.group("colon") or (heading.start() == 0 and (not rest.strip(" \t*_") or rest[0] == "\t")):
            return heading
    return None


def _label(heading: re.Match) -> str:
    """The heading's words as ATTENDANCE_HEADINGS spells them."""
    return re.sub(r"\s+", " ", heading.group("label")).lower()


def _read_list(text: str, lines: list[tuple[int, str]], index: int, role: str, found: Attendance) -> int:
    """The people under a heading alone on its line: one a line (bullets, indented names or TAB cells),
    one run, or a markdown table. The first line must name a person in full (or, as a bullet, a group);
    a bullet naming a group is covered but skipped. Returns the index of the first line after the list."""
    following = [i for i in range(index + 1, min(index + 4, len(lines))) if lines[i][1].strip()]
    if not following:
        return index + 1
    first = following[0]
    if _table_columns(lines[first][1]):
        return _read_table(text, lines, index, first, role, found)
    if not _line_entries(text, *lines[first], role, single_ok=False) and not _is_group_bullet(text, *lines[first]):
        return index + 1
    bulleted = bool(BULLET.match(lines[first][1]))
    people: list[Participant] = []
    tab_cells = "\t" in lines[first][1].strip()
    start, end, position = _walk_back_over_titles(lines, index) if tab_cells else lines[index][0], 0, first
    while position < len(lines):
        offset, line = lines[position]
        if line.strip():
            if HEADING.match(line) or bool(BULLET.match(line)) != bulleted:
                break
            entries = _line_entries(text, offset, line, role, single_ok=bulleted)
            if entries is None and not _is_group_bullet(text, offset, line):
                break
            people.extend(entries or [])
            end = rstrip_end(text, offset + len(line))
        position += 1
    found.add(people, Span(start, end))
    return position


def _line_entries(text: str, offset: int, line: str, role: str, single_ok: bool) -> list[Participant] | None:
    """The people on one line of a list: 'Name (chair) <TAB> Organisation', a run of three or more names
    ('Carol, Eric Huss, Eric Holk'), or one 'Name (notes)[, Organisation]'; None if no person."""
    cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
    if len(cells) > 1:  # the whole line is the entry
        start = offset + len(line) - len(line.lstrip())
        person = _entry(text, start, start + len(cells[0]), role, single_ok=False)
        if person is None:
            return None
        person.organisation, person.span = cells[1], Span(start, rstrip_end(text, offset + len(line)))
        return [person]
    start, end = _stripped(text, offset, line)
    if len(_split(text, start, end, ",")) > 2 or len(_split(text, start, end, ";")) > 1:
        return _run(text, start, end, role, single_ok=True)
    person = _entry(text, start, end, role, single_ok)
    return [person] if person else None


def _is_group_bullet(text: str, offset: int, line: str) -> bool:
    """A bullet naming a group or post: '- TUS representative', '- Permanent Secretary's Office'."""
    return bool(BULLET.match(line)) and _is_group(text[slice(*_stripped(text, offset, line))])


def _stripped(text: str, offset: int, line: str) -> tuple[int, int]:
    """The span of a line without its bullet and surrounding white space."""
    bullet = BULLET.match(line)
    return _trim(text, offset + (bullet.end() if bullet else 0), offset + len(line))


def _read_run(text: str, lines: list[tuple[int, str]], index: int, heading: re.Match,
              found: Attendance) -> int:
    """'Apologies: A (DCLG), B (Sunderland City Council)' after its heading, running on to the next line
    while a line ends in ',' or ';'; returns the index of the line after it."""
    offset, line = lines[index]
    end = index
    while end + 1 < len(lines) and lines[end][1].rstrip().endswith((",", ";")):
        end += 1
    label = _label(heading)
    close = rstrip_end(text, lines[end][0] + len(lines[end][1]))
    people = _run(text, offset + heading.end(), close, ATTENDANCE_HEADINGS[label], single_ok=label not in INLINE_ONLY)
    if people:
        found.add(people, Span(_trim(text, offset + heading.start(), close)[0], close))
    return end + 1


def _run(text: str, start: int, end: int, role: str, single_ok: bool) -> list[Participant] | None:
    """The people of a run: semicolons separate 'Name, Description' entries where there are any, else
    commas separate names; 'and' joins names, which then share a trailing '(Organisation)'.
    A sub-heading ('Ex Officio: Shehla Husain') sets the role from there on. None unless every entry
    names people (or a group) and one names a person: a sentence of prose is no run."""
    by_semicolon = len(_split(text, start, end, ";")) > 1
    people: list[Participant] = []
    for piece_start, piece_end in _split(text, start, end, ";" if by_semicolon else ","):
        piece_start, piece_end = _trim(text, piece_start, piece_end)
        heading = HEADING.match(text[piece_start:piece_end])
        if heading and heading.group("colon"):  # "Ex Officio: Shehla Husain (DCLG)"
            role = ATTENDANCE_HEADINGS[_label(heading)]
            piece_start = _trim(text, piece_start + heading.end(), piece_end)[0]
        title = re.match(rf"({'|'.join(PLURAL_TITLES)})\s+", text[piece_start:piece_end])
        if title:
            found = _under_plural_title(text, piece_start + title.end(), piece_end, PLURAL_TITLES[title[1]], role)
        elif by_semicolon:
            found = [person for person in [_entry(text, piece_start, piece_end, role, single_ok)] if person]
        else:
            found = _joined_by_and(text, piece_start, piece_end, role, single_ok)
        if not found and not _is_group(text[piece_start:piece_end]):
            return None
        people.extend(found)
    return people or None


def _joined_by_and(text: str, start: int, end: int, role: str, single_ok: bool) -> list[Participant]:
    """'Philip Worsfold and Padma Juggapah (DCLG)': two people, both of DCLG."""
    pieces = _split(text, start, end, r"\s+(?:and|&)\s+")
    shared = re.search(r"\([^)]*\)\s*$", text[pieces[-1][0]:pieces[-1][1]])
    people = [_entry(text, *piece, role, single_ok, shared[0] if shared else "") for piece in pieces]
    return [person for person in people if person]


def _under_plural_title(text: str, start: int, end: int, title: str, role: str) -> list[Participant]:
    """'Commissioners Fish, Fritz, Leonard and Saltzman, 5' -> Commissioner Fish, ... (the count is no one)."""
    people = []
    for piece in _split(text, start, end, r",|\s+and\s+"):
        person = _entry(text, *piece, role, single_ok=True)
        if person:
            person.name = f"{title} {person.name}"
            people.append(person)
    return people


def _entry(text: str, start: int, end: int, role: str, single_ok: bool, shared: str = "") -> Participant | None:
    """One person: 'Zoe Hoyal (Cabinet Office, secretariat)', 'Andrew Goodall (Chair)', 'Sally Khudairi
    (dial in)', 'Karla Moore-Love, Clerk of the Council', 'Mayor Adams, Presiding'; None if no person.
    Role words give the role (never over 'apologies'); other notes are the organisation as printed."""
    start, end = _trim(text, start, end)
    name_part, *rest = _split(text, start, end, ",")
    description = text[rest[0][0]:end].strip() if rest else ""
    entry = text[slice(*name_part)]
    notes = re.findall(r"\(([^)]*)\)", entry) or re.findall(r"\(([^)]*)\)", shared)
    name = TAIL.sub("", re.sub(r"\s*\([^)]*\)", "", entry)).strip()
    if not _is_name(name, single_ok):
        return None
    person_role, organisation = role, []
    for part in [part.strip() for note in notes for part in note.split(",")] + [TAIL.sub("", description)]:
        said = ROLE_WORDS.get(part.lower()) or ROLE_WORDS.get(part.lower().split(" of ")[0])
        if said:
            person_role = person_role if role == "apologies" else said
        elif part and not HOW_ATTENDED.match(part):
            organisation.append(part)
    return Participant(name=name, role=person_role, organisation=", ".join(organisation) or None,
                       span=Span(start, end))


def _is_name(name: str, single_ok: bool) -> bool:
    """'Steven R. Loomis', 'Marja Hölttä', 'Shu-yu Guo', 'lain Wright' (OCR for Iain); a single word
    ('Mara', 'Lightclient') only where single_ok, i.e. in a list evidently of people."""
    words = name.split()
    if not (1 if single_ok else 2) <= len(words) <= 5 or GROUP_WORDS.search(name):
        return False
    return bool(re.fullmatch(NAME, name)) or all(
        (word[0].isupper() and all(char.isalpha() or char in "'\u2019.-" for char in word))
        or (position > 0 and word in PARTICLES) for position, word in enumerate(words))


def _is_group(entry: str) -> bool:
    """A short entry naming a group or post, not a person: 'Representatives of the Shadow Board'."""
    return len(entry.split()) <= 8 and bool(GROUP_WORDS.search(entry))


def _read_table(text: str, lines: list[tuple[int, str]], index: int, header: int, role: str,
                found: Attendance) -> int:
    """'| Name | Abbreviation | Organization |' and its rows, under the heading at `index`."""
    columns = _table_columns(lines[header][1])
    people = []
    position, end = header + 1, rstrip_end(text, lines[header][0] + len(lines[header][1]))
    while position < len(lines) and lines[position][1].strip().startswith("|"):
        offset, line = lines[position]
        row = dict(zip(columns, (cell.strip() for cell in line.strip().strip("|").split("|"))))
        start, end = offset + len(line) - len(line.lstrip()), rstrip_end(text, offset + len(line))
        if _is_name(row.get("name", ""), single_ok=True):
            people.append(Participant(name=row["name"], role=role, organisation=row.get("organisation") or None,
                                      span=Span(start, end), initials=row.get("initials") or None))
        position += 1
    found.add(people, Span(lines[index][0], end))
    return position


def _table_columns(line: str) -> list[str]:
    """Column names of a markdown table header with a Name column ([] for any other line)."""
    cells = [cell.strip().lower() for cell in line.strip().strip("|").split("|")] if "|" in line else []
    names = {"name": "name", "abbreviation": "initials", "initials": "initials", "organization": "organisation",
             "organisation": "organisation", "affiliation": "organisation", "company": "organisation"}
    return [names.get(cell, cell) for cell in cells] if "name" in cells else []


def _read_columns(text: str, lines: list[tuple[int, str]], index: int, found: Attendance) -> int:
    """A two-column PDF table flattened one cell a line, each ending in '|': a heading row ('Present: |',
    'Officials: |'), then every row as four cells (left, right, two empty); a heading in a column
    ('Guests: |', 'Apologies: |') sets that column's role. Returns the index after the table."""
    first = index
    while first > 0 and lines[first - 1][1].rstrip().endswith("|"):
        first -= 1
    last = index
    while last + 1 < len(lines) and lines[last + 1][1].rstrip().endswith("|"):
        last += 1
    roles: list[str] = []
    column, people = None, []
    for offset, line in lines[index:last + 1]:
        cell = line.rstrip()[:-1].strip()
        heading = HEADING.fullmatch(cell) if cell else None
        if column is None and (heading or not cell):  # the heading row
            roles += [ATTENDANCE_HEADINGS[_label(heading)]] if heading else []
            continue
        if column is None:
            roles, column = (roles * 2)[:2], 0
        else:
            column = (column + 1) % 4
        if heading:
            roles[column % 2] = ATTENDANCE_HEADINGS[_label(heading)]
        elif cell:
            start = offset + len(line) - len(line.lstrip())
            person = _entry(text, start, start + len(cell), roles[column % 2], single_ok=False)
            people += [person] if person else []
    found.add(people, Span(lines[first][0], rstrip_end(text, lines[last][0] + len(lines[last][1]))))
    return last + 1


def _split(text: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    """The spans between matches of `separator` outside parentheses in text[start:end]."""
    pieces, piece_start, depth = [], start, 0
    for match in re.finditer(rf"[()]|{separator}", text[start:end]):
        if match[0] in "()":
            depth += 1 if match[0] == "(" else -1
        elif depth <= 0:
            pieces.append((piece_start, start + match.start()))
            piece_start = start + match.end()
    pieces.append((piece_start, end))
    return [piece for piece in pieces if text[piece[0]:piece[1]].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding white space, bold marks, a leading 'and' or trailing punctuation."""
    chunk = text[start:end]
    lead = re.match(r"(?:[\s*_|]|and\s)*", chunk).end()
    tail = re.search(r"[\s*_|.,;:]*$", chunk[lead:]).start()
    return start + lead, start + lead + tail


def _walk_back_over_titles(lines: list[tuple[int, str]], index: int) -> int:
    """Include the short title lines printed just above an attendance table of TAB cells."""
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


def _one_per_person(people: list[Participant]) -> list[Participant]:
    """One participant per name, in order of first listing; the chair's or secretariat's listing wins."""
    rank = {"chair": 0, "secretariat": 1}
    kept: dict[str, Participant] = {}
    for person in people:
        other = kept.setdefault(name_key(person.name), person)
        if other is not person:
            first, second = sorted((other, person), key=lambda p: rank.get(p.role, 2))
            first.organisation = first.organisation or second.organisation
            first.initials = first.initials or second.initials
            kept[name_key(person.name)] = first
    return list(kept.values())


def _merged(text: str, blocks: list[Span]) -> list[Span]:
    """The blocks in order, those with only white space between them joined."""
    merged: list[Span] = []
    for block in sorted(blocks, key=lambda span: span.start):
        if merged and not text[merged[-1].end:block.start].strip():
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, block.end))
        else:
            merged.append(block)
    return merged
