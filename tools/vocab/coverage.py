"""How much of the gold names the name lists could find at best (a recall ceiling), per kind.

    python -m tools.vocab.coverage          # from the repository root; standard library only

For every gold entity of ``../shared/eval/dev.jsonl`` and of the 64 held-out SciREX abstracts
(``../shared/eval/scirex_abstracts.jsonl`` restricted to ``../shared/train/scirex_heldout_ids.txt``),
it asks whether its name or one of its aliases, normalised as ``shared/eval/score.py`` does
(lower case, alphanumerics only), is a name or alias of the curated lists
(``extractors/data/*.csv|jsonl``), of the harvested lists (``extractors/data/harvested/``), or of
either. It is a measurement only: the lists are never edited from gold names. It also counts
the harvested entries flagged as ordinary words.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

__all__ = ["norm", "curated_keys", "harvested_keys", "gold_entities", "coverage", "main"]

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "extractors" / "data"
SHARED = ROOT.parent / "shared"
KINDS = ("dataset", "method", "metric", "task")
GOLD_FIELDS = {"dataset": ("datasets",), "method": ("methods_used", "methods_proposed", "methods"),
               "metric": ("metrics",), "task": ("tasks",)}


def norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _csv_keys(path: Path) -> set[str]:
    keys = set()
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            keys.add(norm(row["name"]))
            keys |= {norm(a) for a in (row.get("aliases") or "").split("|") if a}
    return keys - {""}


def _jsonl_keys(path: Path) -> set[str]:
    keys = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            keys.add(norm(row["name"]))
            keys |= {norm(a) for a in row.get("aliases", [])}
    return keys - {""}


def curated_keys() -> dict[str, set[str]]:
    return {"dataset": _csv_keys(DATA / "datasets.csv"), "method": _jsonl_keys(DATA / "methods.jsonl"),
            "metric": _csv_keys(DATA / "metrics.csv"), "task": _csv_keys(DATA / "tasks.csv")}


def harvested_keys() -> dict[str, set[str]]:
    return {k: _jsonl_keys(DATA / "harvested" / f"{k}s.jsonl") for k in KINDS}


def gold_entities(path: Path, ids: set[str] | None = None) -> dict[str, list[set[str]]]:
    """Per kind, one set of normalised forms (name + aliases) per gold entity."""
    out: dict[str, list[set[str]]] = {k: [] for k in KINDS}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if ids is not None and rec["id"] not in ids:
            continue
        for kind, fields in GOLD_FIELDS.items():
            for field in fields:
                for ent in rec.get(field) or []:
                    forms = {norm(ent["name"])} | {norm(a) for a in ent.get("aliases", [])}
                    out[kind].append(forms - {""})
    return out


def coverage(gold: list[set[str]], keys: set[str]) -> float:
    return sum(1 for forms in gold if forms & keys) / len(gold) if gold else float("nan")


def main() -> int:
    curated, harvested = curated_keys(), harvested_keys()
    heldout = {l.strip() for l in (SHARED / "train" / "scirex_heldout_ids.txt").read_text().splitlines() if l.strip()}
    sets = {"dev.jsonl (120)": gold_entities(SHARED / "eval" / "dev.jsonl"),
            f"SciREX held-out ({len(heldout)})": gold_entities(SHARED / "eval" / "scirex_abstracts.jsonl", heldout)}
    print("Coverage: share of gold entities whose name or an alias is in the list (normalised).")
    print(f"{'gold set':24} {'kind':8} {'n':>5} {'curated':>8} {'harvested':>10} {'both':>6}")
    for label, gold in sets.items():
        for kind in KINDS:
            g = gold[kind]
            print(f"{label:24} {kind:8} {len(g):5} {coverage(g, curated[kind]):8.2f} "
                  f"{coverage(g, harvested[kind]):10.2f} {coverage(g, curated[kind] | harvested[kind]):6.2f}")
    print()
    print(f"{'harvested list':16} {'entries':>8} {'keys':>7} {'common_word':>12} {'case_sensitive':>15}")
    for kind in KINDS:
        rows = [json.loads(l) for l in (DATA / "harvested" / f"{kind}s.jsonl").read_text(encoding="utf-8").splitlines() if l]
        print(f"{kind + 's.jsonl':16} {len(rows):8} {len(harvested[kind]):7} {sum(r['common_word'] for r in rows):12} "
              f"{sum(r.get('case_sensitive', False) for r in rows):15}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
