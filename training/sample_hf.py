"""Draw the ``hf100`` evaluation set: a fixed random sample of 2026 papers featured on Hugging Face Daily Papers.

The corpus of this project and the abstracts it is judged on are Hugging Face *Daily Papers* picks, so this set
is the closest proxy here. Source: ``training/data/hf_pool.jsonl``, 298 records (arXiv id, title, abstract,
code link, dates) copied from ``docs/archive.json`` of https://github.com/saffee666/hf-daily-papers-mirror
(commit 028e8ced950e65daed47025750cdd3a8ef231959; an archive of Hugging Face's ``daily_papers`` API, papers
submitted 2026-05-29 to 2026-10-03, about 3,000 of them). The pool is a cluster sample: every complete record
on 45 pages of 16,000 characters of that file, at the page offsets :func:`page_offsets` draws with its seed.
A record is eligible as in :mod:`training.sample_recent` (a 2026 arXiv id, 500-2,200 characters, no title of
an annotated set, the recent sets included), without a category filter. The shipped set:

    python -m training.sample_hf > hf100.jsonl                         # evaluation only (seed 20261206)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Iterator

from training.sample_recent import ANNOTATED, REPO, annotated_titles, sample

__all__ = ["POOL", "RECENT_SETS", "page_offsets", "pool", "main"]

POOL = REPO / "training" / "data" / "hf_pool.jsonl"
RECENT_SETS = [REPO / "training" / "data" / "recent_dev.jsonl", REPO / "training" / "data" / "heldout" / "recent100_ours.jsonl",
               REPO / "training" / "data" / "heldout" / "recent2_ours.jsonl"]


def page_offsets(seed: int = 20261206, pages: int = 45, length: int = 6_250_000, page: int = 16_000) -> list[int]:
    """The character offsets of the archive pages the pool was copied from.

    >>> page_offsets()[:3]
    [0, 176000, 480000]
    """
    return sorted(random.Random(seed).sample(range(0, length, page), pages))


def pool(path: Path = POOL) -> Iterator[tuple[str, dict]]:
    """(submission day, record) for every line of the pool; a line that is not JSON is reported and skipped."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                print(f"{path}:{n}: not JSON, skipped", file=sys.stderr)
                continue
            yield rec.get("submittedOnDailyAt", "")[:10], rec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=Path, default=POOL, help="the pool file (default: the shipped one)")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="another JSONL file whose titles may not be drawn (repeatable)")
    args = parser.parse_args(argv)
    seen = annotated_titles([*ANNOTATED, *RECENT_SETS, *args.exclude])
    for rec in sample(pool(args.pool), seen, args.n, args.seed, categories=None):
        print(json.dumps(rec, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
