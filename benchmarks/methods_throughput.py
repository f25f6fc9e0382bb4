"""Throughput of the ``methods`` component and of the whole extraction pipeline.

Runs the shipped pipeline over the shared corpus (repeated to N abstracts),
then times each component alone on the same docs, printing abstracts/s for the
pipeline, ms/doc per component and the peak RSS. Run from the repository root:

    python benchmarks/methods_throughput.py --papers 2000
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.errors import BadRecord  # noqa: E402
from paperkg.pipeline import load_pipeline  # noqa: E402
from kg.readers import read_inputs  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--papers", type=int, default=2000)
    args = parser.parse_args()
    papers = [p for p in read_inputs([args.corpus]) if not isinstance(p, BadRecord)]
    texts = [papers[i % len(papers)].text for i in range(args.papers)]
    nlp = load_pipeline()

    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    elapsed = time.perf_counter() - start
    print(f"pipeline: {len(texts)} abstracts in {elapsed:.2f}s = {len(texts) / elapsed:.0f} abstracts/s")

    docs = [nlp.make_doc(t) for t in texts]
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        docs = [proc(doc) for doc in docs]
        per_doc = (time.perf_counter() - start) / len(docs) * 1000
        print(f"  {name:22s} {per_doc:.3f} ms/doc")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
