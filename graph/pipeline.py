"""One document through every stage: read -> parse -> resolve -> build -> validate (no storing here).

Validation sees the document's graph plus a shared context: the ontology, the topic thesaurus and the
organisation registry (small and cached), never the rest of the store."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.build import BuiltDocument, build_graph
from graph.namespaces import DEFAULT_BASE
from graph.parse import ParseError, parse_minutes
from graph.read import ReadError, read_document
from graph.resolve import ResolvedMeeting, load_registry, resolve
from graph.validate import ValidationResult, context_graph, validate_document

#: Problems with the input itself (exit code 2 in the CLI).
InputError = (ReadError, ParseError)


@dataclass(frozen=True)
class ProcessedDocument:
    """A document's graph with its validation result and what the resolver made of it."""

    path: Path
    resolved: ResolvedMeeting
    built: BuiltDocument
    validation: ValidationResult


def process_file(path: Path | str, base: str = DEFAULT_BASE) -> ProcessedDocument:
    """Read, parse, resolve, build and validate one minutes file; raises ReadError or ParseError."""
    path = Path(path)
    try:
        meeting = parse_minutes(read_document(path))
    except ParseError as error:
        raise ParseError(str(path), error.problem) from None
    registry = load_registry(base)
    resolved = resolve(meeting, registry)
    built = build_graph(resolved, registry, base)
    validation = validate_document(built.graph, context_graph(base=base))
    return ProcessedDocument(path=path, resolved=resolved, built=built, validation=validation)
