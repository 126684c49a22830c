"""graph/readers/: the same minutes written as .txt, .docx, .odt, .pdf and .html give the same graph.

Every document here is written by the test itself with the format's own library (python-docx, odfpy,
reportlab) or as an HTML string, all carrying the content of one .txt in the layout of the WSTB minutes
(examples/minutes/wstb-2017-06-29.txt): a header table, "Agenda item N - Title" headings, one paragraph
per sentence group, a bullet list, and a closing attendance table of TAB-separated cells."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import DCTERMS

from graph.namespaces import BG, OA
from graph.pipeline import process_file
from graph.read import ReadError, read_document, supported_suffixes

# --- the minutes, once, as blocks ----------------------------------------------------------------
# ("fields", rows): the header table (unruled in the PDF); ("table", rows); ("heading", text);
# ("p", text) with **bold** as in the WSTB text; ("list", items); ("pagebreak", "") for the PDF.

Block = tuple[str, "str | list"]

HEADER = [
    ["Minutes"],
    ["Title of Meeting:", "Riverside Housing Partnership Board (RHPB)"],
    ["Date:", "3 March 2022", "Time:", "10.00 - 11.30"],
    ["Attendees:", "See list below"],
    ["Apologies:", "See list below"],
]
BODY: list[Block] = [
    ("heading", "Agenda item 1 - Welcome"),
    ("p", "Ann Lee (AL) welcomed members."),
    ("p", "AL confirmed that the minutes of the last meeting were an accurate record."),
    ("heading", "Agenda item 2 - Finance report"),
    ("p", "Bob Smith (BS) presented the quarterly figures for the partnership and the forecast for the "
          "rest of the financial year, which shows a small surplus after the repairs programme."),
    ("p", "BS outlined three priorities for the coming year:"),
    ("list", ["Reduce rent arrears", "Clear the repairs backlog", "Improve tenant engagement"]),
    ("p", "Carol Jones (CJ) asked whether the reserves were sufficient. BS replied that they were "
          "sufficient for the year."),
    ("p", "BS agreed to circulate the figures (**Action Point 7**)."),
    ("heading", "Agenda item 3 - Repairs programme"),
    ("p", "David Brown (DB) gave an update on the repairs programme and the new contractor."),
    ("p", "The board agreed to extend the contract by six months."),
    ("p", "CJ to review the contractor's report before the next meeting (**Action Point 8**)."),
    ("heading", "AOB"),
    ("p", "AL thanked everyone for attending."),
    ("p", "Riverside Housing Partnership Board"),
]
ATTENDANCE = [
    ["Riverside Housing Partnership Board - 03.03.22"],
    ["Attendees"],
    ["Ann Lee (chair)", "Riverside Council"],
    ["Bob Smith", "City Finance Team"],
    ["Carol Jones", "Tenants Forum"],
    ["David Brown (secretariat)", "Riverside Council"],
    ["Apologies"],
    ["Eve Green", "Health Trust"],
]
#: In the PDF "Minutes" is the running header of every page rather than a row of the header table.
RHPB: list[Block] = [("fields", HEADER)] + BODY + [("pagebreak", ""), ("table", ATTENDANCE)]
RHPB_PDF: list[Block] = [("fields", HEADER[1:])] + BODY + [("pagebreak", ""), ("table", ATTENDANCE)]


def blocks_of_txt(text: str) -> list[Block]:
    """A WSTB-layout text as blocks: TAB-separated lines are a table (the first one the header
    fields), "- " lines a list, "Agenda item N ..." and "AOB" a heading, anything else a paragraph."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if any("\t" in line for line in lines):
            rows = [line.rstrip("\t").split("\t") for line in lines]
            blocks.append(("table" if any(kind == "fields" for kind, _ in blocks) else "fields", rows))
        elif all(line.startswith("- ") for line in lines):
            blocks.append(("list", [line[2:] for line in lines]))
        elif re.match(r"Agenda item \d+ |AOB$", chunk.strip()):
            blocks.append(("heading", chunk.strip()))
        else:
            blocks.append(("p", chunk.strip("\n")))
    return blocks


def txt_of(blocks: list[Block]) -> str:
    """The WSTB layout: table rows as TAB-separated lines (padded with TABs as Word exports them),
    paragraphs separated by blank lines, list items one a line."""
    out = [""]
    for kind, content in blocks:
        if kind in ("fields", "table"):
            width = max(len(row) for row in content) + 2
            out.append("\n".join("\t".join(row + [""] * (width - len(row))) for row in content))
        elif kind == "list":
            out.append("\n".join(f"- {item}" for item in content))
        elif kind != "pagebreak":
            out.append(str(content))
    return "\n\n".join(out) + "\n"


def _bold_parts(text: str) -> list[tuple[str, bool]]:
    """'a (**Action Point 7**).' -> [('a (', False), ('Action Point 7', True), (').', False)]"""
    return [(part, index % 2 == 1) for index, part in enumerate(text.split("**")) if part]


def _columns(rows: list[list[str]]) -> int:
    return max(len(row) for row in rows)


# --- writers, one per format --------------------------------------------------------------------

def write_txt(path: Path, blocks: list[Block] = RHPB) -> Path:
    path.write_text(txt_of(blocks), encoding="utf-8")
    return path


def write_docx(path: Path, blocks: list[Block] = RHPB) -> Path:
    """Real Word tables for the header and attendance, Heading 2 and List Bullet styles, bold runs."""
    import docx

    document = docx.Document()
    for kind, content in blocks:
        if kind in ("fields", "table"):
            table = document.add_table(rows=len(content), cols=_columns(content))
            table.style = "Table Grid"
            for row, cells in zip(table.rows, content):
                for cell, text in zip(row.cells, cells):
                    cell.text = text
        elif kind == "heading":
            document.add_heading(str(content), level=2)
        elif kind == "list":
            for item in content:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "p":
            paragraph = document.add_paragraph()
            for text, bold in _bold_parts(str(content)):
                paragraph.add_run(text).bold = bold  # python-docx writes "\n" as a line break
    document.save(path)
    return path


def write_odt(path: Path, blocks: list[Block] = RHPB) -> Path:
    """ODF tables (table:table rows and cells), text:h headings, text:list items, bold spans."""
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P, Span

    document = OpenDocumentText()
    strong = Style(name="Strong", family="text")
    strong.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(strong)
    for number, (kind, content) in enumerate(blocks):
        if kind in ("fields", "table"):
            table = Table(name=f"Table{number}")
            table.addElement(TableColumn(numbercolumnsrepeated=_columns(content)))
            for cells in content:
                row = TableRow()
                for index in range(_columns(content)):
                    cell = TableCell()
                    if index < len(cells):
                        cell.addElement(P(text=cells[index]))
                    row.addElement(cell)
                table.addElement(row)
            document.text.addElement(table)
        elif kind == "heading":
            document.text.addElement(H(outlinelevel=2, text=str(content)))
        elif kind == "list":
            bullets = List()
            for item in content:
                list_item = ListItem()
                list_item.addElement(P(text=item))
                bullets.addElement(list_item)
            document.text.addElement(bullets)
        elif kind == "p":
            paragraph = P()
            for text, bold in _bold_parts(str(content)):
                paragraph.addElement(Span(stylename=strong, text=text)) if bold else paragraph.addText(text)
            document.text.addElement(paragraph)
    document.save(str(path))
    return path


def write_pdf(path: Path, blocks: list[Block] = RHPB_PDF, header: str = "Minutes", pages: int | None = 2) -> Path:
    """Each page with a running header and the footer "Page N of M"; the header fields as an unruled
    table, other tables ruled (which pdfplumber finds as tables), lists with bullets, bold runs."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import (ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Table,
                                    TableStyle)
    from xml.sax.saxutils import escape

    styles = getSampleStyleSheet()

    def markup(text: str) -> str:
        return "".join(f"<b>{escape(part)}</b>" if bold else escape(part) for part, bold in _bold_parts(text))

    def running_header_and_footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 12)
        canvas.drawString(72, A4[1] - 40, header)
        canvas.setFont("Helvetica", 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"Page {document.page}" + (f" of {pages}" if pages else ""))
        canvas.restoreState()

    story: list = []
    for kind, content in blocks:
        if kind in ("fields", "table"):
            rows = [row + [""] * (_columns(content) - len(row)) for row in content]
            table = Table(rows, hAlign="LEFT")
            if kind == "table":
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(table)
        elif kind == "heading":
            story.append(Paragraph(escape(str(content)), styles["Heading2"]))
        elif kind == "list":
            story.append(ListFlowable([ListItem(Paragraph(markup(item), styles["BodyText"])) for item in content],
                                      bulletType="bullet"))
        elif kind == "p":
            story.append(Paragraph(markup(str(content)), styles["BodyText"]))
        elif kind == "pagebreak":
            story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4, topMargin=72, bottomMargin=72).build(
        story, onFirstPage=running_header_and_footer, onLaterPages=running_header_and_footer)
    return path


def html_of(blocks: list[Block], charset_meta: str = '<meta charset="utf-8">') -> str:
    """A page with head, style, script and nav around the minutes; apostrophes and one space as entities."""
    from html import escape

    def inline(text: str) -> str:
        html = "".join(f"<b>{escape(part, quote=False)}</b>" if bold else escape(part, quote=False)
                       for part, bold in _bold_parts(text))
        return html.replace("'", "&#39;").replace("Action Point", "Action&nbsp;Point").replace("\n", "<br>\n")

    parts = [f"<!DOCTYPE html>\n<html><head>{charset_meta}<title>RHPB minutes</title>\n"
             "<style>p { margin: 0 }</style>\n<script>var leaked = 'SCRIPT TEXT';</script></head>\n<body>\n"
             "<nav><a href='/'>Home</a> | <a href='/boards'>Boards</a></nav>\n"]
    for kind, content in blocks:
        if kind in ("fields", "table"):
            parts.append("<table>\n" + "".join("  <tr>" + "".join(f"<td>{inline(cell)}</td>" for cell in row)
                                               + "</tr>\n" for row in content) + "</table>\n")
        elif kind == "heading":
            parts.append(f"<h2>{inline(str(content))}</h2>\n")
        elif kind == "list":
            parts.append("<ul>\n" + "".join(f"  <li>{inline(item)}</li>\n" for item in content) + "</ul>\n")
        elif kind == "p":
            parts.append(f"<p>{inline(str(content))}</p>\n")
    parts.append("<script>document.write('MORE SCRIPT')</script></body></html>\n")
    return "".join(parts)


def write_html(path: Path, blocks: list[Block] = RHPB) -> Path:
    path.write_text(html_of(blocks), encoding="utf-8")
    return path


WRITERS = {".docx": write_docx, ".odt": write_odt, ".pdf": write_pdf, ".html": write_html}



# --- what "the same graph" means -----------------------------------------------------------------

def facts(processed) -> dict:
    """What the minutes say, without positions."""
    meeting = processed.resolved.meeting
    items = meeting.agenda_items
    return {
        "board": (meeting.board_name, meeting.board_acronym, meeting.title),
        "when": (meeting.date, meeting.start_time, meeting.end_time),
        "participants": {(p.name, p.role, p.organisation, p.initials) for p in meeting.participants},
        "items": [(item.notation, item.title) for item in items],
        "statements": {(s.speaker_label, s.speech_act, s.text)
                       for item in items for s in item.statements},
        "actions": {(a.notation, a.owner_label, a.description)
                    for item in items for a in item.action_points},
        "decisions": {(d.outcome, d.text) for item in items for d in item.decisions},
    }


_SOURCE_NODE = re.compile(r"/source/\d+-\d+(/position|/quote)?$")
#: Differ by format and are not facts of the meeting: the file, its size and timestamp, and the offsets.
_FILE_PROPERTIES = {BG.sha256, BG.charCount, DCTERMS.source, DCTERMS.format, DCTERMS.created, OA.start, OA.end}


def comparable(graph: Graph) -> Graph:
    """The graph up to provenance offsets: offsets point into each format's own extracted text, so they
    differ between formats (a .docx table row has no padding TABs, a PDF paragraph breaks where its lines
    wrap). Selector nodes (named by their offsets) become blank nodes, offsets and file properties go,
    and quotes are compared with white space folded (and the .txt's bold marks "**" dropped)."""
    nodes: dict[URIRef, BNode] = {}

    def node(term):
        if isinstance(term, URIRef) and _SOURCE_NODE.search(str(term)):
            return nodes.setdefault(term, BNode())
        return term

    result = Graph()
    for s, p, o in graph:
        if p in _FILE_PROPERTIES:
            continue
        if p == OA.exact:
            o = Literal(" ".join(str(o).replace("**", "").split()))
        result.add((node(s), p, node(o)))
    return result


def assert_same_graph(expected: Graph, actual: Graph) -> None:
    expected_iso, actual_iso = to_isomorphic(comparable(expected)), to_isomorphic(comparable(actual))
    if expected_iso != actual_iso:
        _, only_expected, only_actual = graph_diff(expected_iso, actual_iso)
        pytest.fail("graphs differ\nonly in .txt:\n" + "\n".join(sorted(map(str, only_expected)))[:4000]
                    + "\nonly in the converted file:\n" + "\n".join(sorted(map(str, only_actual)))[:4000])


@pytest.fixture(scope="module")
def txt_processed(tmp_path_factory):
    return process_file(write_txt(tmp_path_factory.mktemp("txt") / "rhpb-2022-03-03.txt"))


def test_the_txt_version_parses_as_intended(txt_processed):
    found = facts(txt_processed)
    assert found["board"] == ("Riverside Housing Partnership Board", "RHPB",
                              "Riverside Housing Partnership Board (RHPB)")
    assert [title for _, title in found["items"]] == ["Welcome", "Finance report", "Repairs programme",
                                                       "Any other business"]
    assert ("7", "BS", "BS agreed to circulate the figures") in found["actions"]
    assert ("CJ", "question",
            "Carol Jones (CJ) asked whether the reserves were sufficient.") in found["statements"]
    assert ("Eve Green", "apologies", "Health Trust", None) in found["participants"]
    assert ("Ann Lee", "chair", "Riverside Council", "AL") in found["participants"]
    assert txt_processed.validation.conforms


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_each_format_gives_the_same_meeting_graph_as_the_txt(tmp_path, txt_processed, suffix):
    path = WRITERS[suffix](tmp_path / f"rhpb-2022-03-03{suffix}")
    source = read_document(path)
    assert source.media_type != "text/plain" and source.text.strip()
    assert "Title of Meeting:\tRiverside Housing Partnership Board (RHPB)\n" in source.text
    assert "\nAnn Lee (chair)\tRiverside Council\n" in source.text  # a table row: cells joined by a TAB
    assert "\n- Reduce rent arrears\n- Clear the repairs backlog\n" in source.text
    processed = process_file(path)
    assert facts(processed) == facts(txt_processed)
    assert_same_graph(txt_processed.built.graph, processed.built.graph)
    assert processed.validation.conforms
    # offsets still point at what they quote, in the converted format's own text
    for item in processed.resolved.meeting.agenda_items:
        for statement in item.statements:
            assert " ".join(source.quote(statement.span).split()).replace("**", "") == statement.text


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_the_wstb_minutes_retypeset_in_each_format_give_the_same_graph(tmp_path, wstb_path, wstb_processed,
                                                                        suffix):
    """The bundled WSTB minutes rebuilt as a Word/ODF/PDF/HTML document from their own blocks (TAB lines
    as real tables, "- " lines as a list, **bold** as bold): the real text's graph, offsets aside."""
    blocks = blocks_of_txt(wstb_path.read_text(encoding="utf-8"))
    kinds = [kind for kind, _ in blocks]
    assert (kinds[0], kinds[-1], kinds.count("list"), kinds.count("heading")) == ("fields", "table", 2, 7)
    writer = WRITERS[suffix]
    path = tmp_path / f"wstb-2017-06-29{suffix}"
    if suffix == ".pdf":  # a running header and "Page N" footers on every page, dropped by the reader
        writer(path, blocks, header="WSTB minutes, 29 June 2017", pages=None)
    else:
        writer(path, blocks)
    processed = process_file(path)
    assert facts(processed) == facts(wstb_processed)
    assert_same_graph(wstb_processed.built.graph, processed.built.graph)
    assert [finding.line() for finding in processed.validation.findings] == \
        [finding.line() for finding in wstb_processed.validation.findings]


def test_supported_suffixes_include_the_converted_formats():
    assert {".txt", ".md", ".docx", ".odt", ".pdf", ".html", ".htm"} <= set(supported_suffixes())


# --- .docx ---------------------------------------------------------------------------------------

def test_docx_keeps_paragraphs_and_tables_in_body_order(tmp_path):
    text = read_document(write_docx(tmp_path / "m.docx")).text
    assert text.index("Apologies:\tSee list below") < text.index("Agenda item 1 - Welcome") \
        < text.index("AL thanked everyone") < text.index("Attendees\nAnn Lee (chair)\tRiverside Council")
    assert "BS agreed to circulate the figures (Action Point 7).\n\nAgenda item 3" in text  # bold run as text
    assert "Attendees\nAnn Lee (chair)\tRiverside Council\nBob Smith\tCity Finance Team\n" in text


def test_docx_leaves_out_headers_deletions_and_contents_but_keeps_insertions(tmp_path):
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run(text: str, tag: str = "w:t"):
        element, content = OxmlElement("w:r"), OxmlElement(tag)
        content.text = text
        element.append(content)
        return element

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "RHPB - official sensitive"
    document.sections[0].footer.paragraphs[0].text = "Page 1 of 1"
    document.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Agenda item 1 - Welcome .... 1", style="TOC 1")  # a table of contents line
    paragraph = document.add_paragraph("Ann Lee (AL) welcomed ")
    inserted, deleted = OxmlElement("w:ins"), OxmlElement("w:del")
    for change in (inserted, deleted):
        change.set(qn("w:id"), "1")
        change.set(qn("w:author"), "Secretariat")
    inserted.append(run("all "))
    deleted.append(run("some ", "w:delText"))
    paragraph._p.append(deleted)
    paragraph._p.append(inserted)
    paragraph.add_run("members.")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Attendees"
    table.cell(1, 0).text, table.cell(1, 1).text = "Ann Lee (chair)", "Riverside\nCouncil"
    document.add_paragraph("\u2022\tA typed bullet")
    path = tmp_path / "m.docx"
    document.save(path)
    assert read_document(path).text == ("Ann Lee (AL) welcomed all members.\n\n"
                                        "Attendees\nAnn Lee (chair)\tRiverside Council\n\n- A typed bullet\n")


@pytest.mark.parametrize("suffix, content, problem", [
    (".docx", b"Minutes of the board\r\nDate: 3 March 2022\r\n",
     "not a valid .docx (not a zip archive); was it saved in another format?"),
    (".docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old binary Word .doc"),
    (".odt", b"just some text\n", "not a valid .odt (not a zip archive)"),
    (".pdf", b"%PDF-1.4\nthis is not really a PDF\n%%EOF\n", "not a valid PDF"),
    (".pdf", b"Minutes\nDate: 3 March 2022\n", "not a valid PDF"),
    (".docx", b"", "empty"),
    (".pdf", b"  \n", "empty"),
])
def test_unusable_files_give_one_line_naming_the_file(tmp_path, suffix, content, problem):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert problem in message


def test_a_zip_of_the_wrong_kind_is_named(tmp_path):
    odt = write_odt(tmp_path / "m.odt")
    renamed = tmp_path / "m.docx"
    renamed.write_bytes(odt.read_bytes())
    with pytest.raises(ReadError, match=r"not a valid \.docx .*rename it \.odt"):
        read_document(renamed)
    docx_file = write_docx(tmp_path / "w.docx")
    renamed = tmp_path / "w.odt"
    renamed.write_bytes(docx_file.read_bytes())
    with pytest.raises(ReadError, match=r"not a valid \.odt .*rename it \.docx"):
        read_document(renamed)


def test_a_docx_with_no_text_is_empty(tmp_path):
    import docx
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(ReadError, match="has no text; nothing to load"):
        read_document(path)


def test_a_truncated_docx_is_a_read_error(tmp_path):
    data = write_docx(tmp_path / "m.docx").read_bytes()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError) as caught:
        read_document(broken)
    assert "\n" not in str(caught.value) and "not a valid .docx" in str(caught.value)


# --- .odt ----------------------------------------------------------------------------------------

def test_odt_lists_tables_and_spaces(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P, S, Tab
    document = OpenDocumentText()
    paragraph = P(text="Date:")
    paragraph.addElement(Tab())
    paragraph.addText("3 March 2022")
    paragraph.addElement(S(c=2))
    paragraph.addText("(draft)")
    document.text.addElement(paragraph)
    path = tmp_path / "m.odt"
    document.save(str(path))
    assert read_document(path).text == "Date:\t3 March 2022  (draft)\n"
    numbered = OpenDocumentText()  # headings numbered through a list stay headings, not list items
    outline = List()
    for element in (H(outlinelevel=1, text="Agenda item 1 - Welcome"), P(text="Reduce rent arrears")):
        item = ListItem()
        item.addElement(element)
        outline.addElement(item)
    numbered.text.addElement(outline)
    numbered.save(str(path))
    assert read_document(path).text == "Agenda item 1 - Welcome\n\n- Reduce rent arrears\n"
    text = read_document(write_odt(tmp_path / "full.odt")).text
    assert "Date:\t3 March 2022\tTime:\t10.00 - 11.30\n" in text
    assert "BS outlined three priorities for the coming year:\n\n- Reduce rent arrears\n" in text


# --- .pdf ----------------------------------------------------------------------------------------

def test_pdf_drops_running_header_and_page_footer(tmp_path):
    text = read_document(write_pdf(tmp_path / "m.pdf")).text
    assert "Page 1 of 2" not in text and "Page 2 of 2" not in text
    assert "Minutes" not in text.split("\n")  # the running header, on both pages
    assert text.startswith("Title of Meeting:\tRiverside Housing Partnership Board (RHPB)\n")
    assert text.count("Ann Lee (chair)") == 1  # the table's text appears once, as TAB-joined rows
    assert text.rstrip().endswith("Apologies\nEve Green\tHealth Trust")


def test_pdf_drops_lone_page_numbers_and_a_repeated_footer_but_keeps_body_lines(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    path = tmp_path / "three.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in (1, 2, 3):
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, A4[1] - 50, f"RHPB minutes, 3 March 2022, draft {number}")  # same up to digits
        pdf.drawString(72, 400, f"Body text on page {number}.")
        pdf.drawString(72, 380, "42")  # a number in the body is not a page number
        pdf.drawString(72, 40, "Riverside Housing Partnership Board - official")
        pdf.drawCentredString(A4[0] / 2, 25, str(number))
        pdf.showPage()
    pdf.save()
    text = read_document(path).text
    assert text == ("Body text on page 1.\n\n42\n\nBody text on page 2.\n\n42\n\n"
                    "Body text on page 3.\n\n42\n")


def test_pdf_with_no_text_layer_asks_for_ocr(tmp_path):
    from reportlab.pdfgen import canvas
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(72, 72, 300, 400, fill=1)
    pdf.showPage()
    pdf.save()
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: the PDF has no text layer (scanned images?); run OCR first"


def test_a_password_protected_pdf_says_so(tmp_path):
    from reportlab.pdfgen import canvas
    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.drawString(72, 700, "Date: 3 March 2022")
    pdf.showPage()
    pdf.save()
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: the PDF is password-protected; save an unprotected copy"


def test_a_truncated_pdf_is_a_one_line_read_error(tmp_path):
    data = write_pdf(tmp_path / "m.pdf").read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises(ReadError) as caught:
        read_document(broken)
    assert "\n" not in str(caught.value)


# --- .html ---------------------------------------------------------------------------------------

def test_html_drops_script_style_nav_and_head(tmp_path):
    text = read_document(write_html(tmp_path / "m.html")).text
    for leaked in ("SCRIPT TEXT", "MORE SCRIPT", "margin", "Home", "RHPB minutes"):
        assert leaked not in text
    assert text.startswith("Minutes\nTitle of Meeting:\tRiverside Housing Partnership Board (RHPB)\n")
    assert "the contractor's report" in text  # entities decoded
    assert "(Action Point 7)" in text  # &nbsp; became a plain space


def test_html_line_breaks_lists_and_blocks(tmp_path):
    path = tmp_path / "m.htm"
    path.write_text("<html><body><h1>Minutes</h1><div>Date: 3 March 2022<br>Time: 10.00</div>"
                    "<p>First   paragraph\n spread over\n lines.</p><ol><li>One</li><li>Two<ul><li>Two a</li>"
                    "</ul></li></ol><p>Text &amp; more &lt;here&gt;</p>"
                    "<table><tr><th>Name</th><th>Organisation</th></tr>"
                    "<tr><td>Ann Lee<br>(chair)</td><td>Riverside <b>Council</b></td></tr></table></body></html>",
                    encoding="utf-8")
    source = read_document(path)
    assert source.media_type == "text/html"
    assert source.text == ("Minutes\n\nDate: 3 March 2022\nTime: 10.00\n\nFirst paragraph spread over lines.\n\n"
                           "- One\n- Two\n- Two a\n\nText & more <here>\n\n"
                           "Name\tOrganisation\nAnn Lee (chair)\tRiverside Council\n")


def test_html_layout_table_is_read_as_blocks_and_the_data_table_inside_as_rows(tmp_path):
    path = tmp_path / "m.html"
    path.write_text("<html><body><table><tr><td><a href='/'>Council</a></td><td>"
                    "<h2>Agenda item 1 - Welcome</h2><p>Ann Lee (AL) welcomed members.</p>"
                    "<p>AL thanked the hosts.</p><table><tr><td>Ann Lee (chair)</td><td>Riverside Council</td></tr>"
                    "<tr><td>Bob Smith</td><td>City Finance Team</td></tr></table></td></tr></table></body></html>",
                    encoding="utf-8")
    assert read_document(path).text == ("Council\n\nAgenda item 1 - Welcome\n\nAnn Lee (AL) welcomed members.\n\n"
                                        "AL thanked the hosts.\n\nAnn Lee (chair)\tRiverside Council\n"
                                        "Bob Smith\tCity Finance Team\n")


@pytest.mark.parametrize("meta", ['<meta charset="windows-1252">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
                                  ""])
def test_cp1252_html(tmp_path, meta):
    path = tmp_path / "m.html"
    path.write_bytes(f"<html><head>{meta}</head><body><p>Jos\u00e9 \u2013 the \u2018chair\u2019 "
                     f"welcomed members.</p></body></html>".encode("cp1252"))
    assert read_document(path).text == "Jos\u00e9 \u2013 the \u2018chair\u2019 welcomed members.\n"


def test_html_meta_charset_is_respected(tmp_path):
    path = tmp_path / "m.html"
    # valid UTF-8 bytes that the page declares to be cp1252: the declaration wins
    path.write_bytes('<html><head><meta charset="windows-1252"></head><body><p>caf\u00e9</p></body></html>'
                     .encode("utf-8"))
    assert read_document(path).text == "caf\u00c3\u00a9\n"
    path.write_bytes(b"\xef\xbb\xbf<p>caf\xc3\xa9 \xe2\x80\x93 ok</p>")
    assert read_document(path).text == "caf\u00e9 \u2013 ok\n"


def test_an_html_page_with_no_text_is_empty(tmp_path):
    path = tmp_path / "m.html"
    path.write_text("<html><head><title>Minutes</title><script>var a = 1;</script></head><body> </body></html>")
    with pytest.raises(ReadError, match="has no text; nothing to load"):
        read_document(path)
