"""The pipeline stamp: one hash of everything that decides what a minutes file becomes.

A document's graph depends only on its file's bytes and name and on this code: the Python of the
pipeline (graph/**/*.py), the vocabulary it matches and writes (ontology/*.ttl) and the shapes that
decide whether it is stored (shapes/*.ttl). graph/build.py records the stamp on each minutes document
(``bg:extractedWith``); graph/unchanged.py skips a file the store holds with the same name, content
and stamp, and so re-processes everything once the code or vocabulary changes."""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

__all__ = ["pipeline_stamp", "STAMPED_FILES"]

REPO_ROOT = Path(__file__).resolve().parent.parent
#: what the stamp covers, as glob patterns under the repository root
STAMPED_FILES = ("graph/**/*.py", "ontology/*.ttl", "shapes/*.ttl")


@functools.cache
def pipeline_stamp(root: Path = REPO_ROOT) -> str:
    """16 hex digits of SHA-256 over the stamped files' paths and bytes (in path order)."""
    digest = hashlib.sha256()
    paths = sorted({path for pattern in STAMPED_FILES for path in root.glob(pattern) if path.is_file()})
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
