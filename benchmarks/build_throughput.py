"""End-to-end `kg build` throughput: read -> extract -> merge -> write graph.json.

Repeats the shared corpus (with distinct titles, so every copy is a new paper)
to N papers in a temporary JSONL file and builds a graph from it, printing
papers/s for each stage and the peak RSS. Run from the repository root:

    python benchmarks/build_throughput.py --papers 10000 [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from paperkg.build import build_graph  # noqa: E402
from kg.errors import BadRecord  # noqa: E402
from kg.graphjson import write_graph_json  # noqa: E402
from kg.readers import read_inputs  # noqa: E402


def make_input(corpus: Path, n: int, path: Path) -> int:
    papers = [p for p in read_inputs([corpus]) if not isinstance(p, BadRecord)]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            p = papers[i % len(papers)]
            fh.write(json.dumps({"id": f"bench-{i}", "title": f"{p.title} (copy {i})",
                                 "abstract": p.abstract}) + "\n")
    return n


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "papers.jsonl"
        make_input(args.corpus, args.papers, src)
        size_mb = src.stat().st_size / 1e6
        t0 = time.perf_counter()
        kg, report = build_graph([src], jobs=args.jobs)
        t1 = time.perf_counter()
        write_graph_json(kg, Path(tmp) / "graph.json")
        t2 = time.perf_counter()
        out_mb = (Path(tmp) / "graph.json").stat().st_size / 1e6
    counts = kg.counts()
    print(f"input: {report.papers_added} papers, {size_mb:.1f} MB; jobs={args.jobs}")
    print(f"read+extract+merge: {t1 - t0:.1f} s = {report.papers_added / (t1 - t0):.0f} papers/s")
    print(f"write graph.json:   {t2 - t1:.1f} s ({out_mb:.1f} MB)")
    print(f"graph: {sum(counts['nodes'].values())} nodes, {sum(counts['edges'].values())} edges")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
