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

MAX_BYTES = 200 * 1024 * 1024

#: Length-preserving substitutions: offsets in the normalised text equal offsets in the decoded text.
_CHARACTER_FIXES = str.maketrans({
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",  # figure space
    "\u200b": " ",  # zero-width space
    "\ufeff": " ",  # stray byte-order mark inside the text
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
        if size > MAX_BYTES:
            raise ReadError(path, f"file is {size // (1024 * 1024)} MB, larger than the "
                                  f"{MAX_BYTES // (1024 * 1024)} MB limit for one minutes document")
        data = path.read_bytes()
        modified = dt.datetime.fromtimestamp(int(path.stat().st_mtime), tz=dt.timezone.utc)
    except OSError as error:
        raise ReadError(path, f"cannot open the file ({error.strerror or error})") from error
    reader = _READERS.get(path.suffix.lower())
    text = decode_text(path, data) if reader is None else convert(path, data, reader)
    return SourceText(name=path.name, media_type=media_type,
                      sha256=hashlib.sha256(data).hexdigest(), text=text, modified=modified)


def convert(path: Path, data: bytes, reader: str) -> str:
    """Extract text with graph/readers/<reader>.py; any failure becomes a one-line ReadError."""
    from graph.readers import FormatError  # the readers and their libraries load only when needed

    if not data.strip():
        raise ReadError(path, "the file is empty; nothing to load")
    try:
        text = importlib.import_module(f"graph.readers.{reader}").extract_text(data)
    except FormatError as error:
        raise ReadError(path, error.problem) from None
    except RecursionError:
        raise ReadError(path, f"cannot read this {path.suffix} file (nested too deeply)") from None
    except Exception as error:  # a reader library failing on a file it should have refused cleanly
        problem = " ".join(f"cannot read this {path.suffix} file ({type(error).__name__}: {error})".split())
        raise ReadError(path, problem) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHARACTER_FIXES)
    if not text.strip():
        raise ReadError(path, "the document has no text; nothing to load")
    if not any(ch.isalpha() for ch in text):
        raise ReadError(path, "the document has no words in it; nothing to load")
    return text


def decode_text(path: Path, data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), falling back to cp1252; normalise line ends."""
    if not data.strip():
        raise ReadError(path, "the file is empty; nothing to load")
    if b"\x00" in data[:8192]:
        raise ReadError(path, "this looks like a binary file, not text minutes")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHARACTER_FIXES)
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f")
    if control > len(text) // 100 + 2:
        raise ReadError(path, "this looks like a binary file, not text minutes")
    if not any(ch.isalpha() for ch in text):
        raise ReadError(path, "the file has no words in it; nothing to load")
    return text
