"""Benchmark names read from how a paper evaluates on them, and the variant a name is written with (used by
``dataset_patterns`` after its own patterns).

New benchmarks are named in evaluation sentences without a head noun, and known ones with a version or variant
that makes them another benchmark:

- **variants**: a dataset span goes on over a version ("LiveCodeBench v6", "Terminal-Bench 2.0", "VBench-2.0")
  or a variant word of the cue list ``benchmark_variants`` ("SWE-bench Verified", "MMAU-Pro", "WebShop-lite"),
  and a glued one-letter or numbered part ("MMLU-Pro-R", "LIBERO-90"): the name is the longer one (guidelines:
  version suffixes are part of the name; named variants are datasets);
- **evaluated on**: coined names right after "on" / "across" where the words before it evaluate ("evaluate
  Mastermind on CyberGym", "gains of 27.2%, 11.2% and 3.4% on AppWorld, BFCL V3, and ToolSandbox"), or after
  a sentence-opening "On" that a comma closes, in a sentence with a number ("On MindCube, X raises ... 84.6%");
  the phrase must end there (not "on A100 GPUs", "on ImageNet classification");
- **counted apposition**: a list closed by a count and a plural head ("Across MobileWorld, AndroidWorld, and
  OSWorld, three mainstream GUI benchmarks").

Short forms of a lower-case long form are concepts or tasks, not data ("general face recognition (GFR)"), and
devices and code hosts are not data ("On A100, ...", "models on HF"): the last two do not take them.

Names of known methods, model variants ("Qwen3-8B") and generic acronyms are never taken.

>>> import re
>>> VERSION.match("v1.5") is not None, VERSION.match("2.0") is not None, VERSION.match("2026") is None
(True, True, True)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from spacy.tokens import Doc, Span

from extractors.abbreviations import long_forms
from extractors.cues import Cues
from extractors.dataset_coined import COUNTS, compound_end, is_coined, model_variant, plural_head
from extractors.names import NUMBER
from extractors.spans import SPANS_KEY, SpanInfo, add_span, set_span_info, span_info

__all__ = ["VERSION", "variant_end", "evaluated_names", "counted_list", "extend_variants", "coined_test",
           "read_evaluated"]

#: A version written after a benchmark name: "v6", "V3", "v1.5", "2.0" (not a year or a plain count).
VERSION = re.compile(r"^(?:[vV]\d+(?:\.\d+)*|\d+\.\d+)$")
#: Tokens after a bare version number that make it a figure, not a version ("2.0 points").
_FIGURE_AFTER = frozenset({"%", "pp", "point", "points", "x", "×", "times", "percent", "percentage", "and", "to"})
#: The prepositions that introduce evaluation data ("on X", "across A, B and C").
_ON = frozenset({"on", "across"})
#: Tokens that end the phrase after a name.
_STOPS = frozenset({".", ";", ":", "(", ")", "?", "!"})


def variant_end(doc: Doc, end: int, variants: Collection[str]) -> int:
    """The end of a dataset name ending at *end* once its versions and variants are read: "SWE-bench" +
    "Verified", "VBench" + "-2.0", "MMLU" + "-Pro-R". *variants* are lower-case variant words."""
    i, n = end, len(doc)
    while i < n:
        glued = not doc[i - 1].whitespace_
        if glued and doc[i].text == "-" and not doc[i].whitespace_ and i + 1 < n:
            part = doc[i + 1].text
            if VERSION.match(part) or part.isdigit() or part.lower() in variants or (len(part) == 1 and part.isupper()):
                i += 2
                continue
            break
        if glued:
            break
        if VERSION.match(doc[i].text):
            after = doc[i + 1] if i + 1 < n else None
            if doc[i].text[0].isdigit() and after is not None and (after.lower_ in _FIGURE_AFTER or after.like_num):
                break
            i += 1
            continue
        if doc[i].text[:1].isupper() and doc[i].lower_ in variants:
            i += 1
            continue
        break
    return i


def extend_variants(doc: Doc, spans: list[Span], variants: Collection[str]) -> list[tuple[Span, int]]:
    """The dataset spans that a version or variant extends, with their new end."""
    out = []
    for span in spans:
        end = variant_end(doc, span.end, variants)
        if end > span.end:
            out.append((span, end))
    return out


def _item(doc: Doc, i: int, name_ok: Callable[[str], bool], variants: Collection[str]) -> tuple[int, int] | None:
    """The coined name at token *i* with its variant ("BFCL V3"), or None."""
    if i >= len(doc):
        return None
    end = compound_end(doc, i)
    if not name_ok(doc[i:end].text):
        return None
    return i, variant_end(doc, end, variants)


def _after_score(doc: Doc, i: int) -> int:
    """The index after a parenthesised score at *i* ("MMAU (78.0%)"), else *i*."""
    if i + 2 < len(doc) and doc[i].text == "(" and NUMBER.match(doc[i + 1].text):
        k = i + 3 if doc[i + 2].text == "%" else i + 2
        if k < len(doc) and doc[k].text == ")":
            return k + 1
    return i


def _list_after(doc: Doc, i: int, name_ok: Callable[[str], bool], cues: Cues,
                variants: Collection[str]) -> tuple[list[tuple[int, int]], int]:
    """The items of a list of coined names from token *i* ("A, B V3, and C") and the index after it."""
    items: list[tuple[int, int]] = []
    while i < len(doc) and len(items) < 10:
        item = _item(doc, i, name_ok, variants)
        if item is None:
            break
        items.append(item)
        j = _after_score(doc, item[1])
        while j < len(doc) and doc[j].lower_ in cues.dataset_list_separators and doc[j].text != "/":
            j += 1
        if j == _after_score(doc, item[1]) or _item(doc, j, name_ok, variants) is None:
            return items, _after_score(doc, item[1])
        i = j
    return items, (items[-1][1] if items else i)


def evaluated_names(doc: Doc, name_ok: Callable[[str], bool], cues: Cues, variants: Collection[str],
                    phrase_ends: Collection[str]) -> list[tuple[int, int]]:
    """Coined names that the text evaluates on (see the module docstring)."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        numbered = any(t.like_num or t.text == "%" for t in sent)
        for tok in sent:
            if tok.lower_ not in _ON:
                continue
            items, after = _list_after(doc, tok.i + 1, name_ok, cues, variants)
            if not items:
                continue
            if tok.i == sent.start and tok.text == "On":
                if len(items) > 1 and not (after < sent.end and doc[after].text == ",") \
                        and doc[items[-1][0] - 1].text == ",":
                    items, after = items[:-1], items[-2][1]  # "On A, B raises ...": B is the subject
                if numbered and after < sent.end and doc[after].text == ",":
                    out.extend(items)
                continue
            before = doc[max(sent.start, tok.i - 4):tok.i]
            if any(t.lower_ in cues.not_evaluated_before or t.lower_ in cues.comparative_words for t in before) \
                    or doc[tok.i - 1].lower_ in cues.dataset_heads:
                continue  # "available on GitHub", "higher accuracy on MobileNetV3X than", "the CAF dataset on AIFR"
            evaluating = any(t.lower_ in cues.evaluation_words or t.lower_ in cues.evaluated_before
                             or t.text[:1].isdigit() or t.text == "%" for t in before) \
                or any(_after_score(doc, e) > e for _, e in items)  # "on MMAU (78.0%), ..."
            ends = after >= sent.end or doc[after].text in _STOPS or doc[after].text == "," \
                or doc[after].lower_ in phrase_ends
            if evaluating and ends:
                out.extend(items)
    return out


def counted_list(doc: Doc, name_ok: Callable[[str], bool], cues: Cues,
                 variants: Collection[str]) -> list[tuple[int, int]]:
    """The items of a list that a comma, a count and a plural head close: "A, B, and C, three ... benchmarks"."""
    out: list[tuple[int, int]] = []
    for tok in doc:
        if tok.lower_ not in COUNTS or tok.i < 2 or doc[tok.i - 1].text != ",":
            continue
        head = next((t for t in doc[tok.i + 1:tok.i + 6] if t.lower_ in cues.dataset_heads), None)
        if head is None or not plural_head(head.lower_) \
                or any(not (t.is_alpha or t.text == "-") for t in doc[tok.i + 1:head.i]):
            continue
        # walk back over the list to its first item
        starts = [i for i in range(max(0, tok.i - 30), tok.i - 1)
                  if (i == 0 or doc[i - 1].lower_ in cues.dataset_list_separators or doc[i - 1].lower_ in _ON)]
        for s in starts:
            items, after = _list_after(doc, s, name_ok, cues, variants)
            if after == tok.i - 1 and len(items) == COUNTS[tok.lower_]:
                out.extend(items)
                break
    return out


def coined_test(name_like: Callable[[str], bool], generic: Collection[str], known_method: Callable[[str], object],
                model: Callable[[str], bool]) -> Callable[[str], bool]:
    """Whether a token or hyphenated compound is a coined name that may be a benchmark."""
    def ok(text: str) -> bool:
        if "-" in text:
            good = is_coined(text, name_like, generic)
        else:
            good = name_like(text)
        return good and not known_method(text) and not model(text)
    return ok


def _lower_case(long: str) -> bool:
    """Whether a defined long form is a lower-case phrase ("general face recognition"): its short form names a
    concept or a task, not a dataset ("Chinese Short Dialogue Summarization (CSDS)" is capitalised)."""
    return not any(w[:1].isupper() for w in long.split()[1:])


def read_evaluated(component, doc: Doc) -> None:
    """Extend the dataset spans of *doc* over their variants and add the evaluated names (*component*: the
    ``dataset_patterns`` component, for its name test, methods, cues and resolver)."""
    cues = component.cues
    variants = frozenset(w.lower() for w in cues.benchmark_variants)
    if SPANS_KEY not in doc.spans:
        doc.spans[SPANS_KEY] = []
    group = doc.spans[SPANS_KEY]
    longer = {(s.start, s.end, s.kb_id_): e for s, e in extend_variants(doc, doc._.kg_datasets, variants)}
    if longer:
        kept = []
        for span in group:
            end = longer.get((span.start, span.end, span.kb_id_)) if span.label_ == "DATASET" else None
            if end is None:
                kept.append(span)
                continue
            eid, name = component._resolve(doc[span.start:end].text)
            new = Span(doc, span.start, end, label="DATASET", kb_id=eid)
            old = span_info(span)
            set_span_info(new, SpanInfo(name, extractor=old.extractor if old else component.name,
                                        confidence=old.confidence if old else component.confidence))
            kept.append(new)
        doc.spans[SPANS_KEY] = kept
    ok = coined_test(component.name_like, cues.not_dataset_adjectives, component.methods.lookup,
                     lambda t: model_variant(t, cues.size_words - variants, component.methods.lookup))
    concepts = {short for short, long in long_forms(doc).items() if _lower_case(long)} | cues.device_names
    found = [(s, e) for s, e in evaluated_names(doc, ok, cues, variants, cues.evaluated_phrase_ends)
             + counted_list(doc, ok, cues, variants) if doc[s:e].text not in concepts]
    taken = {i for s in doc.spans[SPANS_KEY] for i in range(s.start, s.end)}
    for start, end in sorted(set(found)):
        if any(i in taken for i in range(start, end)):
            continue
        taken.update(range(start, end))
        eid, name = component._resolve(doc[start:end].text)
        add_span(doc, Span(doc, start, end, label="DATASET", kb_id=eid),
                 SpanInfo(name, extractor=component.name, confidence=component.confidence))
