"""Named SPARQL queries (graph/queries/NAME.rq) shared by the CLI, the web app and the tests."""
from __future__ import annotations

import re
from pathlib import Path

from graph.namespaces import PREFIXES

QUERY_DIR = Path(__file__).resolve().parent

_DECLARED_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE | re.MULTILINE)
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


def query_names() -> list[str]:
    """Names of the available queries (file names without .rq), sorted."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.rq"))


def load_query(name: str) -> str:
    """The text of graph/queries/NAME.rq, preceded by PREFIX lines for the project's prefixes
    it does not declare itself."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"invalid query name {name!r}")
    path = QUERY_DIR / f"{name}.rq"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} (known: {', '.join(query_names())})")
    text = path.read_text(encoding="utf-8")
    declared = {m.group(1) or "" for m in _DECLARED_PREFIX.finditer(text)}
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return header + text
