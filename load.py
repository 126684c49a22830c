"""boardgraph's loader CLI: load minutes into the store, dry-run, export, query and serve.

\b
    python load.py FILE...                         load (validated) into ./data/store
    python load.py --jobs N --defer-reports FILE...  N worker processes; reports kept for `reports`
    python load.py reports                         write the validation reports a load deferred
    python load.py --dry-run --format nquads FILE  print one document's graph, touch no store
    python load.py --report DIR [--jobs N]         one line per document in DIR and a total; no store
    python load.py export --format trig [-o FILE]  the whole store
    python load.py query NAME|FILE.rq [--csv]      a named query (graph/queries/NAME.rq) or a file
    python load.py analyse --out DIR               top people, organisations, topics; network files
    python load.py reindex                         rebuild the full-text search index from the store
    python load.py serve [--host H] [--port P]     the site

Exit codes: 0 loaded (warnings allowed), 1 SHACL violations (nothing stored), 2 unreadable input,
3 conflict: the file claims a meeting stored from another file, repeats a meeting another file of the
same load holds with different content, or reuses a board's action number (nothing stored for it)."""
from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import click
from tqdm import tqdm
from rdflib.term import Identifier, Literal, URIRef

from graph.bulk import (DEFAULT_BATCH, EXIT_OK, EXIT_UNREADABLE, EXIT_VIOLATIONS, in_workers, load_files, process_path,
                        report_document)
from graph.export import FORMATS, export_store, serialize_graph
from graph.namespaces import DEFAULT_BASE
from graph.queries import query_names, select_named
from graph.read import supported_suffixes
from graph.reports import write_spooled_reports
from graph.store import GraphStore, StoreError, is_server_url, load_vocabulary, open_store

DEFAULT_STORE = "data/store"
DOCUMENT_FORMATS = ["nquads", "trig", "turtle", "jsonld"]


class _LoadByDefault(click.Group):
    """`load.py FILE...` and `load.py --dry-run ...` mean `load.py load ...`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["load", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_LoadByDefault, help=__doc__)
def cli() -> None:
    """The command group; see the module docstring."""


store_option = click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, envvar="BOARDGRAPH_STORE",
                            help="Oxigraph store directory, or a SPARQL 1.1 server's URL (http://...); "
                                 "env BOARDGRAPH_STORE.")
base_option = click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the data.")


@cli.command("load")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@store_option
@base_option
@click.option("--dry-run", is_flag=True, help="Parse, validate and print the graph; store nothing.")
@click.option("--format", "fmt", type=click.Choice(DOCUMENT_FORMATS), default="nquads", show_default=True,
              help="Output format with --dry-run.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False, exists=True),
              help="Report on every minutes file in this folder (read, parse, validate); store nothing.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes reading and validating documents, for a load or --report [default: the "
                   "CPUs when there are several files]; 1 = one at a time in this process, each document "
                   "written on its own.")
@click.option("--batch", type=click.IntRange(min=1), default=DEFAULT_BATCH, show_default=True,
              help="Documents per write (one transaction) when --jobs is above 1.")
@click.option("--replace", is_flag=True,
              help="A file claiming a meeting stored from another file replaces that file's graph (else exit 3).")
@click.option("--rebuild", is_flag=True,
              help="Process every file, also those the store holds unchanged (same file name, content and "
                   "boardgraph pipeline), which a load otherwise skips.")
@click.option("--defer-reports", is_flag=True,
              help="Do not write validation reports now; keep them beside the store for `load.py reports`.")
def load_command(files: tuple[str, ...], store_dir: str, base: str, dry_run: bool, fmt: str,
                 report_dir: str | None, jobs: int | None, batch: int, replace: bool, rebuild: bool,
                 defer_reports: bool) -> None:
    """Load minutes FILES (validated) into the store, one named graph per document."""
    if not base.endswith(("/", "#")):
        raise click.BadParameter("the base IRI must end with '/' or '#'", param_hint="--base")
    if report_dir is not None:
        sys.exit(report(Path(report_dir), base, jobs))
    if not files:
        raise click.UsageError("give one or more minutes files (or --report DIR)")
    if dry_run:
        sys.exit(_dry_run(files, base, fmt))
    jobs = _jobs_for(jobs, len(files))
    opened: list[GraphStore] = []

    def open_target() -> GraphStore:
        store = open_store(store_dir)
        opened.append(store)
        load_vocabulary(store, base)
        return store

    try:
        result = load_files(files, open_target, base, jobs=jobs, batch=batch, replace=replace,
                            reports_spool=_spool_path(store_dir) if defer_reports else None,
                            echo=lambda text, err: click.echo(text, err=err),
                            target_exists=lambda: not rebuild and (is_server_url(store_dir) or Path(store_dir).exists()))
    except StoreError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_UNREADABLE)
    finally:
        for store in opened:
            store.close()
    sys.exit(result.worst)


def _dry_run(files: tuple[str, ...], base: str, fmt: str) -> int:
    """Print each good document's graph in FMT (warnings on stderr); returns the worst exit code."""
    worst = EXIT_OK
    for file in files:
        outcome = process_path(file, base, for_writing=False)
        worst = max(worst, outcome.status)
        if outcome.status != EXIT_OK:
            click.echo("\n".join(outcome.lines), err=True)
            continue
        click.echo(serialize_graph(outcome.graph, outcome.graph_iri, fmt), nl=False)
        for finding in outcome.findings:
            if finding.severity == "Warning":
                click.echo(f"{Path(file).name}: {finding.line()}", err=True)
    return worst


def _spool_path(store_dir: str) -> Path:
    """Where --defer-reports keeps the reports: beside a store directory, or here for a server."""
    return Path("boardgraph-reports.jsonl") if is_server_url(store_dir) else Path(store_dir.rstrip("/") + ".reports.jsonl")


@cli.command("reports")
@store_option
@base_option
def reports_command(store_dir: str, base: str) -> None:
    """Write the validation reports a `load --defer-reports` kept aside into the store."""
    spool = _spool_path(store_dir)
    if not spool.is_file():
        click.echo(f"no deferred reports for {store_dir} ({spool} does not exist)", err=True)
        return
    try:
        with open_store(store_dir) as store:
            count = write_spooled_reports(store, spool, base)
    except StoreError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_UNREADABLE)
    click.echo(f"wrote the validation reports of {count} documents", err=True)


def _jobs_for(jobs: int | None, files: int) -> int:
    """The worker processes for FILES files: JOBS as given, else one per CPU (no more than the files)."""
    return jobs if jobs is not None else min(os.cpu_count() or 1, files)


def report(folder: Path, base: str, jobs: int | None) -> int:
    """One line per minutes file in the folder and a total line; returns the worst exit code. The files
    are read in JOBS worker processes (default: the CPUs), the lines printed in file name order."""
    paths = sorted(str(p) for p in folder.iterdir() if p.is_file() and p.suffix.lower() in supported_suffixes())
    columns = ("participants", "items", "statements", "action points", "decisions", "warnings")
    totals = dict.fromkeys(columns, 0)
    worst, lines, unread = EXIT_OK, [], 0
    jobs = _jobs_for(jobs, len(paths))
    for found in tqdm(in_workers(report_document, paths, base, jobs, window=8 * jobs), total=len(paths),
                      desc="reading", unit="doc", file=sys.stderr, disable=len(paths) < 20):
        if found.error is not None:
            lines.append(f"{found.name}: error: {found.error}")
            worst = max(worst, EXIT_UNREADABLE)
            unread += 1
            continue
        for column in columns:
            totals[column] += found.counts[column]
        status = f" ({found.violations} violations)" if found.violations else ""
        if status:
            worst = max(worst, EXIT_VIOLATIONS)
        lines.append(f"{found.name}: {found.date} {found.board}: "
                     + ", ".join(f"{found.counts[c]} {c}" for c in columns) + status)
    not_read = f" ({unread} of {len(paths)} files not read)" if unread else ""
    lines.append(f"total: {len(paths) - unread} documents, " + ", ".join(f"{totals[c]} {c}" for c in columns)
                 + not_read)
    click.echo("\n".join(lines))
    return worst


@cli.command("aggregates")
@store_option
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes reading the stored documents [default: the CPUs when the store holds "
                   "many]; 1 = in this process.")
def aggregates_command(store_dir: str, jobs: int | None) -> None:
    """Recount the load-time aggregates (graph/aggregates.py) from the documents in the store
    (graph/recount.py: in bounded memory, readers count for themselves meanwhile)."""
    from graph.recount import rebuild
    with _open_existing(store_dir, read_only=False) as store:
        rebuild(store, jobs=jobs, progress=True)
    click.echo("aggregates recounted", err=True)


@cli.command("export")
@store_option
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="nquads", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
def export_command(store_dir: str, fmt: str, output: str | None) -> None:
    """Export the whole store (every named graph)."""
    with _open_existing(store_dir, read_only=True) as store:
        if output:
            with open(output, "wb") as out:
                count = export_store(store, fmt, out)
            click.echo(f"wrote {count} quads to {output}", err=True)
        else:
            export_store(store, fmt, sys.stdout.buffer)


@cli.command("query")
@store_option
@click.argument("query")
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of a table.")
@click.option("--bind", "bound", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE: an IRI (http(s)://..., urn:..., or <...>) or else a string; repeatable, "
                   "e.g. --bind ownerName='Nick Halliday'. A named query's '# Usage:' line says what it takes.")
def query_command(store_dir: str, query: str, as_csv: bool, bound: tuple[str, ...]) -> None:
    """Run a named query (see graph/queries/) or a .rq file over the store."""
    bindings = dict(_binding(b) for b in bound)
    if query.endswith(".rq") or Path(query).is_file():
        text = Path(query).read_text(encoding="utf-8")
    elif query in query_names():
        text = None  # its variant for these bindings, if it has one, a bound label looked up first
    else:
        raise click.BadParameter(f"no file and no named query {query!r}; named queries: "
                                 f"{', '.join(query_names())}", param_hint="QUERY")
    with _open_existing(store_dir, read_only=True) as store:
        try:
            result = select_named(store, query, bindings) if text is None else store.select(text, bindings or None)
        except StoreError as error:  # QueryError too: a malformed query, a binding it cannot take
            click.echo(f"error: {query}: {error}", err=True)
            sys.exit(2)
    rows = [[_cell(row.get(var)) for var in result.variables] for row in result.rows]
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(result.variables)
        writer.writerows(rows)
        return
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(result.variables)]
    widths = [min(w, 60) for w in widths]
    click.echo("  ".join(v.ljust(w) for v, w in zip(result.variables, widths)))
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        click.echo("  ".join(c[:w].ljust(w) for c, w in zip(row, widths)))
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)


def _binding(text: str) -> tuple[str, Identifier]:
    """NAME=VALUE -> (NAME, an IRI for <...>, http(s):// or urn: values, else a string literal)."""
    name, equals, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not equals or not name.isidentifier():
        raise click.BadParameter(f"{text!r}: expected NAME=VALUE, e.g. ownerName='Nick Halliday'", param_hint="--bind")
    if value.startswith("<") and value.endswith(">"):
        return name, URIRef(value[1:-1])
    if value.startswith(("http://", "https://", "urn:")):
        return name, URIRef(value)
    return name, Literal(value)


def _cell(value: Identifier | None) -> str:
    return "" if value is None else str(value)


def _open_existing(store_dir: str, read_only: bool):
    if not is_server_url(store_dir) and not Path(store_dir).exists():
        click.echo(f"error: {store_dir}: no store here yet; load some minutes first "
                   f"(python load.py FILE...)", err=True)
        sys.exit(EXIT_UNREADABLE)
    try:
        return open_store(store_dir, read_only=read_only)
    except StoreError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_UNREADABLE)


@cli.command("analyse")
@store_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the network files (created if need be).")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="Rows per table.")
def analyse_command(store_dir: str, out_dir: str, top: int) -> None:
    """Print the most central people, organisations and topics, the people who bridge boards and the
    communities of topics; write every network as GraphML, GEXF and a CSV edge list into --out."""
    from graph.analysis import board_bridges, rank, topic_communities
    from graph.analysis_export import networks, write_networks
    with _open_existing(store_dir, read_only=True) as store:
        graphs = networks(store)
        if graphs["boards-people"].number_of_nodes() == 0:
            click.echo(f"error: {store_dir}: no meetings with attendance in the store; load some minutes "
                       f"first (python load.py FILE...)", err=True)
            sys.exit(EXIT_UNREADABLE)
        bridges = board_bridges(store)
    columns = ("label", "degree", "weighted degree", "betweenness")
    for title, name in (("people", "people"), ("organisations", "organisations"), ("topics", "topics")):
        rows = [(r.label, str(r.degree), f"{r.weighted_degree:g}", f"{r.betweenness:.4f}")
                for r in rank(graphs[name], top)]
        _print_table(f"Most central {title} (by betweenness, then weighted degree)", columns, rows)
    _print_table("People who bridge boards", ("label", "boards", "betweenness"),
                 [(b.label, " | ".join(b.boards), f"{b.betweenness:.4f}") for b in bridges[:top]])
    topics = graphs["topics"]
    _print_table("Communities of topics", ("community", "topics", "members"),
                 [(str(i), str(len(c)), _first_labels(topics, c))
                  for i, c in enumerate(topic_communities(topics)[:top], start=1)], width=120)
    paths = write_networks(graphs, Path(out_dir))
    click.echo(f"wrote {len(paths)} files to {out_dir}", err=True)


def _first_labels(graph, nodes: list[str], shown: int = 6) -> str:
    """The labels of the first SHOWN nodes and how many more there are."""
    labels = ", ".join(graph.nodes[n]["label"] for n in nodes[:shown])
    return labels + (f", ... (+{len(nodes) - shown})" if len(nodes) > shown else "")


def _print_table(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]], width: int = 60) -> None:
    """A titled plain-text table, cells cut to WIDTH characters."""
    widths = [min(width, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]
    click.echo(f"\n{title}")
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in rows:
        click.echo("  ".join(c[:w].ljust(w) for c, w in zip(row, widths)).rstrip())
    if not rows:
        click.echo("(none)")


@cli.command("reindex")
@store_option
@click.option("--index", "index_file", type=click.Path(dir_okay=False),
              help="Write the index here instead of beside the store (<store dir>.search.sqlite).")
def reindex_command(store_dir: str, index_file: str | None) -> None:
    """Rebuild the store's full-text search index from the store (opened read-only)."""
    from graph.search_index import index_path, reindex
    if is_server_url(store_dir):
        click.echo("error: a SPARQL server store has no search index (the site searches it with search.rq)", err=True)
        sys.exit(EXIT_UNREADABLE)
    with _open_existing(store_dir, read_only=True) as store:
        target = Path(index_file) if index_file else index_path(store)
        count = reindex(store, target)
    click.echo(f"indexed {count} documents into {target}", err=True)


@cli.command("serve")
@store_option
@base_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve_command(store_dir: str, base: str, host: str, port: int) -> None:
    """Serve the site over the store (opened read-only)."""
    from web import create_app
    app = create_app({"STORE_PATH": store_dir, "BASE": base})
    app.run(host=host, port=port)


if __name__ == "__main__":
    cli()
