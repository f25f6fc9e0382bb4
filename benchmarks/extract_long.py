"""Extraction cost of one very long abstract: seconds per size, to show it grows linearly.

Each abstract is corpus abstracts repeated until it has the wanted number of
characters (160k, 320k, 640k, 999k by default), the worst case for the
pairwise steps (every name recurs many times). One process, one core; wall
and CPU seconds, and CPU microseconds per character (flat when linear).
``--profile SIZE`` prints the 25 most expensive functions for that size instead.

    .venv/bin/python benchmarks/extract_long.py
    .venv/bin/python benchmarks/extract_long.py --sizes 160000 320000 --profile 160000
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

from kg.model import Paper
from kg.readers import read_inputs
from paperkg.pipeline import extract_fragments, load_pipeline

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def long_paper(papers: list[Paper], size: int) -> Paper:
    """A paper whose abstract is the corpus abstracts, repeated, cut to *size* characters."""
    text, parts = 0, []
    while text < size:
        for paper in papers:
            parts.append(paper.abstract)
            text += len(paper.abstract) + 1
            if text >= size:
                break
    return Paper(id=f"title:long-{size}", title=f"A {size}-character abstract", abstract=" ".join(parts)[:size])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(DEFAULT_CORPUS)], help="paper files or directories")
    parser.add_argument("--sizes", type=int, nargs="+", default=[160_000, 320_000, 640_000, 999_000])
    parser.add_argument("--profile", type=int, default=None, metavar="SIZE", help="profile this size instead")
    args = parser.parse_args(argv)
    papers = [p for p in read_inputs(args.inputs) if isinstance(p, Paper) and p.abstract]
    if not papers:
        print(f"no papers found in {args.inputs}", file=sys.stderr)
        return 1
    nlp = load_pipeline()
    if args.profile:
        paper = long_paper(papers, args.profile)
        profiler = cProfile.Profile()
        profiler.runcall(lambda: list(extract_fragments([paper], nlp)))
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return 0
    # CPU seconds too: on a shared machine they move less with the load than wall-clock ones
    print(f"{'characters':>10} {'seconds':>8} {'cpu s':>8} {'mentions':>8} {'results':>7} {'cpu us/char':>11}")
    for size in args.sizes:
        paper = long_paper(papers, size)
        started, cpu = time.perf_counter(), time.process_time()
        fragment, = extract_fragments([paper], nlp)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"{len(paper.abstract):>10,} {seconds:>8.2f} {cpu:>8.2f} {len(fragment.mentions):>8,} "
              f"{len(fragment.results):>7,} {cpu / len(paper.text) * 1e6:>11.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
