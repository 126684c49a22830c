"""One document through every stage: read -> parse -> resolve -> build -> validate (no storing here).

Validation sees the document's graph plus a shared context: the ontology, the topic thesaurus and the
organisation registry (small and cached), never the rest of the store."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
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
    seconds: dict[str, float] = field(default_factory=dict, compare=False)  # stage -> time it took


def process_file(path: Path | str, base: str = DEFAULT_BASE) -> ProcessedDocument:
    """Read, parse, resolve, build and validate one minutes file; raises ReadError or ParseError.
    The result's ``seconds`` says how long each stage took, and ``validate_cpu`` the CPU time this
    thread spent validating (unlike the wall time, not lengthened by other processes sharing the CPUs)."""
    path = Path(path)
    clock = [time.perf_counter()]

    def lap() -> float:
        clock.append(time.perf_counter())
        return clock[-1] - clock[-2]

    try:
        document = read_document(path)
        read_s = lap()
        meeting = parse_minutes(document)
    except ParseError as error:
        raise ParseError(str(path), error.problem) from None
    parse_s = lap()
    registry = load_registry(base)
    resolved = resolve(meeting, registry)
    resolve_s = lap()
    built = build_graph(resolved, registry, base)
    build_s = lap()
    cpu = time.thread_time()
    validation = validate_document(built.graph, context_graph(base=base))
    validate_cpu = time.thread_time() - cpu
    seconds = {"read": read_s, "parse": parse_s, "resolve": resolve_s, "build": build_s, "validate": lap(),
               "validate_cpu": validate_cpu}
    return ProcessedDocument(path=path, resolved=resolved, built=built, validation=validation, seconds=seconds)
