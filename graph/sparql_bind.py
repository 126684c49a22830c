"""Binding variables in query text for stores that cannot take pyoxigraph substitutions (a server).

Values go in as a ``VALUES`` block placed first in the query's WHERE group, each term written by
pyoxigraph (IRIs validated, literals escaped), never text pasted from a caller.  A VALUES block
there joins with the whole group, which gives the answers a substitution gives; like pyoxigraph, a
SELECT must project every bound variable (or use ``SELECT *``).

Where the WHERE group starts is found by a small lexer that skips comments, strings and IRIs: it is
the first top-level ``{``, or the second for a CONSTRUCT whose template comes first.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rdflib.term import BNode, Identifier, Variable

from graph.store import QueryError, to_oxigraph

__all__ = ["QueryShape", "query_shape", "bind_values", "with_values", "with_values_of", "values_reach_everywhere",
           "refuse_optional_bindings", "without_constant_order", "is_ordered"]

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<name>[A-Za-z_][\w.\-]*(?::[\w.\-:%]*)?|:[\w.\-:%]*)
  | (?P<open>\{)
  | (?P<close>\})
""", re.VERBOSE)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


@dataclass(frozen=True)
class QueryShape:
    """What binding needs to know of a query: its form, the SELECT projection text, and the offset
    just inside the WHERE group's ``{`` (None when there is no group, e.g. ``DESCRIBE <x>``)."""

    form: str
    projection: str
    where: int | None


def query_shape(query: str) -> QueryShape:
    """The form, projection and WHERE-group offset of ``query`` (see :class:`QueryShape`)."""
    form, projection_start, projection = "", None, ""
    depth, groups, where_seen = 0, 0, False
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "open":
            if depth == 0:
                if projection_start is not None and not projection:
                    projection = query[projection_start:match.start()]
                if form != "CONSTRUCT" or groups or where_seen:
                    return QueryShape(form, projection, match.end())
                groups += 1
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "name" and depth == 0:
            word = text.upper()
            if not form and word in _FORMS:
                form = word
                projection_start = match.end() if word == "SELECT" else None
            elif word in ("WHERE", "FROM"):
                where_seen = where_seen or word == "WHERE"
                if projection_start is not None and not projection:
                    projection = query[projection_start:match.start()]
    return QueryShape(form, projection, None)


#: A comment line that keeps a query's bindings as substitutions on the embedded store (see store.py).
SUBSTITUTE_MARK = "# boardgraph: bind by substitution"


@functools.lru_cache(maxsize=512)
def values_reach_everywhere(query: str) -> bool:
    """Whether a VALUES block first in QUERY's WHERE group constrains all of it the way a substitution
    does, while Oxigraph can still start its plan from it: not when the query has a sub-SELECT or a
    UNION (each is evaluated whole and joined with the block afterwards), nor when the query carries
    :data:`SUBSTITUTE_MARK` (one whose plan was measured to be better with substitutions)."""
    if SUBSTITUTE_MARK in query:
        return False
    words = [m.group().upper() for m in _TOKEN.finditer(query) if m.lastgroup == "name"]
    return words.count("SELECT") <= 1 and "UNION" not in words


def refuse_optional_bindings(query: str, names: Iterable[str]) -> None:
    """QueryError when a bound variable would not narrow QUERY's answer: one its triple patterns use
    only inside an OPTIONAL (or one branch of a UNION), so that binding it keeps every row and shows the
    bound value in rows it does not belong to (e.g. ?owner of an action point without that owner).
    A variable only FILTERs read (a query's ``?...Filter`` parameters) or that no pattern uses is fine;
    a query rdflib cannot parse is not checked."""
    certain, in_patterns = _pattern_variables(query)
    for name in names:
        name = name.lstrip("?$")
        if name in in_patterns and name not in certain:
            raise QueryError(f"binding ?{name} would not narrow the answer: the query binds it only inside an "
                             f"OPTIONAL or one branch of a UNION (see the query's '# Usage:' line)")


@functools.lru_cache(maxsize=512)
def _pattern_variables(query: str) -> tuple[frozenset[str], frozenset[str]]:
    """The variables every solution of QUERY's WHERE group binds, and those its triple patterns use
    (outside FILTER expressions: a FILTER EXISTS reading a bound parameter narrows the answer)."""
    from rdflib.plugins.sparql import prepareQuery  # (parsing is slow; only bound queries pay it, once)
    from rdflib.plugins.sparql.parserutils import CompValue
    try:
        algebra = prepareQuery(query).algebra
    except Exception:  # noqa: BLE001 - Oxigraph's grammar is the reference; leave the check to it
        return frozenset(), frozenset()
    top = algebra.p
    while isinstance(top, CompValue) and top.name in ("Slice", "Distinct", "Reduced", "OrderBy", "Project"):
        top = top.p  # the outer projection: a VALUES block first in WHERE sees every variable there

    def used(node: object) -> set[str]:
        if isinstance(node, CompValue):
            found = {str(t) for triple in node.get("triples") or [] for t in triple if isinstance(t, Variable)}
            return found.union(*(used(v) for k, v in node.items() if k != "expr"))  # not FILTER (NOT) EXISTS
        if isinstance(node, (list, tuple)):
            return set().union(*(used(v) for v in node))
        return set()
    return frozenset(str(v) for v in _certain(top)), frozenset(used(algebra))


def _certain(node: object) -> set[Variable]:
    """The variables every solution of an algebra NODE binds (conservatively: unknown operators none)."""
    from rdflib.plugins.sparql.parserutils import CompValue
    if not isinstance(node, CompValue):
        return set()
    name = node.name
    if name == "BGP":
        return {t for triple in node.triples for t in triple if isinstance(t, Variable)}
    if name == "Join":
        return _certain(node.p1) | _certain(node.p2)
    if name in ("LeftJoin", "Minus"):
        return _certain(node.p1)
    if name == "Union":
        return _certain(node.p1) & _certain(node.p2)
    if name == "Graph":
        return _certain(node.p) | ({node.term} if isinstance(node.term, Variable) else set())
    if name == "Extend":
        return _certain(node.p) | {node.var}
    if name == "Project":  # a sub-SELECT: only what it projects is seen outside
        return _certain(node.p) & set(node.PV)
    if name in ("Filter", "Distinct", "Reduced", "OrderBy", "Slice", "ToMultiSet", "Group", "AggregateJoin"):
        return _certain(node.p)
    return set()


def bind_values(query: str, bindings: Mapping[str, Identifier] | None) -> str:
    """``query`` with ``bindings`` ({variable: rdflib term}, names with or without '?') as a VALUES
    block first in its WHERE group.  Raises QueryError if a SELECT does not project a bound variable
    or the query has no WHERE group, ValueError for a blank node or an invalid term."""
    if not bindings:
        return query
    names = [name.lstrip("?$") for name in bindings]
    refuse_optional_bindings(query, names)
    shape = query_shape(query)
    if shape.where is None:
        raise QueryError("bindings need a query with a WHERE group")
    if shape.form == "SELECT" and "*" not in shape.projection:
        projected = {m.group()[1:] for m in re.finditer(r"[?$]\w+", shape.projection)}
        missing = [n for n in names if n not in projected]
        if missing:
            raise QueryError(f"bound variable ?{missing[0]} is not in the SELECT projection "
                             f"(a bound variable must be selected, or use SELECT *)")
    return with_values(query, [bindings], where=shape.where)


def with_values(query: str, table: Sequence[Mapping[str, Identifier]], *, where: int | None = None) -> str:
    """``query`` with ``VALUES (?a ?b) { (...) ... }`` first in its WHERE group, one row per mapping of
    TABLE ({variable: rdflib term}, names with or without '?'; a variable a row lacks is UNDEF there),
    each term written by pyoxigraph. Raises QueryError when the query has no WHERE group, ValueError
    for a blank node (VALUES cannot hold one) or an invalid term."""
    names = list(dict.fromkeys(name.lstrip("?$") for row in table for name in row))
    if not names:
        return query
    where = query_shape(query).where if where is None else where
    if where is None:
        raise QueryError("bindings need a query with a WHERE group")
    rows = []
    for row in table:
        values = {name.lstrip("?$"): value for name, value in row.items()}
        rows.append("(" + " ".join(_term(values[n]) if n in values else "UNDEF" for n in names) + ")")
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ {' '.join(rows)} }} "
    bound = query[:where] + block + query[where:]
    return without_constant_order(bound, table[0]) if len(table) == 1 else bound


def with_values_of(query: str, variable: str, values: Iterable[Identifier]) -> str:
    """``query`` with ``VALUES ?VARIABLE { ... }`` first in its WHERE group: one row per value."""
    return with_values(query, [{variable: value} for value in values])


def _term(value: Identifier) -> str:
    if isinstance(value, BNode):
        raise ValueError(f"a blank node cannot be bound in a VALUES block: {value!r}")
    return str(to_oxigraph(value))


_ORDER_PART = re.compile(r"\s*(?:(?P<var>[?$]\w+)|(?P<open>(?:[A-Za-z_][\w:.\-]*\s*)?\()|(?P<close>\)))")


def without_constant_order(query: str, names: Iterable[str]) -> str:
    """QUERY without the conditions of its top-level ORDER BY that are only a variable of NAMES
    (``?v``, ``ASC(?v)``, ``DESC(?v)``), and without ORDER BY when nothing is left: bound to one value,
    such a variable is the same in every row, so the order is unchanged, but Oxigraph compares it
    anyway, reading an IRI's text from the store for each comparison (a topic's 3,221 speakers at
    10,000 meetings: 89 ms ordered by the bound ?topic first, 50 ms without). A clause holding a
    string or a comment, or one this does not read to its end, is left as it is."""
    names = {name.lstrip("?$") for name in names}
    clause = _top_level_order(query)
    if clause is None or not names:
        return query
    head, start, end = clause
    conditions, position, depth, begun = [], 0, 0, 0
    text = query[start:end]
    while position < len(text) and (found := _ORDER_PART.match(text, position)):
        if depth == 0:
            begun = found.start() + len(found.group()) - len(found.group().lstrip())
        depth += 1 if found.lastgroup == "open" else -1 if found.lastgroup == "close" else 0
        position = found.end()
        if depth < 0:
            return query
        if depth == 0:
            conditions.append(text[begun:position])
    if text[position:].strip() or depth:
        return query
    kept = [c for c in conditions if _ordered_variable(c) not in names]
    if len(kept) == len(conditions):
        return query
    order = f"ORDER BY {' '.join(kept)} " if kept else ""
    return query[:head] + order + query[end:]


def _ordered_variable(condition: str) -> str | None:
    """The variable a condition orders by when it is nothing more (``?v``, ``ASC(?v)``, ``DESC(?v)``)."""
    found = re.fullmatch(r"(?:(?:ASC|DESC)\s*\(\s*)?[?$](\w+)(?:\s*\))?", condition.strip(), re.IGNORECASE)
    balanced = found is not None and condition.count("(") == condition.count(")")
    return found.group(1) if balanced else None


def is_ordered(query: str) -> bool:
    """Whether QUERY has an ORDER BY at its top level (an ordered sub-SELECT alone does not count)."""
    depth, previous = 0, ""
    for match in _TOKEN.finditer(query):
        kind, word = match.lastgroup, match.group().upper()
        depth += 1 if kind == "open" else -1 if kind == "close" else 0
        if depth == 0 and kind == "name":
            if previous == "ORDER" and word == "BY":
                return True
            previous = word
        elif kind != "comment":
            previous = ""
    return False


def _top_level_order(query: str) -> tuple[int, int, int] | None:
    """Where QUERY's top-level ORDER BY begins, where its conditions start and where they end (before
    LIMIT, OFFSET or VALUES), or None when it has none or they hold a string or a comment."""
    depth, head, start, order_at = 0, 0, None, None
    for match in _TOKEN.finditer(query):
        kind, word = match.lastgroup, match.group().upper()
        depth += 1 if kind == "open" else -1 if kind == "close" else 0
        if start is not None:
            if kind in ("comment", "string") or depth:
                return None
            if kind == "name" and word in ("LIMIT", "OFFSET", "VALUES"):
                return head, start, match.start()
        elif depth == 0 and kind == "name" and word == "BY" and order_at is not None:
            head, start = order_at, match.end()
        order_at = match.start() if depth == 0 and kind == "name" and word == "ORDER" else None
    return (head, start, len(query)) if start is not None else None
