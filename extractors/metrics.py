"""Long-tail metrics: evaluation measures no list holds, found by patterns.

A spaCy :class:`~spacy.matcher.Matcher` finds metric phrases ending in a
measure noun (``score``, ``rate``, ``accuracy``, ``precision``, ``error``,
``distance`` ...) where the text reports them as measured:

- defined by an abbreviation: "Task Success Rate (TSR)", "LLM Response Score (LRS)" (every later "TSR" too);
- next to a number: "a 99.8% goal completion rate", "top-k precision of 38%";
- ``top-k`` measures: "top-5 error", "top-k precision";
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

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from extractors.abbreviations import abbreviation_pairs
from extractors.names import NUMBER, is_name_like, register_token_extensions
from extractors.spans import add_span, ensure_extensions
from kg.model import entity_id

__all__ = ["METRIC_HEADS", "MetricPatterns", "make_metric_patterns"]

#: Nouns that end a metric phrase.
METRIC_HEADS = ["score", "scores", "rate", "rates", "accuracy", "precision", "recall", "error", "errors", "distance",
                "ratio", "coefficient", "divergence", "similarity", "f1", "auc"]
#: Words that grade or describe a measure rather than name it.
_NOT_MODIFIERS = ["high", "higher", "highest", "low", "lower", "lowest", "better", "best", "good", "great", "strong",
                  "competitive", "superior", "comparable", "similar", "state-of-the-art", "sota", "the", "a", "an",
                  "our", "its", "their", "this", "that", "these", "with", "and", "or", "of", "in", "on", "for", "to",
                  "by", "at", "as", "is", "are", "was", "were", "has", "have", "improved", "improve", "improves",
                  "increased", "reduced", "overall", "average", "excellent", "impressive", "remarkable", "new",
                  "significant", "significantly", "outstanding", "predictive", "its", "which", "while", "same",
                  "training", "inference", "running", "response", "computation", "computational", "run", "wall-clock"]
#: Rates and costs that are settings or quantities, not evaluation measures.
_NOT_MEASURES = {"learning", "sampling", "frame", "dropout", "mask", "masking", "bit", "refresh", "heart", "growth",
                 "interest", "firing", "birth", "death", "data", "baud", "flow", "tax", "decay", "mutation",
                 "compression", "warmup", "update", "step", "wall", "query", "per-token", "token", "time"}
_MOD = {"IS_ALPHA": True, "LOWER": {"NOT_IN": _NOT_MODIFIERS}}
_MOD_HYPHEN = {"TEXT": {"REGEX": r"^[A-Za-z]+-[A-Za-z0-9]+$"}, "LOWER": {"NOT_IN": _NOT_MODIFIERS}}
_HEAD = {"LOWER": {"IN": METRIC_HEADS}}


class MetricPatterns:
    """Writes long-tail METRIC spans (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, spans_key: str, confidence: float) -> None:
        ensure_extensions()
        register_token_extensions()
        self.name, self.spans_key, self.confidence = name, spans_key, confidence
        num = {"TEXT": {"REGEX": NUMBER.pattern}}
        pct = {"ORTH": "%", "OP": "?"}
        m = Matcher(nlp.vocab)
        m.add("NUM_BEFORE", [[num, pct, {"OP": "?", "LOWER": {"IN": ["in", "on"]}}, mod, _HEAD]
                             for mod in ({**_MOD, "OP": "{1,2}"}, _MOD_HYPHEN)], greedy="LONGEST")
        m.add("NUM_AFTER", [[mod, _HEAD, {"LOWER": {"IN": ["of", "="]}}, {"LOWER": {"IN": ["up", "about"]}, "OP": "?"},
                             {"LOWER": "to", "OP": "?"}, num] for mod in ({**_MOD, "OP": "{1,2}"}, _MOD_HYPHEN)],
              greedy="LONGEST")
        measure = {"LOWER": {"IN": ["accuracy", "precision", "recall", "error", "acc"]}}
        m.add("TOP_K", [[{"LOWER": {"REGEX": r"^top-?(?:\d+|k)$"}}, measure],
                        [{"LOWER": "top"}, {"ORTH": "-"}, {"LOWER": {"REGEX": r"^(?:\d+|k)$"}}, measure]])
        m.add("NAMED", [[{"_": {"kg_name_like": True}}, {"LOWER": {"IN": ["metric", "metrics", "score"]}}]])
        self.matcher = m

    def _phrase(self, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
        """Trim a matched phrase to modifiers + head; None when it is not a measure."""
        while start < end and (NUMBER.match(doc[start].text) or doc[start].text == "%"
                               or doc[start].lower_ in {"in", "on"}):
            start += 1
        head = end - 1
        while head > start and doc[head].lower_ not in METRIC_HEADS:
            head -= 1
        if head <= start or doc[head - 1].lower_ in _NOT_MEASURES:
            return None
        return start, head + 1

    def _from_abbreviations(self, doc: Doc) -> list[tuple[Span, str]]:
        out = []
        for pair in abbreviation_pairs(doc):
            long = pair.long
            if long[-1].lower_ not in METRIC_HEADS or len(long) > 5 or long[-2:-1].text.lower() in _NOT_MEASURES:
                continue
            if any(t.lower_ in _NOT_MODIFIERS for t in long):
                continue
            name = long.text
            out.append((long, name))
            for tok in doc:
                if tok.text == pair.short.text:
                    out.append((doc[tok.i:tok.i + 1], name))
        return out

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[Span, str]] = self._from_abbreviations(doc)
        strings = doc.vocab.strings
        for mid, start, end in self.matcher(doc):
            rule = strings[mid]
            if rule == "NAMED":
                if doc[end - 1].lower_.startswith("metric"):
                    end -= 1
                if is_name_like(doc[start].text):
                    found.append((doc[start:end], doc[start:end].text))
                continue
            bounds = (start, end) if rule == "TOP_K" else self._phrase(doc, start, end)
            if bounds:
                span = doc[bounds[0]:bounds[1]]
                found.append((span, span.text))
        seen: set[tuple[int, int]] = set()
        for span, name in sorted(found, key=lambda x: (x[0].start, -x[0].end)):
            if (span.start, span.end) in seen:
                continue
            seen.add((span.start, span.end))
            key = name if any(t.isupper() for t in name.split()) else name.lower()
            span = Span(doc, span.start, span.end, label="METRIC", kb_id=entity_id("metric", key.lower()))
            add_span(doc, self.spans_key, span, name=name, extractor=self.name, confidence=self.confidence)
        return doc


@Language.factory("metric_patterns", assigns=["doc.spans"], requires=["token.text", "doc._.abbreviations"],
                  default_config={"spans_key": "kg", "confidence": 0.6})
def make_metric_patterns(nlp: Language, name: str, spans_key: str, confidence: float) -> MetricPatterns:
    """spaCy factory for :class:`MetricPatterns`."""
    return MetricPatterns(nlp, name, spans_key, confidence)
