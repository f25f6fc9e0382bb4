"""Dataset names found by their context rather than their shape (used by ``dataset_patterns``).

Two kinds of long-tail names that :mod:`extractors.datasets` cannot see from the token alone:

- **a defined short form before a head noun**: "trained on the Alzheimer's Disease Neuroimaging
  Initiative (ADNI) dataset", "a new real-world few-shot learning (RD-FSL) benchmark". The short form
  is the dataset (the resolver then gives its long form as an alias). Before a plural head the
  definitions listed before it count too ("the ... (AIBL), and Open Access Series of Imaging Studies
  (OASIS) datasets"), but only with title-case long forms: "question answering (QA) datasets" are
  generic data.
- **harvested names in dataset context**: the 2,820 names of ``data/harvested/datasets.jsonl`` (package
  dataset catalogs, with provenance) are also model names, platforms, generic words and task phrases
  ("GPT-3", "Reddit", "Arithmetic", "ImageNet classification"), so a harvested name counts only where the
  text uses it as data: right after "on / from / using" and before the end of the phrase, or as an item
  the coordination step accepts (listed with a known dataset). Names that are common words, that the
  methods vocabulary holds, or that do not start with a capital or digit are never taken. After "on /
  from / using" a name also matches in another case or spelling than the catalog's ("on WIKI-CS" or "on
  Wiki CS" for "Wiki-CS"), unless the catalog flags it
  case-sensitive ("GLUE") or it is a short word (fewer than six characters without a digit, hyphen or
  space), which the vocabulary, too, matches only as written.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from extractors.abbreviations import abbreviation_pairs
from extractors.cues import Cues
from extractors.methods_vocab import MethodVocabulary
from extractors.vocabulary import surface_variants
from kg.names import name_key

__all__ = ["HARVESTED", "harvested_names", "harvested_folded", "defined_before_heads", "HarvestedDatasets"]

HARVESTED = Path(__file__).parent / "data" / "harvested" / "datasets.jsonl"
#: Words right before a harvested name that make it data: "evaluated on X", "collected from X", "using X".
USE_WORDS = frozenset({"on", "from", "using"})
#: Words before the use word that say where something is published, not what is used: "available on GitHub".
AVAILABILITY = frozenset({"available", "released", "hosted", "published", "open-sourced", "accessible", "posted"})
#: Tokens after a harvested name that end its phrase ("on X, Y", "on X.") - not "on X classification".
PHRASE_ENDS = frozenset({",", ".", ";", ":", ")", "and", "or", "&", "/", "(", "to", "for", "with", "in", "as"})


@lru_cache(maxsize=4)
def _named_records(path: Path = HARVESTED) -> tuple[tuple[bool, tuple[str, ...]], ...]:
    """(case-sensitive?, names) of each harvested record that is no common word: the names and aliases that start
    like a name (a capital or a digit, two characters or more). The file is read once for both lists below."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if not rec.get("common_word"):
                names = tuple(n for n in (rec["name"], *rec.get("aliases", [])) if len(n) > 1 and (n[0].isupper() or n[0].isdigit()))
                out.append((bool(rec.get("case_sensitive")), names))
    return tuple(out)


@lru_cache(maxsize=4)
def harvested_names(path: Path = HARVESTED) -> frozenset[str]:
    """Every name and alias of the harvested dataset list that is no common word and starts like a name."""
    return frozenset(n for _, names in _named_records(path) for n in names)


@lru_cache(maxsize=4)
def harvested_folded(path: Path = HARVESTED) -> frozenset[str]:
    """The forms of :func:`harvested_names` that match in any case and spelling ("Wiki-CS" as "WIKI-CS" or "Wiki
    CS"): not flagged ``case_sensitive``, and long enough or holding a digit, a hyphen or a space
    (the vocabulary's rule for case-insensitive aliases), with their hyphen / space variants."""
    return frozenset(v for case_sensitive, names in _named_records(path) if not case_sensitive for n in names
                     if " " in n or len(n) >= 7 or (len(n) >= 6 and not n.isalpha()) for v in surface_variants(n))


def defined_before_heads(doc: Doc, heads: list[int], cues: Cues, is_generic) -> list[tuple[int, int, str]]:
    """``(start, end, short form)`` of each "long form (SHORT) <head>" (see the module docstring)."""
    pairs = abbreviation_pairs(doc)
    if not pairs:
        return []
    by_close = {p.short.end: p for p in pairs if p.short.end < len(doc) and doc[p.short.end].text == ")"}
    out: list[tuple[int, int, str]] = []
    for h in heads:
        head = doc[h].lower_
        pair = by_close.get(h - 1)
        if head not in cues.dataset_heads or pair is None or is_generic(pair.short.text):
            continue
        plural = (head.endswith("s") and head != "corpus") or head == "corpora"
        chain = [pair]
        while plural:  # "(AIBL), and ... (OASIS) datasets": the definitions listed before
            i = chain[-1].long.start - 1
            while i > 0 and doc[i].lower_ in cues.dataset_list_separators:
                i -= 1
            prev = by_close.get(i)
            if prev is None or i == chain[-1].long.start - 1:
                break
            chain.append(prev)
        if plural and not all(p.long[-1].is_title for p in chain):
            continue
        out.extend((p.short.start, p.short.end, p.short.text) for p in chain)
    return out


class HarvestedDatasets:
    """Harvested dataset names, matched in their written case and, where :func:`harvested_folded` allows, in any
    case and spelling; :meth:`used` keeps those in dataset context."""

    def __init__(self, nlp: Language, known: set[str], methods: MethodVocabulary) -> None:
        self.names = frozenset(n for n in harvested_names() if name_key(n) not in known and not methods.lookup(n))
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add("HARVESTED", [nlp.make_doc(n) for n in sorted(self.names)])
        folded = {n.lower() for n in harvested_folded() if name_key(n) not in known and not methods.lookup(n)}
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.folded.add("HARVESTED", [nlp.make_doc(n) for n in sorted(folded)])

    def is_name(self, text: str) -> bool:
        """Whether *text* is a harvested dataset name (used by coordination)."""
        return text in self.names

    def used(self, doc: Doc) -> list[tuple[int, int, str]]:
        """Harvested names right after a use word and ending their phrase: "on ArguAna and X", "from Alloprof,"."""
        out = []
        for _, start, end in sorted(set(self.matcher(doc)) | set(self.folded(doc))):
            before = start - 1 if start > 0 and doc[start - 1].lower_ == "the" else start
            if before == 0 or doc[before - 1].lower_ not in USE_WORDS \
                    or (before > 1 and doc[before - 2].lower_ in AVAILABILITY):
                continue
            glued = end < len(doc) and not doc[end - 1].whitespace_ and doc[end].text not in PHRASE_ENDS
            if end < len(doc) and (glued or doc[end].text not in PHRASE_ENDS):
                continue
            out.append((start, end, doc[start:end].text))
        return out
