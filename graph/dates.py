"""Dates and times as minutes print them: "29 th June 2017", "June 15, 2017", "2024-01-25",
"12th day of January, 2011", "12.15 – 14.15", "began at 1:38", "Adjourned at 5:00pm"."""
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
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:day\s+)?(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
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


_YEARLESS = [
    re.compile(rf"\bheld\s+on\s+{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH}(?![\w,]*\s+(?:19|20)\d\d)", re.IGNORECASE),
    re.compile(rf"\bheld\s+on\s+{_WEEKDAY}{_MONTH}\s+{_DAY}\b(?!,?\s+(?:19|20)\d\d)", re.IGNORECASE),
]


def find_yearless_date(text: str) -> dt.date | None:
    """"held on 19 May" with the year taken from the first year printed elsewhere in the text, or None."""
    year = re.search(r"\b(?:19|20)\d\d\b", text)
    for pattern in _YEARLESS:
        match = pattern.search(text)
        if match and year:
            try:
                return dt.date(int(year.group()), MONTHS[match.group("month").lower().rstrip(".")],
                               int(match.group("day")))
            except ValueError:
                return None
    return None


_CLOCK = _TIME.format("t")
_STARTED = re.compile(rf"\b(?:began|started|commenced|opened|convened|called\s+to\s+order)\b[^.\n]{{0,20}}?"
                      rf"\bat\s+{_CLOCK}", re.IGNORECASE)
_AFTER_DATE = re.compile(rf"[ \t]*(?:,|at|@|from)?[ \t]*{_CLOCK}", re.IGNORECASE)
_ENDED = re.compile(rf"\b(?:adjourned|(?:meeting|session)\s+(?:closed|ended|finished))\s+at\s+{_CLOCK}"
                    rf"|\bat\s+{_CLOCK.replace('?P<t', '?P<u')}[^.\n]{{0,40}}?\badjourned\b", re.IGNORECASE)
_DURATION = re.compile(r"\bduration\s*:?\s*(?:(?P<hours>\d+)\s*(?:hours?|hrs?|h)\b)?\s*"
                       r"(?:(?P<minutes>\d+)\s*(?:minutes|mins?)\b)?", re.IGNORECASE)


def find_times(text: str) -> tuple[dt.time | None, dt.time | None]:
    """Start and end: a range near the top ("12.15 – 14.15"); else the time printed with the date
    ("19th, 2021 14:00 UTC", "2011 AT 9:30 A.M.") or after "began at", and the time after "adjourned at"
    ("At 10:31 a.m. Council adjourned") or the start plus a printed duration. Either may be None."""
    found = find_time_range(text[:600])
    if found:
        return found
    date = find_date(text[:2000])
    after_date = _AFTER_DATE.match(text, date[2]) if date else None
    start = _clock(after_date, "t") if after_date else _clock(_STARTED.search(text[:2000]), "t")
    ended = _ENDED.search(text)
    end = (_clock(ended, "t") or _clock(ended, "u")) if ended else None
    if start is not None and end is None:
        end = _after_duration(start, text[:2000])
    if start is not None and end is not None and end <= start:
        end = None
    return start, end


def _clock(match: re.Match[str] | None, which: str) -> dt.time | None:
    """A single time; with no am/pm, 1 to 7 o'clock is read as afternoon ("began at 1:38")."""
    if match is None or match.group(f"{which}h") is None:
        return None
    time = _to_time(match, which)
    if time is not None and not match.group(f"{which}ampm") and 1 <= time.hour <= 7:
        time = time.replace(hour=time.hour + 12)
    return time


def _after_duration(start: dt.time, text: str) -> dt.time | None:
    """The start plus a printed duration ("Meeting Duration: 1 hour 30 min"), if it ends the same day."""
    match = _DURATION.search(text)
    if match is None or not (match.group("hours") or match.group("minutes")):
        return None
    minutes = start.hour * 60 + start.minute + int(match.group("hours") or 0) * 60 + int(match.group("minutes") or 0)
    return dt.time(minutes // 60, minutes % 60) if minutes < 24 * 60 else None
