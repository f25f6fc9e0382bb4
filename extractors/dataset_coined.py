"""Coined dataset names that the tokenizer splits, and the contexts that release or count them (used by
``dataset_patterns``).

spaCy splits a hyphenated coinage into its parts ("Replay-Attack" -> "Replay", "-", "Attack"), so a test on one
token misses most new benchmark names ("Sudoku-Extreme", "ROSE-Youtu", "Claw-Eval", "DynHiL-EQA"). A
*compound* is a run of tokens glued by hyphens; it is *coined* when the whole is name-like
(:func:`extractors.names.is_name_like`: "ROSE-Youtu", "Online-Mind2Web") or, in a context that already makes it
data, when every part starts with a capital or a digit ("Replay-Attack", "Sudoku-Extreme").

The contexts read here:

- a title that names a benchmark without an article: "SPARTA: Scalable and Principled Benchmark of ...",
  "ForMaT: Dataset for ...", "Chronicles-OCR: A Cross-Temporal Perception Benchmark for ..." (not "X: Dataset
  Distillation ...", where the head noun modifies a capitalised word);
- a count before a plural head and a list after a comma with as many items: "on two benchmarks, RWKU and ToFU";
- an indefinite or "first" noun phrase is a description, not a name: "a human-in-the-loop EQA dataset",
  "the first large-scale CBCT dataset".

>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = nlp("We score 0.9% on Replay-Attack and 1.2% on Large-Scale data.")
>>> start = [t.text for t in doc].index("Replay")
>>> doc[start:compound_end(doc, start)].text, compound_start(doc, start + 2) == start
('Replay-Attack', True)
>>> is_coined("Replay-Attack", lambda t: False), is_coined("Large-Scale", lambda t: False, generic={"Large-Scale"})
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from spacy.tokens import Doc

__all__ = ["appositive_name", "model_variant", "plural_head", "named_after", "compound_end", "compound_start", "is_coined",
           "count_before", "described", "title_benchmark"]

#: A part of a hyphenated model name that gives its size or version: "7B", "A3B", "2.5" (not "1K", "3M": data sizes).
_MODEL_PART = re.compile(r"^(?:A?\d+(?:\.\d+)?[BT]|v?\d+\.\d+)$", re.IGNORECASE)
#: Participles that give a head noun its name: "a dataset named X", "a benchmark called X".
NAMING = frozenset({"named", "called", "dubbed", "termed", "coined"})
#: Count words before a plural head noun ("two benchmarks, A and B").
COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
#: Words that make the noun phrase before a head noun a description, not a name.
DESCRIBING = frozenset({"a", "an", "first"})
#: Tokens that end the look back for such a word.
_PHRASE_STOPS = frozenset({",", ".", ";", ":", "(", ")", "the", "on", "of", "in", "and", "or", "from", "with",
                           "for", "to", "by", "at", "we", "our", "this", "its"})
#: Words that may not sit between a title's name and its head noun ("X: A Framework for the Y Benchmark").
_TITLE_BREAKS = frozenset({"for", "of", "on", "with", "via", "in", "to", "from", "by", "towards", "toward", ":", "?"})


def _glued(doc: Doc, i: int) -> bool:
    """Whether tokens *i* - 1 and *i* are one hyphenated word ("Replay" "-" or "-" "Attack")."""
    return 0 < i < len(doc) and not doc[i - 1].whitespace_ and "-" in (doc[i - 1].text, doc[i].text)


def compound_end(doc: Doc, start: int) -> int:
    """The end of the hyphenated compound that starts at token *start* (*start* + 1 for a plain token)."""
    end = start + 1
    while end < len(doc) and _glued(doc, end) and (doc[end].text != "-" or _glued(doc, end + 1)):
        end += 1
    return end


def compound_start(doc: Doc, last: int) -> int:
    """The start of the hyphenated compound whose last token is *last*."""
    start = last
    while start > 0 and _glued(doc, start) and (doc[start - 1].text != "-" or _glued(doc, start - 1)):
        start -= 1
    return start


def is_coined(text: str, name_like: Callable[[str], bool], generic: Collection[str] = ()) -> bool:
    """A name-like compound, or hyphenated parts that all start with a capital or a digit ("Replay-Attack"), and
    none of the *generic* words ("Real-World")."""
    if text in generic:
        return False
    if name_like(text):
        return True
    parts = text.split("-")
    return len(parts) >= 2 and all(p[:1].isupper() or p[:1].isdigit() for p in parts)


def model_variant(text: str, size_words: Collection[str], known: Callable[[str], object]) -> bool:
    """Whether a hyphenated compound names a model, not data: a size, version or variant part ("Qwen2.5-7B-Instruct",
    "Gemini-2.5-Pro", "Mistral-7B") or a known method before a hyphen ("Llama-3-8B" after "Llama")."""
    parts = text.split("-")
    if any(_MODEL_PART.match(p) or p.lower() in size_words for p in parts[1:]):
        return True
    return any(known("-".join(parts[:k])) for k in range(1, len(parts)))


def plural_head(word: str) -> bool:
    """Whether a (lower-case) head noun is plural: "datasets", "corpora", but not "corpus"."""
    return (word.endswith("s") and not word.endswith("us")) or word == "corpora"


def named_after(doc: Doc, i: int, name_like: Callable[[str], bool],
                coined: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """The name after a naming participle at token *i* (right after a head noun): "a dataset named ZorkQA, which"."""
    if i >= len(doc) or doc[i].lower_ not in NAMING:
        return []
    start = i + 2 if i + 1 < len(doc) and doc[i + 1].lower_ == "as" else i + 1
    if start >= len(doc):
        return []
    end = compound_end(doc, start)
    if not (name_like(doc[start].text) if end == start + 1 else coined(doc[start:end].text)):
        return []
    if end < len(doc) and (doc[end].is_title or name_like(doc[end].text)):
        return []  # part of a longer name
    return [(start, end, doc[start:end].text)]


def count_before(doc: Doc, head: int) -> int | None:
    """The count a plural head noun is given a few words before it ("two challenging benchmarks"), or None."""
    for i in range(head - 1, max(-1, head - 8), -1):
        if doc[i].lower_ in COUNTS:
            return COUNTS[doc[i].lower_]
        if doc[i].text.isdigit() and 1 < int(doc[i].text) < 11:
            return int(doc[i].text)
        if not doc[i].is_alpha and doc[i].text != "-":
            return None
    return None


def described(doc: Doc, start: int) -> bool:
    """Whether the noun phrase before a name at *start* opens with "a", "an" or "first": "a human-in-the-loop EQA
    dataset", "the first large-scale CBCT dataset"."""
    for i in range(start - 1, max(-1, start - 13), -1):
        word = doc[i].lower_
        if _glued(doc, i) or _glued(doc, i + 1):
            continue  # inside a compound: "human-in-the-loop"
        if word in DESCRIBING:
            return True
        if word in _PHRASE_STOPS:
            return False
    return False


def title_benchmark(doc: Doc, title_end: int, heads: Collection[str], name_like: Callable[[str], bool],
                    generic: Collection[str] = ()) -> tuple[int, int] | None:
    """The coined name a title gives a benchmark before a colon or dash, with or without an article: "SPARTA:
    Scalable and Principled Benchmark of ...", "ForMaT: Dataset for ...". None when the title is no such title."""
    end = compound_end(doc, 0)
    if end >= title_end or doc[end].text not in {":", "--", "—", "–"} or not is_coined(doc[:end].text, name_like, generic):
        return None
    if end == 1 and not name_like(doc[0].text):
        return None
    i = end + 1
    if i < title_end and doc[i].lower_ in {"a", "an", "the"}:
        i += 1
    for h in range(i, min(title_end, i + 6)):
        if doc[h].lower_ in _TITLE_BREAKS:
            return None
        if doc[h].lower_ in heads and doc[h].text[:1].isupper():
            after = doc[h + 1] if h + 1 < title_end else None
            if after is None or not after.text[:1].isupper() or after.lower_ in heads:
                return 0, end
            return None
    return None


def appositive_name(doc: Doc, last: int, name_like: Callable[[str], bool], coined: Callable[[str], bool],
                    not_start: Collection[str]) -> list[tuple[int, int, str]]:
    """The name before "[,:] a ... <head>" ending at *last*: a compound ("DynHiL-EQA"), with the capitalised words
    before it ("CASIA FaceSwapping"), or the short form in parentheses ("Emotional Scenarios (EmoScene)")."""
    if doc[last].text == ")" and last >= 2 and doc[last - 2].text == "(":
        last -= 1
    start = compound_start(doc, last)
    if not (name_like(doc[last].text) if start == last else coined(doc[start:last + 1].text)):
        return []
    while start > 0 and last - start < 4 and not doc[start - 1].is_sent_start and doc[start - 1].whitespace_ \
            and (name_like(doc[start - 1].text) or doc[start - 1].is_title) and doc[start - 1].text not in not_start:
        start -= 1
    return [(start, last + 1, doc[start:last + 1].text)]
