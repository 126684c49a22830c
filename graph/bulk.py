"""Loading many minutes files: documents processed in worker processes, written in batches, in order.

Each file goes read -> parse -> resolve -> build -> validate (graph/pipeline.py) in a worker process
(``spawn``ed, warmed once: registry, shapes, validation context; each document's garbage collected as
it is done: graph/workers.py); the worker returns a small picklable
:class:`Outcome` (the document prepared for writing by graph/writer.py's :func:`prepare_document`:
serialised triples, aggregate contribution, search-index entry; its findings and the lines to print). The main process takes outcomes
in input order from a bounded window of pending ones (memory stays flat however many files), and
writes the good documents BATCH at a time through :func:`graph.writer.write_documents` (one
transaction a batch; in a writer thread, so the next batch is gathered meanwhile), then their
validation reports (graph/reports.py), then prints their lines.
``jobs=1`` runs everything in this process and writes each document on its own, as ``load.py`` always did."""
from __future__ import annotations

import concurrent.futures
import gc
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import rdflib
from rdflib.namespace import DCTERMS
from tqdm import tqdm

from graph import workers
from graph.conflicts import ConflictCheck
from graph.pipeline import InputError, ProcessedDocument, process_file
from graph.recount import OPTIMIZE_FROM, needs_recount, rebuild
from graph.reports import spool_reports, write_reports
from graph.resolve import load_registry
from graph.store import GraphStore
from graph.unchanged import unchanged_paths
from graph.validate import Finding, context_graph, load_shapes
from graph.writer import PreparedDocument, prepare_document, write_documents

__all__ = ["Outcome", "process_path", "load_files", "in_workers", "DocumentReport", "report_document", "counts",
           "summary", "EXIT_OK", "EXIT_VIOLATIONS", "EXIT_UNREADABLE", "EXIT_CONFLICT", "DEFAULT_BATCH"]

#: exit codes; EXIT_CONFLICT: the file contradicts the store or an earlier file (graph/conflicts.py)
EXIT_OK, EXIT_VIOLATIONS, EXIT_UNREADABLE, EXIT_CONFLICT = 0, 1, 2, 3
T = TypeVar("T")
#: documents per write (one transaction). 1,500 synthetic meetings, jobs 2, two runs each in turn:
#: 50 -> 215.0/207.9 s, 100 -> 204.0 s, 200 -> 190.2/202.9 s; peak RSS 650 -> 790 -> 1,100 MB
DEFAULT_BATCH = 200
#: documents written between two flushes of the store (GraphStore.flush: bounds Oxigraph's memory)
FLUSH_EVERY = 50
#: files shown with a progress bar from this many on
PROGRESS_FROM = 20


@dataclass
class Outcome:
    """What a worker sends back for one file; ``status`` is an exit code (0 = ready to store)."""

    path: str
    status: int
    lines: list[str]  # what to print: the summary (stdout) when 0, else the error lines (stderr)
    graph_iri: str | None = None
    graph: rdflib.Graph | None = field(default=None, repr=False)  # only when not prepared for writing
    prepared: PreparedDocument | None = field(default=None, repr=False)
    triples: int = 0
    findings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def counts(processed: ProcessedDocument) -> dict[str, int]:
    """How many of each thing one document gave."""
    meeting = processed.resolved.meeting
    items = meeting.agenda_items
    return {
        "participants": len(meeting.participants),
        "items": len(items),
        "statements": sum(len(i.statements) for i in items),
        "action points": sum(len(i.action_points) for i in items),
        "decisions": sum(len(i.decisions) for i in items),
        "topics": len(set(processed.built.graph.objects(processed.built.meeting_iri, DCTERMS.subject))),
    }


def summary(processed: ProcessedDocument, base: str) -> str:
    """The short per-document report: meeting, date, counts, then each warning on one line."""
    meeting = processed.resolved.meeting
    meeting_path = str(processed.built.meeting_iri).removeprefix(base)
    lines = [f"{processed.path.name}: loaded {meeting_path} ({meeting.board_name}, {meeting.date.isoformat()}): "
             + ", ".join(f"{n} {what}" for what, n in counts(processed).items())
             + f"; {len(processed.validation.warnings)} warning(s)"]
    lines += [f"  {finding.line()}" for finding in processed.validation.warnings]
    lines += [f"  Note: {warning}" for warning in processed.resolved.warnings]
    return "\n".join(lines)


def violation_lines(processed: ProcessedDocument) -> list[str]:
    """The error line and one line per Violation, for a document that is not stored."""
    violations = processed.validation.violations
    return ([f"error: {processed.path}: {len(violations)} SHACL violation(s); nothing stored"]
            + [f"  {processed.path.name}: {finding.line()}" for finding in violations])


def process_path(path: str, base: str, *, for_writing: bool = True) -> Outcome:
    """One file through the pipeline, as an :class:`Outcome` (never raises for bad input): with
    FOR_WRITING the document comes prepared for :func:`graph.writer.write_documents`, else as its graph."""
    try:
        processed = process_file(path, base)
    except InputError as error:
        return Outcome(path, EXIT_UNREADABLE, [f"error: {error}"])
    if not processed.validation.conforms:
        return Outcome(path, EXIT_VIOLATIONS, violation_lines(processed), seconds=processed.seconds)
    graph_iri, graph = str(processed.built.graph_iri), processed.built.graph
    outcome = Outcome(path, EXIT_OK, [summary(processed, base)], graph_iri, triples=len(graph),
                      findings=processed.validation.findings, seconds=processed.seconds)
    if not for_writing:
        outcome.graph = graph
        return outcome
    started = time.perf_counter()
    try:
        outcome.prepared = prepare_document(graph_iri, graph)
    except ValueError as error:
        return Outcome(path, EXIT_UNREADABLE, [f"error: {path}: cannot be stored: {error}"])
    outcome.seconds["prepare"] = time.perf_counter() - started
    return outcome


def warm(base: str) -> None:
    """Load what every document needs once (a worker's initializer), then freeze it out of the
    garbage collector's reach: graph/workers.py's in_worker collects after each document, and a full
    collection then looks at that document's objects only, not at the shapes, registry and context
    (a full collection over those took ~40 ms)."""
    load_registry(base)
    load_shapes()
    context_graph(base=base)
    gc.collect()
    gc.freeze()


def in_workers(task: Callable[[str, str], T], paths: Sequence[str], base: str, jobs: int,
               window: int) -> Iterator[T]:
    """``task(path, base)`` for every path, in input order, in JOBS worker processes warmed by
    :func:`warm` (graph/workers.py; in this process when JOBS is 1), at most WINDOW files pending."""
    return workers.in_workers(task, paths, base, jobs, window, initializer=warm)


@dataclass(frozen=True)
class DocumentReport:
    """One file's line of ``load.py --report``: what it holds, or why it could not be read."""

    name: str
    error: str | None = None  # the problem, when the file could not be read
    date: str = ""
    board: str = ""
    counts: dict[str, int] = field(default_factory=dict)  # counts() and "warnings"
    violations: int = 0


def report_document(path: str, base: str) -> DocumentReport:
    """One file read, parsed, resolved, built and validated, as a :class:`DocumentReport` (nothing
    stored; never raises for bad input)."""
    try:
        processed = process_file(path, base)
    except InputError as error:
        return DocumentReport(Path(path).name, error=error.problem)
    meeting = processed.resolved.meeting
    return DocumentReport(Path(path).name, date=meeting.date.isoformat(), board=meeting.board_name,
                          counts={**counts(processed), "warnings": len(processed.validation.warnings)},
                          violations=len(processed.validation.violations))


@dataclass
class LoadResult:
    """What a load did: the worst exit code, how many documents were stored (and how many files
    skipped as stored unchanged), their triples, and each stored document's stage times (seconds)."""

    worst: int = EXIT_OK
    stored: int = 0
    unchanged: int = 0  # files skipped: stored before as they are (graph/unchanged.py)
    triples: int = 0
    seconds: list[dict[str, float]] = field(default_factory=list)


def load_files(paths: Sequence[str], open_target: Callable[[], GraphStore], base: str, *, jobs: int = 1,
               batch: int = DEFAULT_BATCH, reports_spool: Path | None = None, replace: bool = False,
               echo: Callable[[str, bool], None] | None = None, optimize_from: int = OPTIMIZE_FROM,
               target_exists: Callable[[], bool] = lambda: False) -> LoadResult:
    """Load files into the store ``open_target()`` gives (opened at the first good document, so a
    run without one never creates a store), BATCH documents per transaction (1 when ``jobs`` is 1).

    When ``target_exists()``, the store is opened first: aggregates that do not count all its documents
    are counted afresh (graph/recount.py, with a line and a progress bar), and the files it holds
    unchanged (graph/unchanged.py) are skipped, with one line saying how many; the conflict check still
    counts them as files of this load.

    With workers, a batch is written by a writer thread while the next one is gathered (one batch
    written at a time, in order). Reports go into the store with each batch, or are appended to
    ``reports_spool`` when given (graph/reports.py writes them later). A document contradicting the
    store or an earlier file (graph/conflicts.py; ``replace`` lets a file replace a meeting stored from
    another file) is not stored and gets EXIT_CONFLICT. Having stored or recounted ``optimize_from``
    documents or more, it compacts a store that writes files of its own (on disk). ``echo(text, to_stderr)`` prints; the caller closes the store."""
    echo = echo or (lambda text, err: print(text, file=sys.stderr if err else sys.stdout))
    batch = 1 if jobs <= 1 else max(1, batch)
    result = LoadResult()
    store: GraphStore | None = None
    conflicts = ConflictCheck(replace=replace)
    unflushed = 0
    recounted = 0
    if paths and target_exists():
        store = open_target()
        if needs_recount(store):  # else the first write would, with no word and no progress bar
            echo("the store's aggregates do not count all its documents (a load stopped part way, or an older "
                 "layout): counting them afresh first", True)
            recounted = rebuild(store, jobs=1 if jobs <= 1 else None, progress=True, compact=False)
        kept = unchanged_paths(store, paths)
        if kept:
            for path in (path for path in paths if path in kept):  # in input order, as processed files are
                conflicts.accept_stored(path, kept[path].graphs, kept[path].sha256)
            paths = [path for path in paths if path not in kept]
            result.unchanged = len(kept)
            echo(f"{len(kept)} file(s) already stored unchanged (same name, content and pipeline): skipped; "
                 f"--rebuild processes them again", False)

    def write(outcomes_: list[Outcome]) -> None:
        nonlocal store, unflushed
        if any(o.status == EXIT_OK for o in outcomes_):
            if store is None:
                store = open_target()
            refused = conflicts.refuse(store, [(o.path, o.prepared.claims) for o in outcomes_ if o.status == EXIT_OK])
            outcomes_ = [Outcome(o.path, EXIT_CONFLICT, [f"error: {refused[o.path]}"]) if o.path in refused else o
                         for o in outcomes_]
        good = [o for o in outcomes_ if o.status == EXIT_OK]
        if good:
            write_documents(store, [o.prepared for o in good])
            reports = [(o.graph_iri, o.findings) for o in good]
            if reports_spool is not None:
                spool_reports(reports_spool, reports)
            else:
                write_reports(store, reports, base)
            unflushed += len(good)
            if unflushed >= FLUSH_EVERY:
                store.flush()
                unflushed = 0
        for outcome in outcomes_:  # every file's lines in input order, once its batch is stored
            echo("\n".join(outcome.lines), outcome.status != EXIT_OK)
            result.worst = max(result.worst, outcome.status)
            if outcome.status == EXIT_OK:
                result.stored += 1
                result.triples += outcome.triples
                result.seconds.append(outcome.seconds)

    writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="writer") if jobs > 1 else None
    writing: concurrent.futures.Future | None = None
    waiting: list[Outcome] = []

    def flush() -> None:
        nonlocal writing
        if writing is not None:
            writing.result()  # the previous batch first (raises its error)
            writing = None
        if writer is None:
            write(waiting.copy())
        else:
            writing = writer.submit(write, waiting.copy())
        waiting.clear()

    progress = tqdm(total=len(paths), desc="loading", unit="doc", file=sys.stderr,
                    disable=len(paths) < PROGRESS_FROM)
    try:
        with progress:
            # the window holds two batches and a few more, so the workers keep working while one is written
            for outcome in in_workers(process_path, paths, base, jobs, window=2 * batch + 4 * jobs):
                progress.update()
                waiting.append(outcome)
                if sum(o.status == EXIT_OK for o in waiting) >= batch or len(waiting) >= 4 * batch:
                    flush()
            flush()
            if writing is not None:
                writing.result()
        if store is not None and store.writes_files and max(result.stored, recounted) >= optimize_from:
            echo(f"compacting the store ({result.stored} documents written, {recounted} recounted)", True)
            store.optimize()
    finally:
        if writer is not None:
            writer.shutdown(wait=True)
    return result
