"""Online load throughput into a live Neo4j (`kg load neo4j`): nodes/s and relationships/s per batch size.

Usage (a real Neo4j 5 on loopback, started and stopped by tests/with-neo4j; Java 17+ and Maven)::

    tests/with-neo4j .venv/bin/python benchmarks/neo4j_load.py out/graph.json
    tests/with-neo4j .venv/bin/python benchmarks/neo4j_load.py out/graph.json --synthetic 100000 \\
        --batch-sizes 1000,10000

Or against any server with NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD set. The database is emptied
before each load (everything in it is deleted). For each batch size it loads the graph into the
empty database (a fresh load), then loads it again (the idempotent reload over existing data), and
prints the seconds of planning (parameter rows, in Python) and creating the constraints, of the
node batches and of the relationship batches (with the final count check), nodes/s,
relationships/s, and peak RSS of this process. Synthetic papers are those of benchmarks/neo4j_embedded.py (3 of 200 datasets,
2 of 300 methods, 1 of 20 tasks, 2 results each).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from neo4j_embedded import add_synthetic  # benchmarks/ is on sys.path when run as a script

from exports.neo4j import Step, connect, load_neo4j
from kg.graphjson import read_graph_json


def wipe(driver, database: str | None) -> float:
    started = time.perf_counter()
    with driver.session(database=database) as session:
        # relationships first: DETACH DELETE of a dense node (metric:accuracy, 200,000 relationships)
        # in one inner transaction exceeds the server's transaction memory pool
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 50000 ROWS").consume()
    return time.perf_counter() - started


def timed_load(kg, driver, database: str | None, batch_size: int) -> tuple[float, float, float]:
    """Seconds of (planning + constraints, the node batches, the relationship batches + count check)."""
    ends: dict[str, float] = {}

    def on_batch(step: Step, rows: int) -> None:
        ends[step.kind] = time.perf_counter()  # end of the last batch of each kind so far

    started = time.perf_counter()
    report = load_neo4j(kg, driver=driver, database=database, batch_size=batch_size, on_batch=on_batch)
    assert report.found == report.expected
    ended = time.perf_counter()
    return ends["constraint"] - started, ends["nodes"] - ends["constraint"], ended - ends["nodes"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph", type=Path, help="graph.json (e.g. from `kg build`)")
    parser.add_argument("--synthetic", type=int, default=0, help="add this many synthetic papers")
    parser.add_argument("--batch-sizes", default="1000,5000,20000", help="comma-separated batch sizes")
    parser.add_argument("--no-reload", action="store_true", help="skip the second (idempotent) load")
    args = parser.parse_args()
    try:
        uri, user, password = (os.environ[k] for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"))
    except KeyError:
        raise SystemExit("set NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD, or run under tests/with-neo4j") from None
    database = os.environ.get("NEO4J_DATABASE") or None

    kg = read_graph_json(args.graph)
    if args.synthetic:
        add_synthetic(kg, args.synthetic)
    nodes, rels = kg.number_of_nodes(), kg.number_of_relations()
    print(f"graph: {nodes} nodes, {rels} relationships ({args.graph}"
          f"{f' + {args.synthetic} synthetic papers' if args.synthetic else ''}); Neo4j at {uri}")
    driver = connect(uri, user, password, database)
    try:
        for size in [int(s) for s in args.batch_sizes.split(",")]:
            print(f"  (emptied the database in {wipe(driver, database):.1f}s)")
            runs = [("fresh load", timed_load(kg, driver, database, size))]
            if not args.no_reload:
                runs.append(("reload", timed_load(kg, driver, database, size)))
            for what, (t_plan, t_nodes, t_rels) in runs:
                print(f"batch {size:>6} {what:<10}: plan {t_plan:5.1f}s   nodes {t_nodes:6.1f}s {nodes / t_nodes:9,.0f}/s"
                      f"   relationships {t_rels:6.1f}s {rels / t_rels:9,.0f}/s   total {t_plan + t_nodes + t_rels:6.1f}s")
        wipe(driver, database)
    finally:
        driver.close()
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
