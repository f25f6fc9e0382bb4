"""`kg query` on big graphs: the first call (loads graph.json into graph.lbdb) and later calls (reuse it).

For each size, a synthetic graph from benchmarks/scale_data.py (built once, cached) is copied to a
temporary directory with no database beside it, then a count query is asked: first call, then
--repeat later calls, each timed in-process (open the store + query) and once end to end as a
`kg query` subprocess (which adds the interpreter and CLI start-up). "before" is what every call
cost until now: read graph.json and load it into an in-memory database. The 100k figure is
extrapolated linearly from the two largest sizes, and printed as such.

With --store the graphs are built by ``kg build --store`` (cached beside the others, as
papers-N-store) and graph.store is copied too, so the first call streams the rows from the store
instead of parsing graph.json (exports/embedded_store.py). The first call's CPU seconds are
printed beside its wall time: on a shared box the wall time is mostly waiting for a core.

    python benchmarks/query_scale.py [--papers 1000 10000] [--repeat 5] [--store] [--no-before]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from exports.embedded import load_embedded  # noqa: E402
from exports.embedded_store import open_store, run_query  # noqa: E402
from kg.graphjson import read_graph_json  # noqa: E402
from scale_data import CACHE, make_input, scale_graph  # noqa: E402
from paperkg.build import STORE_NAME, build  # noqa: E402

COUNT = "MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset) RETURN count(*) AS n"


def timed_query(graph: Path) -> tuple[float, bool, int, float, str]:
    """Seconds (wall), whether it built the database, the answer, CPU seconds, what the rows came from."""
    started, cpu = time.perf_counter(), time.process_time()
    with open_store(graph) as store:
        rows = run_query(store.conn, COUNT).rows
    source = (store.load.source or "graph.json") if store.load else ""
    return time.perf_counter() - started, store.built, rows[0][0], time.process_time() - cpu, source


def store_graph(n: int) -> Path:
    """The output directory of an *n*-paper ``kg build --store`` (graph.json, graph.store), built once."""
    out = CACHE / f"papers-{n}-store"
    if (out / STORE_NAME).exists() and (out / "graph.json").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    src = out / "papers.jsonl"
    if not src.exists():
        make_input(n, src)
    build([src], out, store=True, exports=[])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-before", action="store_true", help="skip the old reload-every-call timing")
    parser.add_argument("--store", action="store_true", help="graphs built with kg build --store; load from graph.store")
    args = parser.parse_args()
    kg_cli = Path(sys.executable).with_name("kg")
    firsts: dict[int, float] = {}
    laters: dict[int, float] = {}
    print("papers | graph.json MB | before: reload per call s | first call s (builds DB) | its CPU s | loaded from "
          "| later calls s (min/median) | kg query CLI s | answer")
    for n in args.papers:
        source = (store_graph(n) if args.store else scale_graph(n)) / "graph.json"
        with tempfile.TemporaryDirectory() as tmp:
            graph = Path(tmp) / "graph.json"
            shutil.copy2(source, graph)
            if args.store:
                shutil.copy2(source.with_name(STORE_NAME), graph.with_name(STORE_NAME))
            before = float("nan")
            if not args.no_before:
                started = time.perf_counter()
                run_query(load_embedded(read_graph_json(graph)), COUNT)
                before = time.perf_counter() - started
            first, built, answer, first_cpu, loaded_from = timed_query(graph)
            assert built
            later = sorted(timed_query(graph)[0] for _ in range(args.repeat))
            started = time.perf_counter()
            out = subprocess.run([str(kg_cli), "query", str(graph), COUNT, "-f", "csv"], capture_output=True,
                                 text=True, check=True)
            cli = time.perf_counter() - started
            assert out.stdout.split()[-1] == str(answer)
        firsts[n], laters[n] = first, later[0]
        print(f"{n} | {source.stat().st_size / 1e6:.0f} | {before:.1f} | {first:.1f} | {first_cpu:.1f} | {loaded_from} | "
              f"{later[0]:.3f}/"
              f"{later[len(later) // 2]:.3f} | {cli:.2f} | {answer}", flush=True)
    if len(firsts) >= 2:
        (n1, n2) = sorted(firsts)[-2:]
        print(f"extrapolated linearly in papers from {n1} and {n2} (not measured) to 100,000 papers: "
              f"first call ~{_at(firsts, n1, n2, 100_000):.0f} s, later calls ~{_at(laters, n1, n2, 100_000):.2f} s")


def _at(times: dict[int, float], n1: int, n2: int, n: int) -> float:
    slope = (times[n2] - times[n1]) / (n2 - n1)
    return times[n1] + slope * (n - n1)

if __name__ == "__main__":
    main()
