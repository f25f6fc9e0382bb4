"""Training documents for the span model: our annotated abstracts and SciREX, as spaCy DocBins.

Both sources end up tokenized exactly as the paperkg pipeline tokenizes at run
time (the abstract tokenizer plus ``token_fixes``), with entity labels
DATASET, METHOD, METRIC and TASK:

- **our gold files** (the format of ``shared/eval/dev.jsonl``): every
  occurrence of an entity's name or alias in the title or abstract is a
  mention; everything else is outside any entity, as the guidelines say;
- **SciREX** (``shared/train/scirex_train_ner.jsonl.gz``): its conventions are
  not ours (it marks "our model", "CNN", "training", "learning rate"), so its
  mentions are mapped to our labels only where the guidelines agree, and the
  tokens of every other SciREX mention are left *missing*: the model learns
  neither that they are entities nor that they are not.

Run ``python -m training.make_docs --help``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from extractors.cues import load_cues
from extractors.methods_vocab import MethodVocabulary
from paperkg.pipeline import load_pipeline

__all__ = ["LABELS", "FIELD_LABELS", "tokenizer_pipeline", "gold_doc", "scirex_docs", "fold_of", "main"]

LABELS = ("DATASET", "METHOD", "METRIC", "TASK")
FIELD_LABELS = {"datasets": "DATASET", "methods_proposed": "METHOD", "methods_used": "METHOD",
                "metrics": "METRIC", "tasks": "TASK"}
_SCIREX_LABEL = {"Material": "DATASET", "Method": "METHOD", "Metric": "METRIC", "Task": "TASK"}
#: SciREX "Task" mentions that are a bare process word, not a research problem.
_GENERIC_TASK_WORDS = frozenset("""
classification training learning segmentation detection inference generation translation prediction optimization
evaluation recognition identification verification parsing estimation tracking retrieval modeling modelling
generalization regression clustering search planning testing localization reconstruction sampling
""".split())
#: SciREX "Metric" mentions that are settings, costs or losses rather than evaluation measures.
_NOT_METRICS = re.compile(r"(?i)^(?:learning rates?|training( time)?|loss(es)?|.* loss|complexity|.*complexity|"
                          r"robustness|time|convergence|objective( function)?|.*objective|speed|memory|cost|"
                          r"computational cost|model size|evaluation metrics?|metrics?|performance|error|2D|3D|"
                          r"parameters?|number of parameters|capacity|efficiency|scalability|stability)$")
_NAMEY = re.compile(r"[A-Z]|\d")
_NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", "%", ")", "]", "}", "'s", "n't", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "``"}
_GLUE = {"-", "/"}


def tokenizer_pipeline() -> Language:
    """The paperkg pipeline cut down to what decides tokens: the tokenizer and ``token_fixes``."""
    nlp = load_pipeline()
    for name in [n for n in nlp.pipe_names if n != "token_fixes"]:
        nlp.remove_pipe(name)
    return nlp


def _occurrences(text: str, form: str) -> Iterator[tuple[int, int]]:
    """Whole-word, case-sensitive occurrences of *form* in *text*."""
    if not form.strip():
        return
    pattern = re.compile(r"(?<![\w])" + re.escape(form) + r"(?![\w])")
    for m in pattern.finditer(text):
        yield m.start(), m.end()


def _set_entities(doc: Doc, spans: Iterable[tuple[int, int, str]], missing: Iterable[tuple[int, int]] = ()) -> Doc:
    """Set non-overlapping entities (longest first) from character spans; *missing* spans are left unannotated."""
    chosen: list[Span] = []
    taken: set[int] = set()
    # first listed wins a tie (stable sort over insertion order): a set here made the label of a name given two
    # kinds ("STARLING" as dataset and method) depend on PYTHONHASHSEED, and retraining not reproducible
    for start, end, label in sorted(dict.fromkeys(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or taken & set(range(span.start, span.end)):
            continue
        chosen.append(span)
        taken.update(range(span.start, span.end))
    holes = []
    for start, end in missing:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and not taken & set(range(span.start, span.end)):
            holes.append(span)
            taken.update(range(span.start, span.end))
    doc.set_ents(sorted(chosen, key=lambda s: s.start), missing=holes, default="outside")
    return doc


def gold_doc(nlp: Language, record: dict) -> Doc:
    """One annotated abstract as a Doc whose entities are every occurrence of its gold names and aliases."""
    text = f"{record['title']}\n{record['abstract']}"
    spans = []
    for field, label in FIELD_LABELS.items():
        for entity in record.get(field) or []:
            for form in dict.fromkeys((entity["name"], *(entity.get("aliases") or []))):
                spans.extend((s, e, label) for s, e in _occurrences(text, form))
    doc = nlp(text)
    doc.user_data["id"] = record["id"]
    return _set_entities(doc, spans)


def _detokenize(words: list[str]) -> tuple[str, list[int]]:
    """SciREX tokens joined as prose ("( CNN )" -> "(CNN)"), with each token's character offset."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for i, word in enumerate(words):
        space = i > 0 and not (word in _NO_SPACE_BEFORE or words[i - 1] in _NO_SPACE_AFTER
                               or word in _GLUE or words[i - 1] in _GLUE)
        if space:
            parts.append(" ")
            pos += 1
        starts.append(pos)
        parts.append(word)
        pos += len(word)
    return "".join(parts), starts


def _scirex_label(kind: str, surface: str, methods: MethodVocabulary) -> str | None:
    """Our label for a SciREX mention, or None where our guidelines disagree with SciREX."""
    words = surface.split()
    generic_acronyms = load_cues().generic_acronyms
    if kind == "Material":
        return "DATASET" if _NAMEY.search(surface) and surface not in generic_acronyms else None
    if kind == "Method":
        if methods.is_generic(surface) or surface in generic_acronyms:
            return None
        return "METHOD" if _NAMEY.search(surface) or methods.lookup(surface) else None
    if kind == "Task":
        return None if len(words) == 1 and surface.lower() in _GENERIC_TASK_WORDS else "TASK"
    if kind == "Metric":
        return None if _NOT_METRICS.match(surface) else "METRIC"
    return None


def scirex_docs(nlp: Language, path: Path, *, max_tokens: int = 160, keep_empty: float = 0.1,
                seed: int = 0) -> Iterator[Doc]:
    """SciREX papers as chunks of whole sentences (at most *max_tokens* SciREX tokens each).

    Chunks with no mention we keep are sampled at *keep_empty* (they are mostly
    prose about nothing we extract, and the full text is large).
    """
    rng = random.Random(seed)
    methods = MethodVocabulary.default()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            paper = json.loads(line)
            words, mentions = paper["words"], paper["ner"]
            chunks: list[tuple[int, int]] = []
            for start, end in paper["sentences"]:
                if chunks and end - chunks[-1][0] <= max_tokens:
                    chunks[-1] = (chunks[-1][0], end)
                else:
                    chunks.append((start, end))
            for c_start, c_end in chunks:
                inside = [(s, e, t) for s, e, t in mentions if c_start <= s and e <= c_end]
                labelled = [(s, e, _scirex_label(t, " ".join(words[s:e]), methods)) for s, e, t in inside]
                if not any(label for *_, label in labelled) and rng.random() > keep_empty:
                    continue
                text, starts = _detokenize(words[c_start:c_end])

                def chars(s: int, e: int) -> tuple[int, int]:
                    return starts[s - c_start], starts[e - 1 - c_start] + len(words[e - 1])

                spans = [(*chars(s, e), label) for s, e, label in labelled if label]
                missing = [chars(s, e) for s, e, label in labelled if not label]
                doc = nlp(text)
                doc.user_data["id"] = f"scirex:{paper['doc_id']}:{c_start}"
                yield _set_entities(doc, spans, missing)


def fold_of(record_id: str) -> int:
    """The fold of an annotated abstract: SHA-1 of its id mod 5 (as ``training.rank.fold_of`` and quality.py)."""
    return int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % 5


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, nargs="*", default=[], help="gold JSONL files to convert")
    parser.add_argument("--exclude-ids", type=Path, help="file of record ids to leave out (one a line)")
    parser.add_argument("--only-ids", type=Path, help="file of record ids to keep (one a line)")
    parser.add_argument("--folds", type=lambda s: {int(x) for x in s.split(",") if x.strip()},
                        help="keep only the records of these folds, e.g. 0,1,2 (fold = SHA-1 of the id mod 5, as "
                             "benchmarks/quality.py folds rdev and hfdev)")
    parser.add_argument("--scirex", type=Path, help="scirex_train_ner.jsonl.gz")
    parser.add_argument("--scirex-keep-empty", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--out", type=Path, required=True, help="DocBin file to write (.spacy)")
    args = parser.parse_args(argv)
    nlp = tokenizer_pipeline()
    exclude = set(args.exclude_ids.read_text().split()) if args.exclude_ids else set()
    only = set(args.only_ids.read_text().split()) if args.only_ids else None
    docs = DocBin(store_user_data=True)
    n_gold = n_scirex = 0
    for path in args.gold:
        for record in _read_jsonl(path):
            if record["id"] in exclude or (only is not None and record["id"] not in only):
                continue
            if args.folds is not None and fold_of(record["id"]) not in args.folds:
                continue
            docs.add(gold_doc(nlp, record))
            n_gold += 1
    if args.scirex:
        for doc in scirex_docs(nlp, args.scirex, keep_empty=args.scirex_keep_empty, seed=args.seed):
            docs.add(doc)
            n_scirex += 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    docs.to_disk(args.out)
    print(f"wrote {args.out}: {n_gold} annotated abstracts, {n_scirex} SciREX chunks")


if __name__ == "__main__":
    main()
