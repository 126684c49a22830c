"""Lines, paragraphs, sentences, clauses and tables of a text, as character spans."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from graph.layout.vocabulary import ABBREVIATIONS
from graph.model import Span

BULLET = re.compile(r"^\s*(?:[-*\u2022\u25aa\u25cf]|\d+[.)])\s+")
_MORE_ABBREVIATIONS = ("Sr.", "Jr.", "Inc.", "Ltd.", "Co.", "Corp.", "approx.", "Nos.")
_ABBREVIATION_END = re.compile(
    rf"(?<![\w.])(?:{'|'.join(re.escape(a) for a in (*ABBREVIATIONS, *_MORE_ABBREVIATIONS))})$", re.IGNORECASE)
MARKDOWN_HEADING = re.compile(r"^\s*(?:#{1,6}\s|-{3,}\s*$|={3,}\s*$)")
_NOT_LINE_BREAK = re.compile(r"[^\n]")


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


def body_lines(text: str, body: Span) -> list[tuple[int, str]]:
    """The lines of a span of the text (whole lines; the first may start mid-line), with their offsets."""
    return [(body.start + offset, line) for offset, line in lines_with_offsets(text[body.start:body.end])]


def rstrip_end(text: str, end: int) -> int:
    """The end offset moved back over trailing white space."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def masked(text: str, spans: Iterable[Span]) -> str:
    """The text with the spans blanked out (same length, line breaks kept)."""
    pieces, at = [], 0
    for start, end in sorted((span.start, span.end) for span in spans):
        start = max(start, at)
        if end <= start:
            continue
        pieces.append(text[at:start])
        pieces.append(_NOT_LINE_BREAK.sub(" ", text[start:end]))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def units(text: str, body: Span, starts_clause: Callable[[str], bool], breaks: Iterable[int] = ()) -> list[Unit]:
    """Split an item's body into sentences (and clauses after ';' where a new actor starts); a unit also
    ends at each offset in `breaks` (where a speaker's turn starts, where a block read apart starts or ends)."""
    found: list[Unit] = []
    cuts = sorted(set(breaks))
    paragraph = 0
    for para_start, para_end in _paragraphs(text, body):
        paragraph += 1
        for start, end in _sentences(text, para_start, para_end):
            for clause_start, clause_end in _clauses(text, start, end, starts_clause):
                for piece_start, piece_end in _cut(text, clause_start, clause_end, cuts):
                    found.append(Unit(piece_start, piece_end, paragraph))
    return found


def _cut(text: str, start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    """A sentence cut at the given offsets; pieces with no word in them (a bare bullet) are dropped."""
    bounds = [start] + [cut for cut in cuts if start < cut < end] + [end]
    pieces = []
    for left, right in zip(bounds, bounds[1:]):
        piece = text[left:right]
        if re.search(r"\w", piece):
            pieces.append((left + len(piece) - len(piece.lstrip()), rstrip_end(text, right)))
    return pieces


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


_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?:\*\*)?\)?\s+(?=[A-Z(\"'\u2018\u201c*]|\d+(?:\.\d+)+\s)|\n(?=[ \t]*(?:[-*\u2022]\s))|\n(?=[ \t]*#)")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within a paragraph; abbreviations such as 'e.g.' do not end a sentence; a heading line
    ('VAT/Fraud', '1. Welcome and current issues') is a sentence of its own."""
    boundaries = sorted({(start + m.start(), start + m.end()) for m in _SENTENCE_END.finditer(text[start:end])} |
                        set(_heading_lines(text, start, end)))
    spans, sentence_start = [], start
    for boundary, after in boundaries:
        if boundary < sentence_start:
            continue
        before = text[sentence_start:boundary]
        if _ABBREVIATION_END.search(before) or re.search(r"\b[A-Z]\.$", before) or \
                re.fullmatch(r"\s*(?:[-*\u2022]\s+)?(?:\d+|[a-z])\.", before) or _open_parenthesis(before):
            continue
        if before.strip():
            spans.append((sentence_start, rstrip_end(text, boundary)))
        sentence_start = after
    if text[sentence_start:end].strip():
        spans.append((sentence_start, rstrip_end(text, end)))
    spans = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]
    return [piece for s, e in spans for piece in _heading_apart(text, s, e)]


_WRAPPED = re.compile(r"\b(?:the|a|an|of|and|or|to|in|for|with|on|at|by|from|as|that|is|are|was|were)$", re.I)


def _heading_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Line breaks after a heading line: a short line with no closing punctuation, opening the paragraph or
    following a finished sentence, before a line that starts with a capital or a digit."""
    found, after_sentence = [], True
    lines = lines_with_offsets(text[start:end])
    for (offset, line), (next_offset, next_line) in zip(lines, lines[1:]):
        stripped = line.strip()
        heading = bool(stripped) and len(stripped) < 75 and not stripped.endswith(tuple(".?!;:,-\u2013\u2014")) \
            and not _WRAPPED.search(stripped) and bool(re.match(r"\s*[A-Z0-9]", next_line))
        if heading and after_sentence:
            found.append((start + offset + len(line), start + next_offset + len(next_line) - len(next_line.lstrip())))
        after_sentence = heading or not stripped or stripped.endswith((".", "?", "!", ":"))
    return found


def _open_parenthesis(sentence: str) -> bool:
    """Whether a sentence so far has opened a parenthesis it has not closed: '(Alex is away. To be revisited.)'
    is one sentence."""
    opened = sentence.rfind("(")
    return opened >= len(sentence) - 300 and sentence.count("(") > sentence.count(")")


def _heading_apart(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A markdown heading line is a sentence of its own ('### Adoption of the agenda' / 'Adopted')."""
    newline = text.find("\n", start, end)
    if not MARKDOWN_HEADING.match(text[start:end]) or newline < 0 or not text[newline:end].strip():
        return [(start, end)]
    rest = newline + len(text[newline:end]) - len(text[newline:end].lstrip())
    return [(start, rstrip_end(text, newline)), (rest, end)]


def _clauses(text: str, start: int, end: int, starts_clause: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Split at ';' (or ', but'/', and' before a new speaker) only where what follows starts a clause of
    its own (an actor, a decision)."""
    spans, clause_start = [], start
    for match in re.finditer(r";\s+|,\s+(?:but|and|while|whereas)\s+(?=\*\*)", text[start:end]):
        rest = text[start + match.end():end]
        if starts_clause(rest):
            spans.append((clause_start, start + match.start() + (1 if match.group().startswith(";") else 0)))
            clause_start = start + match.end()
    spans.append((clause_start, end))
    return spans


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row ('| a | b |' or 'a<TAB>b'), or None if the line is not one."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return [cell.strip() for cell in stripped.strip("|").split("|")]
    if "\t" in stripped:
        return [cell.strip() for cell in re.split(r"\t+", stripped)]
    return None


def clean_quote(quote: str) -> str:
    """The quote with white space folded, and the bold marks and a leading bullet of the source removed."""
    folded = re.sub(r"\s+", " ", quote.replace("**", "")).strip().rstrip(";,")
    return re.sub(r"^[-*\u2022]\s+", "", folded)
