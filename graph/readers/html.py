"""HTML -> text: headings, paragraphs, list items and table rows as blocks (lxml.html)."""
from __future__ import annotations

import codecs
import re

import lxml.etree
import lxml.html

from graph.readers import FormatError
from graph.readers.blocks import TextBuilder

#: Never part of the minutes' text.
_DROPPED = {"script", "style", "nav", "head", "noscript", "template", "svg", "math", "iframe", "object",
            "select", "button"}
#: Elements that start and end a block of text.
_BLOCKS = {"html", "body", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main",
           "header", "footer", "aside", "blockquote", "address", "figure", "figcaption", "dl", "dt", "dd",
           "ul", "ol", "menu", "hr", "form", "fieldset", "legend", "details", "summary", "center", "caption"}
#: Parts of a table used for page layout, walked as blocks (a data table is read row by row instead).
_LAYOUT = {"table", "thead", "tbody", "tfoot", "tr", "td", "th"}
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f]+")


def extract_text(data: bytes) -> str:
    """The page's text, decoded by its BOM, <meta charset> or XML declaration, else UTF-8 or cp1252."""
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", decode(data))
    if not markup.strip():
        raise FormatError("the file is empty; nothing to load (was it saved or copied completely?)")
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as error:
        raise FormatError(f"not readable as HTML ({error}); save the minutes as HTML or text again") from None
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return walker.builder.text()


def decode(data: bytes) -> str:
    """Bytes -> str: a BOM wins, then a declared charset (ISO-8859-1 read as cp1252, as browsers do)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _XML_ENCODING.search(data[:1024]) or _META_CHARSET.search(data[:4096])
    candidates = ["utf-8", "cp1252"]
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name in {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
            name = "cp1252"
        elif name.startswith(("utf-16", "utf16", "utf-32")):
            name = "utf-8"  # a page that could declare this in ASCII is not UTF-16 (browsers do the same)
        try:
            candidates.insert(0, codecs.lookup(name).name)
        except LookupError:
            pass
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


class _Walker:
    """Depth-first walk that gathers inline text and emits a block at each block boundary."""

    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.buffer: list[str] = []
        self.list_depth = 0

    def flush(self) -> None:
        lines = [re.sub(" +", " ", line).strip() for line in "".join(self.buffer).split("\n")]
        self.buffer = []
        text = "\n".join(lines).strip("\n")
        if not text.strip():
            return
        if self.list_depth:
            self.builder.list_item(text)  # a <br> inside an item folds to a space: one item, one line
        else:
            self.builder.paragraph(text)

    def add(self, text: str | None) -> None:
        """Source text: its white space (line ends included) folds to one space; only <br> breaks lines."""
        if text:
            self.buffer.append(_SPACES.sub(" ", text))

    def walk(self, element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if tag is None or tag in _DROPPED:
            return  # comments, processing instructions and dropped elements (their tail is the parent's)
        if tag == "br":
            self.buffer.append("\n")
            return
        if tag == "table" and not _is_layout_table(element):
            self.flush()
            self.builder.table(_rows(element))
            return
        if tag == "pre":
            self.flush()
            self.builder.paragraph(element.text_content())
            return
        block = tag in _BLOCKS or tag in _LAYOUT or tag == "li"
        if block:
            self.flush()
        if tag == "li":
            self.list_depth += 1
        self.add(element.text)
        for child in element:
            self.walk(child)
            self.add(child.tail)
        if block:
            self.flush()
        if tag == "li":
            self.list_depth -= 1


def _is_layout_table(table) -> bool:
    """A table laying out the page: a cell holds a table, a heading, a list or several paragraphs."""
    for cell in table.xpath("./tr/td | ./*/tr/td | ./tr/th | ./*/tr/th"):
        if cell.xpath(".//table | .//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//ul | .//ol") \
                or len(cell.xpath(".//p | .//div")) > 1:
            return True
    return False


def _rows(table) -> list[list[str]]:
    """The table's own rows (not those of tables nested in its cells), one list of cell texts each."""
    rows = []
    for row in table.iter("tr"):
        if next(row.iterancestors("table"), None) is not table:
            continue
        rows.append([_cell_text(cell) for cell in row if isinstance(cell.tag, str) and cell.tag in ("td", "th")])
    return rows


def _cell_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _DROPPED:
            parts.append(" " if child.tag == "br" else _cell_text(child))
            if child.tag in _BLOCKS or child.tag in ("li", "tr", "table"):
                parts.append(" ")
        parts.append(child.tail or "")
    return "".join(parts)
