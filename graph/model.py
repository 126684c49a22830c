"""Plain dataclasses passed between the pipeline stages (no rdflib here)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) in a document's text."""

    start: int
    end: int


@dataclass(frozen=True)
class SourceText:
    """A minutes document read into text; every Span refers to offsets in `text`."""

    name: str  # file name as given, e.g. "wstb-2017-06-29.txt"
    media_type: str  # e.g. "text/plain"
    sha256: str  # of the file's bytes
    text: str
    modified: dt.datetime | None = None  # the file's timestamp (UTC), the best creation date a file gives

    def quote(self, span: Span) -> str:
        """The exact text a span covers."""
        return self.text[span.start:span.end]


@dataclass
class Participant:
    """One person listed at a meeting, as printed."""

    name: str  # as printed, e.g. "lain Wright"
    role: str  # chair, secretariat, member, presenter, in-attendance, observer, apologies
    organisation: str | None  # as printed, e.g. "DWP Digital, Data Science"
    span: Span
    initials: str | None = None  # as printed in this document, e.g. "IW"


@dataclass
class Statement:
    """A sentence in which a participant acts (speaks, explains, asks, ...)."""

    speaker_label: str  # as printed: "Charlie Boundy", "CB", "He", "KG"
    speech_act: str  # welcome, update, explanation, comment, question, answer, ...
    text: str
    span: Span


@dataclass
class ActionPoint:
    """An action recorded in the minutes (or reviewed in them, when raised at an earlier meeting)."""

    notation: str  # "44" as printed; unnumbered actions get "<prefix><item notation>.<n>" (see layout/body.py)
    description: str
    span: Span
    owner_label: str | None = None  # as printed: "GH", "Nick Halliday", "DCLG" (the first owner if several)
    status: str = "open"  # open, completed, dropped
    due: dt.date | None = None
    owner_labels: list[str] = field(default_factory=list)  # every owner as printed ("RC/CJ/TJ" -> 3)
    reviewed: bool = False  # a status update on an action raised at an earlier meeting


@dataclass
class Decision:
    """Something the meeting agreed, approved, noted or rejected."""

    text: str
    outcome: str  # agreed, approved, noted, resolved, rejected, deferred
    span: Span
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None


@dataclass
class AgendaItem:
    """One agenda item with what was said and settled under it."""

    notation: str  # printed number, "3", or "AOB"
    title: str
    position: int  # 1-based order in the meeting
    span: Span  # the heading
    body: Span  # the heading and everything up to the next item
    statements: list[Statement] = field(default_factory=list)
    action_points: list[ActionPoint] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    unattributed: list[Span] = field(default_factory=list)  # sentences no participant acts in


@dataclass
class Meeting:
    """Everything parse.py found in one minutes document."""

    source: SourceText
    board_name: str
    board_acronym: str | None
    title: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    participants: list[Participant]
    agenda_items: list[AgendaItem]
    initials: dict[str, str] = field(default_factory=dict)  # initials -> full name as printed in the text
