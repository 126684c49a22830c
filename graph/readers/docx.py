"""Word .docx -> text: paragraphs and tables interleaved in body order (python-docx)."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from graph.readers import FormatError
from graph.readers.blocks import BULLET, TextBuilder

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .doc, or an encrypted Office file


def extract_text(data: bytes) -> str:
    """The document's body as text; headers, footers, comments and tables of contents are left out."""
    document = _open(data)
    builder = TextBuilder()
    body = document.element.body
    for element in _blocks(body):
        if element.tag == qn("w:p"):
            _paragraph(Paragraph(element, document._body), builder)
        else:
            table = Table(element, document._body)
            builder.table([[_cell_text(_Cell(tc, table)) for tc in row._tr.tc_lst] for row in table.rows])
    return builder.text()


def _cell_text(cell: _Cell) -> str:
    """A cell's paragraphs joined by spaces (each <w:tc> once, so a merged cell is not repeated)."""
    return " ".join(_paragraph_text(paragraph) for paragraph in cell.paragraphs)


def _open(data: bytes):
    if data.startswith(_OLE_MAGIC):
        raise FormatError("not a valid .docx (an old binary Word .doc, or a password-protected file); "
                          "save it as an unprotected .docx")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FormatError("not a valid .docx (not a zip archive); was it saved in another format?")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as error:
        raise FormatError(f"not a valid .docx (damaged zip archive: {error})") from None
    if "[Content_Types].xml" not in names:
        hint = " (it looks like an OpenDocument file; rename it .odt)" if "mimetype" in names else ""
        raise FormatError(f"not a valid .docx (no [Content_Types].xml in the archive){hint}")
    try:
        return Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors ... for broken packages
        raise FormatError(f"not a valid .docx ({type(error).__name__}: {error})") from None


def _blocks(container) -> Iterator:
    """w:p and w:tbl children in order, looking inside content controls (w:sdt) but not tables of contents."""
    for child in container.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            gallery = child.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
            if gallery is not None and "contents" in (gallery.get(qn("w:val")) or "").lower():
                continue
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)
        elif child.tag == qn("w:customXml"):
            yield from _blocks(child)


def _paragraph(paragraph: Paragraph, builder: TextBuilder) -> None:
    style = _style_name(paragraph)
    if style.startswith("toc"):
        return
    text = _paragraph_text(paragraph)
    if _is_list_item(paragraph, style) or BULLET.match(text):  # a list style, numbering or a typed bullet
        builder.list_item(text)
    else:
        builder.paragraph(text)


def _paragraph_text(paragraph: Paragraph) -> str:
    """The runs' text, also inside tracked insertions, smart tags, inline content controls and fields;
    not deleted text, nor text boxes anchored in the paragraph. Tabs and line breaks as "\t" and "\n"."""
    runs = paragraph._p.xpath("./descendant::w:r[not(ancestor::w:del or ancestor::w:moveFrom "
                              "or ancestor::w:txbxContent)]")
    return "".join(run.text for run in runs)


def _style_name(paragraph: Paragraph) -> str:
    try:
        return (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return ""


def _is_list_item(paragraph: Paragraph, style: str) -> bool:
    """A list style ("List Bullet", "List Paragraph", ...) or direct numbering, headings excepted."""
    if style.startswith(("heading", "title")):
        return False
    if "list" in style:
        return True
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.numPr is not None
