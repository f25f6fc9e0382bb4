"""Synthetic paper graphs for the scale benchmarks (shared by query_scale.py and validate_scale.py).

N papers are the shared corpus abstracts cycled, each with a unique title (so each is a new
paper), built with the ordinary ``kg build`` (graph.json and graph.ttl, no HTML). Built graphs are
kept in a cache directory and reused: the box is shared, so a benchmark never rebuilds what exists.

    python benchmarks/scale_data.py 1000 5000 10000      # build (or reuse) the graphs, print where
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.errors import BadRecord  # noqa: E402
from kg.readers import read_inputs  # noqa: E402
from paperkg.build import build  # noqa: E402

#: Where built graphs are kept (override with PAPERKG_SCALE_CACHE).
CACHE = Path(os.environ.get("PAPERKG_SCALE_CACHE", "/tmp/paperkg-scale"))
CORPUS = REPO.parent / "shared" / "corpus"


def make_input(n: int, path: Path, corpus: Path = CORPUS) -> None:
    """*n* papers as JSONL: corpus abstracts cycled, titles made unique."""
    papers = [p for p in read_inputs([corpus]) if not isinstance(p, BadRecord)]
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for i in range(n):
            p = papers[i % len(papers)]
            fh.write(json.dumps({"id": f"scale-{i}", "title": f"{p.title} (copy {i})", "abstract": p.abstract}) + "\n")
    tmp.replace(path)


def scale_graph(n: int, cache: Path = CACHE) -> Path:
    """The output directory of an *n*-paper build (graph.json, graph.ttl), built once."""
    out = cache / f"papers-{n}"
    if (out / "graph.ttl").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    src = out / "papers.jsonl"
    if not src.exists():
        make_input(n, src)
    started = time.perf_counter()
    build([src], out, exports=["turtle"])
    print(f"built {n} papers in {time.perf_counter() - started:.0f} s -> {out}", file=sys.stderr)
    return out


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1000"]:
        print(scale_graph(int(arg)))
