"""SciREX (train split only): frequent, name-like mentions of its four entity types.

``../shared/train/scirex_train_ner.jsonl.gz`` marks every Method, Task, Material and Metric
mention in 306 full papers, generic ones included ("our model", "neural networks"). This keeps a
surface form when it occurs in at least ``MIN_DOCS`` papers and looks like a name of its kind:
no leading determiner or pronoun, not a generic term of ``extractors/data/generic_terms.txt``,
Materials (-> datasets) with a capital letter or digit, Methods either name-shaped (a capital
letter or digit) or a specific lower-case technique (not headed by a family noun such as
"network" or "layer"). "COCO dataset" is folded into "COCO"; "long form (ACR)" pairs inside one
sentence give aliases. The file's coreference clusters (SciREX's canonical names) are not in
the shared copy, so canonical forms here are the most frequent surface form.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from ..common import DERIVED, FOUND_IN_TEXT, Record, norm

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, LICENCE = "scirex", "Apache-2.0"
DIST = None  # not a package: the shared training file, see VERSION
VERSION = "train@7daad660"
TAKEN = "frequent name-like Method/Task/Material/Metric mentions of the train split (methods, tasks, datasets, metrics)"

ROOT = Path(__file__).resolve().parents[3]
TRAIN = ROOT.parent / "shared" / "train" / "scirex_train_ner.jsonl.gz"
GENERIC = ROOT / "extractors" / "data" / "generic_terms.txt"
MIN_DOCS = {"Method": 3, "Task": 2, "Material": 2, "Metric": 2}
KIND = {"Method": "method", "Task": "task", "Material": "dataset", "Metric": "metric"}

_DETERMINER = re.compile(r"^(a|an|the|our|their|its|this|these|those|that|such|each|all|both|we|it|his|her|"
                         r"proposed|existing|previous|standard|other|several|many|some|various|novel|new)\b", re.I)
_FAMILY_HEAD = re.compile(r"\b(networks?|nets?|layers?|models?|methods?|approach(es)?|frameworks?|architectures?|"
                          r"algorithms?|classifiers?|encoders?|decoders?|systems?|modules?|functions?|"
                          r"representations?|embeddings?|mechanisms?|techniques?|blocks?|units?|features?|filters?|"
                          r"kernels?|operations?|strateg(y|ies)|schemes?|components?|baselines?|variants?|"
                          r"parameters?|weights?|maps?|vectors?|steps?|process(es)?|learning|training|procedures?|manner|"
                          r"perspective|way|fashion|settings?|versions?|ideas?|tricks?|paradigms?|section|"
                          r"subsection|subsubsection|ablations?|literature|community|cases?|detectors?|proposals?|losses|"
                          r"images?|solutions?|objectives?|terms?)$")
_METRIC_HEAD = re.compile(r"\b(accuracy|accuracies|error|errors|rate|rates|precision|recall|score|scores|ratio|"
                          r"distance|similarity|index|coefficient|perplexity|time|latency|throughput|measure|"
                          r"gain|likelihood|divergence|deviation|correlation|fidelity|speed|overlap|success|"
                          r"consistency|agreement|intersection-over-union|intersection over union|"
                          r"f-measure|f-score|auc|runtime|memory|size|flops|fps|bits?)$", re.I)
_TASK_JUNK = re.compile(r"^(training|learning|inference|optimization|prediction|evaluation|testing|validation|"
                        r"generalization|decoding|visualization|regularization|ablation.*|fine-tuning|"
                        r"real-world applications?|experiments?|applications?|analysis|tasks?|problems?)$|"
                        r"\b(tasks?|problems?|process|studies|study|settings?)$", re.I)
_METRIC_JUNK = re.compile(r"^(learning rates?|dropout rates?|loss|losses|loss functions?|objective( function)?|"
                          r"training (objective|loss|time|error)|robustness|complexity|convergence|quality|"
                          r"efficiency|metrics?|evaluation metrics?|validation|generalization( ability)?|"
                          r"performance|results?|scores?|cross-entropy( loss)?|speed|cost|error)$|"
                          r"\b(learning rates?|decay rates?|dropout rates?|batch sizes?|crop sizes?|momentum|"
                          r"weight decay|attention scores?|confidence scores?|step sizes?)$", re.I)
_MATERIAL_HEAD = re.compile(r"\b(images?|videos?|frames?|pairs?|sentences?|words?|documents?|texts?|samples?|"
                            r"examples?|data|labels?|annotations?|points?|games?|tokens?|pixels?|languages?)$", re.I)
_SUFFIX = re.compile(r"\s+(dataset|datasets|data set|corpus|benchmark|database|challenge)$", re.I)


def detok(words: list[str]) -> str:
    """Tokens back to text the way the shared SciREX files do: ``-`` and ``/`` glue both sides."""
    text = " ".join(words)
    text = re.sub(r"\s*([-/])\s*", r"\1", text)
    text = re.sub(r"\s+([,.;:?!%)\]])", r"\1", text)
    return re.sub(r"([(\[])\s+", r"\1", text)


def _generic_terms() -> set[str]:
    out = set()
    for line in GENERIC.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(norm(line))
    return out


def _keep(label: str, text: str, generic: set[str]) -> bool:
    if re.match(r"\d+(\.\d+)?\s+[a-z]", text):   # "2012 trainval", "3 layers"
        return False
    if len(norm(text)) < 2 or _DETERMINER.match(text) or re.fullmatch(r"[\d\s.,%-]+", text):
        return False
    if len(text.split()) > 6 or re.search(r"[=<>{}\[\]]|\bet al\b", text):
        return False
    named = bool(re.search(r"[A-Z]|\d", text[1:] if text[:1].isupper() and text[1:2].islower() else text))
    if label == "Material":
        return named and not _MATERIAL_HEAD.search(text) and norm(text) not in generic
    if label == "Method":
        if norm(text) in generic or norm(re.sub(r"s$", "", text)) in generic:
            return False
        # "CNN model", "deep CNN", "LSTM-based methods": a family with a generic head or modifier
        core = re.sub(r"(-based|\s+based)?(\s+" + _FAMILY_HEAD.pattern.lstrip("\\b").rstrip("$") + r")+$", "", text)
        core = re.sub(r"^((deep|standard|simple|basic|conventional|traditional|vanilla|large|small|"
                      r"shallow|recurrent|plain)\s+)+", "", core, flags=re.I)
        if core != text and (norm(core) in generic or norm(re.sub(r"s$", "", core)) in generic):
            return False
        return named or not _FAMILY_HEAD.search(text)
    if label == "Task":
        if len(text.split()) == 1 and not named and not re.search(r"(tion|ing|sis|ment|ance)$", text):
            return False
        return not _TASK_JUNK.search(text) and not _FAMILY_HEAD.search(text) \
            and norm(text) not in {"nlp", "cv", "ml", "ai"}
    return not _METRIC_JUNK.search(text) and (named or bool(_METRIC_HEAD.search(text)))


def harvest(path: Path = TRAIN) -> list[Record]:
    generic = _generic_terms()
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    acronyms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            words = doc["words"]
            mentions = sorted((s, e, t) for s, e, t in doc["ner"])
            for i, (s, e, label) in enumerate(mentions):
                text = _SUFFIX.sub("", detok(words[s:e])) if label == "Material" else detok(words[s:e])
                key = (label, norm(text))
                docs[key].add(doc["doc_id"])
                forms[key][text] += 1
                # "long form ( ACR )": the next mention of the same type, in brackets right after
                if i + 1 < len(mentions):
                    s2, e2, label2 = mentions[i + 1]
                    if label2 == label and s2 == e + 1 and e2 < len(words) and words[e] == "(" and words[e2] == ")":
                        acronyms[key][detok(words[s2:e2])] += 1
    records: list[Record] = []
    for (label, key), ids in docs.items():
        if len(ids) < MIN_DOCS[label] or not key:
            continue
        ranked = sorted(forms[(label, key)].items(), key=lambda kv: (-kv[1], kv[0]))
        # a capitalised sentence-initial form is no better than the lower-case one
        name = ranked[0][0]
        lower = [f for f, _ in ranked if f == name.lower()]
        if name[:1].isupper() and name[1:].islower() and lower and label in {"Task", "Metric", "Method"}:
            name = lower[0]
        if not _keep(label, name, generic):
            continue
        aliases = [f for f, _ in ranked[1:4] if f != name]
        aliases += [a for a, n in acronyms[(label, key)].most_common(2) if re.search(r"[A-Z]", a)]
        quality = FOUND_IN_TEXT if re.search(r"[A-Z]|\d", name) else DERIVED
        records.append(Record(KIND[label], name, SOURCE, f"{label}:{key}:{len(ids)}docs",
                              tuple(dict.fromkeys(aliases)), quality))
    return sorted(records, key=lambda r: (r.kind, r.id))
