"""Named SPARQL queries (graph/queries/NAME.rq) shared by the CLI, the web app and the tests.

Each query's header has one ``# Usage:`` line: the variables it is meant to be run with bound, as
alternatives separated by ``|``, the usual one first, e.g. ``# Usage: ?owner | ?status | whole store``.
``whole store`` means nothing bound; ``(rows)`` after an alternative means a VALUES block of several
rows (e.g. the facts one page lists). bench/bench_scale.py times each query as its usage states.

A query may have a variant for some of its bound usages, graph/queries/bound/NAME.rq, whose header
has one ``# Bound:`` line naming them (``# Bound: ?owner | ?ownerName``): the same answer, planned from
the bound value. Oxigraph plans from a VALUES block but not from a substitution, and a sub-SELECT is
evaluated whole before it is joined, so the text that answers the whole store fast (one hash-joined
sub-SELECT a pattern) scans the store when one value is bound, and plain patterns looked up from the
value scan it once per row when none is. :func:`load_query` picks the variant for the variables a
caller binds; tests/test_queries_variants.py checks it gives the main text's rows.

A variant's header may also have ``# Lookup:`` lines (``# Lookup: ?topicLabel -> ?topic by topic-by-label``):
a label bound instead of the thing it names is resolved first, by the named query after ``by`` run with
the label bound, and the variant is run for the things found, the label still bound. A label matched
inside the query is a FILTER Oxigraph cannot plan from (topic-statements by "GDPR" at 10,000 meetings:
a minute; its ?topic variant after the lookup: under one second). :func:`select_named` runs a named
query that way.

A named query may also have a counted twin, graph/queries/counted/NAME.rq: the same rows read from the
load-time aggregates (graph/aggregates.py), for the usages its own ``# Usage:`` line states. Counting over
10,000 meetings takes seconds (topic-counts: 2 s); reading the counters, milliseconds. :func:`select_named`
runs the twin when the store's aggregates are current (graph.aggregates.has_aggregates), else the main
text; tests/test_queries_counted.py checks it gives the main text's rows. A twin finding one thing's
counters by their group states how the group is made from a bound variable with a ``# Group:`` line
(``# Group: ?group topic-organisation ?organisation``: ?group is graph.aggregates.group("topic-organisation",
the organisation's IRI)), and select_named binds it as a VALUES block Oxigraph plans from.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib.term import Identifier

from graph.aggregates import group, has_aggregates
from graph.namespaces import PREFIXES
from graph.sparql_bind import with_values
from graph.store import GraphStore, SelectResult

QUERY_DIR = Path(__file__).resolve().parent
VARIANT_DIR = QUERY_DIR / "bound"
COUNTED_DIR = QUERY_DIR / "counted"

_DECLARED_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE | re.MULTILINE)
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_USAGE = re.compile(r"^# Usage: (.+)$", re.MULTILINE)
_BOUND = re.compile(r"^# Bound: (.+)$", re.MULTILINE)
_LOOKUP = re.compile(r"^# Lookup: \?(\w+) -> \?(\w+) by ([A-Za-z0-9_][A-Za-z0-9_-]*)$", re.MULTILINE)
_GROUP = re.compile(r"^# Group: \?(\w+) ([a-z][a-z-]*) \?(\w+)$", re.MULTILINE)
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


def load_query(name: str, bound: Iterable[str] = ()) -> str:
    """The text of graph/queries/NAME.rq, preceded by PREFIX lines for the project's prefixes
    it does not declare itself; when BOUND (the variables the caller binds, with or without '?')
    is one of the usages its variant graph/queries/bound/NAME.rq is for, that variant's text."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"invalid query name {name!r}")
    path = QUERY_DIR / f"{name}.rq"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} (known: {', '.join(query_names())})")
    variables = frozenset(v.lstrip("?$") for v in bound)
    variant, usages = _variant(name) if variables else ("", [])
    return _with_prefixes(variant if variables in usages else path.read_text(encoding="utf-8"))


def variant_usages(name: str) -> list[frozenset[str]]:
    """The sets of bound variables NAME's variant (graph/queries/bound/NAME.rq) is for; none without one."""
    return _variant(name)[1]


@dataclass(frozen=True)
class Lookup:
    """A variant's ``# Lookup: ?LABEL -> ?THING by QUERY`` line: LABEL bound alone is resolved to the
    THINGs the named QUERY gives for it (its ?THING column), and the variant for THING is run for them."""
    label: str
    thing: str
    query: str


def lookups(name: str) -> list[Lookup]:
    """The lookups NAME's variant states (none without a variant)."""
    return _lookups_in(_variant(name)[0])


def _lookups_in(variant: str) -> list[Lookup]:
    return [Lookup(*found) for found in _LOOKUP.findall(variant)]


def select_named(store: GraphStore, name: str, bindings: Mapping[str, Identifier] | None = None) -> SelectResult:
    """Run the named query NAME on STORE with BINDINGS ({variable: term}): its counted twin for the bound
    variables when it has one and the store's aggregates are current; else its variant for the bound
    variables if it has one; else, when a bound label has a :class:`Lookup`, the things it names are
    found first and the variant for them answers (a substitution for one thing, a VALUES block for
    several, no rows for none: the rows the main text gives); else the main text."""
    bindings = {variable.lstrip("?$"): value for variable, value in (bindings or {}).items()}
    bound = frozenset(bindings)
    counted = load_counted(name, bound)
    if counted is not None and has_aggregates(store):
        derived = {found: group(kind, str(bindings[part])) for found, kind, part in _GROUP.findall(counted)}
        return store.select(with_values(counted, [derived]) if derived else counted, bindings)
    text, usages = _variant(name) if bound else ("", [])
    for lookup in _lookups_in(text) if bound not in usages else []:
        target = bound - {lookup.label} | {lookup.thing}
        if lookup.label not in bound or lookup.thing in bound or target not in usages:
            continue
        found = store.select(load_query(lookup.query, [lookup.label]), {lookup.label: bindings[lookup.label]})
        things = list(dict.fromkeys(found.values(lookup.thing)))
        variant = _with_prefixes(text)
        if len(things) == 1:
            return store.select(variant, {**bindings, lookup.thing: things[0]})
        if not things:
            from rdflib.plugins.sparql import prepareQuery  # (parsing is slow; only this rare case pays it)
            return SelectResult([str(v) for v in prepareQuery(variant).algebra["PV"]], [])
        return store.select(with_values(variant, [{lookup.thing: thing} for thing in things]), bindings)
    return store.select(_with_prefixes(text) if bound in usages else load_query(name), bindings)


def counted_usages(name: str) -> list[frozenset[str]]:
    """The sets of bound variables NAME's counted twin (graph/queries/counted/NAME.rq) answers; none without one."""
    return _counted(name)[1]


def load_counted(name: str, bound: Iterable[str] = ()) -> str | None:
    """The text of NAME's counted twin, with PREFIX lines, when it answers the variables BOUND; else None."""
    text, usages = _counted(name)
    return _with_prefixes(text) if frozenset(v.lstrip("?$") for v in bound) in usages else None


def _counted(name: str) -> tuple[str, list[frozenset[str]]]:
    """The text of NAME's counted twin and the usages its ``# Usage:`` line states (("", []) without one)."""
    path = COUNTED_DIR / f"{name}.rq"
    if not _NAME.fullmatch(name) or not path.is_file():
        return "", []
    text = path.read_text(encoding="utf-8")
    return text, [frozenset(u.variables) for u in _usages_in(text, f"counted/{name}.rq")]


def _variant(name: str) -> tuple[str, list[frozenset[str]]]:
    """The text of NAME's variant and the usages its ``# Bound:`` line names (("", []) without one)."""
    path = VARIANT_DIR / f"{name}.rq"
    if not _NAME.fullmatch(name) or not path.is_file():
        return "", []
    text = path.read_text(encoding="utf-8")
    found = _BOUND.findall(text)
    if len(found) != 1:
        raise ValueError(f"bound/{name}.rq: expected one '# Bound:' line, found {len(found)}")
    return text, [frozenset(re.findall(r"\?(\w+)", alternative)) for alternative in found[0].split("|")]


def _with_prefixes(text: str) -> str:
    declared = {m.group(1) or "" for m in _DECLARED_PREFIX.finditer(text)}
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return header + text


def query_usage(name: str) -> list[Usage]:
    """The alternatives of NAME's ``# Usage:`` line, the usual one first (ValueError if it has none
    or one this module cannot read)."""
    return _usages_in(load_query(name), f"{name}.rq")


def _usages_in(text: str, file: str) -> list[Usage]:
    """The alternatives of TEXT's ``# Usage:`` line (FILE names it in errors)."""
    found = _USAGE.findall(text)
    if len(found) != 1:
        raise ValueError(f"{file}: expected one '# Usage:' line, found {len(found)}")
    usages = []
    for alternative in found[0].split("|"):
        match = _ALTERNATIVE.fullmatch(alternative.strip())
        if match is None:
            raise ValueError(f"{file}: cannot read the usage {alternative.strip()!r}")
        variables = tuple(re.findall(r"\?(\w+)", match.group(1) or ""))
        usages.append(Usage(variables, rows=match.group(2) is not None))
    return usages
