"""Named SPARQL queries (graph/queries/NAME.rq) shared by the CLI, the web app and the tests.

Each query's header has one ``# Usage:`` line: the variables it is meant to be run with bound, as
alternatives separated by ``|``, the usual one first, e.g. ``# Usage: ?owner | ?status | whole store``.
``whole store`` means nothing bound; ``(rows)`` after an alternative means a VALUES block of several
rows (e.g. the facts one page lists). bench/bench_scale.py times each query as its usage states.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graph.namespaces import PREFIXES

QUERY_DIR = Path(__file__).resolve().parent

_DECLARED_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE | re.MULTILINE)
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_USAGE = re.compile(r"^# Usage: (.+)$", re.MULTILINE)
_ALTERNATIVE = re.compile(r"whole store|((?:\?\w+ ?)+)(\(rows\))?")


@dataclass(frozen=True)
class Usage:
    """One way a named query is run: the variables bound (none: the whole store), one row or several."""
    variables: tuple[str, ...]
    rows: bool = False

    def __str__(self) -> str:
        if not self.variables:
            return "whole store"
        return " ".join(f"?{v}" for v in self.variables) + (" (rows)" if self.rows else "")


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


def query_usage(name: str) -> list[Usage]:
    """The alternatives of NAME's ``# Usage:`` line, the usual one first (ValueError if it has none
    or one this module cannot read)."""
    found = _USAGE.findall(load_query(name))
    if len(found) != 1:
        raise ValueError(f"{name}.rq: expected one '# Usage:' line, found {len(found)}")
    usages = []
    for alternative in found[0].split("|"):
        match = _ALTERNATIVE.fullmatch(alternative.strip())
        if match is None:
            raise ValueError(f"{name}.rq: cannot read the usage {alternative.strip()!r}")
        variables = tuple(re.findall(r"\?(\w+)", match.group(1) or ""))
        usages.append(Usage(variables, rows=match.group(2) is not None))
    return usages
