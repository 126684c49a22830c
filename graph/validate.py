"""Validate one minutes document's graph against the SHACL shapes in shapes/*.ttl (pySHACL).

A Violation means the document's graph breaks the contract in docs/vocabulary.md and must not be
loaded; a Warning (an unresolved speaker, an action without an owner, ...) is kept and shown.

How the context is used. pySHACL's own ``ont_graph`` mixing copies only RDFS/OWL axioms (classes,
properties, owl:NamedIndividuals) into the data graph, so thesaurus entries (plain skos:Concepts)
and organisations would stay invisible to sh:class and skos:inScheme checks. Instead, for each
document pySHACL sees a working graph: the document's triples, the context's rdfs:subClassOf
axioms, and the context's description (one level deep) of every IRI the document uses. Context
nodes the document does not mention are therefore not validated again and again. The working graph
is a view on the document's own store with that context slice added for the run and removed after
it (no copy of the document: WSTB ~280 -> ~190 ms, a synthetic meeting ~165 -> ~150 ms).

Performance (measured on a 2-core machine, best of 20): a ~500-triple document validates in
~55-70 ms, the bundled WSTB minutes (~1,300 triples, 32 statements, 56 quoted spans) in ~120 ms.
- pySHACL hands each SHACL-SPARQL constraint to ``Graph.query`` as text, once per focus node, and
  rdflib would parse that text every time (~15 ms). The working graph is a small ``Graph`` subclass
  that answers those SELECTs from an in-memory Oxigraph copy of the triples they can match (the
  triples of the predicates they name: a third of a synthetic meeting's), pySHACL's pre-bound ``$this``
  passed as an Oxigraph substitution (WSTB: ~1,050 ms with rdflib parsing each time, ~120 ms with
  rdflib's prepared queries; synthetic meetings ~140 -> ~100 ms a document with Oxigraph answering).
  Where that keeps the query's meaning (:func:`answerable_per_focus`), the SELECT runs once with
  ``$this`` unbound and each focus node gets its rows from the split answer (60 synthetic meetings,
  A/B in one process on a busy machine: 211 -> 183 ms a document; the same findings on 515 files).
- The shapes give property shapes their own targets instead of nesting them with sh:property
  (see shapes/common.ttl): pySHACL then builds each constraint once per run, not once per focus
  node (WSTB: ~200 ms nested, ~120 ms flat).
- load_shapes() parses the shapes once, puts each sh:select on one line (pySHACL's regex screening
  of the query text is ~8x slower on indented multi-line text) and hands the same graph to every
  call; per call only the context slice the document uses is added (the working graph).
- RDFS inference is off: it costs ~5x (WSTB: ~580 ms) and would make sh:class checks vacuous
  (rdfs:range infers the very classes the shapes check for).
"""
from __future__ import annotations

import contextlib
import functools
import logging
import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier

from graph.memory import document_graph
from graph.namespaces import DEFAULT_BASE, PREFIXES
from graph.store import from_oxigraph, to_oxigraph

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
SHAPES_NS = "https://w3id.org/boardgraph/shapes#"

#: Severities in reporting order.
SEVERITIES = ("Violation", "Warning", "Info")

_CURIES = sorted(
    [(str(ns), prefix) for prefix, ns in PREFIXES.items()] + [(SHAPES_NS, "bgsh")],
    key=lambda pair: -len(pair[0]),
)


def compact(iri: str) -> str:
    """``bg:speaker`` for a known namespace, else the IRI itself (CURIE form for messages)."""
    for ns, prefix in _CURIES:
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_.-]*", iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _compact_bracketed(match: re.Match[str]) -> str:
    short = compact(match.group(1))
    return short if short != match.group(1) else match.group(0)


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result in plain terms."""

    severity: str  # "Violation" | "Warning" | "Info"
    focus: str  # IRI of the node the finding is about
    path: str | None  # property IRI, or a SPARQL property path for complex paths
    value: str | None  # the offending value (IRI or literal's lexical form), if any
    message: str
    shape: str | None  # IRI of the shape that produced it (bgsh:...)

    def line(self) -> str:
        """One-line human form: ``Warning: <focus> bg:speaker — message (value)``."""
        out = f"{self.severity}: <{self.focus}>"
        if self.path:
            out += " " + re.sub(r"<([^>]*)>", _compact_bracketed, compact(self.path))
        out += f" — {self.message}"
        if self.value is not None:
            out += f" ({compact(self.value)})"
        return out


@dataclass
class ValidationResult:
    """The outcome of validating one document: conforms means no Violation."""

    conforms: bool
    findings: list[Finding]
    report_graph: Graph = field(default_factory=Graph, repr=False, compare=False)

    @property
    def violations(self) -> list[Finding]:
        """Findings that block loading."""
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        """Findings that are kept but should be looked at."""
        return [f for f in self.findings if f.severity == "Warning"]


# --------------------------------------------------------------------------------------------- shapes and context

@functools.lru_cache(maxsize=None)
def _load_shapes(shapes_dir: str) -> Graph:
    shapes = document_graph()  # read ~300,000 times a document's validation: the faster store
    files = sorted(Path(shapes_dir).glob("*.ttl"))
    if not files:
        raise FileNotFoundError(f"no shapes (*.ttl) in {shapes_dir}")
    for path in files:
        shapes.parse(path, format="turtle")
    _compact_sparql(shapes)
    return shapes


def _compact_sparql(shapes: Graph) -> None:
    """Put each sh:select on one line (whitespace only) where that cannot change its meaning.

    pySHACL screens the query text with regexes (no MINUS/VALUES/SERVICE) once per focus node, and
    those regexes cost time roughly proportional to lines x length: ~0.8 ms per statement for an
    indented query against ~0.1 ms for the same query on one line. Queries with comments (#) or
    string literals are left alone.
    """
    for node, text in list(shapes.subject_objects(SH.select)):
        if isinstance(text, Literal) and not any(c in text for c in "#\"'"):
            compacted = " ".join(str(text).split())
            if compacted != str(text):
                shapes.set((node, SH.select, Literal(compacted)))


def load_shapes(shapes_dir: Path | None = None) -> Graph:
    """All shapes/*.ttl in one graph, parsed once per directory (shared: do not modify it)."""
    return _load_shapes(str((shapes_dir or REPO_ROOT / "shapes").resolve()))


@functools.lru_cache(maxsize=None)
def _context_graph(ontology_dir: str, base: str) -> Graph:
    context = Graph()
    for name, public_id in (("boardgraph.ttl", None), ("topics.ttl", base), ("organisations.ttl", base)):
        path = Path(ontology_dir) / name
        if path.exists():
            context.parse(path, format="turtle", publicID=public_id)
        else:
            log.warning("validation context: %s is missing", path)
    return context


def context_graph(ontology_dir: Path | None = None, base: str = DEFAULT_BASE) -> Graph:
    """Ontology + topic thesaurus + organisations, the latter two resolved against ``base``.

    Cached per directory and base; shared, so do not modify the returned graph.
    """
    return _context_graph(str((ontology_dir or REPO_ROOT / "ontology").resolve()), base)


# --------------------------------------------------------------------------------------------- the working graph

@functools.lru_cache(maxsize=256)
def _prepared(query_text: str) -> Query | None:
    try:
        return prepareQuery(query_text)
    except Exception:  # e.g. relies on a prefix bound only on the graph: let rdflib do it the slow way
        return None


class _WorkingGraph(Graph):
    """A Graph whose SELECT queries (pySHACL's SPARQL-based constraints, sent once per focus node with
    ``$this`` pre-bound) run in Oxigraph: an in-memory copy of the working graph is made at the first
    query, and pySHACL's pre-bound variables become Oxigraph substitutions (SEP-0007, the pre-binding
    SHACL describes). Anything Oxigraph cannot take (a term it refuses, a query it cannot parse, a
    non-SELECT query) goes to rdflib, each text parsed once per process."""

    _oxigraph: "_OxigraphCopy | None" = None

    def query(  # type: ignore[override]
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Any = None,  # noqa: N803 (rdflib's name)
        initBindings: Any = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and not initNs and "base" not in kwargs:
            if self._oxigraph is None:
                self._oxigraph = _OxigraphCopy(self)
            answer = self._oxigraph.select(query_object, initBindings or {})
            if answer is not None:
                return answer
            query_object = _prepared(query_object) or query_object
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


class _OxigraphCopy:
    """The working graph copied into an in-memory Oxigraph store, answering SELECT queries as rdflib
    Results (~0.1 ms a focus node instead of rdflib's ~1 ms). Only the triples a query can match are
    copied, as queries come: those of the predicates it names (:func:`query_predicates`; all of them
    for a query with a variable predicate). The shapes' queries name 10 predicates, a third of a
    synthetic meeting's triples: copying all of them was ~11% of a bulk-load worker's time."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.blank_nodes: dict[str, BNode] = {}
        self.converted: dict[Identifier, ox.NamedNode | ox.BlankNode | ox.Literal] = {}  # each term once
        self.per_focus: dict[str, tuple[list[str], dict[Identifier, list[dict]]] | None] = {}
        self.store: ox.Store | None = ox.Store()
        self.copied: set[URIRef] | None = set()  # the predicates copied so far; None: every triple

    def _copy(self, text: str) -> None:
        """Copy the triples TEXT's query can match that are not copied yet."""
        if self.store is None or self.copied is None:
            return
        wanted = query_predicates(text)
        if wanted is not None and wanted <= self.copied:
            return
        if wanted is None:
            triples: Iterable[tuple] = (t for t in self.graph if t[1] not in self.copied)
        else:
            triples = (t for p in sorted(wanted - self.copied) for t in self.graph.triples((None, p, None)))
        try:
            self.store.extend([ox.Quad(self._term(s), self._term(p), self._term(o)) for s, p, o in triples])
        except ValueError:  # a term Oxigraph refuses (an invalid IRI): the shapes report it, rdflib answers
            self.store = None
            return
        # (answers kept so far stay right: a query's answer depends on its own predicates' triples only)
        self.copied = None if wanted is None else self.copied | wanted

    def _term(self, term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        converted = self.converted.get(term)
        if converted is None:
            converted = self.converted[term] = to_oxigraph(term)
            if isinstance(converted, ox.BlankNode):
                self.blank_nodes[converted.value] = term  # type: ignore[assignment]
        return converted

    def _back(self, term: Any) -> Identifier:
        if isinstance(term, ox.BlankNode) and term.value in self.blank_nodes:
            return self.blank_nodes[term.value]
        return from_oxigraph(term)

    def select(self, text: str, bindings: dict) -> Result | None:
        """The SELECT query's answer with BINDINGS substituted, or None when rdflib must answer."""
        self._copy(text)
        if self.store is None:
            return None
        if bindings.keys() == {"this"} and answerable_per_focus(text):
            per_focus = self._per_focus(text)
            if per_focus is not None:
                names, rows = per_focus
                return _result(names, rows.get(bindings["this"], []))
        try:
            substitutions = {ox.Variable(str(name)): self._term(value) for name, value in bindings.items()}
            solutions = self.store.query(text, substitutions=substitutions)
        except (SyntaxError, ValueError, RuntimeError, OSError):  # e.g. $this not projected
            return None
        if not isinstance(solutions, ox.QuerySolutions):
            return None
        names = [variable.value for variable in solutions.variables]
        return _result(names, [self._row(names, row) for row in solutions])

    def _row(self, names: list[str], solution: ox.QuerySolution) -> dict[Variable, Identifier]:
        return {Variable(name): self._back(solution[name]) for name in names if solution[name] is not None}

    def _per_focus(self, text: str) -> tuple[list[str], dict[Identifier, list[dict]]] | None:
        """The query's rows for every focus node at once (run once, with ``$this`` unbound), grouped by
        ``$this``; None when Oxigraph cannot answer it or a row leaves ``$this`` unbound."""
        if text not in self.per_focus:
            self.per_focus[text] = None
            try:
                solutions = self.store.query(text)  # type: ignore[union-attr]
            except (SyntaxError, ValueError, RuntimeError, OSError):  # e.g. $this not projected
                return None
            if not isinstance(solutions, ox.QuerySolutions):
                return None
            names = [variable.value for variable in solutions.variables]
            grouped: dict[Identifier, list[dict]] = {}
            for solution in solutions:
                row = self._row(names, solution)
                if _THIS not in row:
                    return None
                grouped.setdefault(row[_THIS], []).append(row)
            self.per_focus[text] = (names, grouped)
        return self.per_focus[text]


_THIS = Variable("this")


@functools.lru_cache(maxsize=256)
def query_predicates(query_text: str) -> frozenset[URIRef] | None:
    """The predicates QUERY_TEXT's triple patterns and property paths name (those of FILTER [NOT]
    EXISTS and sub-SELECTs too): the only triples it can match. None when it could match any triple
    (a variable predicate, a negated property set) or rdflib cannot parse it."""
    prepared = _prepared(query_text)
    if prepared is None:
        return None
    found: set[URIRef] = set()

    def walk(node: Any) -> bool:
        if isinstance(node, CompValue):
            # a BGP's triples, or an EXISTS pattern's TriplesBlock (as parsed: subject, predicate, object,
            # subject, ...); attribute access translates an EXISTS pattern (item access does not)
            if "triples" in node and not all(_path_predicates(p, found) for t in node["triples"] for p in t[1::3]):
                return False
            return all(walk(getattr(node, key)) for key in node if key != "_vars")
        if isinstance(node, (list, tuple)):
            return all(walk(value) for value in node)
        return True

    return frozenset(found) if walk(prepared.algebra) else None


def _path_predicates(predicate: Any, found: set[URIRef]) -> bool:
    """Add the IRIs PREDICATE (an IRI or a property path) names to FOUND; False when it can match
    predicates it does not name (a variable, a negated property set)."""
    if isinstance(predicate, URIRef):
        found.add(predicate)
        return True
    if isinstance(predicate, (SequencePath, AlternativePath)):
        return all(_path_predicates(arg, found) for arg in predicate.args)
    if isinstance(predicate, (InvPath, MulPath)):
        return _path_predicates(predicate.path if isinstance(predicate, MulPath) else predicate.arg, found)
    return False


def _result(names: list[str], rows: list[dict]) -> Result:
    answer = Result("SELECT")
    answer.vars = [Variable(name) for name in names]
    answer.bindings = rows
    return answer


#: algebra operators through which a top-level ``$this`` keeps its meaning when the query is run once
#: unbound and its rows are then split by ``$this``
_PER_FOCUS_OPERATORS = {"BGP", "Join", "Filter", "Extend"}
#: anywhere in the query these make the split answer differ from the pre-bound one
_PER_FOCUS_REFUSED = {"SubSelect", "ToMultiSet", "values", "InlineData", "ServiceGraphPattern", "Service"}


@functools.lru_cache(maxsize=256)
def answerable_per_focus(query_text: str) -> bool:
    """Whether running QUERY_TEXT once with ``$this`` unbound and splitting the rows by ``$this`` gives,
    for every focus node, exactly the rows of the query with ``$this`` pre-bound to it.

    True only when ``$this`` is projected and bound by a triple pattern of the top-level group, the
    group is built from triple patterns, joins, FILTERs and BINDs only (no OPTIONAL, UNION, MINUS,
    GRAPH, sub-SELECT, VALUES, aggregate, ORDER BY, LIMIT or OFFSET), and every BIND that reads
    ``$this`` comes after a pattern that binds it. (A FILTER, also FILTER [NOT] EXISTS, is evaluated
    per solution with ``$this`` already bound, as pre-binding has it.)"""
    prepared = _prepared(query_text)
    if prepared is None or prepared.algebra.name != "SelectQuery":
        return False
    top = prepared.algebra.p
    if top.name == "Distinct":
        top = top.p
    if top.name != "Project" or _THIS not in top.PV or _names(prepared.algebra) & _PER_FOCUS_REFUSED:
        return False
    try:
        return _THIS in _certainly_bound(top.p)
    except ValueError:
        return False


def _names(node: Any) -> set[str]:
    """The names of all algebra and parse-tree nodes under NODE (filter expressions included)."""
    if isinstance(node, CompValue):
        return {node.name}.union(*(_names(value) for value in node.values()))
    if isinstance(node, (list, tuple)):
        return set().union(*(_names(value) for value in node))
    return set()


def _variables(node: Any) -> set[Variable]:
    """The variables NODE (an expression, pattern or term) mentions."""
    if isinstance(node, Variable):
        return {node}
    if isinstance(node, CompValue):
        node = list(node.values())
    if isinstance(node, (list, tuple, set)):
        return set().union(*(_variables(value) for value in node))
    return set()


def _certainly_bound(node: CompValue) -> set[Variable]:
    """The variables every solution of NODE binds; ValueError for an operator outside
    :data:`_PER_FOCUS_OPERATORS` or a BIND that reads ``$this`` before it is bound."""
    if node.name not in _PER_FOCUS_OPERATORS:
        raise ValueError(node.name)
    if node.name == "BGP":
        return {term for triple in node.triples for term in triple if isinstance(term, Variable)}
    if node.name == "Join":
        return _certainly_bound(node.p1) | _certainly_bound(node.p2)
    bound = _certainly_bound(node.p)
    if node.name == "Extend":
        if node.var == _THIS or (_THIS in _variables(node.expr) and _THIS not in bound):
            raise ValueError("BIND")
        bound = bound | {node.var}
    return bound


class _ContextIndex:
    """The parts of a context graph that validation copies, computed once per context graph."""

    def __init__(self, context: Graph) -> None:
        self.context = weakref.ref(context)
        self.size = len(context)
        self.axioms = list(context.triples((None, RDFS.subClassOf, None)))
        self.descriptions: dict[URIRef, list[tuple]] = {}  # an IRI -> the context's triples about it
        for triple in context:
            if isinstance(triple[0], URIRef):
                self.descriptions.setdefault(triple[0], []).append(triple)


_context_indexes: dict[int, _ContextIndex] = {}


def _context_index(context: Graph) -> _ContextIndex:
    index = _context_indexes.get(id(context))
    if index is None or index.context() is not context or index.size != len(context):
        for key in [k for k, v in _context_indexes.items() if v.context() is None]:
            del _context_indexes[key]  # contexts that have been garbage-collected
        index = _context_indexes[id(context)] = _ContextIndex(context)
    return index


def _context_slice(document: Graph, context: Graph | None) -> list[tuple]:
    """Context axioms + the context's description (one level) of every IRI the document uses."""
    if context is None or not len(context):
        return []
    index = _context_index(context)
    used = {node for s, _p, o in document for node in (s, o)}
    found = list(index.axioms)
    for node in used & index.descriptions.keys():
        found.extend(index.descriptions[node])
    return found


@contextlib.contextmanager
def _working_graph(document: Graph, context: Graph | None) -> Iterator[Graph]:
    """The document seen through a :class:`_WorkingGraph` with its context slice added, the
    additions removed again on the way out (copying ~1,000 triples into a fresh rdflib graph cost
    ~40 ms of a ~250 ms validation; adding and removing the few hundred context triples is cheaper)."""
    work = _WorkingGraph(store=document.store, identifier=document.identifier,
                         namespace_manager=document.namespace_manager)
    added = [t for t in dict.fromkeys(_context_slice(document, context)) if t not in document]
    work.addN((s, p, o, work) for s, p, o in added)
    try:
        yield work
    finally:
        for triple in added:
            work.remove(triple)


# --------------------------------------------------------------------------------------------- validation

def validate_document(document_graph: Graph, context: Graph | None = None) -> ValidationResult:
    """Validate ONE document's graph with the shapes, seeing ``context`` where the document uses it.

    ``context`` is normally :func:`context_graph` (ontology, thesaurus, organisations); without it
    the topic checks cannot see the thesaurus and report every topic as a Warning. Neither input
    graph is changed. ``conforms`` is False exactly when there is a Violation.
    """
    with _working_graph(document_graph, context) as work:
        _conforms, report, _text = pyshacl.validate(
            work,
            shacl_graph=load_shapes(),
            ont_graph=None,  # mixed in above, see the module docstring
            inference="none",  # RDFS would infer ranges' classes and make the sh:class checks vacuous
            advanced=False,  # sh:sparql is SHACL-SPARQL, not SHACL-AF; nothing here needs AF
            inplace=True,  # no copy: without inference pySHACL only reads the data graph
            allow_warnings=True,  # Warnings and Infos do not make the report non-conforming
            abort_on_first=False,
        )
    findings = sorted(_findings(report), key=_sort_key)
    conforms = not any(f.severity == "Violation" for f in findings)
    return ValidationResult(conforms=conforms, findings=findings, report_graph=report)


def _sort_key(finding: Finding) -> tuple:
    rank = SEVERITIES.index(finding.severity) if finding.severity in SEVERITIES else len(SEVERITIES)
    return (rank, finding.focus, finding.path or "", finding.message, finding.value or "")


def _findings(report: Graph) -> Iterable[Finding]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        yield Finding(
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            focus=str(focus),
            path=_path_text(report, path) if path is not None else None,
            value=str(value) if value is not None else None,
            message=" ".join(messages) or "(no message)",
            shape=str(shape) if isinstance(shape, URIRef) else None,
        )


def _path_text(g: Graph, path: Any) -> str:
    """A SHACL path as text: the IRI for a predicate path, SPARQL path syntax (<IRI>s) otherwise."""
    if isinstance(path, (URIRef, Literal)):  # (a Literal is not a valid path; show it anyway)
        return str(path)

    def sparql(node: Any, nested: bool = True) -> str:
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in g:
            sequence = "/".join(sparql(n) for n in Collection(g, node))
            return f"({sequence})" if nested else sequence
        for prop, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                          (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
            inner = g.value(node, prop)
            if inner is not None:
                return fmt.format(sparql(inner))
        alternatives = g.value(node, SH.alternativePath)
        if alternatives is not None:
            choice = "|".join(sparql(n) for n in Collection(g, alternatives))
            return f"({choice})" if nested else choice
        return str(node)

    return sparql(path, nested=False)


__all__ = [
    "Finding", "ValidationResult", "load_shapes", "context_graph", "validate_document", "compact",
]
