"""The header of minutes: board, title, date and time fields."""
from __future__ import annotations

import re

HEADER_FIELD = re.compile(r"^(?P<key>title of meeting|meeting|title|board|committee|date|time|venue|location)"
                          r"\s*:\s*(?P<value>.*)$", re.IGNORECASE)


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


def first_line(text: str) -> str:
    """The first non-empty line that is not just "Minutes": the title when no field gives one."""
    for line in text.split("\n"):
        stripped = line.strip().lstrip("#").strip()
        if stripped and stripped.lower() not in {"minutes", "draft minutes"}:
            return stripped
    return ""


def split_acronym(title: str) -> tuple[str, str | None]:
    """'Welfare Sector Transparency Board (WSTB)' -> ('Welfare Sector Transparency Board', 'WSTB')."""
    match = re.match(r"^(?P<name>.+?)\s*\((?P<acronym>[A-Z][A-Za-z0-9&]{1,9})\)\s*$", title)
    if match:
        return match.group("name").strip(), match.group("acronym")
    return title.strip(), None
