"""The vocabulary ruler: curated datasets, metrics and tasks found by phrase matching.

A spaCy component over :mod:`extractors.vocabulary`. Each hit becomes a span
in ``doc.spans["kg"]`` whose ``kb_id_`` is the curated id, so "MS COCO",
"MSCOCO", "Microsoft COCO" and "COCO 2017" are all ``dataset:coco``. Rules on
top of the raw phrase hits:

- **versions** belong to the dataset: a year or version written after a
  dataset ("COCO 2017", "LVIS v1.0", "VQA v2") extends the span but keeps its
  id; splits ("test-dev", "val2017", "test-clean") are left out of the span;
- **metrics** count only in a sentence that reports an outcome (the guidelines: an outcome of the
  paper's own evaluation, not background): a number (also with a unit glued to it: "1.23s", "130X"),
  or a cue such as "achieves", "outperforms", "in terms of" (not a cue of purpose: "to improve
  accuracy", "for reducing the inference time" state a goal); a cue without a number in a sentence
  about prior work ("existing models such as X achieve strong accuracy") counts only when the
  sentence also names the paper's own work ("we", "our", "experiments"); a measure of cost (model
  size, number of parameters, memory use) counts only with a number there ("reduces the number of
  parameters" is a design claim); a measure after a verb of giving up ("without sacrificing
  accuracy") is a quality kept, not an outcome;
- **generic measures** (entries with ``context = evaluation``: accuracy, precision, latency ...)
  must moreover be measures there: "mixed precision" and "low precision" are not metrics ("lower
  latency" is), nor is a side of a trade-off ("the compression-accuracy trade-off", "the
  accuracy-vs-bit-width trade-off", "a trade-off between accuracy and X");
- **paradigms and techniques** (tasks with ``context = salient``: reinforcement
  learning, data augmentation, knowledge distillation ...) count only when the
  paper is about them: named in the title, mentioned twice (an abbreviation defined right after its long
  form is the same mention), "the X task", "we study X" or "we evaluate on X"; and not when every
  mention is a means or a modifier ("reinforcement learning algorithms", "optimized by reinforcement
  learning", "without meta-learning");
- **acronyms defined otherwise** in the same text are dropped: "CL" is not
  continual learning in a paper that writes "contrastive learning (CL)";
- overlapping hits keep the longest (``spacy.util.filter_spans``).

>>> import spacy
>>> nlp = spacy.blank("en")
>>> for pipe in ("abstract_sentencizer", "abbreviations", "vocab_ruler"):
...     _ = nlp.add_pipe(pipe)
>>> doc = nlp("We train on MS COCO 2017 and ImageNet-1k and report mAP.")
>>> [(s.text, s.kb_id_) for s in doc.spans["kg"]]
[('MS COCO 2017', 'dataset:coco'), ('ImageNet-1k', 'dataset:imagenet-1k'), ('mAP', 'metric:map')]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from extractors.abbreviations import abbreviation_pairs, long_forms
from extractors.component import Component
from extractors.cues import DEFAULT_CUES_CONFIG, Cues
from extractors.metric_qualifiers import value_qualified
from extractors.spans import SpanInfo, add_span
from extractors.text import sentence_bounds, title_end
from extractors.vocabulary import LABEL_OF_KIND, build_matchers, load_vocabulary, match_ids
from kg.names import name_key

__all__ = ["VERSION", "in_task_list", "has_evaluation_context", "kept_quality", "reports_outcome", "VocabularyRuler",
           "make_vocab_ruler"]

#: A number with a unit glued to it ("1.23s", "157M", "130X"); the unit is read from the cue list figure_units.
_WITH_UNIT = re.compile(r"^(\d+(?:\.\d+)?)([A-Za-z×]{1,3})$")
_DECADE = re.compile(r"^(?:19|20)\d0$")
#: A year or version written after a dataset name.
VERSION = re.compile(r"^(?:(?:19|20)\d\d|[vV]\d+(?:\.\d+)*|\d\.\d)$")


def in_task_list(doc: Doc, start: int, nouns: frozenset[str], window: int = 8) -> bool:
    """Whether one of *nouns* ("task(s)") comes shortly before token *start* in its sentence ("tasks such as X")."""
    for tok in reversed(list(doc[max(0, start - window):start])):
        if tok.text in {".", ";"}:
            return False
        if tok.lower_ in nouns:
            return True
    return False


def has_evaluation_context(span: Span, cues: Cues) -> bool:
    """Whether the generic measure *span* ("accuracy", "precision") is one here, and its sentence
    :func:`reports_outcome`: not a number format ("mixed precision"), another noun's modifier
    ("precision medicine") or a side of a trade-off."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in cues.not_metric_before or (before in cues.not_precision_before and span.text.lower() == "precision"):
        return False  # "mixed precision", "low precision": a number format; "lower latency" is a measured outcome
    if span.end < len(doc) and doc[span.end].lower_ in cues.not_metric_after:
        return False
    if _tradeoff(span, cues.tradeoff_words):
        return False  # "the compression-accuracy trade-off": a design goal, not a measured outcome
    if kept_quality(doc, span.start, cues):
        return False  # "without sacrificing accuracy": a quality kept, not an outcome measured
    return reports_outcome(span, cues)


def reports_outcome(span: Span, cues: Cues) -> bool:
    """Whether the sentence of *span* reports a measured outcome (a number or a cue word; an item number "(1)"
    or a citation "[12]" is not a measured value)."""
    doc = span.doc
    start, end = sentence_bounds(doc, span.start)  # span.sent
    prefixes = tuple(cues.evaluation_cue_prefixes)
    cued = False
    for tok in doc[start:end]:
        if (tok.like_num and any(c.isdigit() for c in tok.text) or tok.text == "%" or _figure(tok.text, cues)) \
                and not _enumerator(tok):
            return True
        if tok.lower_.startswith(prefixes) and not _of_purpose(tok, cues) \
                or (tok.lower_ == "terms" and tok.i > 0 and doc[tok.i - 1].lower_ == "in"):
            cued = True  # "to improve accuracy", "for reducing latency": a goal, not a measured outcome
    if not cued or span.text.lower() in cues.efficiency_measures:
        return False  # "reduces the number of parameters": a figure of cost counts when the text gives it
    # a cue without a number may be about others' work ("existing models such as X achieve strong accuracy"):
    # it counts then only when the sentence also speaks of the paper's own work or experiments
    words = {t.lower_ for t in doc[start:end]}
    return bool(words & cues.own_work_words) or not words & cues.background_words


def _figure(text: str, cues: Cues) -> bool:
    """Whether *text* is a number with a unit glued to it: "1.23s", "157M", "130X" (not "3D", nor a decade,
    "1990s")."""
    m = _WITH_UNIT.match(text)
    return bool(m) and m.group(2) in cues.figure_units and not (m.group(2) == "s" and _DECADE.match(m.group(1)))


def kept_quality(doc: Doc, start: int, cues: Cues) -> bool:
    """Whether a measure starting at token *start* is the object of a verb of giving up, at most three words
    before it: "without sacrificing accuracy", "without compromising the retrieval recall" (a quality kept, not
    an outcome measured)."""
    for tok in reversed(doc[max(0, start - 3):start]):
        if tok.lower_ in cues.kept_quality_verbs:
            return True
        if not tok.is_alpha:
            return False  # "sacrificing speed, 91% accuracy": the measure has its own clause
    return False


def _enumerator(tok: Token) -> bool:
    """Whether the number *tok* numbers an item or cites, not a measured value: "(1)", "2)", "[12]"."""
    doc = tok.doc
    if not tok.text.isdigit() or tok.i + 1 >= len(doc) or doc[tok.i + 1].text not in {")", "]"}:
        return False
    return tok.i == 0 or doc[tok.i - 1].text in {"(", "[", ",", ";", ".", ":"} or doc[tok.i - 1].is_sent_start


def _of_purpose(tok: Token, cues: Cues) -> bool:
    """Whether the cue word *tok* states a goal: "to improve" (an infinitive, not "leads to improvements" or
    "up to reduced"), "for reducing", "at improving" (a gerund after "for" / "at")."""
    if tok.i == 0 or tok.doc[tok.i - 1].lower_ not in cues.purpose_before:
        return False
    if tok.doc[tok.i - 1].lower_ == "to":
        return not tok.lower_.endswith(("ed", "ing", "ment", "ments"))
    return tok.lower_.endswith("ing")


def _tradeoff(span: Span, words: frozenset[str]) -> bool:
    """Whether *span* names a side of a trade-off: "the accuracy-vs-bit-width trade-off", "the
    compression-accuracy trade-offs", "a trade-off between accuracy and robustness"."""
    doc = span.doc
    i = span.end
    while i + 1 < len(doc) and doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_:
        i += 2  # through a hyphen compound: "accuracy-vs-bit-width"
    if i < len(doc) and _starts_with_any(doc[i:i + 3].text.lower(), words):
        return True
    k = span.start - 1
    while k > 0 and doc[k].text in {"the", "a", "an"}:
        k -= 1
    if k >= 1 and doc[k].lower_ == "between":  # "a trade-off (exists) between accuracy and ..."
        return any(_starts_with_any(doc[m:m + 3].text.lower(), words) for m in range(max(0, k - 4), k))
    return False


def _defines(long: Span | None, short: Span) -> bool:
    """Whether *short* is the parenthesised abbreviation of *long*, written right after it ("X (RL)")."""
    return long is not None and long.kb_id_ == short.kb_id_ and short.start == long.end + 1 \
        and long.doc[long.end].text == "("


def _starts_with_any(text: str, words: frozenset[str]) -> bool:
    return any(text.startswith(w) for w in words)


class VocabularyRuler(Component):
    """Writes curated DATASET / METRIC / TASK spans (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, kinds: list[str], cues: Cues,
                 paths: dict[str, str] | None = None) -> None:
        super().__init__(name, cues)
        paths = paths or {}
        vocabs = [load_vocabulary(kind, paths.get(kind)) for kind in kinds]
        self.entries = {eid: entry for v in vocabs for eid, entry in v.entries.items()}
        self.matchers = build_matchers(nlp, vocabs)

    def _extend_version(self, doc: Doc, end: int) -> int:
        if end < len(doc) and VERSION.match(doc[end].text) and doc[end - 1].whitespace_:
            return end + 1
        return end

    def _is_modifier(self, doc: Doc, end: int) -> bool:
        """A name used as a modifier, not a mention: "ImageNet-scale data", "COCO-style"."""
        return (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
                and doc[end + 1].lower_ in self.cues.modifier_suffixes)

    def _salient_ids(self, doc: Doc, spans: list[Span]) -> set[str]:
        """Ids mentioned in the title, at least twice, as "the X task / problem", as the object of "we study /
        address / tackle", in a list of tasks ("three tasks, image classification, ... and machine translation")
        or of the paper's evaluation ("we evaluate on language modeling and parsing"), or opening the abstract."""
        end_of_title = title_end(doc, untitled=0)
        seen: set[str] = set()
        out: set[str] = set()
        previous: Span | None = None
        for span in spans:
            after = doc[span.end].lower_ if span.end < len(doc) else ""
            if _defines(previous, span):
                continue  # "reinforcement learning (RL) agents" names the paradigm once, not twice
            before = doc[span.start - 1].lower_ if span.start > 0 else ""
            if span.kb_id_ in seen or span.start < end_of_title or after in self.cues.salient_after \
                    or before in self.cues.problem_verbs \
                    or (end_of_title and span.start <= end_of_title + 2) or in_task_list(doc, span.start, self.cues.task_list_nouns) \
                    or in_task_list(doc, span.start, self.cues.evaluation_words_before):
                out.add(span.kb_id_)
            seen.add(span.kb_id_)
            previous = span
        return out

    def _only_as_means(self, doc: Doc, spans: list[Span]) -> set[str]:
        """Ids of paradigms every mention of which is a means or a modifier, not the problem addressed:
        "reinforcement learning algorithms", "optimized by reinforcement learning", "without meta-learning"."""
        cues, used, other = self.cues, set(), set()
        for span in spans:
            if self.entries[span.kb_id_].context != "salient":
                continue
            after = doc[span.end].lower_ if span.end < len(doc) else ""
            before = doc[span.start - 1].lower_ if span.start > 0 else ""
            (used if after in cues.means_heads_after or before in cues.means_before else other).add(span.kb_id_)
        return used - other

    def _scoped(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Measures widened over the word that scopes them ("recognition accuracy", "test accuracy"), where no
        other span holds that word: the mention is the scoped phrase, the entity the measure."""
        taken = {i for span in spans for i in range(span.start, span.end)}
        defined = {(pair.long.start, pair.long.end) for pair in abbreviation_pairs(doc)}
        out = []
        for span in spans:
            i = span.start - 1
            if span.label_ == "METRIC" and i >= 0 and i not in taken and doc[i].is_lower \
                    and self.entries[span.kb_id_].name in self.cues.scoped_metrics:
                if i >= 2 and doc[i - 1].text == "-" and not (doc[i - 2].whitespace_ or doc[i - 1].whitespace_) \
                        and not taken & {i - 1, i - 2}:
                    i -= 2  # "one-shot", split by the tokenizer
                word = doc[i:span.start].text.lower()
                if word in self.cues.metric_scopes or (doc[i].is_alpha and word.endswith(("tion", "sion"))):
                    span = Span(doc, i, span.end, label=span.label, kb_id=span.kb_id)
            if span.label_ == "METRIC":
                start, end = value_qualified(doc, span, taken - set(range(span.start, span.end)), self.cues)
                if (start, end) != (span.start, span.end) and (start, end) not in defined:
                    span = Span(doc, start, end, label=span.label, kb_id=span.kb_id)  # "98.4% image-level AUROC"
                    # (a phrase with an abbreviation is a measure of its own: "phoneme error rate (PER)")
            out.append(span)
        return out

    def _conflicts_with_definition(self, span: Span, defined: dict[str, str]) -> bool:
        long = defined.get(span.text)
        if long is None:
            return False
        entry = self.entries[span.kb_id_]
        long_forms = {name_key(a) for a in (entry.name, *entry.aliases) if " " in a or "-" in a}
        return bool(long_forms) and name_key(long) not in long_forms  # no long form known: cannot disagree

    def __call__(self, doc: Doc) -> Doc:
        defined = long_forms(doc)
        spans = []
        for eid, start, end in match_ids(doc, self.matchers):
            entry = self.entries[eid]
            if entry.kind == "dataset":
                end = self._extend_version(doc, end)
            if self._is_modifier(doc, end):
                continue
            span = Span(doc, start, end, label=LABEL_OF_KIND[entry.kind], kb_id=eid)
            if entry.kind == "metric" and not (has_evaluation_context if entry.context == "evaluation"
                                               else reports_outcome)(span, self.cues):
                continue  # a metric counts as an outcome of the paper's evaluation, not as background
            if self._conflicts_with_definition(span, defined):
                continue
            spans.append(span)
        kept = self._scoped(doc, filter_spans(spans))
        salient = self._salient_ids(doc, kept)
        means = self._only_as_means(doc, kept)
        for span in kept:
            entry = self.entries[span.kb_id_]
            if entry.context == "salient" and (span.kb_id_ not in salient or span.kb_id_ in means):
                continue
            add_span(doc, span, SpanInfo(entry.name, extractor=self.name, confidence=0.95, props=entry.props))
        return doc


@Language.factory(
    "vocab_ruler",
    assigns=["doc.spans", "doc._.kg_datasets", "doc._.kg_metrics", "doc._.kg_tasks", "span._.kg"],
    requires=["token.text", "token.is_sent_start", "doc._.abbreviations"],
    default_config={"kinds": ["dataset", "metric", "task"], "paths": {}, "cues": DEFAULT_CUES_CONFIG},
)
def make_vocab_ruler(nlp: Language, name: str, kinds: list[str], paths: dict[str, str], cues: Cues) -> VocabularyRuler:
    """spaCy factory for :class:`VocabularyRuler`; *paths* overrides a kind's CSV file."""
    return VocabularyRuler(nlp, name, kinds, cues, paths)
