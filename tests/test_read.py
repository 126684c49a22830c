"""graph/read.py: decoding, normalisation and one-line errors for unusable files."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.export import serialize_graph
from graph.pipeline import process_file
from graph.read import MAX_CHARACTERS, ReadError, read_document


def test_reads_the_wstb_minutes_with_offsets_into_the_text(wstb_path):
    source = read_document(wstb_path)
    assert source.name == "wstb-2017-06-29.txt"
    assert source.media_type == "text/plain"
    assert len(source.sha256) == 64
    start = source.text.index("Charlie Boundy (CB) welcomed")
    assert source.text[start:start + 14] == "Charlie Boundy"
    assert "\r" not in source.text


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""),
                                              ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                              ("utf-32-le", b"\xff\xfe\x00\x00")])
def test_decodes_utf8_bom_cp1252_and_unicode_with_a_byte_order_mark(tmp_path, encoding, prefix):
    text = "Minutes\r\nDate: 1 March 2020\r\nJos\u00e9 \u2013 the \u2019chair\u2019\u00a0spoke\r\n"
    path = tmp_path / "m.txt"
    path.write_bytes(prefix + text.encode(encoding))
    source = read_document(path)
    assert source.text.startswith("Minutes\nDate: 1 March 2020\n")
    assert "Jos\u00e9 \u2013 the \u2019chair\u2019 spoke" in source.text  # NBSP became a space, length kept


def test_no_break_space_normalisation_keeps_offsets(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text("a\u00a0b\u202fc", encoding="utf-8")
    assert read_document(path).text == "a b c"


def test_control_characters_are_replaced_one_for_one_and_the_minutes_export_as_rdf_xml(tmp_path, wstb_path):
    """A stray control character (a form feed between PDF pages, an escape code pasted from a terminal)
    keeps its offset but cannot reach the graph: XML 1.0 cannot carry it, so RDF/XML would break."""
    path = tmp_path / "m.txt"
    path.write_text("a\x0cb\x1bc\x0bd\ufffee\tf", encoding="utf-8")
    assert read_document(path).text == "a\nb c\nd e\tf"
    original = wstb_path.read_text(encoding="utf-8")
    damaged = tmp_path / "wstb-2017-06-29.txt"
    damaged.write_text(original.replace("Stat-Xplore", "Stat\x1b-Xplore", 1), encoding="utf-8")
    processed = process_file(damaged)
    assert processed.validation.conforms
    text = serialize_graph(processed.built.graph, str(processed.built.graph_iri), "rdfxml")
    assert isomorphic(rdflib.Graph().parse(data=text, format="xml"), processed.built.graph)
    assert any("Stat -Xplore" in str(o) for o in processed.built.graph.objects())


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"   \n\n\t ", "empty"),
    (b"\x00\x01\x02PK\x03\x04binary" * 50, "binary"),
    (b"1234 5678\n----\n", "no words"),
])
def test_unusable_files_give_one_line_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert problem in message


def test_unsupported_suffix_and_missing_file(tmp_path):
    with pytest.raises(ReadError, match="unsupported file type '.xyz'"):
        read_document(tmp_path / "minutes.xyz")
    with pytest.raises(ReadError, match="cannot open the file"):
        read_document(tmp_path / "missing.txt")


def test_minutes_saved_as_utf16_give_the_same_graph_as_utf8(tmp_path, wstb_path, wstb_processed):
    path = tmp_path / wstb_path.name
    path.write_bytes(b"\xff\xfe" + wstb_path.read_text(encoding="utf-8").encode("utf-16-le"))
    processed = process_file(path)
    assert len(processed.built.graph) == len(wstb_processed.built.graph)
    assert processed.built.graph_iri == wstb_processed.built.graph_iri


def test_invalid_utf16_is_named(tmp_path):
    path = tmp_path / "m.txt"
    path.write_bytes(b"\xff\xfeM\x00i\x00\x00\xd8")  # a lone surrogate at the end
    with pytest.raises(ReadError, match="starts like UTF-16 text but is not valid UTF-16; save it as UTF-8"):
        read_document(path)


@pytest.mark.parametrize("name", ["huge.txt", "huge.pdf", "huge.docx"])
def test_a_huge_file_is_refused_before_it_is_read(tmp_path, name):
    path = tmp_path / name
    with path.open("wb") as file:
        file.truncate(100 * 1024 * 1024)  # 100 MB (sparse: costs no disk)
    with pytest.raises(ReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and "100.0 MB, too large for one minutes document" in message
    assert "split it into one file per meeting" in message and "\n" not in message


def test_a_text_longer_than_any_minutes_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * (MAX_CHARACTERS // 5 + 1), encoding="utf-8")
    with pytest.raises(ReadError, match=f"more than the {MAX_CHARACTERS:,} one minutes document may have"):
        read_document(path)
