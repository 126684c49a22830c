"""graph/read.py: decoding, normalisation and one-line errors for unusable files."""
from __future__ import annotations

import pytest

from graph.read import ReadError, read_document


def test_reads_the_wstb_minutes_with_offsets_into_the_text(wstb_path):
    source = read_document(wstb_path)
    assert source.name == "wstb-2017-06-29.txt"
    assert source.media_type == "text/plain"
    assert len(source.sha256) == 64
    start = source.text.index("Charlie Boundy (CB) welcomed")
    assert source.text[start:start + 14] == "Charlie Boundy"
    assert "\r" not in source.text


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")])
def test_decodes_utf8_bom_and_cp1252(tmp_path, encoding, prefix):
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
