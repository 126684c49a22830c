"""Read a minutes file into normalised text whose offsets are the provenance positions.

Plain text and Markdown are decoded here; .docx, .odt, .pdf and .html go to one reader each in
graph/readers/, which extracts text in the shape of the plain-text minutes (see graph/readers/__init__.py).
For those, offsets refer to the extracted text; the SourceText's media_type names the format it came from."""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from pathlib import Path

from graph.model import SourceText

#: Larger files are refused before they are read: 50 MB is far beyond any minutes document, images included.
MAX_BYTES = 50 * 1024 * 1024
#: Longer texts are refused: a million characters is some 400 pages of minutes; more is several meetings
#: in one file (or not minutes at all), and the parser's time grows faster than the text.
MAX_CHARACTERS = 1_000_000
#: Byte-order marks of UTF-16 and UTF-32 text (Windows "Unicode" text files); UTF-8's is handled by utf-8-sig.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

#: Length-preserving substitutions: offsets in the normalised text equal offsets in the decoded text.
_CHARACTER_FIXES = str.maketrans({
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",  # figure space
    "\u200b": " ",  # zero-width space
    "\ufeff": " ",  # stray byte-order mark inside the text
    "\f": "\n", "\v": "\n",  # page breaks (PDF text) and vertical tabs end a line
    # other control characters (and the non-characters U+FFFE/U+FFFF) become spaces: XML 1.0 cannot
    # carry them at all, so a statement quoting one could not be exported as RDF/XML
    **{chr(code): " " for code in range(32) if chr(code) not in "\t\n\f\v"}, "\ufffe": " ", "\uffff": " ",
})

_MEDIA_TYPES = {
    ".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".pdf": "application/pdf",
    ".html": "text/html", ".htm": "text/html",
}
#: Converted formats: suffix -> module in graph/readers with `extract_text(data: bytes) -> str`.
_READERS = {".docx": "docx", ".odt": "odt", ".pdf": "pdf", ".html": "html", ".htm": "html"}


class ReadError(Exception):
    """The file cannot be read as minutes; the message is one line naming the file and the problem."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


def supported_suffixes() -> list[str]:
    """File name endings this reader understands."""
    return sorted(_MEDIA_TYPES)


def read_document(path: Path | str) -> SourceText:
    """Read one minutes file; raise ReadError with a clear one-line message if it cannot be used."""
    path = Path(path)
    media_type = _MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise ReadError(path, f"unsupported file type {path.suffix or '(none)'!r}; "
                              f"use one of {', '.join(supported_suffixes())}")
    try:
        size = path.stat().st_size
        if size > (MAX_BYTES if path.suffix.lower() in _READERS else 4 * MAX_CHARACTERS):
            raise ReadError(path, f"the file is {size / (1024 * 1024):.1f} MB, too large for one minutes document "
                                  f"(limit {_limit(path)}); split it into one file per meeting")
        data = path.read_bytes()
        modified = dt.datetime.fromtimestamp(int(path.stat().st_mtime), tz=dt.timezone.utc)
    except OSError as error:
        raise ReadError(path, f"cannot open the file ({error.strerror or error})") from error
    reader = _READERS.get(path.suffix.lower())
    text = decode_text(path, data) if reader is None else convert(path, data, reader)
    if len(text) > MAX_CHARACTERS:
        raise ReadError(path, f"the text is {len(text):,} characters, more than the {MAX_CHARACTERS:,} one minutes "
                              f"document may have; split it into one file per meeting")
    return SourceText(name=path.name, media_type=media_type,
                      sha256=hashlib.sha256(data).hexdigest(), text=text, modified=modified)


def _decoded(path: Path, data: bytes) -> str:
    """The text of DATA in the encoding its byte-order mark names, else UTF-8, cp1252 or latin-1."""
    bom_encoding = next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)
    if bom_encoding is not None:
        try:
            return data.decode(bom_encoding)
        except UnicodeDecodeError:
            raise ReadError(path, f"the file starts like {bom_encoding.upper()} text but is not valid "
                                  f"{bom_encoding.upper()}; save it as UTF-8") from None
    if b"\x00" in data[:8192]:
        raise ReadError(path, "this looks like a binary file, not text minutes; save the minutes as .txt, .docx, .odt, .pdf or .html")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _limit(path: Path) -> str:
    """The size limit that applies to PATH, in words."""
    if path.suffix.lower() in _READERS:
        return f"{MAX_BYTES // (1024 * 1024)} MB"
    return f"{4 * MAX_CHARACTERS // (1024 * 1024)} MB of text"


def convert(path: Path, data: bytes, reader: str) -> str:
    """Extract text with graph/readers/<reader>.py; any failure becomes a one-line ReadError."""
    from graph.readers import FormatError  # the readers and their libraries load only when needed

    if not data.strip():
        raise ReadError(path, "the file is empty; nothing to load (was it saved or copied completely?)")
    try:
        text = importlib.import_module(f"graph.readers.{reader}").extract_text(data)
    except FormatError as error:
        raise ReadError(path, error.problem) from None
    except RecursionError:
        raise ReadError(path, f"cannot read this {path.suffix} file (nested too deeply)") from None
    except Exception as error:  # a reader library failing on a file it should have refused cleanly
        problem = " ".join(f"cannot read this {path.suffix} file ({type(error).__name__}: {error})".split())
        raise ReadError(path, problem) from None
    text = normalised(text)
    if not text.strip():
        raise ReadError(path, "the document has no text; nothing to load (is the text in images? run OCR first)")
    if not any(ch.isalpha() for ch in text):
        raise ReadError(path, "the document has no words in it; nothing to load (is this the right file?)")
    return text


def normalised(text: str) -> str:
    """TEXT as the pipeline keeps it: line ends as \\n, odd spaces and control characters replaced one
    for one (see _CHARACTER_FIXES), so offsets into the result are offsets into the decoded text."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHARACTER_FIXES)


def decode_text(path: Path, data: bytes) -> str:
    """Decode bytes as UTF-16/32 when a byte-order mark says so, else UTF-8 (with or without BOM),
    falling back to cp1252; normalise line ends; replace control characters one for one (offsets kept)."""
    if not data.strip():
        raise ReadError(path, "the file is empty; nothing to load (was it saved or copied completely?)")
    text = _decoded(path, data).replace("\r\n", "\n").replace("\r", "\n")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f")
    text = normalised(text)
    if control > len(text) // 100 + 2:
        raise ReadError(path, "this looks like a binary file, not text minutes; save the minutes as .txt, .docx, .odt, .pdf or .html")
    if not any(ch.isalpha() for ch in text):
        raise ReadError(path, "the file has no words in it; nothing to load (is this the right file?)")
    return text
