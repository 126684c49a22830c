"""Agenda items in the layouts minutes print them: "Agenda item 3 – Title" and "Item 1: Title" (with "AOB"),
numbered headings ("1. Welcome", ASF's " 5. Discussion Items" with "A. ..." beneath it), markdown sections,
a council's numbered agenda ("*42 Accept a grant ... (Ordinance)") and bare heading lines between the one-line
paragraphs of a web page. Unnumbered items take their position as notation (made unique against the printed
numbers)."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from graph.dates import find_date
from graph.layout.header import FIELD_LIKE
from graph.layout.text import BULLET, lines_with_offsets, rstrip_end
from graph.model import AgendaItem, Span

ITEM_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:agenda\s+)?item\s+(?P<number>\d+[A-Za-z]?)\s*(?:[-\u2013\u2014:.]\s*)?(?P<title>.*?)\s*$",
    re.IGNORECASE)
AOB_HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\d+[.)]?\s*)?(?P<title>AOB|A\.O\.B\.?|any\s+other\s+business)"
                         r"\s*[:.]?\s*$", re.IGNORECASE)
NUMBERED = re.compile(r"^[ \t]{0,3}(?P<number>\d{1,2})[.)][ \t]+(?P<title>[A-Z].*?)\s*$")
LETTERED = re.compile(r"^[ \t]{2,}(?P<letter>[A-Z])[.)][ \t]+(?P<title>[A-Z].*?)\s*$")
NUMBER_PREFIX = re.compile(r"^(?:(?P<item>(?:agenda\s+)?item)\s+)?(?P<number>\d{1,2}(?:\.\d{1,2})*[A-Za-z]?)"
                           r"(?P<delimiter>[.):]|\s+[-\u2013\u2014])?\s+(?P<title>\S.*)$", re.IGNORECASE)
COUNCIL_ITEM = re.compile(  # "*42 Accept a grant ... (Ordinance)", "S-56 ... (Previous Agenda 11)"
    r"(?<!\S)\*?(?:S-)?(?P<number>\d{1,3})\s+(?P<title>[A-Z][^()]*?)\s*\((?:Communication|Report|Resolution|"
    r"(?:Emergency\s+)?Ordinance|(?:Second\s+Reading|Previous)\s+Agenda\s+\d+)[^)]*\)")
MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.*?)[ \t#]*$")
LINKED_TOPIC = re.compile(r"^[*-][ \t]+(?P<title>\[[^\]]+\]\([^)]*\)[ \t]+[-\u2013][ \t]+\S.*?)\s*$")
BULLET_LINE = re.compile(r"^(?P<indent>[ \t]*)[-*+][ \t]+(?P<title>\S.*?)\s*$")
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
ADJOURNED = re.compile(r"\badjourned\b[^\n]*?(?:\.(?=\s)|$)", re.IGNORECASE | re.MULTILINE)
META_SECTIONS = {"links", "present", "attendees", "attendance", "apologies", "regrets", "absent", "guests",
                 "agenda", "minutes", "notes", "next meeting", "decisions made", "decisions", "action items"}


@dataclass
class Heading:
    """An item's heading as found: its span, printed number (None if unnumbered) and title."""

    start: int
    end: int
    notation: str | None
    title: str
    limit: int | None = None  # where its section ends when what follows is no item (a markdown section)


def parse_items(text: str) -> list[AgendaItem]:
    """Agenda items in order; each body runs from its heading to the next item (or the end of its section;
    the last one to the adjournment)."""
    headings = _council(text) or _markdown(text) or _labelled(text) or _numbered(text) or _bare(text)
    items: list[AgendaItem] = []
    printed = {heading.notation for heading in headings if heading.notation}
    taken: set[str] = set()
    for position, heading in enumerate(headings, start=1):
        end = headings[position].start if position < len(headings) else _adjournment(text, heading.end)
        if heading.limit is not None:
            end = min(end, heading.limit)
        notation = heading.notation or _unique(str(position), printed)
        notation = _unique(notation, taken)
        taken.add(notation)
        items.append(AgendaItem(notation=notation, title=heading.title, position=position,
                                span=Span(heading.start, heading.end), body=Span(heading.end, _trim(text, end))))
    return items


def _labelled(text: str) -> list[Heading]:
    """'Agenda item 3 – Title', 'Item 1: Title' and 'AOB' lines, with any bare headings between them."""
    headings = []
    for start, line in lines_with_offsets(text):
        end = start + len(line.rstrip())
        match = ITEM_HEADING.match(line)
        if match and len(line) < 160:
            number = match.group("number")
            title = match.group("title").strip(" -\u2013\u2014:.") or f"Item {number}"
            headings.append(Heading(start, end, number, title))
        elif AOB_HEADING.match(line):
            headings.append(Heading(start, end, "AOB", "Any other business"))
    if not headings:
        return []
    taken = {heading.start for heading in headings}
    return sorted(headings + [h for h in _bare(text) if h.start not in taken], key=lambda h: h.start)


def _numbered(text: str) -> list[Heading]:
    """'1. Call to order', '2. Roll Call', ... numbered on from 1 (a list restarting at 1 inside an item is not
    read), with lettered sub-items 'A. Apache in 5 years' beneath as '5A'. '1.1 The Chair welcomed' is a
    paragraph of item 1."""
    headings: list[Heading] = []
    number, letter = 0, "A"
    for start, line in lines_with_offsets(text):
        end = start + len(line.rstrip())
        match = NUMBERED.match(line)
        if match and int(match.group("number")) == number + 1 and _heading_like(match.group("title")):
            number, letter = number + 1, "A"
            headings.append(Heading(start + match.start("number"), end, str(number), match.group("title")))
            continue
        match = LETTERED.match(line)
        if number and match and match.group("letter") == letter and _heading_like(match.group("title")):
            headings.append(Heading(start + match.start("letter"), end, f"{number}{letter}", match.group("title")))
            letter = chr(ord(letter) + 1)
    return headings


def _council(text: str) -> list[Heading]:
    """A council's agenda run into long lines: consecutive numbers, each with its title and kind
    ('(Ordinance)'); at least three of them."""
    headings: list[Heading] = []
    position = previous = 0
    while match := COUNCIL_ITEM.search(text, position):
        number = int(match.group("number"))
        if headings and number != previous + 1:
            position = match.start() + 1
            continue
        headings.append(Heading(match.start(), match.end(), str(number), re.sub(r"\s+", " ", match.group("title"))))
        position, previous = match.end(), number
    return headings if len(headings) >= 3 else []


def _markdown(text: str) -> list[Heading]:
    """Markdown sections: the first heading is the title and headings above the first top-level section
    are header. A section with text of its own is an item (its sub-sections are its body); one with only
    sub-sections holds the items; meta sections (Present, Agenda, Next Meeting, ...) are none, but a
    "Minutes" section that is a bullet outline gives its bullets."""
    lines = lines_with_offsets(text)
    marks = _heading_marks(lines)
    if marks and _is_title(lines, marks):
        marks = marks[1:]
    if not marks:
        return []
    top = min(level for _, level, _ in marks)
    marks = marks[next(k for k, mark in enumerate(marks) if mark[1] == top):]
    return _sections(text, lines, marks, len(text))


def _is_title(lines: list[tuple[int, str]], marks: list[tuple[int, int, str]]) -> bool:
    """The first heading is the document's title if it opens the text, is unnumbered, and is the only one of
    its level or is followed directly by another heading."""
    index, level, title = marks[0]
    if any(line.strip() for _, line in lines[:index]) or _split_number(_clean(title))[0] is not None:
        return False
    following = lines[index + 1:marks[1][0]] if len(marks) > 1 else lines[index + 1:]
    return all(mark[1] != level for mark in marks[1:]) or not any(line.strip() for _, line in following)


def _heading_marks(lines: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """(line index, level, title) of each '#' heading, and of each bullet shaped like the headings
    around it ('* [Web Speech API](...) - Hadley' followed by its own paragraphs, as the W3C TAG prints some)."""
    marks: list[tuple[int, int, str]] = []
    for index, (_, line) in enumerate(lines):
        match = MD_HEADING.match(line)
        if match:
            marks.append((index, len(match.group("hashes")), match.group("title")))
            continue
        match = LINKED_TOPIC.match(line)
        if match and marks and _paragraph_follows(lines, index):
            marks.append((index, marks[-1][1], match.group("title")))
    return marks


def _paragraph_follows(lines: list[tuple[int, str]], index: int) -> bool:
    """A blank line, then a paragraph that is neither a bullet nor a heading."""
    following = next((line for _, line in lines[index + 1:] if line.strip()), "")
    return (index + 1 < len(lines) and not lines[index + 1][1].strip() and bool(following)
            and not BULLET_LINE.match(following) and not MD_HEADING.match(following))


def _sections(text: str, lines: list[tuple[int, str]], marks: list[tuple[int, int, str]],
              end: int) -> list[Heading]:
    """Items among the given headings (all inside one section ending at `end`)."""
    headings: list[Heading] = []
    k = 0
    while k < len(marks):
        line_index, level, raw_title = marks[k]
        stop = next((j for j in range(k + 1, len(marks)) if marks[j][1] <= level), len(marks))
        section_end = lines[marks[stop][0]][0] if stop < len(marks) else end
        children = marks[k + 1:stop]
        start, line = lines[line_index]
        heading_end = start + len(line.rstrip())
        own_end = lines[children[0][0]][0] if children else section_end
        own_text = any(part.strip() and not RULE.match(part) for part in text[heading_end:own_end].split("\n"))
        title = _clean(raw_title)
        name = title.lower().rstrip(":")
        if children and not own_text:
            headings += _sections(text, lines, children, section_end)
        elif name in {"minutes", "notes"} and not children:
            headings += _outline(text, heading_end, section_end)
        elif name not in META_SECTIONS:
            notation, title = _split_number(title)
            headings.append(Heading(start, heading_end, notation, title, limit=section_end))
        k = stop
    return headings


def _outline(text: str, start: int, end: int) -> list[Heading]:
    """Items of minutes kept as a bullet outline: each top-level bullet, and each bullet one level in that has
    notes of its own beneath it ('  - Social Media / Mastodon' under '- Old business')."""
    lines = [(offset, line) for offset, line in lines_with_offsets(text) if start < offset < end]
    headings = []
    for index, (offset, line) in enumerate(lines):
        match = BULLET_LINE.match(line)
        if not match:
            continue
        indent = len(match.group("indent").expandtabs(4))
        following = next((other for _, other in lines[index + 1:] if other.strip()), "")
        nested = len(following) - len(following.lstrip()) > indent
        if indent == 0 or (indent <= 3 and nested):
            notation, title = _split_number(_clean(match.group("title")))
            headings.append(Heading(offset + indent, offset + len(line.rstrip()), notation, title, limit=end))
    return headings


def _bare(text: str) -> list[Heading]:
    """Unnumbered heading lines in text whose paragraphs are single lines (a web page): a short line with
    no closing punctuation directly followed by a line of prose ('Welcome and Introductions')."""
    lines = lines_with_offsets(text)
    last = max((index for index, (_, line) in enumerate(lines) if line.strip()), default=0)
    headings = []
    for index, (start, line) in enumerate(lines[:last]):
        following = lines[index + 1][1].strip()
        prose = following.endswith((".", "!", "?", ".)", '."')) or len(following) >= 80 or index + 1 == last
        if _bare_heading(line) and following and prose and not FIELD_LIKE.match(following) \
                and not following.startswith("|"):
            headings.append(Heading(start + len(line) - len(line.lstrip()), start + len(line.rstrip()),
                                    None, line.strip()))
    return headings


def _bare_heading(line: str) -> bool:
    """Short, capitalised, no closing punctuation, no tab, no 'Key: value', no bullet, no date."""
    stripped = line.strip()
    return (2 <= len(stripped) <= 100 and stripped[0].isupper() and "\t" not in stripped
            and not stripped.endswith((".", ",", ";", ":", "|", "!", "?")) and not FIELD_LIKE.match(stripped)
            and not BULLET.match(line) and find_date(stripped) is None)


def _heading_like(title: str) -> bool:
    """Short, and not a sentence."""
    return len(title) <= 100 and not title.endswith((".", ",", ";", ":"))


def _split_number(title: str) -> tuple[str | None, str]:
    """'1. Welcome' -> ('1', 'Welcome'), 'Item 4A - Budget' -> ('4A', 'Budget'), 'AOB' -> ('AOB', 'Any other
    business'), '5 Year Plan' -> (None, '5 Year Plan')."""
    if AOB_HEADING.match(title):
        return "AOB", "Any other business"
    match = NUMBER_PREFIX.match(title)
    if match and (match.group("item") or match.group("delimiter") or "." in match.group("number")):
        return match.group("number"), match.group("title").strip(" -\u2013\u2014:")
    return None, title


def _clean(title: str) -> str:
    """A markdown title as read: '[Web Share Target API](url) - David' -> 'Web Share Target API'; other links
    by their text, emphasis and trailing video times ('[(1:30)](url)') dropped."""
    title = html.unescape(title.strip())
    linked = re.match(r"^\[(?P<text>[^\]]+)\]\([^)]*\)[ \t]+[-\u2013][ \t]+\S", title)
    if linked:
        title = linked.group("text")
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title).replace("**", "").replace("*", "").replace("`", "")
    title = re.sub(r"\s*\(\d{1,2}(?::\d\d){1,2}\)$", "", title)
    return re.sub(r"\s+", " ", title).strip()


def _unique(notation: str, taken: set[str]) -> str:
    """The notation, with '-2', '-3' ... added if an earlier item of the meeting already has it."""
    candidate, count = notation, 1
    while candidate in taken:
        count += 1
        candidate = f"{notation}-{count}"
    return candidate


def _adjournment(text: str, start: int) -> int:
    """Where the last item ends: after the sentence recording the adjournment, else at the end."""
    match = ADJOURNED.search(text, start)
    return match.end() if match else len(text)


def _trim(text: str, end: int) -> int:
    """The end moved back over trailing white space and horizontal rules ('---')."""
    end = rstrip_end(text, end)
    while (line_start := text.rfind("\n", 0, end) + 1) < end and RULE.match(text[line_start:end]):
        end = rstrip_end(text, line_start)
    return end
