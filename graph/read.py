"""Read a minutes file into normalised text whose offsets are the provenance positions."""
from __future__ import annotations

import datetime as dt
import hashlib
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

_MEDIA_TYPES = {".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown"}


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
    text = decode_text(path, data)
    return SourceText(name=path.name, media_type=media_type,
                      sha256=hashlib.sha256(data).hexdigest(), text=text, modified=modified)


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
