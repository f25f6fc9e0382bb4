"""Features of metric candidates, and the trained ranker's decision over them.

Every METRIC mention the hand rules could write, before their context tests, is a candidate with the reason that
produced it: a curated measure (``vocab``; ``vocab_eval`` for generic ones such as accuracy), a long-tail phrase
of ``metric_patterns`` (``pattern`` when its number test passes, ``phrase`` when not), an abbreviation's long
form (``abbrev``), a measure at a cut-off ("P@1", ``at_k``), and generous long-tail phrases: up to three
modifiers before a measure head of ``measure_heads`` (``longtail``; "GPU memory overhead", "inference speedup"),
shorter prefixes of it (``longtail_short``) and the bare head (``bare``). Candidates naming one entity (one id)
in one abstract form a :class:`MetricGroup`, described by binary string features: reasons, whether the hand rules
keep a mention (``hand``), head / first word, words around each mention, the sentence (a number, a percentage, a
figure with unit, an outcome verb, "in terms of", we / our, background words), grading or giving-up words
before, a number next to the mention, coordination with a kept metric, the mention count. A
:class:`extractors.ranker.Ranker` trained on annotated abstracts (``python -m training.rank metrics``) scores a
group; see :func:`decide`.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> for pipe in ("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "metric_patterns"):
...     _ = nlp.add_pipe(pipe)
>>> doc = nlp.make_doc("Fast Models\\nOur method improves training speed and reaches 91.2% accuracy.")
>>> for _, proc in nlp.pipeline[:-1]:
...     doc = proc(doc)
>>> groups = {g.name: g for g in nlp.get_pipe("metric_patterns").groups(doc)}
>>> sorted(groups), "hand" in groups["accuracy"].features, "hand" in groups["training speed"].features
(['accuracy', 'speed', 'training speed'], True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, SpanGroup

from extractors.abbreviations import abbreviation_pairs
from extractors.candidate_features import OWN_WORDS, CandidateGroup, Sentences, bucket, mention_words, word_feature
from extractors.names import NUMBER
from extractors.ranker import Ranker
from extractors.spans import SPANS_KEY, SpanInfo, add_span, span_info
from extractors.vocab_ruler import _figure, _of_purpose, _tradeoff, kept_quality
from extractors.vocabulary import match_ids
from kg.model import entity_id

#: The metric component (``extractors.metrics.MetricPatterns``; not imported: it imports this module).
MetricPatterns = Any

__all__ = ["MetricGroup", "decide", "metric_groups"]

_COMPARATIVE_SUFFIX = ("er",)
_LIST = frozenset({",", "and", "or"})


@dataclass
class MetricGroup(CandidateGroup):
    """The candidates naming one metric entity in one abstract: its id, name, mentions and features."""

    curated: bool = False  #: a vocabulary entry (its spans are written as the vocabulary ruler's)


def _modifier_start(mp: MetricPatterns, doc: Doc, head: int, most: int = 3) -> int:
    """Start of up to *most* modifiers before *head*: letters or hyphenated words, not a grading, function or
    giving-up word (except the ``measure_modifiers``), not a number."""
    cues, i = mp.cues, head
    stops = (cues.not_metric_modifiers | cues.kept_quality_verbs) - cues.measure_modifiers
    while i > 0 and head - i < most:
        tok = doc[i - 1]
        if tok.text == "-" and i >= 2 and not tok.whitespace_ and not doc[i - 2].whitespace_ and doc[i - 2].is_alpha:
            i -= 2  # a hyphenated compound the tokenizer split ("audio - visual synchronization")
            continue
        if not tok.is_alpha or tok.lower_ in stops or tok.lower_ in cues.verb_subjects or tok.is_upper and len(tok) == 1:
            break
        i -= 1
    return i


def candidates(mp: MetricPatterns, doc: Doc) -> list[tuple[Span, str, str, str, bool]]:
    """(span, reason, kb id, name, curated) of every candidate (see the module docstring)."""
    out: list[tuple[Span, str, str, str, bool]] = []
    for eid, s, e in sorted(set(match_ids(doc, mp.vocab_matchers)), key=lambda m: (m[1], -m[2], m[0])):
        entry = mp.vocab_entries[eid]
        out.append((doc[s:e], "vocab_eval" if entry.context == "evaluation" else "vocab", eid, entry.name, True))

    def phrase(span: Span, reason: str, name: str | None = None) -> None:
        name = name or span.text
        out.append((span, reason, entity_id("metric", name.lower()), name, False))

    for pair in abbreviation_pairs(doc):
        if pair.long[-1].lower_ in mp.cues.measure_heads and len(pair.long) <= 5:
            phrase(pair.long, "abbrev")
            phrase(pair.short, "abbrev", pair.long.text)
    for tok in doc:
        if "@" in tok.text and mp.at_k(tok.text):
            phrase(doc[tok.i:tok.i + 1], "at_k")
    seen = {(s.start, s.end) for s, *_ in out}
    hand_heads = mp.cues.metric_heads | {"acc", "metric", "metrics"}
    for _, head, _ in mp.head_matcher(doc):
        word = doc[head].lower_
        hand = mp._phrase(doc, head) if word in hand_heads else None
        if hand is not None and (hand.start, hand.end) not in seen:
            seen.add((hand.start, hand.end))
            phrase(hand, "pattern")
        if word in {"acc", "metric", "metrics"} or (head and doc[head - 1].lower_ in mp.cues.not_measures):
            continue
        start = _modifier_start(mp, doc, head)
        for k in range(start, head + 1):
            if (k, head + 1) in seen:
                continue
            seen.add((k, head + 1))
            phrase(doc[k:head + 1], "bare" if k == head else "longtail" if k == start else "longtail_short")
    return out


class _Context(Sentences):
    """What the features of one document read more than once: sentences, the hand rules' spans, candidates."""

    def __init__(self, doc: Doc, end_of_title: int, spans: list[Span], hand: list[Span]) -> None:
        super().__init__(doc, end_of_title)
        self.hand: dict[str, list[tuple[int, int]]] = {}
        for h in hand:
            self.hand.setdefault(h.kb_id_, []).append((h.start, h.end))
        self.kb_at: dict[tuple[int, int], str] = {}
        self._sentence_features: dict[int, set[str]] = {}
        self.spans = spans
        self.ends = {s.end: s for s in spans}
        self.begins = {s.start: s for s in spans}

    def is_hand(self, span: Span, kb: str) -> bool:
        """Whether the hand rules wrote a METRIC span of entity *kb* overlapping *span*."""
        return any(s < span.end and span.start < e for s, e in self.hand.get(kb, ()))

    def sentence_features(self, start: int, end: int, cues) -> set[str]:
        """What the sentence of tokens *start* .. *end* says (read once per sentence)."""
        if start in self._sentence_features:
            return self._sentence_features[start]
        out, sent = set(), self.doc[start:end]
        lower = {t.lower_ for t in sent}
        if any(t.like_num and any(c.isdigit() for c in t.text) for t in sent):
            out.add("sent_number")
        if "%" in lower:
            out.add("sent_percent")
        if any(_figure(t.text, cues) for t in sent):
            out.add("sent_figure")
        prefixes = tuple(cues.evaluation_cue_prefixes)
        for t in sent:
            if t.lower_.startswith(prefixes):
                out.add("sent_purpose" if _of_purpose(t, cues) else "sent_cue")
        for words, name in ((OWN_WORDS, "sent_own"), (cues.background_words, "sent_background"),
                            (cues.evaluation_words, "sent_eval")):
            if lower & words:
                out.add(name)
        self._sentence_features[start] = out
        return out


def mention_features(mp: MetricPatterns, ctx: _Context, span: Span, reason: str, kb: str) -> set[str]:
    """Binary features of one mention (see the module docstring)."""
    doc, cues = ctx.doc, mp.cues
    out = mention_words(ctx, span, reason)
    previous = word_feature(doc[span.start - 1]) if span.start else None
    if ctx.is_hand(span, kb):
        out.add("hand")
    s_start, s_end = (0, ctx.end_of_title) if span.start < ctx.end_of_title else ctx.sentence(span.start)[1:]
    out |= ctx.sentence_features(s_start, s_end, cues)
    prefixes = tuple(cues.evaluation_cue_prefixes)
    window = [t.lower_ for t in doc[max(s_start, span.start - 6):span.start]]
    if any(a == "in" and b == "terms" for a, b in zip(window, window[1:])):
        out.add("in_terms_of")
    if any(w.startswith(prefixes) for w in window):
        out.add("cue_before")
    if previous and (previous in cues.not_metric_modifiers or previous.endswith(_COMPARATIVE_SUFFIX)):
        out.add("graded")
    if kept_quality(doc, span.start, cues):
        out.add("kept_quality")
    if _tradeoff(span, cues.tradeoff_words):
        out.add("tradeoff")
    if previous and previous in cues.not_metric_before:
        out.add("format_before")
    near = [t.text for t in doc[max(0, span.start - 3):span.start]] + [t.text for t in doc[span.end:span.end + 4]]
    if any(NUMBER.match(t) or t == "%" or _figure(t, cues) for t in near):
        out.add("num_near")
    if span.text.lower() in cues.efficiency_measures:
        out.add("efficiency")
    other = _coordinated(doc, span, ctx)
    if other is not None:
        out.add("coord_hand" if ctx.is_hand(other, ctx.kb_at.get((other.start, other.end), "")) else "coordinated")
    if any(o.start <= span.start and span.end <= o.end and len(o) > len(span) for o in ctx.spans):
        out.add("inside_longer")
    if len(span) == 1 and span[0].is_upper:
        out.add("acronym")
    return out


def _coordinated(doc: Doc, span: Span, ctx: _Context) -> Span | None:
    """Another candidate joined to *span* by "and" / "or" / a comma ("accuracy, recall and F1"), else None."""
    i, j = span.start, span.end
    if i >= 2 and doc[i - 1].lower_ in _LIST:
        k = i - 2 if doc[i - 2].text != "," else i - 3
        if k + 1 in ctx.ends:
            return ctx.ends[k + 1]
    if j + 1 < len(doc) and doc[j].lower_ in _LIST:
        k = j + 1 if doc[j + 1].text != "," else j + 2  # ", and"
        if k in ctx.begins:
            return ctx.begins[k]
    return None


def metric_groups(mp: MetricPatterns, doc: Doc, end_of_title: int, hand: list[Span]) -> list[MetricGroup]:
    """The candidates grouped by entity, with features; *hand*: the METRIC spans the hand rules wrote."""
    cands = candidates(mp, doc)
    known = {(c[0].start, c[0].end, c[2]) for c in cands}
    for span in hand:  # the hand rules' own mentions too: scoped ("recognition accuracy"), abbreviations
        if (span.start, span.end, span.kb_id_) not in known:
            entry = mp.vocab_entries.get(span.kb_id_)
            info = span_info(span)
            reason = ("vocab_eval" if entry.context == "evaluation" else "vocab") if entry else "pattern"
            name = entry.name if entry else info.name if info and info.name else span.text
            cands.append((span, reason, span.kb_id_, name, entry is not None))
    # a phrase written where a curated measure is ("Frechet Inception Distance (FID)") names that measure
    curated_at = {(c[0].start, c[0].end): c[2] for c in cands if c[4]}
    alias: dict[str, str] = {}
    for span, _, kb, _, curated in cands:
        if not curated and (span.start, span.end) in curated_at:
            alias.setdefault(kb, curated_at[(span.start, span.end)])
    cands = [(c[0], c[1], alias[c[2]], mp.vocab_entries[alias[c[2]]].name, True) if c[2] in alias else c
             for c in cands]
    ctx = _Context(doc, end_of_title, [c[0] for c in cands], hand)
    for span, _, kb, _, _ in cands:
        ctx.kb_at.setdefault((span.start, span.end), kb)
    groups: dict[str, MetricGroup] = {}
    for span, reason, kb, name, curated in cands:
        group = groups.setdefault(kb, MetricGroup(kb, name, curated=curated))
        group.mentions.append((span, reason))
        group.features |= mention_features(mp, ctx, span, reason, kb)
    for group in groups.values():
        group.features.add(f"count={bucket(len({(s.start, s.end) for s, _ in group.mentions}), (1, 2, 3))}")
        if len({r for _, r in group.mentions}) > 1:
            group.features.add("multi_src")
        if group.curated:
            group.features.add("curated")
    return list(groups.values())


def _write(mp: MetricPatterns, doc: Doc, group: MetricGroup, written: set[tuple[int, int]]) -> None:
    for span, _ in sorted(group.mentions, key=lambda m: (m[0].start, -m[0].end)):
        if (span.start, span.end) in written:
            continue
        written.add((span.start, span.end))
        if group.curated:
            entry = mp.vocab_entries[group.kb]
            info = SpanInfo(entry.name, extractor="vocab_ruler", confidence=0.95, props=entry.props)
        else:
            info = SpanInfo(group.name, extractor=mp.name, confidence=mp.confidence)
        add_span(doc, Span(doc, span.start, span.end, label="METRIC", kb_id=group.kb), info)


def decide(mp: MetricPatterns, doc: Doc, groups: list[MetricGroup], ranker: Ranker, below: float | None,
           above: float | None) -> None:
    """After the hand rules wrote their METRIC spans: drop the entities scored below *below* and write the groups
    the hand rules left out scored at least *above* (None: none); with *below* None the ranker decides alone
    (both bounds are its threshold; a hand span of no candidate entity stays)."""
    scores = {g.kb: ranker.score(g.features) for g in groups}
    if below is None:
        below = above = ranker.threshold
    present = {s.kb_id_ for s in doc._.kg_metrics}
    drop = {kb for kb, p in scores.items() if p < below} & present
    add = [g for g in groups if above is not None and g.kb not in present and scores[g.kb] >= above]
    if drop:
        kept = [s for s in doc.spans[SPANS_KEY] if not (s.label_ == "METRIC" and s.kb_id_ in drop)]
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=kept)
    written = {(s.start, s.end) for s in doc._.kg_metrics}
    for group in add:
        _write(mp, doc, group, written)
