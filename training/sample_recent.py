"""Draw the abstracts of the ``recent`` evaluation set: a fixed random sample of new arXiv papers.

The source is a folder of daily arXiv listings, one ``YYYY-MM-DD.jsonl`` file a day, each line an arXiv
API record (``id``, ``title``, ``summary`` = the abstract, ``categories``), as the ``data`` branch of
https://github.com/dw-dengwei/daily-arXiv-ai-enhanced keeps them (commit b4c542b for the shipped set).
A paper is eligible when its primary category is cs.CV, cs.CL, cs.LG or cs.AI, its id is new in 2026
(``26xx.xxxxx``: not an old paper's update), its abstract has 500-2,200 characters, and its title is in no
annotated file of the project (dev, the training sets, SciREX; ``--exclude`` adds files). ``--seed`` fixes
the sample. The shipped sets:

    python -m training.sample_recent /path/to/daily-listings > recent100.jsonl            # evaluation only
    python -m training.sample_recent /path/to/daily-listings --n 200 --seed 20261204 \\
        --exclude training/data/heldout/recent100_ours.jsonl > recent200.jsonl             # development
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Iterable, Iterator

__all__ = ["ANNOTATED", "CATEGORIES", "annotated_titles", "eligible", "listings", "sample", "title_key", "main"]

CATEGORIES = frozenset({"cs.CV", "cs.CL", "cs.LG", "cs.AI"})
REPO = Path(__file__).resolve().parents[1]
ANNOTATED = [REPO.parent / "shared" / "eval" / "dev.jsonl", REPO.parent / "shared" / "eval" / "scirex_abstracts.jsonl",
             REPO / "training" / "data" / "corpus_train.jsonl", REPO / "training" / "data" / "scirex_train_ours.jsonl"]
_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})\.jsonl")


def title_key(title: str) -> str:
    return re.sub(r"[^0-9a-z]", "", title.lower())


def eligible(rec: dict, seen_titles: set[str], min_chars: int = 500, max_chars: int = 2200,
             categories: frozenset[str] | None = CATEGORIES) -> dict | None:
    """The record in the gold format's first three keys, or None when it is not eligible.

    *categories* None takes any primary category (a source that records none, such as the Hugging Face pool).

    >>> r = {"id": "2603.01234", "categories": ["cs.CV"], "title": "A  Title", "summary": "x " * 300}
    >>> eligible(r, set())["id"], eligible(r, {"atitle"}), eligible({**r, "id": "2110.02887"}, set())
    ('arxiv:2603.01234', None, None)
    """
    cats = rec.get("categories") or []
    title = re.sub(r"\s+", " ", rec.get("title") or "").strip()
    abstract = re.sub(r"\s+", " ", rec.get("summary") or "").strip()
    if categories is not None and (not cats or cats[0] not in categories) or not re.match(r"26\d\d\.\d", str(rec.get("id", ""))):
        return None
    if not min_chars <= len(abstract) <= max_chars or not title or title_key(title) in seen_titles:
        return None
    return {"id": f"arxiv:{rec['id']}", "title": title, "abstract": abstract}


def listings(folder: Path, since: str, until: str) -> Iterator[tuple[str, dict]]:
    """(day, record) of every daily file of *folder* from *since* to *until* (inclusive), in day order."""
    for path in sorted(folder.glob("*.jsonl")):
        m = _DAY.fullmatch(path.name)
        if m and since <= m.group(1) <= until:
            with open(path, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    try:
                        yield m.group(1), json.loads(line)
                    except json.JSONDecodeError:
                        print(f"{path}:{n}: not JSON, skipped", file=sys.stderr)


def sample(records: Iterable[tuple[str, dict]], seen_titles: set[str], n: int, seed: int,
           categories: frozenset[str] | None = CATEGORIES) -> list[dict]:
    """*n* eligible records drawn with *seed* (the first listing of an id counts), sorted by id."""
    pool: dict[str, dict] = {}
    for _, rec in records:
        got = eligible(rec, seen_titles, categories=categories)
        if got and got["id"] not in pool:
            pool[got["id"]] = got
    if len(pool) < n:
        raise SystemExit(f"only {len(pool)} eligible records, {n} asked for")
    return sorted(random.Random(seed).sample(list(pool.values()), n), key=lambda r: r["id"])


def annotated_titles(paths: Iterable[Path] = ANNOTATED) -> set[str]:
    return {title_key(json.loads(line).get("title") or "") for p in paths if p.exists()
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of daily arXiv listings (YYYY-MM-DD.jsonl)")
    parser.add_argument("--since", default="2026-01-01")
    parser.add_argument("--until", default="2026-06-30")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="another JSONL file whose titles may not be drawn (repeatable)")
    args = parser.parse_args(argv)
    seen = annotated_titles([*ANNOTATED, *args.exclude])
    for rec in sample(listings(args.folder, args.since, args.until), seen, args.n, args.seed):
        print(json.dumps(rec, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
