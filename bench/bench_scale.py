"""Scale benchmark: synthetic corpora of N meetings through the real bulk loader, then every named
query and every page over the store.

    .venv/bin/python bench/bench_scale.py --sizes 1000          (or --sizes 100,1000,10000)

For each N: writes the synthetic corpus (bench/synth.py, seed 1) under a temporary folder, loads it
with graph/bulk.py (the code behind `load.py --jobs`) into a fresh on-disk store and measures wall
time, documents and triples per second, the peak RSS of the whole process tree (this process and its
workers: /proc sampled every 0.2 s, summed) and validation ms per document (median; first 100 vs last
100), in wall time and in the validating thread's CPU time. Then the median and p95 latency of every named query in graph/queries/ with representative
bindings (a meeting, the person with most meetings, the most discussed topic, the organisation most
represented, a board, an action: IRIs read from the store) and of every page of the site (the Flask
app's GET rules, filled with those IRIs; Flask test client over the store opened read-only). Plus
the naive baseline (bench/bench_load.py: rdflib Dataset + pySHACL over everything after each
document) under a time cap, and at N=1,000 the SPARQL server backend (`oxigraph serve`): load time
and query latency. Results merge into bench/results/summary.json keyed by N; a table is printed.
"""
from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import platform
import queue
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "bench")]

import pyoxigraph  # noqa: E402
from rdflib import Literal, URIRef  # noqa: E402
from rdflib.namespace import DCTERMS, FOAF  # noqa: E402
from rdflib.term import Identifier  # noqa: E402

import synth  # noqa: E402
from bench_load import graphs_for, naive_baseline  # noqa: E402
from graph.aggregates import AGG, group, has_aggregates  # noqa: E402
from graph.bulk import load_files  # noqa: E402
from graph.namespaces import BG, DEFAULT_BASE, SCHEMA  # noqa: E402
from graph.queries import Usage, load_query, query_names, query_usage, select_named  # noqa: E402
from graph.reports import report_graph_iri  # noqa: E402
from graph.sparql_bind import with_values  # noqa: E402
from graph.store import GraphStore, load_vocabulary, open_store  # noqa: E402
from graph.validate import context_graph  # noqa: E402

RESULTS = REPO / "bench" / "results" / "summary.json"
#: GET rules not timed, and why
SKIPPED_PAGES = {"/dumps/<name>": "a whole-store dump file, not a page",
                 "/static/<path:filename>": "static files"}


# ------------------------------------------------------------------------------------------- measuring

class TreeMemory:
    """Peak summed RSS of this process and all its descendants, sampled from /proc."""

    def __init__(self, every: float = 0.2) -> None:
        self.every, self.peak, self._stop = every, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_rss(pid) for pid in _tree(os.getpid())))
            self._stop.wait(self.every)


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def latency(call: Callable[[], object], runs: int, budget: float) -> dict:
    """Median, p95 and first of up to RUNS timed calls (ms); at least one, then no further call once the
    next, taken to last as long as the one before, would end past BUDGET seconds spent in all."""
    samples: list[float] = []
    spent = 0.0
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
        spent += samples[-1] / 1000
        if spent + samples[-1] / 1000 > budget:
            break
    ordered = sorted(samples)
    return {"median": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
            "first": samples[0], "runs": len(samples)}


# ------------------------------------------------------------------------------------------- samples

def samples(store: GraphStore) -> dict[str, object]:
    """Representative terms from the store: a meeting in the middle of the date range, its board, graph,
    report graph, action points and facts (statements, decisions, action points: up to 50 with their
    graph, as one page lists them) and a quoted span of it; the person with most meetings and their
    name; the most discussed topic and its label (and its first word as a search word); the
    organisation represented at most meetings. ``typical``: the topic, person and organisation in the
    middle of the same rankings (a user's usual question, where the others are the heaviest)."""
    meetings = store.select("SELECT ?m ?b ?g ?d WHERE { GRAPH ?g { ?m a bg:Meeting ; bg:board ?b ; dcterms:date ?d } } "
                            "ORDER BY ?d ?m").rows
    middle = meetings[len(meetings) // 2]
    graph = middle["g"]

    def ranking(pattern: str, variable: str) -> list[URIRef]:  # the values by meetings, most first
        return [row[variable] for row in store.select(
            f"SELECT ?{variable} (COUNT(DISTINCT ?m) AS ?n) WHERE {{ GRAPH ?g {{ {pattern} }} }} "
            f"GROUP BY ?{variable} ORDER BY DESC(?n) ?{variable}").rows]
    ranked = {"topic": ranking("?m a bg:Meeting ; dcterms:subject ?topic", "topic"),
              "person": ranking("?x bg:participant ?person ; bg:meeting ?m", "person"),
              "organisation": ranking("?x bg:onBehalfOf ?organisation ; bg:meeting ?m", "organisation")}
    topic, person = ranked["topic"][0], ranked["person"][0]
    within = f"GRAPH <{graph}>"
    actions = [r["a"] for r in store.select(f"SELECT ?a WHERE {{ {within} {{ ?a a bg:ActionPoint }} }} ORDER BY ?a LIMIT 20").rows]
    facts = [r["f"] for r in store.select(
        f"SELECT ?f WHERE {{ {within} {{ ?f a ?type }} VALUES ?type {{ bg:Statement bg:Decision bg:ActionPoint }} }} "
        f"ORDER BY ?f LIMIT 50").rows]
    span = store.select(f"SELECT ?s WHERE {{ {within} {{ ?f a bg:Statement ; prov:wasDerivedFrom ?s }} }} "
                        f"ORDER BY ?s LIMIT 1").rows
    label = store.select("SELECT ?t ?l WHERE { ?t skos:prefLabel ?l } LIMIT 1", {"t": topic}).rows
    name = store.select("SELECT ?p ?n WHERE { ?p foaf:name ?n } ORDER BY ?n LIMIT 1", {"p": person}).rows
    return {
        "meeting": middle["m"], "date": middle["d"], "board": middle["b"], "graph": graph,
        "report": URIRef(report_graph_iri(str(graph), DEFAULT_BASE)),
        "person": person, "name": name[0]["n"] if name else None,
        "topic": topic, "label": label[0]["l"] if label else None,
        "organisation": ranked["organisation"][0],
        "typical": {kind: values[len(values) // 2] for kind, values in ranked.items()},
        "action": actions[0] if actions else None, "actions": actions, "facts": facts,
        "span": span[0]["s"] if span else None,
        "word": str(label[0]["l"]).split()[0].lower() if label else "data",
    }


def usage_table(name: str, usage: Usage, sample: dict) -> list[dict[str, Identifier]] | None:
    """The bindings for running NAME as USAGE states: [] for the whole store, one row, or several
    ("(rows)": every combination of the sample's values, e.g. a page's facts with their graph); None
    when the sample has no value for one of its variables."""
    columns = {v: _sample_values(name, v, sample, usage.rows) for v in usage.variables}
    if not all(columns.values()):
        return None
    rows = [dict(zip(columns, values)) for values in itertools.product(*columns.values())] if columns else []
    return rows if usage.rows else rows[:1]


#: the load-time counter groups the aggregate-* queries are run with (graph.aggregates.group): (kind, sample key)
_GROUPS = {"aggregate-counts": [("topic-person", "topic")], "aggregate-topic-months": [("topic-month", "topic")],
           "aggregate-pairs": [("person-pair", "person"), ("person-meetings", "person")]}


def _sample_values(name: str, variable: str, sample: dict, several: bool) -> list:
    """The sample terms for VARIABLE of query NAME (several where the usage binds several rows)."""
    person, topic = sample["person"], sample["topic"]
    values = {
        "fact": sample["facts"], "context": sample["facts"], "action": sample["actions"] if several else [sample["action"]],
        "node": [sample[k] for k in ("person", "topic", "organisation", "board")],
        "thing": [person, sample["meeting"]], "p": [FOAF.name, DCTERMS.date, BG.board],
        "speakerFilter": [person], "owner": [person], "ownerFilter": [person], "ownerName": [sample["name"]],
        "topicLabel": [sample["label"]], "w1": [Literal(sample["word"])],
        "status": [SCHEMA.ActiveActionStatus], "statusKey": [Literal(str(SCHEMA.ActiveActionStatus))],
        "boardKey": [Literal(str(sample["board"]))], "ownerKey": [Literal(str(person))],
        "kind": [Literal("person-partners")], "by": [AGG.by1],
        "group": ([group(kind, str(sample[part])) for kind, part in _GROUPS[name]] if name in _GROUPS
                  else [group("topic-year-meeting", f"{topic} {str(sample['date'])[:4]}")]),
    }.get(variable, [sample.get(variable)])
    return [v for v in values if v is not None]


def query_bindings(name: str, sample: dict) -> list[dict[str, Identifier]] | None:
    """The bindings of NAME's usual usage (the first of its ``# Usage:`` line) from the sample."""
    return usage_table(name, query_usage(name)[0], sample)


def run_as_used(store: GraphStore, name: str, table: list[dict[str, Identifier]]) -> int:
    """Run NAME with TABLE's bindings as a caller would: none or one row as ``load.py query`` runs it
    (graph.queries.select_named: its counted twin, its variant, a label looked up first, the store's
    binding: a VALUES block or a substitution, graph/store.py), several or unprojected variables as a
    VALUES block; the number of rows."""
    if not table or (len(table) == 1 and set(table[0]) <= projection(name)):
        return len(select_named(store, name, table[0] if table else None).rows)
    return len(store.select(with_values(load_query(name), table)).rows)


def projection(name: str) -> set[str]:
    """The variables a named query's (outer) SELECT projects."""
    text = "\n".join(line.split("#", 1)[0] for line in load_query(name).splitlines() if not line.startswith("PREFIX"))
    head = text[text.index("SELECT"):].split("WHERE", 1)[0]
    found = set(re.findall(r"\bAS\s+\?(\w+)", head, re.IGNORECASE))
    while "(" in head:
        head = re.sub(r"\([^()]*\)", " ", head)
    return found | set(re.findall(r"\?(\w+)", head))


def time_queries(location: str, sample: dict, runs: int, timeout: float, every_usage: bool = True) -> dict[str, dict]:
    """Every named query's latency in each usage its header states (or only the usual one), over the
    store at ``location`` opened read-only: keyed "NAME" for the usual usage, "NAME [USAGE]" for others."""
    keys = [_usage_key(name, i, usage) for name in query_names()
            for i, usage in enumerate(query_usage(name)[:None if every_usage else 1])]
    return guarded("query", location, sample, keys, runs, timeout)


def time_typical(location: str, sample: dict, runs: int, timeout: float) -> dict[str, dict]:
    """The latency of each named query whose usual usage binds one topic, person or organisation, with
    the sample's typical one (``sample["typical"]``) instead of the heaviest."""
    usual = {name: query_usage(name)[0] for name in query_names()}
    names = [name for name, usage in usual.items()
             if not usage.rows and len(usage.variables) == 1 and usage.variables[0] in sample["typical"]]
    return guarded("query", location, {**sample, **sample["typical"]}, names, runs, timeout)


def _usage_key(name: str, index: int, usage: Usage) -> str:
    return name if index == 0 else f"{name} [{usage}]"


def _usage_of(key: str) -> tuple[str, Usage]:
    name = key.partition(" [")[0]
    usages = query_usage(name)
    return name, next(u for i, u in enumerate(usages) if _usage_key(name, i, u) == key)


def guarded(kind: str, location: str, sample: dict, keys: list[str], runs: int, timeout: float) -> dict[str, dict]:
    """Time each key (a query name or a page URL) in a child process, so one that runs past TIMEOUT
    seconds can be stopped (pyoxigraph queries cannot be interrupted) and recorded as such."""
    context = multiprocessing.get_context("spawn")
    results: dict[str, dict] = {}
    remaining = list(keys)
    while remaining:
        answers = context.Queue()
        child = context.Process(target=_time_in_child, args=(kind, location, sample, remaining, runs, timeout, answers))
        child.start()
        try:
            while remaining:
                try:
                    key, figures = answers.get(timeout=timeout)
                except queue.Empty:
                    results[remaining.pop(0)] = {"median": None, "p95": None, "first": None, "runs": 0,
                                                 "timeout_s": timeout}
                    break
                results[key] = figures
                remaining.remove(key)
        finally:
            child.kill()
            child.join()
    return results


#: the share of --timeout the runs of one query or page may take (the rest: a margin for the last run)
_WITHIN = 0.9


def _time_in_child(kind: str, location: str, sample: dict, keys: list[str], runs: int, timeout: float,
                   answers) -> None:
    if kind == "query":
        store = open_store(location, read_only=True)
        for key in keys:
            name, usage = _usage_of(key)
            table = usage_table(name, usage, sample)
            if table is None:
                answers.put((key, {"median": None, "p95": None, "first": None, "runs": 0, "no_sample": str(usage)}))
                continue
            started = time.perf_counter()
            found = run_as_used(store, name, table)  # (untimed: the first run reads the store's files in)
            # the answer must come within TIMEOUT: a query of 8 s answered after 35 s (the untimed run
            # and three timed ones) was recorded as stopped at 30 s
            figures = latency(lambda: run_as_used(store, name, table), runs,
                              budget=_WITHIN * timeout - (time.perf_counter() - started))
            answers.put((key, {**figures, "rows": found, "bindings": [{k: str(v) for k, v in r.items()} for r in table]}))
        return
    from web import create_app
    client = create_app({"STORE_PATH": location, "BASE": DEFAULT_BASE, "TESTING": True}).test_client()
    for url in keys:
        statuses = set()

        def get() -> None:
            statuses.add(client.get(url).status_code)
        answers.put((url, {**latency(get, runs, budget=_WITHIN * timeout), "status": sorted(statuses)}))


def page_urls(app, sample: dict) -> tuple[dict[str, str], dict[str, str]]:
    """URL -> rule for every GET page of the app (JSON twins left out), filled from the sample; and
    rule -> reason for those not timed."""
    rel = {k: str(v).removeprefix(DEFAULT_BASE) for k, v in sample.items() if isinstance(v, URIRef)}
    values = {
        "board": rel["board"].split("/")[1], "date": rel["meeting"].split("/")[2],
        "span": rel["span"].split("/")[-1] if "span" in rel else None,
        "number": rel["action"].split("/")[-1] if "action" in rel else None,
        "path": rel["person"] + ".ttl", "name": None, "filename": None,
    }
    slugs = {"board": rel["board"], "person": rel["person"], "org": rel["organisation"], "topic": rel["topic"]}
    urls, skipped = {}, {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.endswith("_json"):
            continue
        text = rule.rule
        if text in SKIPPED_PAGES:
            skipped[text] = SKIPPED_PAGES[text]
            continue
        kinds = sorted(rule._converters["kind"].items) if "kind" in rule.arguments else [None]
        for kind in kinds:
            args = {}
            for argument in rule.arguments:
                if argument == "kind":
                    args[argument] = kind
                elif argument == "slug":
                    args[argument] = slugs[kind or text.split("/")[1]].split("/", 1)[1]
                elif argument == "board" and text.startswith("/action/"):
                    args[argument] = rel["action"].split("/")[1]
                else:
                    args[argument] = values.get(argument)
            if any(v is None for v in args.values()):
                skipped[text] = "no sample value for " + ", ".join(a for a, v in args.items() if v is None)
                continue
            url = text
            for argument, value in args.items():
                url = re.sub(rf"<(?:[^:>]+:)?{argument}>", value, url)
            if text == "/search":
                url += f"?q={sample['word']}"
            if text == "/id/<path:path>":
                url = "/id/" + rel["meeting"]
            urls[url] = text
    return urls, skipped


def time_pages(store_dir: Path, sample: dict, runs: int, timeout: float) -> tuple[dict[str, dict], dict[str, str]]:
    """Every page's latency through the Flask test client over the store opened read-only."""
    from web import create_app
    urls, skipped = page_urls(create_app({"STORE_PATH": str(store_dir), "BASE": DEFAULT_BASE}), sample)
    return guarded("page", str(store_dir), sample, list(urls), runs, timeout), skipped


# ------------------------------------------------------------------------------------------- one size

def load(paths: list[str], open_target: Callable[[], GraphStore], jobs: int) -> dict:
    """Load with the real bulk loader; wall time, rates, peak memory and validation times."""
    with TreeMemory() as memory:
        started = time.perf_counter()
        result = load_files(paths, open_target, DEFAULT_BASE, jobs=jobs, echo=lambda text, err: None)
        seconds = time.perf_counter() - started
    return {
        "load_seconds": seconds, "documents": result.stored, "docs_per_second": result.stored / seconds,
        "triples": result.triples, "triples_per_second": result.triples / seconds, "exit_code": result.worst,
        "peak_rss_mb": memory.peak / 2**20,
        "validation_ms_per_doc": _over_the_load([s["validate"] * 1000 for s in result.seconds]),
        # the validating thread's CPU time: what validation costs, whatever else shares the CPUs
        "validation_cpu_ms_per_doc": _over_the_load([s["validate_cpu"] * 1000 for s in result.seconds]),
        "stage_ms_median": {stage: statistics.median(s[stage] for s in result.seconds) * 1000
                            for stage in result.seconds[0]},
    }


def _over_the_load(values: list[float]) -> dict[str, float]:
    """The median of VALUES (one a document, in load order), and of the first and the last 100."""
    return {"median": statistics.median(values), "first_100_median": statistics.median(values[:100]),
            "last_100_median": statistics.median(values[-100:])}


def run_size(count: int, work: Path, jobs: int, runs: int, baseline_cap: float, server_at: set[int],
             timeout: float, baseline_max: int) -> dict:
    loaded_at = commit()  # before the load: a commit made while it runs is not what it ran
    corpus = work / f"corpus-{count}"
    started = time.perf_counter()
    synth.write_corpus(corpus, count, seed=1)
    paths = sorted(str(p) for p in corpus.iterdir() if p.suffix in (".txt", ".md"))
    print(f"N={count}: corpus written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    store_dir = work / f"store-{count}"
    # a fresh store: a --work folder kept from an earlier run would otherwise time a reload (every
    # document replacing itself), not a load
    shutil.rmtree(store_dir, ignore_errors=True)
    for side in store_dir.parent.glob(f"{store_dir.name}.*"):  # the full-text index beside it
        side.unlink()
    opened: list[GraphStore] = []

    def open_target() -> GraphStore:
        opened.append(open_store(store_dir))
        load_vocabulary(opened[-1], DEFAULT_BASE)
        return opened[-1]
    figures = load(paths, open_target, jobs)
    for store in opened:
        store.close()
    print(f"N={count}: loaded in {figures['load_seconds']:.1f} s", file=sys.stderr)
    figures["commit"] = loaded_at
    figures.update(timing(store_dir, runs, timeout))
    figures.update({
        "baseline": baseline(paths, baseline_cap) if count <= baseline_max else {
            "skipped": f"N above --baseline-max {baseline_max}: the naive pipeline's cost grows with the square "
                       f"of the documents (see the smaller sizes)"},
        "jobs": jobs, "load_average_before_after": None,
    })
    if count in server_at:
        try:
            figures["server"] = server(paths, work / f"server-{count}", jobs, figures["samples_terms"], runs,
                                       timeout)
        except Exception as error:  # noqa: BLE001 - recorded in the results
            figures["server"] = {"error": f"{type(error).__name__}: {error}"}
    del figures["samples_terms"]
    return figures


def timing(store_dir: Path, runs: int, timeout: float) -> dict:
    """Every named query's and page's latency over the store at STORE_DIR (opened read-only), with the
    sample IRIs used (``samples_terms``: the rdflib terms, for the caller; not written to the results)."""
    timed_at = commit()
    with open_store(store_dir, read_only=True) as store:
        sample = samples(store)
        quads = store.count_quads()
    queries = time_queries(str(store_dir), sample, runs, timeout)
    typical = time_typical(str(store_dir), sample, runs, timeout)
    try:  # a broken page module must not cost the load's figures
        pages, skipped = time_pages(store_dir, sample, runs, timeout)
    except Exception as error:  # noqa: BLE001 - recorded in the results
        pages, skipped = {}, {"*": f"the site could not be started: {type(error).__name__}: {error}"}
    usual = {n: q for n, q in queries.items() if " [" not in n}
    return {
        "quads_in_store": quads, "samples_terms": sample, "timing_commit": timed_at,
        "samples": {k: _plain_sample(v) for k, v in sample.items() if v is not None},
        "query_ms_median": {n: q["median"] for n, q in usual.items()},
        "query_ms_first": {n: q["first"] for n, q in usual.items()},
        "query_ms_p95": {n: q["p95"] for n, q in usual.items()},
        "query_runs": {n: q["runs"] for n, q in usual.items()},
        "query_usage": {n: str(query_usage(n)[0]) for n in usual},
        "query_rows": {n: q.get("rows") for n, q in usual.items()},
        "query_bindings": {n: q.get("bindings") for n, q in usual.items()},
        # the other usages a query's header states ("NAME [USAGE]"), not counted against the target
        "query_other_usages_ms_median": {n: q["median"] for n, q in queries.items() if n not in usual},
        "query_other_usages_rows": {n: q.get("rows") for n, q in queries.items() if n not in usual},
        # the queries binding one topic, person or organisation, with the typical one (not counted against the target)
        "query_typical_ms_median": {n: q["median"] for n, q in typical.items()},
        "query_typical_rows": {n: q.get("rows") for n, q in typical.items()},
        "query_typical_bindings": {n: q.get("bindings") for n, q in typical.items()},
        "timed_out": sorted(k for k, v in {**queries, **pages}.items() if v.get("timeout_s")),
        "page_ms_median": {u: p["median"] for u, p in pages.items()},
        "page_ms_p95": {u: p["p95"] for u, p in pages.items()},
        "page_ms_first": {u: p["first"] for u, p in pages.items()},
        "page_status": {u: p.get("status") for u, p in pages.items()},  # None: stopped at the time limit
        "pages_not_timed": skipped,
    }


def _plain_sample(value: object) -> object:
    """A sample value for the JSON results: terms as strings, in the same list or dict."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, dict):
        return {k: str(v) for k, v in value.items()}
    return str(value)


def retime(count: int, work: Path, figures: dict, runs: int, timeout: float) -> dict:
    """FIGURES (an earlier run's at COUNT) with the queries and pages timed again over the store that
    run left in WORK: for measuring page and query changes without loading again. The store must be
    one this code reads (same aggregates version), else the timings would not mean anything."""
    store_dir = work / f"store-{count}"
    with open_store(store_dir, read_only=True) as store:
        if not has_aggregates(store):
            raise SystemExit(f"{store_dir}: no aggregates of the current version; load it again (no --retime)")
    timed = timing(store_dir, runs, timeout)
    del timed["samples_terms"]
    return {**figures, **timed, "retimed": time.strftime("%Y-%m-%d %H:%M:%S")}


def commit() -> str:
    """The checked-out commit of this repository (+ "-dirty" with uncommitted changes), or "unknown"."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True).stdout.strip()
    head = git("rev-parse", "--short", "HEAD")
    if not head:
        return "unknown"
    # the results file this benchmark rewrites is left out: it does not change what is measured
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results")
    return head + ("-dirty" if changed else "")


def baseline(paths: list[str], cap: float) -> dict:
    """The naive pipeline (rdflib Dataset, pySHACL over everything after each document), as many
    documents as fit in CAP seconds (its cost grows with the square of the documents)."""
    graphs = graphs_for([Path(p) for p in paths[:100]])
    context = context_graph(base=DEFAULT_BASE)
    done, spent = 0, 0.0
    for size in (1, 2, 5, 10, 20, 50, 100):
        if size > len(paths):
            break
        seconds = naive_baseline(graphs[:size], context)
        done, spent = size, seconds
        if seconds > cap / 4:  # the next size would take about 4x as long
            break
    finished = done == len(paths)
    return {"documents": done, "seconds": spent, "finished": finished,
            "docs_per_second": done / spent if spent else None,
            "note": "" if finished else f"stopped at {done} documents: the next size would pass the {cap:g} s cap "
                                        f"(whole-graph validation after each document is quadratic)"}


def server(paths: list[str], location: Path, jobs: int, sample: dict, runs: int, timeout: float) -> dict:
    """The same load and named queries over `oxigraph serve`."""
    from oxigraph_server import oxigraph_binary, oxigraph_server
    if oxigraph_binary() is None:
        return {"skipped": "the oxigraph server is not installed"}
    location.mkdir(parents=True)
    with oxigraph_server(location / "data", timeout_s=60) as url:
        opened: list[GraphStore] = []

        def open_target() -> GraphStore:
            opened.append(open_store(url))
            load_vocabulary(opened[-1], DEFAULT_BASE)
            return opened[-1]
        figures = load(paths, open_target, jobs)
        del figures["peak_rss_mb"]  # the server is not a child of this process tree's loader
        queries = time_queries(url, sample, runs, timeout, every_usage=False)
        for store in opened:
            store.close()
    figures["query_ms_median"] = {n: q["median"] for n, q in queries.items()}
    figures["query_ms_p95"] = {n: q["p95"] for n, q in queries.items()}
    return figures


# ------------------------------------------------------------------------------------------- report

def calibration_ms(rounds: int = 5) -> float:
    """CPU milliseconds of a fixed workload that no boardgraph code takes part in, fastest of ROUNDS: Python
    objects (dicts of strings, sorted) and pyoxigraph (20,000 quads loaded into a memory store, then
    counted by predicate). The same code measured 1,555.6 s and 608.0 s for N=10,000 on two days on this
    kind of machine; this figure, taken before each size, says how fast the machine was that day."""
    quads = "".join(f"<urn:s{i % 997}> <urn:p{i % 13}> \"{i}\" <urn:g{i % 31}> .\n" for i in range(20_000)).encode()
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        table_ = {f"key {i}": str(i * 7919) for i in range(200_000)}
        sorted(table_.items(), key=lambda kv: kv[1])
        store = pyoxigraph.Store()
        store.load(quads, format=pyoxigraph.RdfFormat.N_QUADS)
        list(store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p"))
        best = min(best, time.process_time() - started)
    return best * 1000


def machine() -> dict:
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return {"cpus": os.cpu_count(), "cpu_model": model, "ram_gb": round(int(memory) / 2**20, 1),
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
            "platform": platform.platform(), "rss_method": "sum of /proc/<pid>/statm RSS over this process and "
                                                           "its descendants, sampled every 0.2 s"}


def table(summary: dict, markdown: bool = False) -> str:
    """The figures of each N in SUMMARY side by side, as aligned text or (MARKDOWN) a Markdown table."""
    sizes = sorted((k for k in summary if k.isdigit()), key=int)
    rows = [("", *sizes)]
    pick = lambda f: [f(summary[s]) for s in sizes]  # noqa: E731
    rows.append(("loaded at commit (timed at)", *pick(
        lambda r: r["commit"] + (f" ({r['timing_commit']})" if r.get("timing_commit", r["commit"]) != r["commit"] else ""))))
    rows.append(("machine calibration (CPU ms)", *pick(lambda r: f"{r['calibration_ms']:.0f}" if "calibration_ms" in r else "-")))
    rows.append(("load (s)", *pick(lambda r: f"{r['load_seconds']:.0f}")))
    rows.append(("docs/s", *pick(lambda r: f"{r['docs_per_second']:.1f}")))
    rows.append(("triples/s", *pick(lambda r: f"{r['triples_per_second']:.0f}")))
    rows.append(("peak RSS (MB)", *pick(lambda r: f"{r['peak_rss_mb']:.0f}")))
    over_the_load = "{median:.0f}; {first_100_median:.0f}/{last_100_median:.0f}".format
    rows.append(("validation ms/doc (median; first/last 100)", *pick(lambda r: over_the_load(**r["validation_ms_per_doc"]))))
    rows.append(("validation CPU ms/doc (same)", *pick(  # not measured before session 11
        lambda r: over_the_load(**r["validation_cpu_ms_per_doc"]) if "validation_cpu_ms_per_doc" in r else "-")))
    for what, key in (("query", "query_ms_median"), ("page", "page_ms_median")):
        rows.append((f"slowest {what} (median ms)", *pick(lambda r: _slowest(r[key]))))
        rows.append((f"{what.replace('y', 'ie')}s over 100 ms (of)", *pick(lambda r: _over_limit(r[key]))))
    rows.append(("typical-binding queries over 100 ms (of)", *pick(
        lambda r: _over_limit(r["query_typical_ms_median"]) if "query_typical_ms_median" in r else "-")))
    rows.append(("naive baseline docs/s", *pick(lambda r: "{:.2f} ({} docs)".format(
        r["baseline"]["docs_per_second"] or 0, r["baseline"]["documents"]) if "documents" in r["baseline"] else "-")))
    rows.append(("load speed-up over the naive baseline", *pick(
        lambda r: f"{r['docs_per_second'] / r['baseline']['docs_per_second']:.0f}x"
        if r["baseline"].get("docs_per_second") else "-")))
    rows.append(("server backend: load (s); queries over 100 ms (of)", *pick(
        lambda r: f"{r['server']['load_seconds']:.0f}; {_over_limit(r['server']['query_ms_median'])}"
        if "server" in r else "-")))
    if markdown:
        lines = ["| " + " | ".join(map(str, row)) + " |" for row in rows]
        return "\n".join([lines[0], "|" + "---|" * len(rows[0]), *lines[1:]])
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths)) for row in rows)


def _over_limit(medians: dict[str, float | None]) -> str:
    """How many of MEDIANS are over 100 ms or were stopped (None), and of how many: "N (M)"."""
    return f"{sum(v is None or v > 100 for v in medians.values())} ({len(medians)})"


def _slowest(medians: dict[str, float | None]) -> str:
    if not medians:
        return "-"
    timed_out = [k for k, v in medians.items() if v is None]
    if timed_out:
        return f"timeout {timed_out[0]}" + (f" (+{len(timed_out) - 1})" if len(timed_out) > 1 else "")
    name, ms = max(medians.items(), key=lambda kv: kv[1])
    return f"{ms:.0f} {name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated corpus sizes (default 1000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="loader worker processes")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per query and page (3: N=1,000 in ~10 min)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds one query or page may take")
    parser.add_argument("--baseline-cap", type=float, default=120.0, help="seconds the naive baseline may take")
    parser.add_argument("--baseline-max", type=int, default=100, help="largest N the naive baseline is tried at")
    parser.add_argument("--server-at", default="1000", help="sizes also loaded into oxigraph serve ('' for none)")
    parser.add_argument("--work", type=Path, help="folder for corpora and stores (default: a temporary one)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--retime", action="store_true",
                        help="only time queries and pages again, over the stores an earlier run left in --work "
                             "(its load figures kept)")
    parser.add_argument("--table", action="store_true",
                        help="only print the figures in --out as a Markdown table (as bench/README.md shows them)")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.out.read_text()), markdown=True))
        return
    if args.retime and args.work is None:
        parser.error("--retime needs --work: the folder of the earlier run")
    sizes = [int(s) for s in args.sizes.split(",")]
    server_at = {int(s) for s in args.server_at.split(",") if s}
    summary = json.loads(args.out.read_text()) if args.out.exists() else {}
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        for count in sizes:
            before = os.getloadavg()
            calibration = calibration_ms()
            if args.retime:
                if str(count) not in summary:
                    raise SystemExit(f"{args.out}: no earlier figures for N={count} to keep; run without --retime")
                summary[str(count)] = retime(count, work, summary[str(count)], args.runs, args.timeout)
                summary[str(count)]["retime_calibration_ms"] = calibration
                args.out.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
                continue
            figures = run_size(count, work, args.jobs, args.runs, args.baseline_cap, server_at, args.timeout,
                               args.baseline_max)
            figures["load_average_before_after"] = [before, os.getloadavg()]
            figures["calibration_ms"] = calibration
            figures["measured"] = time.strftime("%Y-%m-%d %H:%M:%S")
            figures["rusage_peak_mb"] = {
                "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "largest_child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
            summary[str(count)] = figures
            summary["machine"] = machine()
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(summary))


if __name__ == "__main__":
    main()
