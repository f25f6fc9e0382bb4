"""`kg validate` throughput: triples/s and peak RSS per engine, on synthetic graphs of 1k, 5k, 10k papers.

Graphs come from benchmarks/scale_data.py (the ordinary build on cycled corpus abstracts with
unique titles; built once, cached). Each run is a child process, so its peak RSS is its own.
pyshacl ("before") runs only up to --pyshacl-max papers and under --timeout, because it does not
finish on 10k papers in 20 minutes; the SPARQL engine ("after") runs on every size.

    python benchmarks/validate_scale.py [--papers 1000 5000 10000] [--pyshacl-max 1000] [--timeout 900]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def child(engine: str, path: str) -> None:
    """Validate *path* with *engine* and print seconds, triples, conformance and peak RSS as JSON."""
    from exports.rdf_query import load_rdf  # noqa: PLC0415 - the child alone imports the engines
    from exports.rdf_shacl import validate_rdf  # noqa: PLC0415
    from exports.rdf_store import load_store  # noqa: PLC0415
    from exports.shacl_sparql import validate_store  # noqa: PLC0415

    started = time.perf_counter()
    if engine == "oxigraph":
        store = load_store(path)
        triples, report = len(store), validate_store(store)
    else:
        data = load_rdf(path)
        triples, report = len(data), validate_rdf(data)
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "triples": triples, "conforms": report.conforms, "rss_mb": rss}))


def run(engine: str, path: Path, timeout: float) -> dict | None:
    try:
        out = subprocess.run([sys.executable, __file__, "--child", engine, str(path)], capture_output=True,
                             text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--pyshacl-max", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from scale_data import scale_graph  # noqa: PLC0415 - the parent alone builds graphs

    print("papers | engine | triples | seconds | triples/s | peak RSS MB | conforms")
    for n in args.papers:
        ttl = scale_graph(n) / "graph.ttl"
        engines = ["oxigraph"] + (["pyshacl"] if n <= args.pyshacl_max else [])
        for engine in engines:
            result = run(engine, ttl, args.timeout)
            if result is None:
                print(f"{n} | {engine} | - | > {args.timeout:.0f} (timed out) | - | - | -", flush=True)
                continue
            print(f"{n} | {engine} | {result['triples']} | {result['seconds']:.1f} | "
                  f"{result['triples'] / result['seconds']:,.0f} | {result['rss_mb']:.0f} | {result['conforms']}",
                  flush=True)


if __name__ == "__main__":
    main()
