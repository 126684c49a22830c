"""The header of minutes: the board that met, the meeting's title, date and time fields."""
from __future__ import annotations

import re
from pathlib import PurePath

from graph.dates import find_date

HEADER_FIELD = re.compile(r"^(?P<key>title of meeting|meeting|title|board|committee|date|time|venue|location)"
                          r"\s*:\s*(?P<value>.*)$", re.IGNORECASE)
FIELD_LIKE = re.compile(r"^[^:]{1,30}:\s")  # "Panel: ...", "Meeting Date/Time: ..."
MEETING_OF = re.compile(r"\bmeeting\s+of\s+(?:the\s+)?(?P<board>[^.\n]{3,80}?)\s+(?:was\s+held|held|on|at)\b",
                        re.IGNORECASE)
NOT_NAME = re.compile(  # what a title adds to the board's name: "Ninth Meeting", "Meeting 108", "Minutes"
    r"\b(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th))"
    r"\s+)?(?:draft\s+|official\s+)?(?:meeting|minutes|agenda|notes|teleconference|telcon|call|sync)\b"
    r"(?:\s+(?:no\.?\s*|#)?\d+\b)?",
    re.IGNORECASE)
SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "a", "an"}


def header_fields(text: str) -> dict[str, str]:
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


def board_and_title(text: str, file_name: str = "") -> tuple[str, str | None, str]:
    """The board that met (name, acronym where printed) and the meeting's title. The title is a "Title of
    Meeting:" field or the title lines at the top; the name is the title without dates and meeting words
    ("Transparency Board Minutes - 19th May 2011" -> "Transparency Board") or what its "a meeting of the ...
    was held" names; when the document prints no name at all, the file name without its date."""
    title = header_fields(text).get("title") or title_lines(text)
    held = MEETING_OF.search(title)
    name = _case(held.group("board")) if held else _without_meeting_words(title)
    if not name:
        stem = re.sub(r"[-_ ]*\d{4}-\d\d-\d\d[-_ ]*", " ", PurePath(file_name).stem)
        name = " ".join(word.upper() if any(c.isdigit() for c in word) else word.capitalize()
                        for word in re.split(r"[-_\s]+", stem) if word)
    board, acronym = split_acronym(name)
    return board, acronym, title


def title_lines(text: str) -> str:
    """The title printed at the top: up to three short lines, stopping after the one with the date
    ("The Apache Software Foundation / Board of Directors Meeting Agenda / June 15, 2017"); a first line that
    runs on is cut after its first sentence."""
    lines: list[str] = []
    for line in text.split("\n"):
        stripped = re.sub(r"\s+", " ", line.strip().lstrip("#").strip())
        if not stripped or (not lines and stripped.lower() in {"minutes", "draft minutes"}):
            continue
        if lines and (len(stripped) > 100 or FIELD_LIKE.match(stripped) or stripped[0] in "-*|"
                      or stripped.endswith((".", ":", ";"))):
            break
        if not lines and len(stripped) > 100:
            stripped = re.split(r"(?<=\.)\s+(?=[A-Z])", stripped)[0]
        lines.append(stripped)
        if find_date(stripped) or len(lines) == 3:
            break
    return " ".join(lines)


def split_acronym(title: str) -> tuple[str, str | None]:
    """'Welfare Sector Transparency Board (WSTB)' -> ('Welfare Sector Transparency Board', 'WSTB')."""
    match = re.match(r"^(?P<name>.+?)\s*\((?P<acronym>[A-Z][A-Za-z0-9&]{1,9})\)\s*$", title)
    if match:
        return match.group("name").strip(), match.group("acronym")
    return title.strip(), None


def _without_meeting_words(title: str) -> str:
    """The title without its dates, meeting words and numbers, separators and a leading 'The'."""
    while (found := find_date(title)) is not None:
        title = title[:found[1]] + " " + title[found[2]:]
    name = re.sub(r"\s+", " ", NOT_NAME.sub(" ", title))
    name = re.sub(r"^(?:the\s+)", "", name.strip(" -\u2013\u2014:|,/"), flags=re.IGNORECASE)
    return _case(name.strip(" -\u2013\u2014:|,/"))


def _case(name: str) -> str:
    """A name printed in capitals ('COUNCIL OF THE CITY OF PORTLAND') in title case; single words as printed."""
    words = name.split()
    if len(words) < 2 or not name.isupper():
        return " ".join(words)
    return " ".join(word.lower() if index and word.lower() in SMALL_WORDS else word.capitalize()
                    for index, word in enumerate(words))
