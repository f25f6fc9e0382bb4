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

from .common import CURATED, KINDS, HarvestError, Record, norm, package_version

__all__ = ["SOURCES", "collect", "merge", "write", "main"]

SOURCES = ("tfds", "torchvision", "torchaudio", "torchtext", "pyg", "ir_datasets", "ir_measures", "mteb",
           "lm_eval", "transformers", "timm", "torchmetrics", "sklearn", "ogb", "scirex")
FILES = {"dataset": "datasets.jsonl", "method": "methods.jsonl", "metric": "metrics.jsonl", "task": "tasks.jsonl"}
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "extractors" / "data" / "harvested"
ZIPF_COMMON = 3.8      # once in ~160k words: "glue" 3.8, "accuracy" 4.2 are ordinary; "coco" 3.5 is not
MAX_ALIASES = 20
_WRITTEN_FORM = re.compile(r"^[A-Za-z0-9α-ωÀ-ÿ(].*[A-Za-z0-9α-ωÀ-ÿ)+%]$|^[A-Za-z0-9]$")


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
    """Other spellings papers use for a name ending in a number: ``CIFAR-10`` <-> ``CIFAR10``.

    >>> sorted(variants("CIFAR-10")), sorted(variants("ResNet50")), sorted(variants("PASCAL VOC 2012"))
    (['CIFAR10'], ['ResNet-50'], ['PASCAL VOC2012'])
    >>> sorted(variants("Banking77VN")), sorted(variants("ag_news"))
    ([], [])
    """
    if re.fullmatch(r"[A-Za-z][A-Za-z]*[A-Za-z]\d+", form):
        return {re.sub(r"(?<=[A-Za-z])(?=\d)", "-", form, count=1)}
    m = re.fullmatch(r"(.*[A-Za-z])[- ](\d+)", form)
    if m and "_" not in form and "/" not in form:
        return {m.group(1) + m.group(2)}
    return set()


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
    # a CamelCase coinage ("ImageNet", "ViTamin") is a name, not ordinary words
    if any(re.search(r"[a-z][A-Z]", t) for t in tokens):
        return False
    if len(tokens) > 1:
        # inside a phrase, an acronym or a single letter is no ordinary word ("Faster R-CNN")
        words = re.findall(r"[A-Za-z]+", form)
        if any(len(t) == 1 or re.fullmatch(r"[A-Z]{2,}", t) for t in words):
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
    scirex_forms = {r.name for r in records if r.source == "scirex"}  # the form papers write most
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
        # a curated display name first, then the form papers write (SciREX), then the best-supported
        name = max(counts, key=lambda f: (best[f] == CURATED, f in scirex_forms, best[f], counts[f],
                                          sum(c.isupper() for c in f), [-ord(c) for c in f]))
        aliases = {f for f in counts} | {a for r in recs for a in r.aliases}
        for form in list(aliases) + [name]:
            aliases |= variants(form)
        aliases = {a for a in aliases if a != name and len(a) <= 80 and _WRITTEN_FORM.match(a)
                   and "()" not in a and a.count("(") == a.count(")")}
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
    return _cross_check(out)


def _cross_check(out: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Drop a SciREX-only entry whose name a package lists under another kind.

    SciREX annotators sometimes type a dataset as a Method or Task ("ImageNet"); when a
    package catalog says what the name is, the catalog wins.
    """
    curated = {kind: {norm(e["name"]) for e in rows if any(s["source"] != "scirex" for s in e["sources"])}
               for kind, rows in out.items()}
    for kind, rows in out.items():
        kept = []
        for e in rows:
            only_scirex = all(s["source"] == "scirex" for s in e["sources"])
            if only_scirex and any(norm(e["name"]) in curated[k] for k in e.get("also_kinds", [])):
                continue
            kept.append(e)
        out[kind] = sorted(kept, key=lambda e: (norm(e["name"]), e["name"]))
    keys = {kind: {norm(e["name"]) for e in rows} for kind, rows in out.items()}
    for kind, rows in out.items():   # also_kinds must name entries that are still there
        for e in rows:
            others = [k for k in e.pop("also_kinds", []) if norm(e["name"]) in keys[k]]
            if others:
                e["also_kinds"] = others
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
