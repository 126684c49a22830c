"""Lines, paragraphs, sentences and clauses of a text, as character spans."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from graph.layout.vocabulary import ABBREVIATIONS
from graph.model import Span

BULLET = re.compile(r"^\s*(?:[-*\u2022\u25aa\u25cf]|\d+[.)])\s+")


@dataclass
class Unit:
    """A sentence, or the clause of one after a semicolon, with its span."""

    start: int
    end: int
    paragraph: int


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    """Each line of the text with the offset where it starts."""
    result, offset = [], 0
    for line in text.split("\n"):
        result.append((offset, line))
        offset += len(line) + 1
    return result


def rstrip_end(text: str, end: int) -> int:
    """The end offset moved back over trailing white space."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def units(text: str, body: Span, starts_clause: Callable[[str], bool]) -> list[Unit]:
    """Split an item's body into sentences (and clauses after ';' where a new actor starts)."""
    units: list[Unit] = []
    paragraph = 0
    for para_start, para_end in _paragraphs(text, body):
        paragraph += 1
        for start, end in _sentences(text, para_start, para_end):
            for clause_start, clause_end in _clauses(text, start, end, starts_clause):
                units.append(Unit(clause_start, clause_end, paragraph))
    return units


def _paragraphs(text: str, body: Span) -> list[tuple[int, int]]:
    """Paragraphs are separated by blank lines; a bullet list joins the paragraph it completes."""
    chunks = []
    for match in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text[body.start:body.end]):
        chunks.append([body.start + match.start(), body.start + match.end()])
    merged: list[list[int]] = []
    for chunk in chunks:
        chunk_text = text[chunk[0]:chunk[1]]
        if merged and BULLET.match(chunk_text) and _introduces_list(text, merged[-1]):
            merged[-1][1] = chunk[1]
        else:
            merged.append(chunk)
    return [(start, end) for start, end in merged]


def _introduces_list(text: str, chunk: list[int]) -> bool:
    """A paragraph ending in ':' (or 'cover', 'include') or in a bullet is continued by a bullet list."""
    lines = [line for line in text[chunk[0]:chunk[1]].split("\n") if line.strip()]
    if lines and BULLET.match(lines[-1]):
        return True
    return text[chunk[0]:chunk[1]].rstrip().endswith((":", "cover", "include", "including", "following"))


_SENTENCE_END = re.compile(r"(?<=[.!?])(?:\*\*)?\)?\s+(?=[A-Z(\"'\u2018\u201c])|\n(?=[ \t]*(?:[-*\u2022]\s))")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within a paragraph; abbreviations such as 'e.g.' do not end a sentence."""
    spans, sentence_start = [], start
    chunk = text[start:end]
    for match in _SENTENCE_END.finditer(chunk):
        boundary = start + match.start()
        before = text[sentence_start:boundary]
        if before.endswith(ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", before):
            continue
        if text[sentence_start:boundary].strip():
            spans.append((sentence_start, rstrip_end(text, boundary)))
        sentence_start = start + match.end()
    if text[sentence_start:end].strip():
        spans.append((sentence_start, rstrip_end(text, end)))
    return [(s + _lead(text, s, e), e) for s, e in spans]


def _lead(text: str, start: int, end: int) -> int:
    stripped = len(text[start:end]) - len(text[start:end].lstrip())
    return stripped


def _clauses(text: str, start: int, end: int, starts_clause: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Split at ';' only where what follows starts a clause of its own (an actor, a decision)."""
    spans, clause_start = [], start
    for match in re.finditer(r";\s+", text[start:end]):
        rest = text[start + match.end():end]
        if starts_clause(rest):
            spans.append((clause_start, start + match.start() + 1))
            clause_start = start + match.end()
    spans.append((clause_start, end))
    return spans


def clean_quote(quote: str) -> str:
    """The quote with white space folded and the bold marks of the source removed."""
    return re.sub(r"\s+", " ", quote.replace("**", "")).strip().rstrip(";,")
