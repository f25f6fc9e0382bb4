"""Task phrases a title writes as a clause, not as a task noun: the problem a paper studies.

Titles of recent papers often name their problem with a verb phrase or with the phrase a means
serves, not with a noun phrase headed by a task noun:

- a **study gerund** opens a part of the title ("Revising Context: *Auditing LLM-Based Stance
  Simulation in Online Discussions*", "*Benchmarking Pedagogical Safety in AI Tutoring Systems*",
  "*Rethinking RAG in Long Videos*"): the phrase up to a means' cue ("via", "with", "using", a comma)
  is a task, as the annotators write it (title verb-phrase convention);
- the phrase **before "via" / "through" / "with"** in a part of the title that opens with neither a gerund
  nor an article ("PANDO: *Efficient Multimodal AI Agents* via Online Skill Distillation"): what the means
  serves is the problem;
- the phrase **after "for"** when a gerund or an acronym heads it ("Self-Retiring Distillation for
  *Agentic Reinforcement Learning*", "... for *Long-Document RAG*"); deverbal heads are ``tasks``' own rule.

A phrase is kept only where the title's task nouns found no task (the caller drops those that overlap one:
"Efficient 3D Medical Image Segmentation via ..." is already "3D medical image segmentation"). The parts of a
title are the texts between ":", "?", "!" and a spaced dash. The cue words are lists of
``extractors/data/cues.toml`` (``title_study_gerunds``, ``title_phrase_stops``, ``title_means_preps``).

>>> import spacy
>>> from extractors.cues import load_cues
>>> nlp = spacy.blank("en")
>>> doc = nlp("Foo: Auditing Stance Simulation in Online Discussions\\nText.")
>>> [s.text for s in title_phrases(doc, 8, load_cues())]
['Auditing Stance Simulation in Online Discussions']
>>> doc = nlp("Bar: Efficient Web Agents via Skill Distillation\\nText.")
>>> [s.text for s in title_phrases(doc, 8, load_cues())]
['Efficient Web Agents']
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extractors.cues import Cues

__all__ = ["title_phrases"]

#: Tokens that end a part of the title ("Name: subtitle", "Question? Answer").
_PART_ENDS = frozenset({":", "?", "!"})
#: Dashes that end a part of the title when spaced ("Name - subtitle").
_DASHES = frozenset({"-", "--", "–", "—"})
_ARTICLES = frozenset({"a", "an", "the", "towards", "toward"})
#: Longest phrase kept, in tokens (a whole title clause, not a sentence).
_MAX_TOKENS = 14
#: Longest problem phrase before "via", in words.
_MAX_VIA_WORDS = 6


def _parts(doc: Doc, end_of_title: int) -> list[tuple[int, int]]:
    """``(start, end)`` token ranges of the title's parts."""
    parts, start = [], 0
    for tok in doc[:end_of_title]:
        spaced_dash = tok.text in _DASHES and tok.i > 0 and doc[tok.i - 1].whitespace_ and tok.whitespace_
        if tok.text in _PART_ENDS or spaced_dash:
            parts.append((start, tok.i))
            start = tok.i + 1
    parts.append((start, end_of_title))
    return [(s, e) for s, e in parts if e > s]


def _first_word(doc: Doc, start: int, end: int) -> tuple[str, int]:
    """The first word of ``doc[start:end]``, hyphenated compounds joined ("Stress-Testing"), and where it ends."""
    i = start + 1
    while i + 1 < end and doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_:
        i += 2
    return "".join(t.text for t in doc[start:i]).lower(), i


def _words(span: Span) -> int:
    return sum(1 for t in span if t.is_alpha or any(c.isalnum() for c in t.text)) - sum(
        1 for t in span if t.text == "-" and not t.whitespace_)


def _stop(doc: Doc, start: int, end: int, stops: frozenset[str]) -> int:
    """The first token of ``doc[start:end]`` in *stops*, or *end*."""
    return next((t.i for t in doc[start:end] if t.lower_ in stops), end)


def title_phrases(doc: Doc, end_of_title: int, cues: Cues) -> list[Span]:
    """The task phrases of the title ``doc[:end_of_title]`` (see the module docstring)."""
    out = []
    for start, end in _parts(doc, end_of_title):
        first, after = _first_word(doc, start, end)
        if first in cues.title_study_gerunds:
            stop = _stop(doc, after, end, cues.title_phrase_stops)
            span = doc[start:stop]
            if 2 <= _words(span) and len(span) <= _MAX_TOKENS:
                out.append(span)
            continue
        out.extend(_for_phrases(doc, start, end, cues))
        via = _stop(doc, start, end, cues.title_means_preps)
        if via == end or first.endswith("ing") or first in _ARTICLES or first in cues.title_study_gerunds:
            continue
        span = doc[start:via]
        if 2 <= _words(span) <= _MAX_VIA_WORDS \
                and not any(t.lower_ in cues.task_stop_words and t.lower_ != "and" for t in span):
            out.append(span)
    return out


def _for_phrases(doc: Doc, start: int, end: int, cues: Cues) -> list[Span]:
    """ "Self-Retiring Distillation for *Agentic Reinforcement Learning*", "... for *Long-Document RAG*": the phrase
    after "for" when a gerund or an acronym heads it (deverbal heads are the task rules' own)."""
    out = []
    for tok in doc[start:end - 1]:
        if tok.lower_ != "for":
            continue
        stop = tok.i + 1
        while stop < end and (doc[stop].text == "-" or (doc[stop].text[:1].isalnum()
                              and doc[stop].lower_ not in cues.task_stop_words
                              and doc[stop].lower_ not in cues.technique_cues)):
            stop += 1
        while stop > tok.i + 1 and doc[stop - 1].text == "-":
            stop -= 1
        span = doc[tok.i + 1:stop]
        if not 2 <= _words(span) <= 4:
            continue
        head = span[-1]
        if span[0].lower_ in cues.title_study_gerunds:
            continue  # "for Evaluating LLM Performance": the study gerund's own rule
        if (head.lower_.endswith("ing") and head.lower_ not in cues.not_title_problems) \
                or (head.is_upper and 2 <= len(head) <= 5 and head.is_alpha):
            out.append(span)
    return out
