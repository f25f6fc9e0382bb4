"""Regenerate ``extractors/data/harvested/*.jsonl`` from the catalogs that field packages ship.

Run from the repository root, in a throwaway venv holding ``tools/vocab/requirements.txt``
(see ``extractors/data/harvested/README.md``)::

    python -m tools.vocab.harvest            # all sources -> extractors/data/harvested/
    python -m tools.vocab.harvest --list     # the sources and what each takes

Nothing is downloaded: every source reads files of an installed package (or the shared SciREX
train file). The same installed packages give the same bytes.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from .common import KINDS, HarvestError, Record, norm, package_version

__all__ = ["SOURCES", "collect", "merge", "write", "main"]

SOURCES = ("tfds", "torchvision", "torchaudio", "torchtext", "pyg", "ir_datasets", "ir_measures", "mteb",
           "lm_eval", "transformers", "timm", "torchmetrics", "sklearn", "ogb", "scirex")
FILES = {"dataset": "datasets.jsonl", "method": "methods.jsonl", "metric": "metrics.jsonl", "task": "tasks.jsonl"}
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "extractors" / "data" / "harvested"
ZIPF_COMMON = 3.8      # once in ~160k words: "glue" 3.8, "accuracy" 4.2 are ordinary; "coco" 3.5 is not
MAX_ALIASES = 20


def load(name: str):
    return importlib.import_module(f"{__package__}.sources.{name}")


def collect(names=SOURCES) -> tuple[list[Record], list[dict]]:
    records: list[Record] = []
    manifest: list[dict] = []
    for name in names:
        mod = load(name)
        version = getattr(mod, "VERSION", None) or package_version(mod.DIST)
        got = mod.harvest()
        counts = {k: sum(1 for r in got if r.kind == k) for k in KINDS}
        manifest.append({"source": mod.SOURCE, "distribution": mod.DIST, "version": version,
                         "licence": mod.LICENCE, "taken": mod.TAKEN, "records": counts})
        records += [r for r in got if norm(r.name)]
        print(f"{mod.SOURCE:20} {version:16} " + " ".join(f"{k}s={n}" for k, n in counts.items()), file=sys.stderr)
    return records, manifest


def variants(form: str) -> set[str]:
    """Other spellings papers use for the same name: ``CIFAR-10`` <-> ``CIFAR10``, ``ag_news`` -> ``ag news``.

    >>> sorted(variants("CIFAR-10")), sorted(variants("ResNet50")), sorted(variants("ag_news"))
    (['CIFAR10'], ['ResNet-50'], ['ag news'])
    """
    out = set()
    if "_" in form:
        out.add(form.replace("_", " "))
        return out
    joined = re.sub(r"(?<=[A-Za-z])[- ](?=\d)", "", form)
    if joined != form:
        out.add(joined)
    elif re.search(r"[A-Za-z]{2}\d", form):
        out.add(re.sub(r"(?<=[A-Za-z]{2})(?=\d)", "-", form, count=1))
    return out - {form}


def _word_zipf():
    try:
        from wordfreq import zipf_frequency
    except ImportError as exc:  # pragma: no cover - harvest-time dependency
        raise HarvestError("wordfreq is needed at harvest time: pip install -r tools/vocab/requirements.txt") from exc
    cache: dict[str, float] = {}

    def zipf(word: str) -> float:
        if word not in cache:
            cache[word] = zipf_frequency(word, "en")
        return cache[word]
    return zipf


def is_common(form: str, zipf) -> bool:
    """An ordinary English word, or a phrase made only of ordinary words (no digits, no code ids)."""
    if "_" in form or "/" in form or re.search(r"\d", form):
        return False
    tokens = re.findall(r"[A-Za-z]+", form)
    if not tokens or any(len(t) == 1 for t in tokens) and len(tokens) == 1:
        return False
    # a CamelCase coinage ("ImageNet", "SciFact") is one name, not two ordinary words
    if len(tokens) == 1 and re.search(r"[a-z][A-Z]", form):
        return False
    return all(zipf(t.lower()) >= ZIPF_COMMON for t in tokens)


def _generic_terms() -> set[str]:
    path = ROOT / "extractors" / "data" / "generic_terms.txt"
    return {norm(l.split("#", 1)[0]) for l in path.read_text(encoding="utf-8").splitlines() if l.split("#", 1)[0].strip()}


def merge(records: list[Record], versions: dict[str, str]) -> dict[str, list[dict]]:
    """One entry per (kind, normalised name), every source kept; flags for matchers."""
    groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in records:
        groups[(r.kind, norm(r.name))].append(r)
    scirex_forms = {r.name for r in records if r.source == "scirex"} | \
        {a for r in records if r.source == "scirex" for a in r.aliases}
    zipf = _word_zipf()
    generic = _generic_terms()
    keys_by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, key in groups:
        keys_by_kind[kind].add(key)
    out: dict[str, list[dict]] = {k: [] for k in KINDS}
    for (kind, key), recs in groups.items():
        counts: dict[str, int] = defaultdict(int)
        best: dict[str, int] = defaultdict(int)
        for r in recs:
            counts[r.name] += 1
            best[r.name] = max(best[r.name], r.quality)
        name = max(counts, key=lambda f: (best[f], f in scirex_forms, counts[f],
                                          sum(c.isupper() for c in f), [-ord(c) for c in f]))
        aliases = {f for f in counts} | {a for r in recs for a in r.aliases}
        for form in list(aliases) + [name]:
            aliases |= variants(form)
        aliases = {a for a in aliases if a != name and norm(a) and len(a) <= 80}
        aliases = sorted(aliases, key=lambda a: (norm(a) != key, "_" in a, len(a), a))[:MAX_ALIASES]
        aliases.sort(key=lambda a: (norm(a), a))
        sources = sorted({(r.source, versions[r.source], r.id) for r in recs})
        forms = [name] + [a for a in aliases if "_" not in a]
        common = sorted({f for f in forms if is_common(f, zipf)}, key=lambda f: (norm(f), f))
        entry = {"name": name, "aliases": aliases,
                 "sources": [{"source": s, "version": v, "id": i} for s, v, i in sources],
                 "common_word": bool(common)}
        if common:
            entry["common_forms"] = common
        # the written form differs from the ordinary word by its case ("GLUE", "SQuAD", "CLIP")
        entry["case_sensitive"] = bool(common) and sum(c.isupper() for c in name) >= 2
        if len(key) <= 2:
            entry["short"] = True
        others = sorted(k for k in KINDS if k != kind and key in keys_by_kind[k])
        if others:
            entry["also_kinds"] = others
        if kind == "method" and key in generic:
            entry["generic"] = True
        out[kind].append(entry)
    for kind in KINDS:
        out[kind].sort(key=lambda e: (norm(e["name"]), e["name"]))
    return out


def write(entries: dict[str, list[dict]], manifest: list[dict], out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for kind, rows in entries.items():
        tmp = out / (FILES[kind] + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        tmp.replace(out / FILES[kind])
    summary = {
        "generated_by": "python -m tools.vocab.harvest",
        "zipf_common_threshold": ZIPF_COMMON,
        "counts": {k: len(v) for k, v in entries.items()},
        "common_word": {k: sum(e["common_word"] for e in v) for k, v in entries.items()},
        "sources": manifest,
    }
    (out / "manifest.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--list", action="store_true", help="list the sources and what each takes")
    args = parser.parse_args(argv)
    if args.list:
        for name in SOURCES:
            mod = load(name)
            print(f"{mod.SOURCE}: {mod.TAKEN} [{mod.LICENCE}]")
        return 0
    try:
        records, manifest = collect()
    except HarvestError as exc:
        print(f"harvest: {exc}", file=sys.stderr)
        return 1
    entries = merge(records, {m["source"]: m["version"] for m in manifest})
    write(entries, manifest, args.out)
    for kind, rows in entries.items():
        print(f"{FILES[kind]:15} {len(rows):6} entries, {sum(r['common_word'] for r in rows):5} common words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
