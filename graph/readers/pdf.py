"""PDF -> text: lines rebuilt from word positions, tables as TAB-joined rows, running headers dropped.

Per page, pdfplumber finds ruled tables; the words outside the tables' boxes are grouped into lines
(a wide gap between two words becomes a TAB, so an unruled "Date:  3 March 2022  Time: ..." layout
keeps its columns), a larger vertical gap starts a new paragraph, and each table is put back at its
place as one line per row. Lines at the top or bottom of a page that are page numbers ("Page 1 of 11",
"3", "- 3 -") or that repeat on most pages (a running title or footer) are dropped."""
from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from graph.readers import FormatError
from graph.readers.blocks import BULLET, TextBuilder

#: "Page 1 of 11", "page 3", "3", "3/11", "- 3 -"
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
                          r"|^[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]$",
                          re.IGNORECASE)
_EDGE_LINES = 2  # how many lines at each end of a page may be running headers or footers
_EDGE_BAND = 0.15  # ... and only within this fraction of the page height from its top or bottom
#: A lone first glyph set apart from the text: a bullet, including one pdfminer cannot name ("(cid:127)").
_BULLET_GLYPH = re.compile(r"\(cid:\d+\)|[^\w\s(\[\"'\u2018\u201c\u00a3$\u20ac%&]")
#: Typographic ligatures some PDF fonts map to one character ("\ufb01gures"): spelled out.
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})
_TAB_GAP = 1.0  # a gap between words wider than this many font sizes is a column break (TAB)
_PARAGRAPH_GAP = 0.45  # white space between lines taller than this many font sizes starts a paragraph
_TABLE_ROW_GAP = 1.2  # ... but lines of TAB-separated columns (an unruled table) may be further apart


@dataclass
class _Line:
    top: float
    bottom: float
    size: float
    text: str
    x1: float = 0.0  # right end of the line
    first_width: float = 0.0  # width of its first word
    right_edge: float = 0.0  # right end of the page's longest line: where wrapped lines end


@dataclass
class _TableRows:
    top: float
    bottom: float
    rows: list[list[str]]


def extract_text(data: bytes) -> str:
    """The text of every page in reading order; raises FormatError for a damaged or image-only PDF."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_items(page) for page in pdf.pages]
    except FormatError:
        raise
    except Exception as error:  # pdfminer raises many kinds for broken files; pdfplumber wraps some
        cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise FormatError("the PDF is password-protected; save an unprotected copy") from None
        raise FormatError(f"not a valid PDF or a damaged one ({type(cause).__name__}: {cause})") from None
    if not any(isinstance(item, _Line) and item.text.strip() for items, _ in pages for item in items):
        raise FormatError("the PDF has no text layer (scanned images?); run OCR first")
    _drop_running_lines(pages)
    return _assemble([items for items, _ in pages])


def _page_items(page) -> tuple[list[_Line | _TableRows], float]:
    """A page's lines and tables sorted top to bottom, with the page height."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside_tables(obj) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside_tables) if boxes else page
    words = text_page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
    items: list[_Line | _TableRows] = _lines(words)
    for table, (_, top, _, bottom) in zip(tables, boxes):
        items.append(_TableRows(top, bottom, [[cell or "" for cell in row] for row in table.extract()]))
    items.sort(key=lambda item: item.top)
    return items, float(page.height)


def _lines(words: list[dict]) -> list[_Line]:
    """Group words that overlap vertically into lines; join them with a space, or a TAB across a wide gap."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        if rows:
            last = rows[-1]
            top, bottom = min(w["top"] for w in last), max(w["bottom"] for w in last)
            middle = (word["top"] + word["bottom"]) / 2
            if top <= middle <= bottom:
                last.append(word)
                continue
        rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        size = max(w.get("size") or (w["bottom"] - w["top"]) for w in row)
        parts = [row[0]["text"]]
        for previous, word in zip(row, row[1:]):
            parts.append("\t" if word["x0"] - previous["x1"] > _TAB_GAP * size else " ")
            parts.append(word["text"])
        if len(parts) > 2 and parts[1] == "\t" and _BULLET_GLYPH.fullmatch(parts[0]):
            parts[:2] = ["\u2022", " "]
        text = "".join(parts).translate(_LIGATURES)
        lines.append(_Line(min(w["top"] for w in row), max(w["bottom"] for w in row), size, text,
                           x1=row[-1]["x1"], first_width=row[0]["x1"] - row[0]["x0"]))
    right_edge = max((line.x1 for line in lines), default=0.0)
    for line in lines:
        line.right_edge = right_edge
    return lines


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _edge_lines(items: list, height: float) -> list[_Line]:
    """The first and last few lines of a page that lie near its top or bottom edge."""
    lines = [item for item in items if isinstance(item, _Line)]
    head = [line for line in lines[:_EDGE_LINES] if line.top <= height * _EDGE_BAND]
    foot = [line for line in lines[-_EDGE_LINES:] if line.bottom >= height * (1 - _EDGE_BAND)]
    return head + [line for line in foot if line not in head]


def _drop_running_lines(pages: list[tuple[list, float]]) -> None:
    """Remove page numbers and lines repeated at the top or bottom of most pages (in place)."""
    edges = [_edge_lines(items, height) for items, height in pages]
    counts: dict[str, int] = {}
    for page_edges in edges:
        for key in {_running_key(line.text) for line in page_edges}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, math.ceil(0.6 * len(pages)))
    for (items, _), page_edges in zip(pages, edges):
        for line in page_edges:
            if _PAGE_NUMBER.match(line.text.strip()) or counts[_running_key(line.text)] >= needed:
                items.remove(line)


def _assemble(pages: list[list[_Line | _TableRows]]) -> str:
    """Lines -> paragraphs (by vertical gaps) and list items; tables as rows; pages joined in order."""
    builder = TextBuilder()
    paragraph: list[str] = []
    previous: _Line | None = None

    def flush() -> None:
        if paragraph:
            builder.paragraph("".join(paragraph))
            paragraph.clear()

    for number, items in enumerate(pages):
        for item in items:
            if isinstance(item, _TableRows):
                flush()
                builder.table(item.rows)
                previous = None
                continue
            if BULLET.match(item.text):
                flush()
                builder.list_item(item.text)
            elif previous is not None and paragraph and _same_paragraph(previous, item, number, items):
                paragraph.extend([_line_join(previous, item), item.text])
            elif previous is not None and not paragraph and _continues_list(previous, item, items):
                builder.list_item_continues(item.text)
            else:
                flush()
                paragraph.append(item.text)
            previous = item
    flush()
    return builder.text()


def _same_paragraph(previous: _Line, line: _Line, number: int, items: list) -> bool:
    if line is items[0] and number > 0:  # first line of a page: a sentence running on from the last page
        return not previous.text.rstrip().endswith((".", ":", ";", "?", "!")) and line.text[:1].islower()
    gap = line.top - previous.bottom
    if "\t" in previous.text and "\t" in line.text:  # rows of an unruled table stay one block
        return gap <= _TABLE_ROW_GAP * max(previous.size, line.size)
    return gap <= _PARAGRAPH_GAP * max(previous.size, line.size)


def _line_join(previous: _Line, line: _Line) -> str:
    """What goes between two lines of one paragraph: a space where the text wrapped (the line's first
    word would not have fitted on the one before), nothing after a hyphen at a wrap, else a line break.

    So a paragraph is one line, as in the plain-text minutes, and a heading that wrapped stays whole."""
    if "\t" in previous.text or "\t" in line.text:
        return "\n"
    if line.first_width + 0.3 * line.size <= previous.right_edge - previous.x1:
        return "\n"  # it would have fitted: a deliberate line break
    if re.search(r"[^\W\d_]-$", previous.text) and line.text[:1].islower():
        return ""
    return " "


def _continues_list(previous: _Line, line: _Line, items: list) -> bool:
    """A wrapped list item's next line: close below the item, not a new paragraph."""
    return line is not items[0] and line.top - previous.bottom <= _PARAGRAPH_GAP * max(previous.size, line.size)
