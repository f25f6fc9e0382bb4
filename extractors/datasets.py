"""Long-tail datasets and benchmarks: names no list holds, found by patterns.

A spaCy :class:`~spacy.matcher.PhraseMatcher` finds cue words (head nouns,
"on", "bench", series names) and the name-like tokens around them
(:func:`extractors.names.is_name_like`) are read in Python, finding

- ``NAME dataset|benchmark|corpus|environment|suite``: "the XD-Violence dataset", "the MIT dataset";
- ``dataset[,:] NAME``: "the bilingual dialogue dataset BiToD", "a new segmentation dataset, PerSeg";
- appositions: "we present FightLadder, a real-time fighting game platform", "TaskWeb, a large-scale benchmark";
- title coinages: "ChessVision -- A Dataset for ...", "FightLadder: A Benchmark for ...";
- ``<number> on NAME``: "+4.13 on SciEval", "0.314 on DreamBench";
- ``*Bench`` names: "X-Bench", "DreamBench", also with a number: "NASBench-201", "NAS-Bench-201";
- series with a year: "WMT22", "WMT'14", "IWSLT 2017", "SemEval-2024 Task 8".
- lists after a head noun: "five datasets (CC-3M, CC-12M and LAION-Aesthetics)", "benchmarks,
  such as Spot-the-Diff and Birds-to-Words", "environments, including DeepMind Control Suite and Adroit"
  (two items at least; an item is a run of capitalised or glued tokens, so plain words like "Adroit" count here);
- lists a plural head noun closes, over lower-case modifiers: "the Cora, Citeseer and Pubmed citation network
  datasets", "the CNN and Daily Mail datasets" (not languages: "the English and German datasets");

Hyphenated coinages ("Replay-Attack", "DynHiL-EQA") are read whole: see :mod:`extractors.dataset_coined`. Last,
variants ("SWE-bench Verified") and names evaluated on ("on CyberGym using"): :mod:`extractors.dataset_evaluated`.

Then **coordination**: a name-like item listed with a known dataset ("experiments on A, B and C", "(ESC-50, FSD50K,
VGGSound)") is a dataset too, and a slash list ("CIFAR10/100", "RefCOCO/+/g") is expanded against the vocabulary.

Generic data is not a dataset: "a large-scale dataset", "our dataset", "Dataset 1".
Ids are ``dataset:<slug of name>``; the name drops the head noun ("XD-Violence
dataset" -> "XD-Violence").

>>> import spacy
>>> nlp = spacy.blank("en")
>>> for pipe in ("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "dataset_patterns"):
...     _ = nlp.add_pipe(pipe)
>>> doc = nlp("We test on CIFAR10/100, the XD-Violence dataset and WMT'14, and get +4.1 on FooEval.")
>>> [(s.text, s.kb_id_) for s in doc.spans["kg"]]  # doctest: +NORMALIZE_WHITESPACE
[('CIFAR10', 'dataset:cifar-10'), ('100', 'dataset:cifar-100'),
 ('XD-Violence dataset', 'dataset:xd-violence'), ("WMT'14", 'dataset:wmt14'), ('FooEval', 'dataset:fooeval')]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from extractors.component import Component
from extractors.cues import DEFAULT_CUES_CONFIG, Cues
from extractors.dataset_coined import (appositive_name, compound_end, compound_start, count_before, described, is_coined,
                                      model_variant, named_after, plural_head, title_benchmark)
from extractors.dataset_context import HarvestedDatasets, defined_before_heads
from extractors.dataset_evaluated import read_evaluated
from extractors.methods_vocab import MethodVocabulary
from extractors.names import NUMBER, name_test
from extractors.spans import SpanInfo, add_new_spans
from extractors.text import doc_text, title_end
from extractors.vocabulary import load_vocabulary
from kg.model import entity_id
from kg.names import name_key

__all__ = ["DatasetPatterns", "make_dataset_patterns"]

_SERIES = re.compile(r"^(WMT|IWSLT)['’]?(\d{2}|\d{4})$")
_YEAR_SUFFIX = re.compile(r"^(.+?)[-_]?((?:19|20)\d\d)$")
_BENCH = re.compile(r"^[A-Z][A-Za-z0-9]*-?[Bb]ench(?:-\d+)?$")
_YEAR, _TASK_NO = re.compile(r"^(?:19|20)\d\d$"), re.compile(r"^\d+[A-Za-z]?$")
_CLAUSE_STOPS = {",", ".", ";", ":", "(", ")"}
_DIMENSION = re.compile(r"^\d[Dd]$")  # "3D detection benchmarks"
_FUNCTION_WORDS = frozenset({"the", "a", "an", "on", "of", "in", "for", "with", "to", "from", "by", "at", "as", "both",
                             "all", "other", "several", "many", "various", "two", "three", "four", "five", "six"})
#: A cheap prefilter for name-like tokens (letters with an inner capital or a digit); is_name_like decides.
_NAME_RE = r"^[A-Za-z0-9][\w\-+.]*(?:[A-Z][\w\-+.]*|\d[\w\-+.]*)$"
_NAME = {"TEXT": {"REGEX": _NAME_RE}}
#: Tokens that are a name by their shape: "*Bench", "WMT14", "SemEval-2024", "iNaturalist-2018".
#: Found in the text (one regex scan, no per-token predicate), then aligned to tokens.
_SPECIAL = re.compile(r"(?<![\w'’-])(?:[A-Z][A-Za-z0-9]*-?[Bb]ench(?:-\d+)?|(?:WMT|IWSLT)['’]?(?:\d{2}|\d{4})|SemEval-\d{4}"
                      r"|[A-Za-z][\w]*?[-_]?(?:19|20)\d\d)(?![\w'’]|-\w)")


class DatasetPatterns(Component):
    """Writes long-tail DATASET spans (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, confidence: float, cues: Cues) -> None:
        super().__init__(name, cues)
        self.confidence = confidence
        self.name_like = name_test(cues.generic_acronyms)
        self.methods = MethodVocabulary.default()  # known methods are never coordinated datasets
        vocab = load_vocabulary("dataset")
        self.lookup = {name_key(a): (e.id, e.name) for e in vocab.entries.values() for a in (e.name, *e.aliases)}
        self.harvested = HarvestedDatasets(nlp, set(self.lookup), self.methods)
        # cue words anchor every pattern, found by hash lookup (PhraseMatcher, no per-token Python);
        # the names around them are read in Python (see _around_head)
        self.cue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cue_matcher.add("HEAD", [nlp.make_doc(h) for h in sorted(cues.apposition_heads)])
        self.cue_matcher.add("NUMBER_ON", [nlp.make_doc("on")])
        self.cue_matcher.add("BENCH", [nlp.make_doc("bench")])
        self.cue_matcher.add("SERIES", [nlp.make_doc("wmt"), nlp.make_doc("iwslt")])
        self.title_matcher = Matcher(nlp.vocab)
        self.title_matcher.add("TITLE", [[_NAME, {"ORTH": {"IN": [":", "-", "--", "—", "–"]}},
                                          {"LOWER": {"IN": ["a", "an", "the"]}}, {"OP": "{0,3}"},
                                          {"LOWER": {"IN": sorted(cues.apposition_heads)}}]])

    # -- candidates ---------------------------------------------------------------------------------------

    def _candidates(self, doc: Doc) -> list[tuple[int, int, str]]:
        """``(start, end, name)`` of every pattern hit."""
        strings, out, name_like = doc.vocab.strings, [], self.name_like
        end_of_title = title_end(doc, untitled=0)
        shouting = sum(t.is_upper for t in doc[:end_of_title]) > 0.6 * max(1, end_of_title)
        for mid, start, end in self.title_matcher(doc[:end_of_title]) if not shouting else []:
            if (start == 0 or doc[start - 1].text == ":") and name_like(doc[start].text):
                out.append((start, start + 1, doc[start].text))
        titled = title_benchmark(doc, end_of_title, self.cues.apposition_heads, name_like, self.cues.not_dataset_adjectives)
        out.extend([(*titled, doc[titled[0]:titled[1]].text)] if titled and not shouting else [])
        hits = [(strings[mid], s, e) for mid, s, e in self.cue_matcher(doc)]
        out.extend(defined_before_heads(doc, [s for rule, s, _ in hits if rule == "HEAD"], self.cues,
                                        lambda text: not name_like(text) or bool(self.methods.lookup(text))))
        out.extend(self.harvested.used(doc))
        for m in _SPECIAL.finditer(doc_text(doc)):
            span = doc.char_span(m.start(), m.end())
            if span is not None and len(span) == 1:
                hits.append(("SPECIAL", span.start, span.end))
            elif span is not None and _BENCH.match(m.group()):
                out.append((span.start, span.end, span.text))  # "NAS-Bench-201", split by the tokenizer
        for rule, start, end in hits:
            if start < end_of_title and shouting:
                continue
            if rule == "HEAD":
                out.extend(self._around_head(doc, start) + named_after(doc, end, name_like, self._coined))
                out.extend(self._head_list(doc, end))
                out.extend(self._list_before_head(doc, start))
            if rule == "HEAD" and doc[start].text in self.cues.proper_dataset_heads:  # "Mpox Skin Lesion Dataset Version 2.0"
                if end + 1 < len(doc) and doc[end].lower_ in {"version", "v"} and doc[end + 1].like_num:
                    end += 2
                elif end < len(doc) and doc[end].like_num:
                    end += 1
                first = start
                while first > max(end_of_title, start - 5) and doc[first - 1].is_title and not doc[first - 1].is_sent_start:
                    first -= 1
                while first < start - 1 and doc[first].text in self.cues.not_name_start:
                    first += 1
                if start - first >= 2:
                    out.append((first, end, doc[first:end].text))
            elif rule == "NUMBER_ON":  # a score, not a count or a gain, then "on NAME": "+4.13 on SciEval"
                end = end + 1 if end < len(doc) and doc[end].lower_ == "the" else end
                last = compound_end(doc, end) if end < len(doc) else end
                if end >= len(doc) or not (name_like(doc[end].text) if last == end + 1 else self._coined(doc[end:last].text)):
                    continue
                end, first = last, end
                window = doc[max(0, start - 4):start]
                scored = any(NUMBER.match(t.text) and ("." in t.text or (t.i + 1 < len(doc) and doc[t.i + 1].text == "%"))
                             for t in window)
                relative = any(t.lower_ in self.cues.gain_words for t in window)
                if scored and not relative and not self.methods.lookup(doc[first:end].text):
                    out.append((first, end, doc[first:end].text))
            elif rule == "BENCH":  # "X-Bench", "MT-Bench"
                if start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
                        and not doc[start - 2].whitespace_ and (doc[start - 2].is_title or doc[start - 2].is_upper):
                    out.append((start - 2, end, doc[start - 2:end].text))
            elif rule == "SPECIAL":
                text = doc[start].text
                if text.startswith("SemEval"):  # "SemEval-2024 Task 8A"
                    if end + 1 < len(doc) and doc[end].lower_ == "task" and _TASK_NO.match(doc[end + 1].text):
                        end += 2
                    out.append((start, end, doc[start:end].text))  # the id drops a subtask letter
                elif _BENCH.match(text):
                    out.append((start, end, text))
                elif m := _SERIES.match(text):
                    out.append((start, end, f"{m.group(1)}{m.group(2)[-2:]}"))
                elif (m := _YEAR_SUFFIX.match(text)) and name_key(m.group(1)) in self.lookup:
                    out.append((start, end, self.lookup[name_key(m.group(1))][1]))
            elif rule == "SERIES":  # "WMT 2014"
                if doc[start].is_upper and end < len(doc) and _YEAR.match(doc[end].text):
                    out.append((start, end + 1, f"{doc[start].text}{doc[end].text[-2:]}"))
        return out

    def _around_head(self, doc: Doc, h: int) -> list[tuple[int, int, str]]:
        """Names next to a head noun: "X dataset", "dataset X", "X, a … benchmark", "a … environment, X,"."""
        out: list[tuple[int, int, str]] = []
        cues, name_like = self.cues, self.name_like
        head = doc[h].lower_
        if head in cues.dataset_heads and h > 0:  # NAME (Title)? head | NAME - (NAME|Title) head
            start = None
            prev = doc[h - 1]
            first = compound_start(doc, h - 1)  # "XD - Violence dataset", "FW - UAV6DPose dataset", not "NL - to - code"
            text = doc[first:h].text
            if first < h - 2 and name_like(text) and self._coined(text) and is_coined(text, lambda _: False):
                start = first
            elif name_like(prev.text):
                start = h - 1
            elif prev.is_title and h > 1 and name_like(doc[h - 2].text):
                start = h - 2
            plural = plural_head(head)
            listed = start is not None and start > 0 and doc[start - 1].lower_ in cues.dataset_list_separators
            if start is not None and not (plural and compound_start(doc, h - 1) == start and not listed) \
                    and not described(doc, start):
                out.append((start, h + 1, doc[start:h].text))  # not "COVID-19 datasets" unless listed
        verb_use = h > 0 and doc[h - 1].lower_ in cues.verb_subjects  # "we benchmark X"
        if head in cues.dataset_heads and not verb_use:  # head [,:]? NAME
            comma = h + 1 < len(doc) and doc[h + 1].text in {",", ":"}
            i = h + 2 if comma else h + 1
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if i < len(doc) and name_like(doc[i].text) and doc[i].text not in cues.generic_skip \
                    and not (nxt is not None and (nxt.is_title or nxt.text == "-" or nxt.lower_ in cues.apposition_heads)) \
                    and not (comma and (plural_head(head) or (nxt is not None and nxt.text not in cues.apposition_end))):
                out.append((i, i + 1, doc[i].text))  # "dataset, PerSeg, for" but not "datasets, OneS obtains"
        for i in range(h - 1, max(-1, h - 12), -1):  # NAME [,:] (a|an|the) ... head
            tok = doc[i]
            if i > 0 and not doc[i - 1].whitespace_ and "-" in (doc[i - 1].text, tok.text):
                continue  # inside a compound: "a human-in-the-loop EQA dataset"
            if tok.lower_ in {"a", "an", "the"}:
                if i >= 2 and doc[i - 1].text in {",", ":"}:
                    out.extend(appositive_name(doc, i - 2, name_like, self._coined,
                                               cues.not_name_start | cues.generic_skip))
                break
            if tok.text in _CLAUSE_STOPS or tok.lower_ in cues.apposition_stops:
                break
        for i in range(h - 1, max(-1, h - 5), -1):  # (a|an) ... head ... , NAME [,.]
            if doc[i].lower_ in {"a", "an"}:
                for j in range(h + 1, min(len(doc) - 2, h + 7)):
                    if doc[j].text == "," and name_like(doc[j + 1].text) and doc[j + 2].text in {",", "."}:
                        out.append((j + 1, j + 2, doc[j + 1].text))
                        break
                    if doc[j].text in _CLAUSE_STOPS:
                        break
                break
            if doc[i].text in _CLAUSE_STOPS or doc[i].lower_ in cues.apposition_stops:
                break
        return out

    def _head_list(self, doc: Doc, i: int) -> list[tuple[int, int, str]]:
        """The items of a list right after a head noun ending at token *i*: "datasets (A, B and C)",
        "benchmarks, such as A, B, and C", "environments including A and B"."""
        cues, n = self.cues, len(doc)
        paren = i < n and doc[i].text == "("
        j = i + 1 if paren else i
        introduced = paren
        while j < n and (doc[j].lower_ in cues.dataset_list_intros or (doc[j].text == "," and not introduced)):
            introduced = introduced or doc[j].lower_ != ","
            j += 1
        count = count_before(doc, i - 1) if not introduced and i < n and doc[i].text == "," else None
        if not introduced and count is None:
            return []
        items: list[tuple[int, int, str]] = []
        while j < n and len(items) < 12:
            start = j
            while j < n and (j == start or not doc[j - 1].whitespace_ or doc[j].text[0].isupper()
                             or doc[j].text[0].isdigit()) and doc[j].lower_ not in cues.dataset_list_separators \
                    and doc[j].text not in _CLAUSE_STOPS and j - start < 8:
                j += 1
            item = doc[start:j]
            if not item or not self._list_item(item):
                break
            items.append((start, j, item.text))
            if j >= n or doc[j].lower_ not in cues.dataset_list_separators:
                break
            while j < n and doc[j].lower_ in cues.dataset_list_separators:
                j += 1
        if paren and not (j < n and doc[j].text == ")"):
            return []  # the parenthesis holds something else ("datasets (A, B, see Table 2)")
        return items if len(items) >= 2 and count in (None, len(items)) else []

    def _list_before_head(self, doc: Doc, h: int) -> list[tuple[int, int, str]]:
        """The items of a list that a plural head noun at *h* closes, over a few lower-case modifiers: "the
        Cora, Citeseer and Pubmed citation network datasets", "the CNN and Daily Mail datasets"."""
        if not plural_head(doc[h].lower_):
            return []
        k = h - 1
        while k >= 0 and h - k <= 4 and (k == 0 or doc[k - 1].whitespace_) \
                and (doc[k].is_lower and doc[k].is_alpha or _DIMENSION.match(doc[k].text)) \
                and doc[k].lower_ not in self.cues.dataset_list_separators and doc[k].lower_ not in _FUNCTION_WORDS:
            k -= 1
        items: list[tuple[int, int, str]] = []
        joined = False
        while k >= 0 and len(items) < 12:
            s = k
            while s >= 0 and k - s < 6 and doc[s].lower_ not in self.cues.dataset_list_separators \
                    and doc[s].text not in _CLAUSE_STOPS and (doc[s].text[0].isupper() or doc[s].text[0].isdigit()
                                                               or not doc[s].whitespace_ or doc[s].text == "-"
                                                               or (s > 0 and not doc[s - 1].whitespace_)):
                s -= 1
            while s + 1 <= k and doc[s + 1].lower_ in _FUNCTION_WORDS:
                s += 1  # "On CelebA, FFHQ and Bedroom datasets" at the start of a sentence
            item = doc[s + 1:k + 1]
            if not item or not self._list_item(item) or item.text in self.cues.not_dataset_adjectives:
                break
            if s >= 1 and doc[s].lower_ in {"with", "of", "in", "for"} and doc[s - 1].text[0].isupper():
                break  # "Animals with Attributes": the item is the end of a longer name
            items.append((s + 1, k + 1, item.text))
            k = s
            seps = set()
            while k >= 0 and doc[k].lower_ in self.cues.dataset_list_separators and doc[k].text != "/":
                seps.add(doc[k].lower_)
                k -= 1
            if not seps:
                break
            joined = joined or bool(seps & {"and", "or", "&"})
        return items if len(items) >= 2 and (joined or len(items) >= 3) else []

    def _list_item(self, item: Span) -> bool:
        """A plausible dataset name as a list item: starts with a capital or a digit, is not generic and not a
        known method, and its whitespace-separated words start with capitals or digits."""
        first = item[0].text
        words = [t for k, t in enumerate(item) if k == 0 or item[k - 1].whitespace_]
        if not (first[0].isupper() or (first[0].isalpha() and self.name_like(first))) or len(words) > 4:
            return False
        if not all(t.text[0].isupper() or t.text[0].isdigit() for t in words[1:]):
            return False
        if first in self.cues.generic_skip or first in self.cues.not_name_start or first in self.cues.not_list_items:
            return False
        return item.text not in self.cues.generic_acronyms and not self.methods.lookup(item.text)

    def _coined(self, text: str) -> bool:
        return is_coined(text, self.name_like, self.cues.not_dataset_adjectives) and not self.methods.lookup(text) \
            and not model_variant(text, self.cues.size_words, self.methods.lookup)

    def _resolve(self, name: str) -> tuple[str, str]:
        hit = self.lookup.get(name_key(name))
        if hit:
            return hit
        return entity_id("dataset", re.sub(r"(Task \d+)[A-Za-z]$", r"\1", name)), name

    # -- coordination and slash lists --------------------------------------------------------------------

    def _slash_items(self, doc: Doc, span: Span) -> list[tuple[int, int, str, str]]:
        """Items after a known dataset in a slash list: "CIFAR10 / 100" -> CIFAR-100 (see ``token_fixes``)."""
        out, base, i = [], span.text, span.end
        while i + 1 < len(doc) and doc[i].text == "/" and not doc[i - 1].whitespace_ and not doc[i].whitespace_:
            j = i + 2  # the item may span glued tokens: "21" "K"
            while j < len(doc) and not doc[j - 1].whitespace_ and doc[j].text.isalnum():
                j += 1
            part = doc[i + 1:j].text
            for cand in (re.sub(r"[0-9]+[A-Za-z]?$", part, base), base + part):
                hit = self.lookup.get(name_key(cand))
                if hit and hit[0] != span.kb_id_:
                    out.append((i + 1, j, *hit))
                    break
            else:
                break
            i = j
        return out

    def _coordinated(self, doc: Doc, known: list[Span]) -> list[tuple[int, int, str]]:
        """Name-like items listed together with a known dataset."""
        out, taken = [], {i for s in known for i in range(s.start, s.end)}
        cues, name_like = self.cues, self.name_like
        for span in known:
            for step in (1, -1):
                i = span.end if step == 1 else span.start - 1
                while 0 <= i < len(doc):
                    j = i
                    while 0 <= j < len(doc) and doc[j].lower_ in cues.dataset_list_separators:
                        j += step
                    if j == i or not (0 <= j < len(doc)) or j in taken:
                        break
                    cs, ce = (j, compound_end(doc, j)) if step == 1 else (compound_start(doc, j), j + 1)
                    text = doc[cs:ce].text
                    if not (self.harvested.is_name(text) or (name_like(text) if ce - cs == 1 else self._coined(text))) \
                            or doc[j].text in cues.generic_skip or self.methods.lookup(text):
                        break
                    nxt = ce if step == 1 else cs - 1
                    if 0 <= nxt < len(doc) and (doc[nxt].is_title or name_like(doc[nxt].text)) \
                            and doc[nxt].lower_ not in cues.dataset_list_separators:
                        break  # part of a longer name we cannot delimit
                    joined_by_and = any(doc[k].lower_ in {"and", "or", "&"} for k in range(min(i, j), max(i, j) + 1))
                    if step == 1 and not joined_by_and and 0 <= nxt < len(doc) \
                            and doc[nxt].text not in cues.list_continues and doc[nxt].lower_ not in cues.dataset_heads:
                        break  # "On MNIST, FreezeNet achieves": a subject, not a list item
                    out.append((cs, ce, text))
                    taken.update(range(cs, ce))
                    i = nxt
        return out

    def __call__(self, doc: Doc) -> Doc:
        existing = doc._.kg_datasets
        new: list[tuple[Span, str]] = []
        for span in existing:
            for start, end, eid, name in self._slash_items(doc, span):
                new.append((Span(doc, start, end, label="DATASET", kb_id=eid), name))
        for start, end, name in self._candidates(doc):
            eid, canonical = self._resolve(name)
            new.append((Span(doc, start, end, label="DATASET", kb_id=eid), canonical))
        known = existing + [s for s, _ in new]
        for start, end, name in self._coordinated(doc, known):
            eid, canonical = self._resolve(name)
            new.append((Span(doc, start, end, label="DATASET", kb_id=eid), canonical))
        add_new_spans(doc, ((span, SpanInfo(name, extractor=self.name, confidence=self.confidence))
                            for span, name in sorted(new, key=lambda x: (x[0].start, x[0].end))),
                      key=lambda s: (s.start, s.end, s.kb_id_), seen=((s.start, s.end, s.kb_id_) for s in existing))
        read_evaluated(self, doc)
        return doc


@Language.factory("dataset_patterns", assigns=["doc.spans", "doc._.kg_datasets", "span._.kg"],
                  requires=["token.text", "token.is_sent_start", "doc._.kg_datasets"],
                  default_config={"confidence": 0.7, "cues": DEFAULT_CUES_CONFIG})
def make_dataset_patterns(nlp: Language, name: str, confidence: float, cues: Cues) -> DatasetPatterns:
    """spaCy factory for :class:`DatasetPatterns`; it extends the curated datasets (slash lists, coordination)."""
    return DatasetPatterns(nlp, name, confidence, cues)
