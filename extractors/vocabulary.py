"""Curated vocabularies of datasets, metrics and tasks, and their phrase matchers.

The vocabularies are CSV package data in ``extractors/data/`` with the columns
``name`` (canonical), ``aliases`` (``|``-separated), ``kind`` (e.g. dataset,
benchmark, environment, metric, task), ``pwc`` (Papers with Code slug) and,
for metrics, ``context`` (``evaluation`` marks generic measures such as
"accuracy" or "latency" that only count in an evaluation context).

An entry's id is ``<label kind>:<slug of its canonical name>`` (see
:func:`kg.model.entity_id`), so every surface variant resolves to one id:

>>> vocab = load_vocabulary("dataset")
>>> vocab.entries["dataset:coco"].name
'COCO'
>>> sorted(surface_variants("ImageNet-1K"))[:3]
['ImageNet 1K', 'ImageNet-1K', 'ImageNet1K']

Matching: an alias of several words, written in lower case, of seven
characters or more, or of six with a digit or hyphen, is matched
case-insensitively (``LOWER``); a short capitalised word ("GLUE", "MATH",
"FID", "mAP", "ReCoRD") only as written (``ORTH``), so that the word "math" is
not the MATH dataset, "record" is not ReCoRD and "MAP" is not "mAP".
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.model import entity_id

__all__ = ["DATA_DIR", "KIND_FILES", "LABEL_OF_KIND", "VocabEntry", "Vocabulary", "surface_variants",
           "load_vocabulary", "build_matchers", "match_ids"]

DATA_DIR = Path(__file__).parent / "data"
KIND_FILES = {"dataset": "datasets.csv", "metric": "metrics.csv", "task": "tasks.csv"}
LABEL_OF_KIND = {"dataset": "DATASET", "metric": "METRIC", "task": "TASK", "method": "METHOD"}


@dataclass(frozen=True)
class VocabEntry:
    """One curated entity: canonical name, aliases and optional external ids."""

    id: str
    kind: str  #: dataset | metric | task (the graph node kind)
    name: str
    aliases: tuple[str, ...] = ()
    subkind: str = ""  #: the file's ``kind`` column (benchmark, environment, ...)
    pwc: str = ""  #: Papers with Code slug
    context: str = ""  #: "evaluation" for generic measures

    @property
    def props(self) -> dict[str, str]:
        """Extra node properties for the graph."""
        props = {"vocabulary": self.subkind or self.kind}
        if self.pwc:
            props["pwc"] = self.pwc
        return props


@dataclass
class Vocabulary:
    """The entries of one kind and a lookup from normalised surface to entry id."""

    kind: str
    entries: dict[str, VocabEntry] = field(default_factory=dict)

    def surfaces(self) -> dict[str, str]:
        """Every alias (and canonical name) -> entry id."""
        out: dict[str, str] = {}
        for entry in self.entries.values():
            for alias in (entry.name, *entry.aliases):
                out.setdefault(alias, entry.id)
        return out


def surface_variants(alias: str) -> set[str]:
    """Spelling variants of *alias*: hyphen, space and nothing between its parts.

    >>> sorted(surface_variants("CIFAR-10"))
    ['CIFAR 10', 'CIFAR-10', 'CIFAR10']
    >>> sorted(surface_variants("word error rate"))
    ['word error rate', 'word-error-rate']
    """
    out = {alias}
    if alias.isupper() and alias.isalpha() and 3 <= len(alias) <= 6:
        out.add(alias + "s")  # "MAPEs", "FIDs"
    if re.search(r"[a-z]-[a-z]", alias):
        out.add(re.sub(r"(?<=[a-z])-(?=[a-z])", "--", alias))  # "precision--recall" (LaTeX dashes)
    if "-" in alias:
        out.add(alias.replace("-", " "))
        if " " not in alias:
            out.add(alias.replace("-", ""))
    if " " in alias and len(alias.split()) <= 3:
        out.add(alias.replace(" ", "-"))
        if any(ch.isdigit() for ch in alias.split()[-1]):
            out.add(alias.replace(" ", ""))  # "ImageNet 1K" -> "ImageNet1K"
    return out


def _case_insensitive(alias: str) -> bool:
    if " " in alias or alias == alias.lower():
        return True
    return len(alias) >= 7 or (len(alias) >= 6 and not alias.isalpha())  # "ReCoRD", "RACE" are not "record", "race"


@lru_cache(maxsize=None)
def load_vocabulary(kind: str, path: str | None = None) -> Vocabulary:
    """Read the vocabulary of *kind* from *path* (default: the packaged CSV)."""
    csv_path = Path(path) if path else DATA_DIR / KIND_FILES[kind]
    vocab = Vocabulary(kind)
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row["name"].strip()
            if not name:
                continue
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            entry = VocabEntry(entity_id(kind, name), kind, name, aliases, (row.get("kind") or "").strip(),
                               (row.get("pwc") or "").strip(), (row.get("context") or "").strip())
            vocab.entries[entry.id] = entry
    return vocab


def build_matchers(nlp: Language, vocabs: list[Vocabulary]) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Case-sensitive (``ORTH``) and case-insensitive (``LOWER``) matchers keyed by entry id.

    Each alias is added in its spelling variants, and the case-insensitive
    ones also as written in lower and upper case, because the tokenizer splits
    "ImageNet-1K" and "ImageNet-1k" differently.
    """
    orth, lower = PhraseMatcher(nlp.vocab, attr="ORTH"), PhraseMatcher(nlp.vocab, attr="LOWER")
    for vocab in vocabs:
        by_id: dict[str, tuple[set[str], set[str]]] = {}
        for alias, eid in vocab.surfaces().items():
            exact, folded = by_id.setdefault(eid, (set(), set()))
            for variant in surface_variants(alias):
                if _case_insensitive(variant):
                    folded.update({variant, variant.lower(), variant.upper()})
                else:
                    exact.add(variant)
        for eid, (exact, folded) in by_id.items():
            if exact:
                orth.add(eid, [nlp.make_doc(t) for t in sorted(exact)])
            if folded:
                lower.add(eid, [nlp.make_doc(t) for t in sorted(folded)])
    return orth, lower


def match_ids(doc: Doc, matchers: tuple[PhraseMatcher, PhraseMatcher]) -> list[tuple[str, int, int]]:
    """``(entry id, start, end)`` of every vocabulary hit in *doc* (overlaps included)."""
    strings = doc.vocab.strings
    return [(strings[mid], s, e) for m in matchers for mid, s, e in m(doc)]
