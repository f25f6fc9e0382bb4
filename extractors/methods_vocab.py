"""The curated method vocabulary and the list of generic (non-method) terms.

Both are package data files next to this module:

- ``data/methods.jsonl``: one real, widely used method / model / architecture
  a line: ``{"name", "aliases", "kind"}`` plus optional ``"id"`` (default
  ``method:<slug of name>``), ``"case": "exact"`` (match the written case
  only: for names that are also common words, "Adam", "Transformer"),
  ``"versioned": true`` (the name takes a version / size after it: "Llama 3.1",
  "Qwen 2.5", "Claude 3.5-Haiku") and external ids such as ``"pwc"``
  (Papers with Code slug).
- ``data/harvested/methods.jsonl``: names from the model and estimator catalogs
  of packages (scikit-learn, timm, transformers, torchvision, ...; see its
  README), added by :meth:`MethodVocabulary.default` as ``kind = "harvested"``
  entries matched in their written case, each with its sources in ``props``;
  a curated entry always wins (:func:`load_harvested_entries`).
- ``data/generic_terms.txt``: families, paradigms and other-kind acronyms
  that are never methods ("transformers", "LLMs", "reinforcement learning",
  "GPU", "BLEU").

Names are compared through :func:`kg.names.name_key` (lower case, alphanumerics only),
so "Mask R-CNN", "Mask RCNN" and "Mask-RCNN" are one name; the phrase matchers
are fed every hyphen / space spelling of each alias for the same reason.

>>> sorted(surface_variants("Llama-2"))
['Llama 2', 'Llama-2', 'Llama2']
>>> vocab = MethodVocabulary.default()
>>> vocab.lookup("Mask-RCNN").id
'method:mask-r-cnn'
>>> vocab.is_generic("LLMs"), vocab.is_generic("Mask R-CNN")
(True, False)
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from kg.errors import KGError
from kg.model import entity_id
from kg.names import name_key

__all__ = ["DATA_DIR", "MethodEntry", "MethodVocabulary", "surface_variants", "plural_form", "load_method_entries",
           "load_harvested_entries", "load_generic_terms", "provenance"]

DATA_DIR = Path(__file__).parent / "data"
_JOIN = re.compile(r"(?<=\w)[\s\-‐–]+(?=\w)")


class MethodEntry(NamedTuple):
    """One curated method."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    exact: bool
    versioned: bool
    props: dict[str, Any]


def surface_variants(alias: str) -> set[str]:
    """*alias* written with hyphens, spaces or nothing between its parts."""
    return {alias, _JOIN.sub(" ", alias), _JOIN.sub("-", alias), _JOIN.sub("", alias)}


#: The last word of a name of words that takes a plural "s" ("... unit", "... Machine"; not "R-CNN", "Thoughts").
_COUNT_NOUN = re.compile(r"(?<=\s)[A-Za-z][a-z]*[a-rt-z]$")


def plural_form(alias: str) -> str | None:
    """The plural of a name of two words or more whose last word is a plain noun, else None: the singular and
    plural of such a name are one method ("gated recurrent unit" / "gated recurrent units").

    >>> plural_form("gated recurrent unit"), plural_form("Mask R-CNN"), plural_form("Tree of Thoughts")
    ('gated recurrent units', None, None)
    """
    if not _COUNT_NOUN.search(alias) or alias.endswith(("x", "ch", "sh", "y")):
        return None
    return alias + "s"


def load_method_entries(path: str | Path) -> list[MethodEntry]:
    """Read a ``methods.jsonl`` vocabulary file."""
    entries = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                name = rec["name"]
            except (json.JSONDecodeError, KeyError) as exc:
                raise KGError(f"{path}:{n}: bad method entry ({exc}); each line needs a JSON object "
                              f"with at least a \"name\"") from exc
            props = {k: v for k, v in rec.items() if k not in {"name", "aliases", "kind", "id", "case", "versioned"}}
            entries.append(MethodEntry(rec.get("id") or entity_id("method", name), name,
                                       tuple(rec.get("aliases") or ()), rec.get("kind", "method"),
                                       rec.get("case") == "exact", bool(rec.get("versioned")), props))
    return entries


#: Package catalogs whose method names are names by construction (model classes, registered builders,
#: estimators, embedding checkpoints); SciREX's surface forms are mined from papers (see below).
_CATALOGS = frozenset({"scikit-learn", "timm", "transformers", "torchvision", "torchaudio", "torch-geometric",
                       "mteb"})
_COINED = re.compile(r"[a-z][A-Z]|[A-Z].*[A-Z]|[A-Z].*\d|\d.*[A-Z]")


def _harvested_forms(rec: dict[str, Any], known: set[str]) -> list[str]:
    """The forms of one harvested record safe to match without context.

    Only names a package catalog lists (:data:`_CATALOGS`): SciREX's forms, mined from papers, mix
    techniques with routines ("matrix multiplication", "hyperparameter tuning") and sentence starts
    ("Quantization"); with them, SciREX-64 and dev lost precision for no held-out gain (issue 13). A form
    that looks coined (inner capital, two capitals, a capital and a digit: "ALIGN", "ResNeSt-50",
    "Logistic Regression") is matched in its case; a lower-case one needs two words or more ("logistic
    regression", never "kmeans"). Short forms ("LR") and a curated name plus more words ("LSTM network",
    which would hide the curated "LSTM") are left out.
    """
    if rec.get("generic") or rec.get("common_word") or set(rec.get("also_kinds") or ()) - {"task"}:
        return []
    if not any(src["source"] in _CATALOGS for src in rec.get("sources") or []):
        return []
    out = []
    for form in (rec["name"], *(rec.get("aliases") or ())):
        words = form.split()
        if len(name_key(form)) <= 2:
            continue  # "LR", "RF": short forms need a definition in the text, which abbreviations give
        if any(name_key(" ".join(words[:i])) in known for i in range(1, len(words))):
            continue
        if _COINED.search(form) or (len(words) >= 2 and form.islower()):
            out.append(form)
    return out


def provenance(src: dict[str, Any]) -> str:
    """One harvested source as the text a node keeps: ``source@version:id`` ("timm@1.0.31:optim.AdaBelief").

    Text, not the record: node properties merge by set union (``sources``), and every writer takes
    lists of strings.
    """
    version = f"@{src['version']}" if src.get("version") else ""
    return f"{src['source']}{version}:{src['id']}" if src.get("id") else f"{src['source']}{version}"


def load_harvested_entries(path: str | Path, known: set[str]) -> list[MethodEntry]:
    """Method names of the harvested catalogs (``data/harvested/methods.jsonl``) that no curated entry holds.

    Matched in their written case (``exact``), each with its sources as provenance (``props["sources"]``,
    as text: :func:`provenance`).
    *known* holds the :func:`name_key` of every curated form: a curated entry always wins.
    """
    entries: list[MethodEntry] = []
    claimed, ids = set(known), set()  # a form (or id) already given to an entry is not given again
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            forms = list(dict.fromkeys(f for f in _harvested_forms(rec, known) if name_key(f) not in claimed))
            if not forms or entity_id("method", forms[0]) in ids:
                continue
            claimed |= {name_key(f) for f in forms}
            ids.add(entity_id("method", forms[0]))
            entries.append(MethodEntry(entity_id("method", forms[0]), forms[0], tuple(forms[1:]), "harvested",
                                       True, False, {"sources": [provenance(src) for src in rec.get("sources") or []]}))
    return entries


def load_generic_terms(path: str | Path) -> frozenset[str]:
    """The :func:`name_key` of every term in a generic-terms file (``#`` starts a comment)."""
    with open(path, encoding="utf-8") as fh:
        return frozenset(name_key(line.split("#", 1)[0]) for line in fh if line.split("#", 1)[0].strip())


class MethodVocabulary:
    """Curated methods, their phrase matchers and the generic-term filter.

    Parameters
    ----------
    entries:
        The curated methods.
    generic:
        :func:`name_key` of the terms that are never methods.
    """

    def __init__(self, entries: list[MethodEntry], generic: frozenset[str]) -> None:
        self.entries = entries
        self.generic = generic
        self._by_key: dict[str, MethodEntry] = {}  # case-insensitive names
        self._by_cased_key: dict[str, MethodEntry] = {}  # names that only count in their written case
        for entry in entries:
            for form in (entry.name, *entry.aliases):
                if entry.exact:
                    self._by_cased_key.setdefault(name_key(form, cased=True), entry)
                else:
                    self._by_key.setdefault(name_key(form), entry)
        self._by_id = {e.id: e for e in entries}

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> MethodVocabulary:
        """The vocabulary shipped in :data:`DATA_DIR`, curated entries then harvested ones (loaded once)."""
        vocab = cls.from_files(DATA_DIR / "methods.jsonl", DATA_DIR / "generic_terms.txt")
        known = {name_key(f) for e in vocab.entries for f in (e.name, *e.aliases)}
        return cls(vocab.entries + load_harvested_entries(DATA_DIR / "harvested" / "methods.jsonl", known),
                   vocab.generic)

    @classmethod
    def from_files(cls, methods_path: str | Path, generic_path: str | Path) -> MethodVocabulary:
        """Load both data files."""
        return cls(load_method_entries(methods_path), load_generic_terms(generic_path))

    def lookup(self, text: str) -> MethodEntry | None:
        """The curated entry written as *text* (any spelling variant), or None.

        >>> vocab = MethodVocabulary.default()
        >>> vocab.lookup("ViTs").name, vocab.lookup("VITS").name, vocab.lookup("adam")
        ('ViT', 'VITS', None)
        """
        found = self._by_cased_key.get(name_key(text, cased=True)) or self._by_key.get(name_key(text))
        if found is None and text.endswith("s") and plural_form(text[:-1]) == text:  # "gated recurrent units"
            return self.lookup(text[:-1])
        return found

    def get(self, method_id: str) -> MethodEntry | None:
        """The curated entry with id *method_id*, or None."""
        return self._by_id.get(method_id)

    def is_generic(self, text: str) -> bool:
        """True when *text* names a family, paradigm or non-method acronym."""
        key = name_key(text)
        return key in self.generic or (key.endswith("s") and key[:-1] in self.generic)

    def is_generic_compound(self, text: str) -> bool:
        """True when *text* is a run of generic terms ("Few-shot Continual Learning").

        >>> MethodVocabulary.default().is_generic_compound("Few-shot Continual Learning")
        True
        """
        words = text.split()
        reach = [True] + [False] * len(words)
        for i in range(len(words)):
            if reach[i]:
                for j in range(i + 1, len(words) + 1):
                    if not reach[j] and self.is_generic(" ".join(words[i:j])):
                        reach[j] = True
        return reach[-1]

    def matchers(self, nlp: Language) -> tuple[PhraseMatcher, PhraseMatcher]:
        """Two phrase matchers (exact case, lower case) whose match ids are entry ids."""
        exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in self.entries:
            forms = set()
            for alias in (entry.name, *entry.aliases):
                forms |= surface_variants(alias)
                if (plural := plural_form(alias)) is not None and self.lookup(plural) in (None, entry):
                    forms |= surface_variants(plural)
            docs = [nlp.make_doc(f) for f in sorted(forms)]
            # the tokenizer keeps a period glued to a name ending "lower, upper" ("ViT.", "MoE.")
            docs += [d for d in (nlp.make_doc(f + ".") for f in sorted(forms)) if len(d) == len(nlp.make_doc(d.text[:-1]))]
            target = exact if entry.exact else lower
            target.add(entry.id, docs)
        return exact, lower
