"""Load and query timings of the embedded Cypher engine, plus Neo4j load planning and CSV export.

Usage::

    python benchmarks/neo4j_embedded.py out/graph.json                 # the corpus graph
    python benchmarks/neo4j_embedded.py out/graph.json --synthetic 5000 # plus 5000 synthetic papers

Prints, per batch size, the time to load the graph into an in-memory embedded database
(rows/s), then the median time of each canned example query, the time to build the
Neo4j load plan (all parameter rows) and to write the neo4j-admin CSV files, and peak RSS.
The synthetic papers each mention 3 of 200 datasets, 2 of 300 methods (one proposed),
1 of 20 tasks and report 2 results, so every example has work to do.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from exports.embedded import EmbeddedLoad, load_embedded, run_query
from exports.neo4j import plan_load
from exports.neo4j_csv import write_neo4j_csv
from exports.neo4j_schema import examples
from kg.graph import KnowledgeGraph
from kg.graphjson import read_graph_json
from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord


def add_synthetic(kg: KnowledgeGraph, n: int, seed: int = 0) -> None:
    """Add *n* synthetic papers with datasets, methods, tasks and results."""
    rng = random.Random(seed)
    for i in range(n):
        ev = Evidence("x", 0, 1, "x", "synthetic", 0.9)
        datasets = rng.sample(range(200), 3)
        methods = rng.sample(range(300), 2)
        mentions = [Mention("dataset", f"dataset:d{d}", f"D{d}", ev) for d in datasets]
        mentions += [Mention("method", f"method:m{m}", f"M{m}", ev, "proposed" if j == 0 else "used")
                     for j, m in enumerate(methods)]
        mentions.append(Mention("task", f"task:t{rng.randrange(20)}", f"T{i % 20}", ev))
        results = [ResultRecord("accuracy", "metric:accuracy", round(rng.uniform(50, 99), 1), "x", ev, "%",
                                f"D{d}", f"dataset:d{d}", f"M{methods[0]}", f"method:m{methods[0]}")
                   for d in datasets[:2]]
        kg.add_fragment(PaperFragment(Paper(id=f"title:synthetic{i}", title=f"Synthetic {i}", abstract="x"),
                                      mentions, results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph", type=Path, help="graph.json (e.g. from `kg build`)")
    parser.add_argument("--synthetic", type=int, default=0, help="add this many synthetic papers")
    parser.add_argument("--batch-sizes", default="100,1000,5000", help="comma-separated batch sizes")
    parser.add_argument("--repeat", type=int, default=5, help="runs per example query")
    args = parser.parse_args()

    kg = read_graph_json(args.graph)
    if args.synthetic:
        add_synthetic(kg, args.synthetic)
    nodes, edges = kg.number_of_nodes(), kg.number_of_relations()
    print(f"graph: {nodes} nodes, {edges} relationships  {kg.counts()}")

    conn = None
    for size in [int(s) for s in args.batch_sizes.split(",")]:
        report = EmbeddedLoad()
        conn = load_embedded(kg, batch_size=size, report=report)
        print(f"embedded load, batch {size:>5}: {report.seconds:7.3f}s  {report.batches:>4} batches  "
              f"{(nodes + edges) / report.seconds:9.0f} rows/s")
    again = EmbeddedLoad()
    load_embedded(kg, conn=conn, report=again)
    print(f"embedded reload (idempotent MERGE over existing data): {again.seconds:.3f}s")

    for ex in examples().values():
        times, rows = [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            rows = len(run_query(conn, ex.text, ex.params).rows)
            times.append(time.perf_counter() - started)
        print(f"query {ex.name:<24} median {statistics.median(times) * 1000:8.2f} ms  {rows:>5} rows")

    started = time.perf_counter()
    plan = plan_load(kg)
    print(f"Neo4j load plan ({sum(len(s.rows) for s in plan)} parameter rows): {time.perf_counter() - started:.3f}s")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        write_neo4j_csv(kg, tmp)
        print(f"neo4j-admin CSV export: {time.perf_counter() - started:.3f}s")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
