"""OpenDocument .odt -> text: headings, paragraphs, lists and tables in body order (odfpy)."""
from __future__ import annotations

import io
import re
import zipfile

from odf.element import Element, Node
from odf.namespaces import TABLENS, TEXTNS
from odf.opendocument import load

from graph.readers import FormatError
from graph.readers.blocks import BULLET, TextBuilder

_ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
#: Inside a paragraph: left out entirely (footnotes, comments, change-tracking records, frames).
_SKIPPED_INLINE = {"note", "annotation", "tracked-changes", "frame", "bookmark-ref"}


def extract_text(data: bytes) -> str:
    """The document body as text; page headers and footers (in the styles part) are not included."""
    document = _open(data)
    builder = TextBuilder()
    _blocks(document.text, builder, in_list=False)
    return builder.text()


def _open(data: bytes):
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FormatError("not a valid .odt (not a zip archive); was it saved in another format?")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError) as error:
        raise FormatError(f"not a valid .odt (damaged zip archive: {error})") from None
    if "content.xml" not in names:
        hint = " (it looks like a Word file; rename it .docx)" if "word/document.xml" in names else ""
        raise FormatError(f"not a valid .odt (no content.xml in the archive){hint}")
    if mimetype and mimetype != _ODT_MIMETYPE:
        raise FormatError(f"not an .odt text document (its type is {mimetype})")
    try:
        return load(io.BytesIO(data))
    except Exception as error:  # odfpy raises KeyError, SAX and zip errors for broken packages
        raise FormatError(f"not a valid .odt ({type(error).__name__}: {error})") from None


def _local(node: Element) -> tuple[str, str]:
    return node.qname if node.nodeType == Node.ELEMENT_NODE else ("", "")


def _blocks(container: Element, builder: TextBuilder, in_list: bool) -> None:
    """Walk block-level children: text:p, text:h, text:list, table:table, text:section.

    Anything else is left out: generated indexes (a table of contents repeats "Agenda item 1 ... 2"),
    tracked changes, sequence declarations, forms."""
    for child in container.childNodes:
        namespace, name = _local(child)
        if namespace == TEXTNS and name in ("p", "h"):
            text = _inline(child)
            if (in_list and name == "p") or BULLET.match(text):  # a numbered heading is still a heading
                builder.list_item(text)
            else:
                builder.paragraph(text)
        elif namespace == TEXTNS and name == "list":
            _blocks(child, builder, in_list=True)
        elif namespace == TEXTNS and name in ("list-item", "list-header"):
            _blocks(child, builder, in_list=name == "list-item")
        elif namespace == TABLENS and name == "table":
            builder.table(_rows(child))
        elif namespace == TEXTNS and name == "section":
            _blocks(child, builder, in_list)


def _rows(table: Element) -> list[list[str]]:
    """Each table:table-row (also inside header-rows and row-groups) as its cells' text."""
    rows: list[list[str]] = []
    for child in table.childNodes:
        namespace, name = _local(child)
        if namespace != TABLENS:
            continue
        if name == "table-row":
            cells: list[str] = []
            for cell in child.childNodes:
                cell_ns, cell_name = _local(cell)
                if cell_ns == TABLENS and cell_name == "table-cell":
                    text = " ".join(_cell_paragraphs(cell))
                    repeat = _int(cell.getAttrNS(TABLENS, "number-columns-repeated")) if not text else 1
                    cells.extend([text] * min(repeat, 64))
            rows.append(cells)
        elif name in ("table-header-rows", "table-rows", "table-row-group"):
            rows.extend(_rows(child))
    return rows


def _cell_paragraphs(cell: Element) -> list[str]:
    texts: list[str] = []
    for child in cell.childNodes:
        namespace, name = _local(child)
        if namespace == TEXTNS and name in ("p", "h"):
            texts.append(_inline(child))
        elif namespace == TEXTNS and name in ("list", "list-item", "section"):
            texts.extend(_cell_paragraphs(child))
    return [text for text in texts if text.strip()]


def _inline(element: Element) -> str:
    """A paragraph's text: runs of white space fold to one space; text:s, text:tab and line breaks count."""
    parts: list[str] = []
    for child in element.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            parts.append(re.sub(r"[ \t\r\n]+", " ", child.data))
            continue
        namespace, name = _local(child)
        if namespace == TEXTNS and name == "s":
            parts.append(" " * min(_int(child.getAttrNS(TEXTNS, "c")), 64))
        elif namespace == TEXTNS and name == "tab":
            parts.append("\t")
        elif namespace == TEXTNS and name == "line-break":
            parts.append("\n")
        elif name in _SKIPPED_INLINE:
            continue
        elif child.nodeType == Node.ELEMENT_NODE:
            parts.append(_inline(child))
    return "".join(parts)


def _int(value: str | None) -> int:
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1
