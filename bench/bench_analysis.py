"""Analysis benchmark: building the networks over a store of many meetings, whole store against
the ``around=`` forms that read one thing's neighbourhood only.

    .venv/bin/python bench/bench_analysis.py [--meetings N] [--boards B]

The store holds N copies of the bundled WSTB minutes' graph (parsed once), spread over B boards:
each copy gets its own meeting date and IRIs, and the people are the board's own (person IRIs
suffixed with the board), so a person's neighbourhood is their board's meetings (N/B of them).
Topics are shared by all boards, so a topic's neighbourhood is every meeting that discusses it.
Prints a table and writes JSON to bench/results/analysis.json. Ratios, not absolute times, are what
carry across machines."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rdflib import Graph, Literal, URIRef  # noqa: E402

from graph import analysis  # noqa: E402
from graph.namespaces import DEFAULT_BASE as ID  # noqa: E402
from graph.pipeline import process_file  # noqa: E402
from graph.store import GraphStore, load_vocabulary, open_store  # noqa: E402

WSTB = REPO / "examples" / "minutes" / "wstb-2017-06-29.txt"
DATE = "2017-06-29"


def copy_of(graph: Graph, board: str, date: str, index: int) -> list[tuple]:
    """The WSTB graph as the meeting of BOARD on DATE (its own meeting, action and people IRIs)."""
    renames = [(f"{ID}meeting/wstb/{DATE}", f"{ID}meeting/{board}/{date}"),
               (f"{ID}minutes/wstb/{DATE}", f"{ID}minutes/{board}/{date}"),
               (f"{ID}board/wstb", f"{ID}board/{board}"),
               (f"{ID}action/wstb/", f"{ID}action/{board}/{index}-")]

    def term(value):
        if isinstance(value, URIRef):
            text = str(value)
            for old, new in renames:
                text = text.replace(old, new)
            if text.startswith(f"{ID}person/") or text.startswith(f"{ID}membership/"):
                text = f"{text}-{board}"
            return URIRef(text)
        if isinstance(value, Literal) and DATE in str(value):
            return Literal(str(value).replace(DATE, date), datatype=value.datatype, lang=value.language)
        return value

    board_iri = URIRef(f"{ID}board/{board}")
    triples = []
    for s, p, o in graph:
        s, o = term(s), term(o)
        if s == board_iri and isinstance(o, Literal):
            o = Literal(f"Board {board}")  # names and acronym
        triples.append((s, p, o))
    return triples


def build_store(folder: Path, meetings: int, boards: int) -> tuple[GraphStore, int]:
    """An Oxigraph store on disk with MEETINGS copies of the WSTB meeting over BOARDS boards."""
    processed = process_file(WSTB)
    store = open_store(folder)
    load_vocabulary(store, ID)
    quads = 0
    for index in range(meetings):
        board = f"b{index % boards:02d}"
        date = (dt.date(2017, 1, 2) + dt.timedelta(days=index)).isoformat()
        triples = copy_of(processed.built.graph, board, date, index)
        store.replace_graph(f"{ID}graph/meeting/{board}/{date}", triples)
        quads += len(triples)
    return store, quads


def timed(step: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """Median seconds of STEP over REPEAT runs, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--boards", type=int, default=20)
    args = parser.parse_args()
    person = URIRef(f"{ID}person/nick-halliday-b00")
    organisation = URIRef(f"{ID}org/cabinet-office")
    topic = URIRef(f"{ID}topic/gdpr")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        store, quads = build_store(Path(folder) / "store", args.meetings, args.boards)
        build_seconds = time.perf_counter() - start
        networks = {}
        for name, build, centre in (("people", analysis.people_network, person),
                                    ("organisations", analysis.organisation_network, organisation),
                                    ("topics", analysis.topic_network, topic),
                                    ("people-topics", analysis.person_topic_network, person)):
            whole_seconds, whole = timed(lambda: build(store), repeat=1)
            around_seconds, around = timed(lambda: build(store, around=centre))
            networks[name] = {
                "whole_seconds": whole_seconds, "whole_nodes": whole.number_of_nodes(),
                "whole_edges": whole.number_of_edges(), "around": str(centre),
                "around_seconds": around_seconds, "around_nodes": around.number_of_nodes(),
                "around_edges": around.number_of_edges(), "whole_over_around": whole_seconds / around_seconds}
            networks[name]["rank_seconds"] = timed(lambda: analysis.rank(whole), repeat=1)[0]
        measures = {
            "board_person_network": timed(lambda: analysis.board_person_network(store), repeat=1)[0],
            "board_bridges": timed(lambda: analysis.board_bridges(store), repeat=1)[0],
            "topic_trend": timed(lambda: analysis.topic_trend(store, topic))[0],
            "first_raised": timed(lambda: analysis.first_raised(store, topic))[0],
        }
        store.close()
    results = {"meetings": args.meetings, "boards": args.boards, "quads": quads,
               "store_build_seconds": build_seconds, "networks": networks, "measures_seconds": measures}
    print(f"{args.meetings} meetings over {args.boards} boards, {quads} quads (built in {build_seconds:.1f} s)")
    print(f"{'network':<15}{'whole s':>9}{'nodes':>7}{'edges':>8}{'around s':>10}{'nodes':>7}{'edges':>8}"
          f"{'ratio':>8}{'rank s':>8}")
    for name, n in networks.items():
        print(f"{name:<15}{n['whole_seconds']:>9.3f}{n['whole_nodes']:>7}{n['whole_edges']:>8}"
              f"{n['around_seconds']:>10.4f}{n['around_nodes']:>7}{n['around_edges']:>8}"
              f"{n['whole_over_around']:>7.1f}x{n['rank_seconds']:>8.3f}")
    for name, seconds in measures.items():
        print(f"{name:<22}{seconds:>9.3f} s")
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "analysis.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
