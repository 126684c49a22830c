"""Dates and times as minutes print them: "29 th June 2017", "June 15, 2017", "2024-01-25", "12.15 – 14.15"."""
from __future__ import annotations

import datetime as dt
import re

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)\s*(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"

_DATE_PATTERNS = [
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(r"\b(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)?\d\d)\b"),
]

_TIME = r"(?P<{0}h>[012]?\d)(?:[.:](?P<{0}m>[0-5]\d))?\s*(?P<{0}ampm>[ap]\.?m\.?)?"
TIME_RANGE = re.compile(
    r"\b" + _TIME.format("s") + r"\s*(?:[-\u2013\u2014]|to|until)\s*" + _TIME.format("e") + r"(?![\d/.])",
    re.IGNORECASE)


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first calendar date in the text with its offsets, or None."""
    found: list[tuple[int, int, dt.date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            date = _to_date(match)
            if date is not None:
                found.append((match.start(), match.end(), date))
                break
    if not found:
        return None
    start, end, date = min(found, key=lambda item: item[0])
    return date, start, end


def _to_date(match: re.Match[str]) -> dt.date | None:
    month_text = match.group("month").lower()
    month = MONTHS.get(month_text.rstrip(".")) if month_text[0].isalpha() else int(month_text)
    year = int(match.group("year"))
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, int(match.group("day")))
    except (TypeError, ValueError):
        return None


def find_time_range(text: str) -> tuple[dt.time, dt.time] | None:
    """A start and end time printed as "12.15 – 14.15" or "2pm to 4pm", or None."""
    for match in TIME_RANGE.finditer(text):
        start = _to_time(match, "s")
        end = _to_time(match, "e")
        if start is not None and end is not None and (start < end):
            return start, end
    return None


def _to_time(match: re.Match[str], which: str) -> dt.time | None:
    hour = int(match.group(f"{which}h"))
    minute = int(match.group(f"{which}m") or 0)
    ampm = (match.group(f"{which}ampm") or "").lower().replace(".", "")
    if not match.group(f"{which}m") and not ampm:
        return None  # a bare number is not a time
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return None
    return dt.time(hour, minute)
