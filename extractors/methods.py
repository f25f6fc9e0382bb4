"""Methods: the ones a paper proposes and the named ones it uses.

A spaCy component (``methods``) that writes ``METHOD`` spans into
``doc.spans["kg"]`` with ``kb_id_`` = ``method:<slug>``, ``span._.kg_name``
(canonical name) and ``span._.kg_role`` (``"proposed"`` or ``"used"``).

How a name is found
    1. curated vocabulary (:mod:`extractors.methods_vocab`): phrase matchers
       over every spelling of every alias; names that take a version take the
       one written after them ("Llama 3.1", "Claude 3.5-Haiku");
    2. coinages: a :class:`~spacy.matcher.Matcher` over single tokens and
       hyphen-joined compounds, kept when the name looks coined (inner capital,
       two capitals, capital and digit: "JoJoGAN", "PLS-Net", "I3D", "GPT3-DaVinci");
    3. abbreviation definitions (``doc._.abbreviations``, Schwartz–Hearst):
       a long form and its short form are one entity; an unknown definition is a
       method when its long form ends in a method head word ("... Optimization
       (DPO)", "... Network (FPNN)") or when the paper proposes it.

What is not a method
    generic families, paradigms and other-kind acronyms
    (``data/generic_terms.txt``), names followed by a dataset / benchmark /
    metric cue word, and tokens already covered by another kind's span
    (datasets, metrics, tasks) in ``doc.spans["kg"]``.

Proposed or used
    proposed when named by the title ("X: ...") or by a proposal cue
    (:mod:`extractors.proposed`); everything else is used. All mentions of one
    entity share its role.

>>> import spacy, extractors
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("abbreviations"); _ = nlp.add_pipe("methods")
>>> doc = nlp("JoJoGAN: One Shot Face Stylization\\nWe build on StyleGAN2 and Mask RCNN, unlike transformers.")
>>> sorted({(s._.kg_name, s._.kg_role) for s in doc.spans["kg"]})
[('JoJoGAN', 'proposed'), ('Mask R-CNN', 'used'), ('StyleGAN2', 'used')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.abbreviations import abbreviation_pairs
from extractors.methods_vocab import MethodEntry, MethodVocabulary, name_key
from extractors.proposed import DATASET_CUES, ProposalCues, title_coinage, title_end, title_phrases, title_run
from extractors.spans import add_span, ensure_extensions
from kg.model import slugify

__all__ = ["METHOD_HEADS", "method_id", "MethodFinder", "make_methods"]

#: Last words of a long form that make an unknown abbreviation definition a method.
METHOD_HEADS = frozenset({
    "network", "networks", "net", "nets", "model", "models", "module", "modules", "block", "blocks", "layer",
    "layers", "transformer", "transformers", "encoder", "decoder", "autoencoder", "optimizer", "optimization",
    "optimisation", "algorithm", "algorithms", "method", "framework", "architecture", "mechanism", "training",
    "tuning", "finetuning", "distillation", "pretraining", "normalization", "normalisation", "regularization",
    "gate", "gating", "sampling", "guidance", "matching", "alignment", "refinement", "aggregation",
    "reweighting", "rewarding", "projection", "policy", "machine", "machines", "classifier", "regressor",
    "estimator", "adapter", "prompting", "embedding", "embeddings", "warping", "augmentation", "mixing",
    "pruning", "quantization", "merging", "interpolation", "conversion", "filter", "forest", "approach",
    "agent", "generator", "discriminator", "detector", "tracker", "planner", "retriever", "solver", "loss",
    "attention", "search", "gan", "experts", "process", "processes", "field", "fields", "splatting", "descent",
    "factorization", "decomposition", "regression", "memory", "unit", "units", "kernel", "mimicker", "bot",
})
_NAMEY_TOKEN = r"[a-z][A-Z]|[A-Z].*[A-Z]|^[A-Z].*\d|\d.*[A-Z]"
_NAMEY = re.compile(_NAMEY_TOKEN)
_VERSION = re.compile(r"^(?:v?\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)?[BMK]|XXL|XL)$")
_SIZE_WORDS = frozenset({"base", "large", "small", "tiny", "huge", "giant", "mini", "nano", "medium", "xl", "xxl",
                         "uncased", "cased", "chat", "instruct", "turbo"})
_YEAR_SUFFIX = re.compile(r"[-\s]?(?:19|20)\d\d$")
_HYPHENS = {"-", "‐"}
#: Not a name: sizes ("7B"), URLs, settings ("K=3"), years ("SemEval-2024"), glued brackets, number formats.
_NOT_A_NAME = re.compile(r"^\d+(?:\.\d+)?[BMKT]\+?$|[/=(:@]|[-\s](?:19|20)\d\d$|^(?:INT|FP|BF|UINT)\d+$|\.\.$"
                         r"|(?:Bench|QA|Eval|Data|Set|DB)\d*$")
#: Head nouns that make a curated name a modifier ("a NeRF framework" builds on NeRF).
_MODIFIED_HEADS = frozenset({"framework", "frameworks", "model", "models", "method", "methods", "approach",
                             "architecture", "backbone", "backbones", "based", "-", "module", "pipeline"})
_RELEASED = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "corpus", "suite", "leaderboard"})
_PASSIVE_PROPOSED = frozenset({"proposed", "introduced", "presented", "developed", "designed", "devised"})


def method_id(name: str) -> str:
    """The id of a method without a curated entry: hyphens and single letters joined.

    >>> method_id("Mask RCNN") == method_id("Mask-R-CNN"), method_id("PLS-Net")
    (True, 'method:pls-net')
    >>> method_id("Llama-3-SynE")
    'method:llama3-syne'
    """
    slug = re.sub(r"(?<=[a-z])-(?=\d)", "", slugify(name))
    return "method:" + re.sub(r"(?<![a-z0-9])([a-z])-(?=[a-z0-9])", r"\1", slug)


@dataclass
class _Entity:
    id: str
    name: str
    spans: list[Span] = field(default_factory=list)
    proposed: bool = False
    curated: MethodEntry | None = None
    source: str = "pattern"


class MethodFinder:
    """The ``methods`` component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, spans_key: str, vocab: MethodVocabulary) -> None:
        ensure_extensions()
        self.name = name
        self.spans_key = spans_key
        self.vocab = vocab
        self.exact, self.lower = vocab.matchers(nlp)
        self.coinages = Matcher(nlp.vocab)
        word_ns = {"IS_SPACE": False, "IS_PUNCT": False, "SPACY": False}
        word = {"IS_SPACE": False, "IS_PUNCT": False}
        hyphen = {"ORTH": {"IN": sorted(_HYPHENS)}, "SPACY": False}
        self.coinages.add("COINAGE", [[{"TEXT": {"REGEX": _NAMEY_TOKEN}}]]
                          + [[word_ns, hyphen] * n + [word] for n in (1, 2, 3)], greedy="LONGEST")
        self.cues = ProposalCues(nlp)

    # -- candidates --------------------------------------------------------
    def _vocab_spans(self, doc: Doc) -> list[Span]:
        spans = []
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                entry = self.vocab.get(doc.vocab.strings[match_id])
                spans.append(self._extend(doc, Span(doc, start, end, label=match_id), entry))
        return spans

    def _extend(self, doc: Doc, span: Span, entry: MethodEntry | None) -> Span:
        """Absorb a written version / size: "Llama 3.1", "BERT-base", "EfficientNet-B2", "GPT-3 XL"."""
        end = span.end
        while end + 1 < len(doc) and doc[end].text in _HYPHENS and not doc[end - 1].whitespace_ \
                and not doc[end].whitespace_ and (_NAMEY.search(doc[end + 1].text) or doc[end + 1].like_num
                                                  or doc[end + 1].lower_ in _SIZE_WORDS
                                                  or (len(doc[end + 1]) == 1 and doc[end + 1].is_upper)):
            end += 2
        if entry is not None and entry.versioned and end < len(doc) and _VERSION.match(doc[end].text) \
                and doc[end - 1].whitespace_ and not (end + 1 < len(doc) and doc[end + 1].text == "%"):
            end += 1
            while end + 1 < len(doc) and doc[end].text in _HYPHENS and not doc[end - 1].whitespace_ \
                    and (doc[end + 1].is_title or doc[end + 1].like_num):
                end += 2
        return span if end == span.end else Span(doc, span.start, end, label=span.label)

    def _coinage_spans(self, doc: Doc) -> list[Span]:
        spans = []
        for _, start, end in self.coinages(doc):
            # trim lower-case parts at either end ("CLIP-based" -> "CLIP"), keep sizes ("BERT-base")
            while end - start > 2 and doc[end - 1].is_lower and doc[end - 1].lower_ not in _SIZE_WORDS:
                end -= 2
            while end - start > 2 and doc[start].is_lower:
                start += 2
            span = doc[start:end]
            if any(_NAMEY.search(t.text) for t in span if t.text not in _HYPHENS):
                spans.append(self._extend(doc, Span(doc, start, end), None))
        return spans

    def _acceptable(self, span: Span, blocked: set[int], curated: bool) -> bool:
        doc = span.doc
        text = span.text
        if any(i in blocked for i in range(span.start, span.end)) or self.vocab.is_generic(text):
            return False
        if not curated:
            parts = [t.text for t in span if t.text not in _HYPHENS]
            if _NOT_A_NAME.search(text) or self.vocab.is_generic(parts[-1]) or self.vocab.is_generic(parts[0]):
                return False
            if len(name_key(text)) < 3 and not span.doc[span.start].is_title:
                return False
        nxt = span.end + (2 if span.end + 1 < len(doc) and doc[span.end].text in _HYPHENS else 0)
        return not (nxt < len(doc) and doc[nxt].lower_ in DATASET_CUES)

    # -- the component -----------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        others = [s for s in doc.spans.get(self.spans_key, []) if s.label_ != "METHOD"]
        blocked = {i for s in others for i in range(s.start, s.end)}
        ents = _Entities(self.vocab)
        coined = title_coinage(doc)
        if coined is not None and (self.vocab.is_generic(coined.text) or blocked & set(range(coined.start, coined.end))):
            coined = None
        if coined is not None:
            ents.add(coined, source="title").proposed = True
        defined = self._definitions(doc, blocked)
        self._abbreviations(doc, defined, ents)
        taken = {i for ent in ents.entities.values() for s in ent.spans for i in range(s.start, s.end)}
        for span in filter_spans(self._vocab_spans(doc) + self._coinage_spans(doc)):
            if taken & set(range(span.start, span.end)):
                continue
            curated = self.vocab.get(span.label_) if span.label else None
            if not self._acceptable(span, blocked, curated is not None):
                continue
            if curated is not None and len(span) > 1 and name_key(span.text) not in {
                    name_key(f) for f in (curated.name, *curated.aliases)}:
                ents.add(span, entry=self.vocab.lookup(span.text), source="vocabulary+version")
            elif curated is not None:
                ents.add(span, entry=curated, source="vocabulary")
            elif defined.get(name_key(span.text), True):
                ents.add(span)
        self._proposed(doc, blocked, ents)
        for ent in ents.entities.values():
            role = "proposed" if ent.proposed else "used"
            conf = 0.95 if ent.curated else (0.85 if ent.proposed else 0.7)
            props = {"kind": ent.curated.kind, **ent.curated.props} if ent.curated else None
            for span in sorted(ent.spans, key=lambda s: s.start):
                add_span(doc, self.spans_key, Span(doc, span.start, span.end, label="METHOD", kb_id=ent.id),
                         name=ent.name, role=role, extractor=f"{self.name}:{ent.source}", confidence=conf,
                         props=props)
        return doc

    def _definitions(self, doc: Doc, blocked: set[int]) -> dict[str, bool]:
        """``name_key`` of each defined short form -> whether its definition reads as a method."""
        out: dict[str, bool] = {}
        cue_sents = self._cue_sentences(doc)
        for short, long in abbreviation_pairs(doc):
            if self.vocab.lookup(long.text) or self.vocab.lookup(short.text):
                ok = True
            elif any(i in blocked for i in range(long.start, long.end)) or self.vocab.is_generic(long.text):
                ok = False
            else:
                head = long[-1].lower_
                ok = head in METHOD_HEADS or (_sent_start(long) in cue_sents and head not in DATASET_CUES)
            out[name_key(short.text)] = out.get(name_key(short.text), False) or ok
        return out

    def _abbreviations(self, doc: Doc, defined: dict[str, bool], ents: _Entities) -> None:
        """One entity per definition that reads as a method, named by its long form."""
        for short, long in abbreviation_pairs(doc):
            if not defined.get(name_key(short.text)) or self.vocab.is_generic(short.text):
                continue
            ent = ents.find(short) or ents.find(long)
            entry = self.vocab.lookup(long.text) or self.vocab.lookup(short.text)
            ent = ents.add(long, name=long.text, entry=entry, source="abbreviation", target=ent)
            ents.add(short, source="abbreviation", target=ent)

    def _cue_sentences(self, doc: Doc) -> set[int]:
        return {_sent_start(doc[first - 1:first]) for first, _, _ in self.cues.starts(doc) if first > 0}

    def _proposed(self, doc: Doc, blocked: set[int], ents: _Entities) -> None:
        """Mark the paper's own names proposed (title phrases, proposal cues, "X is proposed")."""
        t_end = title_end(doc)
        for run in title_phrases(doc):
            ent = ents.find(run)
            if ent is None and not self.vocab.is_generic(run.text) and not blocked & set(range(run.start, run.end)) \
                    and (run[-1].lower_ in METHOD_HEADS or (len(run) == 1 and _NAMEY.search(run.text))) \
                    and name_key(run.text) in name_key(doc[t_end:].text):
                ent = ents.add(run, source="title")
            if ent is not None and ent.spans[0].start < t_end and ent.spans[0].start == run.start:
                ent.proposed = True
        starts = ents.starts()
        for first, stop, naming in self.cues.starts(doc):
            for i in range(first, stop):
                if doc[i].text in {'"', "'", "“", "”", ",", ":"} or doc[i].lower_ in {"as", "a", "an", "the"}:
                    continue
                ent = starts.get(i)
                if ent is not None:
                    span = next(s for s in ent.spans if s.start == i)
                    after = _skip_parenthesis(doc, span.end)
                    if ent.curated and after < len(doc) and doc[after].lower_ in _MODIFIED_HEADS:
                        break  # "a unified NeRF framework": builds on NeRF
                    if _released(doc, after):
                        ents.remove(ent)  # "we introduce X, a dataset of ...": a dataset, not a method
                        break
                    ent.proposed = True
                    break
                run = title_run(doc, i, min(len(doc), stop + 6))
                if run is None or i < t_end or not (run[0].is_title or run[0].is_upper or _NAMEY.search(run[0].text)):
                    if naming:
                        break
                    continue
                if self.vocab.is_generic(run.text) or blocked & set(range(run.start, run.end)) \
                        or (len(run) == 1 and not naming and not _NAMEY.search(run.text)) \
                        or _released(doc, run.end):
                    break
                ents.add(run, source="proposal").proposed = True
                break
        for ent in ents.entities.values():  # "(FPNN) is proposed"
            for span in ent.spans:
                after = doc[span.end:min(len(doc), span.end + 3)]
                words = [t.lower_ for t in after if t.text != ")"]
                if len(words) >= 2 and words[0] in {"is", "are", "was"} and words[1] in _PASSIVE_PROPOSED:
                    ent.proposed = True


class _Entities:
    """The method entities of one doc, findable by any surface form's key."""

    def __init__(self, vocab: MethodVocabulary) -> None:
        self.vocab = vocab
        self.entities: dict[str, _Entity] = {}
        self.by_key: dict[str, _Entity] = {}

    def find(self, span: Span) -> _Entity | None:
        return self.by_key.get(name_key(span.text))

    def remove(self, ent: _Entity) -> None:
        self.entities.pop(ent.id, None)
        self.by_key = {k: e for k, e in self.by_key.items() if e is not ent}

    def starts(self) -> dict[int, _Entity]:
        return {s.start: ent for ent in self.entities.values() for s in ent.spans}

    def add(self, span: Span, name: str | None = None, entry: MethodEntry | None = None, source: str = "pattern",
            target: _Entity | None = None) -> _Entity:
        ent = target or self.find(span)
        if ent is None:
            entry = entry or self.vocab.lookup(span.text)
            eid = entry.id if entry else method_id((name or span.text).rstrip("."))
            ent = self.entities.get(eid)
            if ent is None:
                ent = self.entities[eid] = _Entity(eid, entry.name if entry else (name or span.text).rstrip("."),
                                                   curated=entry, source=source)
        if all((s.start, s.end) != (span.start, span.end) for s in ent.spans):
            ent.spans.append(span)
        self.by_key.setdefault(name_key(span.text), ent)
        return ent


def _skip_parenthesis(doc: Doc, i: int) -> int:
    """The index after a parenthesised short form at *i* ("(NeRF)"), else *i*."""
    if i < len(doc) and doc[i].text == "(":
        close = next((t.i for t in doc[i + 1:min(len(doc), i + 6)] if t.text == ")"), None)
        return close + 1 if close is not None else i
    return i


def _released(doc: Doc, i: int) -> bool:
    """True when the words after *i* call the name a dataset / benchmark ("X, a large-scale dataset")."""
    window = doc[_skip_parenthesis(doc, i):min(len(doc), i + 8)]
    for tok in window:
        if tok.lower_ in _RELEASED:
            return True
        if tok.text in {".", ";", "("} or tok.lower_ in {"that", "which", "to", "for", "with", "and"}:
            return False
    return False


def _sent_start(span: Span) -> int:
    return span.sent.start if span.doc.has_annotation("SENT_START") else 0


@Language.factory("methods", assigns=["doc.spans"], requires=["token.text"],
                  default_config={"spans_key": "kg", "methods_path": None, "generic_path": None})
def make_methods(nlp: Language, name: str, spans_key: str, methods_path: str | None,
                 generic_path: str | None) -> MethodFinder:
    """spaCy factory for :class:`MethodFinder`; the data paths default to the shipped files."""
    if methods_path or generic_path:
        from extractors.methods_vocab import DATA_DIR

        vocab = MethodVocabulary.from_files(methods_path or DATA_DIR / "methods.jsonl",
                                            generic_path or DATA_DIR / "generic_terms.txt")
    else:
        vocab = MethodVocabulary.default()
    return MethodFinder(nlp, name, spans_key, vocab)
