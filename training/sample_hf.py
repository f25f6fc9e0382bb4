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

``hf2`` (issue 13, round 11) is a second cluster sample of the same archive, disjoint from the first: every complete
record on 18 pages drawn with seed 20261207 among the pages that are neither the pool's nor next to one
(:func:`hf2_offsets`), copied to ``training/data/hf2_pool.jsonl``; records that run from one drawn page onto the
next drawn page are complete too. Its set, pre-registered in ``training/data/heldout/hf2_agreement/``:

    python -m training.sample_hf --set hf2 > hf2.jsonl                 # evaluation only (seed 20261207)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Iterable, Iterator

from training.sample_recent import ANNOTATED, REPO, annotated_titles, sample

__all__ = ["HF2_POOL", "POOL", "RECENT_SETS", "hf2_offsets", "page_offsets", "pool", "main"]

POOL = REPO / "training" / "data" / "hf_pool.jsonl"
HF2_POOL = REPO / "training" / "data" / "hf2_pool.jsonl"
ARCHIVE_CHARS = 6_267_144  # the length of docs/archive.json at commit 028e8ce
RECENT_SETS = [REPO / "training" / "data" / "recent_dev.jsonl", REPO / "training" / "data" / "heldout" / "recent100_ours.jsonl",
               REPO / "training" / "data" / "heldout" / "recent2_ours.jsonl"]


def page_offsets(seed: int = 20261206, pages: int = 45, length: int = 6_250_000, page: int = 16_000,
                 avoid: Iterable[int] = ()) -> list[int]:
    """The character offsets of the archive pages the pool was copied from.

    *avoid*: pages that may not be drawn, nor the pages next to them (so no record is shared with their sample).

    >>> page_offsets()[:3]
    [0, 176000, 480000]
    """
    taken = {o + d for o in avoid for d in (-page, 0, page)}
    return sorted(random.Random(seed).sample([o for o in range(0, length, page) if o not in taken], pages))


def hf2_offsets() -> list[int]:
    """The 18 pages of ``hf2_pool.jsonl``: disjoint from the first pool's pages and their neighbours.

    >>> hf2_offsets()[:4]
    [112000, 272000, 880000, 896000]
    """
    return page_offsets(seed=20261207, pages=18, length=ARCHIVE_CHARS, avoid=page_offsets())


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
    parser.add_argument("--set", choices=["hf100", "hf2"], default="hf100",
                        help="which shipped set to draw: its pool and seed (default: hf100)")
    parser.add_argument("--pool", type=Path, help="another pool file (default: the set's shipped pool)")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, help="default: the set's seed (hf100 20261206, hf2 20261207)")
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="another JSONL file whose titles may not be drawn (repeatable)")
    args = parser.parse_args(argv)
    hf2 = args.set == "hf2"
    earlier = [REPO / "training" / "data" / "heldout" / "hf100_ours.jsonl", REPO / "training" / "data" / "hf_dev.jsonl"]
    seen = annotated_titles([*ANNOTATED, *RECENT_SETS, *(earlier if hf2 else []), *args.exclude])
    path = args.pool or (HF2_POOL if hf2 else POOL)
    seed = args.seed if args.seed is not None else (20261207 if hf2 else 20261206)
    for rec in sample(pool(path), seen, args.n, seed, categories=None):
        print(json.dumps(rec, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
