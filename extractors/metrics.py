"""Long-tail metrics: evaluation measures no list holds, found by patterns.

A spaCy :class:`~spacy.matcher.PhraseMatcher` finds the measure nouns that
end metric phrases (``score``, ``rate``, ``accuracy``, ``precision``, ``error``,
``distance`` ...) where the text reports them as measured:

- defined by an abbreviation: "Task Success Rate (TSR)", "LLM Response Score (LRS)" (every later "TSR" too);
- next to a number: "a 99.8% goal completion rate", "top-k precision of 38%";
- ``top-k`` measures: "top-5 error", "top-k precision"; a bare "error" right after a percentage ("3.57% error");
- measures at a cut-off, written "<name>@<k>": "P@1", "MAP@100", "Acc@5" (the ``@`` form is a metric's own
  notation, so no number or cue is needed);
- named metrics: "the LRS metric".

Modifiers that grade rather than name ("high accuracy", "better precision") and
rates that are not measures ("learning rate", "sampling rate") are rejected.
Ids are ``metric:<slug of the lower-cased phrase>``.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> for pipe in ("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "metric_patterns",
...              "kg_resolver"):
...     _ = nlp.add_pipe(pipe)
>>> doc = nlp("We reach 46.7% in Task Success Rate (TSR) and a 99.8% goal completion rate; TSR is high.")
>>> sorted({(s.text, s.kb_id_) for s in doc.spans["kg"]})  # doctest: +NORMALIZE_WHITESPACE
[('TSR', 'metric:task-success-rate'), ('Task Success Rate', 'metric:task-success-rate'),
 ('goal completion rate', 'metric:goal-completion-rate')]
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from extractors.abbreviations import abbreviation_pairs, token_positions
from extractors.names import NUMBER, name_test
from extractors.component import Component
from extractors.cues import DEFAULT_CUES_CONFIG, Cues
from extractors.metric_features import MetricGroup, decide, metric_groups
from extractors.ranker import load_ranker
from extractors.spans import SpanInfo, add_new_spans
from extractors.text import title_end
from extractors.vocab_ruler import kept_quality
from extractors.vocabulary import DATA_DIR, build_matchers, load_vocabulary
from kg.model import entity_id

__all__ = ["MetricPatterns", "make_metric_patterns"]

_HYPHENATED = re.compile(r"^[A-Za-z]+-[A-Za-z0-9]+$")
_TOP_K = re.compile(r"^top-?(?:\d+|k)$", re.I)
#: A measure at a cut-off, written as one token: "P@1", "nDCG@10", "mAP@0.5", "Recall@K".
_AT_K = re.compile(r"^[A-Za-z][A-Za-z0-9-]*@(?:\d+(?:\.\d+)?|[kKnN])$")
#: A measured value in parentheses after a measure: a decimal or a percentage ("collision rate (0.18\\%)"), not an
#: item number ("(1)").
_MEASURED = re.compile(r"^\d*\.\d+(?:\\?%)?$|^\d+(?:\.\d+)?\\?%$")
#: The trained weights of the metric ranker (``python -m training.rank metrics``).
SHIPPED_RANKER = DATA_DIR / "metric_ranker.json"


class MetricPatterns(Component):
    """Writes long-tail METRIC spans (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, confidence: float, cues: Cues, ranker: str | None = None,
                 veto_below: float | None = None, add_above: float | None = None) -> None:
        super().__init__(name, cues)
        self.confidence = confidence
        self.name_like = name_test(cues.generic_acronyms)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")  # head nouns; the phrase is read around each
        self.matcher.add("HEAD", [nlp.make_doc(w) for w in sorted(cues.metric_heads | {"acc", "metric", "metrics"})])
        # the trained ranker (None: hand rules only) and what it needs: every candidate, see metric_features
        self.ranker = load_ranker(SHIPPED_RANKER if ranker == "shipped" else ranker) if ranker else None
        self.veto_below, self.add_above = veto_below, add_above
        self._nlp = nlp

    @cached_property
    def _candidate_matchers(self) -> tuple[list, dict, PhraseMatcher]:
        """The ranker's own matchers, made on first use: the metric vocabulary and the generous measure heads."""
        vocab = load_vocabulary("metric")
        heads = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        heads.add("HEAD", [self._nlp.make_doc(w) for w in sorted(self.cues.measure_heads | {"acc", "metric", "metrics"})])
        return build_matchers(self._nlp, [vocab]), vocab.entries, heads

    @property
    def vocab_matchers(self) -> list:
        return self._candidate_matchers[0]

    @property
    def vocab_entries(self) -> dict:
        return self._candidate_matchers[1]

    @property
    def head_matcher(self) -> PhraseMatcher:
        return self._candidate_matchers[2]

    @staticmethod
    def at_k(text: str) -> bool:
        return bool(_AT_K.match(text))

    def groups(self, doc: Doc) -> list[MetricGroup]:
        """Every metric candidate of *doc* grouped by entity, with features (after the hand rules ran)."""
        return metric_groups(self, doc, title_end(doc, untitled=0), list(doc._.kg_metrics))

    def _modifiers(self, doc: Doc, head: int) -> int:
        """Start of the one or two modifiers before *head* ("goal completion rate"), or *head* if none."""
        i = head
        while i > 0 and head - i < 2:
            tok = doc[i - 1]
            if i > 2 and doc[i - 2].text == "-" and not doc[i - 2].whitespace_ and not doc[i - 3].whitespace_ \
                    and tok.is_alpha and (doc[i - 3].is_alpha or doc[i - 3].text.isdigit()):
                if i > 3 and doc[i - 4].text == "-" and not doc[i - 4].whitespace_:
                    break  # a longer chain grades: "state - of - the - art driving score" is the driving score
                return i - 3  # a hyphenated compound the tokenizer split is the whole name ("multi - task score",
                # "3 - second collision rate")
            if tok.lower_ in self.cues.not_metric_modifiers or tok.lower_ in self.cues.kept_quality_verbs \
                    or not (tok.is_alpha or _HYPHENATED.match(tok.text)):
                break
            i -= 1
            if _HYPHENATED.match(tok.text):
                break  # one hyphenated modifier is the whole name ("top-k precision")
        return i

    def _phrase(self, doc: Doc, head: int) -> Span | None:
        """The metric phrase headed by token *head* when a number is next to it, else None."""
        word, name_like = doc[head].lower_, self.name_like
        if word in {"metric", "metrics"} or (word == "score" and head > 0 and name_like(doc[head - 1].text)):
            if head > 0 and name_like(doc[head - 1].text):  # "the LRS metric", "CLIP-S score"
                return doc[head - 1:head + (word == "score")]
            return None
        if word in self.cues.top_k_measures and head > 0:  # "top-5 error", "top - k precision"
            if _TOP_K.match(doc[head - 1].text):
                return doc[head - 1:head + 1]
            if head > 2 and doc[head - 3].lower_ == "top" and doc[head - 2].text == "-":
                return doc[head - 3:head + 1]
        if word == "acc":
            return None
        if word in {"error", "errors"} and head >= 2 and doc[head - 1].text == "%" and NUMBER.match(doc[head - 2].text):
            return doc[head:head + 1]  # "3.57% error": a percentage names the error it measures
        start = self._modifiers(doc, head)
        if start == head or doc[head - 1].lower_ in self.cues.not_measures or kept_quality(doc, start, self.cues):
            return None
        before = [t.text for t in doc[max(0, start - 3):start]]
        after = [t.lower_ for t in doc[head + 1:head + 5]]
        number_before = any(NUMBER.match(t) or t == "%" for t in before[-2:]) or \
            (len(before) == 3 and before[-1] in {"in", "on", "the"} and (NUMBER.match(before[-2]) or before[-2] == "%"))
        number_after = bool(after) and (after[0] in {"of", "="} and any(NUMBER.match(t) for t in after[1:4])
                                        or after[0] == "(" and len(after) > 1 and _MEASURED.match(after[1]) is not None)
        return doc[start:head + 1] if number_before or number_after else None

    def _from_abbreviations(self, doc: Doc) -> list[tuple[Span, str]]:
        out, cues = [], self.cues
        at: dict[int, list[int]] | None = None  # ORTH id -> positions, made once: not tokens x definitions
        expanded: set[tuple[str, str]] = set()  # (short form, name) whose every use is already listed
        for pair in abbreviation_pairs(doc):
            long = pair.long
            if long[-1].lower_ not in cues.metric_heads or len(long) > 5 or long[-2:-1].text.lower() in cues.not_measures:
                continue
            if any(t.lower_ in cues.not_metric_modifiers for t in long):
                continue
            name = long.text
            out.append((long, name))
            if (pair.short.text, name) not in expanded:
                expanded.add((pair.short.text, name))
                at = token_positions(doc) if at is None else at
                out.extend((doc[i:i + 1], name) for i in at.get(get_string_id(pair.short.text), ()))
        return out

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[Span, str]] = self._from_abbreviations(doc)
        found.extend((doc[t.i:t.i + 1], t.text) for t in doc if "@" in t.text and _AT_K.match(t.text))  # "P@1"
        curated = sorted((c.start, c.end) for c in doc._.kg_metrics)
        starts = [start for start, _ in curated]
        for _, head, _ in self.matcher(doc):
            span = self._phrase(doc, head)
            if span is not None and not _holds_curated(curated, starts, span.start, head):
                found.append((span, span.text))  # "FID scores" is FID, not a new metric
        add_new_spans(doc, ((Span(doc, span.start, span.end, label="METRIC", kb_id=entity_id("metric", name.lower())),
                             SpanInfo(name, extractor=self.name, confidence=self.confidence))
                            for span, name in sorted(found, key=lambda x: (x[0].start, -x[0].end))),
                      key=lambda s: (s.start, s.end))
        if self.ranker is not None:
            decide(self, doc, self.groups(doc), self.ranker, self.veto_below, self.add_above)
        return doc


@Language.factory("metric_patterns", assigns=["doc.spans", "doc._.kg_metrics", "span._.kg"],
                  requires=["token.text", "doc._.abbreviations", "doc._.kg_metrics"],
                  default_config={"confidence": 0.6, "cues": DEFAULT_CUES_CONFIG, "ranker": None, "veto_below": None,
                                  "add_above": None})
def make_metric_patterns(nlp: Language, name: str, confidence: float, cues: Cues, ranker: str | None,
                         veto_below: float | None, add_above: float | None) -> MetricPatterns:
    """spaCy factory for :class:`MetricPatterns`; it reads the curated metrics ("FID scores" is FID). *ranker*: a
    weights file, "shipped" or null (hand rules only); *veto_below* / *add_above*: see ``metric_features.decide``."""
    return MetricPatterns(nlp, name, confidence, cues, ranker, veto_below, add_above)


def _holds_curated(curated: list[tuple[int, int]], starts: list[int], start: int, head: int) -> bool:
    """Whether a curated metric (sorted ``(start, end)`` pairs) lies within tokens *start* .. *head*."""
    i = bisect.bisect_left(starts, start)
    while i < len(curated) and curated[i][0] <= head:
        if curated[i][1] <= head:
            return True
        i += 1
    return False
