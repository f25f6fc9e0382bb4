"""Per-document bookkeeping for the ``methods`` component: entities, ids and blocked spans.

An entity is one method in one paper: its id, canonical name, every mention
(span) and its role. Mentions are found again by :func:`name_key`, so "DPO"
after "Direct Preference Optimization (DPO)", "SBNs" after "SBN", "Linear Units" after
"Linear Unit" and "T\\"ULU 3" after "TÜLU 3" join the same entity.

>>> method_id("Mask RCNN") == method_id("Mask-R-CNN"), method_id("PLS-Net")
(True, 'method:pls-net')
>>> method_id("Llama-3-SynE")
'method:llama3-syne'
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from extractors.method_cues import joined_end
from extractors.methods_vocab import MethodEntry, MethodVocabulary
from extractors.spans import span_info
from extractors.text import span_text
from kg.names import key_singular, name_key, slugify

__all__ = ["method_id", "MethodMention", "DocMethods", "OtherKinds", "variant_of"]


#: The plural of an acronym or of a camel-case coinage: "SBNs", "IIR-SNNs", "DreamVoices" (not "Processes").
_PLURAL_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9\-]*(?:[A-Z0-9]|[A-Z][a-z]+)s")

#: A name of two words or more whose last is a plain word: its singular and plural are one name.
_NAME_OF_WORDS = re.compile(r".*\S[\s-]+[A-Za-z][a-z]{2,}|.*\S[\s-]+[A-Z]{3,}")


@lru_cache(maxsize=1 << 14)
def method_id(name: str) -> str:
    """The id of a method without a curated entry: hyphens before digits and after single letters dropped."""
    slug = re.sub(r"(?<=[a-z])-(?=\d)", "", slugify(name))
    return "method:" + re.sub(r"(?<![a-z0-9])([a-z])-(?=[a-z0-9])", r"\1", slug)


@dataclass
class MethodMention:
    """One method entity of one document."""

    id: str
    name: str
    spans: list[Span] = field(default_factory=list)
    proposed: bool = False
    curated: MethodEntry | None = None
    source: str = "pattern"


class DocMethods:
    """The method entities of one doc, findable by any surface form's key."""

    def __init__(self, vocab: MethodVocabulary) -> None:
        self.vocab = vocab
        self.entities: dict[str, MethodMention] = {}
        self.by_key: dict[str, MethodMention] = {}
        #: keys of names the paper releases as datasets / benchmarks: never methods
        self.released: set[str] = set()
        #: the doc's abbreviation definitions as (short, long) span pairs
        self.pairs: list = []
        #: name_key of each defined short form -> whether its definition reads as a method
        self.defined: dict[str, bool] = {}
        #: index of the first token after the title; whether the title is written in capitals
        self.title_end = 0
        self.shouting_title = False

    def find(self, span: Span | str) -> MethodMention | None:
        """The entity written as *span* (or its plural acronym: "SBNs" -> "SBN")."""
        text = span if isinstance(span, str) else span_text(span)
        key = name_key(text)
        ent = self.by_key.get(key)
        if ent is None and _PLURAL_ACRONYM.fullmatch(text):
            ent = self.by_key.get(key[:-1])
        elif ent is None and _NAME_OF_WORDS.fullmatch(text):  # "Linear Units" and "linear unit": one name
            ent = self.by_key.get(key_singular(key) or f"{key}s")
        return ent

    def starts(self) -> dict[int, MethodMention]:
        """First token of every mention -> its entity."""
        return {s.start: ent for ent in self.entities.values() for s in ent.spans}

    def add(self, span: Span, name: str | None = None, entry: MethodEntry | None = None, source: str = "pattern",
            target: MethodMention | None = None) -> MethodMention:
        """Record *span* as a mention of *target*, of the entity it names, or of a new entity."""
        ent = target or self.find(span)
        if ent is None:
            entry = entry or self.vocab.lookup(span_text(span))
            label = (name or span_text(span)).rstrip(".")
            eid = entry.id if entry else method_id(label)
            ent = self.entities.get(eid)
            if ent is None:
                ent = self.entities[eid] = MethodMention(eid, entry.name if entry else label, curated=entry,
                                                         source=source)
        if all((s.start, s.end) != (span.start, span.end) for s in ent.spans):
            ent.spans.append(span)
        self.by_key.setdefault(name_key(span_text(span)), ent)
        return ent

    def merge(self, other: MethodMention | None, into: MethodMention) -> None:
        """Fold *other*'s mentions into *into* (two names of one method)."""
        if other is None or other is into:
            return
        for span in other.spans:
            self.add(span, target=into)
        into.proposed = into.proposed or other.proposed
        self.entities.pop(other.id, None)
        self.by_key = {k: (into if e is other else e) for k, e in self.by_key.items()}

    def remove(self, ent: MethodMention) -> None:
        """Forget *ent* and its names (it turned out to be a dataset)."""
        self.entities.pop(ent.id, None)
        self.released |= {k for k, e in self.by_key.items() if e is ent}
        self.by_key = {k: e for k, e in self.by_key.items() if e is not ent}

    def drop_parts(self, span: Span) -> None:
        """Forget the mentions that lie inside *span* and are shorter (parts of its name), and entities left
        without a mention."""
        for ent in list(self.entities.values()):
            ent.spans = [s for s in ent.spans if not (span.start <= s.start and s.end <= span.end and len(s) < len(span))]
            if not ent.spans:
                self.entities.pop(ent.id)
                self.by_key = {k: e for k, e in self.by_key.items() if e is not ent}

    def mention_at(self, starts: dict[int, MethodMention], i: int, longer: Span | None) -> MethodMention | None:
        """The entity with a mention starting at token *i* (*starts*: :meth:`starts`, taken earlier), or None when
        that mention was dropped or *longer*, a name starting there too, goes on further: then the shorter
        mentions inside *longer* are dropped ("label smoothing" in "label smoothing regularization for outliers")."""
        ent = starts.get(i)
        ends = [s.end for s in ent.spans if s.start == i] if ent is not None else []
        if ends and longer is not None and longer.end > max(ends):
            self.drop_parts(longer)
            return None
        return ent if ends else None

    def versioned_like_known(self, span: Span) -> Span:
        """'T\\"ULU' + '3' when the paper already named "TÜLU 3"; 'Zero-1' + '-to-3' when it named "Zero-1-to-3"."""
        for end in (joined_end(doc := span.doc, span.end), span.end + (span.end < len(doc) and doc[span.end].like_num)):
            if end > span.end and self.find(doc[span.start:end]) is not None:
                return Span(doc, span.start, end, label=span.label)
        return span

    def covered(self) -> set[int]:
        """Token indices inside any mention."""
        return {i for ent in self.entities.values() for s in ent.spans for i in range(s.start, s.end)}

    def mark_variants(self, participles: frozenset[str] = frozenset()) -> None:
        """Coined names of the proposal's own family are proposed too: one that shares the first word part of a
        proposed coinage ("DreamVC" and "DreamVG" after "DreamVoice") or holds a proposed name as a hyphen-joined
        part ("Seaweed-APT" after "APT"). A paper names the variants of its method after the method.

        So is a name written after "the / our / this" and one of *participles* ("the proposed OIM", "our proposed
        IIR-SNNs"; not "the recently proposed X", which is another's)."""
        for ent in self.entities.values():
            if not ent.proposed and not ent.curated and any(
                    s.start >= 2 and s.doc[s.start - 1].lower_ in participles
                    and s.doc[s.start - 2].lower_ in {"the", "our", "this", "these"} for s in ent.spans):
                ent.proposed = True
        own = {span_text(s) for ent in self.entities.values() if ent.proposed for s in ent.spans}
        for ent in self.entities.values():
            if not ent.proposed and not ent.curated and any(
                    variant_of(span_text(s), o) for s in ent.spans for o in own):
                ent.proposed = True


#: The word parts of a coinage: capital runs ("VC"), capitalised or lower-case words, numbers.
_WORD_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def variant_of(name: str, own: str) -> bool:
    """Whether the coinage *name* is a variant of the coinage *own*: both single words (hyphens allowed), and
    *name* holds *own* as a hyphen-joined part, or they share a first word part of four letters or more.

    >>> variant_of("DreamVC", "DreamVoice"), variant_of("Seaweed-APT", "APT"), variant_of("DeepLab", "Deep Foo")
    (True, True, False)
    """
    if name == own or " " in name or " " in own or not any(c.isupper() for c in own):
        return False
    if len(own) >= 3 and re.search(rf"(?:^|-){re.escape(own)}(?:-|$)", name):
        return True
    mine, theirs = _WORD_PART.findall(name), _WORD_PART.findall(own)
    return len(mine) >= 2 and len(theirs) >= 2 and mine[0] == theirs[0] and len(mine[0]) >= 4


#: Tokens between the items of a list of names.
_LIST_SEPARATORS = frozenset({",", "and", "or", "&", "/", ";"})


def _in_item(tok) -> bool:
    """Whether *tok* may continue a capitalised list item ("Duke MTMC", "CUHK Campus", "Market 1501")."""
    return tok.is_title or tok.is_upper or tok.like_num or tok.text in {"-", "‐"}


def _confidence(span: Span) -> float:
    info = span_info(span)
    return info.confidence if info is not None and info.confidence is not None else 1.0


class OtherKinds:
    """Spans of other kinds that a method candidate must not cross or sit inside.

    Datasets and metrics always block; tasks only when found with confidence
    ``>= task_confidence`` (a curated task such as "object detection"), since
    pattern-found task phrases ("One-Shot Style Adaptation (OSSA)") are often
    the method a paper names. A method name may contain another kind's shorter
    span ("SimQ-NAS" holds the task "NAS").
    """

    def __init__(self, doc: Doc, task_confidence: float = 0.9) -> None:
        #: name_key of every dataset span found with confidence: a method candidate of the same name is that dataset
        self.dataset_keys = {name_key(span_text(s)) for s in doc._.kg_datasets if _confidence(s) >= task_confidence}
        #: name_key of every dataset span: an unknown name the paper also writes as a dataset is that dataset
        self.any_dataset_keys = {name_key(span_text(s)) for s in doc._.kg_datasets}
        #: first and last token of every dataset and metric span: the items next to a name in a list
        listed = [*doc._.kg_datasets, *doc._.kg_metrics]
        self._dataset_edges = ({s.start for s in listed}, {s.end - 1 for s in listed})
        #: (start, end, is_task) of every blocking span: datasets, metrics, code links and tasks found with confidence
        self.bounds: list[tuple[int, int, bool]] = [
            (s.start, s.end, False) for spans in (doc._.kg_datasets, doc._.kg_metrics, doc._.kg_repos) for s in spans]
        self.bounds += [(s.start, s.end, True) for s in doc._.kg_tasks if _confidence(s) >= task_confidence]
        # sorted by start, with the longest length: a span's possible clashes are one bisected window,
        # not every bound (which made a long abstract quadratic in its spans)
        self.bounds.sort()
        self._starts = [start for start, _, _ in self.bounds]
        self._longest = max((end - start for start, end, _ in self.bounds), default=0)

    def dataset_like(self, span: Span, names: frozenset[str] | set[str] = frozenset()) -> bool:
        """Whether *span* names a dataset (or a measure): the paper writes its name as a dataset elsewhere, it is
        written right next to a dataset or metric span, or it is an item of a list whose next or previous item is
        a dataset or metric ("on Caltech, INRIA and ETH", "Market-1501 and Duke MTMC", "MMD, Precision and Recall").

        A list holds names of one kind; only the items next to *span* are read, across commas, "and", "or",
        slashes and a parenthesised remark ("MNIST (0.37% error) and NORB"); a one-word item written as one of
        *names* (known dataset names: "VIPeR") counts as a dataset too.
        """
        if name_key(span_text(span)) in self.any_dataset_keys:
            return True
        doc, (starts, ends) = span.doc, self._dataset_edges
        if span.end in starts or span.start - 1 in ends:
            return True  # glued to a dataset or metric span: a part of its name ("the MiTra A50 Milan dataset")
        i = span.start - 1
        while i >= 0 and _in_item(doc[i]) and i not in ends:  # the words before it in the same item ("Duke MTMC")
            i -= 1
        if i >= 0 and doc[i].text in _LIST_SEPARATORS:
            while i >= 0 and doc[i].text in _LIST_SEPARATORS:
                i -= 1
            if i >= 0 and doc[i].text == ")":  # a remark in parentheses after the previous item
                i = next((j - 1 for j in range(i - 1, max(-1, i - 10), -1) if doc[j].text == "("), -1)
            if i in ends or (i >= 0 and doc[i].text in names):
                return True
        j = span.end
        while j < len(doc) and _in_item(doc[j]) and j not in starts:  # the words after it ("CUHK Campus")
            j += 1
        if j < len(doc) and doc[j].text in _LIST_SEPARATORS:
            while j < len(doc) and doc[j].text in _LIST_SEPARATORS | {"the"}:
                j += 1
            return j in starts or (j < len(doc) and doc[j].text in names)
        return False

    def __call__(self, span: Span, strong: bool = False) -> bool:
        """True when another kind's span covers *span* or crosses its boundary.

        A *strong* method signal (a curated name, a title coinage, a definition
        after a proposal cue) is blocked by datasets and metrics only.
        """
        first, stop = span.start, span.end
        window = self.bounds[bisect.bisect_left(self._starts, first - self._longest):
                             bisect.bisect_left(self._starts, stop)]
        for start, end, is_task in window:
            if strong and is_task:
                continue
            if start < stop and first < end and not (first <= start and end <= stop and end - start < stop - first):
                return True
        return False
